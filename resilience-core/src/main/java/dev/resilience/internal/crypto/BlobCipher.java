package dev.resilience.internal.crypto;

import dev.resilience.IntegrityException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per message. The sealed form is
 * {@code nonce(12) ‖ ciphertext ‖ tag(16)}; associated data (blob type and id, object kind) is bound
 * into the tag but not stored. Thread-safe: each thread uses its own {@link Cipher}s.
 *
 * <p><b>Why the work is cut into 16 KiB calls, and why opening re-encrypts.</b> HotSpot uses the
 * AES-NI/PCLMULQDQ intrinsics for AES-GCM only inside compiled callers, so a JVM that feeds the cipher
 * one 1 MiB message per call runs hundreds of megabytes through the pure-Java fallback (measured:
 * 18–40 MiB/s instead of &gt; 1 GiB/s; see {@code benchmarks/RESULTS.md}). Sealing therefore streams
 * each message through {@code update} in {@value #SEGMENT}-byte segments (the output is identical), and
 * a one-off {@link GcmWarmup} compiles those call paths with a throw-away key before real data arrives.
 * The JDK's GCM <em>decryption</em> buffers everything until {@code doFinal} and cannot be streamed, so
 * {@link #open} computes the same result from two streaming operations: it decrypts with AES-CTR starting
 * at GCM's first counter block ({@code nonce ‖ 2}, exactly what GCM does for a 96-bit nonce) and then
 * authenticates by re-encrypting the candidate plaintext with AES-GCM under the same key, nonce and
 * associated data, which reproduces the stored ciphertext and hence the tag GHASH would give it; the tags
 * are compared in constant time and nothing is returned unless they match. No nonce is ever used to
 * encrypt <em>new</em> data twice: the re-encryption regenerates ciphertext that already exists.
 */
public final class BlobCipher {
  public static final int NONCE = 12;
  public static final int TAG = 16;
  public static final int OVERHEAD = NONCE + TAG;

  static final int SEGMENT = 16 * 1024;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();
  private final ThreadLocal<Ciphers> ciphers = ThreadLocal.withInitial(Ciphers::new);

  public BlobCipher(byte[] key32) {
    if (key32.length != 32) {
      throw new IllegalArgumentException("AES-256 needs a 32-byte key");
    }
    this.key = new SecretKeySpec(key32, "AES");
    GcmWarmup.start();
  }

  /**
   * Starts the one-off {@link GcmWarmup} now (idempotent; returns at once). Callers that are about to
   * spend time elsewhere, such as deriving a key from a passphrase, call this first so the JIT work
   * overlaps theirs.
   */
  public static void warmUp() {
    GcmWarmup.start();
  }

  /** Per-thread cipher instances and scratch space. */
  private static final class Ciphers {
    final Cipher seal = newCipher("AES/GCM/NoPadding");
    final Cipher ctr = newCipher("AES/CTR/NoPadding");
    final Cipher check = newCipher("AES/GCM/NoPadding");
    final byte[] scratch = new byte[SEGMENT + TAG];
    final byte[] tag = new byte[TAG];
    byte[] lastCheckNonce;
  }

  static Cipher newCipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(transformation + " is not available in this JDK", e);
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
    Cipher c = ciphers.get().seal;
    try {
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
      gcmSegments(c, aad, src, off, len, out, outOff + NONCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /** Runs an initialised GCM encryption over {@code src} in segments; returns the bytes written. */
  static int gcmSegments(Cipher c, byte[] aad, byte[] src, int off, int len, byte[] out, int outOff)
      throws GeneralSecurityException {
    if (aad != null) {
      c.updateAAD(aad);
    }
    int o = outOff;
    int p = off;
    int end = off + len;
    while (end - p > SEGMENT) {
      o += c.update(src, p, SEGMENT, out, o);
      p += SEGMENT;
    }
    o += c.doFinal(src, p, end - p, out, o);
    return o - outOff;
  }

  /**
   * Decrypts and authenticates a sealed message. Throws {@link IntegrityException} naming {@code what}
   * if it was altered, truncated, or sealed with other associated data or another key.
   */
  public byte[] open(byte[] aad, byte[] src, int off, int len, String what) {
    if (len < OVERHEAD) {
      throw new IntegrityException(what + ": too short to be an encrypted object (" + len + " bytes)");
    }
    byte[] out = new byte[len - OVERHEAD];
    openInto(aad, src, off, len, out, 0, what);
    return out;
  }

  public byte[] open(byte[] aad, byte[] sealed, String what) {
    return open(aad, sealed, 0, sealed.length, what);
  }

  /**
   * Like {@link #open(byte[], byte[], int, int, String)}, but writes the {@code len - OVERHEAD} plaintext
   * bytes into {@code out} at {@code outOff} (which must not overlap the input). On failure that range of
   * {@code out} is zeroed before the exception is thrown. Returns the plaintext length.
   */
  public int openInto(byte[] aad, byte[] src, int off, int len, byte[] out, int outOff, String what) {
    if (len < OVERHEAD) {
      throw new IntegrityException(what + ": too short to be an encrypted object (" + len + " bytes)");
    }
    int n = len - OVERHEAD;
    Ciphers cs = ciphers.get();
    byte[] nonce = Arrays.copyOfRange(src, off, off + NONCE);
    boolean ok;
    try {
      // 1. AES-CTR from GCM's first data counter block (J0 + 1 = nonce ‖ 00000002).
      byte[] iv = Arrays.copyOf(nonce, 16);
      iv[15] = 2;
      cs.ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
      int p = 0;
      while (n - p > SEGMENT) {
        cs.ctr.update(src, off + NONCE + p, SEGMENT, out, outOff + p);
        p += SEGMENT;
      }
      cs.ctr.doFinal(src, off + NONCE + p, n - p, out, outOff + p);
      // 2. Re-encrypt with GCM to obtain the tag of the stored ciphertext.
      Cipher g = cs.check;
      if (Arrays.equals(nonce, cs.lastCheckNonce)) {
        // The JDK refuses to encrypt twice in a row with one key and nonce (a guard against misuse when
        // encrypting new data); opening the same blob twice in a row is legitimate, so step aside once.
        byte[] other = nonce.clone();
        other[0] ^= 1;
        g.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, other));
      }
      g.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
      cs.lastCheckNonce = nonce;
      if (aad != null) {
        g.updateAAD(aad);
      }
      p = 0;
      while (n - p > SEGMENT) {
        g.update(out, outOff + p, SEGMENT, cs.scratch, 0);
        p += SEGMENT;
      }
      int w = g.doFinal(out, outOff + p, n - p, cs.scratch, 0);
      System.arraycopy(cs.scratch, w - TAG, cs.tag, 0, TAG);
      ok = MessageDigest.isEqual(cs.tag, Arrays.copyOfRange(src, off + len - TAG, off + len));
    } catch (GeneralSecurityException e) {
      Arrays.fill(out, outOff, outOff + n, (byte) 0);
      throw new IntegrityException(what + ": cannot be decrypted: " + e.getClass().getSimpleName());
    }
    if (!ok) {
      Arrays.fill(out, outOff, outOff + n, (byte) 0);
      throw new IntegrityException(what + ": fails authentication (damaged or tampered)");
    }
    return n;
  }

  @Override
  public String toString() {
    return "BlobCipher[AES-256-GCM]";
  }
}
