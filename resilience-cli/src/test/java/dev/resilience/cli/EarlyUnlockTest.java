package dev.resilience.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilience.AccessDeniedException;
import dev.resilience.KeyProviders;
import dev.resilience.ObjectStores;
import dev.resilience.Providers;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.WrappedKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyUnlockTest {
  @TempDir Path tmp;

  @Test
  void theEarlyKeyIsHandedOnlyToTheSameRepositoryAndPassword() {
    Path repoDir = tmp.resolve("repo");
    String id;
    try (Repository repo = Repository.init(ObjectStores.filesystem(repoDir), KeyProviders.passphrase("pw".toCharArray()),
        RepositoryOptions.defaults())) {
      id = repo.id();
    }
    assertThat(EarlyUnlock.start(Map.of("RESILIENCE_PASSWORD", "pw"), Providers.defaults(), "-r", repoDir.toString(),
        "snapshots")).isTrue();

    RepositoryLocation location = RepositoryLocation.parse(repoDir.toString());
    KeyProvider own = KeyProviders.passphrase("pw".toCharArray());
    KeyProvider early = EarlyUnlock.reuse(location, "pw".toCharArray(), own);
    assertThat(early).isNotSameAs(own);
    try (Repository repo = Repository.open(ObjectStores.filesystem(repoDir), early)) {
      assertThat(repo.id()).isEqualTo(id);
    }

    KeyProvider other = KeyProviders.passphrase("pw2".toCharArray());
    assertThat(EarlyUnlock.reuse(location, "pw2".toCharArray(), other)).isSameAs(other);
    assertThat(EarlyUnlock.reuse(location, "p".toCharArray(), other)).isSameAs(other);
    assertThat(EarlyUnlock.reuse(RepositoryLocation.parse(tmp.resolve("elsewhere").toString()), "pw".toCharArray(), own))
        .isSameAs(own);
  }

  @Test
  void aPasswordPipeIsLeftForTheCommandToRead() throws Exception {
    Path repo = tmp.resolve("repo");
    Path fifo = tmp.resolve("password-pipe");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available");
    // --password-file <(pass show repo): the pipe can be read once, and that read is the command's.
    Thread writer = new Thread(() -> {
      try {
        Files.writeString(fifo, "pw\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    writer.start();
    boolean early = EarlyUnlock.start(Map.of(), Providers.defaults(), "-r", repo.toString(), "-p", fifo.toString(), "snapshots");
    String left = early ? "" : Files.readString(fifo); // the writer waits for a reader until then
    writer.join();
    assertThat(early).isFalse();
    assertThat(left).isEqualTo("pw\n");
  }

  @Test
  void commandsThatDoNotOpenARepositoryOrNameNoneAreNotUnlockedEarly() {
    Path repo = tmp.resolve("repo");
    assertThat(EarlyUnlock.start(Map.of("RESILIENCE_PASSWORD", "pw"), Providers.defaults(), "-r", repo.toString(), "init"))
        .isFalse();
    assertThat(EarlyUnlock.start(Map.of("RESILIENCE_PASSWORD", "pw"), Providers.defaults(), "snapshots")).isFalse();
    KeyProvider own = KeyProviders.passphrase("pw".toCharArray());
    assertThat(EarlyUnlock.reuse(RepositoryLocation.parse(repo.toString()), "pw".toCharArray(), own)).isSameAs(own);
  }

  @Test
  void theMemoUnwrapsEachSlotOnceAndRepeatsFailuresAsTheyWere() {
    KeyProvider real = KeyProviders.insecurePassphraseForTests("pw".toCharArray(), 1000);
    WrappedKey slot = real.wrap(new byte[] {1, 2, 3, 4});
    AtomicInteger calls = new AtomicInteger();
    KeyProvider counting = new KeyProvider() {
      @Override
      public String kind() {
        return real.kind();
      }

      @Override
      public WrappedKey wrap(byte[] key) {
        return real.wrap(key);
      }

      @Override
      public byte[] unwrap(WrappedKey wrapped) {
        calls.incrementAndGet();
        return real.unwrap(wrapped);
      }
    };
    EarlyUnlock.MemoKeyProvider memo = new EarlyUnlock.MemoKeyProvider(counting);
    byte[] first = memo.unwrap(slot);
    first[0] = 9; // a caller wiping its copy must not change the next one
    assertThat(memo.unwrap(slot)).containsExactly(1, 2, 3, 4);
    assertThat(calls).hasValue(1);

    WrappedKey foreign = KeyProviders.insecurePassphraseForTests("other".toCharArray(), 1000).wrap(new byte[] {5});
    assertThatThrownBy(() -> memo.unwrap(foreign)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> memo.unwrap(foreign)).isInstanceOf(AccessDeniedException.class);
    assertThat(calls).hasValue(2);
  }

  @Test
  void optionValuesAreReadInTheFormsTheCommandAccepts() {
    assertThat(EarlyUnlock.optionValue(new String[] {"-r", "/a", "backup"}, "-r", "--repo")).isEqualTo("/a");
    assertThat(EarlyUnlock.optionValue(new String[] {"backup", "--repo", "/b", "/src"}, "-r", "--repo")).isEqualTo("/b");
    assertThat(EarlyUnlock.optionValue(new String[] {"--repo=s3:https://h/b", "check"}, "-r", "--repo"))
        .isEqualTo("s3:https://h/b");
    assertThat(EarlyUnlock.optionValue(new String[] {"backup", "/src"}, "-r", "--repo")).isNull();
    assertThat(EarlyUnlock.optionValue(new String[] {"backup", "--", "-r", "/x"}, "-r", "--repo")).isNull();
    assertThat(EarlyUnlock.optionValue(new String[] {"backup", "-r"}, "-r", "--repo")).isNull();
  }
}
