package dev.resilience.benchmarks;

import dev.resilience.internal.crypto.Pbkdf2Sha256;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PBKDF2-HMAC-SHA256 with 600,000 iterations as every CLI process pays it: one derivation in a fresh JVM
 * ({@code SingleShotTime}, no warm-up, several forks). Compares the JDK's {@code SecretKeyFactory} with a
 * derivation that clones precomputed HMAC inner/outer SHA-256 states (two compressions per iteration
 * instead of four), and with {@link Pbkdf2Sha256} (what {@code PassphraseKeyProvider} uses: four compressions per iteration
 * through one reused {@code MessageDigest} in one small loop, which C2 compiles on-stack early so the SHA-NI
 * intrinsic carries the rest). All produce the same key.
 * Score: milliseconds per derivation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class KdfBenchmark {
  static final int ITERATIONS = 600_000;
  static final byte[] SALT = new byte[16];

  @Benchmark
  public byte[] jdkSecretKeyFactory() throws Exception {
    return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new PBEKeySpec("correct horse".toCharArray(), SALT, ITERATIONS, 256)).getEncoded();
  }

  @Benchmark
  public byte[] precomputedHmacStates() throws Exception {
    return pbkdf2("correct horse".getBytes(java.nio.charset.StandardCharsets.UTF_8), SALT, ITERATIONS);
  }

  @Benchmark
  public byte[] pbkdf2Sha256() {
    return Pbkdf2Sha256.derive("correct horse".toCharArray(), SALT, ITERATIONS, 32);
  }

  /** PBKDF2-HMAC-SHA256, one 32-byte output block. */
  static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) throws Exception {
    byte[] key = password.length > 64 ? MessageDigest.getInstance("SHA-256").digest(password) : password;
    byte[] ipad = new byte[64];
    byte[] opad = new byte[64];
    for (int i = 0; i < 64; i++) {
      byte k = i < key.length ? key[i] : 0;
      ipad[i] = (byte) (k ^ 0x36);
      opad[i] = (byte) (k ^ 0x5c);
    }
    MessageDigest inner = MessageDigest.getInstance("SHA-256");
    inner.update(ipad);
    MessageDigest outer = MessageDigest.getInstance("SHA-256");
    outer.update(opad);
    MessageDigest in = (MessageDigest) inner.clone();
    in.update(salt);
    in.update(new byte[] {0, 0, 0, 1});
    MessageDigest out = (MessageDigest) outer.clone();
    out.update(in.digest());
    byte[] u = out.digest();
    byte[] t = u.clone();
    for (int i = 1; i < iterations; i++) {
      in = (MessageDigest) inner.clone();
      in.update(u);
      byte[] x = in.digest();
      out = (MessageDigest) outer.clone();
      out.update(x);
      u = out.digest();
      for (int j = 0; j < 32; j++) {
        t[j] ^= u[j];
      }
    }
    return t;
  }
}
