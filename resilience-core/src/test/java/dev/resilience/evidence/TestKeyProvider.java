package dev.resilience.evidence;

import dev.resilience.AccessDeniedException;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.WrappedKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Test-only KeyProvider: AES-256-GCM with a random master key held in memory. */
final class TestKeyProvider implements KeyProvider {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec master;

  TestKeyProvider() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    master = new SecretKeySpec(k, "AES");
  }

  @Override
  public String kind() {
    return "test-aes-gcm";
  }

  @Override
  public WrappedKey wrap(byte[] key) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(128, nonce));
      byte[] ct = c.doFinal(key);
      return new WrappedKey(kind(), Map.of(), ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] unwrap(WrappedKey wrapped) {
    byte[] all = wrapped.ciphertext();
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, all, 0, 12));
      return c.doFinal(all, 12, all.length - 12);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new AccessDeniedException("wrong master key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
