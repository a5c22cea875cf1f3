package dev.resilience.internal.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class FastCdcChunkerProperties {
  private static final FastCdcChunker CHUNKER = new FastCdcChunker(64, 256, 1024, 42L);

  /** Cut points (end offsets) of {@code data}, fed in pieces of {@code piece} bytes. */
  static List<Integer> cuts(FastCdcChunker chunker, byte[] data, int piece) {
    List<Integer> ends = new ArrayList<>();
    long[] pos = {0};
    ChunkingBuffer buffer = new ChunkingBuffer(chunker, (d, off, len) -> {
      pos[0] += len;
      ends.add((int) pos[0]);
    });
    for (int i = 0; i < data.length; i += piece) {
      buffer.write(data, i, Math.min(piece, data.length - i));
    }
    buffer.finish();
    return ends;
  }

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Property(tries = 60)
  void chunksCoverTheInputWithinSizeBounds(@ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 0, max = 40_000) int size) {
    byte[] data = random(seed, size);
    List<Integer> ends = cuts(CHUNKER, data, 4096);
    int prev = 0;
    for (int i = 0; i < ends.size(); i++) {
      int len = ends.get(i) - prev;
      assertThat(len).isBetween(1, CHUNKER.maxSize());
      if (i < ends.size() - 1) {
        assertThat(len).isGreaterThanOrEqualTo(CHUNKER.minSize());
      }
      prev = ends.get(i);
    }
    assertThat(prev).isEqualTo(size);
  }

  /** Boundaries depend on content only, not on how the bytes arrive. */
  @Property(tries = 40)
  void boundariesDoNotDependOnWriteSizes(@ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 1, max = 5000) int piece) throws IOException {
    byte[] data = random(seed, 30_000);
    List<Integer> whole = cuts(CHUNKER, data, data.length);
    assertThat(cuts(CHUNKER, data, piece)).isEqualTo(whole);
    List<Integer> streamed = new ArrayList<>();
    long[] pos = {0};
    ChunkingBuffer fromStream = new ChunkingBuffer(CHUNKER, (d, off, len) -> streamed.add((int) (pos[0] += len)));
    fromStream.readFrom(new ByteArrayInputStream(data), null);
    fromStream.finish();
    assertThat(streamed).isEqualTo(whole);
  }

  /** Cut points from repeated {@link FastCdcChunker#cut} calls on the whole input: the reference. */
  static List<Integer> referenceCuts(FastCdcChunker chunker, byte[] data) {
    List<Integer> ends = new ArrayList<>();
    int pos = 0;
    while (pos < data.length) {
      pos += chunker.cut(data, pos, data.length - pos);
      ends.add(pos);
    }
    return ends;
  }

  /**
   * Streaming through {@link ChunkingBuffer} (bytes arriving in reads of random sizes) cuts exactly where
   * {@link FastCdcChunker#cut} does on the whole input, hands over every byte in order in arrays of its
   * own, and gives back every array it took that it did not hand over.
   */
  @Property(tries = 60)
  void streamingCutsMatchTheWholeInputCut(@ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 0, max = 12_000) int size, @ForAll @IntRange(min = 1, max = 3000) int maxRead)
      throws IOException {
    byte[] data = random(seed, size);
    Random reads = new Random(seed ^ maxRead);
    Set<byte[]> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    ChunkingBuffer.Arrays arrays = new ChunkingBuffer.Arrays() {
      @Override
      public byte[] take(int minLength) {
        byte[] b = new byte[minLength + reads.nextInt(3)];
        out.add(b);
        return b;
      }

      @Override
      public void give(byte[] array) {
        assertThat(out.remove(array)).as("an array given back that was out").isTrue();
      }
    };
    ByteArrayOutputStreamCollector got = new ByteArrayOutputStreamCollector();
    List<Integer> ends = new ArrayList<>();
    ChunkingBuffer buffer = new ChunkingBuffer(CHUNKER, arrays, 1 + reads.nextInt(600), (d, off, len) -> {
      assertThat(out.remove(d)).as("a chunk in an array the buffer took").isTrue();
      got.write(d, off, len);
      ends.add((int) got.size());
    });
    InputStream in = new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + reads.nextInt(maxRead)));
      }
    };
    buffer.readFrom(in, null);
    buffer.finish();
    assertThat(ends).isEqualTo(referenceCuts(CHUNKER, data));
    assertThat(got.toByteArray()).isEqualTo(data);
    assertThat(out).as("arrays neither handed over nor given back").isEmpty();
  }

  /** An interrupted stream gives back the array of its unfinished chunk: every array taken is accounted for. */
  @Property(tries = 30)
  void releaseGivesBackTheUnfinishedChunk(@ForAll @IntRange(min = 1, max = 3000) int written) {
    Set<byte[]> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    ChunkingBuffer.Arrays arrays = new ChunkingBuffer.Arrays() {
      @Override
      public byte[] take(int minLength) {
        byte[] b = new byte[minLength];
        out.add(b);
        return b;
      }

      @Override
      public void give(byte[] array) {
        assertThat(out.remove(array)).isTrue();
      }
    };
    long[] handed = {0};
    ChunkingBuffer buffer = new ChunkingBuffer(CHUNKER, arrays, 512, (d, off, len) -> {
      out.remove(d);
      handed[0] += len;
    });
    buffer.write(random(written, written), 0, written);
    buffer.release();
    assertThat(out).isEmpty();
    assertThat(handed[0]).isLessThanOrEqualTo(written);
    // Exactly the chunks the written bytes complete were handed over: the cut points of a longer stream with
    // the same start (Random's bytes are prefix-stable) that lie within them. A content cut can fall on the
    // very last byte written, so the whole input's second-to-last cut is not a bound.
    List<Integer> longer = referenceCuts(CHUNKER, random(written, written + 64 * 1024));
    int completed = longer.stream().filter(c -> c <= written).mapToInt(Integer::intValue).max().orElse(0);
    assertThat(handed[0]).isEqualTo(completed);
  }

  /** A growable byte sink for the test. */
  static final class ByteArrayOutputStreamCollector extends java.io.ByteArrayOutputStream {
    @Override
    public synchronized void write(byte[] b, int off, int len) {
      super.write(b, off, len);
    }
  }

  /** After inserting a prefix, the chunker resynchronises: all but the first few boundaries survive, shifted. */
  @Property(tries = 60)
  void boundariesAreStableUnderPrefixInsertion(@ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 1, max = 3000) int prefixLength) {
    byte[] data = random(seed, 64 * 1024);
    byte[] prefix = random(seed + 7, prefixLength);
    byte[] shifted = new byte[data.length + prefixLength];
    System.arraycopy(prefix, 0, shifted, 0, prefixLength);
    System.arraycopy(data, 0, shifted, prefixLength, data.length);

    Set<Integer> after = new HashSet<>();
    for (int end : cuts(CHUNKER, shifted, 8192)) {
      after.add(end - prefixLength);
    }
    List<Integer> before = cuts(CHUNKER, data, 8192);
    int lost = 0;
    for (int end : before) {
      if (!after.contains(end)) {
        lost++;
        assertThat(end).as("a boundary lost far from the insertion").isLessThan(8 * CHUNKER.maxSize());
      }
    }
    assertThat(lost).isLessThanOrEqualTo(8);
    assertThat(before.size() - lost).isGreaterThan(before.size() / 2);
  }

  /** A different (keyed) gear table cuts elsewhere, so boundaries reveal nothing without the key. */
  @Property(tries = 20)
  void differentGearTablesCutDifferently(@ForAll @LongRange(min = 0, max = 1000) long seed) {
    byte[] data = random(seed, 20_000);
    FastCdcChunker other = new FastCdcChunker(64, 256, 1024, 43L);
    assertThat(cuts(other, data, 4096)).isNotEqualTo(cuts(CHUNKER, data, 4096));
  }

  @Property(tries = 20)
  void averageChunkSizeIsNearTheTarget(@ForAll @LongRange(min = 0, max = 1000) long seed) {
    byte[] data = random(seed, 256 * 1024);
    double avg = (double) data.length / cuts(CHUNKER, data, 65536).size();
    assertThat(avg).isBetween(200.0, 420.0);
  }
}
