package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import dev.resilience.internal.compress.ZstdCodec;
import dev.resilience.internal.crypto.BlobCipher;
import dev.resilience.internal.crypto.KeyedHash;

/**
 * Turns a plaintext chunk into a stored blob and back: keyed id, optional zstd, AES-256-GCM with the
 * blob's type, compression flag and id as associated data. Reading authenticates the ciphertext and
 * re-checks the keyed hash of the plaintext against the id, so a blob can never be served as another.
 * Thread-safe.
 */
public final class BlobCodec {
  private final KeyedHash ids;
  private final ZstdCodec zstd;
  private final BlobCipher cipher;

  public BlobCodec(KeyedHash ids, ZstdCodec zstd, BlobCipher cipher) {
    this.ids = ids;
    this.zstd = zstd;
    this.cipher = cipher;
  }

  /** Per-thread scratch for {@link #prepare}: the compressed form of the last chunk prepared. */
  private final ThreadLocal<byte[][]> compressed = ThreadLocal.withInitial(() -> new byte[][] {new byte[0]});

  /**
   * A blob ready to be appended to a pack: the first {@code length} bytes of {@code sealed}.
   */
  public record SealedBlob(BlobType type, BlobId id, byte[] sealed, int length, int rawLength, boolean compressed) {
    public SealedBlob(BlobType type, BlobId id, byte[] sealed, int rawLength, boolean compressed) {
      this(type, id, sealed, sealed.length, rawLength, compressed);
    }
  }

  public BlobCipher cipher() {
    return cipher;
  }

  public BlobId id(byte[] data, int off, int len) {
    return BlobId.of(ids.hash(data, off, len));
  }

  /** Compresses (if worthwhile) and encrypts a chunk whose id is already known. */
  public SealedBlob seal(BlobType type, BlobId id, byte[] data, int off, int len) {
    byte[] compressed = zstd.compressIfWorthwhile(data, off, len);
    boolean c = compressed != null;
    byte[] aad = PackEntry.aad(type, c, id);
    byte[] sealed = c ? cipher.seal(aad, compressed, 0, compressed.length) : cipher.seal(aad, data, off, len);
    return new SealedBlob(type, id, sealed, len, c);
  }

  /**
   * A chunk compressed (if that pays) and ready to be encrypted by {@link #sealInto}: its plaintext is
   * {@code src[off..off+length)}, either the chunk itself or this thread's compression scratch, so it is
   * valid only until this thread prepares another chunk.
   */
  record Prepared(BlobType type, BlobId id, byte[] src, int off, int length, boolean compressed) {
    /** The length of the sealed blob. */
    int sealedLength() {
      return length + BlobCipher.OVERHEAD;
    }
  }

  /** Compresses a chunk whose id is known into this thread's scratch, if that pays; see {@link Prepared}. */
  Prepared prepare(BlobType type, BlobId id, byte[] data, int off, int len) {
    byte[][] scratch = compressed.get();
    int bound = ZstdCodec.maxCompressedLength(len);
    if (scratch[0].length < bound) {
      // Grown in large steps: growing to each new largest chunk's bound allocated 39 MB of arrays in a
      // 1 GiB backup, most of it promoted before it died.
      scratch[0] = new byte[Math.max(bound, 2 * scratch[0].length)]; // at most twice the largest bound
    }
    int n = zstd.compressInto(data, off, len, scratch[0]);
    return n >= 0 ? new Prepared(type, id, scratch[0], 0, n, true) : new Prepared(type, id, data, off, len, false);
  }

  /** Encrypts a prepared chunk into {@code out} at {@code outOff} ({@link Prepared#sealedLength} bytes). */
  void sealInto(Prepared p, byte[] out, int outOff) {
    cipher.sealInto(PackEntry.aad(p.type(), p.compressed(), p.id()), p.src(), p.off(), p.length(), out, outOff);
  }

  public SealedBlob seal(BlobType type, byte[] data, int off, int len) {
    return seal(type, id(data, off, len), data, off, len);
  }

  /**
   * Like {@link #open(PackEntry, byte[], int, String)}, but decrypts and decompresses into arrays from
   * {@code pool}: returns an array whose first {@code e.rawLength()} bytes are the blob (it may be longer);
   * the caller gives it back to the pool when done.
   *
   * <p>With {@code checkId} false the keyed hash of the plaintext is not recomputed. Authentication alone
   * already ties the blob to its id (the id is in the associated data), so no blob can be served as another;
   * the keyed hash also catches a blob that a holder of the key wrote under a wrong id, which a caller
   * may leave to a check of its own (a restored file's recorded SHA-256 catches it for the whole file).
   */
  byte[] openPooled(PackEntry e, byte[] src, int off, String where, BufferPool pool, boolean checkId) {
    String what = where + ": blob " + e.id().hex().substring(0, 16);
    int n = e.length() - BlobCipher.OVERHEAD;
    if (n < 0) {
      throw new IntegrityException(what + ": too short to be an encrypted object (" + e.length() + " bytes)");
    }
    byte[] plain = pool.take(n);
    byte[] raw = plain;
    try {
      cipher.openInto(e.aad(), src, off, e.length(), plain, 0, what);
      if (e.compressed()) {
        raw = pool.take(e.rawLength());
        zstd.decompressInto(plain, 0, n, raw, 0, e.rawLength(), what);
        pool.give(plain);
        plain = null;
      } else if (n != e.rawLength()) {
        throw new IntegrityException(what + ": has " + n + " bytes, expected " + e.rawLength());
      }
      if (checkId && !BlobId.of(ids.hash(raw, 0, e.rawLength())).equals(e.id())) {
        throw new IntegrityException(what + ": content does not match its id");
      }
      return raw;
    } catch (RuntimeException ex) {
      pool.give(plain);
      if (raw != plain) {
        pool.give(raw);
      }
      throw ex;
    }
  }

  /**
   * Authenticates, decrypts, decompresses and id-checks a blob stored at {@code src[off..off+length)}.
   * Throws {@link IntegrityException} naming {@code where} on any mismatch.
   */
  public byte[] open(PackEntry e, byte[] src, int off, String where) {
    return openPooled(e, src, off, where, BufferPool.EXACT, true); // exact arrays: rawLength bytes long
  }
}
