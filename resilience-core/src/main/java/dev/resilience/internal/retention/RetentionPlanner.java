package dev.resilience.internal.retention;

import dev.resilience.LegalHold;
import dev.resilience.RetentionPlan;
import dev.resilience.RetentionPlan.Decision;
import dev.resilience.RetentionPolicy;
import dev.resilience.Snapshot;
import dev.resilience.internal.policy.Durations;
import dev.resilience.spi.RetentionRule;
import dev.resilience.spi.RetentionRule.Action;
import dev.resilience.spi.RetentionRule.Verdict;
import dev.resilience.spi.StorageTier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure retention planning: snapshots + policy + extra rules + legal holds + annotations + now → a plan.
 *
 * <p>Per snapshot, in this order: legal holds and WORM locks protect it (it is never deleted); a
 * classification maximum age deletes it; a classification minimum age keeps it; the delete age
 * ({@code retention.cold}) deletes it; otherwise it is kept if any keep rule keeps it (or if the policy
 * has no keep rules at all), else deleted. A kept snapshot older than {@code retention.hot} that is still
 * hot moves to the cold tier. Every decision lists every reason that applied. Ages count from the
 * snapshot's start time.
 */
public final class RetentionPlanner {
  private RetentionPlanner() {}

  public static RetentionPlan plan(
      String dataset,
      List<Snapshot> snapshots,
      RetentionPolicy policy,
      List<RetentionRule> extraRules,
      List<LegalHold> holds,
      Map<String, SnapshotAnnotation> annotations,
      Instant now) {
    List<RetentionRule> rules = new ArrayList<>(KeepRules.of(policy));
    rules.addAll(extraRules);
    Map<String, List<String>> keptBy = new HashMap<>();
    Map<String, List<String>> deletedBy = new HashMap<>();
    Map<String, List<String>> coldBy = new HashMap<>();
    for (RetentionRule rule : rules) {
      for (Map.Entry<String, Verdict> e : rule.evaluate(snapshots, now).entrySet()) {
        Map<String, List<String>> target = switch (e.getValue().action()) {
          case KEEP -> keptBy;
          case DELETE -> deletedBy;
          case MOVE_TO_COLD -> coldBy;
        };
        target.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue().reason());
      }
    }
    Map.Entry<String, Duration> min = policy.effectiveMinimum();
    Map.Entry<String, Duration> max = policy.effectiveMaximum();
    List<Decision> decisions = new ArrayList<>();
    for (Snapshot s : KeepRules.newestFirst(snapshots)) {
      SnapshotAnnotation a = annotations.getOrDefault(s.id(), SnapshotAnnotation.hot(s.id()));
      Duration age = Duration.between(s.startedAt(), now);
      List<String> reasons = new ArrayList<>();
      List<String> protectedBy = new ArrayList<>();
      for (LegalHold h : holds) {
        if (h.matches(s)) {
          protectedBy.add("legal hold " + h.id());
          reasons.add("legal hold " + h.id() + " (" + h.scope() + "): " + h.reason());
        }
      }
      Instant lock = wormLock(s, policy, a);
      if (lock != null && lock.isAfter(now)) {
        protectedBy.add("WORM until " + lock);
        reasons.add("WORM-locked until " + lock);
      }
      boolean keep;
      if (!protectedBy.isEmpty()) {
        keep = true;
      } else if (max != null && age.compareTo(max.getValue()) > 0) {
        keep = false;
        reasons.add("older than the maximum age " + Durations.format(max.getValue()) + " (" + max.getKey() + ")");
      } else if (min != null && age.compareTo(min.getValue()) < 0) {
        keep = true;
        reasons.add("younger than the minimum age " + Durations.format(min.getValue()) + " (" + min.getKey() + ")");
        reasons.addAll(keptBy.getOrDefault(s.id(), List.of()));
      } else if (policy.cold() != null && age.compareTo(policy.cold()) >= 0) {
        keep = false;
        reasons.add("reached the delete age retention.cold " + Durations.format(policy.cold()));
      } else if (deletedBy.containsKey(s.id())) {
        keep = false;
        reasons.addAll(deletedBy.get(s.id()));
      } else if (keptBy.containsKey(s.id())) {
        keep = true;
        reasons.addAll(keptBy.get(s.id()));
      } else if (rules.isEmpty()) {
        keep = true;
        reasons.add("no keep rules: kept until an age limit deletes it");
      } else {
        keep = false;
        reasons.add("no rule keeps it (" + describe(rules) + ")");
      }
      Action action = keep ? Action.KEEP : Action.DELETE;
      if (keep && a.tier() == StorageTier.HOT) {
        if (policy.hot() != null && age.compareTo(policy.hot()) >= 0) {
          action = Action.MOVE_TO_COLD;
          reasons.add("older than retention.hot " + Durations.format(policy.hot()) + ": move to cold");
        } else if (coldBy.containsKey(s.id())) {
          action = Action.MOVE_TO_COLD;
          reasons.addAll(coldBy.get(s.id()));
        }
      }
      decisions.add(new Decision(s.id(), s.startedAt(), a.tier(), action, reasons, protectedBy));
    }
    return new RetentionPlan(dataset, now, decisions);
  }

  /** The WORM lock end: the recorded one, extended by the current policy's lock period. */
  static Instant wormLock(Snapshot s, RetentionPolicy policy, SnapshotAnnotation a) {
    Instant lock = a.retainUntil();
    if (policy.worm() != null) {
      Instant byPolicy = s.startedAt().plus(policy.worm());
      if (lock == null || byPolicy.isAfter(lock)) {
        lock = byPolicy;
      }
    }
    return lock;
  }

  private static String describe(List<RetentionRule> rules) {
    List<String> names = new ArrayList<>();
    for (RetentionRule r : rules) {
      names.add(r.describe());
    }
    return String.join(", ", names);
  }
}
