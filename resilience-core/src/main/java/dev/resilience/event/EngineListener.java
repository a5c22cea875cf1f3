package dev.resilience.event;

/** Receives {@link EngineEvent}s. Must be thread-safe and quick; exceptions it throws are logged and ignored. */
@FunctionalInterface
public interface EngineListener {
  void onEvent(EngineEvent event);
}
