package dev.resilience.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilience.Providers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real filesystem repository, as an operator uses it. */
class CliIT {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ResilienceCli.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false, Providers.defaults(), args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Map<String, String> env(Path repo, String password) {
    Map<String, String> env = new HashMap<>();
    env.put("RESILIENCE_REPOSITORY", repo.toString());
    env.put("RESILIENCE_PASSWORD", password);
    return env;
  }

  static Path sampleTree(Path root) throws IOException {
    Random rnd = new Random(42);
    Files.createDirectories(root.resolve("docs/nested"));
    Files.writeString(root.resolve("docs/readme.txt"), "hello resilience\n".repeat(1000));
    Files.writeString(root.resolve("docs/nested/ünïcode name.csv"), "a,b,c\n1,2,3\n");
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    rnd.nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    Files.write(root.resolve("empty"), new byte[0]);
    return root;
  }

  static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = root.relativize(p).toString();
        if (Files.isRegularFile(p)) {
          out.put(rel, java.util.HexFormat.of().formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        } else if (Files.isDirectory(p) && !rel.isEmpty()) {
          out.put(rel + "/", "dir");
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  @Test
  void backupSnapshotsRestoreLatestAndCheck() throws Exception {
    Path repo = tmp.resolve("repo");
    Path source = sampleTree(tmp.resolve("source"));
    Map<String, String> env = env(repo, "correct horse battery staple");

    assertThat(run(env, "init").code()).isZero();
    Result backup = run(env, "backup", source.toString(), "--tag", "nightly", "--tenant", "acme", "--json");
    assertThat(backup.code()).as(backup.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(backup.out());
    assertThat(summary.get("total_files").asLong()).isEqualTo(4);

    Result snapshots = run(env, "snapshots", "--json");
    assertThat(snapshots.code()).isZero();
    JsonNode list = new ObjectMapper().readTree(snapshots.out());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo(summary.get("snapshot_id").asText());
    assertThat(list.get(0).get("tenant").asText()).isEqualTo("acme");
    assertThat(list.get(0).get("tags").has("nightly")).isTrue();

    Path target = tmp.resolve("restored");
    Result restore = run(env, "restore", "latest", "--target", target.toString());
    assertThat(restore.code()).as(restore.err()).isZero();
    assertThat(contents(target)).isEqualTo(contents(source));

    Result byPrefix = run(env, "restore", list.get(0).get("short_id").asText(), "--target", tmp.resolve("r2").toString(),
        "--include", "docs");
    assertThat(byPrefix.code()).as(byPrefix.err()).isZero();
    assertThat(contents(tmp.resolve("r2")).keySet()).allMatch(k -> k.startsWith("docs"));

    assertThat(run(env, "check").code()).isZero();
    Result readData = run(env, "check", "--read-data", "--json");
    assertThat(readData.code()).as(readData.err()).isZero();
    assertThat(new ObjectMapper().readTree(readData.out()).get("ok").asBoolean()).isTrue();
  }

  @Test
  void aWrongPasswordExitsWithTwelveAndNothingIsRestored() throws Exception {
    Path repo = tmp.resolve("repo");
    Path source = sampleTree(tmp.resolve("source"));
    assertThat(run(env(repo, "right"), "init").code()).isZero();
    assertThat(run(env(repo, "right"), "backup", source.toString()).code()).isZero();

    Path target = tmp.resolve("restored");
    Result wrong = run(env(repo, "wrong"), "restore", "latest", "--target", target.toString());
    assertThat(wrong.code()).isEqualTo(ExitCodes.WRONG_PASSWORD);
    assertThat(wrong.err()).doesNotContain("wrong").doesNotContain("right");
    assertThat(target).doesNotExist();

    Path pwFile = tmp.resolve("pw");
    Files.writeString(pwFile, "right\n");
    Map<String, String> noEnvPassword = Map.of("RESILIENCE_REPOSITORY", repo.toString());
    assertThat(run(noEnvPassword, "--password-file", pwFile.toString(), "snapshots").code()).isZero();
  }

  @Test
  void initRefusesAnExistingRepository() throws Exception {
    Path repo = tmp.resolve("repo");
    assertThat(run(env(repo, "pw"), "init").code()).isZero();
    Result again = run(env(repo, "pw"), "init");
    assertThat(again.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(again.err()).contains("already exists");
  }

  @Test
  void forgetKeepLastRemovesOlderSnapshotsAndPruneKeepsTheRestRestorable() throws Exception {
    Path repo = tmp.resolve("repo");
    Path source = sampleTree(tmp.resolve("source"));
    Map<String, String> env = env(repo, "pw");
    assertThat(run(env, "init").code()).isZero();
    for (int i = 0; i < 3; i++) {
      Files.writeString(source.resolve("counter.txt"), "run " + i);
      assertThat(run(env, "backup", source.toString()).code()).isZero();
    }
    Result dry = run(env, "forget", "--keep-last", "1", "--dry-run");
    assertThat(dry.code()).isZero();
    assertThat(new ObjectMapper().readTree(run(env, "snapshots", "--json").out())).hasSize(3);

    Result forget = run(env, "forget", "--keep-last", "1", "--prune");
    assertThat(forget.code()).as(forget.err()).isZero();
    assertThat(forget.out()).contains("last snapshot");
    JsonNode left = new ObjectMapper().readTree(run(env, "snapshots", "--json").out());
    assertThat(left).hasSize(1);

    Path target = tmp.resolve("restored");
    assertThat(run(env, "restore", "latest", "--target", target.toString()).code()).isZero();
    assertThat(Files.readString(target.resolve("counter.txt"))).isEqualTo("run 2");
    assertThat(run(env, "check", "--read-data").code()).isZero();
  }

  @Test
  void damagedDataIsReportedByCheckWithExitCodeThirteen() throws Exception {
    Path repo = tmp.resolve("repo");
    Path source = sampleTree(tmp.resolve("source"));
    Map<String, String> env = env(repo, "pw");
    assertThat(run(env, "init").code()).isZero();
    assertThat(run(env, "backup", source.toString()).code()).isZero();
    Path biggest;
    try (Stream<Path> s = Files.walk(repo)) {
      biggest = s.filter(Files::isRegularFile).max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(biggest);
    bytes[bytes.length / 2] ^= 0x40;
    biggest.toFile().setWritable(true);
    Files.write(biggest, bytes);
    Result check = run(env, "check", "--read-data");
    assertThat(check.code()).as(check.out() + check.err()).isEqualTo(ExitCodes.INTEGRITY);
  }

  @Test
  void theShadedJarRunsAsAProcess() throws Exception {
    Path jar = Path.of("target", "resilience.jar").toAbsolutePath();
    assertThat(jar).exists();
    Path repo = tmp.resolve("repo");
    Path source = sampleTree(tmp.resolve("source"));
    Map<String, String> env = env(repo, "pw");
    assertThat(process(jar, env, "init")).isZero();
    assertThat(process(jar, env, "backup", source.toString())).isZero();
    assertThat(process(jar, env, "restore", "latest", "--target", tmp.resolve("out").toString())).isZero();
    assertThat(contents(tmp.resolve("out"))).isEqualTo(contents(source));
    assertThat(process(jar, env(tmp.resolve("missing"), "pw"), "snapshots")).isEqualTo(ExitCodes.REPOSITORY_MISSING);
    // The process unlocks the key while it parses (EarlyUnlock): a wrong password still exits with 12, and a
    // repository and password given as options (not the environment) still open and check cleanly.
    assertThat(process(jar, env(repo, "wrong"), "snapshots")).isEqualTo(ExitCodes.WRONG_PASSWORD);
    Path passwordFile = tmp.resolve("password.txt");
    Files.writeString(passwordFile, "pw\n");
    assertThat(process(jar, Map.of("RESILIENCE_PASSWORD", "wrong"), "check", "--read-data",
        "--repo=" + repo, "-p", passwordFile.toString())).isZero();
    assertThat(process(jar, Map.of(), "-r", repo.toString(), "--password-file", tmp.resolve("nope.txt").toString(),
        "snapshots")).isEqualTo(ExitCodes.FAILURE);
  }

  private int process(Path jar, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    if (code != 0) {
      System.err.println(String.join(" ", args) + " -> " + code + "\n" + output);
    }
    return code;
  }
}
