package dev.resilience;

import dev.resilience.spi.Verifier;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Automated test restores of a dataset (AWS Backup's restore testing): on {@code schedule}, pick a
 * snapshot ({@link Selection#LATEST} or {@link Selection#RANDOM} among those taken within
 * {@code window}), restore it into the target's sandbox, run the verifiers, measure the recovery time
 * against the RTO, remove the sandbox, record the result.
 *
 * @param selection how the snapshot is picked
 * @param window only snapshots taken within this window before the drill are candidates
 * @param schedule when drills run, or {@code null} for on demand only
 * @param verifiers names of built-in verifiers ({@code checksums}: restored content hashes equal the
 *     snapshot's entry digests)
 * @param checks custom verifiers supplied in code (not part of a policy document)
 */
public record DrillPolicy(Selection selection, Duration window, Schedule schedule, List<String> verifiers, List<Verifier> checks) {
  /** Names of the built-in verifiers. */
  public static final List<String> BUILT_IN_VERIFIERS = List.of("checksums");

  public DrillPolicy {
    Objects.requireNonNull(selection, "selection");
    window = window == null ? Duration.ofDays(7) : window;
    verifiers = verifiers == null ? List.of("checksums") : List.copyOf(verifiers);
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** Drills the latest snapshot, verified by checksums, on {@code schedule}. */
  public static DrillPolicy latest(Schedule schedule) {
    return new DrillPolicy(Selection.LATEST, null, schedule, null, null);
  }

  /** Drills a random snapshot taken within {@code window}, verified by checksums, on {@code schedule}. */
  public static DrillPolicy randomWithin(Duration window, Schedule schedule) {
    return new DrillPolicy(Selection.RANDOM, window, schedule, null, null);
  }

  /** A copy that also runs {@code check}. */
  public DrillPolicy withCheck(Verifier check) {
    List<Verifier> more = new java.util.ArrayList<>(checks);
    more.add(Objects.requireNonNull(check, "check"));
    return new DrillPolicy(selection, window, schedule, verifiers, more);
  }

  /** How a drill picks its snapshot. */
  public enum Selection {
    LATEST,
    RANDOM
  }
}
