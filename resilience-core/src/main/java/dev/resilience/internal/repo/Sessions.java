package dev.resilience.internal.repo;

import dev.resilience.NotFoundException;
import dev.resilience.spi.ObjectInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Leases of running backups, {@code sessions/<random>}: written before the backup reads the index,
 * renewed every minute, deleted after the snapshot is committed. Prune's sweep phase waits for every
 * lease that started before its mark (see {@link Pruner}); a lease not renewed for {@link #TTL} belongs
 * to a crashed process and is ignored.
 */
final class Sessions {
  static final String PREFIX = "sessions/";
  static final Duration TTL = Duration.ofMinutes(10);
  private static final Duration RENEW = Duration.ofMinutes(1);

  private Sessions() {}

  /** A held lease; {@link #close} releases it. */
  static final class Lease implements AutoCloseable {
    private final RepoContext ctx;
    private final String key;
    private final Instant started;
    private final ScheduledFuture<?> renewal;

    private Lease(RepoContext ctx, String key, Instant started) {
      this.ctx = ctx;
      this.key = key;
      this.started = started;
      write();
      this.renewal = ctx.timer().scheduleAtFixedRate(this::renewQuietly, RENEW.toMillis(), RENEW.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void write() {
      ctx.store().put(key, ctx.json().write(new Json.SessionDoc("backup", started.toString(), ctx.clock().instant().toString())));
    }

    private void renewQuietly() {
      try {
        write();
      } catch (RuntimeException e) {
        // the next renewal retries; an expired lease only delays a prune sweep
      }
    }

    @Override
    public void close() {
      renewal.cancel(false);
      try {
        ctx.store().delete(key);
      } catch (RuntimeException e) {
        // the lease expires by itself after TTL; the backup's outcome stands
      }
    }
  }

  static Lease begin(RepoContext ctx) {
    return new Lease(ctx, PREFIX + ctx.randomHex(16), ctx.clock().instant());
  }

  /** Deletes leases not renewed within {@link #TTL} (left by crashed processes). */
  static void removeExpired(RepoContext ctx, Instant now) {
    for (ObjectInfo info : ctx.store().list(PREFIX)) {
      try {
        Json.SessionDoc d = ctx.json().read(ctx.store().get(info.key()), Json.SessionDoc.class, info.key());
        if (!Instant.parse(d.renewed()).plus(TTL).isAfter(now)) {
          ctx.store().delete(info.key());
        }
      } catch (RuntimeException e) {
        // vanished or unreadable: leave it; an unreadable lease counts as live
      }
    }
  }

  /** Start times of leases renewed within {@link #TTL} of {@code now}. */
  static List<Instant> liveStarts(RepoContext ctx, Instant now) {
    List<Instant> out = new ArrayList<>();
    for (ObjectInfo info : ctx.store().list(PREFIX)) {
      try {
        Json.SessionDoc d = ctx.json().read(ctx.store().get(info.key()), Json.SessionDoc.class, info.key());
        Instant renewed = Instant.parse(d.renewed());
        if (renewed.plus(TTL).isAfter(now)) {
          out.add(Instant.parse(d.started()));
        }
      } catch (NotFoundException e) {
        // finished meanwhile
      } catch (RuntimeException e) {
        // an unreadable lease counts as live and old, to stay safe
        out.add(Instant.EPOCH);
      }
    }
    return out;
  }
}
