package dev.resilience.internal.repo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.resilience.IntegrityException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A snapshot's entry list, serialized (sorted by path) and then cut into tree blobs by the content-defined
 * chunker, so that large trees stream into meta packs and unchanged stretches of a tree deduplicate between
 * snapshots.
 *
 * <p>Trees are written in a binary format, {@link #MAGIC} then one record per entry:
 * <pre>
 *   flags    1 byte: bits 0-1 type (0 file, 1 directory, 2 symlink), 2 modified, 3 mode, 4 link target,
 *            5 digest as 32 bytes, 6 digest as text, 7 attributes
 *   path     varint length, UTF-8
 *   size     zigzag varint
 *   modified zigzag varint epoch second, varint nanosecond      (if flagged)
 *   mode     zigzag varint                                      (if flagged)
 *   link     varint length, UTF-8                               (if flagged)
 *   digest   32 bytes (a lower-case hex SHA-256), or varint length, UTF-8 (if flagged)
 *   attrs    varint count, then per key (sorted): varint length, UTF-8; varint length + 1 (0: null), UTF-8
 *   chunks   varint count, 32 bytes each                        (files only)
 * </pre>
 * Reading it is a few hundred bytecodes over a byte array. The JSON lines written before (an object per
 * entry with the fields p, t, s, m, o, l, d, a, c; still read: the trees of existing snapshots) took
 * Jackson's parser and 128 hex digits per file to decode, ~100 ms of cold code in every backup and restore
 * of a 19,000-file tree. The first byte tells the formats apart: a JSON line starts with '{'.
 */
final class Trees {
  /** Start of a binary tree: a zero byte (never the start of a JSON line), "RT", the format version. */
  static final byte[] MAGIC = {0, 'R', 'T', 1};

  private static final int MODIFIED = 1 << 2;
  private static final int MODE = 1 << 3;
  private static final int LINK = 1 << 4;
  private static final int DIGEST_BYTES = 1 << 5;
  private static final int DIGEST_TEXT = 1 << 6;
  private static final int ATTRIBUTES = 1 << 7;
  private static final EntryType[] TYPES = {EntryType.FILE, EntryType.DIRECTORY, EntryType.SYMLINK};
  private static final HexFormat HEX = HexFormat.of();

  private Trees() {}

  static byte[] serialize(List<TreeEntry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, entries.size() * 100));
    serialize(entries, out);
    return out.toByteArray();
  }

  /**
   * Writes the serialized tree to {@code out} (and closes it), so a large tree streams into the chunker
   * instead of being built in memory first (several megabytes, twice, at the end of a backup, when its
   * heap is fullest). An empty tree is empty: no magic.
   */
  static void serialize(List<TreeEntry> entries, OutputStream out) {
    try (Writer w = new Writer(out)) {
      if (!entries.isEmpty()) {
        w.bytes(MAGIC, 0, MAGIC.length);
      }
      for (TreeEntry t : entries) {
        write(w, t);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise tree", e);
    }
  }

  private static void write(Writer w, TreeEntry t) throws IOException {
    Entry e = t.entry();
    String digest = e.digest();
    boolean rawDigest = digest != null && isLowerHex64(digest);
    int flags = switch (e.type()) {
      case FILE -> 0;
      case DIRECTORY -> 1;
      case SYMLINK -> 2;
    };
    flags |= (e.modified() != null ? MODIFIED : 0) | (e.mode() != null ? MODE : 0) | (e.linkTarget() != null ? LINK : 0)
        | (digest == null ? 0 : rawDigest ? DIGEST_BYTES : DIGEST_TEXT) | (e.attributes().isEmpty() ? 0 : ATTRIBUTES);
    w.ensure(1);
    w.buf[w.pos++] = (byte) flags;
    w.string(e.path());
    w.varint(zigzag(e.size()));
    if (e.modified() != null) {
      w.varint(zigzag(e.modified().getEpochSecond()));
      w.varint(e.modified().getNano());
    }
    if (e.mode() != null) {
      w.varint(zigzag(e.mode()));
    }
    if (e.linkTarget() != null) {
      w.string(e.linkTarget());
    }
    if (rawDigest) {
      byte[] d = HEX.parseHex(digest);
      w.bytes(d, 0, d.length);
    } else if (digest != null) {
      w.string(digest);
    }
    if (!e.attributes().isEmpty()) {
      w.varint(e.attributes().size());
      for (Map.Entry<String, String> a : e.attributes().entrySet()) { // sorted: Entry keeps a TreeMap
        w.string(a.getKey());
        if (a.getValue() == null) {
          w.varint(0);
        } else {
          byte[] v = a.getValue().getBytes(StandardCharsets.UTF_8);
          w.varint(v.length + 1L);
          w.bytes(v, 0, v.length);
        }
      }
    }
    if (e.type() == EntryType.FILE) {
      w.varint(t.chunks().size());
      for (BlobId id : t.chunks()) {
        w.ensure(32);
        putLong(w.buf, w.pos, id.a());
        putLong(w.buf, w.pos + 8, id.b());
        putLong(w.buf, w.pos + 16, id.c());
        putLong(w.buf, w.pos + 24, id.d());
        w.pos += 32;
      }
    }
  }

  private static boolean isLowerHex64(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  /** A buffered writer of the record fields; flushes to the stream in 64 KiB pieces. */
  private static final class Writer implements AutoCloseable {
    final OutputStream out;
    final byte[] buf = new byte[64 * 1024];
    int pos;

    Writer(OutputStream out) {
      this.out = out;
    }

    /** Room for {@code n} (at most the buffer's size) more bytes. */
    void ensure(int n) throws IOException {
      if (pos + n > buf.length) {
        flush();
      }
    }

    void flush() throws IOException {
      if (pos > 0) {
        out.write(buf, 0, pos);
        pos = 0;
      }
    }

    void varint(long v) throws IOException {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    void string(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int off, int len) throws IOException {
      if (len > buf.length - pos) {
        flush();
        if (len > buf.length) {
          out.write(b, off, len);
          return;
        }
      }
      System.arraycopy(b, off, buf, pos, len);
      pos += len;
    }

    @Override
    public void close() throws IOException {
      try {
        flush();
      } finally {
        out.close();
      }
    }
  }

  static List<TreeEntry> parse(Json json, byte[] data, String what) {
    List<TreeEntry> out = new ArrayList<>();
    forEach(json, data, what, out::add);
    return out;
  }

  /**
   * Hands each entry to {@code each} as it is parsed, so a caller that looks at one entry at a time (a
   * check) never holds the whole list; entries before a malformed one have been handed over when it throws.
   * Reads both formats; {@code json} is used (and its mapper built) only for a tree of JSON lines.
   */
  static void forEach(Json json, byte[] data, String what, Consumer<TreeEntry> each) {
    if (data.length > 0 && data[0] == MAGIC[0]) {
      forEachBinary(data, what, each);
    } else {
      forEachJson(json, data, what, each);
    }
  }

  private static void forEachBinary(byte[] data, String what, Consumer<TreeEntry> each) {
    if (data.length < MAGIC.length || data[1] != MAGIC[1] || data[2] != MAGIC[2]) {
      throw new IntegrityException(what + ": tree is malformed");
    }
    if (data[3] != MAGIC[3]) {
      throw new IntegrityException(what + ": tree format version " + (data[3] & 0xFF)
          + " is not supported (this library reads version " + MAGIC[3] + "; written by a newer one?)");
    }
    Reader r = new Reader(data, MAGIC.length);
    while (r.pos < data.length) {
      TreeEntry entry;
      try {
        entry = r.entry();
      } catch (RuntimeException e) {
        throw new IntegrityException(what + ": tree is malformed");
      }
      each.accept(entry);
    }
  }

  /** Reads binary records; any inconsistency throws (an {@link IllegalArgumentException} or an index error). */
  private static final class Reader {
    final byte[] b;
    int pos;

    Reader(byte[] b, int pos) {
      this.b = b;
      this.pos = pos;
    }

    TreeEntry entry() {
      int flags = b[pos++] & 0xFF;
      int type = flags & 3;
      if (type == 3) {
        throw new IllegalArgumentException("entry type 3");
      }
      String path = string();
      long size = unzigzag(varint());
      Instant modified = null;
      if ((flags & MODIFIED) != 0) {
        long second = unzigzag(varint());
        modified = Instant.ofEpochSecond(second, length(999_999_999));
      }
      Integer mode = null;
      if ((flags & MODE) != 0) {
        long m = unzigzag(varint());
        if (m != (int) m) {
          throw new IllegalArgumentException("mode");
        }
        mode = (int) m;
      }
      String link = (flags & LINK) != 0 ? string() : null;
      String digest = null;
      if ((flags & DIGEST_BYTES) != 0) {
        check(32);
        digest = HEX.formatHex(b, pos, pos + 32);
        pos += 32;
      } else if ((flags & DIGEST_TEXT) != 0) {
        digest = string();
      }
      Map<String, String> attributes = null;
      if ((flags & ATTRIBUTES) != 0) {
        int n = length(b.length - pos);
        attributes = new HashMap<>();
        for (int i = 0; i < n; i++) {
          String key = string();
          int v = length(b.length - pos + 1); // the value's length + 1, or 0 for null
          String value = null;
          if (v > 0) {
            value = new String(b, pos, v - 1, StandardCharsets.UTF_8);
            pos += v - 1;
          }
          attributes.put(key, value);
        }
      }
      List<BlobId> chunks = List.of();
      if (type == 0) {
        int n = length((b.length - pos) / 32);
        BlobId[] ids = new BlobId[n];
        for (int i = 0; i < n; i++) {
          ids[i] = new BlobId(getLong(pos), getLong(pos + 8), getLong(pos + 16), getLong(pos + 24));
          pos += 32;
        }
        chunks = Arrays.asList(ids);
      }
      return new TreeEntry(new Entry(path, TYPES[type], size, modified, mode, link, digest, attributes), chunks);
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte x = b[pos++];
        v |= (long) (x & 0x7F) << shift;
        if (x >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    /** A varint that must lie in [0, max]. */
    int length(int max) {
      long v = varint();
      if (v < 0 || v > max) {
        throw new IllegalArgumentException("length " + v + " out of range");
      }
      return (int) v;
    }

    String string() {
      int n = length(b.length - pos);
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    /** Fails unless {@code n} more bytes are left. */
    void check(int n) {
      if (n > b.length - pos) {
        throw new IllegalArgumentException("past the end");
      }
    }

    long getLong(int at) {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (b[at + i] & 0xFF);
      }
      return v;
    }

    static long unzigzag(long v) {
      return (v >>> 1) ^ -(v & 1);
    }
  }

  private static void forEachJson(Json json, byte[] data, String what, Consumer<TreeEntry> each) {
    try (JsonParser p = json.mapper().getFactory().createParser(data)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          throw new IntegrityException(what + ": tree is malformed");
        }
        TreeEntry entry;
        try {
          entry = read(p);
        } catch (RuntimeException e) {
          throw new IntegrityException(what + ": tree is malformed");
        }
        each.accept(entry);
      }
    } catch (IOException e) {
      throw new IntegrityException(what + ": tree is malformed");
    }
  }

  private static TreeEntry read(JsonParser p) throws IOException {
    String path = null;
    String type = null;
    long size = 0;
    Instant modified = null;
    Integer mode = null;
    String link = null;
    String digest = null;
    Map<String, String> attributes = null;
    List<BlobId> chunks = new ArrayList<>();
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      // The field names are one letter: a switch on the char is less code to run and to compile.
      switch (field.length() == 1 ? field.charAt(0) : '?') {
        case 'p' -> path = text(p);
        case 't' -> type = text(p);
        case 's' -> size = p.getLongValue();
        case 'm' -> modified = Instants.parse(text(p));
        case 'o' -> mode = p.getIntValue();
        case 'l' -> link = text(p);
        case 'd' -> digest = text(p);
        case 'a' -> attributes = readAttributes(p);
        case 'c' -> readChunks(p, chunks);
        default -> p.skipChildren();
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new IOException("unexpected token " + p.currentToken());
    }
    Entry e = new Entry(path, EntryType.valueOf(type), size, modified, mode, link, digest, attributes);
    return new TreeEntry(e, chunks);
  }

  private static String text(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new IOException("expected a string, found " + p.currentToken());
    }
    return p.getText();
  }

  private static Map<String, String> readAttributes(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IOException("expected an object, found " + p.currentToken());
    }
    Map<String, String> out = new LinkedHashMap<>();
    String key;
    while ((key = p.nextFieldName()) != null) {
      p.nextToken();
      out.put(key, p.currentToken() == JsonToken.VALUE_NULL ? null : text(p));
    }
    return out;
  }

  private static void readChunks(JsonParser p, List<BlobId> chunks) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new IOException("expected an array, found " + p.currentToken());
    }
    while (p.nextToken() == JsonToken.VALUE_STRING) {
      chunks.add(BlobId.parse(p.getText()));
    }
    if (p.currentToken() != JsonToken.END_ARRAY) {
      throw new IOException("expected chunk ids, found " + p.currentToken());
    }
  }
}
