package dev.resilience.postgres;

import dev.resilience.ResilienceException;
import dev.resilience.StoreUnavailableException;
import dev.resilience.spi.RecoveryPointSource;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams WAL continuously over the physical replication protocol (as {@code pg_receivewal} does) into a
 * {@link PostgresWalArchive}: whole segments as they complete, the segment in progress as {@code .partial} when
 * stopped. A physical replication slot keeps the server from recycling WAL the streamer has not stored, so
 * nothing is missed while it is down. The role needs the REPLICATION attribute.
 *
 * <p>As a {@link RecoveryPointSource} (give it to {@code BackupEngine.Builder.recoveryPoint} so that WAL lag is
 * part of the RPO status) it reports the instant T of the most recent <em>probe</em> whose WAL position is
 * stored: once a second, on an ordinary connection, the streamer notes T from its clock and then reads
 * {@code pg_current_wal_insert_lsn()}. Every transaction whose commit returned before T has its commit record
 * below that position, so once whole segments up to it are stored, everything committed before T can be
 * restored from the archive. The insert position (not the write position) keeps this true under
 * {@code synchronous_commit = off}. Because only whole segments count as stored, the point advances as segments
 * complete: on a quiet server, set {@code archive_timeout} (or call {@code pg_switch_wal()}) to bound the lag.
 */
public final class PostgresWalStreamer implements AutoCloseable, RecoveryPointSource {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresWalStreamer.class);
  private static final long PROBE_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
  private static final int MAX_PENDING_PROBES = 100_000;

  private final PostgresConnection connection;
  private final PostgresWalArchive archive;
  private final String slot;
  private final Clock clock;
  private final AtomicReference<Instant> recoveryPoint = new AtomicReference<>();
  private final ArrayDeque<Probe> pending = new ArrayDeque<>(); // only the streaming thread touches it
  private Connection probeConnection;
  private long lastProbe;
  private boolean probed;
  private final AtomicLong stored = new AtomicLong(); // LSN up to which WAL is in the archive (whole segments)
  private final AtomicLong received = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stop;
  private Thread thread;

  private PostgresWalStreamer(PostgresConnection connection, PostgresWalArchive archive, String slot, Clock clock) {
    this.connection = connection;
    this.archive = archive;
    this.slot = slot;
    this.clock = clock;
  }

  /** A streamer using (and creating if needed) the physical replication slot {@code slotName}. */
  public static PostgresWalStreamer create(PostgresConnection connection, PostgresWalArchive archive, String slotName) {
    return create(connection, archive, slotName, Clock.systemUTC());
  }

  /** As {@link #create(PostgresConnection, PostgresWalArchive, String)}, timing recovery-point probes with {@code clock}. */
  public static PostgresWalStreamer create(PostgresConnection connection, PostgresWalArchive archive, String slotName,
      Clock clock) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(slotName, "slotName");
    if (!slotName.matches("[a-z0-9_]{1,63}")) {
      throw new IllegalArgumentException("slot names are lower-case letters, digits and '_': " + slotName);
    }
    return new PostgresWalStreamer(connection, archive, slotName, clock);
  }

  /** Checks privileges, creates the slot if needed and starts streaming in a background thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    long startLsn;
    int timeline;
    long segmentSize;
    String where = "WAL streaming from " + connection.describe();
    try (Connection c = connection.open(); Statement st = c.createStatement()) {
      int version;
      try (ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
        rs.next();
        version = rs.getInt(1);
      }
      PhysicalPreflight.check(c, version, connection.user(), false, true);
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_create_physical_replication_slot(?, true)"
          + " WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)")) {
        ps.setString(1, slot);
        ps.setString(2, slot);
        ps.executeQuery().close();
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT (s.restart_lsn - '0/0'::pg_lsn)::bigint,"
          + " (SELECT timeline_id FROM pg_control_checkpoint()), pg_size_bytes(current_setting('wal_segment_size'))"
          + " FROM pg_replication_slots s WHERE s.slot_name = ?")) {
        ps.setString(1, slot);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          startLsn = rs.getLong(1);
          timeline = rs.getInt(2);
          segmentSize = rs.getLong(3);
        }
      }
    } catch (SQLException e) {
      throw PgErrors.map(where, e);
    }
    long alignedStart = startLsn - Math.floorMod(startLsn, segmentSize);
    stored.set(alignedStart);
    received.set(alignedStart);
    thread = new Thread(() -> {
      try {
        stream(alignedStart, timeline, segmentSize);
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "resilience-wal-streamer");
    thread.setDaemon(true);
    thread.start();
  }

  private void stream(long start, int timeline, long segmentSize) throws Exception {
    Properties props = new Properties();
    props.setProperty("replication", "true");
    props.setProperty("assumeMinServerVersion", "9.4");
    props.setProperty("preferQueryMode", "simple");
    try (Connection c = connection.open(props)) {
      PGReplicationStream stream = c.unwrap(PGConnection.class).getReplicationAPI().replicationStream().physical()
          .withSlotName(slot).withStartPosition(LogSequenceNumber.valueOf(start)).start();
      Segment seg = new Segment(timeline, segmentSize, start);
      try {
        while (!stop) {
          probeIfDue();
          ByteBuffer buf = stream.readPending();
          if (buf == null) {
            Thread.sleep(10);
            continue;
          }
          // for physical streams PgJDBC reports the LSN just past the message's data
          long pos = stream.getLastReceiveLSN().asLong() - buf.remaining();
          int offset = buf.arrayOffset() + buf.position();
          int length = buf.remaining();
          while (length > 0) {
            while (pos >= seg.start + segmentSize) {
              seg.complete(stream);
            }
            int n = (int) Math.min(length, seg.start + segmentSize - pos);
            System.arraycopy(buf.array(), offset, seg.bytes, (int) (pos - seg.start), n);
            pos += n;
            offset += n;
            length -= n;
            received.accumulateAndGet(pos, Math::max);
            if (pos == seg.start + segmentSize) {
              seg.complete(stream);
            }
          }
        }
        if (received.get() > seg.start) {
          archive.put(segmentName(timeline, seg.start, segmentSize) + ".partial", new ByteArrayInputStream(seg.bytes));
        }
      } finally {
        stream.close();
        closeProbeConnection();
      }
    }
  }

  /** A WAL insert position read at {@code at} (taken before the query). */
  private record Probe(Instant at, long lsn) {}

  private void probeIfDue() {
    long now = System.nanoTime();
    if (probed && now - lastProbe < PROBE_INTERVAL_NANOS) {
      return;
    }
    probed = true;
    lastProbe = now;
    try {
      if (probeConnection == null) {
        probeConnection = connection.open();
      }
      Instant at = clock.instant();
      long lsn;
      try (Statement st = probeConnection.createStatement()) {
        st.setQueryTimeout(10);
        try (ResultSet rs = st.executeQuery("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint")) {
          rs.next();
          lsn = rs.getLong(1);
        }
      }
      Probe last = pending.peekLast();
      if (last != null && last.lsn() >= lsn) {
        pending.pollLast(); // nothing written since: the later instant stands for the same position
      }
      pending.addLast(new Probe(at, lsn));
      if (pending.size() > MAX_PENDING_PROBES) {
        pending.pollFirst();
      }
      promoteProbes();
    } catch (SQLException | RuntimeException e) {
      // transient: the recovery point stays where it was; the next probe reconnects
      LOG.debug("WAL position probe on {} failed: {}", connection.describe(), e.toString());
      closeProbeConnection();
    }
  }

  /** Makes the newest probe whose position is stored the recovery point. */
  private void promoteProbes() {
    long upTo = stored.get();
    Instant point = null;
    while (!pending.isEmpty() && pending.peekFirst().lsn() <= upTo) {
      point = pending.pollFirst().at();
    }
    if (point != null) {
      Instant p = point;
      recoveryPoint.accumulateAndGet(p, (a, b) -> a == null || b.isAfter(a) ? b : a);
    }
  }

  private void closeProbeConnection() {
    if (probeConnection != null) {
      try {
        probeConnection.close();
      } catch (SQLException e) {
        LOG.debug("closing the probe connection failed: {}", e.toString());
      }
      probeConnection = null;
    }
  }

  /**
   * The instant T of the latest probe whose WAL position is stored in the archive: everything committed before T
   * can be restored from stored WAL. Empty until the first such probe; never throws.
   */
  @Override
  public Optional<Instant> latestRecoveryPoint() {
    return Optional.ofNullable(recoveryPoint.get());
  }

  /** The segment being filled. */
  private final class Segment {
    final int timeline;
    final long size;
    final byte[] bytes;
    long start;

    Segment(int timeline, long size, long start) {
      this.timeline = timeline;
      this.size = size;
      this.bytes = new byte[(int) size];
      this.start = start;
    }

    /** Stores the full segment, tells the server (and so the slot) it is safe, starts the next one. */
    void complete(PGReplicationStream stream) throws SQLException {
      archive.put(segmentName(timeline, start, size), new ByteArrayInputStream(bytes));
      java.util.Arrays.fill(bytes, (byte) 0);
      start += size;
      stored.set(start);
      promoteProbes();
      stream.setFlushedLSN(LogSequenceNumber.valueOf(start));
      stream.setAppliedLSN(LogSequenceNumber.valueOf(start));
      stream.forceUpdateStatus();
    }
  }

  static String segmentName(int timeline, long lsn, long segmentSize) {
    long segno = lsn / segmentSize;
    long perId = 0x100000000L / segmentSize;
    return String.format("%08X%08X%08X", timeline, segno / perId, segno % perId);
  }

  /** The WAL position received so far (stored in the archive when its segment completes, or at {@link #close}). */
  public String receivedLsn() {
    return LogSequenceNumber.valueOf(received.get()).asString();
  }

  /** The WAL position up to which whole segments are stored in the archive (the rest is at risk: the RPO lag). */
  public String storedLsn() {
    return LogSequenceNumber.valueOf(stored.get()).asString();
  }

  /** Waits until WAL up to {@code lsn} has been received. */
  public void awaitReceived(String lsn, Duration timeout) {
    long target = LogSequenceNumber.valueOf(lsn).asLong();
    Instant deadline = Instant.now().plus(timeout);
    while (received.get() < target) {
      rethrow();
      if (Instant.now().isAfter(deadline)) {
        throw new StoreUnavailableException("WAL streaming did not reach " + lsn + " within " + timeout
            + " (received up to " + receivedLsn() + ")");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException("interrupted while waiting for WAL", e);
      }
    }
  }

  private void rethrow() {
    Throwable t = failure.get();
    if (t instanceof ResilienceException re) {
      throw re;
    }
    if (t instanceof SQLException se) {
      throw PgErrors.map("WAL streaming from " + connection.describe(), se);
    }
    if (t != null) {
      throw new StoreUnavailableException("WAL streaming from " + connection.describe() + " failed: " + t, t);
    }
  }

  /** Stops streaming and stores the segment in progress as {@code .partial}. The slot stays (drop it to release WAL). */
  @Override
  public synchronized void close() {
    stop = true;
    if (thread != null) {
      try {
        thread.join(Duration.ofMinutes(1).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    rethrow();
  }
}
