package dev.resilience.internal.drill;

import dev.resilience.spi.Entry;
import dev.resilience.spi.EntryType;
import dev.resilience.spi.SnapshotWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link SnapshotWriter} that stores nothing and records the SHA-256 of each file entry's content: a
 * target "backs up" into it to report what it holds now, whatever kind of store it is.
 */
final class HashingWriter implements SnapshotWriter {
  private final Map<String, String> digests = new TreeMap<>();
  private final Map<String, EntryType> types = new TreeMap<>();

  synchronized Map<String, String> digests() {
    return new TreeMap<>(digests);
  }

  synchronized Map<String, EntryType> types() {
    return new TreeMap<>(types);
  }

  @Override
  public Optional<Entry> parentEntry(String path) {
    return Optional.empty();
  }

  @Override
  public boolean reuseParent(Entry entry) {
    return false;
  }

  @Override
  public synchronized void add(Entry entry) {
    types.put(entry.path(), entry.type());
  }

  @Override
  public void add(Entry entry, InputStream content) {
    MessageDigest md = sha256();
    byte[] buf = new byte[64 * 1024];
    try {
      for (int n; (n = content.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    record(entry, md);
  }

  @Override
  public OutputStream create(Entry entry) {
    MessageDigest md = sha256();
    return new OutputStream() {
      @Override
      public void write(int b) {
        md.update((byte) b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        md.update(b, off, len);
      }

      @Override
      public void close() {
        record(entry, md);
      }
    };
  }

  @Override
  public void putMetadata(String key, String value) {}

  private synchronized void record(Entry entry, MessageDigest md) {
    types.put(entry.path(), EntryType.FILE);
    digests.put(entry.path(), HexFormat.of().formatHex(md.digest()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
