package dev.resilience;

import java.time.Clock;
import java.util.Objects;

/**
 * Tuning of a repository. Chunking parameters are fixed when the repository is initialised (they are
 * recorded in its {@code config}); the rest applies to the process that opens it. Immutable; build with
 * {@link #builder()}.
 *
 * @param minChunkSize smallest chunk the content-defined chunker cuts (bytes)
 * @param avgChunkSize average chunk size (a power of two)
 * @param maxChunkSize largest chunk
 * @param packSize target size of a pack file (bytes)
 * @param compressionLevel zstd level (1-19)
 * @param parallelism worker threads for hashing, compression and encryption; {@code 0} for all processors
 * @param verifyBeforeUpload re-read and authenticate each written pack before the index references it
 * @param clock time source (snapshot times, prune safety margins)
 */
public record RepositoryOptions(
    int minChunkSize,
    int avgChunkSize,
    int maxChunkSize,
    int packSize,
    int compressionLevel,
    int parallelism,
    boolean verifyBeforeUpload,
    Clock clock) {

  public RepositoryOptions {
    Objects.requireNonNull(clock, "clock");
    if (avgChunkSize < 64 || Integer.bitCount(avgChunkSize) != 1) {
      throw new IllegalArgumentException("avgChunkSize must be a power of two >= 64, got " + avgChunkSize);
    }
    if (minChunkSize < 1 || minChunkSize > avgChunkSize || maxChunkSize < avgChunkSize) {
      throw new IllegalArgumentException(
          "chunk sizes must satisfy 1 <= min <= avg <= max, got " + minChunkSize + "/" + avgChunkSize + "/" + maxChunkSize);
    }
    if (packSize < maxChunkSize) {
      throw new IllegalArgumentException("packSize must be >= maxChunkSize");
    }
    if (compressionLevel < 1 || compressionLevel > 19) {
      throw new IllegalArgumentException("compressionLevel must be 1..19, got " + compressionLevel);
    }
    if (parallelism < 0) {
      throw new IllegalArgumentException("parallelism must be >= 0");
    }
  }

  public static RepositoryOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Effective worker thread count. */
  public int effectiveParallelism() {
    return parallelism == 0 ? Runtime.getRuntime().availableProcessors() : parallelism;
  }

  /**
   * Builder for {@link RepositoryOptions}. Defaults: 512 KiB / 1 MiB / 8 MiB chunks, 16 MiB packs, zstd
   * level 1. Level 1 is the default because a backup is usually bound by compression time: on the
   * benchmark data (CSV and log text) it compressed about twice as fast as level 3 and the repository came
   * out no larger (see {@code benchmarks/RESULTS.md}); raise it for data that rewards it.
   */
  public static final class Builder {
    private int min = 512 * 1024;
    private int avg = 1024 * 1024;
    private int max = 8 * 1024 * 1024;
    private int packSize = 16 * 1024 * 1024;
    private int level = 1;
    private int parallelism;
    private boolean verifyBeforeUpload = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder chunkSizes(int min, int avg, int max) {
      this.min = min;
      this.avg = avg;
      this.max = max;
      return this;
    }

    public Builder packSize(int bytes) {
      this.packSize = bytes;
      return this;
    }

    public Builder compressionLevel(int level) {
      this.level = level;
      return this;
    }

    public Builder parallelism(int threads) {
      this.parallelism = threads;
      return this;
    }

    public Builder verifyBeforeUpload(boolean verify) {
      this.verifyBeforeUpload = verify;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public RepositoryOptions build() {
      return new RepositoryOptions(min, avg, max, packSize, level, parallelism, verifyBeforeUpload, clock);
    }
  }
}
