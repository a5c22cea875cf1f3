package dev.resilience;

import dev.resilience.internal.store.FileSystemObjectStore;
import dev.resilience.internal.store.InMemoryObjectStore;
import dev.resilience.spi.ObjectStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The {@link ObjectStore}s that ship with the core. Adapters (S3) have their own factories; all are also
 * found by name through {@link Providers#objectStore} ({@code memory}, {@code file} with key {@code path}).
 */
public final class ObjectStores {
  private ObjectStores() {}

  /** A store in memory, for tests and demos; its content is lost when it is garbage collected. */
  public static ObjectStore inMemory() {
    return new InMemoryObjectStore();
  }

  /** A store in memory whose timestamps and WORM retention follow {@code clock}. */
  public static ObjectStore inMemory(Clock clock) {
    return new InMemoryObjectStore(clock);
  }

  /**
   * A store in a local directory (created if missing): crash-safe writes (temporary file, fsync, atomic
   * rename, directory fsync), an atomic create-if-absent across processes, cold and archive tiers as
   * separate areas ({@code .cold/}, {@code .archive/}) and emulated WORM retention.
   */
  public static ObjectStore filesystem(Path directory) {
    return new FileSystemObjectStore(directory);
  }

  /** A filesystem store whose WORM retention follows {@code clock}. */
  public static ObjectStore filesystem(Path directory, Clock clock) {
    return new FileSystemObjectStore(directory, clock);
  }
}
