package dev.resilience.internal.throttle;

import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Capability;
import dev.resilience.spi.Entry;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.SnapshotWriter;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies shared {@link TokenBucket}s (the engine-wide limit, and a job's own) to a target's content as
 * it flows: on backup, the bytes a target hands to the writer; on restore, the bytes it reads from the
 * reader. Needs nothing from the repository.
 */
public final class Throttling {
  private Throttling() {}

  /** {@code target}, with every content byte passing all {@code buckets}. */
  public static BackupTarget throttle(BackupTarget target, List<TokenBucket> buckets) {
    if (buckets.isEmpty()) {
      return target;
    }
    return new BackupTarget() {
      @Override
      public String name() {
        return target.name();
      }

      @Override
      public Set<Capability> capabilities() {
        return target.capabilities();
      }

      @Override
      public void backup(SnapshotWriter writer) {
        target.backup(new ThrottledWriter(writer, buckets));
      }

      @Override
      public void restore(SnapshotReader reader) {
        target.restore(new ThrottledReader(reader, buckets));
      }

      @Override
      public Optional<Sandbox> openSandbox() {
        return target.openSandbox();
      }
    };
  }

  public static InputStream throttle(InputStream in, List<TokenBucket> buckets) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          take(buckets, 1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, Math.min(len, 64 * 1024));
        if (n > 0) {
          take(buckets, n);
        }
        return n;
      }
    };
  }

  static OutputStream throttle(OutputStream out, List<TokenBucket> buckets) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        take(buckets, 1);
        out.write(b);
      }

      @Override
      public void write(byte[] buf, int off, int len) throws IOException {
        take(buckets, len);
        out.write(buf, off, len);
      }
    };
  }

  private static void take(List<TokenBucket> buckets, long n) {
    for (TokenBucket b : buckets) {
      b.acquire(n);
    }
  }

  private record ThrottledWriter(SnapshotWriter w, List<TokenBucket> buckets) implements SnapshotWriter {
    @Override
    public Optional<Entry> parentEntry(String path) {
      return w.parentEntry(path);
    }

    @Override
    public boolean reuseParent(Entry entry) {
      return w.reuseParent(entry);
    }

    @Override
    public void add(Entry entry) {
      w.add(entry);
    }

    @Override
    public void add(Entry entry, InputStream content) {
      w.add(entry, throttle(content, buckets));
    }

    @Override
    public OutputStream create(Entry entry) {
      return throttle(w.create(entry), buckets);
    }

    @Override
    public void putMetadata(String key, String value) {
      w.putMetadata(key, value);
    }
  }

  private record ThrottledReader(SnapshotReader r, List<TokenBucket> buckets) implements SnapshotReader {
    @Override
    public List<Entry> entries() {
      return r.entries();
    }

    @Override
    public InputStream open(Entry entry) {
      return throttle(r.open(entry), buckets);
    }

    @Override
    public Map<String, String> metadata() {
      return r.metadata();
    }

    @Override
    public int parallelism() {
      return r.parallelism();
    }
  }
}
