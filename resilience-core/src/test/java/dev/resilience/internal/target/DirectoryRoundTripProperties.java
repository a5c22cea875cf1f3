package dev.resilience.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.BackupTargets;
import dev.resilience.testkit.InMemorySnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Any generated tree restores equal to the original, content and metadata included. */
class DirectoryRoundTripProperties {

  /** One generated file or link: where it lives, what it holds, its mode and mtime. */
  record Item(List<String> dirs, boolean link, byte[] content, int mode, long mtimeSeconds) {}

  @Provide
  Arbitrary<Item> items() {
    Arbitrary<List<String>> dirs = Arbitraries.of("a", "b", "ü ñ", "日本", "x y", ".hidden").list().ofMaxSize(3);
    Arbitrary<byte[]> content = Arbitraries.bytes().array(byte[].class).ofMaxSize(5000);
    Arbitrary<Integer> mode = Arbitraries.of(0644, 0600, 0755, 0444, 0700);
    Arbitrary<Long> mtime = Arbitraries.longs().between(0, 4_000_000_000L);
    return Combinators.combine(dirs, Arbitraries.integers().between(0, 9).map(i -> i == 0), content, mode, mtime)
        .as(Item::new);
  }

  @Property(tries = 25)
  void anyTreeRoundTrips(@ForAll @Size(max = 30) List<@net.jqwik.api.From("items") Item> items) throws IOException {
    Path work = Files.createTempDirectory("dir-roundtrip-");
    try {
      Path source = work.resolve("source");
      Files.createDirectories(source);
      for (int i = 0; i < items.size(); i++) {
        Item item = items.get(i);
        Path dir = source;
        for (String d : item.dirs()) {
          dir = dir.resolve(d);
        }
        Files.createDirectories(dir);
        if (item.link()) {
          Files.createSymbolicLink(dir.resolve("l" + i), Path.of("../target-" + i));
        } else {
          Path file = dir.resolve("f" + i);
          Files.write(file, item.content());
          Files.setPosixFilePermissions(file, FileMetadata.permissions(item.mode()));
          Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(item.mtimeSeconds(), 123_456_000)));
        }
      }
      InMemorySnapshot snapshot = InMemorySnapshot.full();
      BackupTargets.directory(source).backup(snapshot.writer());
      Path restored = work.resolve("restored");
      BackupTargets.directory(restored).restore(snapshot.reader(3));
      assertThat(TreeFixture.describe(restored)).isEqualTo(TreeFixture.describe(source));
    } finally {
      Trees.deleteRecursively(work);
    }
  }
}
