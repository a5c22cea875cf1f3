package dev.resilience.cli;

import dev.resilience.event.ProgressEvent;
import dev.resilience.event.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress display on a terminal: elapsed time, percentage and ETA (when totals are known),
 * bytes, files and rate. Redrawn at most five times a second with a carriage return; {@link #finish()}
 * ends the line. Only used when stderr is a terminal.
 *
 * <p>Totals come from the operation's events, or, when those do not know them, from
 * {@link #estimate(long, long)} (the CLI's own scan of the source directory, run alongside).
 */
final class ProgressBar implements ProgressListener {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream err;
  private final String verb;
  private final LongSupplier nanoTime;
  private final long start;
  private long lastDraw = Long.MIN_VALUE;
  private long estimatedBytes = -1;
  private long estimatedFiles = -1;
  private ProgressEvent last;
  private int lastWidth;

  ProgressBar(PrintStream err, String verb, LongSupplier nanoTime) {
    this.err = err;
    this.verb = verb;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
  }

  /** Totals found by a scan when the operation does not report them. */
  synchronized void estimate(long bytes, long files) {
    this.estimatedBytes = bytes;
    this.estimatedFiles = files;
  }

  @Override
  public synchronized void onProgress(ProgressEvent event) {
    last = event;
    long now = nanoTime.getAsLong();
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(line(event, now));
  }

  /** Draws the final state and ends the line. */
  synchronized void finish() {
    if (last != null) {
      draw(line(last, nanoTime.getAsLong()));
      err.println();
    }
  }

  private void draw(String text) {
    StringBuilder sb = new StringBuilder("\r").append(text);
    for (int i = text.length(); i < lastWidth; i++) {
      sb.append(' ');
    }
    lastWidth = text.length();
    err.print(sb);
    err.flush();
  }

  /** The progress line for an event at time {@code now} (package-private for tests). */
  String line(ProgressEvent e, long now) {
    long elapsedNanos = Math.max(1, now - start);
    Duration elapsed = Duration.ofNanos(elapsedNanos);
    long bytesTotal = e.bytesTotal() >= 0 ? e.bytesTotal() : estimatedBytes;
    long filesTotal = e.filesTotal() >= 0 ? e.filesTotal() : estimatedFiles;
    double rate = e.bytesDone() / (elapsedNanos / 1e9);
    StringBuilder sb = new StringBuilder();
    sb.append('[').append(Format.clock(elapsed)).append("] ").append(verb);
    if (!e.phase().isEmpty()) {
      sb.append(" (").append(e.phase()).append(')');
    }
    if (bytesTotal > 0) {
      double pct = Math.min(100.0, 100.0 * e.bytesDone() / bytesTotal);
      sb.append(String.format(Locale.ROOT, " %5.1f%%", pct));
    }
    sb.append("  ").append(Format.bytesShort(e.bytesDone()));
    if (bytesTotal > 0) {
      sb.append(" / ").append(Format.bytesShort(bytesTotal));
    }
    sb.append("  ").append(e.filesDone());
    if (filesTotal > 0) {
      sb.append(" / ").append(filesTotal);
    }
    sb.append(" files  ").append(Format.bytesShort((long) rate)).append("/s");
    if (bytesTotal > 0 && rate > 0 && e.bytesDone() < bytesTotal) {
      long etaSeconds = (long) Math.ceil((bytesTotal - e.bytesDone()) / rate);
      sb.append("  ETA ").append(Format.clock(Duration.ofSeconds(etaSeconds)));
    }
    return sb.toString();
  }
}
