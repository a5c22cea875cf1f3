package dev.resilience.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.ObjectStores;
import dev.resilience.spi.ObjectInfo;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.PutOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filesystem store across processes: create-if-absent races between JVMs, and SIGKILL during writes. */
class FileSystemObjectStoreIT {
  private static final int KEYS = 25;
  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("fs-store-it-");
  }

  @AfterEach
  void tearDown() throws IOException {
    FileSystemObjectStoreTest.deleteTree(dir);
  }

  /** Child process entry point: {@code race <dir> <id>} or {@code write <dir> <seed>}. */
  public static void main(String[] args) throws Exception {
    ObjectStore store = ObjectStores.filesystem(Path.of(args[1]));
    if (args[0].equals("race")) {
      StringBuilder won = new StringBuilder();
      for (int k = 0; k < KEYS; k++) {
        if (store.putIfAbsent("locks/" + k, ("owner " + args[2]).getBytes(StandardCharsets.UTF_8), PutOptions.DEFAULT)) {
          won.append(k).append(' ');
        }
      }
      System.out.println("WON " + won.toString().trim());
    } else {
      Random random = new Random(Long.parseLong(args[2]));
      for (int i = 0; ; i++) {
        store.put("data/" + (i % 40), framed(random, 100_000 + random.nextInt(400_000)));
        if (i == 0) {
          System.out.println("WRITING");
          System.out.flush();
        }
      }
    }
  }

  /** Random content followed by its CRC32, so a torn object is detectable. */
  static byte[] framed(Random random, int size) {
    byte[] b = new byte[size + 8];
    random.nextBytes(b);
    CRC32 crc = new CRC32();
    crc.update(b, 0, size);
    ByteBuffer.wrap(b, size, 8).putLong(crc.getValue());
    return b;
  }

  static boolean intact(byte[] b) {
    if (b.length < 8) {
      return false;
    }
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 8);
    return ByteBuffer.wrap(b, b.length - 8, 8).getLong() == crc.getValue();
  }

  private static Process child(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), FileSystemObjectStoreIT.class.getName()));
    cmd.addAll(Arrays.asList(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  @Test
  void exactlyOneProcessWinsEachCreateIfAbsent() throws Exception {
    int processes = 4;
    List<Process> children = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      children.add(child("race", dir.toString(), Integer.toString(p)));
    }
    int[] winners = new int[KEYS];
    ObjectStore store = ObjectStores.filesystem(dir);
    for (int p = 0; p < processes; p++) {
      Process child = children.get(p);
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(child.exitValue()).as(out).isZero();
      String won = out.substring(out.lastIndexOf("WON") + 3).trim();
      for (String k : won.isEmpty() ? new String[0] : won.split(" ")) {
        winners[Integer.parseInt(k)]++;
        assertThat(store.get("locks/" + k)).as("the winner's content").isEqualTo(("owner " + p).getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(winners).as("winners per key").containsOnly(1);
    assertThat(store.list("locks/")).hasSize(KEYS);
  }

  @Test
  void sigkillDuringWritesNeverLeavesATornObject() throws Exception {
    Random random = new Random(99);
    for (int trial = 0; trial < 6; trial++) {
      Process writer = child("write", dir.toString(), Long.toString(trial));
      java.io.BufferedReader lines = new java.io.BufferedReader(
          new java.io.InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      assertThat(lines.readLine()).isEqualTo("WRITING");
      Thread.sleep(300 + random.nextInt(900)); // a random moment in the write loop
      writer.destroyForcibly(); // SIGKILL
      assertThat(writer.waitFor(1, TimeUnit.MINUTES)).isTrue();

      ObjectStore store = ObjectStores.filesystem(dir);
      for (ObjectInfo info : store.list("")) {
        byte[] data = store.get(info.key());
        assertThat(intact(data)).as("trial %d: %s is whole", trial, info.key()).isTrue();
        assertThat(data.length).isEqualTo((int) info.size());
      }
      assertThat(store.list("data/")).isNotEmpty();
    }
  }
}
