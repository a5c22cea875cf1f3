package dev.resilience.internal.retention;

import static dev.resilience.internal.retention.Histories.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.Classification;
import dev.resilience.LegalHold;
import dev.resilience.RetentionPlan;
import dev.resilience.RetentionPolicy;
import dev.resilience.Snapshot;
import dev.resilience.spi.RetentionRule.Action;
import dev.resilience.spi.StorageTier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  static List<Snapshot> dailyFor(int days) {
    List<Snapshot> out = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      out.add(snapshot("s" + d, NOW.minus(Duration.ofDays(d)).minusSeconds(3600), Map.of()));
    }
    return out;
  }

  @Test
  void keepRulesComposeAndEveryDecisionNamesItsRule() {
    List<Snapshot> history = dailyFor(40);
    RetentionPolicy p = RetentionPolicy.builder().keepLast(2).keepDaily(5).keepWeekly(3).hot(Duration.ofDays(3)).build();
    RetentionPlan plan = RetentionPlanner.plan("acme/orders", history, p, List.of(), List.of(), Map.of(), NOW);

    assertThat(plan.decision("s0").orElseThrow().reasons())
        .contains("keep-last 2: #1 newest", "keep-daily 5: newest of 2026-11-20", "keep-weekly 3: newest of 2026-W47");
    assertThat(plan.decision("s4").orElseThrow().action()).isEqualTo(Action.MOVE_TO_COLD);
    assertThat(plan.decision("s4").orElseThrow().reasons()).contains("older than retention.hot 3d: move to cold");
    assertThat(plan.decision("s5").orElseThrow().reasons()).contains("keep-weekly 3: newest of 2026-W46");
    assertThat(plan.decision("s6").orElseThrow().action()).isEqualTo(Action.DELETE);
    assertThat(plan.decision("s6").orElseThrow().reasons())
        .containsExactly("no rule keeps it (keep-last 2, keep-daily 5, keep-weekly 3)");
    assertThat(plan.toKeep()).hasSize(5 + 2); // 5 days, plus the newest of each of the two weeks before
    assertThat(plan.describe()).contains("MOVE_TO_COLD").contains("keep-daily 5");
  }

  @Test
  void holdsAndWormProtectWhatRulesWouldDelete() {
    List<Snapshot> history = dailyFor(30);
    RetentionPolicy p = RetentionPolicy.builder().keepLast(1).worm(Duration.ofDays(3)).build();
    LegalHold bySnapshot = LegalHold.builder("case-1", "litigation").snapshot("s20").build();
    LegalHold byRange = LegalHold.builder("case-2", "audit").tenant("acme")
        .takenBetween(NOW.minus(Duration.ofDays(11)), NOW.minus(Duration.ofDays(9))).build();
    LegalHold otherTenant = LegalHold.builder("case-3", "other").tenant("globex").build();
    RetentionPlan plan = RetentionPlanner.plan("acme/orders", history, p, List.of(),
        List.of(bySnapshot, byRange, otherTenant), Map.of(), NOW);

    assertThat(plan.decision("s20").orElseThrow().protectedBy()).containsExactly("legal hold case-1");
    assertThat(plan.decision("s10").orElseThrow().protectedBy()).containsExactly("legal hold case-2");
    assertThat(plan.decision("s2").orElseThrow().reasons()).anyMatch(r -> r.startsWith("WORM-locked until"));
    assertThat(plan.toDelete()).extracting(RetentionPlan.Decision::snapshotId)
        .doesNotContain("s0", "s1", "s2", "s9", "s10", "s20")
        .contains("s3", "s11", "s29");
  }

  @Test
  void classificationLimitsOverrideKeepRules() {
    List<Snapshot> history = dailyFor(10);
    RetentionPolicy p = RetentionPolicy.builder().keepLast(100)
        .minimumAge(Classification.FINANCIAL, Duration.ofDays(2))
        .maximumAge(Classification.PII, Duration.ofDays(6)).build();
    RetentionPlan plan = RetentionPlanner.plan("acme/orders", history, p, List.of(), List.of(), Map.of(), NOW);
    assertThat(plan.decision("s7").orElseThrow().reasons()).containsExactly("older than the maximum age 6d (PII)");
    assertThat(plan.decision("s0").orElseThrow().reasons()).first().isEqualTo("younger than the minimum age 2d (FINANCIAL)");
    assertThat(plan.toDelete()).extracting(RetentionPlan.Decision::snapshotId).containsExactly("s6", "s7", "s8", "s9");
  }

  @Test
  void aSnapshotAlreadyColdStaysWithoutAnotherMove() {
    List<Snapshot> history = dailyFor(5);
    RetentionPolicy p = RetentionPolicy.builder().hot(Duration.ofDays(1)).build();
    RetentionPlan plan = RetentionPlanner.plan("acme/orders", history, p, List.of(), List.of(),
        Map.of("s3", SnapshotAnnotation.hot("s3").withTier(StorageTier.COLD, NOW)), NOW);
    assertThat(plan.decision("s3").orElseThrow().action()).isEqualTo(Action.KEEP);
    assertThat(plan.decision("s3").orElseThrow().tier()).isEqualTo(StorageTier.COLD);
    assertThat(plan.decision("s2").orElseThrow().action()).isEqualTo(Action.MOVE_TO_COLD);
  }

  @Test
  void wormRetentionCanBeExtendedButNotShortened() {
    RetentionPolicy current = RetentionPolicy.builder().keepDaily(7).worm(Duration.ofDays(30)).cold(Duration.ofDays(90)).build();
    RetentionPolicy longer = current.toBuilder().keepDaily(14).worm(Duration.ofDays(60)).build();
    RetentionPolicy shorter = current.toBuilder().keepDaily(3).cold(Duration.ofDays(60)).build();
    assertThat(WormGuard.shortenings(current, longer)).isEmpty();
    assertThat(WormGuard.shortenings(current, shorter))
        .containsExactly("retention.keepDaily: 7 cannot become 3", "retention.cold: 90d cannot become 60d");
  }

  @Test
  void aDeleteDecisionOnAProtectedSnapshotCannotExist() {
    assertThatThrownBy(() -> new RetentionPlan.Decision("x", NOW, StorageTier.HOT, Action.DELETE, List.of("r"),
        List.of("legal hold h"))).isInstanceOf(IllegalStateException.class);
  }
}
