package dev.resilience.evidence;

import dev.resilience.StoreUnavailableException;
import dev.resilience.spi.EvidenceSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence in JSON Lines files: one canonical record per line, appended and fsynced before
 * {@link #append} returns. Files are segments {@code <prefix>-000001.jsonl}, {@code -000002}, ... in one
 * directory; a new segment starts when the current one reaches {@code maxRecords} or would exceed
 * {@code maxBytes}. The chain continues across segments (the first record of a segment names the hash of
 * the last record of the previous one), so the segments verify as one log: pass the directory, or the
 * files in name order, to the verifier. Old segments can be archived (for example to WORM storage)
 * without breaking anything; never rename them out of order.
 *
 * <p>On open, a half-written last line (a crash during an append that therefore never returned) is cut
 * off. Thread-safe; one writer process per directory.
 */
public final class JsonLinesEvidenceSink implements EvidenceSink {
  private static final Logger LOG = LoggerFactory.getLogger(JsonLinesEvidenceSink.class);

  private final Path directory;
  private final String prefix;
  private final long maxBytes;
  private final long maxRecords;
  private final boolean fsync;
  private FileChannel channel;
  private int segment;
  private long segmentBytes;
  private long segmentRecords;

  private JsonLinesEvidenceSink(Builder b) {
    this.directory = b.directory;
    this.prefix = b.prefix;
    this.maxBytes = b.maxBytes;
    this.maxRecords = b.maxRecords;
    this.fsync = b.fsync;
    try {
      Files.createDirectories(directory);
      List<Path> existing = segments(directory, prefix);
      if (existing.isEmpty()) {
        openSegment(1);
      } else {
        Path last = existing.get(existing.size() - 1);
        repairTail(last);
        openSegment(segmentNumber(last, prefix));
        segmentBytes = channel.size();
        segmentRecords = countLines(last);
      }
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot open evidence directory " + directory + ": " + e.getMessage(), e);
    }
  }

  /** A sink writing segments into {@code directory}. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  @Override
  public synchronized void append(String record) {
    Objects.requireNonNull(record, "record");
    if (record.indexOf('\n') >= 0 || record.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("an evidence record must be one line");
    }
    byte[] bytes = (record + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (channel == null) {
        throw new IllegalStateException("sink is closed");
      }
      if (segmentRecords > 0 && (segmentRecords >= maxRecords || segmentBytes + bytes.length > maxBytes)) {
        channel.close();
        openSegment(segment + 1);
      }
      long before = channel.size();
      try {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
        if (fsync) {
          channel.force(false);
        }
      } catch (IOException e) {
        undo(before);
        throw e;
      }
      segmentBytes += bytes.length;
      segmentRecords++;
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot append evidence to " + segmentPath(segment) + ": " + e.getMessage(), e);
    }
  }

  /** Cuts off a partly written record so that the next append starts on a fresh line. */
  private void undo(long size) {
    try {
      channel.truncate(size);
    } catch (IOException e) {
      LOG.warn("could not cut off a partly written evidence record in {}: {}", segmentPath(segment), e.toString());
    }
  }

  @Override
  public synchronized List<String> readAll() {
    try {
      return readLines(segments(directory, prefix));
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot read evidence from " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Optional<String> lastRecord() {
    try {
      List<Path> files = segments(directory, prefix);
      for (int i = files.size() - 1; i >= 0; i--) {
        List<String> lines = readLines(List.of(files.get(i)));
        if (!lines.isEmpty()) {
          return Optional.of(lines.get(lines.size() - 1));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot read evidence from " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The segment files currently in the directory, in log order. */
  public synchronized List<Path> segmentFiles() {
    try {
      return segments(directory, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("closing evidence segment {} failed: {}", segmentPath(segment), e.toString());
      }
      channel = null;
    }
  }

  /** Segment files {@code <prefix>-NNNNNN.jsonl} in {@code directory}, in sequence order. */
  public static List<Path> segments(Path directory, String prefix) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(directory)) {
      return s.filter(p -> segmentNumber(p, prefix) > 0)
          .sorted((a, b) -> Integer.compare(segmentNumber(a, prefix), segmentNumber(b, prefix)))
          .toList();
    }
  }

  /** The lines of each file, in order. */
  public static List<String> readLines(List<Path> files) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.isEmpty()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  private void openSegment(int number) throws IOException {
    segment = number;
    channel = FileChannel.open(segmentPath(number), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    segmentBytes = 0;
    segmentRecords = 0;
    if (fsync) {
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException | UnsupportedOperationException e) {
        LOG.debug("directory fsync not supported for {}", directory);
      }
    }
  }

  private Path segmentPath(int number) {
    return directory.resolve(String.format("%s-%06d.jsonl", prefix, number));
  }

  private static int segmentNumber(Path p, String prefix) {
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "-(\\d{6,})\\.jsonl").matcher(p.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static void repairTail(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long keep = size;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (keep > 0) {
        one.clear();
        ch.read(one, keep - 1);
        if (one.get(0) == '\n') {
          break;
        }
        keep--;
      }
      if (keep < size) {
        LOG.warn("evidence segment {} ends with a partial record ({} bytes); cutting it off", file, size - keep);
        ch.truncate(keep);
        ch.force(true);
      }
    }
  }

  private static long countLines(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isEmpty()).count();
    }
  }

  /** Options for {@link JsonLinesEvidenceSink}. */
  public static final class Builder {
    private final Path directory;
    private String prefix = "evidence";
    private long maxBytes = 64L << 20;
    private long maxRecords = Long.MAX_VALUE;
    private boolean fsync = true;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** File name prefix (default {@code evidence}). */
    public Builder prefix(String prefix) {
      if (prefix == null || !prefix.matches("[A-Za-z0-9._]+")) {
        throw new IllegalArgumentException("prefix must be letters, digits, '.' or '_'");
      }
      this.prefix = prefix;
      return this;
    }

    /** Start a new segment before one would exceed this size (default 64 MiB). */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be positive");
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** Start a new segment after this many records (default unlimited). */
    public Builder maxRecords(long maxRecords) {
      if (maxRecords < 1) {
        throw new IllegalArgumentException("maxRecords must be positive");
      }
      this.maxRecords = maxRecords;
      return this;
    }

    /** Whether each append is fsynced before returning (default true; false only for tests and benchmarks). */
    public Builder fsync(boolean fsync) {
      this.fsync = fsync;
      return this;
    }

    public JsonLinesEvidenceSink build() {
      return new JsonLinesEvidenceSink(this);
    }
  }
}
