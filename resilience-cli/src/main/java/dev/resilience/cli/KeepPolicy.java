package dev.resilience.cli;

import dev.resilience.Snapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * restic's {@code forget --keep-*} selection, as a pure function of the snapshots and a time zone.
 *
 * <p>Snapshots are walked newest first. {@code keep-last n} keeps the {@code n} newest. Each of
 * {@code keep-hourly/daily/weekly/monthly/yearly n} keeps the newest snapshot of each of the {@code n}
 * most recent calendar hours/days/ISO weeks/months/years (in {@code zone}) that have snapshots.
 * {@code keep-within 1y2m3d4h} keeps every snapshot newer than the newest snapshot's time minus that
 * duration (relative to the newest snapshot, not to now, so an idle repository loses nothing). A count
 * of {@code -1} means unlimited. A snapshot is kept if any rule keeps it; the reasons name every rule
 * that did. An empty policy keeps everything.
 *
 * @param last keep-last
 * @param hourly keep-hourly
 * @param daily keep-daily
 * @param weekly keep-weekly
 * @param monthly keep-monthly
 * @param yearly keep-yearly
 * @param within keep-within, or {@code null}
 */
record KeepPolicy(int last, int hourly, int daily, int weekly, int monthly, int yearly, Within within) {

  KeepPolicy {
    for (int n : new int[] {last, hourly, daily, weekly, monthly, yearly}) {
      if (n < -1) {
        throw new IllegalArgumentException("keep counts must be >= 0, or -1 for unlimited; got " + n);
      }
    }
  }

  boolean empty() {
    return last == 0 && hourly == 0 && daily == 0 && weekly == 0 && monthly == 0 && yearly == 0
        && (within == null || within.zero());
  }

  /** What happens to one snapshot, with the rules that keep it ({@code reasons} empty when removed). */
  record Decision(Snapshot snapshot, boolean keep, List<String> reasons) {
    Decision {
      Objects.requireNonNull(snapshot, "snapshot");
      reasons = List.copyOf(reasons);
    }
  }

  /** Decisions for every snapshot, newest first. */
  List<Decision> apply(List<Snapshot> snapshots, ZoneId zone) {
    List<Snapshot> list = new ArrayList<>(snapshots);
    list.sort(Comparator.comparing(Snapshot::startedAt).reversed().thenComparing(Snapshot::id));
    List<Decision> out = new ArrayList<>(list.size());
    if (empty()) {
      for (Snapshot s : list) {
        out.add(new Decision(s, true, List.of("policy is empty")));
      }
      return out;
    }
    if (list.isEmpty()) {
      return out;
    }
    Bucket[] buckets = {
      new Bucket(last, (t, nr) -> (long) nr, "last snapshot"),
      new Bucket(hourly, (t, nr) -> t.getYear() * 1_000_000L + t.getMonthValue() * 10_000L + t.getDayOfMonth() * 100L + t.getHour(), "hourly snapshot"),
      new Bucket(daily, (t, nr) -> t.getYear() * 10_000L + t.getMonthValue() * 100L + t.getDayOfMonth(), "daily snapshot"),
      new Bucket(weekly, (t, nr) -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), "weekly snapshot"),
      new Bucket(monthly, (t, nr) -> t.getYear() * 100L + t.getMonthValue(), "monthly snapshot"),
      new Bucket(yearly, (t, nr) -> (long) t.getYear(), "yearly snapshot"),
    };
    Instant withinCutoff = within == null || within.zero()
        ? null
        : within.before(list.get(0).startedAt().atZone(zone)).toInstant();
    for (int nr = 0; nr < list.size(); nr++) {
      Snapshot s = list.get(nr);
      ZonedDateTime t = s.startedAt().atZone(zone);
      List<String> reasons = new ArrayList<>();
      if (withinCutoff != null && s.startedAt().isAfter(withinCutoff)) {
        reasons.add("within " + within);
      }
      for (Bucket b : buckets) {
        if (b.remaining > 0 || b.remaining == -1) {
          long value = b.key.apply(t, nr);
          if (b.lastKey == null || value != b.lastKey) {
            b.lastKey = value;
            if (b.remaining > 0) {
              b.remaining--;
            }
            reasons.add(b.reason);
          }
        }
      }
      out.add(new Decision(s, !reasons.isEmpty(), reasons));
    }
    return out;
  }

  private static final class Bucket {
    int remaining;
    final BiFunction<ZonedDateTime, Integer, Long> key;
    final String reason;
    Long lastKey;

    Bucket(int count, BiFunction<ZonedDateTime, Integer, Long> key, String reason) {
      this.remaining = count;
      this.key = key;
      this.reason = reason;
    }
  }

  /** A restic duration for {@code --keep-within}: {@code 1y2m3d4h} (years, months, days, hours). */
  record Within(int years, int months, int days, int hours) {
    private static final Pattern PART = Pattern.compile("(\\d+)([ymdh])");

    Within {
      if (years < 0 || months < 0 || days < 0 || hours < 0) {
        throw new IllegalArgumentException("keep-within parts must not be negative");
      }
    }

    static Within parse(String text) {
      String s = text.trim().toLowerCase(Locale.ROOT);
      if (s.isEmpty()) {
        throw new IllegalArgumentException("empty duration");
      }
      int y = 0;
      int mo = 0;
      int d = 0;
      int h = 0;
      Matcher m = PART.matcher(s);
      int pos = 0;
      while (m.find()) {
        if (m.start() != pos) {
          break;
        }
        pos = m.end();
        int n = Integer.parseInt(m.group(1));
        switch (m.group(2)) {
          case "y" -> y += n;
          case "m" -> mo += n;
          case "d" -> d += n;
          default -> h += n;
        }
      }
      if (pos != s.length()) {
        throw new IllegalArgumentException(
            "invalid duration '" + text + "': use numbers with y, m, d, h, e.g. 1y6m or 7d12h");
      }
      return new Within(y, mo, d, h);
    }

    boolean zero() {
      return years == 0 && months == 0 && days == 0 && hours == 0;
    }

    ZonedDateTime before(ZonedDateTime t) {
      return t.minusYears(years).minusMonths(months).minusDays(days).minusHours(hours);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (years > 0) {
        sb.append(years).append('y');
      }
      if (months > 0) {
        sb.append(months).append('m');
      }
      if (days > 0) {
        sb.append(days).append('d');
      }
      if (hours > 0) {
        sb.append(hours).append('h');
      }
      return sb.length() == 0 ? "0h" : sb.toString();
    }
  }
}
