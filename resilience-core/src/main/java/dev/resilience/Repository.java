package dev.resilience;

import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.SnapshotReader;
import java.util.List;
import java.util.Optional;

/**
 * A deduplicated, compressed, encrypted, crash-safe store of snapshots on top of an {@link ObjectStore}.
 *
 * <p>Content is cut into content-defined chunks; each chunk is identified by a keyed hash of its
 * plaintext, compressed with zstd when that helps, encrypted with AES-256-GCM and written into packs.
 * Write order is packs, then index, then snapshot manifest: a crash at any point leaves at most
 * unreferenced packs, never a snapshot pointing at missing data, and nothing is overwritten in place.
 *
 * <p>Thread-safe. Several processes may use one repository at once: backups never conflict, and
 * {@link #prune} is safe while backups run.
 */
public interface Repository extends AutoCloseable {

  /**
   * Optional, for short-lived processes such as a command-line tool: starts setting up, on a background
   * thread, what opening a repository needs first (the JSON mapper and the document readers, the
   * ciphers), so that it overlaps with the caller's own start-up. Returns at once; later calls do nothing.
   */
  static void prepareOpen() {
    dev.resilience.internal.repo.Repositories.prepareOpen();
  }

  /**
   * Like {@link #prepareOpen()}, for a process about to back up: also gets the encryption of new data
   * ready (the JIT compiles it on a background thread). Returns at once; later calls do nothing.
   */
  static void prepareBackup() {
    dev.resilience.internal.repo.Repositories.prepareBackup();
  }

  /** Creates a new repository in an empty store, with one key slot wrapped by {@code key}. */
  static Repository init(ObjectStore store, KeyProvider key, RepositoryOptions options) {
    return dev.resilience.internal.repo.Repositories.init(store, key, options);
  }

  /**
   * Opens an existing repository. Fails with {@link AccessDeniedException} if no key slot opens with
   * {@code key}, and {@link ConfigurationException} if the format version is unknown.
   */
  static Repository open(ObjectStore store, KeyProvider key, RepositoryOptions options) {
    return dev.resilience.internal.repo.Repositories.open(store, key, options);
  }

  static Repository open(ObjectStore store, KeyProvider key) {
    return open(store, key, RepositoryOptions.defaults());
  }

  /** Repository id (random, hex). */
  String id();

  /** The store underneath. */
  ObjectStore store();

  /** Backs up {@code target}; returns the committed snapshot. */
  Snapshot backup(BackupTarget target, BackupRequest request);

  /** Restores a snapshot (id or unique id prefix) into {@code destination}. */
  RestoreResult restore(String snapshotId, BackupTarget destination, RestoreRequest request);

  /** Opens a snapshot for reading (for verifiers and tools). */
  SnapshotReader read(String snapshotId, RestoreRequest request);

  /** Every snapshot, oldest first. */
  List<Snapshot> snapshots();

  /** The snapshot with this id or unique id prefix. */
  Optional<Snapshot> snapshot(String idOrPrefix);

  /** The most recent snapshot of a target. */
  Optional<Snapshot> latest(String targetName);

  /** Removes a snapshot from the catalog. Its data stays until {@link #prune}. */
  void forget(String snapshotId);

  /** Checks the repository; never modifies it. */
  CheckReport check(CheckRequest request);

  /** Removes data no snapshot references. Safe while backups run. */
  PruneReport prune(PruneRequest request);

  /**
   * Places data packs in storage tiers by which snapshots need them. A data pack ({@code data/}) whose blobs
   * only snapshots in {@code coldSnapshotIds} reference is moved to {@link dev.resilience.spi.StorageTier#COLD};
   * a data pack a snapshot outside the set (a hot one) references is moved back to
   * {@link dev.resilience.spi.StorageTier#HOT} if it is cold. Packs no snapshot references (prune's business),
   * archived packs, and all metadata (tree packs, index, snapshots, keys, config) are left as they are, so
   * metadata stays hot. Ids in the set that name no snapshot are ignored. Stores without tiers ignore the moves.
   *
   * <p>Memory is bounded by the blob count (ids only, no data is read). Safe alongside backups, restores and
   * prunes: a pack deleted concurrently is skipped and counted in {@link TierReport#packsSkipped()}; a pack a
   * backup starts to share meanwhile may stay cold until the next call. Cold snapshots restore as long as the
   * store's cold tier is directly readable (filesystem {@code .cold/} area, S3 STANDARD_IA).
   */
  TierReport applyTiers(java.util.Set<String> coldSnapshotIds);

  /** Rebuilds the index from the packs alone (their encrypted tables of contents). Returns the number of blobs indexed. */
  long rebuildIndex();

  /**
   * An {@link ObjectStore} for data kept beside snapshots (e.g. PostgreSQL WAL segments), stored in this
   * repository's own store under {@code sealed/<namespace>/} and encrypted like everything else in it.
   *
   * <ul>
   *   <li>Each object is sealed with AES-256-GCM (fresh random nonce) under a key derived from the repository's
   *       master key, with its full store key as associated data: without a key slot nobody can read it, and an
   *       object altered, truncated, or moved to another key makes {@code get} throw {@link IntegrityException}
   *       naming the key.
   *   <li>Keys given to the view are relative to the namespace; {@code list} and {@code stat} report them so, with
   *       plaintext sizes. A ranged {@code get} decrypts the whole object and returns the range.
   *   <li>{@code put}, {@code putIfAbsent}, {@code delete}, tiering and retention go to the repository's store;
   *       {@code close} does nothing (the repository owns the store).
   *   <li>{@link #check}, {@link #prune} and {@link #rebuildIndex} neither report nor delete these objects: their
   *       lifetime is the caller's.
   * </ul>
   *
   * @param namespace one or more {@code /}-separated lower-case segments of {@code [a-z0-9._-]}, e.g. {@code wal}
   */
  ObjectStore sealedStore(String namespace);

  /** Adds a key slot wrapped by another provider; returns its id. No data is re-encrypted. */
  String addKey(KeyProvider key);

  /** Removes a key slot. The last slot cannot be removed. */
  void removeKey(String slotId);

  /** Ids of the key slots. */
  List<String> keySlots();

  @Override
  void close();
}
