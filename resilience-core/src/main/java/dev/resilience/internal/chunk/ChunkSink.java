package dev.resilience.internal.chunk;

/**
 * Receives the chunks a {@link ChunkingBuffer} cuts: each in {@code data[off..off+len)}, in an array that
 * the sink now owns (the buffer never touches it again; hand it back to where it came from when done).
 */
@FunctionalInterface
public interface ChunkSink {
  void accept(byte[] data, int off, int len);
}
