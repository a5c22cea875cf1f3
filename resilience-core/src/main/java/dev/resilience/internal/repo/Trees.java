package dev.resilience.internal.repo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.resilience.IntegrityException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A snapshot's entry list, serialized as JSON lines (one entry per line, sorted by path) and then cut
 * into tree blobs by the content-defined chunker, so that large trees stream into meta packs and
 * unchanged stretches of a tree deduplicate between snapshots. A line is a {@link Json.TreeRecord}
 * (fields in its component order, nulls left out, attribute keys sorted); it is read and written with
 * Jackson's streaming API, which is several times cheaper than data binding in a fresh JVM.
 */
final class Trees {
  private Trees() {}

  static byte[] serialize(Json json, List<TreeEntry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, entries.size() * 160));
    serialize(json, entries, out);
    return out.toByteArray();
  }

  /**
   * Writes the serialized tree to {@code out} (and closes it), so a large tree streams into the chunker
   * instead of being built in memory first (several megabytes, twice, at the end of a backup, when its
   * heap is fullest).
   */
  static void serialize(Json json, List<TreeEntry> entries, OutputStream out) {
    try (JsonGenerator g = json.mapper().getFactory().createGenerator(out)) {
      g.setRootValueSeparator(new SerializedString("\n"));
      for (TreeEntry t : entries) {
        write(g, t);
      }
      if (!entries.isEmpty()) {
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise tree", e);
    }
  }

  private static void write(JsonGenerator g, TreeEntry t) throws IOException {
    Entry e = t.entry();
    g.writeStartObject();
    g.writeStringField("p", e.path());
    g.writeStringField("t", e.type().name());
    g.writeNumberField("s", e.size());
    if (e.modified() != null) {
      g.writeStringField("m", e.modified().toString());
    }
    if (e.mode() != null) {
      g.writeNumberField("o", e.mode());
    }
    if (e.linkTarget() != null) {
      g.writeStringField("l", e.linkTarget());
    }
    if (e.digest() != null) {
      g.writeStringField("d", e.digest());
    }
    if (!e.attributes().isEmpty()) {
      g.writeObjectFieldStart("a");
      for (Map.Entry<String, String> a : new TreeMap<>(e.attributes()).entrySet()) {
        if (a.getValue() == null) {
          g.writeNullField(a.getKey());
        } else {
          g.writeStringField(a.getKey(), a.getValue());
        }
      }
      g.writeEndObject();
    }
    if (e.type() == EntryType.FILE) {
      g.writeArrayFieldStart("c");
      for (BlobId id : t.chunks()) {
        g.writeString(id.hex());
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  static List<TreeEntry> parse(Json json, byte[] data, String what) {
    List<TreeEntry> out = new ArrayList<>();
    forEach(json, data, what, out::add);
    return out;
  }

  /**
   * Hands each entry to {@code each} as it is parsed, so a caller that looks at one entry at a time (a
   * check) never holds the whole list; entries before a malformed one have been handed over when it throws.
   */
  static void forEach(Json json, byte[] data, String what, Consumer<TreeEntry> each) {
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
