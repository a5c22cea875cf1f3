package dev.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

  static final String VALID = """
      version: 1
      classifications:
        FINANCIAL: {minimumAge: 7y}
        PII: {maximumAge: 8y}
      datasets:
        - tenant: acme
          dataset: orders
          classification: financial
          alsoClassified: [PII]
          schedules:
            full: {cron: "0 2 * * 0", zone: Europe/Berlin, startWindow: 1h, completionWindow: 4h, jitter: 10m}
            incremental: {cron: "0 * * * *", zone: Europe/Berlin}
          missedRuns: skip
          rpo: 2h
          rto: 30m
          bandwidth: {backup: 50000000, restore: 100000000}
          retention: {keepLast: 24, keepDaily: 7, keepWeekly: 5, keepMonthly: 12, keepWithin: 2d,
                      keepTags: [pre-migration], hot: 30d, cold: 2900d, worm: 30d}
          drill: {select: RANDOM, window: 7d, schedule: {cron: "0 4 * * 6"}, verifiers: [checksums]}
          replication: {repository: dr-eu, schedule: {cron: "30 * * * *"}}
        - tenant: acme
          dataset: uploads
          classification: OPERATIONAL
          schedules:
            full: {cron: "0 3 * * *"}
          rpo: 1d
      """;

  @Test
  void readsEveryFieldOfAValidDocument() {
    PolicyDocument doc = PolicyDocument.parse(VALID);
    assertThat(doc.datasets()).hasSize(2);
    DatasetPolicy orders = doc.dataset("acme", "orders").orElseThrow();
    assertThat(orders.classification()).isEqualTo(Classification.FINANCIAL);
    assertThat(orders.alsoClassified()).containsExactly(Classification.PII);
    assertThat(orders.full().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(orders.full().completionWindow()).isEqualTo(Duration.ofHours(4));
    assertThat(orders.full().jitter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(orders.missedRuns()).isEqualTo(MissedRuns.SKIP);
    assertThat(orders.rpo()).isEqualTo(Duration.ofHours(2));
    assertThat(orders.restoreBytesPerSecond()).isEqualTo(100_000_000L);
    RetentionPolicy r = orders.retention();
    assertThat(r.keepLast()).isEqualTo(24);
    assertThat(r.keepTags()).containsExactly("pre-migration");
    assertThat(r.minimumAges()).containsEntry("FINANCIAL", Duration.ofDays(7 * 365));
    assertThat(r.maximumAges()).containsEntry("PII", Duration.ofDays(8 * 365));
    assertThat(r.worm()).isEqualTo(Duration.ofDays(30));
    assertThat(orders.drill().selection()).isEqualTo(DrillPolicy.Selection.RANDOM);
    assertThat(orders.replication().repository()).isEqualTo("dr-eu");
  }

  @Test
  void jsonAndYamlRoundTripToTheSamePolicies() {
    PolicyDocument doc = PolicyDocument.parse(VALID);
    assertThat(PolicyDocument.parse(doc.toJson()).datasets()).isEqualTo(doc.datasets());
    assertThat(PolicyDocument.parse(doc.toYaml()).datasets()).isEqualTo(doc.datasets());
  }

  @Test
  void anInvalidDocumentReportsEveryProblemWithItsPath() {
    String bad = """
        version: 1
        classifications:
          FINANCIAL: {minimumAge: 7y}
          PII: {maximumAge: 90d}
        datasets:
          - tenant: acme
            dataset: ledger
            classification: FINANCIAL
            alsoClassified: [PII]
            schedules: {full: {cron: "0 2 * * *"}}
            rpo: 2d
          - tenant: acme
            dataset: events
            classification: OPERATIONAL
            schedules:
              full: {cron: "0 2 * * *"}
              incremental: {cron: "0 * * * *"}
            rpo: 30m
          - tenant: acme
            dataset: logs
            classification: OPERATIONAL
            schedules: {full: {cron: "0 25 * * *", zone: Mars/Olympus}}
            rpo: soon
            retention: {hot: 12h, cold: 6h, keepDayly: 3, keepLast: -1}
            drill: {select: sometimes, verifiers: [checksums, vibes]}
          - dataset: "bad name!"
            classification: PUBLIC
        """;
    assertThatThrownBy(() -> PolicyDocument.parse(bad))
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "datasets[0].retention: maximum age 90d (PII) is shorter than minimum age 7y (FINANCIAL)",
            "datasets[1].rpo: 30m is shorter than the interval of the incremental schedule (1h)",
            "datasets[2].schedules.full.zone: unknown time zone 'Mars/Olympus'",
            "datasets[2].rpo: 'soon' is not a duration (use e.g. 90s, 15m, 12h, 30d, 2w, 7y or ISO-8601 PT1H)",
            "datasets[2].retention.keepDayly: unknown field (known: cold, hot, keepDaily, keepHourly, keepLast, "
                + "keepMonthly, keepTags, keepWeekly, keepWithin, keepYearly, maximumAges, minimumAges, worm, zone)",
            "datasets[2].retention.keepLast: keepLast must be >= 0, got -1",
            "datasets[2].retention.hot: must be ≥ 1 day, got 12h",
            "datasets[2].retention.cold: 6h must be longer than retention.hot 12h (a snapshot is deleted before it was ever cold)",
            "datasets[2].drill.select: 'sometimes' is not one of [LATEST, RANDOM]",
            "datasets[2].drill.verifiers[1]: unknown verifier 'vibes'; known: [checksums]",
            "datasets[3].tenant: is required",
            "datasets[3].dataset: 'bad name!' must be 1-128 letters, digits, '.', '_' or '-'",
            "datasets[3].schedules.full: is required",
            "datasets[3].rpo: is required"));
  }

  @Test
  void anInvalidCronIsReportedAtItsPath() {
    String bad = """
        {"version": 1, "datasets": [{"tenant": "t", "dataset": "d", "classification": "PII",
          "schedules": {"full": {"cron": "61 * * * *"}}, "rpo": "1d"}]}
        """;
    assertThatThrownBy(() -> PolicyDocument.parse(bad))
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("datasets[0].schedules.full.cron: invalid cron '61 * * * *'"));
  }

  @Test
  void theBuilderRefusesContradictionsListingEachOne() {
    DatasetPolicy.Builder b = DatasetPolicy.builder("acme", "customers")
        .classification(Classification.PII)
        .alsoClassified(Classification.FINANCIAL)
        .fullBackups(Schedule.cron("0 2 * * *"))
        .rpo(Duration.ofHours(1))
        .retention(RetentionPolicy.builder()
            .keepDaily(7)
            .hot(Duration.ofDays(60))
            .cold(Duration.ofDays(30))
            .minimumAge(Classification.FINANCIAL, Duration.ofDays(365))
            .maximumAge(Classification.PII, Duration.ofDays(90))
            .build());
    assertThatThrownBy(b::build)
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.problems()).contains(
            "rpo: 1h is shorter than the interval of the full schedule (1d)",
            "retention: maximum age 90d (PII) is shorter than minimum age 1y (FINANCIAL)",
            "retention.cold: 30d must be longer than retention.hot 60d (a snapshot is deleted before it was ever cold)",
            "retention.cold: deletes at 30d, before the minimum age 1y (FINANCIAL)"));
  }

  @Test
  void builderSettersRejectBadValuesImmediately() {
    assertThatThrownBy(() -> RetentionPolicy.builder().keepDaily(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedule.cron("not a cron")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedule.cron("0 * * * *").withJitter(Duration.ofHours(2)))
        .hasMessageContaining("jitter must be >= 0 and shorter than startWindow");
    DatasetPolicy ok = DatasetPolicy.builder("acme", "d").classification(Classification.PUBLIC)
        .fullBackups(Schedule.cron("0 2 * * *")).rpo(Duration.ofDays(1)).build();
    assertThat(ok.id()).isEqualTo("acme/d");
    assertThat(PolicyDocument.of(List.of(ok)).datasets()).containsExactly(ok);
  }
}
