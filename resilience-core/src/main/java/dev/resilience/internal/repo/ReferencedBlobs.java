package dev.resilience.internal.repo;

import dev.resilience.NotFoundException;
import dev.resilience.spi.ObjectInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Blob ids that snapshots reference (tree blobs and content chunks): ids only, memory bounded by the blob count. */
final class ReferencedBlobs {
  private ReferencedBlobs() {}

  /** Ids of the snapshots in the catalog now. */
  static List<String> snapshotIds(RepoContext ctx) {
    List<String> out = new ArrayList<>();
    for (ObjectInfo info : ctx.store().list(Manifests.PREFIX)) {
      out.add(info.key().substring(Manifests.PREFIX.length()));
    }
    return out;
  }

  /** Every blob the given snapshots reference; snapshots forgotten meanwhile are skipped. */
  static Set<BlobId> of(DefaultRepository repo, BlobLoader loader, Collection<String> snapshots) {
    Set<BlobId> ids = new HashSet<>();
    for (String id : snapshots) {
      try {
        ids.addAll(repo.manifest(id).tree());
        for (TreeEntry t : repo.loadTree(loader, id)) {
          ids.addAll(t.chunks());
        }
      } catch (NotFoundException e) {
        // forgotten meanwhile
      }
    }
    return ids;
  }
}
