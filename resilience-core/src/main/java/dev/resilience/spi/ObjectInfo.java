package dev.resilience.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store knows about one object.
 *
 * @param retainUntil WORM retention end, or {@code null}
 */
public record ObjectInfo(String key, long size, Instant lastModified, StorageTier tier, Instant retainUntil) {
  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(tier, "tier");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0");
    }
  }
}
