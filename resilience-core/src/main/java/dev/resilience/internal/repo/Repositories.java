package dev.resilience.internal.repo;

import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.ObjectStore;

/** Entry point from {@link Repository}'s static factories into the implementation. */
public final class Repositories {
  private Repositories() {}

  public static Repository init(ObjectStore store, KeyProvider key, RepositoryOptions options) {
    throw new UnsupportedOperationException("repository implementation pending (issue 2)");
  }

  public static Repository open(ObjectStore store, KeyProvider key, RepositoryOptions options) {
    throw new UnsupportedOperationException("repository implementation pending (issue 2)");
  }
}
