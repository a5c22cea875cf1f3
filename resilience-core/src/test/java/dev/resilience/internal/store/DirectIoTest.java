package dev.resilience.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct I/O must be invisible in the bytes: every length (block-aligned or not, empty, larger than the
 * staging buffer) and every read range comes back exactly as written. Runs where the temporary directory's
 * file system supports {@code O_DIRECT} (ext4, xfs, btrfs); skipped on tmpfs.
 */
class DirectIoTest {
  private static final int[] LENGTHS = {
    0, 1, 511, 512, 4095, 4096, 4097, 300_000, DirectIo.STAGING - 1, DirectIo.STAGING, DirectIo.STAGING + 1,
    3 * DirectIo.STAGING + 12_345
  };

  @TempDir Path dir;
  private DirectIo io;

  @BeforeEach
  void probe() {
    io = DirectIo.probe(dir);
    assumeTrue(io != null, "the file system of " + dir + " has no direct I/O");
  }

  @Test
  void writtenFilesHaveExactlyTheBytesAndLengthGiven() throws IOException {
    Random random = new Random(7);
    for (int length : LENGTHS) {
      byte[] data = new byte[length + 10];
      random.nextBytes(data);
      Path file = dir.resolve("w-" + length);
      io.write(file, data, 5, length, true);
      assertThat(Files.readAllBytes(file)).as("length %d", length).isEqualTo(Arrays.copyOfRange(data, 5, 5 + length));
    }
  }

  @Test
  void streamsWrittenInOddPiecesHaveExactlyTheirBytes() throws IOException {
    Random random = new Random(11);
    for (int length : LENGTHS) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      Path file = dir.resolve("s-" + length);
      try (OutputStream out = io.newOutputStream(file)) {
        int p = 0;
        while (p < length) {
          int n = Math.min(length - p, 1 + random.nextInt(700_000));
          if (n == 1) {
            out.write(data[p]);
          } else {
            out.write(data, p, n);
          }
          p += n;
        }
      }
      assertThat(Files.readAllBytes(file)).as("length %d", length).isEqualTo(data);
    }
  }

  @Test
  void readsReturnAnyRangeOfAnyFile() throws IOException {
    Random random = new Random(13);
    byte[] data = new byte[3 * DirectIo.STAGING + 12_345];
    random.nextBytes(data);
    Path file = dir.resolve("r");
    Files.write(file, data); // written through the page cache: direct reads must see it all the same
    long[][] ranges = {
      {0, data.length}, {0, 1}, {1, 4095}, {4095, 2}, {4096, 4096}, {777, DirectIo.STAGING},
      {DirectIo.STAGING - 3, DirectIo.STAGING + 9}, {data.length - 1, 1}, {data.length - 300_001, 300_001}, {0, 0}
    };
    for (long[] r : ranges) {
      int off = (int) r[0];
      int len = (int) r[1];
      byte[] dst = new byte[len + 6];
      io.read(file, off, dst, 3, len);
      assertThat(Arrays.copyOfRange(dst, 3, 3 + len)).as("range %d+%d", off, len).isEqualTo(Arrays.copyOfRange(data, off, off + len));
      assertThat(dst[0]).isZero();
      assertThat(dst[dst.length - 1]).isZero();
    }
  }

  @Test
  void readingPastTheEndFailsInsteadOfReturningPadding() throws IOException {
    Path file = dir.resolve("short");
    io.write(file, new byte[5000], 0, 5000, false);
    assertThatThrownBy(() -> io.read(file, 4000, new byte[2000], 0, 2000))
        .isInstanceOf(IOException.class).hasMessageContaining("shrank");
    assertThatThrownBy(() -> io.read(file, 9000, new byte[10], 0, 10))
        .isInstanceOf(IOException.class).hasMessageContaining("shrank");
  }

  @Test
  void neverOverwritesAnExistingFile() throws IOException {
    Path file = dir.resolve("existing");
    Files.write(file, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> io.write(file, new byte[10], 0, 10, false)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
  }

  @Test
  void aDisabledSwitchMeansNoDirectIo() {
    String before = System.getProperty("resilience.io.direct");
    System.setProperty("resilience.io.direct", "false");
    try {
      assertThat(DirectIo.probe(dir)).isNull();
    } finally {
      if (before == null) {
        System.clearProperty("resilience.io.direct");
      } else {
        System.setProperty("resilience.io.direct", before);
      }
    }
  }
}
