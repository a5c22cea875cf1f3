package dev.resilience.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.event.ProgressEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void showsPercentRateAndEtaWhenTheTotalIsKnown() {
    AtomicLong now = new AtomicLong(0);
    ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), "backup", now::get);
    ProgressEvent e = new ProgressEvent("backup", "t", "upload", 100 * MIB, 400 * MIB, 50, 200);
    String line = bar.line(e, 10_000_000_000L); // 10 s
    assertThat(line).isEqualTo("[0:10] backup (upload)  25.0%  100.0 MiB / 400.0 MiB  50 / 200 files  10.0 MiB/s  ETA 0:30");
  }

  @Test
  void usesTheScanEstimateWhenEventsHaveNoTotal() {
    AtomicLong now = new AtomicLong(0);
    ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), "backup", now::get);
    ProgressEvent e = new ProgressEvent("backup", "t", "", 10 * MIB, -1, 5, -1);
    assertThat(bar.line(e, 2_000_000_000L)).isEqualTo("[0:02] backup  10.0 MiB  5 files  5.0 MiB/s");
    bar.estimate(20 * MIB, 10);
    assertThat(bar.line(e, 2_000_000_000L)).isEqualTo("[0:02] backup  50.0%  10.0 MiB / 20.0 MiB  5 / 10 files  5.0 MiB/s  ETA 0:02");
  }

  @Test
  void redrawsInPlaceAtMostFiveTimesASecondAndEndsTheLine() {
    AtomicLong now = new AtomicLong(0);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), "restore", now::get);
    for (int i = 1; i <= 10; i++) {
      now.set(i * 50_000_000L); // every 50 ms for half a second
      bar.onProgress(new ProgressEvent("restore", "s", "", i * MIB, 10 * MIB, i, 10));
    }
    bar.finish();
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out.chars().filter(c -> c == '\r').count()).isBetween(3L, 4L); // 0.05, 0.25, 0.45 + final
    assertThat(out).endsWith(System.lineSeparator());
    assertThat(out).contains("100.0%");
  }
}
