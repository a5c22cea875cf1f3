package dev.resilience.internal.repo;

import dev.resilience.spi.Entry;
import java.util.List;

/** An entry of a snapshot together with the ids of its content chunks, in order. */
record TreeEntry(Entry entry, List<BlobId> chunks) {
  TreeEntry {
    chunks = List.copyOf(chunks);
  }

  // By hand, like Entry's and BlobId's: an unchanged backup compares every entry with its parent's.
  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof TreeEntry t && entry.equals(t.entry) && chunks.equals(t.chunks);
  }

  @Override
  public int hashCode() {
    return 31 * entry.hashCode() + chunks.hashCode();
  }
}
