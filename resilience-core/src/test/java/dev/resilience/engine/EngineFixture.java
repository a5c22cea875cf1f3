package dev.resilience.engine;

import dev.resilience.Classification;
import dev.resilience.DatasetPolicy;
import dev.resilience.KeyProviders;
import dev.resilience.ObjectStores;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.Schedule;
import dev.resilience.event.EngineEvent;
import dev.resilience.spi.KeyProvider;
import dev.resilience.testkit.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A real repository on an in-memory store, a directory with files, a controllable clock, recorded events. */
final class EngineFixture {
  final MutableClock clock = MutableClock.at("2026-11-20T10:00:00Z");
  final List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());
  final Path source;
  final Repository repository;

  EngineFixture(Path dir) {
    this.source = dir.resolve("source");
    this.repository = Repository.init(ObjectStores.inMemory(clock), key("primary"), options());
    write("a.txt", "alpha\n");
    write("docs/b.txt", "bravo ".repeat(5000));
    write("docs/deep/c.bin", "charlie".repeat(3000));
  }

  RepositoryOptions options() {
    return RepositoryOptions.builder().chunkSizes(256, 1024, 8192).packSize(64 * 1024).parallelism(2).clock(clock).build();
  }

  static KeyProvider key(String passphrase) {
    return KeyProviders.insecurePassphraseForTests(passphrase.toCharArray(), 1_000);
  }

  void write(String rel, String content) {
    try {
      Path p = source.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DatasetPolicy.Builder policy() {
    return DatasetPolicy.builder("acme", "uploads").classification(Classification.OPERATIONAL)
        .fullBackups(Schedule.cron("0 2 * * *")).rpo(Duration.ofHours(25)).rto(Duration.ofMinutes(30));
  }

  static Map<String, String> tree(Path root) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  <T extends EngineEvent> List<T> events(Class<T> type) {
    synchronized (events) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }
}
