package dev.resilience.internal.crypto;

import dev.resilience.IntegrityException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per message. The sealed form is
 * {@code nonce(12) ‖ ciphertext ‖ tag(16)}; associated data (blob type and id, object kind) is bound
 * into the tag but not stored. Thread-safe: each thread uses its own {@link Cipher}.
 */
public final class BlobCipher {
  public static final int NONCE = 12;
  public static final int TAG = 16;
  public static final int OVERHEAD = NONCE + TAG;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(BlobCipher::newCipher);

  private static final int SEGMENT = 16 * 1024;

  public BlobCipher(byte[] key32) {
    if (key32.length != 32) {
      throw new IllegalArgumentException("AES-256 needs a 32-byte key");
    }
    this.key = new SecretKeySpec(key32, "AES");
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is not available in this JDK", e);
    }
  }

  /** Encrypts {@code len} bytes of {@code src}; returns nonce ‖ ciphertext ‖ tag. */
  public byte[] seal(byte[] aad, byte[] src, int off, int len) {
    byte[] out = new byte[len + OVERHEAD];
    sealInto(aad, src, off, len, out, 0);
    return out;
  }

  /** Encrypts into {@code out} at {@code outOff}; writes {@code len + OVERHEAD} bytes. */
  public void sealInto(byte[] aad, byte[] src, int off, int len, byte[] out, int outOff) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, outOff, NONCE);
    Cipher c = ciphers.get();
    try {
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
      if (aad != null) {
        c.updateAAD(aad);
      }
      // Feed GCM in segments: the JDK's AES-GCM intrinsics only take over once the per-call method is
      // compiled, which with one call per 1 MiB blob takes hundreds of megabytes; 16 KiB calls reach the
      // fast path ~64 times sooner (measured: ~12x faster over the first 600 MiB). The output is the same.
      int o = outOff + NONCE;
      int p = off;
      int end = off + len;
      while (end - p > SEGMENT) {
        o += c.update(src, p, SEGMENT, out, o);
        p += SEGMENT;
      }
      c.doFinal(src, p, end - p, out, o);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /**
   * Decrypts and authenticates a sealed message. Throws {@link IntegrityException} naming {@code what}
   * if it was altered, truncated, or sealed with other associated data or another key.
   */
  public byte[] open(byte[] aad, byte[] src, int off, int len, String what) {
    if (len < OVERHEAD) {
      throw new IntegrityException(what + ": too short to be an encrypted object (" + len + " bytes)");
    }
    Cipher c = ciphers.get();
    try {
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, src, off, NONCE));
      if (aad != null) {
        c.updateAAD(aad);
      }
      return c.doFinal(src, off + NONCE, len - NONCE);
    } catch (AEADBadTagException e) {
      throw new IntegrityException(what + ": fails authentication (damaged or tampered)");
    } catch (GeneralSecurityException e) {
      throw new IntegrityException(what + ": cannot be decrypted: " + e.getClass().getSimpleName());
    }
  }

  public byte[] open(byte[] aad, byte[] sealed, String what) {
    return open(aad, sealed, 0, sealed.length, what);
  }

  @Override
  public String toString() {
    return "BlobCipher[AES-256-GCM]";
  }
}
