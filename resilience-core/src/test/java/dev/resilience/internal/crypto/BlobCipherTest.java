package dev.resilience.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.IntegrityException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class BlobCipherTest {
  private static final byte[] AAD = "data:abc".getBytes(StandardCharsets.US_ASCII);
  private static final int[] SIZES = {
    0, 1, 15, 16, 17, BlobCipher.SEGMENT - 1, BlobCipher.SEGMENT, BlobCipher.SEGMENT + 1,
    3 * BlobCipher.SEGMENT, (1 << 20) + 3
  };

  private final Random random = new Random(42);
  private final byte[] key = bytes(32);
  private final BlobCipher cipher = new BlobCipher(key);

  @Test
  void roundTripsEverySizeAroundTheSegmentBoundaries() {
    for (int size : SIZES) {
      byte[] plain = bytes(size);
      byte[] sealed = cipher.seal(AAD, plain, 0, size);
      assertThat(sealed).hasSize(size + BlobCipher.OVERHEAD);
      assertThat(cipher.open(AAD, sealed, "blob")).as("size %d", size).isEqualTo(plain);
    }
  }

  @Test
  void isPlainAesGcmInBothDirections() throws Exception {
    for (int size : SIZES) {
      byte[] plain = bytes(size);
      byte[] nonce = bytes(BlobCipher.NONCE);
      Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
      jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      jdk.updateAAD(AAD);
      byte[] sealedByJdk = concat(nonce, jdk.doFinal(plain));
      assertThat(cipher.open(AAD, sealedByJdk, "blob")).as("opens the JDK's, size %d", size).isEqualTo(plain);

      byte[] ours = cipher.seal(AAD, plain, 0, size);
      jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, ours, 0, BlobCipher.NONCE));
      jdk.updateAAD(AAD);
      assertThat(jdk.doFinal(ours, BlobCipher.NONCE, ours.length - BlobCipher.NONCE))
          .as("the JDK opens ours, size %d", size).isEqualTo(plain);
    }
  }

  @Test
  void opensTheSameBlobTwiceInARow() {
    byte[] plain = bytes(40_000);
    byte[] sealed = cipher.seal(AAD, plain, 0, plain.length);
    assertThat(cipher.open(AAD, sealed, "blob")).isEqualTo(plain);
    assertThat(cipher.open(AAD, sealed, "blob")).isEqualTo(plain);
    assertThat(cipher.open(AAD, sealed, "blob")).isEqualTo(plain);
  }

  @Test
  void everyFlippedByteIsRefusedAndNoPlaintextIsLeftBehind() {
    byte[] plain = bytes(BlobCipher.SEGMENT + 100);
    byte[] sealed = cipher.seal(AAD, plain, 0, plain.length);
    byte[] out = new byte[plain.length + 10];
    for (int i = 0; i < sealed.length; i += (i < 40 || i > sealed.length - 40) ? 1 : 997) {
      byte[] bad = sealed.clone();
      bad[i] ^= 0x10;
      Arrays.fill(out, (byte) 7);
      final int at = i;
      assertThatThrownBy(() -> cipher.openInto(AAD, bad, 0, bad.length, out, 5, "pack p1"))
          .as("byte %d flipped", at)
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("pack p1")
          .hasMessageContaining("fails authentication");
      assertThat(Arrays.copyOfRange(out, 5, 5 + plain.length)).as("zeroed after byte %d", at).containsOnly(0);
      assertThat(out[0]).isEqualTo((byte) 7);
    }
  }

  @Test
  void otherAssociatedDataOrKeyOrTruncationIsRefused() {
    byte[] plain = bytes(5000);
    byte[] sealed = cipher.seal(AAD, plain, 0, plain.length);
    assertThatThrownBy(() -> cipher.open("data:abd".getBytes(StandardCharsets.US_ASCII), sealed, "blob"))
        .isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> new BlobCipher(bytes(32)).open(AAD, sealed, "blob"))
        .isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> cipher.open(AAD, sealed, 0, sealed.length - 1, "blob"))
        .isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> cipher.open(AAD, sealed, 0, 27, "blob"))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("too short");
  }

  @Test
  void sealsWithAFreshNonceEachTime() {
    byte[] plain = bytes(100);
    byte[] a = cipher.seal(AAD, plain, 0, plain.length);
    byte[] b = cipher.seal(AAD, plain, 0, plain.length);
    assertThat(Arrays.copyOf(a, BlobCipher.NONCE)).isNotEqualTo(Arrays.copyOf(b, BlobCipher.NONCE));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void noNonceRepeatsAcrossThreadsAndRefills() throws Exception {
    // Nonces come from a per-thread batch drawn from the shared generator: every seal, on every thread and
    // across batch boundaries, must still carry a nonce no other seal used (a repeat breaks GCM).
    int threads = 4;
    int perThread = 1_000; // several batches of nonces per thread
    Set<String> nonces = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          byte[] plain = new byte[1];
          for (int i = 0; i < perThread; i++) {
            byte[] sealed = cipher.seal(AAD, plain, 0, 1);
            nonces.add(HexFormat.of().formatHex(sealed, 0, BlobCipher.NONCE));
            assertThat(cipher.open(AAD, sealed, "blob")).isEqualTo(plain);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(nonces).hasSize(threads * perThread);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
