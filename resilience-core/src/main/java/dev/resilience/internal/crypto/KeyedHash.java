package dev.resilience.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under a repository key: chunk ids that reveal nothing about content to someone without
 * the key. Thread-safe: each thread reuses its own {@link Mac}.
 */
public final class KeyedHash {
  public static final int LENGTH = 32;

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  public KeyedHash(byte[] key32) {
    if (key32.length != 32) {
      throw new IllegalArgumentException("HMAC key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key32, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("invalid HMAC key", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  /** HMAC of {@code len} bytes of {@code data}. */
  public byte[] hash(byte[] data, int off, int len) {
    Mac mac = macs.get();
    mac.update(data, off, len);
    return mac.doFinal();
  }

  public byte[] hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  @Override
  public String toString() {
    return "KeyedHash[HMAC-SHA-256]";
  }
}
