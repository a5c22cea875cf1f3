package dev.resilience.evidence;

import dev.resilience.IntegrityException;
import dev.resilience.internal.evidence.Jcs;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.WrappedKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link SigningKey} whose private key is wrapped by a {@link KeyProvider}: safe to store in a file or
 * database. {@link #toJson()} / {@link #fromJson(String)} give a stable text form.
 *
 * @param keyId the key id
 * @param publicKey X.509 encoding of the public key
 * @param wrappedPrivateKey PKCS#8 private key, wrapped
 */
public record SealedSigningKey(String keyId, byte[] publicKey, WrappedKey wrappedPrivateKey) {
  public SealedSigningKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(wrappedPrivateKey, "wrappedPrivateKey");
    publicKey = publicKey.clone();
    if (!EvidenceKeys.keyId(EvidenceKeys.publicKey(publicKey)).equals(keyId)) {
      throw new IllegalArgumentException("keyId does not match the public key");
    }
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The public key (no unwrapping needed). */
  public PublicKey jdkPublicKey() {
    return EvidenceKeys.publicKey(publicKey);
  }

  /**
   * Unwraps the private key.
   *
   * @throws dev.resilience.AccessDeniedException if {@code keyProvider} holds a different master key
   */
  public SigningKey unseal(KeyProvider keyProvider) {
    byte[] pkcs8 = keyProvider.unwrap(wrappedPrivateKey);
    try {
      SigningKey key = SigningKey.fromEncoded(publicKey, pkcs8);
      if (!key.keyId().equals(keyId)) {
        throw new IntegrityException("sealed signing key " + keyId + " does not match its public key");
      }
      return key;
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /** Canonical JSON form (contains only wrapped key material). */
  public String toJson() {
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("kind", wrappedPrivateKey.kind());
    wrapped.put("parameters", new LinkedHashMap<String, Object>(wrappedPrivateKey.parameters()));
    wrapped.put("ciphertext", Base64.getEncoder().encodeToString(wrappedPrivateKey.ciphertext()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "resilience-evidence-signing-key");
    m.put("keyId", keyId);
    m.put("publicKey", Base64.getEncoder().encodeToString(publicKey));
    m.put("wrappedPrivateKey", wrapped);
    return Jcs.canonicalize(m);
  }

  /** Parses {@link #toJson()} output. */
  @SuppressWarnings("unchecked")
  public static SealedSigningKey fromJson(String json) {
    Map<String, Object> m = Jcs.parseObject(json);
    if (!"resilience-evidence-signing-key".equals(m.get("type"))) {
      throw new IllegalArgumentException("not a sealed evidence signing key");
    }
    Map<String, Object> w = (Map<String, Object>) m.get("wrappedPrivateKey");
    Map<String, String> params = new LinkedHashMap<>();
    ((Map<String, Object>) w.get("parameters")).forEach((k, v) -> params.put(k, String.valueOf(v)));
    WrappedKey wrapped = new WrappedKey((String) w.get("kind"), params,
        Base64.getDecoder().decode((String) w.get("ciphertext")));
    return new SealedSigningKey((String) m.get("keyId"),
        Base64.getDecoder().decode((String) m.get("publicKey")), wrapped);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedSigningKey s && keyId.equals(s.keyId) && Arrays.equals(publicKey, s.publicKey)
        && wrappedPrivateKey.equals(s.wrappedPrivateKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, Arrays.hashCode(publicKey), wrappedPrivateKey);
  }

  @Override
  public String toString() {
    return "SealedSigningKey[" + keyId + ", wrapped by " + wrappedPrivateKey.kind() + "]";
  }
}
