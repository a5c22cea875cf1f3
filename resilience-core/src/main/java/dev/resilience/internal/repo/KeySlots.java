package dev.resilience.internal.repo;

import dev.resilience.AccessDeniedException;
import dev.resilience.ConfigurationException;
import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;
import dev.resilience.ResilienceException;
import dev.resilience.internal.crypto.MasterKey;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.WrappedKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Key slots {@code keys/<id>}: each holds the master key wrapped by one {@link KeyProvider} (as JSON).
 * Adding or removing a slot touches nothing else; no data is re-encrypted.
 */
final class KeySlots {
  static final String PREFIX = "keys/";

  private KeySlots() {}

  static String add(ObjectStore store, Json json, KeyProvider provider, MasterKey master, SecureRandom random, Instant now) {
    byte[] material = master.material();
    WrappedKey wrapped;
    try {
      wrapped = provider.wrap(material);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    Json.KeySlotDoc doc = new Json.KeySlotDoc(
        wrapped.kind(), wrapped.parameters(), Base64.getEncoder().encodeToString(wrapped.ciphertext()), now.toString());
    if (!store.putIfAbsent(PREFIX + id, json.write(doc), dev.resilience.spi.PutOptions.DEFAULT)) {
      throw new IllegalStateException("key slot id collision");
    }
    return id;
  }

  static List<String> ids(ObjectStore store) {
    List<String> ids = new ArrayList<>();
    for (ObjectInfo info : store.list(PREFIX)) {
      ids.add(info.key().substring(PREFIX.length()));
    }
    return ids;
  }

  static WrappedKey read(ObjectStore store, String id) {
    Json.KeySlotDoc doc = Json.readKeySlot(store.get(PREFIX + id), PREFIX + id);
    if (doc.kind() == null || doc.ciphertext() == null) {
      throw new IntegrityException(PREFIX + id + ": key slot is incomplete");
    }
    try {
      return new WrappedKey(doc.kind(), doc.parameters(), Base64.getDecoder().decode(doc.ciphertext()));
    } catch (IllegalArgumentException e) {
      throw new IntegrityException(PREFIX + id + ": key slot ciphertext is not base64");
    }
  }

  /** Opens the master key with the first slot {@code provider} can unwrap. */
  static MasterKey open(ObjectStore store, KeyProvider provider) {
    List<String> ids = ids(store);
    if (ids.isEmpty()) {
      throw new IntegrityException("repository at " + store.describe() + " has no key slots (keys/ is empty)");
    }
    for (String id : ids) {
      WrappedKey wrapped;
      try {
        wrapped = read(store, id);
      } catch (IntegrityException | NotFoundException e) {
        continue;
      }
      if (!wrapped.kind().equals(provider.kind())) {
        continue;
      }
      byte[] material;
      try {
        material = provider.unwrap(wrapped);
      } catch (AccessDeniedException | IntegrityException e) {
        continue;
      } catch (ConfigurationException e) {
        continue;
      } catch (ResilienceException e) {
        throw e;
      }
      if (material.length != MasterKey.LENGTH) {
        Arrays.fill(material, (byte) 0);
        continue;
      }
      try {
        return MasterKey.of(material);
      } finally {
        Arrays.fill(material, (byte) 0);
      }
    }
    throw new AccessDeniedException("no key slot opens with the given key (" + provider.kind() + ")");
  }
}
