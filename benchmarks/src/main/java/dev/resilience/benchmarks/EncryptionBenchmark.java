package dev.resilience.benchmarks;

import dev.resilience.internal.crypto.BlobCipher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * AES-256-GCM seal and open through the repository's {@link BlobCipher}. Score: ops/s; MiB/s = ops/s × size / 1 MiB.
 * 1 MiB is the average chunk; 16 KiB shows how the JDK's GCM behaves when called more often with less
 * (its AES-CTR and GHASH intrinsics are used only in C2-compiled callers).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncryptionBenchmark {
  static final byte[] AAD = {1, 2, 3, 4};

  @org.openjdk.jmh.annotations.Param({"1048576", "16384"})
  public int size;

  byte[] chunk;
  byte[] sealed;
  BlobCipher cipher;

  @Setup
  public void setup() {
    chunk = Dataset.random(size, 5);
    cipher = new BlobCipher(Dataset.random(32, 6));
    BlobCipher.warmUpSealing(); // as a backup does; a restore or check warms up opening
    BlobCipher.warmUpOpening();
    sealed = cipher.seal(AAD, chunk, 0, chunk.length);
  }

  @Benchmark
  public byte[] seal() {
    return cipher.seal(AAD, chunk, 0, chunk.length);
  }

  @Benchmark
  public byte[] open() {
    return cipher.open(AAD, sealed, 0, sealed.length, "bench");
  }
}
