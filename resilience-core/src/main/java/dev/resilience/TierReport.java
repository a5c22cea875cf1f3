package dev.resilience;

/**
 * Result of {@link Repository#applyTiers}.
 *
 * @param packsToCold data packs moved to the cold tier (only cold snapshots reference them)
 * @param packsToHot data packs moved back to the hot tier (a hot snapshot references them again)
 * @param bytesToCold stored bytes of the packs moved to cold
 * @param bytesToHot stored bytes of the packs moved back to hot
 * @param packsSkipped packs that vanished while tiering (deleted by a concurrent prune)
 */
public record TierReport(int packsToCold, int packsToHot, long bytesToCold, long bytesToHot, int packsSkipped) {
  public TierReport {
    if (packsToCold < 0 || packsToHot < 0 || bytesToCold < 0 || bytesToHot < 0 || packsSkipped < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }

  /** Nothing moved. */
  public static TierReport none() {
    return new TierReport(0, 0, 0, 0, 0);
  }
}
