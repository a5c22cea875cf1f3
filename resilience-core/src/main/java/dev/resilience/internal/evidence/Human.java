package dev.resilience.internal.evidence;

import java.time.Duration;

/** Formats numbers for people. */
public final class Human {
  private Human() {}

  /** {@code 1d 2h}, {@code 3h 5m}, {@code 42s}, {@code 250ms}. */
  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = ms / 1000;
    long days = s / 86_400;
    long hours = s % 86_400 / 3600;
    long minutes = s % 3600 / 60;
    long seconds = s % 60;
    StringBuilder b = new StringBuilder();
    if (days > 0) {
      b.append(days).append("d ");
    }
    if (hours > 0) {
      b.append(hours).append("h ");
    }
    if (minutes > 0) {
      b.append(minutes).append("m ");
    }
    if (seconds > 0 && days == 0) {
      b.append(seconds).append("s ");
    }
    return b.toString().trim();
  }

  /** {@code 1.5 MiB}. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
