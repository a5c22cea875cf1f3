package dev.resilience.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilience.evidence.Attestations;
import dev.resilience.evidence.EvidenceAction;
import dev.resilience.evidence.EvidenceLog;
import dev.resilience.evidence.EvidenceSubject;
import dev.resilience.evidence.JsonLinesEvidenceSink;
import dev.resilience.evidence.SigningKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and messages of {@code resilience evidence} on clean and tampered logs. */
class EvidenceCommandTest {
  @TempDir
  Path dir;

  private final SigningKey key = SigningKey.generate();
  private Path logDir;
  private Path headFile;
  private Path publicKey;
  private String out;
  private String err;

  @BeforeEach
  void writeLog() throws Exception {
    logDir = dir.resolve("log");
    headFile = dir.resolve("evidence.head");
    publicKey = dir.resolve("evidence.pub");
    Files.writeString(publicKey, key.publicKeyPem());
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    AtomicReference<Instant> now = new AtomicReference<>(start);
    Clock clock = new Clock() {
      @Override
      public Instant instant() {
        return now.get();
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    try (EvidenceLog log = EvidenceLog.builder().sink(JsonLinesEvidenceSink.builder(logDir).maxRecords(4).build())
        .signingKey(key).clock(clock).actor("engine").headFile(headFile).build()) {
      for (int i = 0; i < 10; i++) {
        now.set(start.plus(Duration.ofHours(12L * i)));
        log.record(EvidenceAction.BACKUP, EvidenceSubject.of("acme", "orders", "s" + i),
            Map.of("contentDigest", String.format("%064d", i), "stored", 100L, "encrypted", true, "worm", true,
                "region", "eu-west-1"));
      }
    }
  }

  private int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cmd = new CommandLine(new EvidenceCommand());
    cmd.setOut(new PrintWriter(o, true));
    cmd.setErr(new PrintWriter(e, true));
    int code = cmd.execute(args);
    out = o.toString();
    err = e.toString();
    return code;
  }

  private Path segment(int n) {
    return logDir.resolve(String.format("evidence-%06d.jsonl", n));
  }

  @Test
  void aCleanLogSplitAcrossFilesVerifies() {
    assertThat(run("verify", logDir.toString(), "--public-key", publicKey.toString())).isEqualTo(0);
    assertThat(out).contains("OK: 10 records verified (seq 1..10)").contains(key.keyId()).contains("note: no anchor");
    // files given one by one, in order, are the same log
    assertThat(run("verify", segment(1).toString(), segment(2).toString(), segment(3).toString(),
        "--public-key", publicKey.toString(), "--head", headFile.toString())).isEqualTo(0);
    assertThat(out).doesNotContain("note: no anchor");
  }

  @Test
  void anEditedRecordFailsWithExitCode1AndIsNamed() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(segment(2)));
    lines.set(1, lines.get(1).replace("\"stored\":100", "\"stored\":1"));
    Files.write(segment(2), lines);
    assertThat(run("verify", logDir.toString(), "--public-key", publicKey.toString())).isEqualTo(1);
    assertThat(err).contains("FAILED: EDITED at record 6 (evidence-000002.jsonl line 2)").contains("seq 6");
  }

  @Test
  void aDeletedRecordFailsAndIsNamed() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(segment(1)));
    lines.remove(2);
    Files.write(segment(1), lines);
    assertThat(run("verify", logDir.toString(), "--public-key", publicKey.toString())).isEqualTo(1);
    assertThat(err).contains("FAILED: DELETED at record 3 (evidence-000001.jsonl line 3)").contains("record seq 3 missing");
  }

  @Test
  void filesGivenOutOfOrderAreReordering() {
    assertThat(run("verify", segment(2).toString(), segment(1).toString(), segment(3).toString(),
        "--public-key", publicKey.toString())).isEqualTo(1);
    assertThat(err).contains("FAILED: REORDERED at record 1 (evidence-000002.jsonl line 1)");
  }

  @Test
  void truncationIsFoundOnlyWithAnAnchor() throws Exception {
    String last = lastLine(out(run("verify", logDir.toString(), "--public-key", publicKey.toString())));
    Files.delete(segment(3));
    assertThat(run("verify", logDir.toString(), "--public-key", publicKey.toString())).isEqualTo(0);
    assertThat(run("verify", logDir.toString(), "--public-key", publicKey.toString(), "--expect-last", last))
        .isEqualTo(1);
    assertThat(err).contains("FAILED: TRUNCATED").contains("from seq 9 on were removed");
    assertThat(run("verify", logDir.toString(), "--public-key", publicKey.toString(), "--head", headFile.toString()))
        .isEqualTo(1);
    assertThat(err).contains("TRUNCATED");
    assertThat(run("verify", logDir.toString(), "--public-key", publicKey.toString(), "--expect-count", "10"))
        .isEqualTo(1);
  }

  @Test
  void archivedSegmentsCanBeSkippedFromAVerifiedRecord() throws Exception {
    String first = out(run("verify", segment(1).toString(), "--public-key", publicKey.toString()));
    String lastOfFirst = lastLine(first);
    assertThat(lastOfFirst).startsWith("4:");
    assertThat(run("verify", segment(2).toString(), segment(3).toString(), "--public-key", publicKey.toString(),
        "--continue-from", lastOfFirst, "--head", headFile.toString())).isEqualTo(0);
    assertThat(out).contains("OK: 6 records verified (seq 5..10)");
    assertThat(run("verify", segment(3).toString(), "--public-key", publicKey.toString(), "--continue-from", lastOfFirst))
        .isEqualTo(1);
    assertThat(err).contains("DELETED at record 1 (evidence-000003.jsonl line 1)");
  }

  @Test
  void anotherKeyFailsVerification() throws Exception {
    Path other = dir.resolve("other.pub");
    Files.writeString(other, SigningKey.generate().publicKeyPem());
    assertThat(run("verify", logDir.toString(), "--public-key", other.toString())).isEqualTo(1);
    assertThat(err).contains("UNTRUSTED_KEY at record 1");
  }

  @Test
  void usageAndInputErrorsHaveTheirOwnCodes() throws Exception {
    assertThat(run("verify", logDir.toString())).isEqualTo(2);
    assertThat(run("verify", logDir.toString(), "--public-key", publicKey.toString(), "--bogus")).isEqualTo(2);
    assertThat(run("verify", logDir.toString(), "--public-key", publicKey.toString(), "--expect-last", "xyz"))
        .isEqualTo(2);
    assertThat(run("report", "--log", logDir.toString(), "--from", "yesterday", "--to", "2026-11-05")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
    assertThat(run("verify", dir.resolve("missing.jsonl").toString(), "--public-key", publicKey.toString()))
        .isEqualTo(3);
    assertThat(err).contains("no such file").contains("missing.jsonl");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThat(run("verify", empty.toString(), "--public-key", publicKey.toString())).isEqualTo(3);
    assertThat(err).contains("no evidence records found");
    Path notAKey = dir.resolve("bad.pub");
    Files.writeString(notAKey, "hello");
    assertThat(run("verify", logDir.toString(), "--public-key", notAKey.toString())).isEqualTo(3);
  }

  @Test
  void reportWritesJsonAndExitsByControlOutcome() throws Exception {
    Path expectations = dir.resolve("expectations.json");
    Files.writeString(expectations, "[{\"dataset\":\"orders\",\"backupFrequency\":\"PT12H\",\"encryption\":true,"
        + "\"worm\":true}]");
    Path json = dir.resolve("report.json");
    assertThat(run("report", "--log", logDir.toString(), "--from", "2026-11-01", "--to", "2026-11-05",
        "--expectations", expectations.toString(), "--public-key", publicKey.toString(), "--out", json.toString()))
        .as(err).isEqualTo(0);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.at("/integrity/verified").asBoolean()).isTrue();
    assertThat(report.at("/datasets/0/figures/backups").asLong()).isEqualTo(10);
    assertThat(report.at("/datasets/0/controls/0/status").asText()).isEqualTo("PASS");

    // a required copy in a second region is missing: exit code 4
    Files.writeString(expectations, "[{\"dataset\":\"orders\",\"crossRegionCopy\":true}]");
    assertThat(run("report", "--log", logDir.toString(), "--from", "2026-11-01", "--to", "2026-11-05",
        "--expectations", expectations.toString(), "--format", "html")).isEqualTo(4);
    assertThat(out).startsWith("<!DOCTYPE html>").contains("NOT verified");
  }

  @Test
  void reportRefusesATamperedLog() throws Exception {
    Files.delete(segment(2));
    assertThat(run("report", "--log", logDir.toString(), "--from", "2026-11-01", "--to", "2026-11-06",
        "--public-key", publicKey.toString())).isEqualTo(1);
    assertThat(err).contains("DELETED").contains("no report");
  }

  @Test
  void verifyAttestationAcceptsTheSignerAndRejectsAnyOtherKey() throws Exception {
    List<dev.resilience.evidence.EvidenceRecord> records = new ArrayList<>();
    for (Path f : JsonLinesEvidenceSink.segments(logDir, "evidence")) {
      for (String l : Files.readAllLines(f)) {
        records.add(dev.resilience.evidence.EvidenceRecord.parse(l));
      }
    }
    Path envelope = dir.resolve("attestation.json");
    Files.writeString(envelope, Attestations.export(records, Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2026-11-06T00:00:00Z"), key).toJson());
    assertThat(run("verify-attestation", envelope.toString(), "--public-key", publicKey.toString())).isEqualTo(0);
    assertThat(out).contains("OK: attestation verified").contains("snapshot:s9");
    Path other = dir.resolve("other.pub");
    Files.writeString(other, SigningKey.generate().publicKeyPem());
    assertThat(run("verify-attestation", envelope.toString(), "--public-key", other.toString())).isEqualTo(1);
    assertThat(err).contains("does not verify");
  }

  private String out(int code) {
    assertThat(code).isZero();
    return out;
  }

  private static String lastLine(String output) {
    return output.lines().filter(l -> l.startsWith("last: ")).findFirst().orElseThrow().substring("last: ".length());
  }
}
