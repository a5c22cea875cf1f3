package dev.resilience.spi;

/**
 * An isolated, disposable place of the same kind as a target (a temporary folder, a fresh database
 * server, a new bucket) that drills restore into. {@link #close()} removes it and everything in it.
 */
public interface Sandbox extends AutoCloseable {
  /** A target pointing into the sandbox: restore into it, then verify it. */
  BackupTarget target();

  /** Where the sandbox lives, for reports (no credentials). */
  String describe();

  @Override
  void close();
}
