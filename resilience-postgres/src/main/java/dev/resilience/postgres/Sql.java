package dev.resilience.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Identifier quoting and entry path naming. */
final class Sql {
  private Sql() {}

  /** A quoted identifier (always quoted: safe for any name, reserved words and mixed case included). */
  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** {@code name}, which must not be null or empty ({@code what} names it in the error). */
  static String requireName(String name, String what) {
    java.util.Objects.requireNonNull(name, what);
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return name;
  }

  static String qualified(String schema, String name) {
    return ident(schema) + "." + ident(name);
  }

  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static String columnList(List<String> columns) {
    return columns.stream().map(Sql::ident).collect(Collectors.joining(", ", "(", ")"));
  }

  /** A path segment for a name: URL-encoded, so {@code /} and other characters are safe. */
  static String segment(String name) {
    String s = URLEncoder.encode(name, StandardCharsets.UTF_8);
    if (s.equals(".") || s.equals("..")) {
      s = s.replace(".", "%2E");
    }
    return s;
  }

  static String unsegment(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  static String dataPath(String schema, String table) {
    return "data/" + segment(schema) + "/" + segment(table);
  }
}
