package dev.resilience.spi;

import java.util.Map;

/** Creates {@link KeyProvider}s by name; found with {@link java.util.ServiceLoader}. */
public interface KeyProviderFactory {
  /** Short unique name ({@code passphrase}, {@code kms}, {@code vault}). */
  String name();

  KeyProvider create(Map<String, String> config);
}
