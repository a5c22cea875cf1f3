package dev.resilience.internal.retention;

import dev.resilience.RetentionPolicy;
import dev.resilience.internal.policy.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WORM mode: retention may be extended but never shortened. Lists every way a new policy would keep
 * snapshots for less time than the current one.
 */
public final class WormGuard {
  private WormGuard() {}

  public static List<String> shortenings(RetentionPolicy current, RetentionPolicy proposed) {
    List<String> out = new ArrayList<>();
    if (!current.wormEnabled()) {
      return out;
    }
    if (!proposed.wormEnabled() || proposed.worm().compareTo(current.worm()) < 0) {
      out.add("retention.worm: " + fmt(current.worm()) + " cannot become " + fmt(proposed.worm()));
    }
    count(out, "keepLast", current.keepLast(), proposed.keepLast());
    count(out, "keepHourly", current.keepHourly(), proposed.keepHourly());
    count(out, "keepDaily", current.keepDaily(), proposed.keepDaily());
    count(out, "keepWeekly", current.keepWeekly(), proposed.keepWeekly());
    count(out, "keepMonthly", current.keepMonthly(), proposed.keepMonthly());
    count(out, "keepYearly", current.keepYearly(), proposed.keepYearly());
    if (current.keepWithin() != null && shorter(proposed.keepWithin(), current.keepWithin())) {
      out.add("retention.keepWithin: " + fmt(current.keepWithin()) + " cannot become " + fmt(proposed.keepWithin()));
    }
    for (String tag : current.keepTags()) {
      if (!proposed.keepTags().contains(tag)) {
        out.add("retention.keepTags: '" + tag + "' cannot be removed");
      }
    }
    if (proposed.cold() != null && (current.cold() == null || proposed.cold().compareTo(current.cold()) < 0)) {
      out.add("retention.cold: " + fmt(current.cold()) + " cannot become " + fmt(proposed.cold()));
    }
    for (Map.Entry<String, Duration> e : current.minimumAges().entrySet()) {
      if (shorter(proposed.minimumAges().get(e.getKey()), e.getValue())) {
        out.add("retention.minimumAges." + e.getKey() + ": " + fmt(e.getValue()) + " cannot become "
            + fmt(proposed.minimumAges().get(e.getKey())));
      }
    }
    for (Map.Entry<String, Duration> e : proposed.maximumAges().entrySet()) {
      Duration was = current.maximumAges().get(e.getKey());
      if (was == null || e.getValue().compareTo(was) < 0) {
        out.add("retention.maximumAges." + e.getKey() + ": " + fmt(was) + " cannot become " + fmt(e.getValue()));
      }
    }
    return out;
  }

  private static void count(List<String> out, String name, int was, int now) {
    if (now < was) {
      out.add("retention." + name + ": " + was + " cannot become " + now);
    }
  }

  private static boolean shorter(Duration proposed, Duration current) {
    return proposed == null || proposed.compareTo(current) < 0;
  }

  private static String fmt(Duration d) {
    return d == null ? "none" : Durations.format(d);
  }
}
