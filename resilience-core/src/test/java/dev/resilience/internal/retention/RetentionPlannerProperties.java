package dev.resilience.internal.retention;

import static dev.resilience.internal.retention.Histories.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.Classification;
import dev.resilience.LegalHold;
import dev.resilience.RetentionPlan;
import dev.resilience.RetentionPlan.Decision;
import dev.resilience.RetentionPolicy;
import dev.resilience.Snapshot;
import dev.resilience.spi.RetentionRule.Action;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Retention planning on generated histories, checked against an independent oracle. */
class RetentionPlannerProperties {
  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  @Provide
  Arbitrary<List<Snapshot>> histories() {
    Arbitrary<Integer> minutesAgo = Arbitraries.integers().between(0, 60 * 24 * 120);
    Arbitrary<Boolean> tagged = Arbitraries.of(true, false, false, false, false);
    return Combinators.combine(minutesAgo, tagged).as((m, t) -> new Object[] {m, t}).list().ofMaxSize(60)
        .map(raw -> {
          List<Snapshot> out = new ArrayList<>();
          for (int i = 0; i < raw.size(); i++) {
            int m = (Integer) raw.get(i)[0];
            boolean tag = (Boolean) raw.get(i)[1];
            out.add(snapshot(String.format("%04d", i), NOW.minus(Duration.ofMinutes(m)),
                tag ? Map.of("pre-migration", "yes") : Map.of()));
          }
          return out;
        });
  }

  @Provide
  Arbitrary<RetentionPolicy> keepPolicies() {
    Arbitrary<Integer> small = Arbitraries.integers().between(0, 6);
    Arbitrary<Integer> withinDays = Arbitraries.integers().between(0, 20);
    Arbitrary<Boolean> tags = Arbitraries.of(true, false);
    return Combinators.combine(small, small, small, small, withinDays, tags).as((last, daily, weekly, monthly, within, tag) -> {
      RetentionPolicy.Builder b = RetentionPolicy.builder().keepLast(last).keepDaily(daily).keepWeekly(weekly)
          .keepMonthly(monthly);
      if (within > 0) {
        b.keepWithin(Duration.ofDays(within));
      }
      if (tag) {
        b.keepTag("pre-migration");
      }
      return b.build();
    });
  }

  @Property(tries = 300)
  void keepsExactlyWhatTheRulesSay(@ForAll("histories") List<Snapshot> history, @ForAll("keepPolicies") RetentionPolicy p) {
    RetentionPlan plan = RetentionPlanner.plan("acme/orders", history, p, List.of(), List.of(), Map.of(), NOW);
    Set<String> kept = plan.toKeep().stream().map(Decision::snapshotId).collect(Collectors.toSet());
    assertThat(kept).isEqualTo(oracle(history, p));
  }

  @Property(tries = 300)
  void neverDeletesAHeldOrWormProtectedSnapshot(
      @ForAll("histories") List<Snapshot> history,
      @ForAll("keepPolicies") RetentionPolicy keep,
      @ForAll @IntRange(min = 0, max = 40) int wormDays,
      @ForAll @IntRange(min = 0, max = 200) int holdFromDaysAgo,
      @ForAll @IntRange(min = 1, max = 30) int holdLengthDays,
      @ForAll @IntRange(min = 0, max = 59) int heldIndex) {
    RetentionPolicy.Builder b = keep.toBuilder().maximumAge(Classification.PII, Duration.ofDays(45));
    if (wormDays > 0) {
      b.worm(Duration.ofDays(wormDays));
    }
    RetentionPolicy p = b.build();
    List<LegalHold> holds = new ArrayList<>();
    Instant from = NOW.minus(Duration.ofDays(holdFromDaysAgo));
    holds.add(LegalHold.builder("range", "audit").dataset("orders").takenBetween(from, from.plus(Duration.ofDays(holdLengthDays))).build());
    if (heldIndex < history.size()) {
      holds.add(LegalHold.builder("one", "case").snapshot(history.get(heldIndex).id()).build());
    }
    RetentionPlan plan = RetentionPlanner.plan("acme/orders", history, p, List.of(), holds, Map.of(), NOW);
    for (Snapshot s : history) {
      Decision d = plan.decision(s.id()).orElseThrow();
      boolean held = holds.stream().anyMatch(h -> h.matches(s));
      boolean locked = wormDays > 0 && s.startedAt().plus(Duration.ofDays(wormDays)).isAfter(NOW);
      if (held || locked) {
        assertThat(d.action()).isNotEqualTo(Action.DELETE);
        assertThat(d.protectedBy()).isNotEmpty();
      } else if (Duration.between(s.startedAt(), NOW).compareTo(Duration.ofDays(45)) > 0) {
        assertThat(d.action()).as("older than the PII maximum").isEqualTo(Action.DELETE);
      }
    }
  }

  @Property(tries = 200)
  void explainsEveryDecisionOncePerSnapshot(@ForAll("histories") List<Snapshot> history, @ForAll("keepPolicies") RetentionPolicy p) {
    RetentionPlan plan = RetentionPlanner.plan("acme/orders", history, p.toBuilder().hot(Duration.ofDays(10)).build(),
        List.of(), List.of(), Map.of(), NOW);
    assertThat(plan.decisions()).extracting(Decision::snapshotId)
        .containsExactlyInAnyOrderElementsOf(history.stream().map(Snapshot::id).toList());
    for (Decision d : plan.decisions()) {
      assertThat(d.reasons()).isNotEmpty();
      if (d.action() != Action.DELETE) {
        assertThat(d.reasons()).anyMatch(r -> r.startsWith("keep-") || r.startsWith("no keep rules"));
      }
    }
    assertThat(RetentionPlanner.plan("acme/orders", history, p, List.of(), List.of(), Map.of(), NOW))
        .isEqualTo(RetentionPlanner.plan("acme/orders", history, p, List.of(), List.of(), Map.of(), NOW));
  }

  /** An independent statement of the keep rules: newest N; newest per bucket for the newest N buckets; within; tags. */
  static Set<String> oracle(List<Snapshot> history, RetentionPolicy p) {
    if (!p.hasKeepRules()) {
      return history.stream().map(Snapshot::id).collect(Collectors.toSet());
    }
    Comparator<Snapshot> byTime = Comparator.comparing(Snapshot::startedAt).thenComparing(Snapshot::id);
    List<Snapshot> newest = history.stream().sorted(byTime.reversed()).toList();
    Set<String> kept = new HashSet<>();
    newest.stream().limit(p.keepLast()).forEach(s -> kept.add(s.id()));
    perBucket(history, p.keepDaily(), t -> t.atZone(ZoneOffset.UTC).toLocalDate().toString(), byTime, kept);
    perBucket(history, p.keepWeekly(), t -> t.atZone(ZoneOffset.UTC).get(IsoFields.WEEK_BASED_YEAR) + "/"
        + t.atZone(ZoneOffset.UTC).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), byTime, kept);
    perBucket(history, p.keepMonthly(), t -> t.atZone(ZoneOffset.UTC).getYear() + "/"
        + t.atZone(ZoneOffset.UTC).getMonthValue(), byTime, kept);
    for (Snapshot s : history) {
      if (p.keepWithin() != null && s.startedAt().isAfter(NOW.minus(p.keepWithin()))) {
        kept.add(s.id());
      }
      if (p.keepTags().contains("pre-migration") && s.tags().containsKey("pre-migration")) {
        kept.add(s.id());
      }
    }
    return kept;
  }

  static void perBucket(List<Snapshot> history, int n, Function<Instant, String> bucket, Comparator<Snapshot> byTime,
      Set<String> kept) {
    TreeMap<Instant, Snapshot> newestOfBucket = new TreeMap<>(Comparator.reverseOrder());
    Map<String, Snapshot> best = new TreeMap<>();
    for (Snapshot s : history) {
      best.merge(bucket.apply(s.startedAt()), s, (a, c) -> byTime.compare(a, c) >= 0 ? a : c);
    }
    best.values().forEach(s -> newestOfBucket.put(s.startedAt(), s));
    newestOfBucket.values().stream().sorted(byTime.reversed()).limit(n).forEach(s -> kept.add(s.id()));
  }
}
