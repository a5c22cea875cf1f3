package dev.resilience.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes, rates and durations for terminal output. */
final class Format {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Format() {}

  static String bytes(long n) {
    return bytes(n, "%.3f %s");
  }

  /** Like {@link #bytes} with one decimal, for the progress line. */
  static String bytesShort(long n) {
    return bytes(n, "%.1f %s");
  }

  private static String bytes(long n, String pattern) {
    if (n < 1024) {
      return n + " B";
    }
    double v = n;
    int unit = 0;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, pattern, v, UNITS[unit]);
  }

  /** {@code h:mm:ss} or {@code m:ss}. */
  static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2fs", d.toMillis() / 1000.0);
  }
}
