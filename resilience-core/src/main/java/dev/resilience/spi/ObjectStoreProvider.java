package dev.resilience.spi;

import java.util.Map;

/**
 * Creates {@link ObjectStore}s by name; found with {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/dev.resilience.spi.ObjectStoreProvider}).
 */
public interface ObjectStoreProvider {
  /** Short unique name, also the URI scheme it serves ({@code memory}, {@code file}, {@code s3}). */
  String name();

  /** A store for the given configuration; unknown or missing keys fail with a ConfigurationException. */
  ObjectStore create(Map<String, String> config);
}
