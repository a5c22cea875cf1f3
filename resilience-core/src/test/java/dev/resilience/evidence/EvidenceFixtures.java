package dev.resilience.evidence;

import dev.resilience.internal.evidence.Jcs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Builds small logs for verifier tests. */
final class EvidenceFixtures {
  private EvidenceFixtures() {}

  /** A log of {@code n} records (details {@code n} = 0-based index) signed by {@code key}. */
  static List<String> log(SigningKey key, int n) {
    return log(key, n, "svc");
  }

  static List<String> log(SigningKey key, int n, String actor) {
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));
    EvidenceLog log = EvidenceLog.builder().sink(sink).signingKey(key).clock(clock).actor(actor).build();
    for (int i = 0; i < n; i++) {
      log.record(EvidenceAction.BACKUP, EvidenceSubject.of("acme", "orders", "snap-" + i), Map.of("n", (long) i));
      clock.advance(Duration.ofHours(1));
    }
    return new ArrayList<>(sink.readAll());
  }

  /** A record signed by {@code key}, with whatever sequence and prev the test wants. */
  static String forge(long seq, String prev, SigningKey key, Map<String, Object> details) {
    EvidenceRecord r = new EvidenceRecord(seq, Instant.parse("2026-11-01T05:30:00Z"), "attacker", EvidenceAction.DELETION,
        EvidenceSubject.of("acme", "orders", "snap-x"), details, prev, key.keyId(), null);
    String sig = Base64.getEncoder().encodeToString(
        key.sign(Jcs.canonicalize(r.unsignedJson()).getBytes(StandardCharsets.UTF_8)));
    return new EvidenceRecord(r.sequence(), r.time(), r.actor(), r.action(), r.subject(), r.details(), prev,
        key.keyId(), sig).toCanonicalJson();
  }
}
