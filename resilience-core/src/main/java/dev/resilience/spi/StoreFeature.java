package dev.resilience.spi;

/** Optional abilities of an {@link ObjectStore}. */
public enum StoreFeature {
  /** Objects can be written to and moved between {@link StorageTier}s. */
  STORAGE_TIERS,
  /** WORM retention ({@link PutOptions#retainUntil()}) is enforced by the store itself. */
  OBJECT_LOCK,
  /** {@link ObjectStore#putIfAbsent} is atomic across processes and machines. */
  ATOMIC_PUT_IF_ABSENT
}
