package dev.resilience.benchmarks;

import dev.resilience.internal.crypto.KeyedHash;
import java.security.MessageDigest;
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

/** HMAC-SHA-256 chunk ids (and plain SHA-256 for reference) over 1 MiB chunks. Score: MiB/s. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeyedHashBenchmark {
  byte[] chunk;
  KeyedHash hash;
  MessageDigest sha256;

  @Setup
  public void setup() throws Exception {
    chunk = Dataset.random(1 << 20, 2);
    hash = new KeyedHash(Dataset.random(32, 3));
    sha256 = MessageDigest.getInstance("SHA-256");
  }

  @Benchmark
  public byte[] hmacSha256() {
    return hash.hash(chunk, 0, chunk.length);
  }

  @Benchmark
  public byte[] sha256() {
    return sha256.digest(chunk);
  }
}
