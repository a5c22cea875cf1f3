package dev.resilience.internal.repo;

import dev.resilience.spi.Entry;
import java.util.List;

/** An entry of a snapshot together with the ids of its content chunks, in order. */
record TreeEntry(Entry entry, List<BlobId> chunks) {
  TreeEntry {
    chunks = List.copyOf(chunks);
  }
}
