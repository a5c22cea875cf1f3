package dev.resilience.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.BackupKind;
import dev.resilience.Snapshot;
import dev.resilience.SnapshotStats;
import dev.resilience.SnapshotStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KeepPolicyTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  static Snapshot at(String id, String localDateTime) {
    Instant t = LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
    return new Snapshot(id, null, "directory:/data", null, null, null, BackupKind.FULL, t, t,
        SnapshotStatus.COMPLETE, Map.of(), new SnapshotStats(0, 0, 0, 0, 0, 0, 0), null, Map.of());
  }

  /** One snapshot every 6 hours from 2026-01-01 00:00 for 60 days. */
  static List<Snapshot> sixHourly() {
    List<Snapshot> out = new ArrayList<>();
    LocalDateTime t = LocalDateTime.parse("2026-01-01T00:00:00");
    for (int i = 0; i < 240; i++) {
      out.add(at(String.format("%08x", i), t.plusHours(6L * i).toString()));
    }
    return out;
  }

  static List<String> kept(KeepPolicy policy, List<Snapshot> snapshots) {
    return policy.apply(snapshots, UTC).stream()
        .filter(KeepPolicy.Decision::keep)
        .map(d -> d.snapshot().startedAt().toString())
        .collect(Collectors.toList());
  }

  @Test
  void keepLastKeepsTheNewestN() {
    List<String> kept = kept(new KeepPolicy(3, 0, 0, 0, 0, 0, null), sixHourly());
    assertThat(kept).containsExactly("2026-03-01T18:00:00Z", "2026-03-01T12:00:00Z", "2026-03-01T06:00:00Z");
  }

  @Test
  void keepDailyKeepsTheNewestSnapshotOfEachOfTheLastNDays() {
    List<String> kept = kept(new KeepPolicy(0, 0, 3, 0, 0, 0, null), sixHourly());
    assertThat(kept).containsExactly("2026-03-01T18:00:00Z", "2026-02-28T18:00:00Z", "2026-02-27T18:00:00Z");
  }

  @Test
  void keepWeeklyUsesIsoWeeks() {
    // 2026-03-01 is a Sunday (ISO week 9); week 8 ends Sunday 2026-02-22.
    List<String> kept = kept(new KeepPolicy(0, 0, 0, 2, 0, 0, null), sixHourly());
    assertThat(kept).containsExactly("2026-03-01T18:00:00Z", "2026-02-22T18:00:00Z");
  }

  @Test
  void keepMonthlyAndYearly() {
    assertThat(kept(new KeepPolicy(0, 0, 0, 0, 5, 0, null), sixHourly()))
        .containsExactly("2026-03-01T18:00:00Z", "2026-02-28T18:00:00Z", "2026-01-31T18:00:00Z");
    assertThat(kept(new KeepPolicy(0, 0, 0, 0, 0, 1, null), sixHourly())).containsExactly("2026-03-01T18:00:00Z");
  }

  @Test
  void rulesCombineAndEveryKeptSnapshotNamesItsReasons() {
    KeepPolicy policy = new KeepPolicy(2, 0, 2, 0, 0, 0, null);
    List<KeepPolicy.Decision> decisions = policy.apply(sixHourly(), UTC);
    List<KeepPolicy.Decision> kept = decisions.stream().filter(KeepPolicy.Decision::keep).toList();
    assertThat(kept).hasSize(3);
    assertThat(kept.get(0).reasons()).containsExactly("last snapshot", "daily snapshot");
    assertThat(kept.get(1).reasons()).containsExactly("last snapshot");
    assertThat(kept.get(2).snapshot().startedAt()).hasToString("2026-02-28T18:00:00Z");
    assertThat(kept.get(2).reasons()).containsExactly("daily snapshot");
    assertThat(decisions).hasSize(240);
    assertThat(decisions.stream().filter(d -> !d.keep()).allMatch(d -> d.reasons().isEmpty())).isTrue();
  }

  @Test
  void keepWithinIsRelativeToTheNewestSnapshotNotToNow() {
    List<String> kept = kept(new KeepPolicy(0, 0, 0, 0, 0, 0, KeepPolicy.Within.parse("1d")), sixHourly());
    // newest is 2026-03-01T18:00; strictly after 2026-02-28T18:00
    assertThat(kept).containsExactly(
        "2026-03-01T18:00:00Z", "2026-03-01T12:00:00Z", "2026-03-01T06:00:00Z", "2026-03-01T00:00:00Z");
  }

  @Test
  void unlimitedKeepsOnePerBucketForever() {
    List<String> kept = kept(new KeepPolicy(0, 0, -1, 0, 0, 0, null), sixHourly());
    assertThat(kept).hasSize(60);
  }

  @Test
  void hourlyBucketsFollowTheTimeZone() {
    // Two snapshots on the same UTC day but different days in UTC+10.
    List<Snapshot> two = List.of(at("a", "2026-01-01T13:30:00"), at("b", "2026-01-01T14:30:00"));
    KeepPolicy daily1 = new KeepPolicy(0, 0, 2, 0, 0, 0, null);
    assertThat(daily1.apply(two, UTC).stream().filter(KeepPolicy.Decision::keep).count()).isEqualTo(1);
    assertThat(daily1.apply(two, ZoneOffset.ofHours(10)).stream().filter(KeepPolicy.Decision::keep).count()).isEqualTo(2);
  }

  @Test
  void emptyPolicyKeepsEverything() {
    KeepPolicy empty = new KeepPolicy(0, 0, 0, 0, 0, 0, null);
    assertThat(empty.empty()).isTrue();
    assertThat(kept(empty, sixHourly())).hasSize(240);
  }

  @Test
  void withinParsesResticDurations() {
    assertThat(KeepPolicy.Within.parse("1y5m7d2h")).isEqualTo(new KeepPolicy.Within(1, 5, 7, 2));
    assertThat(KeepPolicy.Within.parse("36h")).hasToString("36h");
    assertThatThrownBy(() -> KeepPolicy.Within.parse("7 days")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeepPolicy.Within.parse("")).isInstanceOf(IllegalArgumentException.class);
  }
}
