package dev.resilience.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates the quickstart's sample tree and changes a few percent of it. */
final class SampleData {
  private static final String[] WORDS = {
    "backup", "restore", "tenant", "snapshot", "retention", "policy", "chunk", "pack", "index", "evidence",
    "drill", "sandbox", "recovery", "objective", "point", "time", "archive", "cold", "hot", "tier", "audit",
    "ledger", "invoice", "customer", "order", "shipment", "event", "stream", "partition", "region",
  };

  private final Random random;

  SampleData(long seed) {
    this.random = new Random(seed);
  }

  /** Writes about 17 MiB: text documents, incompressible binaries, many small files, nesting, a link. */
  long generate(Path root) throws IOException {
    long bytes = 0;
    for (int i = 0; i < 12; i++) {
      bytes += write(root.resolve("docs/report-" + i + ".txt"), text(200 * 1024 + random.nextInt(100 * 1024)));
    }
    bytes += write(root.resolve("media/blob-0.bin"), binary(6 * 1024 * 1024 + random.nextInt(512 * 1024)));
    bytes += write(root.resolve("media/blob-1.bin"), binary(6 * 1024 * 1024 + random.nextInt(512 * 1024)));
    bytes += write(root.resolve("media/blob-2.bin"), binary(1024 * 1024 + random.nextInt(512 * 1024)));
    for (int i = 0; i < 400; i++) {
      String name = String.format("records/%02d/record-%04d.json", i % 20, i);
      bytes += write(root.resolve(name), text(200 + random.nextInt(3000)));
    }
    bytes += write(root.resolve("config/empty.conf"), new byte[0]);
    bytes += write(root.resolve("config/ünïcødé-名前.txt"), "unicode names work too\n".getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(root.resolve("logs/empty"));
    Files.createSymbolicLink(root.resolve("latest-report.txt"), Path.of("docs/report-0.txt"));
    return bytes;
  }

  /**
   * What {@link #change} did.
   *
   * @param descriptions one line per change
   * @param touchedFileBytes total size of the files that were edited or added (after the change)
   */
  record Changes(List<String> descriptions, long touchedFileBytes) {}

  /** Changes under a tenth of the bytes: an insertion into a text, a rewritten binary, a new file, an append, a deletion. */
  Changes change(Path root) throws IOException {
    List<String> changes = new ArrayList<>();
    Path report = root.resolve("docs/report-3.txt");
    byte[] text = Files.readAllBytes(report);
    int at = text.length / 2;
    byte[] insert = text(4096);
    byte[] edited = new byte[text.length + insert.length];
    System.arraycopy(text, 0, edited, 0, at);
    System.arraycopy(insert, 0, edited, at, insert.length);
    System.arraycopy(text, at, edited, at + insert.length, text.length - at);
    Files.write(report, edited);
    changes.add("inserted 4 KiB into the middle of docs/report-3.txt");

    Path blob = root.resolve("media/blob-2.bin");
    Files.write(blob, binary((int) Files.size(blob)));
    changes.add("rewrote media/blob-2.bin");

    write(root.resolve("docs/new-report.txt"), text(150 * 1024));
    changes.add("added docs/new-report.txt (150 KiB)");
    Files.write(root.resolve("records/05/record-0005.json"), text(500), StandardOpenOption.APPEND);
    changes.add("appended to records/05/record-0005.json");
    Files.delete(root.resolve("records/07/record-0007.json"));
    changes.add("deleted records/07/record-0007.json");
    long touched = 0;
    for (String p : List.of("docs/report-3.txt", "media/blob-2.bin", "docs/new-report.txt", "records/05/record-0005.json")) {
      touched += Files.size(root.resolve(p));
    }
    return new Changes(changes, touched);
  }

  private static long write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return content.length;
  }

  private byte[] text(int size) {
    StringBuilder sb = new StringBuilder(size + 16);
    int line = 0;
    while (sb.length() < size) {
      sb.append(++line).append(": ");
      for (int w = 3 + random.nextInt(10); w > 0; w--) {
        sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
      }
      sb.append(random.nextInt(1_000_000)).append('\n');
    }
    sb.setLength(size);
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private byte[] binary(int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }
}
