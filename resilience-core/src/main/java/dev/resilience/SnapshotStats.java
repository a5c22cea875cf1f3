package dev.resilience;

/**
 * Sizes of one snapshot.
 *
 * @param entries number of entries (files, directories, symlinks, tables, ...)
 * @param files number of entries with content
 * @param totalBytes logical size of all content
 * @param newBytes logical bytes in chunks that were not yet in the repository
 * @param storedBytes bytes written to the store for this snapshot (compressed and encrypted, packs and index)
 * @param newChunks chunks added
 * @param reusedChunks chunks that were already in the repository (deduplicated)
 */
public record SnapshotStats(
    long entries, long files, long totalBytes, long newBytes, long storedBytes, long newChunks, long reusedChunks) {}
