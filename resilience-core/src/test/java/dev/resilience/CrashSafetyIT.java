package dev.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM backs up into a filesystem repository and is killed with SIGKILL at a random moment, 20
 * times. After every kill the repository checks clean (structure and every blob decrypted and hashed)
 * and the snapshot taken before the first kill restores byte for byte.
 */
class CrashSafetyIT {
  private static final String PASSPHRASE = "crash test passphrase";
  private static final int TRIALS = 20;

  static RepositoryOptions options() {
    return RepositoryOptions.builder().chunkSizes(4 * 1024, 16 * 1024, 64 * 1024).packSize(256 * 1024).parallelism(2).build();
  }

  @Test
  void sigkillAtRandomMomentsNeverDamagesTheRepository(@TempDir Path dir) throws Exception {
    Path repoDir = dir.resolve("repo");
    Random r = new Random(2026);
    InMemoryBackupTarget original = BackupTargets.inMemory("crash:original", Clock.systemUTC());
    for (int i = 0; i < 20; i++) {
      byte[] data = new byte[r.nextInt(100_000)];
      r.nextBytes(data);
      original.putFile("dir" + (i % 3) + "/file" + i, data);
    }
    Map<String, byte[]> expected = original.files();
    String before;
    try (Repository repo = Repository.init(ObjectStores.filesystem(repoDir), key(), options())) {
      before = repo.backup(original, BackupRequest.defaults()).id();
    }

    long packsBefore = packs(repoDir);
    int killed = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Process child = startChild(repoDir, trial);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        assertThat(line).as("child output (stderr: %s)", stderr(repoDir)).isEqualTo("READY");
        Thread.sleep(50 + r.nextInt(700));
        child.destroyForcibly(); // SIGKILL on POSIX systems; the child never stops by itself
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
        killed++;
      }
      try (Repository repo = Repository.open(ObjectStores.filesystem(repoDir), key(), options())) {
        CheckReport report = repo.check(CheckRequest.readAllData());
        assertThat(report.problems()).as("check after kill %d", trial).isEmpty();
        InMemoryBackupTarget restored = BackupTargets.inMemory("crash:restored", Clock.systemUTC());
        repo.restore(before, restored, RestoreRequest.all());
        assertThat(restored.files().keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
          assertThat(restored.files().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
      }
    }
    assertThat(killed).isEqualTo(TRIALS);
    assertThat(packs(repoDir)).as("packs the killed children uploaded").isGreaterThan(packsBefore);
  }

  private static Process startChild(Path repoDir, int trial) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        CrashBackupChild.class.getName(), repoDir.toString(), Integer.toString(trial));
    pb.environment().put("CRASH_TEST_PASSPHRASE", PASSPHRASE);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(repoDir.resolveSibling("child-stderr.log").toFile()));
    return pb.start();
  }

  private static String stderr(Path repoDir) {
    try {
      return Files.readString(repoDir.resolveSibling("child-stderr.log"));
    } catch (IOException e) {
      return "(none)";
    }
  }

  private static long packs(Path repoDir) throws IOException {
    try (var files = Files.walk(repoDir.resolve("data"))) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static dev.resilience.spi.KeyProvider key() {
    return KeyProviders.insecurePassphraseForTests(PASSPHRASE.toCharArray(), 1_000);
  }
}
