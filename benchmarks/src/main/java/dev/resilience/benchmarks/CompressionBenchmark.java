package dev.resilience.benchmarks;

import dev.resilience.internal.compress.ZstdCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * zstd through the repository's codec on 1 MiB chunks: text (CSV and logs) is compressed, random data is
 * recognised by the sample and skipped. Score: MiB/s of input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompressionBenchmark {
  @Param({"text", "random"})
  public String data;

  @Param({"1", "3"})
  public int level;

  byte[] chunk;
  byte[] compressed;
  ZstdCodec codec;

  @Setup
  public void setup() {
    chunk = data.equals("text") ? Dataset.text(1 << 20, 4) : Dataset.random(1 << 20, 4);
    codec = new ZstdCodec(level);
    compressed = codec.compressIfWorthwhile(chunk, 0, chunk.length);
  }

  @Benchmark
  public byte[] compress() {
    return codec.compressIfWorthwhile(chunk, 0, chunk.length);
  }

  /** Reading a chunk back; random data was stored raw, so reading it is a copy. */
  @Benchmark
  public byte[] decompress() {
    return compressed == null
        ? java.util.Arrays.copyOf(chunk, chunk.length)
        : codec.decompress(compressed, 0, compressed.length, chunk.length, "bench");
  }
}
