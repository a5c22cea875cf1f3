package dev.resilience.spi;

/** Storage class of an object. Stores that have no tiers treat every tier as {@link #HOT}. */
public enum StorageTier {
  /** Immediately readable, most expensive. Metadata (config, keys, index, snapshots) always stays hot. */
  HOT,
  /** Cheaper, still directly readable (S3 STANDARD_IA / GLACIER_IR, a separate filesystem area). */
  COLD,
  /** Cheapest; must be restored before it can be read (S3 GLACIER / DEEP_ARCHIVE). */
  ARCHIVE
}
