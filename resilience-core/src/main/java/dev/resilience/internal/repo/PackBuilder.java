package dev.resilience.internal.repo;

import dev.resilience.internal.crypto.BlobCipher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assembles one pack: {@code blob1 ‖ … ‖ blobN ‖ sealed table of contents ‖ TOC length (4 bytes)}.
 * Blobs are appended already sealed; {@link #finish} seals the table of contents so the pack describes
 * itself and the index can be rebuilt from packs alone. Not thread-safe.
 */
public final class PackBuilder {
  private final PackRef ref;
  private byte[] buf;
  private int size;
  private final List<PackEntry> entries = new ArrayList<>();
  private long rawBytes;

  public PackBuilder(PackRef ref, int initialCapacity) {
    this(ref, new byte[Math.max(initialCapacity, 1024)]);
  }

  /** Builds the pack in {@code buffer} (grown by copying if it turns out too small). */
  public PackBuilder(PackRef ref, byte[] buffer) {
    this.ref = ref;
    this.buf = buffer;
  }

  /** The array the pack is built in (after {@link #finishInPlace}, its first bytes are the pack). */
  public byte[] buffer() {
    return buf;
  }

  public PackRef ref() {
    return ref;
  }

  /** Bytes of sealed blobs so far. */
  public int size() {
    return size;
  }

  public int count() {
    return entries.size();
  }

  public long rawBytes() {
    return rawBytes;
  }

  public List<PackEntry> entries() {
    return List.copyOf(entries);
  }

  /** Appends a sealed blob; returns where it landed. */
  public PackEntry add(BlobType type, BlobId id, byte[] sealed, int off, int len, int rawLength, boolean compressed) {
    PackEntry e = reserve(type, id, len, rawLength, compressed);
    System.arraycopy(sealed, off, buf, (int) e.offset(), len);
    return e;
  }

  /**
   * Makes room for a sealed blob of {@code len} bytes that the caller writes into {@link #buffer()} at the
   * returned entry's offset. The buffer grows (to a new array) only if the blob does not fit; a caller
   * writing into reserved room from other threads must make sure it fits first.
   */
  public PackEntry reserve(BlobType type, BlobId id, int len, int rawLength, boolean compressed) {
    if (type != ref.type()) {
      throw new IllegalArgumentException(type + " blob cannot go into a " + ref.type() + " pack");
    }
    ensure(size + len);
    PackEntry e = new PackEntry(type, id, size, len, rawLength, compressed);
    entries.add(e);
    size += len;
    rawBytes += rawLength;
    return e;
  }

  /** Whether {@code len} more bytes fit in the current buffer without growing it. */
  public boolean fits(int len) {
    return size + len <= buf.length;
  }

  /** The complete pack bytes, with the sealed table of contents appended, as a new array. */
  public byte[] finish(BlobCipher cipher) {
    int length = finishInPlace(cipher); // may grow buf: read the field afterwards
    return Arrays.copyOf(buf, length);
  }

  /**
   * Appends the sealed table of contents and its length to the blobs in {@link #buffer()} and returns
   * the length of the complete pack. Call once; nothing may be added afterwards.
   */
  public int finishInPlace(BlobCipher cipher) {
    byte[] sealedToc = PackFormat.sealToc(cipher, ref, entries);
    int n = sealedToc.length;
    ensure(size + n + 4);
    System.arraycopy(sealedToc, 0, buf, size, n);
    int p = size + n;
    buf[p] = (byte) (n >>> 24);
    buf[p + 1] = (byte) (n >>> 16);
    buf[p + 2] = (byte) (n >>> 8);
    buf[p + 3] = (byte) n;
    return p + 4;
  }

  private void ensure(int capacity) {
    if (capacity > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(capacity, buf.length + (buf.length >> 1)));
    }
  }
}
