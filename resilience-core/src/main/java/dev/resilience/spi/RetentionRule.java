package dev.resilience.spi;

import dev.resilience.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides, for snapshots, which to keep, move to a colder tier, or let go, with a reason for each
 * decision. Rules compose: a snapshot is deleted only when no rule keeps it, and legal holds and WORM
 * retention override every rule.
 *
 * <p><b>Contract.</b> Pure: the result depends only on the arguments (the clock is passed in), so a plan
 * can be computed as a dry run and then applied unchanged.
 */
public interface RetentionRule {

  /** A short description for plans ("keep-daily 7"). */
  String describe();

  /**
   * The verdict of this rule for each snapshot it has an opinion on, by snapshot id. A snapshot absent
   * from the map is one this rule does not keep.
   */
  Map<String, Verdict> evaluate(List<Snapshot> snapshots, Instant now);

  /** One rule's verdict on one snapshot. */
  record Verdict(Action action, String reason) {
    public Verdict {
      java.util.Objects.requireNonNull(action, "action");
      java.util.Objects.requireNonNull(reason, "reason");
    }
  }

  /** What to do with a snapshot. */
  enum Action {
    KEEP,
    MOVE_TO_COLD,
    DELETE
  }
}
