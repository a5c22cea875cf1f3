package dev.resilience.internal.repo;

import dev.resilience.event.ProgressEvent;
import dev.resilience.event.ProgressListener;
import java.util.concurrent.atomic.AtomicLong;

/** Counts bytes and files of one operation and tells the listener at most four times a second. */
final class Progress {
  private static final long INTERVAL_NANOS = 250_000_000L;
  private final ProgressListener listener;
  private final String operation;
  private final String subject;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong lastEmit = new AtomicLong(System.nanoTime());
  private volatile long bytesTotal = -1;
  private volatile long filesTotal = -1;

  Progress(ProgressListener listener, String operation, String subject) {
    this.listener = listener;
    this.operation = operation;
    this.subject = subject;
  }

  void totals(long bytesTotal, long filesTotal) {
    this.bytesTotal = bytesTotal;
    this.filesTotal = filesTotal;
  }

  void bytes(long n, String phase) {
    bytes.addAndGet(n);
    maybeEmit(phase);
  }

  void file(String phase) {
    files.incrementAndGet();
    maybeEmit(phase);
  }

  long bytesDone() {
    return bytes.get();
  }

  long filesDone() {
    return files.get();
  }

  private void maybeEmit(String phase) {
    long now = System.nanoTime();
    long last = lastEmit.get();
    if (now - last >= INTERVAL_NANOS && lastEmit.compareAndSet(last, now)) {
      emit(phase);
    }
  }

  /** Emits now, regardless of the rate limit (phase changes, the end). */
  void emit(String phase) {
    try {
      listener.onProgress(new ProgressEvent(operation, subject, phase, bytes.get(), bytesTotal, files.get(), filesTotal));
    } catch (RuntimeException ignored) {
      // listeners must not throw; a faulty one must not break the operation
    }
  }
}
