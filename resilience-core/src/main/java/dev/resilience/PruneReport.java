package dev.resilience;

/**
 * Result of {@link Repository#prune}.
 *
 * @param packsDeleted packs removed because no snapshot referenced any of their blobs
 * @param packsRepacked packs rewritten because most of their blobs were unused
 * @param blobsRemoved unreferenced blobs dropped
 * @param bytesFreed stored bytes freed (or that would be, in a dry run)
 * @param dryRun whether nothing was changed
 */
public record PruneReport(int packsDeleted, int packsRepacked, long blobsRemoved, long bytesFreed, boolean dryRun) {}
