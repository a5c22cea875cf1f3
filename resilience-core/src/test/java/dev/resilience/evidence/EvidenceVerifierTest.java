package dev.resilience.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.evidence.EvidenceProblem.Kind;
import dev.resilience.internal.evidence.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of tampering is found at its exact record. */
class EvidenceVerifierTest {
  private final SigningKey key = SigningKey.generate();
  private final List<String> log = EvidenceFixtures.log(key, 10);
  private final EvidenceVerifier verifier = EvidenceVerifier.trusting(key.publicKey());

  private EvidenceProblem problem(List<String> lines) {
    return problem(verifier, lines);
  }

  private static EvidenceProblem problem(EvidenceVerifier v, List<String> lines) {
    EvidenceVerification result = v.verify(lines);
    assertThat(result.intact()).as("tampering must be detected").isFalse();
    return result.problem();
  }

  private List<String> copy() {
    return new ArrayList<>(log);
  }

  @Test
  void anUntouchedLogVerifies() {
    EvidenceVerification v = verifier.verify(log);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(10);
    assertThat(v.lastSequence()).isEqualTo(10);
    assertThat(v.lastHash()).isEqualTo(Digests.recordHash(log.get(9)));
    assertThat(v.anchored()).isFalse();
    assertThat(v.parsed()).hasSize(10);
  }

  @Test
  void anEditedValueIsFoundAtItsRecord() {
    List<String> lines = copy();
    lines.set(4, lines.get(4).replace("\"n\":4", "\"n\":40"));
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.EDITED);
    assertThat(p.index()).isEqualTo(4);
    assertThat(p.sequence()).isEqualTo(5);
    assertThat(p.message()).contains("position 5 (seq 5)").contains("signature");
  }

  @Test
  void aReformattedRecordIsFoundAtItsRecord() {
    List<String> lines = copy();
    lines.set(3, lines.get(3).replace("{\"action\"", "{ \"action\""));
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.EDITED);
    assertThat(p.index()).isEqualTo(3);
    assertThat(p.message()).contains("canonical");
  }

  @Test
  void aDeletedRecordIsFoundWhereItIsMissing() {
    List<String> lines = copy();
    lines.remove(4);
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.DELETED);
    assertThat(p.index()).isEqualTo(4);
    assertThat(p.sequence()).isEqualTo(5);
    assertThat(p.message()).contains("record seq 5 missing");
  }

  @Test
  void deletedFirstRecordsAreFound() {
    List<String> lines = copy();
    lines.subList(0, 2).clear();
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.DELETED);
    assertThat(p.index()).isZero();
    assertThat(p.sequence()).isEqualTo(1);
  }

  @Test
  void aReplayedRecordIsFoundWhereItWasInserted() {
    List<String> lines = copy();
    lines.add(6, lines.get(1));
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.INSERTED);
    assertThat(p.index()).isEqualTo(6);
    assertThat(p.sequence()).isEqualTo(7);
  }

  @Test
  void aForgedRecordInsertedBeforeTheGenuineOneIsFound() {
    List<String> lines = copy();
    String forged = EvidenceFixtures.forge(5, Digests.recordHash(lines.get(3)), SigningKey.generate(), Map.of());
    lines.add(4, forged);
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.INSERTED);
    assertThat(p.index()).isEqualTo(4);
  }

  @Test
  void aRecordReplacedByOneSignedWithAnotherKeyIsFound() {
    List<String> lines = copy();
    lines.set(4, EvidenceFixtures.forge(5, Digests.recordHash(lines.get(3)), SigningKey.generate(), Map.of()));
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.UNTRUSTED_KEY);
    assertThat(p.index()).isEqualTo(4);
  }

  @Test
  void swappedRecordsAreFoundAtTheFirstOutOfOrderRecord() {
    List<String> lines = copy();
    Collections.swap(lines, 4, 5);
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.REORDERED);
    assertThat(p.index()).isEqualTo(4);
    assertThat(p.sequence()).isEqualTo(5);
  }

  @Test
  void aRecordMovedToTheEndIsFoundWhereItIsMissing() {
    List<String> lines = copy();
    lines.add(lines.remove(2));
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.REORDERED);
    assertThat(p.index()).isEqualTo(2);
    assertThat(p.message()).contains("seq 3 comes later, at position 10");
  }

  @Test
  void aRecordFromAnotherChainSignedWithTheSameKeyIsFound() {
    List<String> other = EvidenceFixtures.log(key, 10, "other-service");
    List<String> lines = copy();
    lines.set(4, other.get(4));
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.BROKEN_CHAIN);
    assertThat(p.index()).isEqualTo(4);
  }

  @Test
  void aLogSignedByAnUntrustedKeyFailsAtTheFirstRecord() {
    EvidenceProblem p = problem(EvidenceVerifier.trusting(SigningKey.generate().publicKey()), log);
    assertThat(p.kind()).isEqualTo(Kind.UNTRUSTED_KEY);
    assertThat(p.index()).isZero();
  }

  @Test
  void garbageIsReportedAsMalformedAtItsPosition() {
    List<String> lines = copy();
    lines.set(7, "{\"not\":\"a record\"");
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(p.index()).isEqualTo(7);
  }

  @Test
  void truncationIsUndetectableWithoutAnAnchorAndFoundWithOne() {
    List<String> truncated = new ArrayList<>(log.subList(0, 7));
    EvidenceVerification unanchored = verifier.verify(truncated);
    assertThat(unanchored.intact()).as("a shorter chain is still a valid chain").isTrue();
    assertThat(unanchored.anchored()).isFalse();

    String lastHash = Digests.recordHash(log.get(9));
    List<EvidenceVerifier> anchored = List.of(
        EvidenceVerifier.builder().trust(key.publicKey()).expectCount(10).build(),
        EvidenceVerifier.builder().trust(key.publicKey()).expectLast(10L, lastHash).build(),
        EvidenceVerifier.builder().trust(key.publicKey())
            .expectHead(EvidenceHead.sign(10, lastHash, Instant.parse("2026-11-02T00:00:00Z"), key)).build());
    for (EvidenceVerifier v : anchored) {
      EvidenceProblem p = problem(v, truncated);
      assertThat(p.kind()).isEqualTo(Kind.TRUNCATED);
      assertThat(p.index()).isEqualTo(7);
      assertThat(p.sequence()).isEqualTo(8);
      assertThat(v.verify(log).intact()).isTrue();
    }
    EvidenceProblem byHashOnly = problem(EvidenceVerifier.builder().trust(key.publicKey()).expectLastHash(lastHash).build(),
        truncated);
    assertThat(byHashOnly.kind()).isEqualTo(Kind.TRUNCATED);
  }

  @Test
  void aLogThatGrewPastItsAnchorStillVerifies() {
    String hashAt7 = Digests.recordHash(log.get(6));
    EvidenceVerifier v = EvidenceVerifier.builder().trust(key.publicKey()).expectLast(7L, hashAt7).build();
    assertThat(v.verify(log).intact()).isTrue();
    assertThat(EvidenceVerifier.builder().trust(key.publicKey()).expectLastHash(hashAt7).build().verify(log).intact())
        .isTrue();
  }

  @Test
  void aSuffixOfTheLogVerifiesFromAKnownRecordAndTamperingIsStillFound() {
    List<String> suffix = new ArrayList<>(log.subList(4, 10));
    EvidenceVerifier fromFour = EvidenceVerifier.builder().trust(key.publicKey())
        .continueFrom(4, Digests.recordHash(log.get(3))).expectCount(10).build();
    EvidenceVerification v = fromFour.verify(suffix);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(6);
    assertThat(v.lastSequence()).isEqualTo(10);

    EvidenceProblem wrongStart = problem(EvidenceVerifier.builder().trust(key.publicKey())
        .continueFrom(4, Digests.recordHash(log.get(2))).build(), suffix);
    assertThat(wrongStart.kind()).isEqualTo(Kind.BROKEN_CHAIN);
    assertThat(wrongStart.index()).isZero();

    List<String> deleted = new ArrayList<>(suffix);
    deleted.remove(2);
    EvidenceProblem p = problem(fromFour, deleted);
    assertThat(p.kind()).isEqualTo(Kind.DELETED);
    assertThat(p.index()).isEqualTo(2);
    assertThat(p.sequence()).isEqualTo(7);

    EvidenceProblem cut = problem(fromFour, suffix.subList(0, 3));
    assertThat(cut.kind()).isEqualTo(Kind.TRUNCATED);
    assertThat(cut.sequence()).isEqualTo(8);
  }

  @Test
  void aHeadSignedByAnotherKeyIsABadAnchor() {
    EvidenceHead forged = EvidenceHead.sign(3, Digests.recordHash(log.get(2)), Instant.now(), SigningKey.generate());
    EvidenceProblem p = problem(EvidenceVerifier.builder().trust(key.publicKey()).expectHead(forged).build(), log);
    assertThat(p.kind()).isEqualTo(Kind.BAD_ANCHOR);
  }

  @Test
  void theHeadFileWrittenByTheLogDetectsTruncation(@TempDir Path dir) throws Exception {
    Path headFile = dir.resolve("evidence.head");
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    EvidenceLog evidence = EvidenceLog.builder().sink(sink).signingKey(key).actor("svc").headFile(headFile).build();
    for (int i = 0; i < 5; i++) {
      evidence.record(EvidenceAction.RESTORE, EvidenceSubject.NONE, Map.of());
    }
    EvidenceHead head = EvidenceHead.fromJson(Files.readString(headFile));
    assertThat(head.sequence()).isEqualTo(5);
    EvidenceVerifier v = EvidenceVerifier.builder().trust(key.publicKey()).expectHead(head).build();
    assertThat(v.verify(sink.readAll()).intact()).isTrue();
    EvidenceProblem p = problem(v, sink.readAll().subList(0, 4));
    assertThat(p.kind()).isEqualTo(Kind.TRUNCATED);
    assertThat(p.sequence()).isEqualTo(5);
  }

  @Test
  void afterARotationTheOldKeyIsNoLongerAccepted() {
    SigningKey next = SigningKey.generate();
    InMemoryEvidenceSink sink = new InMemoryEvidenceSink();
    EvidenceLog evidence = EvidenceLog.builder().sink(sink).signingKey(key).actor("svc").build();
    evidence.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of());
    evidence.rotateKey(next);
    List<String> lines = new ArrayList<>(sink.readAll());
    // someone holding only the retired key appends a record
    lines.add(EvidenceFixtures.forge(3, Digests.recordHash(lines.get(1)), key, Map.of()));
    EvidenceProblem p = problem(lines);
    assertThat(p.kind()).isEqualTo(Kind.UNTRUSTED_KEY);
    assertThat(p.index()).isEqualTo(2);
    assertThat(p.message()).contains(next.keyId());
    // the genuine continuation with the next key verifies, trusting only the first key
    evidence.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of());
    assertThat(verifier.verify(sink.readAll()).intact()).isTrue();
  }
}
