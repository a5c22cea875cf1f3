package dev.resilience.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** On virtual time: reading through a limit takes as long as the limit says, and a shared limit is shared. */
class TokenBucketTest {
  final AtomicLong nanos = new AtomicLong();
  final TokenBucket.Sleeper sleeper = n -> nanos.addAndGet(n);

  @Test
  void aStreamReadsNoFasterThanItsLimit() throws IOException {
    TokenBucket bucket = new TokenBucket(1_000_000, nanos::get, sleeper);
    byte[] data = new byte[10_000_000];
    try (InputStream in = Throttling.throttle(new ByteArrayInputStream(data), List.of(bucket))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    double seconds = nanos.get() / 1e9;
    assertThat(seconds).isBetween(8.9, 10.1); // one second of burst, then 1 MB/s
  }

  @Test
  void theEngineLimitIsSharedAndTheStricterLimitWins() throws IOException {
    TokenBucket engine = new TokenBucket(2_000_000, nanos::get, sleeper);
    TokenBucket job = new TokenBucket(10_000_000, nanos::get, sleeper);
    for (int i = 0; i < 2; i++) {
      try (InputStream in = Throttling.throttle(new ByteArrayInputStream(new byte[5_000_000]), List.of(engine, job))) {
        in.readAllBytes();
      }
    }
    assertThat(nanos.get() / 1e9).isBetween(3.9, 5.1); // 10 MB through the shared 2 MB/s limit
  }
}
