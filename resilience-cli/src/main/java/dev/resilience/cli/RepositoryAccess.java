package dev.resilience.cli;

import dev.resilience.ConfigurationException;
import dev.resilience.NotFoundException;
import dev.resilience.Providers;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.ObjectStore;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens or creates the repository a command works on, and builds the directory targets it backs up and
 * restores. Everything is looked up through {@link Providers} by name, so the CLI names no adapter class.
 */
final class RepositoryAccess {
  private final Providers providers;
  private final RepositoryLocation location;
  private final Secrets secrets;
  private final Path passwordFile;
  private final RepositoryOptions options;

  RepositoryAccess(Providers providers, RepositoryLocation location, Secrets secrets, Path passwordFile, RepositoryOptions options) {
    this.providers = providers;
    this.location = location;
    this.secrets = secrets;
    this.passwordFile = passwordFile;
    this.options = options;
  }

  RepositoryLocation location() {
    return location;
  }

  /** Opens the existing repository; a missing one fails with exit code 10, a wrong password with 12. */
  Repository open() {
    if (location.certainlyAbsent()) {
      throw new RepositoryMissingException("repository " + location.display() + " does not exist", null);
    }
    KeyProvider key = key(false);
    ObjectStore store = location.openStore(providers);
    try {
      return Repository.open(store, key, options);
    } catch (NotFoundException e) {
      closeQuietly(store);
      throw new RepositoryMissingException(
          "repository " + location.display() + " does not exist (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      closeQuietly(store);
      throw e;
    }
  }

  /** Creates a new repository; fails if one exists already. */
  Repository init() {
    KeyProvider key = key(true);
    ObjectStore store = location.openStore(providers);
    try {
      if (!store.list("").isEmpty()) {
        throw new ConfigurationException(
            "repository " + location.display() + " already exists or the location is not empty");
      }
      return Repository.init(store, key, options);
    } catch (RuntimeException e) {
      closeQuietly(store);
      throw e;
    }
  }

  private KeyProvider key(boolean confirm) {
    char[] password = secrets.password(passwordFile, confirm);
    try {
      KeyProvider own = Wiring.passphrase(providers, password);
      return confirm ? own : EarlyUnlock.reuse(location, password, own);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** A target for a local directory (backup source or restore destination). */
  BackupTarget directory(Path dir) {
    return Wiring.directory(providers, dir.toAbsolutePath().normalize());
  }

  private static void closeQuietly(ObjectStore store) {
    try {
      store.close();
    } catch (RuntimeException ignored) {
      // the original failure matters more
    }
  }

  /** The one place that knows how core's built-in providers are configured. */
  static final class Wiring {
    private Wiring() {}

    static KeyProvider passphrase(Providers providers, char[] password) {
      return dev.resilience.KeyProviders.passphrase(password);
    }

    static BackupTarget directory(Providers providers, Path dir) {
      return dev.resilience.BackupTargets.directory(dir);
    }
  }
}
