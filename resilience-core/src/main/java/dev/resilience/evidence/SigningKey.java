package dev.resilience.evidence;

import dev.resilience.AccessDeniedException;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.WrappedKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ed25519 key pair that signs evidence. Create with {@link #generate()}; store only sealed
 * ({@link #seal(KeyProvider)}), which wraps the private key with a {@link KeyProvider} (envelope
 * encryption); load with {@link SealedSigningKey#unseal(KeyProvider)}. Publish {@link #publicKeyPem()} to
 * auditors. {@code toString} never shows the private key.
 */
public final class SigningKey {
  private final PublicKey publicKey;
  private final PrivateKey privateKey;
  private final String keyId;

  private SigningKey(PublicKey publicKey, PrivateKey privateKey) {
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.keyId = EvidenceKeys.keyId(publicKey);
  }

  /** A fresh random Ed25519 key pair. */
  public static SigningKey generate() {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new SigningKey(kp.getPublic(), kp.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 missing from the JDK", e);
    }
  }

  /** A signing key from an existing JDK Ed25519 key pair. */
  public static SigningKey of(KeyPair keyPair) {
    if (!"Ed25519".equals(keyPair.getPublic().getAlgorithm()) && !"EdDSA".equals(keyPair.getPublic().getAlgorithm())) {
      throw new IllegalArgumentException("not an Ed25519 key pair: " + keyPair.getPublic().getAlgorithm());
    }
    return new SigningKey(keyPair.getPublic(), keyPair.getPrivate());
  }

  static SigningKey fromEncoded(byte[] x509Public, byte[] pkcs8Private) {
    try {
      PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8Private));
      return new SigningKey(EvidenceKeys.publicKey(x509Public), priv);
    } catch (GeneralSecurityException e) {
      throw new AccessDeniedException("sealed signing key does not decode to an Ed25519 private key");
    }
  }

  public String keyId() {
    return keyId;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as PEM, for auditors and {@code resilience evidence verify --public-key}. */
  public String publicKeyPem() {
    return EvidenceKeys.toPem(publicKey);
  }

  /** Signs {@code data} (Ed25519). */
  public byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Wraps the private key with {@code keyProvider}; the result is safe to store next to the log. */
  public SealedSigningKey seal(KeyProvider keyProvider) {
    byte[] pkcs8 = privateKey.getEncoded();
    try {
      WrappedKey wrapped = keyProvider.wrap(pkcs8);
      return new SealedSigningKey(keyId, publicKey.getEncoded(), wrapped);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId + "]";
  }
}
