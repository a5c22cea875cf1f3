package dev.resilience.internal.config;

import dev.resilience.ConfigurationException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Checks the string maps handed to {@code *Provider.create(config)}. */
public final class ProviderConfig {
  private final String provider;
  private final Map<String, String> config;

  private ProviderConfig(String provider, Map<String, String> config) {
    this.provider = provider;
    this.config = config;
  }

  /** Wraps {@code config} after checking that it has no key outside {@code allowed}. */
  public static ProviderConfig of(String provider, Map<String, String> config, Set<String> allowed) {
    Objects.requireNonNull(config, "config");
    TreeSet<String> unknown = new TreeSet<>(config.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          provider + ": unknown configuration keys " + unknown + "; known: " + new TreeSet<>(allowed));
    }
    return new ProviderConfig(provider, config);
  }

  /** A required, non-blank value. */
  public String require(String key) {
    String value = config.get(key);
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(provider + ": missing configuration key '" + key + "'");
    }
    return value;
  }

  /** A required filesystem path. */
  public Path requirePath(String key) {
    String value = require(key);
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigurationException(provider + ": '" + key + "' is not a valid path: " + e.getMessage(), e);
    }
  }
}
