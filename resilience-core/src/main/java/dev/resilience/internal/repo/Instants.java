package dev.resilience.internal.repo;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses the instants that {@link Instant#toString()} writes ({@code 2024-05-01T12:30:05.123456Z}) without
 * {@code DateTimeFormatter}, which is slow in a fresh JVM and dominated reading a tree of ~20,000 entries.
 * Any other text goes to {@link Instant#parse}, so both accept and reject the same strings.
 */
final class Instants {
  private Instants() {}

  static Instant parse(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return Instant.parse(s);
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int nanos = 0;
    if (n > 20) {
      int fraction = n - 21;
      if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
        return Instant.parse(s);
      }
      nanos = digits(s, 20, n - 1);
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    if ((year | month | day | hour | minute | second | nanos) < 0 || month < 1 || month > 12 || day < 1
        || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
      return Instant.parse(s);
    }
    long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** The decimal number in {@code s[from, to)}, or -1 if a character is not a digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }
}
