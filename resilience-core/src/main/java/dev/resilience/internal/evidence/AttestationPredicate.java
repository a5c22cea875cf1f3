package dev.resilience.internal.evidence;

import dev.resilience.evidence.EvidenceAction;
import dev.resilience.evidence.EvidenceDetails;
import dev.resilience.evidence.EvidenceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the in-toto statement (subjects and evidence-summary predicate) for a period. */
public final class AttestationPredicate {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://resilience.dev/attestation/evidence-summary/v1";
  /** Subject name under which the evidence log itself is attested (digest = hash of its last record). */
  public static final String LOG_SUBJECT = "evidence-log";

  private AttestationPredicate() {}

  /** The statement for records in {@code [from, to)}; {@code all} is the whole verified log. */
  public static Map<String, Object> statement(List<EvidenceRecord> all, Instant from, Instant to) {
    List<EvidenceRecord> period = all.stream()
        .filter(r -> !r.time().isBefore(from) && r.time().isBefore(to)).toList();
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("_type", STATEMENT_TYPE);
    statement.put("subject", subjects(all, period));
    statement.put("predicateType", PREDICATE_TYPE);
    statement.put("predicate", predicate(all, period, from, to));
    return statement;
  }

  private static List<Object> subjects(List<EvidenceRecord> all, List<EvidenceRecord> period) {
    Map<String, Object> bySnapshot = new TreeMap<>();
    for (EvidenceRecord r : period) {
      String digest = r.detailString(EvidenceDetails.CONTENT_DIGEST);
      if (r.action() == EvidenceAction.BACKUP && r.subject().snapshot() != null && digest != null
          && digest.matches("[0-9a-f]{64}") && !"failed".equals(r.detailString(EvidenceDetails.STATUS))) {
        bySnapshot.put(r.subject().snapshot(), subject("snapshot:" + r.subject().snapshot(), digest));
      }
    }
    List<Object> subjects = new ArrayList<>(bySnapshot.values());
    if (!all.isEmpty()) {
      subjects.add(subject(LOG_SUBJECT, all.get(all.size() - 1).hash()));
    }
    return subjects;
  }

  private static Map<String, Object> subject(String name, String sha256) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("digest", Map.of("sha256", sha256));
    return m;
  }

  private static Map<String, Object> predicate(List<EvidenceRecord> all, List<EvidenceRecord> period,
      Instant from, Instant to) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("period", Map.of("from", from.toString(), "to", to.toString()));
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("recordsInPeriod", (long) period.size());
    log.put("firstSequenceInPeriod", period.isEmpty() ? null : period.get(0).sequence());
    log.put("lastSequenceInPeriod", period.isEmpty() ? null : period.get(period.size() - 1).sequence());
    log.put("lastSequence", all.isEmpty() ? 0L : all.get(all.size() - 1).sequence());
    log.put("lastHash", all.isEmpty() ? Digests.GENESIS : all.get(all.size() - 1).hash());
    p.put("log", log);

    long backups = 0;
    long failed = 0;
    long bytes = 0;
    long stored = 0;
    Map<String, Long> perDataset = new TreeMap<>();
    List<Object> drills = new ArrayList<>();
    Map<String, Long> decisions = new TreeMap<>();
    long deletions = 0;
    long holdsSet = 0;
    long holdsReleased = 0;
    long copies = 0;
    for (EvidenceRecord r : period) {
      switch (r.action()) {
        case BACKUP -> {
          if ("failed".equals(r.detailString(EvidenceDetails.STATUS))) {
            failed++;
          } else {
            backups++;
            bytes += orZero(r.detailLong(EvidenceDetails.BYTES));
            stored += orZero(r.detailLong(EvidenceDetails.STORED));
            perDataset.merge(String.valueOf(r.subject().dataset()), 1L, Long::sum);
          }
        }
        case DRILL -> drills.add(drill(r));
        case RETENTION_DECISION -> decisions.merge(String.valueOf(r.detailString(EvidenceDetails.DECISION)), 1L, Long::sum);
        case DELETION -> deletions++;
        case LEGAL_HOLD_SET -> holdsSet++;
        case LEGAL_HOLD_RELEASE -> holdsReleased++;
        case COPY -> copies++;
        default -> { }
      }
    }
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("count", backups);
    b.put("failed", failed);
    b.put("bytes", bytes);
    b.put("stored", stored);
    b.put("perDataset", perDataset);
    b.put("copies", copies);
    p.put("backups", b);
    p.put("drills", drills);
    Map<String, Object> ret = new LinkedHashMap<>();
    ret.put("decisions", decisions);
    ret.put("deletions", deletions);
    ret.put("legalHoldsSet", holdsSet);
    ret.put("legalHoldsReleased", holdsReleased);
    p.put("retention", ret);
    return p;
  }

  private static Map<String, Object> drill(EvidenceRecord r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("sequence", r.sequence());
    d.put("time", r.time().toString());
    d.put("tenant", r.subject().tenant());
    d.put("dataset", r.subject().dataset());
    d.put("snapshot", r.subject().snapshot());
    Long duration = r.detailLong(EvidenceDetails.DURATION_MS);
    Long rto = r.detailLong(EvidenceDetails.RTO_MS);
    d.put("durationMs", duration);
    d.put("rtoMs", rto);
    d.put("passed", r.detailBoolean(EvidenceDetails.PASSED));
    d.put("withinRto", duration != null && rto != null ? duration <= rto : null);
    return d;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}
