package dev.resilience.s3;

import dev.resilience.ConfigurationException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the string map given to the ServiceLoader providers: checks for unknown keys and parses the
 * connection keys every S3 provider shares. Values never appear in messages for secret keys.
 */
final class ProviderConfig {
  /** Keys of {@link #connection()}. */
  static final Set<String> CONNECTION_KEYS =
      Set.of("endpoint", "region", "path-style", "access-key", "secret-key", "access-key-env", "secret-key-env", "max-attempts",
          "checksums-when-required");

  private final String provider;
  private final Map<String, String> config;
  private final Function<String, String> env;

  ProviderConfig(String provider, Map<String, String> config, Set<String> ownKeys, Function<String, String> env) {
    this.provider = provider;
    this.config = Map.copyOf(config);
    this.env = env;
    TreeSet<String> known = new TreeSet<>(CONNECTION_KEYS);
    known.addAll(ownKeys);
    TreeSet<String> unknown = new TreeSet<>(config.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(provider + ": unknown configuration keys " + unknown + "; known: " + known);
    }
  }

  String required(String key) {
    String v = config.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigurationException(provider + ": missing required configuration key '" + key + "'");
    }
    return v;
  }

  String optional(String key, String fallback) {
    String v = config.get(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  boolean flag(String key, boolean fallback) {
    String v = optional(key, null);
    if (v == null) {
      return fallback;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new ConfigurationException(provider + ": '" + key + "' must be true or false, got '" + v + "'");
  }

  long number(String key, long fallback) {
    String v = optional(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(provider + ": '" + key + "' must be a number, got '" + v + "'", e);
    }
  }

  <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    String v = optional(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(provider + ": '" + key + "' must be one of "
          + java.util.Arrays.toString(type.getEnumConstants()) + ", got '" + v + "'", e);
    }
  }

  /** Runs a builder step, turning its IllegalArgumentException into a ConfigurationException. */
  <T> T check(String what, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ConfigurationException(provider + ": invalid " + what + ": " + e.getMessage(), e);
    }
  }

  S3Connection connection() {
    return check("connection", () -> {
      S3Connection.Builder b = S3Connection.builder();
      String endpoint = optional("endpoint", null);
      if (endpoint != null) {
        b.endpoint(URI.create(endpoint));
      }
      b.region(optional("region", "us-east-1"));
      b.pathStyle(flag("path-style", endpoint != null));
      String access = optional("access-key", null);
      String secret = optional("secret-key", null);
      String accessEnv = optional("access-key-env", null);
      String secretEnv = optional("secret-key-env", null);
      if (accessEnv != null || secretEnv != null) {
        if (access != null || secret != null) {
          throw new IllegalStateException("give access-key/secret-key or access-key-env/secret-key-env, not both");
        }
        access = accessEnv == null ? null : env.apply(accessEnv);
        secret = secretEnv == null ? null : env.apply(secretEnv);
        if (access == null || secret == null) {
          throw new IllegalStateException("environment variables " + accessEnv + "/" + secretEnv + " are not both set");
        }
      }
      if (access != null || secret != null) {
        if (access == null || secret == null) {
          throw new IllegalStateException("give both access-key and secret-key, or neither (SDK default chain)");
        }
        b.credentials(access, secret);
      }
      b.maxAttempts((int) number("max-attempts", 5));
      if (config.containsKey("checksums-when-required")) {
        b.checksumsWhenRequired(flag("checksums-when-required", true));
      }
      return b.build();
    });
  }
}
