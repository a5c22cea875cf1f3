package dev.resilience.internal.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in policy documents: compact ({@code 90s}, {@code 15m}, {@code 12h}, {@code 30d}, {@code 2w},
 * {@code 7y} where a year is 365 days) or ISO-8601 ({@code PT1H}, {@code P30D}).
 */
public final class Durations {
  private static final Pattern COMPACT = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d|w|y)");
  private static final Pattern ISO_DAYS = Pattern.compile("P(\\d{1,9})([DWY])");

  private Durations() {}

  /** Parses a duration; throws {@link IllegalArgumentException} naming the accepted forms. */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = COMPACT.matcher(t);
    if (m.matches()) {
      return of(Long.parseLong(m.group(1)), m.group(2).charAt(0));
    }
    Matcher iso = ISO_DAYS.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (iso.matches()) {
      return of(Long.parseLong(iso.group(1)), Character.toLowerCase(iso.group(2).charAt(0)));
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (use e.g. 90s, 15m, 12h, 30d, 2w, 7y or ISO-8601 PT1H)");
    }
  }

  private static Duration of(long n, char unit) {
    return switch (unit) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      case 'w' -> Duration.ofDays(7 * n);
      case 'y' -> Duration.ofDays(365 * n);
      default -> throw new IllegalArgumentException("unknown unit " + unit);
    };
  }

  /** The most compact exact form ({@code 7y}, {@code 30d}, {@code 90m}); round-trips through {@link #parse}. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0 || s < 0) {
      return d.toString();
    }
    long[] sizes = {365L * 86400, 7L * 86400, 86400, 3600, 60};
    String[] units = {"y", "w", "d", "h", "m"};
    for (int i = 0; i < sizes.length; i++) {
      if (s != 0 && s % sizes[i] == 0) {
        return (s / sizes[i]) + units[i];
      }
    }
    return s + "s";
  }
}
