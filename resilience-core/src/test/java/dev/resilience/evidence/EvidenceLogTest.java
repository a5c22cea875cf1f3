package dev.resilience.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.AccessDeniedException;
import dev.resilience.ConfigurationException;
import dev.resilience.internal.evidence.Digests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EvidenceLogTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));

  private EvidenceLog log(InMemoryEvidenceSink sink, SigningKey key) {
    return EvidenceLog.builder().sink(sink).signingKey(key).clock(clock).actor("svc@host-1").build();
  }

  @Test
  void recordsAreNumberedChainedSignedAndCanonical() {
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    SigningKey key = SigningKey.generate();
    EvidenceLog log = log(sink, key);
    EvidenceRecord first = log.record(EvidenceAction.BACKUP, EvidenceSubject.of("acme", "orders", "s1"),
        Map.of("stored", 10L, "encrypted", true, "region", "eu-west-1"));
    clock.advance(Duration.ofMinutes(5));
    EvidenceRecord second = log.record(EvidenceAction.DRILL, EvidenceSubject.of("acme", "orders", "s1"),
        Map.of("durationMs", 60_000L, "rtoMs", 1_800_000L, "passed", true));

    List<String> lines = sink.readAll();
    assertThat(lines).hasSize(2);
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.prevHash()).isEqualTo(Digests.GENESIS);
    assertThat(second.prevHash()).isEqualTo(Digests.recordHash(lines.get(0)));
    assertThat(EvidenceRecord.parse(lines.get(1))).isEqualTo(second);
    assertThat(lines.get(0)).startsWith("{\"action\":\"backup\",\"actor\":\"svc@host-1\",\"details\":{\"encrypted\":true,");
    assertThat(second.time()).isEqualTo(Instant.parse("2026-11-01T00:05:00Z"));
    assertThat(EvidenceVerifier.trusting(key.publicKey()).verify(lines).intact()).isTrue();
  }

  @Test
  void resumesTheChainAfterARestart() {
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    SigningKey key = SigningKey.generate();
    log(sink, key).record(EvidenceAction.POLICY_CHANGE, EvidenceSubject.dataset("acme", "orders"), Map.of("policy", "p1"));
    EvidenceLog restarted = log(sink, key);
    EvidenceRecord next = restarted.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of());
    assertThat(next.sequence()).isEqualTo(2);
    assertThat(EvidenceVerifier.trusting(key.publicKey()).verify(sink.readAll()).intact()).isTrue();
  }

  @Test
  void refusesToResumeWithAKeyOtherThanTheLogsCurrentKey() {
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    SigningKey key = SigningKey.generate();
    log(sink, key).record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of());
    assertThatThrownBy(() -> log(sink, SigningKey.generate())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(key.keyId());
  }

  @Test
  void keyRotationIsASignedRecordAndVerifiersFollowIt() {
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    SigningKey oldKey = SigningKey.generate();
    SigningKey newKey = SigningKey.generate();
    EvidenceLog log = log(sink, oldKey);
    log.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of());
    EvidenceRecord rotation = log.rotateKey(newKey);
    log.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of());

    assertThat(rotation.keyId()).isEqualTo(oldKey.keyId());
    assertThat(rotation.detailString("nextKeyId")).isEqualTo(newKey.keyId());
    assertThat(EvidenceRecord.parse(sink.readAll().get(2)).keyId()).isEqualTo(newKey.keyId());
    EvidenceVerification v = EvidenceVerifier.trusting(oldKey.publicKey()).verify(sink.readAll());
    assertThat(v.intact()).isTrue();
    assertThat(v.keyIds()).containsExactly(oldKey.keyId(), newKey.keyId());
    // after a restart the log continues with the next key
    EvidenceLog restarted = log(sink, newKey);
    assertThat(restarted.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of()).sequence()).isEqualTo(4);
    assertThatThrownBy(() -> log(sink, oldKey)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void sealedKeysUnwrapOnlyWithTheirKeyProviderAndNeverShowTheSecret() {
    TestKeyProvider provider = new TestKeyProvider();
    SigningKey key = SigningKey.generate();
    SealedSigningKey sealed = key.seal(provider);
    SealedSigningKey reread = SealedSigningKey.fromJson(sealed.toJson());
    SigningKey unsealed = reread.unseal(provider);

    byte[] data = "evidence".getBytes();
    assertThat(EvidenceKeys.verify(key.publicKey(), data, unsealed.sign(data))).isTrue();
    assertThat(unsealed.keyId()).isEqualTo(key.keyId());
    assertThatThrownBy(() -> reread.unseal(new TestKeyProvider())).isInstanceOf(AccessDeniedException.class);
    assertThat(sealed.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(sealed.publicKey()));
    assertThat(key.toString()).isEqualTo("SigningKey[" + key.keyId() + "]");
    assertThat(EvidenceKeys.parsePem(key.publicKeyPem())).containsExactly(key.publicKey());
  }

  @Test
  void concurrentRecordersProduceOneGaplessVerifiableChain() throws Exception {
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    SigningKey key = SigningKey.generate();
    EvidenceLog log = log(sink, key);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      futures.add(pool.submit(() -> log.record(EvidenceAction.VERIFICATION, EvidenceSubject.NONE,
          Map.of("n", (long) n)).sequence()));
    }
    Set<Long> seqs = new HashSet<>();
    for (Future<Long> f : futures) {
      seqs.add(f.get());
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seqs).hasSize(100);
    EvidenceVerification v = EvidenceVerifier.trusting(key.publicKey()).verify(sink.readAll());
    assertThat(v.intact()).isTrue();
    assertThat(v.lastSequence()).isEqualTo(100);
  }

  @Test
  void refusesDetailsThatAreNotCanonicalJsonValues() {
    EvidenceLog log = log(new InMemoryEvidenceSink(), SigningKey.generate());
    assertThatThrownBy(() -> log.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of("ratio", 0.5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(log.lastSequence()).isZero();
  }

  @Test
  void builderRejectsRepeatedAndMissingOptions() {
    EvidenceLog.Builder b = EvidenceLog.builder().actor("a");
    assertThatThrownBy(() -> b.actor("b")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> EvidenceLog.builder().actor(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
