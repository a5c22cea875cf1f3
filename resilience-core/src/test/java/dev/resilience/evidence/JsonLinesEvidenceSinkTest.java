package dev.resilience.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.ConfigurationException;
import dev.resilience.Providers;
import dev.resilience.evidence.EvidenceProblem.Kind;
import dev.resilience.spi.EvidenceSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesEvidenceSinkTest {
  @TempDir
  Path dir;

  private final SigningKey key = SigningKey.generate();

  private EvidenceLog log(EvidenceSink sink) {
    return EvidenceLog.builder().sink(sink).signingKey(key).actor("svc@host").build();
  }

  @Test
  void aLogRotatedAcrossFilesVerifiesAsOneChain() throws Exception {
    try (EvidenceLog evidence = log(JsonLinesEvidenceSink.builder(dir).maxRecords(4).build())) {
      for (int i = 0; i < 10; i++) {
        evidence.record(EvidenceAction.BACKUP, EvidenceSubject.of("acme", "orders", "s" + i), Map.of("i", (long) i));
      }
    }
    List<Path> files = JsonLinesEvidenceSink.segments(dir, "evidence");
    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactly("evidence-000001.jsonl", "evidence-000002.jsonl", "evidence-000003.jsonl");
    assertThat(Files.readAllLines(files.get(0))).hasSize(4);
    assertThat(Files.readAllLines(files.get(2))).hasSize(2);

    List<String> all = JsonLinesEvidenceSink.readLines(files);
    EvidenceVerification v = EvidenceVerifier.trusting(key.publicKey()).verify(all);
    assertThat(v.intact()).isTrue();
    assertThat(v.lastSequence()).isEqualTo(10);
    // the first record of the second file chains to the last record of the first
    assertThat(EvidenceRecord.parse(Files.readAllLines(files.get(1)).get(0)).prevHash())
        .isEqualTo(EvidenceRecord.parse(Files.readAllLines(files.get(0)).get(3)).hash());

    // a missing middle file is a deletion at the first record it held
    List<String> withoutMiddle = JsonLinesEvidenceSink.readLines(List.of(files.get(0), files.get(2)));
    EvidenceProblem p = EvidenceVerifier.trusting(key.publicKey()).verify(withoutMiddle).problem();
    assertThat(p.kind()).isEqualTo(Kind.DELETED);
    assertThat(p.sequence()).isEqualTo(5);
  }

  @Test
  void rotatesBySizeAndResumesTheChainAfterReopening() {
    JsonLinesEvidenceSink sink = JsonLinesEvidenceSink.builder(dir).prefix("audit").maxBytes(1200).build();
    try (EvidenceLog evidence = log(sink)) {
      for (int i = 0; i < 3; i++) {
        evidence.record(EvidenceAction.DRILL, EvidenceSubject.NONE, Map.of("durationMs", 1000L));
      }
    }
    JsonLinesEvidenceSink reopened = JsonLinesEvidenceSink.builder(dir).prefix("audit").maxBytes(1200).build();
    try (EvidenceLog evidence = log(reopened)) {
      assertThat(evidence.lastSequence()).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        evidence.record(EvidenceAction.DRILL, EvidenceSubject.NONE, Map.of("durationMs", 1000L));
      }
      assertThat(reopened.segmentFiles()).hasSizeGreaterThan(1);
      for (Path f : reopened.segmentFiles()) {
        assertThat(f.toFile().length()).isLessThanOrEqualTo(1200);
      }
      EvidenceVerification v = EvidenceVerifier.trusting(key.publicKey()).verify(reopened.readAll());
      assertThat(v.intact()).isTrue();
      assertThat(v.lastSequence()).isEqualTo(6);
    }
  }

  @Test
  void aHalfWrittenLastLineFromACrashIsCutOffOnOpen() throws Exception {
    try (EvidenceLog evidence = log(JsonLinesEvidenceSink.builder(dir).build())) {
      evidence.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of());
    }
    Path file = dir.resolve("evidence-000001.jsonl");
    Files.write(file, "{\"action\":\"back".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    try (EvidenceLog evidence = log(JsonLinesEvidenceSink.builder(dir).build())) {
      evidence.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of());
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(EvidenceVerifier.trusting(key.publicKey()).verify(lines).intact()).isTrue();
  }

  @Test
  void sinksAreFoundByNameThroughServiceLoader() {
    Providers providers = Providers.defaults();
    try (EvidenceSink jsonl = providers.evidenceSink("jsonl", Map.of("directory", dir.toString(), "maxRecords", "2"))) {
      assertThat(jsonl).isInstanceOf(JsonLinesEvidenceSink.class);
      jsonl.append("{}");
      assertThat(jsonl.readAll()).containsExactly("{}");
    }
    EvidenceSink memory = providers.evidenceSink("memory", Map.of());
    memory.append("{\"a\":1}");
    assertThat(memory.readAll()).containsExactly("{\"a\":1}");
    EvidenceSink slf4j = providers.evidenceSink("slf4j", Map.of());
    slf4j.append("{}");
    assertThatThrownBy(slf4j::readAll).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> providers.evidenceSink("jsonl", Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("directory");
    assertThatThrownBy(() -> providers.evidenceSink("nope", Map.of())).hasMessageContaining("jsonl")
        .hasMessageContaining("memory").hasMessageContaining("slf4j");
  }

  @Test
  void anEvidenceLogOnTheSlf4jSinkStartsAChainItCannotReadBack() {
    try (EvidenceLog evidence = log(new Slf4jEvidenceSink("test.evidence"))) {
      assertThat(evidence.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of()).sequence()).isEqualTo(1);
      assertThat(evidence.record(EvidenceAction.BACKUP, EvidenceSubject.NONE, Map.of()).sequence()).isEqualTo(2);
    }
  }

  @Test
  void refusesMultiLineRecords() {
    try (JsonLinesEvidenceSink sink = JsonLinesEvidenceSink.builder(dir).build()) {
      assertThatThrownBy(() -> sink.append("{}\n{}")).isInstanceOf(IllegalArgumentException.class);
      assertThat(new ArrayList<>(sink.readAll())).isEmpty();
    }
  }
}
