package dev.resilience.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.BackupKind;
import dev.resilience.IntegrityException;
import dev.resilience.Snapshot;
import dev.resilience.SnapshotStats;
import dev.resilience.SnapshotStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttestationsTest {
  private final SigningKey key = SigningKey.generate();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));
  private final InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
  private final EvidenceLog log = EvidenceLog.builder().sink(sink).signingKey(key).clock(clock).actor("svc").build();
  private final Instant from = Instant.parse("2026-11-02T00:00:00Z");
  private final Instant to = Instant.parse("2026-11-04T00:00:00Z");

  private void history() {
    backup("before", "a".repeat(64));            // 2026-11-01, outside the period
    clock.set(from.plus(Duration.ofHours(1)));
    backup("s1", "b".repeat(64));
    clock.advance(Duration.ofHours(2));
    log.record(EvidenceAction.DRILL, EvidenceSubject.of("acme", "orders", "s1"),
        Map.of("durationMs", 600_000L, "rtoMs", 1_800_000L, "passed", true));
    clock.advance(Duration.ofHours(20));
    backup("s2", "c".repeat(64));
    log.record(EvidenceAction.RETENTION_DECISION, EvidenceSubject.of("acme", "orders", "before"),
        Map.of("decision", "delete", "rule", "keep-daily-7"));
    log.record(EvidenceAction.DELETION, EvidenceSubject.of("acme", "orders", "before"), Map.of("ageMs", 86_400_000L));
    log.record(EvidenceAction.LEGAL_HOLD_SET, EvidenceSubject.of("acme", "orders", "s2"), Map.of("holdId", "case-7"));
    clock.set(to.plus(Duration.ofHours(1)));
    backup("after", "d".repeat(64));
  }

  private void backup(String snapshot, String digest) {
    log.record(EvidenceAction.BACKUP, EvidenceSubject.of("acme", "orders", snapshot),
        Map.of("contentDigest", digest, "bytes", 1000L, "stored", 100L, "encrypted", true));
  }

  @Test
  @SuppressWarnings("unchecked")
  void backupDetailsBuiltFromASnapshotBecomeTheAttestationSubjectAndPassTheControls() {
    clock.set(from.plus(Duration.ofHours(2)));
    Snapshot snapshot = new Snapshot("f00dfeed", null, "postgres", "acme", "orders", null, BackupKind.FULL,
        from.plus(Duration.ofHours(1)), from.plus(Duration.ofHours(2)), SnapshotStatus.COMPLETE, Map.of(),
        new SnapshotStats(10, 8, 5000, 4000, 1500, 3, 1), "e".repeat(64), Map.of());
    log.record(EvidenceAction.BACKUP, EvidenceSubject.of("acme", "orders", snapshot.id()),
        EvidenceDetails.backup(snapshot, true, true, "s3://eu", "eu-west-1", 123_456L));
    log.record(EvidenceAction.COPY, EvidenceSubject.of("acme", "orders", snapshot.id()),
        EvidenceDetails.copy("s3://us", "us-east-1", "eu-west-1"));

    Map<String, Object> statement = Attestations.statement(log.records(), from, to);
    List<Map<String, Object>> subjects = (List<Map<String, Object>>) statement.get("subject");
    assertThat(subjects.get(0)).containsEntry("name", "snapshot:f00dfeed")
        .containsEntry("digest", Map.of("sha256", "e".repeat(64)));

    ControlsReport report = new ControlsReporter(clock).report(log.records(), List.of(DatasetExpectations.none("orders")
            .withEncryptionRequired(true).withWormRequired(true).withCrossRegionCopyRequired(true)),
        from, from.plus(Duration.ofHours(3)), new ControlsReport.LogIntegrity(false, "test"));
    assertThat(report.passed()).isTrue();
    assertThat(report.datasets().get(0).figures().storedBytes()).isEqualTo(1500);
    assertThat(report.datasets().get(0).figures().repositorySize().get(0).value()).isEqualTo(123_456L);
  }

  @Test
  void paeMatchesTheDsseSpecificationExample() {
    byte[] pae = DsseEnvelope.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(pae, StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theStatementListsThePeriodsSnapshotsAndSummarisesBackupsDrillsAndRetention() {
    history();
    List<EvidenceRecord> records = log.records();
    DsseEnvelope envelope = Attestations.export(records, from, to, key);
    DsseEnvelope parsed = DsseEnvelope.fromJson(envelope.toJson());
    Map<String, Object> statement = Attestations.verify(parsed, List.of(key.publicKey()));

    assertThat(parsed.payloadType()).isEqualTo("application/vnd.in-toto+json");
    assertThat(statement.get("_type")).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(statement.get("predicateType")).isEqualTo(Attestations.PREDICATE_TYPE);
    List<Map<String, Object>> subjects = (List<Map<String, Object>>) statement.get("subject");
    assertThat(subjects).extracting(s -> s.get("name"))
        .containsExactly("snapshot:s1", "snapshot:s2", "evidence-log");
    assertThat(subjects.get(0).get("digest")).isEqualTo(Map.of("sha256", "b".repeat(64)));
    assertThat(subjects.get(2).get("digest")).isEqualTo(Map.of("sha256", records.get(records.size() - 1).hash()));

    Map<String, Object> predicate = (Map<String, Object>) statement.get("predicate");
    Map<String, Object> backups = (Map<String, Object>) predicate.get("backups");
    assertThat(backups.get("count")).isEqualTo(2L);
    assertThat(backups.get("stored")).isEqualTo(200L);
    List<Map<String, Object>> drills = (List<Map<String, Object>>) predicate.get("drills");
    assertThat(drills).hasSize(1);
    assertThat(drills.get(0)).containsEntry("durationMs", 600_000L).containsEntry("rtoMs", 1_800_000L)
        .containsEntry("withinRto", true);
    Map<String, Object> retention = (Map<String, Object>) predicate.get("retention");
    assertThat(retention).containsEntry("deletions", 1L).containsEntry("legalHoldsSet", 1L)
        .containsEntry("decisions", Map.of("delete", 1L));
    Map<String, Object> logInfo = (Map<String, Object>) predicate.get("log");
    assertThat(logInfo).containsEntry("lastSequence", 8L).containsEntry("recordsInPeriod", 6L);
  }

  @Test
  void theEnvelopeFailsWithAnyOtherKeyOrAnyChangedByte() {
    history();
    DsseEnvelope envelope = Attestations.export(log.records(), from, to, key);
    assertThatThrownBy(() -> Attestations.verify(envelope, List.of(SigningKey.generate().publicKey())))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("does not verify");

    byte[] payload = envelope.payload();
    payload[payload.length / 2] ^= 1;
    DsseEnvelope tampered = new DsseEnvelope(envelope.payloadType(), payload, envelope.signatures());
    assertThatThrownBy(() -> Attestations.verify(tampered, List.of(key.publicKey())))
        .isInstanceOf(IntegrityException.class);

    DsseEnvelope otherType = new DsseEnvelope("text/plain", envelope.payload(), envelope.signatures());
    assertThatThrownBy(() -> Attestations.verify(otherType, List.of(key.publicKey())))
        .isInstanceOf(IntegrityException.class);

    // a signature made over the raw payload instead of PAE does not verify either
    DsseEnvelope rawSig = new DsseEnvelope(envelope.payloadType(), envelope.payload(),
        List.of(new DsseEnvelope.Sig(key.keyId(), key.sign(envelope.payload()))));
    assertThatThrownBy(() -> Attestations.verify(rawSig, List.of(key.publicKey())))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void theEnvelopeJsonHasTheDsseShape() {
    history();
    String json = Attestations.export(log.records(), from, to, key).toJson();
    Map<String, Object> m = dev.resilience.internal.evidence.Jcs.parseObject(json);
    assertThat(m).containsOnlyKeys("payload", "payloadType", "signatures");
    List<Map<String, Object>> sigs = new ArrayList<>((List<Map<String, Object>>) (Object) m.get("signatures"));
    assertThat(sigs.get(0)).containsEntry("keyid", key.keyId());
    assertThat(Base64.getDecoder().decode((String) sigs.get(0).get("sig"))).hasSize(64);
  }
}
