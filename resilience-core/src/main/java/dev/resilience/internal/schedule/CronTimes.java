package dev.resilience.internal.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * Next execution instants of a five-field (UNIX) cron expression in a time zone, computed by cron-utils.
 *
 * <p>DST: in a spring-forward gap, local times that do not exist are not silently skipped (cron-utils
 * would skip them): a job due inside the gap runs at the instant the clocks jump, as Vixie cron does. In
 * a fall-back overlap, a local time that occurs twice runs once for daily-style expressions (cron-utils
 * picks the first occurrence) and every real hour for hourly ones.
 */
public final class CronTimes {
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Instant REFERENCE = Instant.parse("2026-01-01T00:00:00Z");

  private final Cron cron;
  private final ExecutionTime execution;
  private final ZoneId zone;
  private Instant lastAfter;
  private Instant lastNext;

  private CronTimes(Cron cron, ZoneId zone) {
    this.cron = cron;
    this.execution = ExecutionTime.forCron(cron);
    this.zone = zone;
  }

  /** Parses {@code expression}; throws {@link IllegalArgumentException} with cron-utils' explanation. */
  public static CronTimes of(String expression, ZoneId zone) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("cron expression is empty");
    }
    Cron cron;
    try {
      cron = PARSER.parse(expression.trim()).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid cron '" + expression + "': " + e.getMessage(), e);
    }
    return new CronTimes(cron, zone);
  }

  /** The first execution strictly after {@code after}. */
  public Optional<Instant> next(Instant after) {
    synchronized (this) {
      // the scheduler asks again on every tick: any instant in [lastAfter, lastNext) has the same answer
      if (lastAfter != null && lastNext != null && !after.isBefore(lastAfter) && after.isBefore(lastNext)) {
        return Optional.of(lastNext);
      }
    }
    Optional<Instant> result = compute(after);
    synchronized (this) {
      lastAfter = after;
      lastNext = result.orElse(null);
    }
    return result;
  }

  private Optional<Instant> compute(Instant after) {
    ZonedDateTime from = after.atZone(zone);
    Optional<ZonedDateTime> next = execution.nextExecution(from);
    Instant limit = next.map(ZonedDateTime::toInstant).orElse(after.plus(Duration.ofDays(366 * 5)));
    Optional<Instant> inGap = firstInGap(after, limit);
    if (inGap.isPresent()) {
      return inGap;
    }
    return next.map(ZonedDateTime::toInstant);
  }

  /** The longest gap between consecutive executions over a year, or the first 2000 of them (for RPO checks). */
  public Duration longestInterval() {
    Instant t = REFERENCE;
    Instant end = REFERENCE.plus(Duration.ofDays(366));
    Duration longest = Duration.ZERO;
    Optional<Instant> n = next(t);
    if (n.isEmpty()) {
      return Duration.ofDays(366 * 5);
    }
    Instant prev = n.get();
    int guard = 0;
    while (prev.isBefore(end) && guard++ < 2_000) {
      Optional<Instant> following = next(prev);
      if (following.isEmpty()) {
        break;
      }
      Duration gap = Duration.between(prev, following.get());
      if (gap.compareTo(longest) > 0) {
        longest = gap;
      }
      prev = following.get();
    }
    return longest;
  }

  /** An execution whose local time falls into a DST gap in (after, limit): runs when the clocks jump. */
  private Optional<Instant> firstInGap(Instant after, Instant limit) {
    ZoneOffsetTransition tr = zone.getRules().nextTransition(after);
    while (tr != null && !tr.getInstant().isAfter(limit)) {
      if (tr.isGap()) {
        LocalDateTime local = tr.getDateTimeBefore();
        LocalDateTime gapEnd = tr.getDateTimeAfter();
        while (local.isBefore(gapEnd)) {
          if (execution.isMatch(local.atZone(ZoneOffset.UTC))) {
            return Optional.of(tr.getInstant());
          }
          local = local.plusMinutes(1);
        }
      }
      tr = zone.getRules().nextTransition(tr.getInstant());
    }
    return Optional.empty();
  }

  public String expression() {
    return cron.asString();
  }
}
