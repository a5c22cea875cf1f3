package dev.resilience.spi;

/** Optional abilities of an {@link ObjectStore}. */
public enum StoreFeature {
  /** Objects can be written to and moved between {@link StorageTier}s. */
  STORAGE_TIERS,
  /** WORM retention ({@link PutOptions#retainUntil()}) is enforced by the store itself. */
  OBJECT_LOCK,
  /** {@link ObjectStore#putIfAbsent} is atomic across processes and machines. */
  ATOMIC_PUT_IF_ABSENT,
  /**
   * Writes go to local memory or disk: an object is written in about the time it takes to read it back,
   * with no round trip to a server. A backup then uploads one pack at a time while the next fills (a
   * remote store gets two at once, to hide its latency), which holds one pack buffer less.
   */
  LOCAL
}
