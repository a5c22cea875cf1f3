package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import dev.resilience.internal.crypto.BlobCipher;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoding of a pack's table of contents. Plaintext: {@code version(1) ‖ count(4) ‖ count × (type(1) ‖
 * compressed(1) ‖ id(32) ‖ length(4) ‖ rawLength(4))}; blob offsets follow from the lengths. The TOC is
 * sealed with AES-256-GCM, bound to the pack's name, and followed by its sealed length (4 bytes,
 * big-endian) at the very end of the pack.
 */
public final class PackFormat {
  static final int VERSION = 1;
  static final int ENTRY_SIZE = 1 + 1 + 32 + 4 + 4;

  private PackFormat() {}

  static byte[] tocAad(PackRef ref) {
    return ("resilience/pack-toc/v1:" + ref.key()).getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] encodeToc(List<PackEntry> entries) {
    ByteBuffer bb = ByteBuffer.allocate(5 + entries.size() * ENTRY_SIZE);
    bb.put((byte) VERSION).putInt(entries.size());
    for (PackEntry e : entries) {
      bb.put((byte) e.type().code()).put((byte) (e.compressed() ? 1 : 0));
      e.id().write(bb);
      bb.putInt(e.length()).putInt(e.rawLength());
    }
    return bb.array();
  }

  public static List<PackEntry> decodeToc(byte[] toc, String what) {
    try {
      ByteBuffer bb = ByteBuffer.wrap(toc);
      int version = bb.get();
      if (version != VERSION) {
        throw new IntegrityException(what + ": unknown table-of-contents version " + version);
      }
      int n = bb.getInt();
      if (n < 0 || (long) n * ENTRY_SIZE != bb.remaining()) {
        throw new IntegrityException(what + ": table of contents is malformed");
      }
      List<PackEntry> out = new ArrayList<>(n);
      long offset = 0;
      for (int i = 0; i < n; i++) {
        BlobType type = BlobType.ofCode(bb.get());
        boolean compressed = bb.get() != 0;
        BlobId id = BlobId.read(bb);
        int length = bb.getInt();
        int raw = bb.getInt();
        out.add(new PackEntry(type, id, offset, length, raw, compressed));
        offset += length;
      }
      return out;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new IntegrityException(what + ": table of contents is malformed");
    }
  }

  static byte[] sealToc(BlobCipher cipher, PackRef ref, List<PackEntry> entries) {
    byte[] plain = encodeToc(entries);
    return cipher.seal(tocAad(ref), plain, 0, plain.length);
  }

  /** Length of the sealed TOC, from the last four bytes of a pack. */
  public static int tocLength(byte[] tail4, int off) {
    return ((tail4[off] & 0xff) << 24) | ((tail4[off + 1] & 0xff) << 16) | ((tail4[off + 2] & 0xff) << 8) | (tail4[off + 3] & 0xff);
  }

  /** Reads and authenticates the TOC of a whole pack held in memory. */
  public static List<PackEntry> readToc(BlobCipher cipher, PackRef ref, byte[] pack) {
    return readToc(cipher, ref, pack, pack.length);
  }

  /** Like {@link #readToc(BlobCipher, PackRef, byte[])} for a pack held in the first {@code length} bytes. */
  public static List<PackEntry> readToc(BlobCipher cipher, PackRef ref, byte[] pack, int length) {
    String what = ref.key();
    if (length < 4) {
      throw new IntegrityException(what + ": too short to be a pack");
    }
    int tocLen = tocLength(pack, length - 4);
    long start = (long) length - 4 - tocLen;
    if (tocLen < BlobCipher.OVERHEAD || start < 0) {
      throw new IntegrityException(what + ": table-of-contents length " + tocLen + " does not fit the pack");
    }
    byte[] toc = cipher.open(tocAad(ref), pack, (int) start, tocLen, what + " table of contents");
    List<PackEntry> entries = decodeToc(toc, what);
    long end = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).offset() + entries.get(entries.size() - 1).length();
    if (end != start) {
      throw new IntegrityException(what + ": blobs end at " + end + " but the table of contents starts at " + start);
    }
    return entries;
  }
}
