package dev.resilience.internal.lease;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;
import dev.resilience.spi.AbstractLease;
import dev.resilience.spi.Lease;
import dev.resilience.spi.LeaseProvider;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Leases in an object store, built only on {@link ObjectStore#putIfAbsent}: each acquisition creates a new
 * object {@code leases/<name>/<token>} whose token (zero-padded) is one above the highest existing one, and
 * only after that highest one expired or was released. The token is a fencing token: it grows with every
 * acquisition, and a holder checks that its token is still the highest before it commits anything.
 *
 * <p>Mutual exclusion holds as long as the store's {@code putIfAbsent} is atomic across processes
 * ({@link dev.resilience.spi.StoreFeature#ATOMIC_PUT_IF_ABSENT}) and clocks agree to well within the TTL.
 * A lease object is never deleted while it could be the highest (releasing rewrites it as released), so a
 * token is never handed out twice.
 */
public final class ObjectStoreLeases implements LeaseProvider {
  private static final String PREFIX = "leases/";
  private final ObjectStore store;
  private final String owner;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public ObjectStoreLeases(ObjectStore store, String owner, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String owner() {
    return owner;
  }

  /** Acquires the lease {@code name} for {@code ttl}, or returns empty if someone else holds it. */
  @Override
  public Optional<Lease> tryAcquire(String name, Duration ttl) {
    String dir = PREFIX + name + "/";
    List<ObjectInfo> existing = store.list(dir);
    long highest = 0;
    if (!existing.isEmpty()) {
      String key = existing.get(existing.size() - 1).key();
      highest = token(key, dir);
      Record current = read(key);
      if (current != null && !current.released && current.expiresAt.isAfter(clock.instant())) {
        return Optional.empty();
      }
    }
    long token = highest + 1;
    Instant now = clock.instant();
    StoredLease lease = new StoredLease(name, token, now.plus(ttl));
    if (!store.putIfAbsent(lease.key(), lease.encode(false), PutOptions.DEFAULT)) {
      return Optional.empty();
    }
    if (!lease.isHighest()) {
      lease.release();
      return Optional.empty();
    }
    for (ObjectInfo old : existing) {
      if (token(old.key(), dir) < highest) {
        store.delete(old.key());
      }
    }
    return Optional.of(lease);
  }

  private static long token(String key, String dir) {
    return Long.parseLong(key.substring(dir.length()));
  }

  private Record read(String key) {
    try {
      ObjectNode n = (ObjectNode) json.readTree(store.get(key));
      return new Record(n.get("owner").asText(), Instant.parse(n.get("expiresAt").asText()), n.path("released").asBoolean());
    } catch (NotFoundException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      throw new IntegrityException("malformed lease object " + key, e);
    }
  }

  private record Record(String owner, Instant expiresAt, boolean released) {}

  /** A held lease: the object {@code leases/<name>/<token>}. */
  private final class StoredLease extends AbstractLease {
    private StoredLease(String name, long token, Instant expiresAt) {
      super(name, token, expiresAt);
    }

    String key() {
      return PREFIX + name() + "/" + String.format("%019d", token());
    }

    private boolean isHighest() {
      List<ObjectInfo> all = store.list(PREFIX + name() + "/");
      return !all.isEmpty() && all.get(all.size() - 1).key().equals(key());
    }

    /** Whether this lease is still held: not released, not expired, and no later token exists. */
    @Override
    public boolean isValid() {
      return !released() && expiresAt().isAfter(clock.instant()) && isHighest();
    }

    /** Extends the lease by {@code ttl} from now; returns false (and extends nothing) if it was lost. */
    @Override
    public boolean renew(Duration ttl) {
      if (!isValid()) {
        return false;
      }
      expiresAt(clock.instant().plus(ttl));
      store.put(key(), encode(false));
      return true;
    }

    /** Releases the lease so the next engine need not wait for it to expire. */
    @Override
    public void release() {
      if (markReleased() && isHighest()) {
        store.put(key(), encode(true));
      }
    }

    private byte[] encode(boolean isReleased) {
      ObjectNode n = json.createObjectNode();
      n.put("owner", owner);
      n.put("token", token());
      n.put("expiresAt", expiresAt().toString());
      n.put("released", isReleased);
      return n.toString().getBytes(StandardCharsets.UTF_8);
    }
  }
}
