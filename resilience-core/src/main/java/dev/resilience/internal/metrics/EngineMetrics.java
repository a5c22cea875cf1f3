package dev.resilience.internal.metrics;

import dev.resilience.event.EngineEvent;
import dev.resilience.event.EngineListener;
import java.util.function.DoubleSupplier;

/**
 * Where the engine reports measurements. {@link #NONE} without a meter registry; with one,
 * {@link #micrometer(Object)} loads {@link MicrometerEngineMetrics}, the only class that touches
 * Micrometer, so Micrometer stays an optional dependency.
 */
public interface EngineMetrics extends EngineListener {
  EngineMetrics NONE = new EngineMetrics() {
    @Override
    public void onEvent(EngineEvent event) {}

    @Override
    public void dataset(String dataset, DoubleSupplier rpoAgeSeconds) {}

    @Override
    public void repositorySize(long bytes) {}
  };

  /** Registers the per-dataset gauges. */
  void dataset(String dataset, DoubleSupplier rpoAgeSeconds);

  /** The repository's stored size after a job. */
  void repositorySize(long bytes);

  /** Meters in {@code registry}, which must be an {@code io.micrometer.core.instrument.MeterRegistry}. */
  static EngineMetrics micrometer(Object registry) {
    return new MicrometerEngineMetrics((io.micrometer.core.instrument.MeterRegistry) registry);
  }
}
