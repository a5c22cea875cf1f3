package dev.resilience.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Options for {@link ObjectStore#put}.
 *
 * @param tier the storage class to write into
 * @param retainUntil WORM retention: the object cannot be deleted or overwritten before this instant
 *     ({@code null} for none)
 * @param retentionMode how strict {@code retainUntil} is; ignored when {@code retainUntil} is null
 */
public record PutOptions(StorageTier tier, Instant retainUntil, RetentionMode retentionMode) {
  public static final PutOptions DEFAULT = new PutOptions(StorageTier.HOT, null, null);

  public PutOptions {
    Objects.requireNonNull(tier, "tier");
    if (retainUntil != null && retentionMode == null) {
      retentionMode = RetentionMode.COMPLIANCE;
    }
  }

  public static PutOptions tier(StorageTier tier) {
    return new PutOptions(tier, null, null);
  }

  public PutOptions withRetention(Instant until, RetentionMode mode) {
    return new PutOptions(tier, until, mode);
  }
}
