package dev.resilience;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Retention of a dataset's snapshots. Keep rules compose (a snapshot is kept if any rule keeps it);
 * ages tier and delete; classification limits and legal holds override. Build with {@link #builder()}.
 * Contradictions (cold before hot, a maximum below a minimum) are refused by {@link DatasetPolicy}'s
 * validation, which reports them with their paths.
 *
 * @param keepLast keep the newest N snapshots
 * @param keepHourly keep the newest snapshot of each of the last N hours that have one (likewise daily,
 *     weekly (ISO weeks), monthly, yearly; calendar buckets in {@code zone})
 * @param keepWithin keep every snapshot younger than this, or {@code null}
 * @param keepTags keep every snapshot that has one of these tags (as a key, or {@code key=value})
 * @param hot move a snapshot to the cold tier once it is this old, or {@code null} to stay hot
 * @param cold delete a snapshot once it is this old (the end of its cold life), or {@code null}
 * @param minimumAges per classification name, an age below which no snapshot is deleted (FINANCIAL: 7y)
 * @param maximumAges per classification name, an age above which every snapshot is deleted unless held (PII: 90d)
 * @param worm lock each snapshot against deletion for this long after it was taken (WORM), or
 *     {@code null}; with WORM, later policy changes may extend retention but never shorten it
 * @param zone time zone of the calendar buckets
 */
public record RetentionPolicy(
    int keepLast,
    int keepHourly,
    int keepDaily,
    int keepWeekly,
    int keepMonthly,
    int keepYearly,
    Duration keepWithin,
    Set<String> keepTags,
    Duration hot,
    Duration cold,
    Map<String, Duration> minimumAges,
    Map<String, Duration> maximumAges,
    Duration worm,
    java.time.ZoneId zone) {

  public RetentionPolicy {
    keepTags = keepTags == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(keepTags));
    minimumAges = minimumAges == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(minimumAges));
    maximumAges = maximumAges == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(maximumAges));
    zone = zone == null ? java.time.ZoneOffset.UTC : zone;
  }

  /** Keeps every snapshot forever (no rule deletes anything). */
  public static RetentionPolicy keepEverything() {
    return builder().build();
  }

  /** Whether any keep rule (count, within, tag) is configured; without one, every snapshot is kept until an age deletes it. */
  public boolean hasKeepRules() {
    return keepLast + keepHourly + keepDaily + keepWeekly + keepMonthly + keepYearly > 0
        || keepWithin != null || !keepTags.isEmpty();
  }

  /** Whether WORM locking is on. */
  public boolean wormEnabled() {
    return worm != null;
  }

  /** The largest minimum age with the classification that imposes it, if any. */
  public Map.Entry<String, Duration> effectiveMinimum() {
    return minimumAges.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(null);
  }

  /** The smallest maximum age with the classification that imposes it, if any. */
  public Map.Entry<String, Duration> effectiveMaximum() {
    return maximumAges.entrySet().stream().min(Map.Entry.comparingByValue()).orElse(null);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.keepLast = keepLast;
    b.keepHourly = keepHourly;
    b.keepDaily = keepDaily;
    b.keepWeekly = keepWeekly;
    b.keepMonthly = keepMonthly;
    b.keepYearly = keepYearly;
    b.keepWithin = keepWithin;
    b.keepTags.addAll(keepTags);
    b.hot = hot;
    b.cold = cold;
    b.minimumAges.putAll(minimumAges);
    b.maximumAges.putAll(maximumAges);
    b.worm = worm;
    b.zone = zone;
    return b;
  }

  /** Builder; each setter checks its own value, {@link DatasetPolicy} checks how values relate. */
  public static final class Builder {
    private int keepLast;
    private int keepHourly;
    private int keepDaily;
    private int keepWeekly;
    private int keepMonthly;
    private int keepYearly;
    private Duration keepWithin;
    private final Set<String> keepTags = new TreeSet<>();
    private Duration hot;
    private Duration cold;
    private final Map<String, Duration> minimumAges = new TreeMap<>();
    private final Map<String, Duration> maximumAges = new TreeMap<>();
    private Duration worm;
    private java.time.ZoneId zone = java.time.ZoneOffset.UTC;

    private Builder() {}

    public Builder keepLast(int n) {
      keepLast = count("keepLast", n);
      return this;
    }

    public Builder keepHourly(int n) {
      keepHourly = count("keepHourly", n);
      return this;
    }

    public Builder keepDaily(int n) {
      keepDaily = count("keepDaily", n);
      return this;
    }

    public Builder keepWeekly(int n) {
      keepWeekly = count("keepWeekly", n);
      return this;
    }

    public Builder keepMonthly(int n) {
      keepMonthly = count("keepMonthly", n);
      return this;
    }

    public Builder keepYearly(int n) {
      keepYearly = count("keepYearly", n);
      return this;
    }

    public Builder keepWithin(Duration d) {
      keepWithin = positive("keepWithin", d);
      return this;
    }

    public Builder keepTag(String tag) {
      Objects.requireNonNull(tag, "tag");
      if (tag.isBlank()) {
        throw new IllegalArgumentException("tag must not be blank");
      }
      keepTags.add(tag);
      return this;
    }

    /** Age at which a snapshot moves to the cold tier. */
    public Builder hot(Duration d) {
      hot = positive("hot", d);
      return this;
    }

    /** Age at which a snapshot is deleted (end of its cold life). */
    public Builder cold(Duration d) {
      cold = positive("cold", d);
      return this;
    }

    public Builder minimumAge(Classification c, Duration d) {
      minimumAges.put(Objects.requireNonNull(c, "classification").name(), positive("minimumAge", d));
      return this;
    }

    public Builder maximumAge(Classification c, Duration d) {
      maximumAges.put(Objects.requireNonNull(c, "classification").name(), positive("maximumAge", d));
      return this;
    }

    /** WORM: every snapshot is locked against deletion for {@code lock} after it was taken. */
    public Builder worm(Duration lock) {
      worm = positive("worm", lock);
      return this;
    }

    public Builder zone(java.time.ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    public RetentionPolicy build() {
      return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly, keepWithin,
          keepTags, hot, cold, minimumAges, maximumAges, worm, zone);
    }

    private static int count(String name, int n) {
      if (n < 0) {
        throw new IllegalArgumentException(name + " must be >= 0, got " + n);
      }
      return n;
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
