package dev.resilience.internal.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The repository's secret: 32 bytes for AES-256-GCM and 32 bytes for the HMAC chunk-id key. It is
 * stored only wrapped by a {@link dev.resilience.spi.KeyProvider}, once per key slot.
 */
public final class MasterKey {
  public static final int LENGTH = 64;
  private final byte[] material;

  private MasterKey(byte[] material) {
    if (material.length != LENGTH) {
      throw new IllegalArgumentException("master key must be " + LENGTH + " bytes");
    }
    this.material = material.clone();
  }

  public static MasterKey generate(SecureRandom random) {
    byte[] m = new byte[LENGTH];
    random.nextBytes(m);
    try {
      return new MasterKey(m);
    } finally {
      Arrays.fill(m, (byte) 0);
    }
  }

  public static MasterKey of(byte[] material) {
    return new MasterKey(material);
  }

  /** A copy of the whole material, for wrapping. Callers should clear it after use. */
  public byte[] material() {
    return material.clone();
  }

  public byte[] encryptionKey() {
    return Arrays.copyOfRange(material, 0, 32);
  }

  public byte[] idKey() {
    return Arrays.copyOfRange(material, 32, 64);
  }

  @Override
  public String toString() {
    return "MasterKey[redacted]";
  }
}
