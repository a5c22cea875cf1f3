package dev.resilience.postgres;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which schemas and tables a backup covers: regular expressions matched against the whole schema name
 * and against {@code schema.table}. Empty includes mean everything; excludes win.
 */
record TableSelection(List<Pattern> includeSchemas, List<Pattern> excludeSchemas, List<Pattern> includeTables,
    List<Pattern> excludeTables) {

  TableSelection {
    includeSchemas = List.copyOf(includeSchemas);
    excludeSchemas = List.copyOf(excludeSchemas);
    includeTables = List.copyOf(includeTables);
    excludeTables = List.copyOf(excludeTables);
  }

  static TableSelection all() {
    return new TableSelection(List.of(), List.of(), List.of(), List.of());
  }

  boolean schema(String schema) {
    return matches(includeSchemas, excludeSchemas, schema);
  }

  boolean relation(String schema, String name) {
    return schema(schema) && matches(includeTables, excludeTables, schema + "." + name);
  }

  private static boolean matches(List<Pattern> include, List<Pattern> exclude, String name) {
    boolean in = include.isEmpty() || include.stream().anyMatch(p -> p.matcher(name).matches());
    return in && exclude.stream().noneMatch(p -> p.matcher(name).matches());
  }

  @Override
  public String toString() {
    return "include schemas " + includeSchemas + ", exclude schemas " + excludeSchemas + ", include tables "
        + includeTables + ", exclude tables " + excludeTables;
  }
}
