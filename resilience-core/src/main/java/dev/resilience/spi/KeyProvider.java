package dev.resilience.spi;

/**
 * Envelope encryption: wraps and unwraps data keys with a master key the provider holds (a key derived
 * from a passphrase, a KMS key, a Vault transit key). The repository's master key is stored only
 * wrapped, once per key slot; adding or removing a slot re-encrypts no data.
 *
 * <p><b>Contract.</b> {@code unwrap(wrap(k))} returns {@code k}. {@code unwrap} of a key wrapped by a
 * different master key fails with {@link dev.resilience.AccessDeniedException} (authenticated encryption,
 * never a wrong key silently). Implementations never log, print or put key material in exceptions or
 * {@code toString}. There is no default key or passphrase.
 */
public interface KeyProvider {

  /** Kind of provider ({@code passphrase}, {@code kms}, {@code vault}), recorded in the key slot. */
  String kind();

  /** Encrypts {@code key} under the master key. The array passed in is not retained. */
  WrappedKey wrap(byte[] key);

  /** Decrypts a key this provider (or one with the same master key) wrapped. */
  byte[] unwrap(WrappedKey wrapped);
}
