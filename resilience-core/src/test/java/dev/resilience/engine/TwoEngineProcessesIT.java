package dev.resilience.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.Snapshot;
import dev.resilience.testkit.MutableClock;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two engine processes embed the engine against one repository: each scheduled backup happens once. */
class TwoEngineProcessesIT {
  @TempDir Path dir;

  @Test
  void twoEngineJvmsSharingARepositoryBackUpEachOccurrenceOnce() throws Exception {
    Path store = dir.resolve("store");
    Path source = dir.resolve("source");
    Files.createDirectories(source);
    Files.writeString(source.resolve("data.txt"), "shared dataset\n".repeat(100));
    MutableClock clock = MutableClock.at("2026-11-19T00:00:00Z");
    Repository.init(ObjectStores.filesystem(store, clock), EngineFixture.key("primary"), EngineChild.options(clock)).close();

    List<Process> children = new ArrayList<>();
    for (String owner : List.of("jvm-a", "jvm-b")) {
      children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), EngineChild.class.getName(),
          store.toString(), source.toString(), owner, "24")
          .redirectErrorStream(true).redirectOutput(dir.resolve(owner + ".log").toFile()).start());
    }
    for (Process p : children) {
      try (OutputStream os = p.getOutputStream()) {
        os.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    for (Process p : children) {
      assertThat(p.waitFor(4, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(dir.resolve("jvm-a.log")) + Files.readString(dir.resolve("jvm-b.log")))
          .isZero();
    }
    try (Repository repo = Repository.open(ObjectStores.filesystem(store, clock), EngineFixture.key("primary"),
        EngineChild.options(clock))) {
      List<Snapshot> snapshots = repo.snapshots();
      Map<String, Long> perOccurrence = snapshots.stream()
          .collect(Collectors.groupingBy(s -> s.tags().get("scheduled-for"), Collectors.counting()));
      System.out.println(snapshots.size() + " scheduled backups by two processes");
      assertThat(snapshots).isNotEmpty();
      assertThat(perOccurrence).as("backups per scheduled occurrence").allSatisfy((due, n) -> assertThat(n).isEqualTo(1));
    }
  }
}
