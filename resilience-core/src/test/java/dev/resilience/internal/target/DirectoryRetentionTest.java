package dev.resilience.internal.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilience.BackupTargets;
import dev.resilience.ConfigurationException;
import dev.resilience.spi.Entry;
import dev.resilience.spi.LiveDataRetention;
import dev.resilience.spi.RetentionSelection;
import dev.resilience.testkit.InMemorySnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectoryRetentionTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private Path work;
  private Path uploads;

  @BeforeEach
  void setUp() throws IOException {
    work = Files.createTempDirectory("dir-retention-");
    uploads = work.resolve("uploads");
  }

  @AfterEach
  void tearDown() throws IOException {
    Trees.deleteRecursively(work);
  }

  private void file(String path, Duration age) throws IOException {
    Path p = uploads.resolve(path);
    TreeFixture.write(p, ("content of " + path).getBytes(StandardCharsets.UTF_8));
    Files.setLastModifiedTime(p, FileTime.from(NOW.minus(age)));
  }

  private void tree() throws IOException {
    file("2025/old-1.pdf", Duration.ofDays(400));
    file("2025/old-2.pdf", Duration.ofDays(40));
    file("2026/nested/old-3.bin", Duration.ofDays(31));
    file("2026/fresh-1.pdf", Duration.ofDays(29));
    file("2026/nested/fresh-2.bin", Duration.ofHours(1));
    file("fresh-3.txt", Duration.ZERO);
    Files.createSymbolicLink(uploads.resolve("old-link"), Path.of("2025/old-1.pdf"));
  }

  @Test
  void selectFindsExactlyTheExpiredFilesAndChangesNothing() throws IOException {
    tree();
    Map<String, String> before = TreeFixture.describe(uploads);
    RetentionSelection selection = BackupTargets.directoryRetention(uploads, Duration.ofDays(30)).select(NOW);

    assertThat(selection.count()).isEqualTo(3);
    assertThat(selection.cutoff()).isEqualTo(NOW.minus(Duration.ofDays(30)));
    assertThat(selection.sample()).containsExactlyInAnyOrder("2025/old-1.pdf", "2025/old-2.pdf", "2026/nested/old-3.bin");
    assertThat(selection.bytes()).isEqualTo(
        ("content of 2025/old-1.pdf" + "content of 2025/old-2.pdf" + "content of 2026/nested/old-3.bin").length());
    assertThat(TreeFixture.describe(uploads)).isEqualTo(before);
  }

  @Test
  void archiveWritesExactlyTheSelectedFilesAndPurgeRemovesExactlyThem() throws IOException {
    tree();
    LiveDataRetention retention = BackupTargets.directoryRetention(uploads, Duration.ofDays(30));
    RetentionSelection selection = retention.select(NOW);

    InMemorySnapshot archive = InMemorySnapshot.full();
    retention.archive(selection, archive.writer());
    assertThat(archive.entries()).extracting(Entry::path)
        .containsExactly("2025/old-1.pdf", "2025/old-2.pdf", "2026/nested/old-3.bin");
    assertThat(archive.content("2025/old-2.pdf")).isEqualTo("content of 2025/old-2.pdf".getBytes(StandardCharsets.UTF_8));

    assertThat(retention.purge(selection, 2)).isEqualTo(3);
    assertThat(TreeFixture.describe(uploads).keySet()).containsExactlyInAnyOrder(
        "2025", "2026", "2026/nested", "2026/fresh-1.pdf", "2026/nested/fresh-2.bin", "fresh-3.txt", "old-link");
    assertThat(retention.purge(selection, 2)).as("repeating a purge is safe").isZero();
  }

  @Test
  void aFileChangedAfterTheSelectionIsNeitherArchivedNorPurged() throws IOException {
    tree();
    LiveDataRetention retention = BackupTargets.directoryRetention(uploads, Duration.ofDays(30));
    RetentionSelection selection = retention.select(NOW);
    Path touched = uploads.resolve("2025/old-2.pdf");
    Files.writeString(touched, "updated by the application");

    InMemorySnapshot archive = InMemorySnapshot.full();
    retention.archive(selection, archive.writer());
    assertThat(archive.entries()).extracting(Entry::path).containsExactly("2025/old-1.pdf", "2026/nested/old-3.bin");
    assertThat(retention.purge(selection, 100)).isEqualTo(2);
    assertThat(Files.readString(touched)).isEqualTo("updated by the application");
  }

  @Test
  void aTamperedSelectionCannotReachOutsideTheDirectory() throws IOException {
    tree();
    Path victim = work.resolve("victim.txt");
    Files.writeString(victim, "keep");
    Files.setLastModifiedTime(victim, FileTime.from(NOW.minus(Duration.ofDays(400))));
    LiveDataRetention retention = BackupTargets.directoryRetention(uploads, Duration.ofDays(30));
    RetentionSelection real = retention.select(NOW);
    Map<String, String> params = new HashMap<>(real.parameters());
    params.put("files", "4 " + NOW.minus(Duration.ofDays(400)) + " ../victim.txt\n");
    RetentionSelection forged = new RetentionSelection(real.description(), real.cutoff(), 1, 4, List.of(), params);

    assertThatThrownBy(() -> retention.purge(forged, 10)).isInstanceOf(ConfigurationException.class);
    assertThat(victim).exists();
  }

  @Test
  void anEmptyOrMissingDirectorySelectsNothing() {
    RetentionSelection selection = BackupTargets.directoryRetention(work.resolve("missing"), Duration.ofDays(1)).select(NOW);
    assertThat(selection.count()).isZero();
    assertThat(BackupTargets.directoryRetention(work.resolve("missing"), Duration.ofDays(1)).purge(selection, 10)).isZero();
  }
}
