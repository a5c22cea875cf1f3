package dev.resilience.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupTargets;
import dev.resilience.InMemoryBackupTarget;
import dev.resilience.Providers;
import dev.resilience.spi.Entry;
import dev.resilience.spi.Sandbox;
import dev.resilience.testkit.InMemorySnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryBackupTargetTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripsFilesDirectoriesAndLinks() {
    InMemoryBackupTarget source = BackupTargets.inMemory("app", clock)
        .putDirectory("docs").putFile("docs/a.txt", utf8("alpha")).putFile("bin/x", new byte[] {0, -1, 7}, 0755)
        .putFile("empty", new byte[0]).putSymlink("latest", "docs/a.txt");
    InMemorySnapshot snapshot = InMemorySnapshot.full();
    source.backup(snapshot.writer());

    InMemoryBackupTarget copy = BackupTargets.inMemory("copy", clock);
    copy.restore(snapshot.reader(2));
    assertThat(copy.entries()).isEqualTo(source.entries());
    assertThat(copy.files()).containsOnlyKeys("bin/x", "docs/a.txt", "empty");
    assertThat(copy.content("bin/x")).hasValue(new byte[] {0, -1, 7});
  }

  @Test
  void incrementalBackupReusesOnlyUnchangedFiles() {
    InMemoryBackupTarget source = BackupTargets.inMemory("app", clock)
        .putFile("a", utf8("a")).putFile("b", utf8("b")).putFile("c", utf8("c"));
    InMemorySnapshot first = InMemorySnapshot.full();
    source.backup(first.writer());

    now.set(now.get().plus(Duration.ofMinutes(1)));
    source.putFile("b", utf8("B")).putFile("d", utf8("d"));
    source.remove("c");
    InMemorySnapshot second = InMemorySnapshot.incremental(first);
    source.backup(second.writer());

    assertThat(second.reusedPaths()).containsExactly("a");
    assertThat(second.readPaths()).containsExactlyInAnyOrder("b", "d");
    assertThat(second.entries()).extracting(Entry::path).containsExactly("a", "b", "d");
    assertThat(second.content("b")).isEqualTo(utf8("B"));
  }

  @Test
  void sandboxStartsEmptyAndIsClearedOnClose() {
    InMemoryBackupTarget source = BackupTargets.inMemory("app", clock).putFile("a", utf8("a"));
    InMemorySnapshot snapshot = InMemorySnapshot.full();
    source.backup(snapshot.writer());
    InMemoryBackupTarget inside;
    try (Sandbox sandbox = source.openSandbox().orElseThrow()) {
      inside = (InMemoryBackupTarget) sandbox.target();
      assertThat(inside.entries()).isEmpty();
      inside.restore(snapshot.reader(1));
      assertThat(inside.content("a")).hasValue(utf8("a"));
    }
    assertThat(inside.entries()).isEmpty();
  }

  @Test
  void providerCreatesANamedTarget() {
    assertThat(Providers.defaults().backupTarget("memory", Map.of("name", "demo")).name()).isEqualTo("memory:demo");
  }
}
