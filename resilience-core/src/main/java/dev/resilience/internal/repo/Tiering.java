package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;
import dev.resilience.TierReport;
import dev.resilience.internal.repo.IndexCodec.PackRecord;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.StorageTier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves data packs between the hot and cold tiers so that packs only cold snapshots need are cheap to keep.
 * See {@link dev.resilience.Repository#applyTiers} for the contract.
 *
 * <p>Works on ids only, like the {@link Pruner}'s mark: the blobs the hot snapshots reference and the blobs the
 * cold snapshots reference (two id sets, bounded by the blob count), then one pass over the index's data packs.
 * Races: a pack deleted by a concurrent prune is skipped; a backup committed after the snapshot listing may
 * deduplicate against a pack just moved to cold, which stays readable (cold is directly readable) and is moved
 * back to hot by the next run. Archived packs are left where they are.
 */
final class Tiering {
  private final RepoContext ctx;
  private final DefaultRepository repo;

  Tiering(RepoContext ctx, DefaultRepository repo) {
    this.ctx = ctx;
    this.repo = repo;
  }

  TierReport apply(Set<String> coldSnapshotIds) {
    List<String> hot = new ArrayList<>();
    List<String> cold = new ArrayList<>();
    for (String id : ReferencedBlobs.snapshotIds(ctx)) {
      (coldSnapshotIds.contains(id) ? cold : hot).add(id);
    }
    RepositoryIndex index = RepositoryIndex.loadForReading(ctx, null);
    BlobLoader loader = new BlobLoader(ctx, index);
    Set<BlobId> hotRefs;
    Set<BlobId> coldRefs;
    try {
      hotRefs = ReferencedBlobs.of(repo, loader, hot);
      coldRefs = ReferencedBlobs.of(repo, loader, cold);
    } catch (IntegrityException e) {
      throw new IntegrityException("tiering stopped, nothing moved: " + e.getMessage(), e);
    }
    Map<String, ObjectInfo> stored = new HashMap<>();
    for (ObjectInfo info : ctx.store().list(BlobType.DATA.packPrefix())) {
      stored.put(info.key(), info);
    }
    int toCold = 0;
    int toHot = 0;
    long bytesToCold = 0;
    long bytesToHot = 0;
    int skipped = 0;
    for (PackRecord p : index.packs()) {
      if (p.ref().type() != BlobType.DATA) {
        continue;
      }
      ObjectInfo info = stored.get(p.ref().key());
      if (info == null) {
        skipped++;
        continue;
      }
      StorageTier want = target(p, hotRefs, coldRefs);
      if (want == null || want == info.tier() || info.tier() == StorageTier.ARCHIVE) {
        continue;
      }
      try {
        ctx.store().changeTier(info.key(), want);
      } catch (NotFoundException e) {
        skipped++;
        continue;
      }
      if (want == StorageTier.COLD) {
        toCold++;
        bytesToCold += info.size();
      } else {
        toHot++;
        bytesToHot += info.size();
      }
    }
    return new TierReport(toCold, toHot, bytesToCold, bytesToHot, skipped);
  }

  /** HOT if a hot snapshot needs a blob of the pack, COLD if only cold ones do, {@code null} (leave it) if none does. */
  private static StorageTier target(PackRecord p, Set<BlobId> hotRefs, Set<BlobId> coldRefs) {
    boolean coldUse = false;
    for (PackEntry e : p.entries()) {
      if (hotRefs.contains(e.id())) {
        return StorageTier.HOT;
      }
      coldUse |= coldRefs.contains(e.id());
    }
    return coldUse ? StorageTier.COLD : null;
  }
}
