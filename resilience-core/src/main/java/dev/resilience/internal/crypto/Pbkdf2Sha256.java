package dev.resilience.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018) with the same output as the JDK's {@code PBKDF2WithHmacSHA256}, made fast
 * in a cold JVM. Each iteration is two HMACs written out as two SHA-256 compressions: the digests after
 * the inner and the outer pad block are computed once, and each iteration continues from copies of them
 * ({@link MessageDigest#clone}, a few small arrays, about a third the cost of the pad block's compression
 * it saves), in one small loop. The
 * JDK's SHA-256 runs its SHA-NI/AVX2 intrinsic once C2 has compiled the loop and its callees, which
 * HotSpot does on-stack within the first tens of milliseconds; the JDK's own {@code SecretKeyFactory}
 * reaches that code only through layers of {@code Mac} and {@code HmacCore} calls that take much longer
 * to compile. Intermediate key material is wiped before returning.
 */
public final class Pbkdf2Sha256 {
  private Pbkdf2Sha256() {}

  /**
   * Derives {@code length} bytes from a passphrase, encoded as UTF-8 like the JDK's {@code PBEKeySpec}.
   */
  public static byte[] derive(char[] passphrase, byte[] salt, int iterations, int length) {
    byte[] password = utf8(passphrase);
    try {
      return derive(password, salt, iterations, length);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** Derives {@code length} bytes from the password bytes. */
  public static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1");
    }
    if (length < 1) {
      throw new IllegalArgumentException("length must be >= 1");
    }
    MessageDigest md = sha256();
    byte[] key = password.length > 64 ? md.digest(password) : password;
    byte[] innerPad = new byte[64];
    byte[] outerPad = new byte[64];
    for (int i = 0; i < 64; i++) {
      byte k = i < key.length ? key[i] : 0;
      innerPad[i] = (byte) (k ^ 0x36);
      outerPad[i] = (byte) (k ^ 0x5c);
    }
    if (key != password) {
      Arrays.fill(key, (byte) 0);
    }
    byte[] u = new byte[32];
    byte[] t = new byte[32];
    byte[] out = new byte[length];
    try {
      for (int block = 1, offset = 0; offset < length; block++, offset += 32) {
        // U1 = HMAC(P, salt || INT(block))
        md.update(innerPad);
        md.update(salt);
        md.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
        md.digest(u, 0, 32);
        md.update(outerPad);
        md.update(u);
        md.digest(u, 0, 32);
        System.arraycopy(u, 0, t, 0, 32);
        iterate(padded(innerPad), padded(outerPad), u, t, iterations - 1);
        System.arraycopy(t, 0, out, offset, Math.min(32, length - offset));
      }
      return out;
    } catch (DigestException | CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 refused a 32-byte output buffer or a copy", e);
    } finally {
      md.reset();
      Arrays.fill(innerPad, (byte) 0);
      Arrays.fill(outerPad, (byte) 0);
      Arrays.fill(u, (byte) 0);
      Arrays.fill(t, (byte) 0);
    }
  }

  /** The remaining iterations: u = HMAC(P, u); t ^= u, continuing from the pads' digests each time. */
  private static void iterate(MessageDigest inner, MessageDigest outer, byte[] u, byte[] t, int count)
      throws DigestException, CloneNotSupportedException {
    try {
      for (int n = 0; n < count; n++) {
        MessageDigest md = (MessageDigest) inner.clone();
        md.update(u, 0, 32);
        md.digest(u, 0, 32);
        md = (MessageDigest) outer.clone();
        md.update(u, 0, 32);
        md.digest(u, 0, 32);
        for (int i = 0; i < 32; i++) {
          t[i] ^= u[i];
        }
      }
    } finally {
      inner.reset();
      outer.reset();
    }
  }

  /** A digest that has consumed one pad block. */
  private static MessageDigest padded(byte[] pad) {
    MessageDigest md = sha256();
    md.update(pad, 0, 64);
    return md;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  private static byte[] utf8(char[] passphrase) {
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer buffer;
    try {
      buffer = encoder.encode(CharBuffer.wrap(passphrase));
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("UTF-8 encoding with replacement cannot fail", e);
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
    return bytes;
  }
}
