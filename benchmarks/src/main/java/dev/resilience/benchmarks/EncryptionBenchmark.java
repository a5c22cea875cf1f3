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

/** AES-256-GCM seal and open of 1 MiB blobs. Score: MiB/s. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncryptionBenchmark {
  static final byte[] AAD = {1, 2, 3, 4};

  byte[] chunk;
  byte[] sealed;
  BlobCipher cipher;

  @Setup
  public void setup() {
    chunk = Dataset.random(1 << 20, 5);
    cipher = new BlobCipher(Dataset.random(32, 6));
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
