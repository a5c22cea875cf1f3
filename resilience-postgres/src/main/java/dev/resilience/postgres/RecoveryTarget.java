package dev.resilience.postgres;

import java.time.Instant;
import java.util.Objects;

/**
 * Where point-in-time recovery stops: the end of the archived WAL, a time (transactions committed at or before
 * it are kept), or an LSN.
 */
public record RecoveryTarget(Instant time, String lsn) {
  public RecoveryTarget {
    if (time != null && lsn != null) {
      throw new IllegalArgumentException("a recovery target is a time or an LSN, not both");
    }
    if (lsn != null && !lsn.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
      throw new IllegalArgumentException("not an LSN (like 0/1A2B3C4D): " + lsn);
    }
  }

  public static RecoveryTarget latest() {
    return new RecoveryTarget(null, null);
  }

  public static RecoveryTarget time(Instant time) {
    return new RecoveryTarget(Objects.requireNonNull(time, "time"), null);
  }

  public static RecoveryTarget lsn(String lsn) {
    return new RecoveryTarget(null, Objects.requireNonNull(lsn, "lsn"));
  }

  boolean isLatest() {
    return time == null && lsn == null;
  }

  @Override
  public String toString() {
    return time != null ? "time " + time : lsn != null ? "LSN " + lsn : "latest";
  }
}
