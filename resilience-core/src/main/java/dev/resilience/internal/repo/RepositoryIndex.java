package dev.resilience.internal.repo;

import dev.resilience.NotFoundException;
import dev.resilience.internal.repo.IndexCodec.IndexFile;
import dev.resilience.internal.repo.IndexCodec.PackRecord;
import dev.resilience.spi.ObjectInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory view of the index files: blob id → pack location, and the packs themselves. Holds ids
 * and offsets only, never blob data. Index files that another loaded index file supersedes are
 * ignored. Thread-safe for reads after loading.
 */
final class RepositoryIndex {
  static final String PREFIX = "index/";

  /** Where a blob is. */
  record Location(PackRef pack, PackEntry entry) {}

  private final Map<BlobId, Location> blobs = new ConcurrentHashMap<>();
  private final Map<BlobId, Location> pendingDeletion = new ConcurrentHashMap<>();
  private final Map<PackRef, PackRecord> packs = new ConcurrentHashMap<>();
  private final List<String> files = new ArrayList<>();

  /** Where a blob is: in an indexed pack, else in a pack a prune run marked but has not swept yet. */
  Location find(BlobId id) {
    Location l = blobs.get(id);
    return l != null ? l : pendingDeletion.get(id);
  }

  /**
   * Whether an indexed pack holds the blob. Packs marked for deletion do not count: a backup must not
   * deduplicate against them (see {@link Pruner}).
   */
  boolean contains(BlobId id) {
    return blobs.containsKey(id);
  }

  Collection<PackRecord> packs() {
    return packs.values();
  }

  PackRecord pack(PackRef ref) {
    return packs.get(ref);
  }

  /** Names (hex ids) of the index files this view was built from. */
  List<String> files() {
    return List.copyOf(files);
  }

  int blobCount() {
    return blobs.size();
  }

  void add(PackRecord p) {
    packs.put(p.ref(), p);
    for (PackEntry e : p.entries()) {
      blobs.putIfAbsent(e.id(), new Location(p.ref(), e));
    }
  }

  /**
   * Like {@link #load}, and also makes the blobs of packs that a prune run marked (but did not sweep)
   * findable, for readers: a snapshot committed between mark and sweep may reference them, and the
   * sweep puts such packs back into the index instead of deleting them.
   */
  static RepositoryIndex loadForReading(RepoContext ctx, java.util.function.BiConsumer<String, RuntimeException> onDamage) {
    return readingView(ctx, load(ctx, onDamage), false);
  }

  /**
   * The view {@link #loadForReading} would give, built from an index already loaded instead of reading
   * the index files again: {@code loaded} itself when no prune run has packs marked (the usual case),
   * else a copy with those packs' blobs findable. {@code loaded} is not changed.
   */
  static RepositoryIndex readingView(RepoContext ctx, RepositoryIndex loaded) {
    return readingView(ctx, loaded, true);
  }

  private static RepositoryIndex readingView(RepoContext ctx, RepositoryIndex loaded, boolean copy) {
    Map<String, Json.PendingDoc> pending = Pruner.pending(ctx);
    if (pending.isEmpty()) {
      return loaded;
    }
    RepositoryIndex index = loaded;
    if (copy) {
      index = new RepositoryIndex();
      index.blobs.putAll(loaded.blobs);
      index.packs.putAll(loaded.packs);
      index.files.addAll(loaded.files);
    }
    Map<String, Long> sizes = null;
    for (Json.PendingDoc doc : pending.values()) {
      for (String key : doc.packs()) {
        PackRef ref = PackRef.fromKey(key);
        if (ref == null || index.packs.containsKey(ref)) {
          continue;
        }
        if (sizes == null) {
          sizes = Pruner.packSizes(ctx);
        }
        Long size = sizes.get(key);
        if (size == null) {
          continue;
        }
        try {
          for (PackEntry e : Pruner.readToc(ctx, ref, size)) {
            if (!index.blobs.containsKey(e.id())) {
              index.pendingDeletion.putIfAbsent(e.id(), new Location(ref, e));
            }
          }
        } catch (dev.resilience.ResilienceException e) {
          // swept meanwhile or damaged: not findable
        }
      }
    }
    return index;
  }

  /**
   * Loads every index file. A file deleted between listing and reading (a concurrent prune replaced
   * it) makes the load start over; damaged files are reported to {@code onDamage} if given, else thrown.
   */
  static RepositoryIndex load(RepoContext ctx, java.util.function.BiConsumer<String, RuntimeException> onDamage) {
    for (int attempt = 0; ; attempt++) {
      try {
        return loadOnce(ctx, onDamage);
      } catch (NotFoundException e) {
        if (attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private static RepositoryIndex loadOnce(RepoContext ctx, java.util.function.BiConsumer<String, RuntimeException> onDamage) {
    Map<String, IndexFile> read = new LinkedHashMap<>();
    for (ObjectInfo info : ctx.store().list(PREFIX)) {
      String name = info.key().substring(PREFIX.length());
      try {
        read.put(name, readFile(ctx, name));
      } catch (dev.resilience.IntegrityException e) {
        if (onDamage == null) {
          throw e;
        }
        onDamage.accept(info.key(), e);
      }
    }
    Set<String> superseded = new HashSet<>();
    for (IndexFile f : read.values()) {
      superseded.addAll(f.supersedes());
    }
    RepositoryIndex index = new RepositoryIndex();
    for (Map.Entry<String, IndexFile> e : read.entrySet()) {
      if (superseded.contains(e.getKey())) {
        continue;
      }
      index.files.add(e.getKey());
      for (PackRecord p : e.getValue().packs()) {
        index.add(p);
      }
    }
    return index;
  }

  static IndexFile readFile(RepoContext ctx, String name) {
    String key = PREFIX + name;
    byte[] sealed = ctx.store().get(key);
    byte[] plain = ctx.codec().cipher().open(aad(name), sealed, key);
    return IndexCodec.decode(plain, key);
  }

  /** Writes a new index file; returns its name. */
  static String write(RepoContext ctx, IndexFile file) {
    String name = ctx.randomHex(32);
    byte[] plain = IndexCodec.encode(file);
    byte[] sealed = ctx.codec().cipher().seal(aad(name), plain, 0, plain.length);
    ctx.store().put(PREFIX + name, sealed);
    return name;
  }

  static byte[] aad(String name) {
    return ("resilience/index/v1:" + name).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
