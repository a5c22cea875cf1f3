package dev.resilience.internal.metrics;

import dev.resilience.event.EngineEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Engine meters:
 * <ul>
 *   <li>{@code resilience.jobs} (counter; tags dataset, kind, outcome = success/failure/missed/overran)
 *   <li>{@code resilience.job.duration} (timer; tags dataset, kind)
 *   <li>{@code resilience.job.bytes} (distribution summary, bytes; tags dataset, kind)
 *   <li>{@code resilience.rpo.age} (gauge, seconds since the newest restorable point; tag dataset)
 *   <li>{@code resilience.repository.size} (gauge, bytes stored)
 * </ul>
 */
final class MicrometerEngineMetrics implements EngineMetrics {
  private final MeterRegistry registry;
  private final AtomicLong repositoryBytes = new AtomicLong();

  MicrometerEngineMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("resilience.repository.size", repositoryBytes, AtomicLong::doubleValue)
        .description("bytes stored in the repository").baseUnit("bytes").register(registry);
  }

  @Override
  public void dataset(String dataset, DoubleSupplier rpoAgeSeconds) {
    Gauge.builder("resilience.rpo.age", rpoAgeSeconds, DoubleSupplier::getAsDouble)
        .description("age of the newest restorable snapshot").baseUnit("seconds").tag("dataset", dataset)
        .strongReference(true) // the supplier is a lambda nobody else holds: a weak gauge would read NaN after a GC
        .register(registry);
  }

  @Override
  public void repositorySize(long bytes) {
    repositoryBytes.set(bytes);
  }

  @Override
  public void onEvent(EngineEvent event) {
    if (event instanceof EngineEvent.JobFinished f) {
      String kind = kind(f.kind());
      count(f.dataset(), kind, f.succeeded() ? "success" : "failure");
      if (f.overranWindow()) {
        count(f.dataset(), kind, "overran");
      }
      Timer.builder("resilience.job.duration").tag("dataset", f.dataset()).tag("kind", kind).register(registry)
          .record(f.duration());
      DistributionSummary.builder("resilience.job.bytes").baseUnit("bytes").tag("dataset", f.dataset()).tag("kind", kind)
          .register(registry).record(f.bytes());
    } else if (event instanceof EngineEvent.JobMissed m) {
      Counter.builder("resilience.jobs").tag("dataset", m.dataset()).tag("kind", kind(m.kind())).tag("outcome", "missed")
          .register(registry).increment(m.count());
    }
  }

  private void count(String dataset, String kind, String outcome) {
    Counter.builder("resilience.jobs").tag("dataset", dataset).tag("kind", kind).tag("outcome", outcome)
        .register(registry).increment();
  }

  private static String kind(EngineEvent.JobKind k) {
    return k.name().toLowerCase(java.util.Locale.ROOT);
  }
}
