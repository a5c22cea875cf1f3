package dev.resilience.s3;

import dev.resilience.AccessDeniedException;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.WrappedKey;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** A test {@link KeyProvider}: AES-256-GCM key wrapping under a random in-memory master key. */
final class TestKeys implements KeyProvider {
  private final byte[] master = new byte[32];
  private final SecureRandom random = new SecureRandom();

  TestKeys() {
    random.nextBytes(master);
  }

  @Override
  public String kind() {
    return "test-aes";
  }

  @Override
  public WrappedKey wrap(byte[] key) {
    try {
      byte[] iv = new byte[12];
      random.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, iv));
      return new WrappedKey(kind(), Map.of("iv", Base64.getEncoder().encodeToString(iv)), c.doFinal(key));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] unwrap(WrappedKey wrapped) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(master, "AES"),
          new GCMParameterSpec(128, Base64.getDecoder().decode(wrapped.parameters().get("iv"))));
      return c.doFinal(wrapped.ciphertext());
    } catch (GeneralSecurityException e) {
      throw new AccessDeniedException("key slot does not open with this test key", e);
    }
  }
}
