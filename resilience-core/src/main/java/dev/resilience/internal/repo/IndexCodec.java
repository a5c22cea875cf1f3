package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of an index file (before sealing): which blobs live where. {@code version(1) ‖
 * supersededCount(4) ‖ ids(32 each) ‖ packCount(4) ‖ packs}, each pack {@code type(1) ‖ id(32) ‖
 * length(8) ‖ count(4) ‖ entries}, each entry {@code type(1) ‖ compressed(1) ‖ id(32) ‖ offset(8) ‖
 * length(4) ‖ rawLength(4)}.
 */
public final class IndexCodec {
  static final int VERSION = 1;
  private static final int ENTRY = 1 + 1 + 32 + 8 + 4 + 4;

  private IndexCodec() {}

  /** One pack as listed in an index. */
  public record PackRecord(PackRef ref, long length, List<PackEntry> entries) {
    public PackRecord {
      entries = List.copyOf(entries);
    }
  }

  /** A decoded index file: the index files it replaces and the packs it lists. */
  public record IndexFile(List<String> supersedes, List<PackRecord> packs) {
    public IndexFile {
      supersedes = List.copyOf(supersedes);
      packs = List.copyOf(packs);
    }
  }

  public static byte[] encode(IndexFile index) {
    long size = 1 + 4 + 32L * index.supersedes().size() + 4;
    for (PackRecord p : index.packs()) {
      size += 1 + 32 + 8 + 4 + (long) ENTRY * p.entries().size();
    }
    if (size > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("index too large for one file");
    }
    ByteBuffer bb = ByteBuffer.allocate((int) size);
    bb.put((byte) VERSION).putInt(index.supersedes().size());
    for (String s : index.supersedes()) {
      bb.put(java.util.HexFormat.of().parseHex(s));
    }
    bb.putInt(index.packs().size());
    for (PackRecord p : index.packs()) {
      bb.put((byte) p.ref().type().code()).put(java.util.HexFormat.of().parseHex(p.ref().id()));
      bb.putLong(p.length()).putInt(p.entries().size());
      for (PackEntry e : p.entries()) {
        bb.put((byte) e.type().code()).put((byte) (e.compressed() ? 1 : 0));
        e.id().write(bb);
        bb.putLong(e.offset()).putInt(e.length()).putInt(e.rawLength());
      }
    }
    return bb.array();
  }

  public static IndexFile decode(byte[] data, String what) {
    try {
      ByteBuffer bb = ByteBuffer.wrap(data);
      int version = bb.get();
      if (version != VERSION) {
        throw new IntegrityException(what + ": unknown index version " + version);
      }
      int ns = bb.getInt();
      checkCount(ns, 32, bb, what);
      List<String> sup = new ArrayList<>(ns);
      for (int i = 0; i < ns; i++) {
        byte[] id = new byte[32];
        bb.get(id);
        sup.add(java.util.HexFormat.of().formatHex(id));
      }
      int np = bb.getInt();
      checkCount(np, 45, bb, what);
      List<PackRecord> packs = new ArrayList<>(np);
      for (int i = 0; i < np; i++) {
        BlobType pt = BlobType.ofCode(bb.get());
        byte[] pid = new byte[32];
        bb.get(pid);
        long length = bb.getLong();
        int ne = bb.getInt();
        checkCount(ne, ENTRY, bb, what);
        List<PackEntry> entries = new ArrayList<>(ne);
        for (int j = 0; j < ne; j++) {
          BlobType t = BlobType.ofCode(bb.get());
          boolean c = bb.get() != 0;
          BlobId id = BlobId.read(bb);
          entries.add(new PackEntry(t, id, bb.getLong(), bb.getInt(), bb.getInt(), c));
        }
        packs.add(new PackRecord(new PackRef(pt, java.util.HexFormat.of().formatHex(pid)), length, entries));
      }
      if (bb.hasRemaining()) {
        throw new IntegrityException(what + ": trailing bytes after the index");
      }
      return new IndexFile(sup, packs);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new IntegrityException(what + ": index is malformed");
    }
  }

  private static void checkCount(int n, int unit, ByteBuffer bb, String what) {
    if (n < 0 || (long) n * unit > bb.remaining()) {
      throw new IntegrityException(what + ": index is malformed");
    }
  }
}
