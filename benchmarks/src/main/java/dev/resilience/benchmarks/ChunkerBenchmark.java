package dev.resilience.benchmarks;

import dev.resilience.internal.chunk.FastCdcChunker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** FastCDC cut-point search over 64 MiB of random bytes (default 512 KiB / 1 MiB / 8 MiB). Score: MiB/s. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChunkerBenchmark {
  static final int MIB = 1 << 20;
  static final int SIZE_MIB = 64;

  byte[] data;
  FastCdcChunker chunker;

  @Setup
  public void setup() {
    data = Dataset.random(SIZE_MIB * MIB, 1);
    chunker = new FastCdcChunker(512 * 1024, MIB, 8 * MIB, 42L);
  }

  @Benchmark
  @OperationsPerInvocation(SIZE_MIB)
  public int chunk() {
    int off = 0;
    int chunks = 0;
    while (off < data.length) {
      off += chunker.cut(data, off, data.length - off);
      chunks++;
    }
    return chunks;
  }
}
