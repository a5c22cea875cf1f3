package dev.resilience.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018) with the same output as the JDK's {@code PBKDF2WithHmacSHA256}, made fast
 * in a cold JVM. The HMAC inner and outer pad states are compressed once; each iteration then runs two
 * SHA-256 compressions over a fixed 32-byte message in plain {@code int} arithmetic. That loop is one
 * small method, so HotSpot compiles it on-stack within a few milliseconds, while the JDK's implementation
 * rehashes both pads in every iteration and reaches the SHA-256 intrinsic only once C2 has compiled its
 * callers. Intermediate key material is wiped before returning.
 */
public final class Pbkdf2Sha256 {
  private static final int[] K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  };
  private static final int[] IV = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  };

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
    int[] innerState = new int[8];
    int[] outerState = new int[8];
    padStates(password, innerState, outerState);
    int[] w = new int[64];
    int[] u = new int[8];
    int[] t = new int[8];
    byte[] out = new byte[length];
    try {
      for (int block = 1, offset = 0; offset < length; block++, offset += 32) {
        firstIteration(innerState, outerState, salt, block, u, w);
        System.arraycopy(u, 0, t, 0, 8);
        iterate(innerState, outerState, u, t, w, iterations - 1);
        for (int i = 0; i < 32 && offset + i < length; i++) {
          out[offset + i] = (byte) (t[i >>> 2] >>> (24 - 8 * (i & 3)));
        }
      }
      return out;
    } finally {
      Arrays.fill(innerState, 0);
      Arrays.fill(outerState, 0);
      Arrays.fill(w, 0);
      Arrays.fill(u, 0);
      Arrays.fill(t, 0);
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

  /** The SHA-256 states after compressing the HMAC key XOR ipad and XOR opad. */
  private static void padStates(byte[] password, int[] innerState, int[] outerState) {
    byte[] key = password.length > 64 ? sha256(password) : password;
    int[] w = new int[64];
    byte[] pad = new byte[64];
    try {
      for (int pass = 0; pass < 2; pass++) {
        byte x = pass == 0 ? (byte) 0x36 : (byte) 0x5c;
        for (int i = 0; i < 64; i++) {
          pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ x);
        }
        int[] state = pass == 0 ? innerState : outerState;
        System.arraycopy(IV, 0, state, 0, 8);
        loadBlock(pad, 0, w);
        compress(state, w);
      }
    } finally {
      Arrays.fill(w, 0);
      Arrays.fill(pad, (byte) 0);
      if (key != password) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  /** U1 = HMAC(P, salt || INT(block)), the only iteration with a message longer than 32 bytes. */
  private static void firstIteration(int[] innerState, int[] outerState, byte[] salt, int block, int[] u, int[] w) {
    byte[] message = Arrays.copyOf(salt, salt.length + 4);
    message[salt.length] = (byte) (block >>> 24);
    message[salt.length + 1] = (byte) (block >>> 16);
    message[salt.length + 2] = (byte) (block >>> 8);
    message[salt.length + 3] = (byte) block;
    int[] state = innerState.clone();
    hashTail(state, message, 64, w);
    System.arraycopy(state, 0, u, 0, 8);
    state = outerState.clone();
    hashDigest(state, u, w);
    System.arraycopy(state, 0, u, 0, 8);
    Arrays.fill(state, 0);
  }

  /**
   * The remaining iterations: u = HMAC(P, u); t ^= u. Each HMAC is two compressions of one block holding
   * a 32-byte digest, its padding and the length (64 + 32 bytes = 768 bits) from the precomputed states.
   */
  private static void iterate(int[] innerState, int[] outerState, int[] u, int[] t, int[] w, int count) {
    int[] s = new int[8];
    for (int n = 0; n < count; n++) {
      System.arraycopy(innerState, 0, s, 0, 8);
      digestBlock(u, w);
      compress(s, w);
      System.arraycopy(outerState, 0, u, 0, 8);
      digestBlock(s, w);
      compress(u, w);
      for (int i = 0; i < 8; i++) {
        t[i] ^= u[i];
      }
    }
    Arrays.fill(s, 0);
  }

  /** Fills the first 16 message words with a 32-byte digest that follows one 64-byte block (the pad). */
  private static void digestBlock(int[] digest, int[] w) {
    System.arraycopy(digest, 0, w, 0, 8);
    w[8] = 0x80000000;
    w[9] = 0;
    w[10] = 0;
    w[11] = 0;
    w[12] = 0;
    w[13] = 0;
    w[14] = 0;
    w[15] = 768;
  }

  private static void hashDigest(int[] state, int[] digest, int[] w) {
    digestBlock(digest, w);
    compress(state, w);
  }

  /** Finishes a hash whose first {@code prefix} bytes (a multiple of 64) are already in {@code state}. */
  private static void hashTail(int[] state, byte[] message, long prefix, int[] w) {
    long bits = (prefix + message.length) * 8;
    int padded = ((message.length + 9 + 63) / 64) * 64;
    byte[] block = Arrays.copyOf(message, padded);
    block[message.length] = (byte) 0x80;
    for (int i = 0; i < 8; i++) {
      block[padded - 1 - i] = (byte) (bits >>> (8 * i));
    }
    for (int off = 0; off < padded; off += 64) {
      loadBlock(block, off, w);
      compress(state, w);
    }
    Arrays.fill(block, (byte) 0);
  }

  private static byte[] sha256(byte[] message) {
    int[] state = IV.clone();
    int[] w = new int[64];
    hashTail(state, message, 0, w);
    byte[] digest = new byte[32];
    for (int i = 0; i < 32; i++) {
      digest[i] = (byte) (state[i >>> 2] >>> (24 - 8 * (i & 3)));
    }
    Arrays.fill(state, 0);
    Arrays.fill(w, 0);
    return digest;
  }

  private static void loadBlock(byte[] block, int off, int[] w) {
    for (int i = 0; i < 16; i++) {
      int j = off + 4 * i;
      w[i] = (block[j] & 0xff) << 24 | (block[j + 1] & 0xff) << 16 | (block[j + 2] & 0xff) << 8 | (block[j + 3] & 0xff);
    }
  }

  /** One SHA-256 compression of the 16 words in {@code w[0..15]} into {@code state}; uses w[16..63]. */
  private static void compress(int[] state, int[] w) {
    for (int i = 16; i < 64; i++) {
      int x = w[i - 15];
      int y = w[i - 2];
      int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
      int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    int a = state[0];
    int b = state[1];
    int c = state[2];
    int d = state[3];
    int e = state[4];
    int f = state[5];
    int g = state[6];
    int h = state[7];
    for (int i = 0; i < 64; i++) {
      int t1 = h + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
          + ((e & f) ^ (~e & g)) + K[i] + w[i];
      int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
          + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}
