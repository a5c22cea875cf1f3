package dev.resilience.s3;

import dev.resilience.ConfigurationException;
import dev.resilience.PolicyViolationException;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import dev.resilience.spi.StorageTier;
import dev.resilience.spi.StoreFeature;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} in an S3 bucket (AWS S3 or an S3-compatible endpoint such as MinIO, Ceph RGW or
 * Google Cloud Storage's XML API interoperability mode; see {@link S3Connection}).
 *
 * <ul>
 *   <li><b>Whole reads</b> are checked against the ETag (the MD5 of a single-part object) and repeated if a
 *       concurrent overwrite tore them on a server without atomic replacement.
 *   <li><b>Large objects</b> above {@link S3ObjectStoreSettings#multipartThreshold()} go up as multipart
 *       uploads (aborted on failure); {@link #get(String, long, int)} is a ranged GET.
 *   <li><b>Retries</b>: throttling and 5xx are retried with backoff by the SDK; what still fails is a
 *       {@link dev.resilience.StoreUnavailableException}. 404 is a {@link dev.resilience.NotFoundException}
 *       naming the key, 403 an {@link dev.resilience.AccessDeniedException}, an Object Lock refusal a
 *       {@link PolicyViolationException}.
 *   <li><b>Tiers</b>: each {@link StorageTier} maps to a storage class (default HOT→STANDARD,
 *       COLD→STANDARD_IA, ARCHIVE→GLACIER). Placement rules keep metadata hot while data packs go cold.
 *       {@link #changeTier} copies the object onto itself with the new class. Reading an object in an
 *       archive class first requests a restore and waits for it, up to a bounded timeout.
 *   <li><b>WORM</b>: with Object Lock enabled on the bucket (and here), {@link PutOptions#retainUntil()} sets
 *       GOVERNANCE/COMPLIANCE retention; {@link #extendRetention} only lengthens it; deleting a locked
 *       object is refused with a {@link PolicyViolationException}.
 *   <li><b>Create-if-absent</b>: a conditional PUT with {@code If-None-Match: *} where the endpoint honours
 *       it (AWS S3 since 2024, MinIO, recent Ceph); then {@link StoreFeature#ATOMIC_PUT_IF_ABSENT} is
 *       declared. Endpoints that ignore the header (S3Proxy 2.6) get a HEAD-then-PUT under a lock of this
 *       store instance: correct for all threads sharing the instance, but not across processes, so the
 *       feature is not declared there.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} closes the HTTP client.
 */
public final class S3ObjectStore implements ObjectStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

  /** How {@link #putIfAbsent} is implemented. */
  public enum ConditionalWrites {
    /** Probe the endpoint once (two conditional PUTs of a scratch object) and use NATIVE if it refuses the second. */
    AUTO,
    /** {@code If-None-Match: *} on PUT (atomic on AWS S3, MinIO). */
    NATIVE,
    /** HEAD then PUT, serialised within this store instance only (not atomic across processes). */
    EMULATED
  }

  private final S3Access access;
  private final S3ObjectStoreSettings settings;
  private final Clock clock;
  private final StorageClassChange classChange;
  private final WholeReads wholeReads = new WholeReads();
  private final Object[] locks = new Object[64];
  private final ConditionalPuts conditionalPuts;

  private S3ObjectStore(S3ObjectStoreSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.access = new S3Access(settings.connection(), 16);
    this.classChange = new StorageClassChange(access, settings.multipartThreshold(), settings.partSize());
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
    this.conditionalPuts = new ConditionalPuts(access, settings.bucket(), settings.prefix(), settings.conditionalWrites(), describe());
  }

  public static S3ObjectStoreSettings.Builder builder() {
    return S3ObjectStoreSettings.builder();
  }

  /** A store with these settings and the system UTC clock. */
  public static S3ObjectStore create(S3ObjectStoreSettings settings) {
    return create(settings, Clock.systemUTC());
  }

  /** A store with these settings; {@code clock} bounds archive-restore waits and checks retention. */
  public static S3ObjectStore create(S3ObjectStoreSettings settings, Clock clock) {
    return new S3ObjectStore(java.util.Objects.requireNonNull(settings, "settings"), java.util.Objects.requireNonNull(clock, "clock"));
  }

  public S3ObjectStoreSettings settings() {
    return settings;
  }

  /** API calls made by this store so far, by S3 operation name ({@code GetObject}, {@code PutObject}, ...). */
  public Map<String, Long> requestCounts() {
    return access.requestCounts();
  }

  @Override
  public String describe() {
    String p = settings.prefix().isEmpty() ? "" : "/" + settings.prefix().substring(0, settings.prefix().length() - 1);
    return "s3://" + settings.bucket() + p + (settings.connection().endpoint() == null ? "" : " at " + settings.connection().host());
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + describe() + "]";
  }

  @Override
  public Set<StoreFeature> features() {
    EnumSet<StoreFeature> features = EnumSet.of(StoreFeature.STORAGE_TIERS);
    if (settings.objectLock()) {
      features.add(StoreFeature.OBJECT_LOCK);
    }
    if (conditionalWritesAreNative()) {
      features.add(StoreFeature.ATOMIC_PUT_IF_ABSENT);
    }
    return features;
  }

  @Override
  public void put(String key, byte[] data, PutOptions options) {
    java.util.Objects.requireNonNull(data, "data");
    java.util.Objects.requireNonNull(options, "options");
    String full = fullKey(key);
    checkRetention(key, options);
    call("PutObject", key, () -> {
      S3Uploads.upload(access.client(), settings.bucket(), full, new ByteArrayInputStream(data), data.length,
          settings.multipartThreshold(), settings.partSize(), attributes(key, options));
      return null;
    });
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data, PutOptions options) {
    java.util.Objects.requireNonNull(data, "data");
    java.util.Objects.requireNonNull(options, "options");
    String full = fullKey(key);
    checkRetention(key, options);
    if (conditionalWritesAreNative()) {
      return conditionalPuts.put(full, where(key), data, attributes(key, options));
    }
    synchronized (locks[Math.floorMod(full.hashCode(), locks.length)]) {
      if (stat(key).isPresent()) {
        return false;
      }
      put(key, data, options);
      return true;
    }
  }

  @Override
  public byte[] get(String key) {
    String full = fullKey(key);
    return readable(key, () -> wholeReads.read(where(key), () -> access.client().getObjectAsBytes(b -> b.bucket(settings.bucket()).key(full))));
  }

  @Override
  public byte[] get(String key, long offset, int length) {
    String full = fullKey(key);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + where(key));
    }
    if (length == 0) {
      ObjectInfo info = stat(key).orElseThrow(() -> new dev.resilience.NotFoundException(where(key) + " not found"));
      if (offset > info.size()) {
        throw new IllegalArgumentException(rangeMessage(key, offset, length, info.size()));
      }
      return new byte[0];
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    byte[] bytes;
    try {
      bytes = readable(key, () -> access.client().getObjectAsBytes(b -> b.bucket(settings.bucket()).key(full).range(range)).asByteArray());
    } catch (dev.resilience.ResilienceException e) {
      if (e.getCause() instanceof S3Exception s && s.statusCode() == 416) {
        long size = stat(key).map(ObjectInfo::size).orElse(-1L);
        throw new IllegalArgumentException(rangeMessage(key, offset, length, size), e);
      }
      throw e;
    }
    if (bytes.length != length) {
      throw new IllegalArgumentException(rangeMessage(key, offset, length, offset + bytes.length));
    }
    return bytes;
  }

  private String rangeMessage(String key, long offset, int length, long size) {
    return "range " + offset + "+" + length + " lies outside " + where(key) + " (" + size + " bytes)";
  }

  /** Runs a read; an archived object is first restored (RestoreObject + wait), then read again. */
  private <T> T readable(String key, Supplier<T> read) {
    try {
      return read.get();
    } catch (S3Exception e) {
      if (!S3Errors.code(e).equals("InvalidObjectState")) {
        throw S3Errors.map("GetObject", where(key), e);
      }
    } catch (SdkException e) {
      throw S3Errors.map("GetObject", where(key), e);
    }
    LOG.info("{} is archived; requesting a restore and waiting up to {}", where(key), settings.restore().timeout());
    call("RestoreObject", key, () -> {
      ArchiveRestore.restoreAndWait(access.client(), settings.bucket(), fullKey(key), where(key), settings.restore().internal(), clock);
      return null;
    });
    return call("GetObject", key, read);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    String full = fullKey(key);
    try {
      HeadObjectResponse head = access.client().headObject(b -> b.bucket(settings.bucket()).key(full));
      return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified(),
          settings.tierOf(head.storageClassAsString()), head.objectLockRetainUntilDate()));
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw S3Errors.map("HeadObject", where(key), e);
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    java.util.Objects.requireNonNull(prefix, "prefix");
    String full = settings.prefix() + prefix;
    return call("ListObjectsV2", prefix + "*", () -> {
      List<ObjectInfo> out = new ArrayList<>();
      for (S3Object o : access.client().listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(full)).contents()) {
        if (o.key().endsWith("/")) {
          continue; // a folder marker (some servers list directories); never a key of this store
        }
        out.add(new ObjectInfo(o.key().substring(settings.prefix().length()), o.size(), o.lastModified(),
            settings.tierOf(o.storageClassAsString()), null));
      }
      out.sort(Comparator.comparing(ObjectInfo::key));
      return out;
    });
  }

  @Override
  public void delete(String key) {
    String full = fullKey(key);
    if (settings.objectLock()) {
      Optional<ObjectInfo> info = stat(key);
      if (info.isEmpty()) {
        return;
      }
      Instant until = info.get().retainUntil();
      if (until != null && until.isAfter(clock.instant())) {
        throw new PolicyViolationException(where(key) + " is under S3 Object Lock retention until " + until + "; it cannot be deleted before then");
      }
      // With Object Lock the bucket is versioned: delete every version, or the data would stay behind a delete marker.
      call("DeleteObjectVersions", key, () -> {
        access.client().listObjectVersionsPaginator(b -> b.bucket(settings.bucket()).prefix(full)).versions().stream()
            .filter(v -> v.key().equals(full))
            .forEach(v -> access.client().deleteObject(b -> b.bucket(settings.bucket()).key(full).versionId(v.versionId())));
        access.client().listObjectVersionsPaginator(b -> b.bucket(settings.bucket()).prefix(full)).deleteMarkers().stream()
            .filter(m -> m.key().equals(full))
            .forEach(m -> access.client().deleteObject(b -> b.bucket(settings.bucket()).key(full).versionId(m.versionId())));
        return null;
      });
      return;
    }
    try {
      access.client().deleteObject(b -> b.bucket(settings.bucket()).key(full));
    } catch (SdkException e) {
      if (!S3Errors.isNotFound(e)) {
        throw S3Errors.map("DeleteObject", where(key), e);
      }
    }
  }

  @Override
  public void changeTier(String key, StorageTier tier) {
    java.util.Objects.requireNonNull(tier, "tier");
    String full = fullKey(key);
    String target = settings.storageClass(settings.placement(key, tier));
    ObjectInfo info = stat(key).orElseThrow(() -> new dev.resilience.NotFoundException(where(key) + " not found"));
    HeadObjectResponse head = call("HeadObject", key, () -> access.client().headObject(b -> b.bucket(settings.bucket()).key(full)));
    if (StorageClassChange.classOf(head).equals(target)) {
      return;
    }
    if (info.tier() == StorageTier.ARCHIVE) {
      // An archived object cannot be copied until a temporary copy is restored.
      call("RestoreObject", key, () -> {
        ArchiveRestore.restoreAndWait(access.client(), settings.bucket(), full, where(key), settings.restore().internal(), clock);
        return null;
      });
    }
    call("CopyObject", key, () -> {
      classChange.change(settings.bucket(), full, head, target);
      return null;
    });
  }

  @Override
  public void extendRetention(String key, Instant retainUntil) {
    java.util.Objects.requireNonNull(retainUntil, "retainUntil");
    if (!settings.objectLock()) {
      throw new UnsupportedOperationException(describe() + " has Object Lock disabled; enable it on the bucket and with objectLock(true)");
    }
    String full = fullKey(key);
    HeadObjectResponse head = call("HeadObject", key, () -> access.client().headObject(b -> b.bucket(settings.bucket()).key(full)));
    Instant current = head.objectLockRetainUntilDate();
    if (current != null && retainUntil.isBefore(current)) {
      throw new PolicyViolationException("retention of " + where(key) + " runs until " + current + "; it can only be extended, not shortened to " + retainUntil);
    }
    ObjectLockMode mode = head.objectLockMode() != null ? head.objectLockMode() : ObjectLockMode.fromValue(settings.defaultRetentionMode().name());
    call("PutObjectRetention", key, () -> access.client().putObjectRetention(b -> b.bucket(settings.bucket()).key(full)
        .retention(r -> r.mode(mode.toString()).retainUntilDate(retainUntil))));
  }

  @Override
  public void close() {
    access.close();
  }

  // ---- package-private, for S3Analyzer ----

  S3Access access() {
    return access;
  }

  String fullKey(String key) {
    java.util.Objects.requireNonNull(key, "key");
    checkKey(key);
    return settings.prefix() + key;
  }

  /** Keys are {@code /}-separated printable ASCII without empty, {@code .} or {@code ..} segments or backslashes. */
  static void checkKey(String key) {
    if (key.isEmpty() || key.length() > 900) {
      throw new IllegalArgumentException("object key must have 1..900 characters: '" + key + "'");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\\') {
        throw new IllegalArgumentException("object key must be printable ASCII without '\\': '" + key + "'");
      }
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("object key has an empty, '.' or '..' segment: '" + key + "'");
      }
    }
  }

  String where(String key) {
    return "s3://" + settings.bucket() + "/" + settings.prefix() + key;
  }

  boolean conditionalWritesAreNative() {
    return conditionalPuts.honoured();
  }

  private void checkRetention(String key, PutOptions options) {
    if (options.retainUntil() != null && !settings.objectLock()) {
      throw new ConfigurationException("cannot keep " + where(key) + " until " + options.retainUntil()
          + ": Object Lock is not enabled for " + describe() + " (enable it on the bucket and with objectLock(true))");
    }
  }

  private <T> T call(String operation, String key, Supplier<T> action) {
    try {
      return action.get();
    } catch (SdkException | java.io.UncheckedIOException e) {
      throw S3Errors.map(operation, where(key), e);
    }
  }

  private ObjectAttributes attributes(String key, PutOptions options) {
    ObjectAttributes a = ObjectAttributes.of(settings.storageClass(settings.placement(key, options.tier())));
    return options.retainUntil() == null ? a : a.withRetention(options.retentionMode().name(), options.retainUntil());
  }
}
