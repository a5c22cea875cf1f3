package dev.resilience.internal.chunk;

/** Receives the chunks a {@link ChunkingBuffer} cuts. The bytes must be copied if kept beyond the call. */
@FunctionalInterface
public interface ChunkSink {
  void accept(byte[] data, int off, int len);
}
