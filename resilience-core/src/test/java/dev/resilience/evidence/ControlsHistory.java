package dev.resilience.evidence;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A generated two-week history of three datasets, written through a real {@link EvidenceLog}, with the
 * figures a report over it must show computed independently here.
 *
 * <ul>
 *   <li>{@code orders}: backups every 12 h, encrypted, WORM, copied to a second region, a deletion at 40
 *       days, a drill within RTO: every control passes;
 *   <li>{@code payments}: daily backups with 11-05 missing (a failed attempt) and 11-06 missing, one
 *       unencrypted backup, no copies, a deletion at 10 days, a drill over RTO: all but WORM fail;
 *   <li>{@code sessions}: backups every 8 h, a drill that failed validation; only frequency and RTO set.
 * </ul>
 */
final class ControlsHistory {
  static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-11-15T00:00:00Z");
  static final Duration DAY = Duration.ofDays(1);

  final SigningKey key = SigningKey.generate();
  final InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
  /** Successful backup times per dataset (all, including before the period). */
  final Map<String, List<Instant>> backupTimes = new TreeMap<>();
  /** Repository size reported by each successful backup in the period, per dataset. */
  final Map<String, List<Long>> repositorySizes = new TreeMap<>();
  final Map<String, Long> storedInPeriod = new TreeMap<>();

  private final List<Planned> planned = new ArrayList<>();
  private final Random random = new Random(42);

  private record Planned(Instant time, EvidenceAction action, EvidenceSubject subject, Map<String, Object> details) {}

  ControlsHistory() {
    orders();
    payments();
    sessions();
    planned.sort(Comparator.comparing(Planned::time));
    MutableClock clock = new MutableClock(FROM);
    EvidenceLog log = EvidenceLog.builder().sink(sink).signingKey(key).clock(clock).actor("engine@host-1").build();
    for (Planned p : planned) {
      clock.set(p.time());
      log.record(p.action(), p.subject(), p.details());
    }
  }

  static List<DatasetExpectations> expectations() {
    return List.of(
        DatasetExpectations.none("orders").withTenant("acme").withBackupFrequency(Duration.ofHours(12))
            .withMinRetention(Duration.ofDays(35)).withEncryptionRequired(true).withCrossRegionCopyRequired(true)
            .withRto(Duration.ofMinutes(30)).withWormRequired(true),
        DatasetExpectations.none("payments").withBackupFrequency(DAY).withMinRetention(Duration.ofDays(35))
            .withEncryptionRequired(true).withCrossRegionCopyRequired(true).withRto(Duration.ofMinutes(30))
            .withWormRequired(true),
        DatasetExpectations.none("sessions").withBackupFrequency(Duration.ofHours(8)).withRto(Duration.ofHours(1)));
  }

  private void orders() {
    long repo = 10L << 20;
    Instant t = Instant.parse("2026-10-31T12:00:00Z");
    int n = 0;
    while (t.isBefore(TO)) {
      long stored = 1024L * (1 + random.nextInt(1000));
      repo += stored;
      String snap = "orders-" + n++;
      backup("acme", "orders", snap, t, stored, repo, true, true, "eu-west-1", "complete");
      planned.add(new Planned(t.plus(Duration.ofMinutes(5)), EvidenceAction.COPY, EvidenceSubject.of("acme", "orders", snap),
          Map.of("repository", "s3://dr-backups", "region", "eu-central-1", "sourceRegion", "eu-west-1")));
      t = t.plus(Duration.ofHours(12));
    }
    planned.add(new Planned(Instant.parse("2026-11-03T01:00:00Z"), EvidenceAction.DELETION,
        EvidenceSubject.of("acme", "orders", "orders-old"), Map.of("ageMs", Duration.ofDays(40).toMillis(), "rule", "keep-within-35d")));
    // a live-data purge (rows, not a snapshot) is not a snapshot deletion and has no snapshot age
    planned.add(new Planned(Instant.parse("2026-11-04T01:00:00Z"), EvidenceAction.DELETION,
        EvidenceSubject.of("acme", "orders", null), Map.of("records", 1200L, "cutoff", "2026-05-04T00:00:00Z",
            "rule", "orders.created_at < now - 180d")));
    planned.add(new Planned(Instant.parse("2026-11-10T03:00:00Z"), EvidenceAction.DRILL,
        EvidenceSubject.of("acme", "orders", "orders-18"),
        Map.of("durationMs", Duration.ofMinutes(20).toMillis(), "rtoMs", Duration.ofMinutes(30).toMillis(), "passed", true)));
  }

  private void payments() {
    long repo = 50L << 20;
    LocalDate day = LocalDate.parse("2026-10-31");
    for (int i = 0; i < 15; i++, day = day.plusDays(1)) {
      Instant t = day.atTime(2, 0).toInstant(ZoneOffset.UTC);
      String snap = "payments-" + day;
      if (day.toString().equals("2026-11-05")) {
        backup("acme", "payments", snap, t, 0, repo, true, true, "us-east-1", "failed");
        continue;
      }
      if (day.toString().equals("2026-11-06")) {
        continue;
      }
      long stored = 4096L * (1 + random.nextInt(500));
      repo += stored;
      boolean encrypted = !day.toString().equals("2026-11-08");
      backup("acme", "payments", snap, t, stored, repo, encrypted, true, "us-east-1", "complete");
    }
    planned.add(new Planned(Instant.parse("2026-11-09T04:00:00Z"), EvidenceAction.DELETION,
        EvidenceSubject.of("acme", "payments", "payments-2026-10-30"), Map.of("ageMs", Duration.ofDays(10).toMillis())));
    planned.add(new Planned(Instant.parse("2026-11-12T05:00:00Z"), EvidenceAction.DRILL,
        EvidenceSubject.of("acme", "payments", "payments-2026-11-12"),
        Map.of("durationMs", Duration.ofMinutes(45).toMillis(), "rtoMs", Duration.ofMinutes(30).toMillis(), "passed", true)));
  }

  private void sessions() {
    long repo = 1L << 20;
    for (Instant t = FROM; t.isBefore(TO); t = t.plus(Duration.ofHours(8))) {
      long stored = 512L * (1 + random.nextInt(100));
      repo += stored;
      backup("acme", "sessions", "sessions-" + t.getEpochSecond(), t, stored, repo, false, false, "eu-west-1", "complete");
    }
    planned.add(new Planned(Instant.parse("2026-11-07T08:00:00Z"), EvidenceAction.DRILL,
        EvidenceSubject.of("acme", "sessions", "sessions-x"),
        Map.of("durationMs", Duration.ofMinutes(10).toMillis(), "passed", false)));
  }

  private void backup(String tenant, String dataset, String snapshot, Instant t, long stored, long repo,
      boolean encrypted, boolean worm, String region, String status) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("status", status);
    d.put("kind", "incremental");
    d.put("contentDigest", String.format("%064x", Math.abs((long) snapshot.hashCode())));
    d.put("bytes", stored * 10);
    d.put("stored", stored);
    d.put("repositoryBytes", repo);
    d.put("encrypted", encrypted);
    d.put("worm", worm);
    d.put("repository", "s3://backups-" + region);
    d.put("region", region);
    planned.add(new Planned(t, EvidenceAction.BACKUP, EvidenceSubject.of(tenant, dataset, snapshot), d));
    if (status.equals("failed")) {
      return;
    }
    backupTimes.computeIfAbsent(dataset, k -> new ArrayList<>()).add(t);
    if (!t.isBefore(FROM)) {
      repositorySizes.computeIfAbsent(dataset, k -> new ArrayList<>()).add(repo);
      storedInPeriod.merge(dataset, stored, Long::sum);
    }
  }

  /** Successful backups of {@code dataset} per UTC day of the period. */
  Map<LocalDate, Long> backupsPerDay(String dataset) {
    Map<LocalDate, Long> m = new TreeMap<>();
    for (LocalDate d = LocalDate.parse("2026-11-01"); d.isBefore(LocalDate.parse("2026-11-15")); d = d.plusDays(1)) {
      m.put(d, 0L);
    }
    for (Instant t : backupTimes.get(dataset)) {
      if (!t.isBefore(FROM) && t.isBefore(TO)) {
        m.merge(t.atZone(ZoneOffset.UTC).toLocalDate(), 1L, Long::sum);
      }
    }
    return m;
  }

  /** Age of the newest backup at the end of each day of the period, in ms. */
  Map<LocalDate, Long> rpoAgeAtDayEnd(String dataset) {
    Map<LocalDate, Long> m = new TreeMap<>();
    for (LocalDate d = LocalDate.parse("2026-11-01"); d.isBefore(LocalDate.parse("2026-11-15")); d = d.plusDays(1)) {
      Instant end = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant last = null;
      for (Instant t : backupTimes.get(dataset)) {
        if (t.isBefore(end)) {
          last = t;
        }
      }
      m.put(d, Duration.between(last, end).toMillis());
    }
    return m;
  }

  long successfulBackupsInPeriod(String dataset) {
    return backupTimes.get(dataset).stream().filter(t -> !t.isBefore(FROM) && t.isBefore(TO)).count();
  }
}
