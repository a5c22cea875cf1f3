package dev.resilience;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;

/**
 * Child process for {@link CrashSafetyIT}: opens the repository at {@code args[0]} and backs up freshly
 * generated content in an endless loop until it is killed. Prints {@code READY} once the repository is
 * open, and {@code SNAPSHOT <id>} after each commit.
 */
public final class CrashBackupChild {
  private CrashBackupChild() {}

  public static void main(String[] args) {
    Path repoDir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    char[] passphrase = System.getenv("CRASH_TEST_PASSPHRASE").toCharArray();
    try (Repository repo = Repository.open(ObjectStores.filesystem(repoDir),
        KeyProviders.insecurePassphraseForTests(passphrase, 1_000), CrashSafetyIT.options())) {
      System.out.println("READY");
      System.out.flush();
      Random r = new Random(seed);
      for (int k = 0; ; k++) {
        InMemoryBackupTarget target = BackupTargets.inMemory("crash:child", Clock.systemUTC());
        for (int f = 0; f < 4; f++) {
          byte[] data = new byte[200_000 + r.nextInt(200_000)];
          r.nextBytes(data);
          target.putFile("run" + k + "/file" + f, data);
        }
        Snapshot s = repo.backup(target, BackupRequest.builder().full().build());
        System.out.println("SNAPSHOT " + s.id());
        System.out.flush();
      }
    }
  }
}
