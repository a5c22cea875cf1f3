package dev.resilience.internal.retention;

import dev.resilience.RetentionPolicy;
import dev.resilience.Snapshot;
import dev.resilience.internal.policy.Durations;
import dev.resilience.spi.RetentionRule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The composable keep rules of a {@link RetentionPolicy}, each a {@link RetentionRule}. */
public final class KeepRules {
  private KeepRules() {}

  /** The rules a policy configures, in a stable order. */
  public static List<RetentionRule> of(RetentionPolicy p) {
    List<RetentionRule> rules = new ArrayList<>();
    if (p.keepLast() > 0) {
      rules.add(new KeepLast(p.keepLast()));
    }
    ZoneId z = p.zone();
    addPeriodic(rules, "keep-hourly", p.keepHourly(), t -> t.atZone(z).truncatedTo(ChronoUnit.HOURS).toLocalDateTime().toString());
    addPeriodic(rules, "keep-daily", p.keepDaily(), t -> t.atZone(z).toLocalDate().toString());
    addPeriodic(rules, "keep-weekly", p.keepWeekly(), t -> {
      ZonedDateTime d = t.atZone(z);
      return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    });
    addPeriodic(rules, "keep-monthly", p.keepMonthly(), t -> t.atZone(z).getYear() + "-" + t.atZone(z).getMonthValue());
    addPeriodic(rules, "keep-yearly", p.keepYearly(), t -> String.valueOf(t.atZone(z).getYear()));
    if (p.keepWithin() != null) {
      rules.add(new KeepWithin(p.keepWithin()));
    }
    if (!p.keepTags().isEmpty()) {
      rules.add(new KeepTags(p.keepTags()));
    }
    return rules;
  }

  private static void addPeriodic(List<RetentionRule> rules, String name, int n, Function<Instant, String> bucket) {
    if (n > 0) {
      rules.add(new KeepPeriodic(name, n, bucket));
    }
  }

  static List<Snapshot> newestFirst(List<Snapshot> snapshots) {
    List<Snapshot> sorted = new ArrayList<>(snapshots);
    sorted.sort(Comparator.comparing(Snapshot::startedAt).thenComparing(Snapshot::id).reversed());
    return sorted;
  }

  /** Keeps the newest N snapshots. */
  record KeepLast(int n) implements RetentionRule {
    @Override
    public String describe() {
      return "keep-last " + n;
    }

    @Override
    public Map<String, Verdict> evaluate(List<Snapshot> snapshots, Instant now) {
      Map<String, Verdict> out = new LinkedHashMap<>();
      List<Snapshot> sorted = newestFirst(snapshots);
      for (int i = 0; i < Math.min(n, sorted.size()); i++) {
        out.put(sorted.get(i).id(), new Verdict(Action.KEEP, describe() + ": #" + (i + 1) + " newest"));
      }
      return out;
    }
  }

  /** Keeps the newest snapshot of each of the newest N calendar buckets that have one (restic's semantics). */
  record KeepPeriodic(String name, int n, Function<Instant, String> bucket) implements RetentionRule {
    @Override
    public String describe() {
      return name + " " + n;
    }

    @Override
    public Map<String, Verdict> evaluate(List<Snapshot> snapshots, Instant now) {
      Map<String, Verdict> out = new LinkedHashMap<>();
      String last = null;
      int used = 0;
      for (Snapshot s : newestFirst(snapshots)) {
        if (used >= n) {
          break;
        }
        String b = bucket.apply(s.startedAt());
        if (!b.equals(last)) {
          out.put(s.id(), new Verdict(Action.KEEP, describe() + ": newest of " + b));
          last = b;
          used++;
        }
      }
      return out;
    }
  }

  /** Keeps every snapshot younger than a duration. */
  record KeepWithin(Duration within) implements RetentionRule {
    @Override
    public String describe() {
      return "keep-within " + Durations.format(within);
    }

    @Override
    public Map<String, Verdict> evaluate(List<Snapshot> snapshots, Instant now) {
      Map<String, Verdict> out = new LinkedHashMap<>();
      for (Snapshot s : snapshots) {
        if (s.startedAt().isAfter(now.minus(within))) {
          out.put(s.id(), new Verdict(Action.KEEP, describe() + ": taken within"));
        }
      }
      return out;
    }
  }

  /** Keeps every snapshot with one of the tags (a tag is a key, or {@code key=value}). */
  record KeepTags(Set<String> tags) implements RetentionRule {
    @Override
    public String describe() {
      return "keep-tag " + String.join(",", tags);
    }

    @Override
    public Map<String, Verdict> evaluate(List<Snapshot> snapshots, Instant now) {
      Map<String, Verdict> out = new LinkedHashMap<>();
      for (Snapshot s : snapshots) {
        for (String t : tags) {
          int eq = t.indexOf('=');
          boolean match = eq < 0 ? s.tags().containsKey(t) : t.substring(eq + 1).equals(s.tags().get(t.substring(0, eq)));
          if (match) {
            out.put(s.id(), new Verdict(Action.KEEP, "keep-tag: tagged " + t));
            break;
          }
        }
      }
      return out;
    }
  }
}
