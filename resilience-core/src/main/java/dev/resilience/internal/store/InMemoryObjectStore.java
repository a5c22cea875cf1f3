package dev.resilience.internal.store;

import dev.resilience.NotFoundException;
import dev.resilience.PolicyViolationException;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import dev.resilience.spi.StorageTier;
import dev.resilience.spi.StoreFeature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link ObjectStore} in a sorted concurrent map: for tests, demos and caches. Tiers are recorded per
 * object (every tier stays readable) and WORM retention is enforced in-process. Contents are copied in and
 * out, so callers cannot change stored objects.
 */
public final class InMemoryObjectStore implements ObjectStore {
  private static final Set<StoreFeature> FEATURES =
      Set.copyOf(EnumSet.of(StoreFeature.ATOMIC_PUT_IF_ABSENT, StoreFeature.STORAGE_TIERS, StoreFeature.OBJECT_LOCK,
          StoreFeature.LOCAL));

  private record Stored(byte[] data, Instant modified, StorageTier tier, Instant retainUntil) {
    ObjectInfo info(String key) {
      return new ObjectInfo(key, data.length, modified, tier, retainUntil);
    }
  }

  private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();
  private final Clock clock;
  private final String name;

  public InMemoryObjectStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.name = "memory://" + Integer.toHexString(System.identityHashCode(this));
  }

  public InMemoryObjectStore() {
    this(Clock.systemUTC());
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public Set<StoreFeature> features() {
    return FEATURES;
  }

  @Override
  public void put(String key, byte[] data, PutOptions options) {
    Stored fresh = fresh(key, data, options);
    objects.compute(key, (k, old) -> {
      if (old != null) {
        ObjectKeys.checkNotRetained(key, name, old.retainUntil(), clock.instant(), "overwrite");
      }
      return fresh;
    });
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data, PutOptions options) {
    return objects.putIfAbsent(key, fresh(key, data, options)) == null;
  }

  @Override
  public byte[] get(String key) {
    return require(key).data().clone();
  }

  @Override
  public byte[] get(String key, long offset, int length) {
    byte[] data = require(key).data();
    ObjectKeys.checkRange(key, data.length, offset, length);
    return Arrays.copyOfRange(data, (int) offset, (int) offset + length);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    ObjectKeys.validate(key);
    Stored s = objects.get(key);
    return s == null ? Optional.empty() : Optional.of(s.info(key));
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    ObjectKeys.validatePrefix(prefix);
    List<ObjectInfo> result = new ArrayList<>();
    for (Map.Entry<String, Stored> e : objects.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      result.add(e.getValue().info(e.getKey()));
    }
    return result;
  }

  @Override
  public void delete(String key) {
    ObjectKeys.validate(key);
    objects.computeIfPresent(key, (k, old) -> {
      ObjectKeys.checkNotRetained(key, name, old.retainUntil(), clock.instant(), "delete");
      return null;
    });
  }

  @Override
  public void changeTier(String key, StorageTier tier) {
    Objects.requireNonNull(tier, "tier");
    AtomicBoolean found = new AtomicBoolean();
    objects.computeIfPresent(ObjectKeys.validate(key), (k, old) -> {
      found.set(true);
      return new Stored(old.data(), old.modified(), tier, old.retainUntil());
    });
    if (!found.get()) {
      throw notFound(key);
    }
  }

  @Override
  public void extendRetention(String key, Instant retainUntil) {
    Objects.requireNonNull(retainUntil, "retainUntil");
    AtomicBoolean found = new AtomicBoolean();
    objects.computeIfPresent(ObjectKeys.validate(key), (k, old) -> {
      found.set(true);
      if (old.retainUntil() != null && retainUntil.isBefore(old.retainUntil())) {
        throw new PolicyViolationException("cannot shorten the retention of '" + key + "' in " + name
            + " from " + old.retainUntil() + " to " + retainUntil);
      }
      return new Stored(old.data(), old.modified(), old.tier(), retainUntil);
    });
    if (!found.get()) {
      throw notFound(key);
    }
  }

  @Override
  public String toString() {
    return "InMemoryObjectStore[" + name + ", " + objects.size() + " objects]";
  }

  private Stored fresh(String key, byte[] data, PutOptions options) {
    ObjectKeys.validate(key);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(options, "options");
    return new Stored(data.clone(), clock.instant(), options.tier(), options.retainUntil());
  }

  private Stored require(String key) {
    Stored s = objects.get(ObjectKeys.validate(key));
    if (s == null) {
      throw notFound(key);
    }
    return s;
  }

  private NotFoundException notFound(String key) {
    return new NotFoundException("no object '" + key + "' in " + name);
  }
}
