package dev.resilience.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilience.evidence.ControlsReport.LogIntegrity;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where Chromium is installed, the report page renders offline to a PNG. */
class ControlsReportRenderingTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void rendersHeadlessToAPng(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium not installed at " + CHROMIUM);
    ControlsHistory history = new ControlsHistory();
    EvidenceVerification v = EvidenceVerifier.trusting(history.key.publicKey()).verify(history.sink.readAll());
    ControlsReport report = new ControlsReporter(Clock.fixed(Instant.parse("2026-11-15T06:00:00Z"), ZoneOffset.UTC))
        .report(v.parsed(), ControlsHistory.expectations(), ControlsHistory.FROM, ControlsHistory.TO,
            new LogIntegrity(true, "verified"));
    Path html = dir.resolve("report.html");
    Files.writeString(html, report.toHtml());
    Path png = dir.resolve("report.png");
    Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + dir.resolve("profile"), "--window-size=1280,2400", "--screenshot=" + png,
        html.toUri().toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    assertThat(png).exists();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    // the page is not blank: some pixels are neither white nor near-white (tables, bars, FAIL cells)
    long coloured = 0;
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        if (((rgb >> 16) & 0xFF) < 200 || ((rgb >> 8) & 0xFF) < 200 || (rgb & 0xFF) < 200) {
          coloured++;
        }
      }
    }
    assertThat(coloured).isGreaterThan(500);
  }
}
