package dev.resilience;

/**
 * What {@link Repository#check} examines.
 *
 * @param readData decrypt and hash data blobs, not only the structure
 * @param readDataPercent with {@code readData}, the share of packs to read (1-100), chosen at random
 * @param seed seed for choosing the subset (for reproducible checks)
 */
public record CheckRequest(boolean readData, int readDataPercent, long seed) {
  public CheckRequest {
    if (readDataPercent < 1 || readDataPercent > 100) {
      throw new IllegalArgumentException("readDataPercent must be 1..100, got " + readDataPercent);
    }
  }

  /** Structure only: config, keys, index, snapshots, every referenced blob listed in the index and its pack present. */
  public static CheckRequest structure() {
    return new CheckRequest(false, 100, 0);
  }

  /** Structure plus reading, decrypting and hashing every blob. */
  public static CheckRequest readAllData() {
    return new CheckRequest(true, 100, 0);
  }

  /** Structure plus reading a random {@code percent} of the packs. */
  public static CheckRequest readDataSubset(int percent, long seed) {
    return new CheckRequest(true, percent, seed);
  }
}
