package dev.resilience.internal.repo;

import dev.resilience.ConfigurationException;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.internal.crypto.BlobCipher;
import dev.resilience.internal.crypto.KeyedHash;
import dev.resilience.internal.crypto.MasterKey;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** Entry point from {@link Repository}'s static factories into the implementation. */
public final class Repositories {
  private Repositories() {}

  private static final AtomicBoolean PREPARED = new AtomicBoolean();

  /** See {@link Repository#prepareBackup()}. */
  public static void prepareBackup() {
    BlobCipher.warmUpSealing();
    prepareOpen();
  }

  /** See {@link Repository#prepareOpen()}. */
  public static void prepareOpen() {
    if (!PREPARED.compareAndSet(false, true)) {
      return;
    }
    BlobCipher.warmUpOpening();
    Thread t = new Thread(() -> {
      try {
        Json.prepare();
      } catch (RuntimeException | LinkageError e) {
        // only warming up: opening the repository reports real problems
      }
    }, "resilience-prepare");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Creates a repository: the key slot first, then {@code config} with create-if-absent, so a
   * half-created repository has no config and a second concurrent {@code init} fails cleanly.
   */
  public static Repository init(ObjectStore store, KeyProvider key, RepositoryOptions options) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(options, "options");
    if (store.stat(RepoConfig.KEY).isPresent()) {
      throw new ConfigurationException("a repository already exists at " + store.describe());
    }
    Json json = new Json();
    SecureRandom random = new SecureRandom();
    MasterKey master = MasterKey.generate(random);
    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    KeySlots.add(store, json, key, master, random, options.clock().instant());
    Json.ConfigDoc config = RepoConfig.create(id, options, options.clock().instant(), new KeyedHash(master.idKey()));
    if (!store.putIfAbsent(RepoConfig.KEY, json.write(config), PutOptions.DEFAULT)) {
      throw new ConfigurationException("a repository was created concurrently at " + store.describe());
    }
    return new DefaultRepository(new RepoContext(store, options, json, master, config, random), master);
  }

  /**
   * Opens a repository: checks the format version first (no key needed), then finds a key slot that
   * {@code key} opens, then authenticates the config.
   */
  public static Repository open(ObjectStore store, KeyProvider key, RepositoryOptions options) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(options, "options");
    BlobCipher.warmUpOpening(); // overlaps the key derivation below
    // Config and key slot are read without the object mapper, so the key derivation starts at once; the
    // mapper is built meanwhile by prepareOpen's thread, or after it.
    Json.ConfigDoc config = RepoConfig.read(store);
    MasterKey master = KeySlots.open(store, key);
    RepoConfig.authenticate(config, new KeyedHash(master.idKey()));
    return new DefaultRepository(new RepoContext(store, options, new Json(), master, config, new SecureRandom()), master);
  }
}
