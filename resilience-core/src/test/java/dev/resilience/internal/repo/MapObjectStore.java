package dev.resilience.internal.repo;

import dev.resilience.NotFoundException;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import dev.resilience.spi.StorageTier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A map-backed store for repository tests that need to damage objects in place ({@link #flip}) or inject
 * faults by overriding {@link #put}; other tests use the real {@code ObjectStores.inMemory()}.
 */
class MapObjectStore implements ObjectStore {
  record Obj(byte[] data, Instant modified) {}

  final ConcurrentSkipListMap<String, Obj> objects = new ConcurrentSkipListMap<>();

  @Override
  public String describe() {
    return "map:test";
  }

  @Override
  public void put(String key, byte[] data, PutOptions options) {
    objects.put(key, new Obj(data.clone(), Instant.now()));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data, PutOptions options) {
    return objects.putIfAbsent(key, new Obj(data.clone(), Instant.now())) == null;
  }

  @Override
  public byte[] get(String key) {
    Obj o = objects.get(key);
    if (o == null) {
      throw new NotFoundException("no object '" + key + "'");
    }
    return o.data().clone();
  }

  @Override
  public byte[] get(String key, long offset, int length) {
    Obj o = objects.get(key);
    if (o == null) {
      throw new NotFoundException("no object '" + key + "'");
    }
    if (offset < 0 || length < 0 || offset + length > o.data().length) {
      throw new IllegalArgumentException("range outside '" + key + "'");
    }
    return Arrays.copyOfRange(o.data(), (int) offset, (int) offset + length);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Obj o = objects.get(key);
    return o == null ? Optional.empty() : Optional.of(new ObjectInfo(key, o.data().length, o.modified(), StorageTier.HOT, null));
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    List<ObjectInfo> out = new ArrayList<>();
    for (Map.Entry<String, Obj> e : objects.tailMap(prefix).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      out.add(new ObjectInfo(e.getKey(), e.getValue().data().length, e.getValue().modified(), StorageTier.HOT, null));
    }
    return out;
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }

  /** Flips one bit of one byte of an object in place (for corruption tests). */
  void flip(String key, int position) {
    Obj o = objects.get(key);
    byte[] d = o.data().clone();
    d[position] ^= 0x01;
    objects.put(key, new Obj(d, o.modified()));
  }

  List<String> keys(String prefix) {
    return list(prefix).stream().map(ObjectInfo::key).toList();
  }
}
