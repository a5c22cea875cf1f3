package dev.resilience.event;

/**
 * Receives {@link ProgressEvent}s. Called from worker threads, at most a few times per second per
 * operation; implementations must be thread-safe and quick, and must not throw.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = event -> {};

  void onProgress(ProgressEvent event);
}
