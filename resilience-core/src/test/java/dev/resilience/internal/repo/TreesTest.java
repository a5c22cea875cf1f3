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
import java.util.HashMap;
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

  /** The lines as data binding wrote them before the streaming writer: the format of existing snapshots. */
  private byte[] dataBound(List<TreeEntry> entries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ObjectWriter writer = json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    for (TreeEntry t : entries) {
      Entry e = t.entry();
      List<String> chunks = t.chunks().stream().map(BlobId::hex).toList();
      writer.writeValue(out, new Json.TreeRecord(
          e.path(), e.type().name(), e.size(), e.modified() == null ? null : e.modified().toString(), e.mode(),
          e.linkTarget(), e.digest(), e.attributes().isEmpty() ? null : e.attributes(),
          e.type() == EntryType.FILE ? chunks : null));
      out.write('\n');
    }
    return out.toByteArray();
  }

  @Test
  void writesTheSameBytesAsDataBindingSoUnchangedTreesStillDeduplicate() throws Exception {
    List<TreeEntry> entries = entries();
    assertThat(new String(Trees.serialize(json, entries), StandardCharsets.UTF_8))
        .isEqualTo(new String(dataBound(entries), StandardCharsets.UTF_8));
    assertThat(Trees.serialize(json, List.of())).isEmpty();
  }

  @Test
  void readsBackEveryEntryAndChunkIdIncludingLinesWrittenByDataBinding() throws Exception {
    List<TreeEntry> entries = entries();
    assertThat(Trees.parse(json, Trees.serialize(json, entries), "tree")).isEqualTo(entries);
    assertThat(Trees.parse(json, dataBound(entries), "tree")).isEqualTo(entries);
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
    Trees.forEach(json, Trees.serialize(json, entries), "tree", seen::add);
    assertThat(seen).isEqualTo(entries);

    byte[] good = Trees.serialize(json, entries.subList(0, 2));
    byte[] bad = "{\"t\":1}\n".getBytes(StandardCharsets.UTF_8);
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
