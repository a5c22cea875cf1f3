package dev.resilience.internal.repo;

import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;
import dev.resilience.internal.crypto.BlobCipher;
import dev.resilience.internal.crypto.KeyedHash;
import dev.resilience.internal.crypto.MasterKey;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import dev.resilience.spi.StorageTier;
import dev.resilience.spi.StoreFeature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The view behind {@link dev.resilience.Repository#sealedStore}: objects under {@code sealed/<namespace>/} in the
 * repository's store, each {@code nonce ‖ AES-256-GCM(content) ‖ tag} under a key derived from the master
 * encryption key (HMAC-SHA-256 with a fixed label, so it never encrypts under the pack key itself), with
 * {@code "resilience/sealed/" + full store key} as associated data: an object copied or renamed to another key fails
 * authentication. Sizes reported by {@link #list} and {@link #stat} are plaintext sizes (stored size minus the
 * 28-byte overhead). The repository owns the underlying store: {@link #close} does nothing.
 */
final class SealedObjectStore implements ObjectStore {
  /** Reserved top-level prefix; check, prune and rebuildIndex never list it. */
  static final String PREFIX = "sealed/";

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*");
  private static final byte[] LABEL = "resilience/sealed-store/v1".getBytes(StandardCharsets.US_ASCII);

  private final ObjectStore store;
  private final String base;
  private final BlobCipher cipher;

  SealedObjectStore(ObjectStore store, MasterKey master, String namespace) {
    this.store = Objects.requireNonNull(store, "store");
    Objects.requireNonNull(namespace, "namespace");
    if (!NAMESPACE.matcher(namespace).matches() || namespace.contains("..")) {
      throw new IllegalArgumentException(
          "sealed store namespace must be lower-case [a-z0-9._-] segments separated by '/': " + namespace);
    }
    this.base = PREFIX + namespace + "/";
    byte[] encryptionKey = master.encryptionKey();
    byte[] derived = new KeyedHash(encryptionKey).hash(LABEL);
    try {
      this.cipher = new BlobCipher(derived);
    } finally {
      Arrays.fill(encryptionKey, (byte) 0);
      Arrays.fill(derived, (byte) 0);
    }
  }

  private String full(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.startsWith("/")) {
      throw new IllegalArgumentException("invalid key: " + key);
    }
    return base + key;
  }

  private static byte[] aad(String fullKey) {
    return ("resilience/sealed/" + fullKey).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] seal(String fullKey, byte[] data) {
    return cipher.seal(aad(fullKey), data, 0, data.length);
  }

  private ObjectInfo plain(ObjectInfo info) {
    long size = Math.max(0, info.size() - BlobCipher.OVERHEAD);
    return new ObjectInfo(info.key().substring(base.length()), size, info.lastModified(), info.tier(), info.retainUntil());
  }

  @Override
  public String describe() {
    return store.describe() + " (sealed " + base + ")";
  }

  @Override
  public Set<StoreFeature> features() {
    return store.features();
  }

  @Override
  public void put(String key, byte[] data, PutOptions options) {
    String k = full(key);
    store.put(k, seal(k, data), options);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data, PutOptions options) {
    String k = full(key);
    return store.putIfAbsent(k, seal(k, data), options);
  }

  /** Decrypts and authenticates; throws {@link IntegrityException} naming the key if the object was altered or moved. */
  @Override
  public byte[] get(String key) {
    String k = full(key);
    byte[] sealed;
    try {
      sealed = store.get(k);
    } catch (NotFoundException e) {
      throw new NotFoundException("sealed object " + key + " not found in " + describe());
    }
    return cipher.open(aad(k), sealed, "sealed object " + k);
  }

  /** Decrypts the whole object, then returns the range. */
  @Override
  public byte[] get(String key, long offset, int length) {
    byte[] all = get(key);
    if (offset < 0 || length < 0 || offset + length > all.length) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + length + " outside " + key + " (" + all.length + " bytes)");
    }
    return Arrays.copyOfRange(all, (int) offset, (int) offset + length);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return store.stat(full(key)).map(this::plain);
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return store.list(base + prefix).stream().map(this::plain).toList();
  }

  @Override
  public void delete(String key) {
    store.delete(full(key));
  }

  @Override
  public void changeTier(String key, StorageTier tier) {
    store.changeTier(full(key), tier);
  }

  @Override
  public void extendRetention(String key, Instant retainUntil) {
    store.extendRetention(full(key), retainUntil);
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "SealedObjectStore[" + describe() + "]";
  }
}
