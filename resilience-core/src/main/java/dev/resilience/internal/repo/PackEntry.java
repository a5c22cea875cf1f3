package dev.resilience.internal.repo;

import java.util.Objects;

/**
 * Where one encrypted blob sits in a pack.
 *
 * @param offset byte offset of the sealed blob in the pack
 * @param length sealed length (nonce, ciphertext, tag)
 * @param rawLength plaintext length before compression
 * @param compressed whether the plaintext was zstd-compressed before encryption
 */
public record PackEntry(BlobType type, BlobId id, long offset, int length, int rawLength, boolean compressed) {
  public PackEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    if (offset < 0 || length < 0 || rawLength < 0) {
      throw new IllegalArgumentException("negative offset or length");
    }
  }

  /** Associated data bound into the blob's authentication tag: type, compression flag and id. */
  public byte[] aad() {
    return aad(type, compressed, id);
  }

  public static byte[] aad(BlobType type, boolean compressed, BlobId id) {
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(34);
    bb.put((byte) type.code()).put((byte) (compressed ? 1 : 0));
    id.write(bb);
    return bb.array();
  }
}
