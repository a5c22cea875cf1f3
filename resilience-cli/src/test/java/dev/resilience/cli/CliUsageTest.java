package dev.resilience.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.Providers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages that do not need a repository. */
class CliUsageTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ResilienceCli.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false, Providers.defaults(), args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrors() {
    assertThat(run(Map.of(), "frobnicate").code()).isEqualTo(ExitCodes.USAGE);
    Result none = run(Map.of());
    assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("missing command");
    assertThat(run(Map.of(), "snapshots", "--no-such-option").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run(Map.of(), "check", "--read-data-subset", "150%", "-r", tmp.toString()).code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run(Map.of(), "restore", "latest").err()).contains("--target");
  }

  @Test
  void helpListsTheCommandsAndExitCodes() {
    Result r = run(Map.of(), "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("init", "backup", "restore", "snapshots", "check", "forget", "prune", "Exit codes", "13");
  }

  @Test
  void commandHelpWorksWhetherOneOrAllCommandsAreRegistered() {
    Result viaHelp = run(Map.of(), "help", "backup");
    assertThat(viaHelp.code()).isZero();
    assertThat(viaHelp.out()).contains("Usage: resilience backup", "--tag");
    Result helpFirst = run(Map.of(), "--help", "backup");
    assertThat(helpFirst.code()).isZero();
    assertThat(helpFirst.out()).contains("snapshots", "prune", "Exit codes");
    Result evidence = run(Map.of(), "-r", tmp.toString(), "evidence", "--help");
    assertThat(evidence.out()).contains("verify-attestation");
  }

  @Test
  void theCommandIsFoundPastGlobalOptionsAndTheirValues() {
    assertThat(ResilienceCli.commandIn("backup", "/data")).isEqualTo("backup");
    assertThat(ResilienceCli.commandIn("-r", "backup", "--json", "-q", "snapshots")).isEqualTo("snapshots");
    assertThat(ResilienceCli.commandIn("--repo=/r", "--threads", "2", "-p", "f", "--compression-level", "5", "restore", "latest"))
        .isEqualTo("restore");
    assertThat(ResilienceCli.commandIn("help", "backup")).isNull();
    assertThat(ResilienceCli.commandIn("--help", "backup")).isNull();
    assertThat(ResilienceCli.commandIn("-V")).isNull();
    assertThat(ResilienceCli.commandIn("frobnicate", "backup")).isNull();
    assertThat(ResilienceCli.commandIn("-r")).isNull();
    assertThat(ResilienceCli.commandIn()).isNull();
  }

  @Test
  void aMissingRepositoryExitsWithTen() {
    Result r = run(Map.of("RESILIENCE_PASSWORD", "secret"), "-r", tmp.resolve("nope").toString(), "snapshots");
    assertThat(r.code()).isEqualTo(ExitCodes.REPOSITORY_MISSING);
    assertThat(r.err()).contains("Fatal:", "does not exist");
  }

  @Test
  void theRepositoryComesFromTheEnvironmentAndIsRequired() {
    Result none = run(Map.of("RESILIENCE_PASSWORD", "secret"), "snapshots");
    assertThat(none.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(none.err()).contains("RESILIENCE_REPOSITORY");
    Result fromEnv = run(Map.of("RESILIENCE_PASSWORD", "secret", "RESILIENCE_REPOSITORY", tmp.resolve("nope").toString()), "snapshots");
    assertThat(fromEnv.code()).isEqualTo(ExitCodes.REPOSITORY_MISSING);
  }

  @Test
  void optionsAreAcceptedBeforeOrAfterTheCommand() {
    String repo = tmp.resolve("nope").toString();
    assertThat(run(Map.of("RESILIENCE_PASSWORD", "x"), "snapshots", "-r", repo, "--json").code()).isEqualTo(ExitCodes.REPOSITORY_MISSING);
    assertThat(run(Map.of("RESILIENCE_PASSWORD", "x"), "-r", repo, "--json", "snapshots").code()).isEqualTo(ExitCodes.REPOSITORY_MISSING);
  }

  @Test
  void forgetRejectsIdsTogetherWithAPolicy() {
    Result r = run(Map.of("RESILIENCE_PASSWORD", "x"), "-r", tmp.toString(), "forget", "abcd", "--keep-last", "1");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
  }
}
