package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;
import dev.resilience.PruneReport;
import dev.resilience.PruneRequest;
import dev.resilience.ResilienceException;
import dev.resilience.internal.repo.BlobCodec.SealedBlob;
import dev.resilience.internal.repo.IndexCodec.IndexFile;
import dev.resilience.internal.repo.IndexCodec.PackRecord;
import dev.resilience.spi.ObjectInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Garbage collection that is safe while backups run in other threads and processes: lock-free,
 * two-phase (mark, then sweep), with leases of running backups and a safety margin.
 *
 * <p><b>Mark.</b> Compute the blobs every snapshot references (ids only, memory bounded by the blob
 * count, never by data). Packs with no referenced blob, and packs in the store that no index lists, are
 * <i>candidates</i> if older than the safety margin (a running backup's fresh packs are young). Packs
 * whose unused share reaches the repack threshold have their used blobs copied (still sealed, no
 * re-encryption) into new packs and become candidates too. A new index file without the candidates
 * replaces the ones read (which are then deleted); only then is a {@code prune/<id>} record of the
 * candidates written, stamped with the time <i>M</i>. From <i>M</i> on, a backup that starts (and so
 * reads the index) cannot deduplicate against a candidate.
 *
 * <p><b>Sweep</b> (a record is due once <i>M</i> + safety margin has passed: in a later prune run, or
 * in the same run when the margin is zero). Wait — i.e. skip, and retry next run — while any live
 * backup lease started before <i>M</i> + margin: such a backup may have read an older index and may
 * reference candidate blobs in the snapshot it is about to write. Otherwise recompute the referenced
 * blobs; a candidate none of whose blobs is both referenced and missing from the current index is
 * deleted; one that is still needed (a backup committed a reference to it meanwhile) is put back into
 * the index. Leases expire after {@link Sessions#TTL} without renewal, so a crashed backup blocks sweeps
 * for at most that long. Clocks of processes sharing a repository must agree to within the safety margin.
 *
 * <p>Readers (restore, check) also find blobs in packs that a record lists, so a snapshot committed
 * between mark and sweep reads fine. To leave no moment in which a candidate is in neither, the mark
 * writes an <i>intent</i> record (no time) before replacing the index and the timed record after; a
 * sweep ignores intent records, and removes those a crashed prune left behind after {@link Sessions#TTL}.
 *
 * <p>Only one prune may run against a repository at a time (backups, restores and checks may run
 * alongside it); callers serialise prunes, e.g. with the engine's job lease.
 */
final class Pruner {
  static final String PREFIX = "prune/";

  private final RepoContext ctx;
  private final DefaultRepository repo;

  Pruner(RepoContext ctx, DefaultRepository repo) {
    this.ctx = ctx;
    this.repo = repo;
  }

  private static final class Counts {
    int deleted;
    int repacked;
    long blobsRemoved;
    long bytesFreed;
  }

  PruneReport run(PruneRequest request) {
    Counts counts = new Counts();
    if (!request.dryRun()) {
      Sessions.removeExpired(ctx, ctx.clock().instant());
    }
    sweep(request, counts);
    mark(request, counts);
    if (request.safetyMargin().isZero() && !request.dryRun()) {
      sweep(request, counts);
    }
    return new PruneReport(counts.deleted, counts.repacked, counts.blobsRemoved, counts.bytesFreed, request.dryRun());
  }

  // ----------------------------------------------------------------- sweep

  private void sweep(PruneRequest request, Counts counts) {
    Instant now = ctx.clock().instant();
    Duration margin = request.safetyMargin();
    Map<String, Json.PendingDoc> due = new HashMap<>();
    for (Map.Entry<String, Json.PendingDoc> e : pending().entrySet()) {
      if (e.getValue().marked() == null) {
        removeAbandonedIntent(e.getKey(), now, request.dryRun());
        continue;
      }
      if (!Instant.parse(e.getValue().marked()).plus(margin).isAfter(now)) {
        due.put(e.getKey(), e.getValue());
      }
    }
    if (due.isEmpty()) {
      return;
    }
    List<Instant> leases = Sessions.liveStarts(ctx, now);
    Usage usage = usage();
    Map<String, Long> sizes = packSizes();
    List<PackRecord> revived = new ArrayList<>();
    for (Map.Entry<String, Json.PendingDoc> e : due.entrySet()) {
      Instant limit = Instant.parse(e.getValue().marked()).plus(margin);
      if (leases.stream().anyMatch(start -> start.isBefore(limit))) {
        continue;
      }
      for (String key : e.getValue().packs()) {
        PackRef ref = PackRef.fromKey(key);
        Long size = sizes.get(key);
        if (ref == null || size == null || usage.index.pack(ref) != null) {
          continue;
        }
        List<PackEntry> entries;
        try {
          entries = readToc(ctx, ref, size);
        } catch (IntegrityException | NotFoundException ex) {
          entries = List.of();
        }
        boolean needed = entries.stream().anyMatch(pe -> usage.referenced.contains(pe.id()) && !usage.index.contains(pe.id()));
        if (needed) {
          revived.add(new PackRecord(ref, size, entries));
          continue;
        }
        counts.bytesFreed += size;
        counts.deleted++;
        if (!request.dryRun()) {
          ctx.store().delete(key);
        }
      }
      if (!request.dryRun()) {
        ctx.store().delete(PREFIX + e.getKey());
      }
    }
    if (!revived.isEmpty() && !request.dryRun()) {
      RepositoryIndex.write(ctx, new IndexFile(List.of(), revived));
    }
  }

  private void removeAbandonedIntent(String name, Instant now, boolean dryRun) {
    ctx.store().stat(PREFIX + name).ifPresent(info -> {
      if (!dryRun && info.lastModified() != null && info.lastModified().plus(Sessions.TTL).isBefore(now)) {
        ctx.store().delete(PREFIX + name);
      }
    });
  }

  // ------------------------------------------------------------------ mark

  private void mark(PruneRequest request, Counts counts) {
    Instant now = ctx.clock().instant();
    Usage usage = usage();
    Map<String, ObjectInfo> stored = new HashMap<>();
    for (BlobType t : BlobType.values()) {
      for (ObjectInfo info : ctx.store().list(t.packPrefix())) {
        stored.put(info.key(), info);
      }
    }
    Set<String> alreadyPending = new HashSet<>();
    pending().values().forEach(p -> alreadyPending.addAll(p.packs()));
    List<String> candidates = new ArrayList<>();
    List<PackRecord> keep = new ArrayList<>();
    Map<PackRecord, List<PackEntry>> repack = new HashMap<>();
    for (PackRecord p : usage.index.packs()) {
      ObjectInfo info = stored.get(p.ref().key());
      boolean old = info != null && isOld(info, now, request.safetyMargin());
      List<PackEntry> used = new ArrayList<>();
      long usedBytes = 0;
      long allBytes = 0;
      for (PackEntry e : p.entries()) {
        allBytes += e.length();
        if (usage.referenced.contains(e.id())) {
          used.add(e);
          usedBytes += e.length();
        }
      }
      long unusedBlobs = p.entries().size() - used.size();
      if (used.isEmpty() && old) {
        candidates.add(p.ref().key());
        counts.blobsRemoved += unusedBlobs;
      } else if (old && unusedBlobs > 0 && allBytes > 0
          && (double) (allBytes - usedBytes) / allBytes >= request.repackThreshold()) {
        repack.put(p, used);
        candidates.add(p.ref().key());
        counts.blobsRemoved += unusedBlobs;
      } else {
        keep.add(p);
      }
    }
    for (ObjectInfo info : stored.values()) {
      PackRef ref = PackRef.fromKey(info.key());
      if (ref != null && usage.index.pack(ref) == null && !alreadyPending.contains(info.key())
          && isOld(info, now, request.safetyMargin())) {
        candidates.add(info.key());
      }
    }
    if (request.dryRun()) {
      counts.repacked += repack.size();
      for (String key : candidates) {
        if (!repack.keySet().stream().anyMatch(p -> p.ref().key().equals(key))) {
          counts.deleted++;
        }
        counts.bytesFreed += stored.get(key).size();
      }
      return;
    }
    if (candidates.isEmpty()) {
      return;
    }
    List<PackRecord> packs = new ArrayList<>(keep);
    packs.addAll(copyUsedBlobs(repack));
    counts.repacked += repack.size();
    String intent = writeRecord(new Json.PendingDoc(null, candidates));
    RepositoryIndex.write(ctx, new IndexFile(usage.index.files(), packs));
    for (String old : usage.index.files()) {
      ctx.store().delete(RepositoryIndex.PREFIX + old);
    }
    writeRecord(new Json.PendingDoc(ctx.clock().instant().toString(), candidates));
    ctx.store().delete(PREFIX + intent);
  }

  private String writeRecord(Json.PendingDoc doc) {
    String name = ctx.randomHex(16);
    byte[] plain = ctx.json().write(doc);
    ctx.store().put(PREFIX + name, ctx.codec().cipher().seal(pendingAad(name), plain, 0, plain.length));
    return name;
  }

  private static boolean isOld(ObjectInfo info, Instant now, Duration margin) {
    return info.lastModified() == null || !info.lastModified().plus(margin).isAfter(now);
  }

  /** Copies used blobs, still sealed, into new packs; authenticates each first so damage is not spread. */
  private List<PackRecord> copyUsedBlobs(Map<PackRecord, List<PackEntry>> repack) {
    if (repack.isEmpty()) {
      return List.of();
    }
    Map<BlobType, PackUploader> uploaders = new HashMap<>();
    Set<BlobId> copied = new HashSet<>();
    for (Map.Entry<PackRecord, List<PackEntry>> e : repack.entrySet()) {
      PackRef ref = e.getKey().ref();
      byte[] data = ctx.store().get(ref.key());
      for (PackEntry pe : e.getValue()) {
        if (!copied.add(pe.id())) {
          continue;
        }
        int off = (int) pe.offset();
        ctx.codec().cipher().open(pe.aad(), data, off, pe.length(), ref.key() + ": blob " + pe.id().hex().substring(0, 16));
        byte[] sealed = Arrays.copyOfRange(data, off, off + pe.length());
        uploaders.computeIfAbsent(pe.type(), t -> new PackUploader(ctx, t, ctx.options().packSize()))
            .add(new SealedBlob(pe.type(), pe.id(), sealed, pe.rawLength(), pe.compressed()));
      }
    }
    List<PackRecord> out = new ArrayList<>();
    for (PackUploader u : uploaders.values()) {
      out.addAll(u.flush());
    }
    return out;
  }

  // --------------------------------------------------------------- helpers

  /** The current index and every blob id the snapshots reference (tree blobs and content chunks). */
  private record Usage(RepositoryIndex index, Set<BlobId> referenced) {}

  /**
   * Lists the snapshots first and loads the index second: a snapshot's index file is written before its
   * manifest, so every listed snapshot's blobs are findable. Snapshots committed after the listing belong
   * to backups whose leases the sweep waits for, or that started after the mark and so cannot reference
   * a candidate.
   */
  private Usage usage() {
    for (int attempt = 0; ; attempt++) {
      List<String> snapshots = ReferencedBlobs.snapshotIds(ctx);
      RepositoryIndex index = RepositoryIndex.loadForReading(ctx, null);
      try {
        return new Usage(index, referenced(index, snapshots));
      } catch (IntegrityException e) {
        if (attempt >= 2) {
          throw new IntegrityException("prune stopped, nothing deleted: " + e.getMessage(), e);
        }
      }
    }
  }

  private Set<BlobId> referenced(RepositoryIndex index, List<String> snapshots) {
    return ReferencedBlobs.of(repo, new BlobLoader(ctx, index), snapshots);
  }

  private Map<String, Json.PendingDoc> pending() {
    return pending(ctx);
  }

  /** The prune records not swept yet: record name → marked packs. */
  static Map<String, Json.PendingDoc> pending(RepoContext ctx) {
    Map<String, Json.PendingDoc> out = new HashMap<>();
    for (ObjectInfo info : ctx.store().list(PREFIX)) {
      String name = info.key().substring(PREFIX.length());
      try {
        byte[] plain = ctx.codec().cipher().open(pendingAad(name), ctx.store().get(info.key()), info.key());
        out.put(name, ctx.json().read(plain, Json.PendingDoc.class, info.key()));
      } catch (NotFoundException e) {
        // swept by a concurrent prune
      }
    }
    return out;
  }

  private static byte[] pendingAad(String name) {
    return ("resilience/prune/v1:" + name).getBytes(StandardCharsets.US_ASCII);
  }

  private Map<String, Long> packSizes() {
    return packSizes(ctx);
  }

  static Map<String, Long> packSizes(RepoContext ctx) {
    Map<String, Long> sizes = new HashMap<>();
    for (BlobType t : BlobType.values()) {
      for (ObjectInfo info : ctx.store().list(t.packPrefix())) {
        sizes.put(info.key(), info.size());
      }
    }
    return sizes;
  }

  /** Reads a pack's table of contents with two ranged reads (no blob data). */
  static List<PackEntry> readToc(RepoContext ctx, PackRef ref, long size) {
    String key = ref.key();
    if (size < 4 + dev.resilience.internal.crypto.BlobCipher.OVERHEAD) {
      throw new IntegrityException(key + ": too short to be a pack");
    }
    int tocLen = PackFormat.tocLength(ctx.store().get(key, size - 4, 4), 0);
    long start = size - 4 - tocLen;
    if (tocLen < dev.resilience.internal.crypto.BlobCipher.OVERHEAD || start < 0) {
      throw new IntegrityException(key + ": table-of-contents length does not fit the pack");
    }
    byte[] toc = ctx.codec().cipher().open(PackFormat.tocAad(ref), ctx.store().get(key, start, tocLen), key + " table of contents");
    List<PackEntry> entries = PackFormat.decodeToc(toc, key);
    long end = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).offset() + entries.get(entries.size() - 1).length();
    if (end != start) {
      throw new IntegrityException(key + ": blobs do not end where the table of contents starts");
    }
    return entries;
  }

  // ------------------------------------------------------- rebuild index

  /** Lists every pack, reads its table of contents and writes one index replacing all others. */
  long rebuildIndex() {
    List<String> old = new ArrayList<>();
    for (ObjectInfo info : ctx.store().list(RepositoryIndex.PREFIX)) {
      old.add(info.key().substring(RepositoryIndex.PREFIX.length()));
    }
    List<PackRecord> packs = new ArrayList<>();
    long blobs = 0;
    for (Map.Entry<String, Long> e : packSizes().entrySet()) {
      PackRef ref = PackRef.fromKey(e.getKey());
      if (ref == null) {
        continue;
      }
      try {
        List<PackEntry> entries = readToc(ctx, ref, e.getValue());
        packs.add(new PackRecord(ref, e.getValue(), entries));
        blobs += entries.size();
      } catch (ResilienceException ex) {
        // a damaged or vanished pack cannot be indexed; check reports what it breaks
      }
    }
    List<String> superseded = old.stream().filter(n -> n.length() == 64).toList();
    RepositoryIndex.write(ctx, new IndexFile(superseded, packs));
    for (String name : old) {
      ctx.store().delete(RepositoryIndex.PREFIX + name);
    }
    return blobs;
  }
}
