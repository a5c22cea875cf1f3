package dev.resilience.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A dumb blob store under a repository: in-memory, a local filesystem, S3. Keys are {@code /}-separated
 * strings of printable ASCII without {@code ..} segments.
 *
 * <p><b>Contract</b> (checked by {@code ObjectStoreContract} in core's test-jar, which every
 * implementation's test extends):
 *
 * <ul>
 *   <li>Implementations are thread-safe; many writers may put different keys concurrently.
 *   <li>{@link #put} is atomic: a reader sees either the old object, or the whole new one, never a
 *       partial write. A crash during {@code put} leaves no object or the previous object.
 *   <li>{@link #putIfAbsent} writes only if the key does not exist and reports whether it wrote; when
 *       {@link StoreFeature#ATOMIC_PUT_IF_ABSENT} is present, exactly one of several concurrent callers
 *       wins.
 *   <li>{@link #get} of a missing key throws {@link dev.resilience.NotFoundException} naming the key.
 *   <li>{@link #list} returns every object whose key starts with the prefix, sorted by key.
 *   <li>{@link #delete} of a missing key is a no-op; deleting an object under WORM retention throws
 *       {@link dev.resilience.PolicyViolationException}.
 *   <li>Transient failures throw {@link dev.resilience.StoreUnavailableException} (retryable).
 * </ul>
 */
public interface ObjectStore extends AutoCloseable {

  /** A human-readable location for messages, never containing credentials (e.g. {@code s3://bucket/prefix}). */
  String describe();

  /** Optional abilities this store has. */
  default Set<StoreFeature> features() {
    return Set.of();
  }

  /** Writes (or replaces) the object atomically. */
  void put(String key, byte[] data, PutOptions options);

  /**
   * Writes (or replaces) the object with {@code length} bytes of {@code data} starting at {@code offset}.
   * The default copies the range and calls {@link #put(String, byte[], PutOptions)}; stores that can write
   * a range directly override it to spare the copy.
   */
  default void put(String key, byte[] data, int offset, int length, PutOptions options) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    put(key, offset == 0 && length == data.length ? data : java.util.Arrays.copyOfRange(data, offset, offset + length), options);
  }

  /** Writes (or replaces) the object in the hot tier with no retention. */
  default void put(String key, byte[] data) {
    put(key, data, PutOptions.DEFAULT);
  }

  /** Writes the object only if no object has the key. Returns {@code true} if this call wrote it. */
  boolean putIfAbsent(String key, byte[] data, PutOptions options);

  /** The whole object. Throws {@link dev.resilience.NotFoundException} if absent. */
  byte[] get(String key);

  /**
   * {@code length} bytes starting at {@code offset}. Throws {@link dev.resilience.NotFoundException} if the
   * object is absent and {@link IllegalArgumentException} if the range lies outside the object.
   */
  byte[] get(String key, long offset, int length);

  /**
   * Reads {@code length} bytes starting at {@code offset} into {@code dst} at {@code dstOffset}, with the
   * same errors as {@link #get(String, long, int)}. The default calls that method and copies; stores that
   * can read into the caller's array override it, so large reads need no new arrays.
   */
  default void read(String key, long offset, byte[] dst, int dstOffset, int length) {
    java.util.Objects.checkFromIndexSize(dstOffset, length, dst.length);
    byte[] b = get(key, offset, length);
    System.arraycopy(b, 0, dst, dstOffset, length);
  }

  /**
   * A handle for many ranged reads of one object, such as a pack read blob by blob during a restore: reads
   * have the same meaning and errors as {@link #read(String, long, byte[], int, int)}. The default reads
   * through that method each time; stores that pay to open an object (a file) override it and open once.
   * A handle may keep reading the object as it was when first read; close it when done.
   */
  default RangeReader openRangeReader(String key) {
    return new RangeReader() {
      @Override
      public void read(long offset, byte[] dst, int dstOffset, int length) {
        ObjectStore.this.read(key, offset, dst, dstOffset, length);
      }

      @Override
      public void close() {}
    };
  }

  /** See {@link #openRangeReader(String)}. */
  interface RangeReader extends AutoCloseable {
    void read(long offset, byte[] dst, int dstOffset, int length);

    @Override
    void close();
  }

  /** Metadata of the object, or empty if absent. */
  Optional<ObjectInfo> stat(String key);

  /** Every object whose key starts with {@code prefix}, sorted by key. */
  List<ObjectInfo> list(String prefix);

  /** Deletes the object; a missing key is a no-op. */
  void delete(String key);

  /**
   * Moves an object to another storage tier. Stores without {@link StoreFeature#STORAGE_TIERS} may model
   * tiers as separate areas or ignore the request; the default rewrites nothing and does nothing.
   */
  default void changeTier(String key, StorageTier tier) {}

  /**
   * Extends the WORM retention of an object. Retention can only be extended, never shortened: an
   * earlier instant than the current one throws {@link dev.resilience.PolicyViolationException}.
   * The default throws {@link UnsupportedOperationException}.
   */
  default void extendRetention(String key, Instant retainUntil) {
    throw new UnsupportedOperationException(describe() + " does not support object retention");
  }

  @Override
  default void close() {}
}
