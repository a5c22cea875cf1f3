package dev.resilience;

import dev.resilience.internal.crypto.PassphraseKeyProvider;
import dev.resilience.spi.KeyProvider;

/**
 * Built-in {@link KeyProvider}s. There is no default passphrase or key: the caller always supplies one.
 * Also registered with {@link java.util.ServiceLoader} as the {@code passphrase} provider (config keys
 * {@code passphrase}, {@code passphrase-env} or {@code passphrase-file}).
 */
public final class KeyProviders {
  private KeyProviders() {}

  /**
   * A provider that derives its wrapping key from {@code passphrase} with PBKDF2-HMAC-SHA256 at 600,000
   * iterations. The array is copied; the caller may clear it afterwards.
   */
  public static KeyProvider passphrase(char[] passphrase) {
    return new PassphraseKeyProvider(passphrase, PassphraseKeyProvider.DEFAULT_ITERATIONS);
  }

  /**
   * Like {@link #passphrase(char[])} with more iterations. Fails with {@link IllegalArgumentException}
   * below 600,000.
   */
  public static KeyProvider passphrase(char[] passphrase, int iterations) {
    if (iterations < PassphraseKeyProvider.DEFAULT_ITERATIONS) {
      throw new IllegalArgumentException(
          "iterations must be at least " + PassphraseKeyProvider.DEFAULT_ITERATIONS + ", got " + iterations);
    }
    return new PassphraseKeyProvider(passphrase, iterations);
  }

  /**
   * <b>For tests only — insecure.</b> A passphrase provider with a low PBKDF2 iteration count so that
   * test suites do not spend seconds deriving keys. Never use it for real repositories: a low count
   * makes guessing the passphrase cheap. The count is stored in each key slot, so repositories created
   * this way open with any passphrase provider that knows the passphrase.
   */
  public static KeyProvider insecurePassphraseForTests(char[] passphrase, int iterations) {
    return new PassphraseKeyProvider(passphrase, iterations);
  }
}
