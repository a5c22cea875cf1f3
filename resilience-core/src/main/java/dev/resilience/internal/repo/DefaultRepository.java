package dev.resilience.internal.repo;

import dev.resilience.BackupKind;
import dev.resilience.BackupRequest;
import dev.resilience.CheckReport;
import dev.resilience.CheckRequest;
import dev.resilience.ConfigurationException;
import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;
import dev.resilience.PruneReport;
import dev.resilience.PruneRequest;
import dev.resilience.Repository;
import dev.resilience.RestoreRequest;
import dev.resilience.RestoreResult;
import dev.resilience.Snapshot;
import dev.resilience.SnapshotStatus;
import dev.resilience.internal.crypto.BlobCipher;
import dev.resilience.internal.repo.IndexCodec.IndexFile;
import dev.resilience.internal.repo.IndexCodec.PackRecord;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.StoreFeature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The repository format on an {@link ObjectStore}:
 *
 * <pre>
 * config                 plaintext JSON: format, version, id, chunker sizes; HMAC under the id key
 * keys/&lt;id&gt;              the master key wrapped by one KeyProvider (JSON)
 * data/ab/&lt;id&gt;           packs of content blobs (may move to a cold tier)
 * meta/ab/&lt;id&gt;           packs of tree blobs (entry lists; stay hot)
 * index/&lt;id&gt;             sealed binary index: pack → blobs (id, offset, length, raw length)
 * snapshots/&lt;id&gt;         sealed JSON manifest; id = HMAC of the JSON
 * sessions/&lt;id&gt;          leases of running backups (see {@link Pruner})
 * prune/&lt;id&gt;             packs marked for deletion by a prune run, swept by a later one
 * sealed/&lt;ns&gt;/&lt;key&gt;      objects of {@link #sealedStore} views (AES-256-GCM, key bound as AAD); never checked or pruned
 * </pre>
 *
 * A backup writes packs, then one index file, then the manifest; nothing is overwritten in place (every
 * name is random or content-derived). Thread-safe; every operation reads the index afresh, so several
 * processes can share one repository.
 */
final class DefaultRepository implements Repository {
  private final RepoContext ctx;
  private final dev.resilience.internal.crypto.MasterKey master;
  private final Map<String, Manifests.Loaded> manifestCache = new ConcurrentHashMap<>();

  DefaultRepository(RepoContext ctx, dev.resilience.internal.crypto.MasterKey master) {
    this.ctx = ctx;
    this.master = master;
  }

  RepoContext context() {
    return ctx;
  }

  @Override
  public String id() {
    return ctx.repositoryId();
  }

  @Override
  public ObjectStore store() {
    return ctx.store();
  }

  // ---------------------------------------------------------------- backup

  @Override
  public Snapshot backup(BackupTarget target, BackupRequest request) {
    try (RepoContext.Operation op = ctx.operation()) {
      return runBackup(target, request);
    }
  }

  private Snapshot runBackup(BackupTarget target, BackupRequest request) {
    Instant started = ctx.clock().instant();
    Progress progress = new Progress(request.progress(), "backup", target.name());
    progress.emit("scan");
    target.prepareBackup(); // e.g. the directory listing runs while the index and parent tree load
    BlobCipher.warmUpSealing(); // the JIT compiles encryption meanwhile (once per JVM)
    try (Sessions.Lease lease = Sessions.begin(ctx)) {
      RepositoryIndex index = RepositoryIndex.load(ctx, null);
      Snapshot parent = resolveParent(target, request);
      Map<String, TreeEntry> parentTree = new HashMap<>();
      List<TreeEntry> parentEntries = List.of();
      if (parent != null) {
        BlobLoader loader = new BlobLoader(ctx, RepositoryIndex.readingView(ctx, index));
        parentEntries = loadTree(loader, parent.id());
        for (TreeEntry t : parentEntries) {
          parentTree.put(t.entry().path(), t);
        }
      }
      BackupSession session = new BackupSession(ctx, index, parentTree, limiter(request.bytesPerSecond()), progress);
      target.backup(session);
      progress.emit("index");
      List<TreeEntry> tree = session.collect();
      List<BlobId> treeIds = parent == null ? null : unchangedTree(parent.id(), parentEntries, tree, index);
      // The same entries have the same content digest (it covers their paths and content digests only).
      String contentDigest = treeIds != null && parent.contentDigest() != null ? parent.contentDigest() : contentDigest(tree);
      if (treeIds == null) {
        treeIds = session.writeTree(tree);
      }
      List<PackRecord> packs = new ArrayList<>(session.dataPacks.flush());
      packs.addAll(session.treePacks.flush());
      long stored = session.dataPacks.storedBytes() + session.treePacks.storedBytes();
      if (!packs.isEmpty()) {
        IndexFile file = new IndexFile(List.of(), packs);
        RepositoryIndex.write(ctx, file);
        stored += IndexCodec.encode(file).length;
      }
      progress.emit("commit");
      long files = 0;
      long total = 0;
      for (TreeEntry t : tree) {
        if (t.entry().type() == EntryType.FILE) {
          files++;
          total += t.entry().size();
        }
      }
      Map<String, String> metadata = session.metadata();
      SnapshotStatus status = isPartial(metadata) ? SnapshotStatus.PARTIAL : SnapshotStatus.COMPLETE;
      Instant finished = ctx.clock().instant();
      Json.ManifestDoc doc = new Json.ManifestDoc(
          Manifests.VERSION, parent == null ? null : parent.id(), target.name(), request.tenant(), request.dataset(),
          request.classification() == null ? null : request.classification().name(),
          (parent == null ? BackupKind.FULL : BackupKind.INCREMENTAL).name(), started.toString(), finished.toString(),
          status.name(), request.tags(), tree.size(), files, total, session.newBytes.sum(), stored,
          session.newChunks.sum(), session.reusedChunks.sum(), contentDigest, metadata, hexes(treeIds));
      String id = Manifests.write(ctx, doc);
      progress.emit("done");
      return snapshot(id).orElseThrow(() -> new IntegrityException(Manifests.PREFIX + id + ": vanished after writing"));
    }
  }

  /**
   * The parent's tree blobs if this backup found exactly the parent's entries (same metadata, same
   * chunks, same order), so an unchanged source is not serialized, hashed and sealed again; null otherwise.
   * Like reused content, the blobs must be in the index this backup read under its lease.
   */
  private List<BlobId> unchangedTree(String parentId, List<TreeEntry> parentEntries, List<TreeEntry> tree, RepositoryIndex index) {
    if (!tree.equals(parentEntries)) {
      return null;
    }
    List<BlobId> ids = manifest(parentId).tree();
    for (BlobId id : ids) {
      if (!index.contains(id)) {
        return null;
      }
    }
    return ids;
  }

  /**
   * A snapshot is {@link SnapshotStatus#PARTIAL} when the target recorded metadata {@code partial=true}
   * or any key starting with {@code problem.} (e.g. {@code problem.table.audit_log}).
   */
  private static boolean isPartial(Map<String, String> metadata) {
    if ("true".equalsIgnoreCase(metadata.get("partial"))) {
      return true;
    }
    return metadata.keySet().stream().anyMatch(k -> k.startsWith("problem."));
  }

  private Snapshot resolveParent(BackupTarget target, BackupRequest request) {
    if (request.full()) {
      return null;
    }
    if (request.parentId() != null) {
      return snapshot(request.parentId())
          .orElseThrow(() -> new NotFoundException("parent snapshot '" + request.parentId() + "' does not exist"));
    }
    return latest(target.name()).orElse(null);
  }

  /** A bandwidth limit ({@code 0}: none) on the shared token bucket implementation. */
  static java.util.function.LongConsumer limiter(long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      return n -> {};
    }
    return dev.resilience.internal.throttle.TokenBucket.system(bytesPerSecond)::acquire;
  }

  static String contentDigest(List<TreeEntry> tree) {
    MessageDigest md = BackupSession.sha256();
    for (TreeEntry t : tree) {
      if (t.entry().type() == EntryType.FILE) {
        md.update(t.entry().path().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(t.entry().digest().getBytes(StandardCharsets.US_ASCII));
        md.update((byte) '\n');
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static List<String> hexes(List<BlobId> ids) {
    List<String> out = new ArrayList<>(ids.size());
    for (BlobId id : ids) {
      out.add(id.hex());
    }
    return out;
  }

  List<TreeEntry> loadTree(BlobLoader loader, String snapshotId) {
    return Trees.parse(ctx.json(), treeBytes(loader, snapshotId), Manifests.PREFIX + snapshotId);
  }

  /** Hands the snapshot's entries to {@code each} one at a time (see {@link Trees#forEach}). */
  void forEachTreeEntry(BlobLoader loader, String snapshotId, Consumer<TreeEntry> each) {
    Trees.forEach(ctx.json(), treeBytes(loader, snapshotId), Manifests.PREFIX + snapshotId, each);
  }

  private byte[] treeBytes(BlobLoader loader, String snapshotId) {
    Manifests.Loaded m = manifest(snapshotId);
    String what = Manifests.PREFIX + snapshotId;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (BlobId id : m.tree()) {
      bytes.writeBytes(loader.load(id, what + " tree"));
    }
    return bytes.toByteArray();
  }

  Manifests.Loaded manifest(String id) {
    Manifests.Loaded m = manifestCache.get(id);
    if (m == null) {
      m = Manifests.read(ctx, id);
      manifestCache.put(id, m);
    }
    return m;
  }

  // --------------------------------------------------------------- restore

  @Override
  public RestoreResult restore(String snapshotId, BackupTarget destination, RestoreRequest request) {
    long t0 = System.nanoTime();
    RepositorySnapshotReader reader;
    Snapshot snap;
    // Packs stay open for this restore's reads (a local store opened the pack file for every blob).
    try (RepoContext.Operation op = ctx.operation(); PackReaders readers = new PackReaders(ctx.store(), 4)) {
      reader = open(snapshotId, request, readers);
      snap = snapshot(snapshotId).orElseThrow();
      destination.restore(reader);
    }
    reader.done();
    return new RestoreResult(snap, reader.entries().size(), reader.bytesRead(), Duration.ofNanos(System.nanoTime() - t0));
  }

  @Override
  public SnapshotReader read(String snapshotId, RestoreRequest request) {
    return open(snapshotId, request, null); // the caller has no way to say when it is done: no packs kept open
  }

  private RepositorySnapshotReader open(String idOrPrefix, RestoreRequest request, PackReaders readers) {
    Snapshot snap = snapshot(idOrPrefix)
        .orElseThrow(() -> new NotFoundException("no snapshot '" + idOrPrefix + "' in " + ctx.store().describe()));
    int parallelism = request.parallelism() == 0 ? Runtime.getRuntime().availableProcessors() : request.parallelism();
    // On a remote store a request costs a round trip, and small files' chunks lie side by side in their packs:
    // read them a window at a time (each reader thread works through about one). A local store's ranged
    // reads are cheap, and there windows only added garbage (benchmarks/RESULTS.md).
    PackWindows windows = ctx.store().features().contains(StoreFeature.LOCAL)
        ? null : new PackWindows(ctx.store(), Math.max(4, 2 * parallelism));
    BlobLoader loader = new BlobLoader(ctx, RepositoryIndex.loadForReading(ctx, null), windows, readers);
    List<TreeEntry> tree = loadTree(loader, snap.id());
    Progress progress = new Progress(request.progress(), "restore", snap.id());
    long total = 0;
    long files = 0;
    for (TreeEntry t : tree) {
      if (request.selects(t.entry().path()) && t.entry().type() == EntryType.FILE) {
        total += t.entry().size();
        files++;
      }
    }
    progress.totals(total, files);
    return new RepositorySnapshotReader(ctx, loader, snap.id(), tree, request::selects, snap.metadata(), parallelism,
        limiter(request.bytesPerSecond()), progress);
  }

  // ------------------------------------------------------------- catalogue

  @Override
  public List<Snapshot> snapshots() {
    List<Snapshot> out = new ArrayList<>();
    for (ObjectInfo info : ctx.store().list(Manifests.PREFIX)) {
      String id = info.key().substring(Manifests.PREFIX.length());
      try {
        out.add(manifest(id).snapshot());
      } catch (NotFoundException e) {
        // forgotten meanwhile
      }
    }
    out.sort(Comparator.comparing(Snapshot::finishedAt).thenComparing(Snapshot::id));
    return out;
  }

  @Override
  public Optional<Snapshot> snapshot(String idOrPrefix) {
    if (idOrPrefix == null || idOrPrefix.isEmpty()) {
      throw new IllegalArgumentException("snapshot id must not be empty");
    }
    List<String> matches = new ArrayList<>();
    for (ObjectInfo info : ctx.store().list(Manifests.PREFIX + idOrPrefix)) {
      matches.add(info.key().substring(Manifests.PREFIX.length()));
    }
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    if (matches.size() > 1 && !matches.contains(idOrPrefix)) {
      throw new ConfigurationException("snapshot prefix '" + idOrPrefix + "' is ambiguous (" + matches.size() + " snapshots match)");
    }
    String id = matches.contains(idOrPrefix) ? idOrPrefix : matches.get(0);
    try {
      return Optional.of(manifest(id).snapshot());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Snapshot> latest(String targetName) {
    Snapshot best = null;
    for (Snapshot s : snapshots()) {
      if (s.target().equals(targetName)) {
        best = s;
      }
    }
    return Optional.ofNullable(best);
  }

  @Override
  public void forget(String snapshotId) {
    Snapshot s = snapshot(snapshotId).orElseThrow(() -> new NotFoundException("no snapshot '" + snapshotId + "'"));
    ctx.store().delete(Manifests.PREFIX + s.id());
    manifestCache.remove(s.id());
  }

  // ------------------------------------------------------- maintenance

  @Override
  public CheckReport check(CheckRequest request) {
    try (RepoContext.Operation op = ctx.operation()) {
      return new Checker(ctx, this).run(request);
    }
  }

  @Override
  public PruneReport prune(PruneRequest request) {
    try (RepoContext.Operation op = ctx.operation()) {
      return new Pruner(ctx, this).run(request);
    }
  }

  @Override
  public ObjectStore sealedStore(String namespace) {
    return new SealedObjectStore(ctx.store(), master, namespace);
  }

  @Override
  public dev.resilience.TierReport applyTiers(java.util.Set<String> coldSnapshotIds) {
    return new Tiering(ctx, this).apply(java.util.Set.copyOf(coldSnapshotIds));
  }

  @Override
  public long rebuildIndex() {
    try (RepoContext.Operation op = ctx.operation()) {
      return new Pruner(ctx, this).rebuildIndex();
    }
  }

  // ------------------------------------------------------------------ keys

  @Override
  public String addKey(KeyProvider key) {
    return KeySlots.add(ctx.store(), ctx.json(), key, master, ctx.random(), ctx.clock().instant());
  }

  @Override
  public void removeKey(String slotId) {
    List<String> ids = KeySlots.ids(ctx.store());
    if (!ids.contains(slotId)) {
      throw new NotFoundException("no key slot '" + slotId + "'");
    }
    if (ids.size() == 1) {
      throw new dev.resilience.PolicyViolationException("the last key slot cannot be removed");
    }
    ctx.store().delete(KeySlots.PREFIX + slotId);
  }

  @Override
  public List<String> keySlots() {
    return KeySlots.ids(ctx.store());
  }

  @Override
  public void close() {
    ctx.close();
  }

  @Override
  public String toString() {
    return "Repository[" + ctx.repositoryId() + " at " + ctx.store().describe() + "]";
  }
}
