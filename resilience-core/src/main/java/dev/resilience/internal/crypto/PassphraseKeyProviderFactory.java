package dev.resilience.internal.crypto;

import dev.resilience.ConfigurationException;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.KeyProviderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code passphrase} key provider. Exactly one of the config keys {@code passphrase} (the value),
 * {@code passphrase-env} (name of an environment variable) or {@code passphrase-file} (path of a file
 * whose first line is the passphrase) must be set. Optional {@code iterations} (at least 600000).
 */
public final class PassphraseKeyProviderFactory implements KeyProviderFactory {
  @Override
  public String name() {
    return PassphraseKeyProvider.KIND;
  }

  @Override
  public KeyProvider create(Map<String, String> config) {
    String direct = config.get("passphrase");
    String env = config.get("passphrase-env");
    String file = config.get("passphrase-file");
    int given = (direct != null ? 1 : 0) + (env != null ? 1 : 0) + (file != null ? 1 : 0);
    if (given != 1) {
      throw new ConfigurationException(
          "passphrase key provider needs exactly one of 'passphrase', 'passphrase-env', 'passphrase-file'");
    }
    int iterations = PassphraseKeyProvider.DEFAULT_ITERATIONS;
    if (config.containsKey("iterations")) {
      try {
        iterations = Integer.parseInt(config.get("iterations").trim());
      } catch (NumberFormatException e) {
        throw new ConfigurationException("'iterations' must be a number");
      }
      if (iterations < PassphraseKeyProvider.DEFAULT_ITERATIONS) {
        throw new ConfigurationException(
            "'iterations' must be at least " + PassphraseKeyProvider.DEFAULT_ITERATIONS + ", got " + iterations);
      }
    }
    String secret;
    if (direct != null) {
      secret = direct;
    } else if (env != null) {
      secret = System.getenv(env);
      if (secret == null || secret.isEmpty()) {
        throw new ConfigurationException("environment variable '" + env + "' is not set or empty");
      }
    } else {
      try {
        String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        int nl = content.indexOf('\n');
        secret = (nl >= 0 ? content.substring(0, nl) : content).stripTrailing();
      } catch (IOException e) {
        throw new ConfigurationException("cannot read passphrase file '" + file + "': " + e.getClass().getSimpleName());
      }
    }
    if (secret.isEmpty()) {
      throw new ConfigurationException("passphrase must not be empty");
    }
    return new PassphraseKeyProvider(secret.toCharArray(), iterations);
  }
}
