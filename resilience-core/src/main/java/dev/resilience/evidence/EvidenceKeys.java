package dev.resilience.evidence;

import dev.resilience.internal.evidence.Digests;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ed25519 public-key helpers: key ids, PEM, verification. */
public final class EvidenceKeys {
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

  private EvidenceKeys() {}

  /**
   * Key id of a public key: {@code ed25519:} + the first 16 hex digits of SHA-256 of its X.509
   * (SubjectPublicKeyInfo) encoding. Only names the key; trust always comes from the key itself.
   */
  public static String keyId(PublicKey key) {
    return "ed25519:" + Digests.sha256Hex(key.getEncoded()).substring(0, 16);
  }

  /** Decodes an X.509 SubjectPublicKeyInfo Ed25519 public key. */
  public static PublicKey publicKey(byte[] x509) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  /** PEM text ({@code -----BEGIN PUBLIC KEY-----}) of a public key. */
  public static String toPem(PublicKey key) {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }

  /** Every public key in PEM text (one or more {@code PUBLIC KEY} blocks). */
  public static List<PublicKey> parsePem(String pem) {
    List<PublicKey> keys = new ArrayList<>();
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      keys.add(publicKey(Base64.getMimeDecoder().decode(m.group(1))));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no -----BEGIN PUBLIC KEY----- block found");
    }
    return keys;
  }

  /** Whether {@code signature} is a valid Ed25519 signature of {@code data} by {@code key}. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (InvalidKeyException | SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 missing from the JDK", e);
    }
  }
}
