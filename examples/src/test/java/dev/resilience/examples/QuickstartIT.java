package dev.resilience.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QuickstartIT {
  @Test
  void quickstartRestoresTheChangedTreeByteForByteAndTheRepositoryChecksClean() throws Exception {
    Path work = Files.createTempDirectory("quickstart-it-");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      Quickstart.Summary summary = Quickstart.run(work, new PrintStream(buffer, true, StandardCharsets.UTF_8));
      String output = buffer.toString(StandardCharsets.UTF_8);

      assertThat(summary.differences()).as(output).isEmpty();
      assertThat(summary.check().problems()).as(output).isEmpty();
      assertThat(summary.check().blobsRead()).isPositive();
      assertThat(summary.verified()).isTrue();
      // The second backup found the unchanged files in the repository: at most the edited and added
      // files are new (less, where chunks around an edit inside a file are shared).
      assertThat(summary.second().totalBytes()).isGreaterThan(10L * 1024 * 1024);
      assertThat(summary.second().newBytes()).isPositive().isLessThanOrEqualTo(summary.touchedFileBytes());
      assertThat(summary.touchedFileBytes()).isLessThan(summary.second().totalBytes() / 2);
      assertThat(summary.second().reusedChunks()).isPositive();
      assertThat(output).contains("identical").contains("restore verified").doesNotContain("VERIFICATION FAILED");
    } finally {
      Quickstart.deleteTree(work);
    }
  }
}
