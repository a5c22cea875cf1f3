package dev.resilience.benchmarks;

import dev.resilience.internal.chunk.FastCdcChunker;
import dev.resilience.internal.compress.ZstdCodec;
import dev.resilience.internal.crypto.BlobCipher;
import dev.resilience.internal.crypto.KeyedHash;
import dev.resilience.internal.repo.BlobCodec;
import dev.resilience.internal.repo.BlobType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread's share of the backup pipeline on 32 MiB: chunk, keyed hash, zstd when worthwhile, AES-GCM
 * ({@link BlobCodec#seal}). {@code mixed} is half text, half random, like the head-to-head dataset.
 * Score: MiB/s per thread (the repository runs one such pipeline per core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PipelineBenchmark {
  static final int MIB = 1 << 20;
  static final int SIZE_MIB = 32;

  @Param({"text", "random", "mixed"})
  public String data;

  byte[] input;
  FastCdcChunker chunker;
  BlobCodec codec;

  @Setup
  public void setup() {
    input = switch (data) {
      case "text" -> Dataset.text(SIZE_MIB * MIB, 7);
      case "random" -> Dataset.random(SIZE_MIB * MIB, 7);
      default -> {
        byte[] b = new byte[SIZE_MIB * MIB];
        System.arraycopy(Dataset.text(b.length / 2, 7), 0, b, 0, b.length / 2);
        System.arraycopy(Dataset.random(b.length / 2, 8), 0, b, b.length / 2, b.length / 2);
        yield b;
      }
    };
    chunker = new FastCdcChunker(512 * 1024, MIB, 8 * MIB, 42L);
    codec = new BlobCodec(new KeyedHash(Dataset.random(32, 9)), new ZstdCodec(3), new BlobCipher(Dataset.random(32, 10)));
    BlobCipher.warmUpSealing(); // as a backup does; a restore or check warms up opening
    BlobCipher.warmUpOpening();
  }

  @Benchmark
  @OperationsPerInvocation(SIZE_MIB)
  public long chunkHashCompressEncrypt() {
    long stored = 0;
    int off = 0;
    while (off < input.length) {
      int len = chunker.cut(input, off, input.length - off);
      stored += codec.seal(BlobType.DATA, input, off, len).sealed().length;
      off += len;
    }
    return stored;
  }
}
