package dev.resilience.internal.repo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.resilience.IntegrityException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot's entry list, serialized as JSON lines (one entry per line, sorted by path) and then cut
 * into tree blobs by the content-defined chunker, so that large trees stream into meta packs and
 * unchanged stretches of a tree deduplicate between snapshots.
 */
final class Trees {
  private Trees() {}

  static byte[] serialize(Json json, List<TreeEntry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, entries.size() * 160));
    ObjectWriter writer = json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    try {
      for (TreeEntry t : entries) {
        Entry e = t.entry();
        List<String> chunks = new ArrayList<>(t.chunks().size());
        for (BlobId id : t.chunks()) {
          chunks.add(id.hex());
        }
        Json.TreeRecord r = new Json.TreeRecord(
            e.path(), e.type().name(), e.size(), e.modified() == null ? null : e.modified().toString(), e.mode(),
            e.linkTarget(), e.digest(), e.attributes().isEmpty() ? null : e.attributes(),
            e.type() == EntryType.FILE ? chunks : null);
        writer.writeValue(out, r);
        out.write('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise tree", e);
    }
    return out.toByteArray();
  }

  static List<TreeEntry> parse(Json json, byte[] data, String what) {
    List<TreeEntry> out = new ArrayList<>();
    try (MappingIterator<Json.TreeRecord> it = json.mapper().readerFor(Json.TreeRecord.class).readValues(data)) {
      while (it.hasNext()) {
        Json.TreeRecord r = it.next();
        Entry e = new Entry(
            r.p(), EntryType.valueOf(r.t()), r.s(), r.m() == null ? null : Instant.parse(r.m()), r.o(), r.l(), r.d(), r.a());
        List<BlobId> ids = new ArrayList<>();
        if (r.c() != null) {
          for (String c : r.c()) {
            ids.add(BlobId.parse(c));
          }
        }
        out.add(new TreeEntry(e, ids));
      }
    } catch (IOException | RuntimeException e) {
      throw new IntegrityException(what + ": tree is malformed");
    }
    return out;
  }
}
