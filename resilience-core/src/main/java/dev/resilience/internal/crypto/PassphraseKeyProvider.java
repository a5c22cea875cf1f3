package dev.resilience.internal.crypto;

import dev.resilience.AccessDeniedException;
import dev.resilience.ConfigurationException;
import dev.resilience.IntegrityException;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Wraps keys with AES-256-GCM under a key derived from a passphrase with PBKDF2-HMAC-SHA256. Each
 * wrapped key carries its own random salt and the iteration count in its parameters, so the count can
 * be raised later without breaking old key slots. The passphrase is held as a private copy and never
 * appears in {@code toString}, logs or exceptions. The derivation is {@link Pbkdf2Sha256}, byte for byte the
 * JDK's {@code PBKDF2WithHmacSHA256} (the name stored in each slot), only faster in a fresh JVM.
 */
public final class PassphraseKeyProvider implements KeyProvider {
  public static final String KIND = "passphrase";
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;
  static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final byte[] AAD = "resilience/key-slot/v1".getBytes(StandardCharsets.US_ASCII);

  private final char[] passphrase;
  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param iterations PBKDF2 iterations for newly wrapped keys; {@link #DEFAULT_ITERATIONS} or more for
   *     real use (lower values are only reachable through a test-named factory method)
   */
  public PassphraseKeyProvider(char[] passphrase, int iterations) {
    if (passphrase == null || passphrase.length == 0) {
      throw new ConfigurationException("passphrase must not be empty");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1");
    }
    this.passphrase = passphrase.clone();
    this.iterations = iterations;
  }

  @Override
  public String kind() {
    return KIND;
  }

  public int iterations() {
    return iterations;
  }

  @Override
  public WrappedKey wrap(byte[] key) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] kek = derive(salt, iterations);
    try {
      byte[] sealed = new BlobCipher(kek).seal(AAD, key, 0, key.length);
      return new WrappedKey(
          KIND,
          Map.of(
              "kdf", ALGORITHM,
              "iterations", Integer.toString(iterations),
              "salt", Base64.getEncoder().encodeToString(salt)),
          sealed);
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  @Override
  public byte[] unwrap(WrappedKey wrapped) {
    if (!KIND.equals(wrapped.kind())) {
      throw new AccessDeniedException("key slot of kind '" + wrapped.kind() + "' cannot be opened with a passphrase");
    }
    Map<String, String> p = wrapped.parameters();
    if (!ALGORITHM.equals(p.get("kdf"))) {
      throw new ConfigurationException("unsupported key derivation '" + p.get("kdf") + "' (supported: " + ALGORITHM + ")");
    }
    int n;
    byte[] salt;
    try {
      n = Integer.parseInt(p.get("iterations"));
      salt = Base64.getDecoder().decode(p.get("salt"));
    } catch (RuntimeException e) {
      throw new IntegrityException("key slot parameters are malformed");
    }
    if (n < 1 || n > 100_000_000) {
      throw new IntegrityException("key slot has an implausible iteration count " + n);
    }
    byte[] kek = derive(salt, n);
    try {
      return new BlobCipher(kek).open(AAD, wrapped.ciphertext(), "key slot");
    } catch (IntegrityException e) {
      throw new AccessDeniedException("the passphrase does not open this key slot");
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  private byte[] derive(byte[] salt, int rounds) {
    return Pbkdf2Sha256.derive(passphrase, salt, rounds, 32);
  }

  @Override
  public String toString() {
    return "PassphraseKeyProvider[kdf=" + ALGORITHM + ", iterations=" + iterations + "]";
  }
}
