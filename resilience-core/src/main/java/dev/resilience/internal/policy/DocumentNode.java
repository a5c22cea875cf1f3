package dev.resilience.internal.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** A JSON/YAML object being read at a path; every problem is collected with its path instead of thrown. */
final class DocumentNode {
  private final JsonNode node;
  private final String path;
  private final List<String> problems;

  DocumentNode(JsonNode node, String path, List<String> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  void problem(String field, String message) {
    problems.add((field == null ? path : path(field)) + ": " + message);
  }

  boolean has(String field) {
    return node.hasNonNull(field);
  }

  /** Reports fields this reader does not know (typos must not silently disable a rule). */
  void onlyKnown(String... known) {
    Set<String> names = new TreeSet<>(List.of(known));
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!names.contains(f)) {
        problem(f, "unknown field (known: " + String.join(", ", names) + ")");
      }
    }
  }

  String text(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      problem(field, "must be a text value");
      return null;
    }
    return v.asText();
  }

  Integer integer(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      problem(field, "must be a whole number, got '" + v.asText() + "'");
      return null;
    }
    return v.asInt();
  }

  Long longValue(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber()) {
      problem(field, "must be a whole number, got '" + v.asText() + "'");
      return null;
    }
    return v.asLong();
  }

  Duration duration(String field) {
    String t = text(field);
    if (t == null) {
      return null;
    }
    try {
      return Durations.parse(t);
    } catch (IllegalArgumentException e) {
      problem(field, e.getMessage());
      return null;
    }
  }

  ZoneId zone(String field) {
    String t = text(field);
    if (t == null) {
      return null;
    }
    try {
      return ZoneId.of(t);
    } catch (java.time.DateTimeException e) {
      problem(field, "unknown time zone '" + t + "'");
      return null;
    }
  }

  DocumentNode object(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      problem(field, "must be an object");
      return null;
    }
    return new DocumentNode(v, path(field), problems);
  }

  /** The array at {@code field}; {@code null} when absent, null, or not a list (which is reported). */
  private JsonNode array(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      problem(field, "must be a list");
      return null;
    }
    return v;
  }

  List<String> texts(String field) {
    JsonNode v = array(field);
    List<String> out = new ArrayList<>();
    for (int i = 0; v != null && i < v.size(); i++) {
      if (!v.get(i).isValueNode()) {
        problem(field + "[" + i + "]", "must be a text value");
      } else {
        out.add(v.get(i).asText());
      }
    }
    return out;
  }

  List<DocumentNode> objects(String field) {
    JsonNode v = array(field);
    List<DocumentNode> out = new ArrayList<>();
    for (int i = 0; v != null && i < v.size(); i++) {
      String p = path(field) + "[" + i + "]";
      if (!v.get(i).isObject()) {
        problems.add(p + ": must be an object");
      } else {
        out.add(new DocumentNode(v.get(i), p, problems));
      }
    }
    return out;
  }

  /** Field names and nodes of an object-valued map field ({@code minimumAges: {FINANCIAL: 7y}}). */
  void entries(String field, java.util.function.BiConsumer<String, DocumentNode> each) {
    DocumentNode o = object(field);
    if (o == null) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = o.node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      each.accept(e.getKey(), o);
    }
  }

  /** Runs a builder setter; an {@link IllegalArgumentException} becomes a problem at {@code field}. */
  <T> void set(String field, T value, Consumer<T> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException | IllegalStateException e) {
      problem(field, e.getMessage());
    }
  }
}
