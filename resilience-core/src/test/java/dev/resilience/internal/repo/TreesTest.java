package dev.resilience.internal.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.resilience.IntegrityException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreesTest {
  private final Json json = new Json();

  /** Entries of every type with and without optional fields, odd characters and attributes. */
  private static List<TreeEntry> entries() {
    Random random = new Random(17);
    List<TreeEntry> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      EntryType type = EntryType.values()[i % EntryType.values().length];
      String path = "dir " + (i % 7) + "/ünï\"code\\\t" + i + (i % 5 == 0 ? "/✓ 🔑" : "");
      Instant modified = i % 4 == 0 ? null : Instant.ofEpochSecond(random.nextInt(2_000_000_000), i % 3 == 0 ? 0 : random.nextInt(1_000_000_000));
      Integer mode = i % 3 == 0 ? null : 0644 + i;
      String link = type == EntryType.SYMLINK ? "../target " + i : null;
      String digest = i % 2 == 0 ? null : "sha256:" + Long.toHexString(random.nextLong());
      Map<String, String> attributes = new HashMap<>();
      if (i % 6 == 1) {
        attributes.put("zeta", "last");
        attributes.put("alpha", "first \u0001");
        attributes.put("user.x", "y");
      }
      List<BlobId> chunks = new ArrayList<>();
      for (int c = 0; type == EntryType.FILE && c < i % 4; c++) {
        chunks.add(new BlobId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()));
      }
      long size = type == EntryType.FILE ? random.nextInt(1 << 20) : i % 9 == 0 ? -1 : 0;
      out.add(new TreeEntry(new Entry(path, type, size, modified, mode, link, digest, attributes), chunks));
    }
    return out;
  }

  /** A line of the JSON trees written before the binary format, with its one-letter field names. */
  record TreeRecord(
      String p, String t, long s, String m, Integer o, String l, String d, Map<String, String> a, List<String> c) {}

  /** The lines as data binding wrote them before the streaming writer: the format of existing snapshots. */
  private byte[] dataBound(List<TreeEntry> entries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ObjectWriter writer = json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    for (TreeEntry t : entries) {
      Entry e = t.entry();
      List<String> chunks = t.chunks().stream().map(BlobId::hex).toList();
      writer.writeValue(out, new TreeRecord(
          e.path(), e.type().name(), e.size(), e.modified() == null ? null : e.modified().toString(), e.mode(),
          e.linkTarget(), e.digest(), e.attributes().isEmpty() ? null : e.attributes(),
          e.type() == EntryType.FILE ? chunks : null));
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** entries() plus what the binary format treats specially: hex digests, and records beyond its 64 KiB buffer. */
  private static List<TreeEntry> binaryEntries() {
    List<TreeEntry> out = new ArrayList<>(entries());
    Random random = new Random(29);
    String hex = HexFormat.of().formatHex(new byte[32]).replace('0', 'a').substring(0, 60) + "09f1";
    out.add(new TreeEntry(new Entry("h/lower", EntryType.FILE, 1, null, null, null, hex, null), List.of()));
    out.add(new TreeEntry(new Entry("h/upper", EntryType.FILE, 1, null, null, null, hex.toUpperCase(), null), List.of()));
    out.add(new TreeEntry(new Entry("h/short", EntryType.FILE, 1, null, null, null, hex.substring(1), null), List.of()));
    List<BlobId> many = new ArrayList<>();
    for (int c = 0; c < 5000; c++) {
      many.add(new BlobId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()));
    }
    out.add(new TreeEntry(new Entry("large/many chunks", EntryType.FILE, Long.MAX_VALUE, Instant.ofEpochSecond(-62_000_000_000L, 999_999_999),
        Integer.MIN_VALUE, null, hex, Map.of("big", "x".repeat(100_000))), many));
    out.add(new TreeEntry(new Entry("large/" + "p".repeat(70_000), EntryType.SYMLINK, -1, null, -1, "t".repeat(70_000), null, null), List.of()));
    return out;
  }

  @Test
  void writesABinaryTreeThatReadsBackEveryEntryAndChunkId() {
    List<TreeEntry> entries = binaryEntries();
    byte[] data = Trees.serialize(entries);
    assertThat(Arrays.copyOf(data, 4)).isEqualTo(Trees.MAGIC);
    assertThat(Trees.parse(json, data, "tree")).isEqualTo(entries);
    assertThat(Trees.serialize(List.of())).isEmpty();
    assertThat(Trees.parse(json, new byte[0], "tree")).isEmpty();
    // The same entries give the same bytes, so an unchanged stretch of a tree deduplicates.
    assertThat(Trees.serialize(binaryEntries())).isEqualTo(data);
  }

  @Test
  void readsTheJsonLinesOfExistingSnapshots() throws Exception {
    List<TreeEntry> entries = entries();
    assertThat(Trees.parse(json, dataBound(entries), "tree")).isEqualTo(entries);
  }

  @Test
  void aTruncatedBinaryTreeIsMalformedUnlessCutBetweenEntries() {
    List<TreeEntry> entries = entries().subList(0, 40);
    byte[] data = Trees.serialize(entries);
    Map<Integer, Integer> boundaries = new HashMap<>();
    for (int k = 1; k <= entries.size(); k++) {
      boundaries.put(Trees.serialize(entries.subList(0, k)).length, k);
    }
    boundaries.put(Trees.MAGIC.length, 0);
    for (int cut = 1; cut < data.length; cut++) {
      byte[] truncated = Arrays.copyOf(data, cut);
      Integer whole = boundaries.get(cut);
      if (whole != null) {
        assertThat(Trees.parse(json, truncated, "tree")).as("cut at %d", cut).isEqualTo(entries.subList(0, whole));
      } else {
        assertThatThrownBy(() -> Trees.parse(json, truncated, "tree 3")).as("cut at %d", cut)
            .isInstanceOf(IntegrityException.class).hasMessage("tree 3: tree is malformed");
      }
    }
  }

  @Test
  void rejectsDamagedBinaryRecordsAndANewerFormatByName() {
    byte[] magic = Trees.MAGIC;
    List<byte[]> bad = List.of(
        bytes(magic, 3, 1, 'a', 0),                                   // entry type 3
        bytes(magic, 0, 1, 'a', 0, 0x7F),                             // a file with 127 chunks and no bytes for them
        bytes(magic, 0, 1, 'a', 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x07),     // a chunk count past the end (no allocation)
        bytes(magic, 0, 0x7F, 'a', 0, 0),                             // a path longer than the rest
        bytes(magic, 0, 1, 'a', 5, 0),                                // size -3 (zigzag)
        bytes(magic, 0x80, 1, 'a', 0, 0x7F, 'k'),                     // attributes: 127 of them, then the end
        bytes(magic, 0x04, 1, 'a', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0), // nanoseconds past 999,999,999
        bytes(magic, 0x01, 1, '/', 0),                                // a directory with an absolute path
        new byte[] {0, 'R', 'X', 1});
    for (byte[] b : bad) {
      assertThatThrownBy(() -> Trees.parse(json, b, "tree 4")).as(Arrays.toString(b))
          .isInstanceOf(IntegrityException.class).hasMessage("tree 4: tree is malformed");
    }
    byte[] newer = bytes(new byte[] {0, 'R', 'T', 2}, 0, 1, 'a', 0, 0);
    assertThatThrownBy(() -> Trees.parse(json, newer, "tree 5")).isInstanceOf(IntegrityException.class)
        .hasMessageContaining("tree 5: tree format version 2 is not supported");
    assertThat(Trees.parse(json, bytes(magic, 0x01, 1, 'a', 0), "tree"))
        .containsExactly(new TreeEntry(new Entry("a", EntryType.DIRECTORY, 0, null, null, null, null, null), List.of()));
  }

  private static byte[] bytes(byte[] head, int... rest) {
    byte[] out = Arrays.copyOf(head, head.length + rest.length);
    for (int i = 0; i < rest.length; i++) {
      out[head.length + i] = (byte) rest[i];
    }
    return out;
  }

  @Test
  void ignoresUnknownFieldsAndRejectsMalformedLines() {
    byte[] extra = "{\"p\":\"a\",\"t\":\"FILE\",\"s\":3,\"future\":{\"x\":[1,2]},\"c\":[]}\n".getBytes(StandardCharsets.UTF_8);
    assertThat(Trees.parse(json, extra, "tree")).containsExactly(
        new TreeEntry(new Entry("a", EntryType.FILE, 3, null, null, null, null, Map.of()), List.of()));
    for (String bad : List.of("{\"p\":\"a\",\"t\":\"FILE\",\"s\":3", "[1]", "{\"t\":\"FILE\"}", "{\"p\":\"a\",\"t\":\"NOPE\"}",
        "{\"p\":\"a\",\"t\":\"FILE\",\"m\":\"yesterday\"}", "{\"p\":\"a\",\"t\":\"FILE\",\"c\":[\"abc\"]}")) {
      assertThatThrownBy(() -> Trees.parse(json, bad.getBytes(StandardCharsets.UTF_8), "tree 1"))
          .as(bad).isInstanceOf(IntegrityException.class).hasMessage("tree 1: tree is malformed");
    }
  }

  @Test
  void streamsEntriesOneAtATimeAndStopsAtTheFirstMalformedLine() {
    List<TreeEntry> entries = entries();
    List<TreeEntry> seen = new ArrayList<>();
    Trees.forEach(json, Trees.serialize(entries), "tree", seen::add);
    assertThat(seen).isEqualTo(entries);

    byte[] good = Trees.serialize(entries.subList(0, 2));
    byte[] bad = {3, 1, 'a', 0};
    byte[] damaged = new byte[good.length + bad.length];
    System.arraycopy(good, 0, damaged, 0, good.length);
    System.arraycopy(bad, 0, damaged, good.length, bad.length);
    List<TreeEntry> before = new ArrayList<>();
    assertThatThrownBy(() -> Trees.forEach(json, damaged, "tree 2", before::add))
        .isInstanceOf(IntegrityException.class).hasMessage("tree 2: tree is malformed");
    assertThat(before).isEqualTo(entries.subList(0, 2));
  }

  @Test
  void instantsParseLikeInstantParse() {
    Random random = new Random(23);
    for (int i = 0; i < 20_000; i++) {
      long second = random.nextLong() % 253_402_300_799L;
      Instant instant = Instant.ofEpochSecond(Math.abs(second) * (i % 10 == 0 ? -1 : 1) % 253_402_300_799L,
          switch (i % 4) { case 0 -> 0; case 1 -> random.nextInt(1000) * 1_000_000; case 2 -> random.nextInt(1_000_000) * 1000; default -> random.nextInt(1_000_000_000); });
      assertThat(Instants.parse(instant.toString())).isEqualTo(instant);
    }
    for (String s : List.of("2024-02-29T23:59:59.5Z", "2024-01-01T00:00:00.123456789Z", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
        "2016-12-31T23:59:60Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00.Z")) {
      assertThat(Instants.parse(s)).as(s).isEqualTo(Instant.parse(s));
    }
    for (String s : List.of("2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00.1234567890Z",
        "2024-01-01 00:00:00Z", "2024-01-01T00:00:0xZ", "2024-01-01T00:00:00")) {
      assertThatThrownBy(() -> Instants.parse(s)).as(s).isInstanceOf(DateTimeParseException.class);
    }
  }
}
