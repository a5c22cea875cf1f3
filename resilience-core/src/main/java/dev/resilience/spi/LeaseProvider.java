package dev.resilience.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Hands out named, expiring leases shared by every engine (service instance) that uses the same backing
 * store, so that each scheduled occurrence runs once. The default keeps them in the repository's object store;
 * an adapter may keep them elsewhere (e.g. a PostgreSQL table).
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>At most one {@link Lease#isValid() valid} holder per name at any instant, provided the clocks of the
 *       hosts involved agree to well within the TTL.</li>
 *   <li>A lease that expired (or was released) can be taken by anyone, and the taker gets a
 *       {@link Lease#token() token} higher than every token handed out for that name before.</li>
 *   <li>A holder that lost its lease (it expired and someone else took it) gets {@code false} from
 *       {@link Lease#renew}, and its renewal changes nothing.</li>
 *   <li>{@link Lease#release()} lets another owner acquire the name at once, without waiting for expiry.</li>
 * </ul>
 * Implementations are thread-safe. Failures of the backing store surface as
 * {@link dev.resilience.StoreUnavailableException}.
 */
public interface LeaseProvider {

  /** Who this provider acquires leases as (one engine). */
  String owner();

  /** Acquires {@code name} for {@code ttl} from now, or returns empty if another owner holds it. */
  Optional<Lease> tryAcquire(String name, Duration ttl);
}
