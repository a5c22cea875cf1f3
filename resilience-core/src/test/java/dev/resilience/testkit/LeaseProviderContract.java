package dev.resilience.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.spi.Lease;
import dev.resilience.spi.LeaseProvider;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LeaseProvider} must have (see its Javadoc contract): one holder at a time,
 * takeover after expiry with a higher token, no renewal by a holder that lost the lease, release hands over
 * at once. An implementation's test extends this class (it ships in {@code resilience-core}'s test-jar).
 */
public abstract class LeaseProviderContract {
  /** Drives lease expiry: every provider from {@link #provider} must read time from it. */
  protected final MutableClock clock = MutableClock.at("2026-11-20T00:00:00Z");

  /** A provider acting as {@code owner}, sharing its backing store with every other provider of this test. */
  protected abstract LeaseProvider provider(String owner);

  /** A lease name no other test uses (the backing store may outlive one test). */
  protected String freshName() {
    return "jobs/" + UUID.randomUUID();
  }

  @Test
  void onlyOneOwnerHoldsANameAtATime() {
    LeaseProvider a = provider("engine-a");
    LeaseProvider b = provider("engine-b");
    String name = freshName();
    Lease held = a.tryAcquire(name, Duration.ofMinutes(5)).orElseThrow();
    assertThat(held.name()).isEqualTo(name);
    assertThat(held.isValid()).isTrue();
    assertThat(held.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(b.tryAcquire(name, Duration.ofMinutes(5))).isEmpty();
    clock.advance(Duration.ofMinutes(4));
    assertThat(b.tryAcquire(name, Duration.ofMinutes(5))).as("not yet expired").isEmpty();
    assertThat(b.tryAcquire(freshName(), Duration.ofMinutes(5))).as("other names are independent").isPresent();
  }

  @Test
  void anExpiredLeaseIsTakenOverWithAHigherTokenAndTheLoserCannotRenew() {
    LeaseProvider a = provider("engine-a");
    LeaseProvider b = provider("engine-b");
    String name = freshName();
    Lease first = a.tryAcquire(name, Duration.ofMinutes(5)).orElseThrow();
    clock.advance(Duration.ofMinutes(4));
    assertThat(first.renew(Duration.ofMinutes(5))).isTrue();
    clock.advance(Duration.ofMinutes(4));
    assertThat(b.tryAcquire(name, Duration.ofMinutes(5))).as("renewed lease still held").isEmpty();
    clock.advance(Duration.ofMinutes(2));
    assertThat(first.isValid()).as("expired").isFalse();
    Lease second = b.tryAcquire(name, Duration.ofMinutes(5)).orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(first.renew(Duration.ofMinutes(5))).as("the loser cannot renew").isFalse();
    assertThat(first.isValid()).isFalse();
    first.release();
    assertThat(second.isValid()).as("the loser's release leaves the new holder alone").isTrue();
    assertThat(a.tryAcquire(name, Duration.ofMinutes(5))).isEmpty();
  }

  @Test
  void releaseHandsOverAtOnceAndTokensKeepGrowing() {
    LeaseProvider a = provider("engine-a");
    LeaseProvider b = provider("engine-b");
    String name = freshName();
    long last = 0;
    for (int i = 0; i < 4; i++) {
      try (Lease lease = (i % 2 == 0 ? a : b).tryAcquire(name, Duration.ofHours(1)).orElseThrow()) {
        assertThat(lease.token()).isGreaterThan(last);
        last = lease.token();
      }
    }
    Lease released = a.tryAcquire(name, Duration.ofHours(1)).orElseThrow();
    released.release();
    assertThat(released.isValid()).isFalse();
    assertThat(released.renew(Duration.ofHours(1))).as("a released lease is not renewed").isFalse();
  }
}
