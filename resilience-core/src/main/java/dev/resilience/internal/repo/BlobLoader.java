package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;

/** Fetches single blobs by id: index lookup, ranged read of the pack, authenticate, decompress, id check. */
final class BlobLoader {
  private final RepoContext ctx;
  private final RepositoryIndex index;

  BlobLoader(RepoContext ctx, RepositoryIndex index) {
    this.ctx = ctx;
    this.index = index;
  }

  RepositoryIndex index() {
    return index;
  }

  byte[] load(BlobId id, String referencedBy) {
    RepositoryIndex.Location loc = index.find(id);
    if (loc == null) {
      throw new IntegrityException(referencedBy + ": blob " + id.hex().substring(0, 16) + " is not in the index");
    }
    PackEntry e = loc.entry();
    String key = loc.pack().key();
    byte[] sealed;
    try {
      sealed = ctx.store().get(key, e.offset(), e.length());
    } catch (NotFoundException ex) {
      throw new IntegrityException(key + ": pack is missing (needed by " + referencedBy + ")");
    } catch (IllegalArgumentException ex) {
      throw new IntegrityException(key + ": pack is shorter than the index says (needed by " + referencedBy + ")");
    }
    if (sealed.length != e.length()) {
      throw new IntegrityException(key + ": pack is shorter than the index says (needed by " + referencedBy + ")");
    }
    return ctx.codec().open(e, sealed, 0, key);
  }
}
