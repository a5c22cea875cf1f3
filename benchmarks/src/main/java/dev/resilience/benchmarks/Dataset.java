package dev.resilience.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The head-to-head dataset: deterministic (fixed seeds), scalable by size.
 *
 * <ul>
 *   <li>{@code text/}: ~40% compressible text, CSV files and log files of ~16 MiB;
 *   <li>{@code binary/}: ~40% incompressible random bytes in large files (~64 MiB);
 *   <li>{@code small/}: ~20% as small files of 1-16 KiB (about 19,000 at 1 GiB; half JSON lines, half random).
 * </ul>
 *
 * <p>{@code mutate} changes about 5% deterministically: appends to a quarter of the text files (4% of the
 * size in total), 1 MiB overwrites in the middle of every other binary file, 4 KiB inserted at a third of
 * the first binary file, and 500 small files (scaled with the size) deleted and as many added.
 *
 * <pre>
 * java -cp benchmarks.jar dev.resilience.benchmarks.Dataset generate DIR [SIZE]   (SIZE: 1GiB, 64MiB, ...)
 * java -cp benchmarks.jar dev.resilience.benchmarks.Dataset mutate DIR
 * </pre>
 */
public final class Dataset {
  static final long MIB = 1024L * 1024;
  static final long GIB = 1024 * MIB;
  private static final long SEED = 0x5EED_2026_0001L;
  private static final long MUTATION_SEED = 0x5EED_2026_0002L;

  private Dataset() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Dataset generate DIR [SIZE] | Dataset mutate DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    long t0 = System.nanoTime();
    switch (args[0]) {
      case "generate" -> {
        long size = args.length > 2 ? parseSize(args[2]) : GIB;
        Summary s = generate(dir, size);
        System.out.printf(Locale.ROOT, "generated %s: %d files, %.1f MiB (text %.1f, binary %.1f, small %d files %.1f MiB) in %.1fs%n",
            dir, s.files, s.bytes / (double) MIB, s.textBytes / (double) MIB, s.binaryBytes / (double) MIB,
            s.smallFiles, s.smallBytes / (double) MIB, (System.nanoTime() - t0) / 1e9);
      }
      case "mutate" -> {
        long changed = mutate(dir);
        System.out.printf(Locale.ROOT, "mutated %s: %.1f MiB written in %.1fs%n", dir, changed / (double) MIB, (System.nanoTime() - t0) / 1e9);
      }
      default -> {
        System.err.println("unknown action " + args[0]);
        System.exit(2);
      }
    }
  }

  static long parseSize(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    long mult = 1;
    for (String[] u : new String[][] {{"gib", "" + GIB}, {"g", "" + GIB}, {"mib", "" + MIB}, {"m", "" + MIB}, {"kib", "1024"}, {"k", "1024"}}) {
      if (t.endsWith(u[0])) {
        mult = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length());
        break;
      }
    }
    return (long) (Double.parseDouble(t) * mult);
  }

  record Summary(long files, long bytes, long textBytes, long binaryBytes, long smallFiles, long smallBytes) {}

  static Summary generate(Path root, long size) throws IOException {
    if (Files.exists(root) && Files.list(root).findAny().isPresent()) {
      throw new IOException(root + " is not empty");
    }
    SplittableRandom rnd = new SplittableRandom(SEED);
    long textTotal = size * 40 / 100;
    long binaryTotal = size * 40 / 100;
    long smallTotal = size - textTotal - binaryTotal;

    Path text = Files.createDirectories(root.resolve("text"));
    int textFiles = (int) Math.max(2, Math.round(textTotal / (16.0 * MIB)));
    long files = 0;
    for (int i = 0; i < textFiles; i++) {
      long len = textTotal / textFiles;
      boolean csv = i % 2 == 0;
      Path f = text.resolve(String.format(Locale.ROOT, csv ? "orders-%03d.csv" : "service-%03d.log", i));
      writeText(f, len, csv, rnd.split(), false);
      files++;
    }

    Path binary = Files.createDirectories(root.resolve("binary"));
    int binaryFiles = (int) Math.max(2, Math.round(binaryTotal / (64.0 * MIB)));
    for (int i = 0; i < binaryFiles; i++) {
      writeRandom(binary.resolve(String.format(Locale.ROOT, "blob-%02d.bin", i)), binaryTotal / binaryFiles, rnd.split());
      files++;
    }

    Path small = Files.createDirectories(root.resolve("small"));
    long smallBytes = 0;
    int smallFiles = 0;
    while (smallBytes < smallTotal) {
      Path d = small.resolve(String.format(Locale.ROOT, "d%03d", smallFiles / 100));
      if (smallFiles % 100 == 0) {
        Files.createDirectories(d);
      }
      smallBytes += writeSmall(d.resolve(String.format(Locale.ROOT, "f%05d.%s", smallFiles, smallFiles % 2 == 0 ? "json" : "dat")),
          smallFiles, rnd);
      smallFiles++;
    }
    files += smallFiles;
    return new Summary(files, textTotal + binaryTotal + smallBytes, textTotal, binaryTotal, smallFiles, smallBytes);
  }

  private static long writeSmall(Path f, int n, SplittableRandom rnd) throws IOException {
    // 1-16 KiB, skewed towards larger files (mean ~11 KiB) so 20% of 1 GiB is ~20,000 files.
    int len = 1024 + (int) (15 * 1024 * Math.sqrt(rnd.nextDouble()));
    byte[] data;
    if (n % 2 == 0) {
      Ascii a = new Ascii(len + 256);
      while (a.len < len) {
        a.str("{\"id\":").num(rnd.nextInt(1_000_000)).str(",\"name\":\"").str(WORDS[rnd.nextInt(WORDS.length)])
            .str("\",\"enabled\":").str(rnd.nextBoolean() ? "true" : "false").str(",\"weight\":").num(rnd.nextInt(1000))
            .str(",\"tags\":[\"").str(WORDS[rnd.nextInt(WORDS.length)]).str("\"]}\n");
      }
      data = java.util.Arrays.copyOf(a.buf, len);
    } else {
      data = randomBytes(len, rnd);
    }
    Files.write(f, data);
    return len;
  }

  static byte[] randomBytes(int len, SplittableRandom rnd) {
    byte[] b = new byte[len];
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    while (bb.remaining() >= 8) {
      bb.putLong(rnd.nextLong());
    }
    while (bb.hasRemaining()) {
      bb.put((byte) rnd.nextInt());
    }
    return b;
  }

  private static void writeRandom(Path f, long len, SplittableRandom rnd) throws IOException {
    try (OutputStream out = Files.newOutputStream(f)) {
      long left = len;
      while (left > 0) {
        int n = (int) Math.min(left, 4 * MIB);
        out.write(randomBytes(n, rnd));
        left -= n;
      }
    }
  }

  private static final String[] WORDS = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima",
    "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
    "xray", "yankee", "zulu", "widget", "gadget", "sprocket", "gizmo", "bolt", "flange", "bracket", "valve",
  };
  private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "NL", "SE", "PL", "ES", "IT", "JP", "BR", "IN"};
  private static final String[] STATUS = {"shipped", "pending", "cancelled", "delivered", "returned"};
  private static final String[] LEVELS = {"INFO ", "INFO ", "INFO ", "DEBUG", "WARN ", "ERROR"};
  private static final String[] LOGGERS = {
    "c.e.orders.OrderHandler", "c.e.billing.InvoiceService", "c.e.http.RequestLog", "c.e.db.ConnectionPool",
    "c.e.cache.RedisCache", "c.e.auth.TokenValidator",
  };
  private static final String[] MESSAGES = {
    "processed order", "invoice created for order", "GET /api/v1/orders/", "acquired connection for query",
    "cache miss for key order:", "token validated for session",
  };

  /** Writes {@code len} bytes of CSV or log lines; appends when {@code append}. */
  static void writeText(Path f, long len, boolean csv, SplittableRandom rnd, boolean append) throws IOException {
    try (OutputStream out = append
        ? Files.newOutputStream(f, java.nio.file.StandardOpenOption.APPEND)
        : Files.newOutputStream(f)) {
      writeText(out, len, csv, rnd, !append);
    }
  }

  /** {@code len} bytes of generated text (half CSV, half log lines), for micro-benchmarks. */
  public static byte[] text(int len, long seed) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(len);
    SplittableRandom rnd = new SplittableRandom(seed);
    try {
      writeText(out, len / 2, true, rnd, true);
      writeText(out, len - len / 2, false, rnd, false);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code len} random bytes, for micro-benchmarks. */
  public static byte[] random(int len, long seed) {
    return randomBytes(len, new SplittableRandom(seed));
  }

  private static void writeText(OutputStream out, long len, boolean csv, SplittableRandom rnd, boolean header) throws IOException {
    long epochSecond = 1_767_225_600L + rnd.nextInt(86400 * 30); // January 2026
    long left = len;
    long row = rnd.nextInt(1_000_000);
    if (csv && header) {
      byte[] h = "order_id,time,customer,country,product,quantity,unit_price,total,status\n".getBytes(StandardCharsets.US_ASCII);
      out.write(h, 0, (int) Math.min(h.length, left));
      left -= Math.min(h.length, left);
    }
    Ascii a = new Ascii((int) (2 * MIB));
    while (left > 0) {
      a.len = 0;
      while (a.len < MIB) {
        epochSecond += rnd.nextInt(3);
        row++;
        if (csv) {
          int qty = 1 + rnd.nextInt(20);
          int cents = 99 + rnd.nextInt(50_000);
          a.num(row).chr(',').time(epochSecond).chr(',').chr('C').pad(rnd.nextInt(100_000), 7).chr(',')
              .str(COUNTRIES[rnd.nextInt(COUNTRIES.length)]).chr(',').str(WORDS[rnd.nextInt(WORDS.length)]).chr('-')
              .str(WORDS[rnd.nextInt(8)]).chr(',').num(qty).chr(',').money(cents).chr(',').money((long) cents * qty)
              .chr(',').str(STATUS[rnd.nextInt(STATUS.length)]).chr('\n');
        } else {
          int k = rnd.nextInt(LOGGERS.length);
          a.time(epochSecond).chr('.').pad(rnd.nextInt(1000), 3).str("Z ").str(LEVELS[rnd.nextInt(LEVELS.length)])
              .str(" [worker-").num(rnd.nextInt(16)).str("] ").str(LOGGERS[k]).str(" - ").str(MESSAGES[k]).chr(' ')
              .num(row).str(" customer=C").pad(rnd.nextInt(100_000), 7).str(" took=").num(rnd.nextInt(500)).str("ms\n");
        }
      }
      int n = (int) Math.min(left, a.len);
      out.write(a.buf, 0, n);
      left -= n;
    }
  }

  /** A tiny ASCII builder; much faster than String formatting for gigabytes of text. */
  private static final class Ascii {
    byte[] buf;
    int len;

    Ascii(int capacity) {
      buf = new byte[capacity];
    }

    Ascii chr(char c) {
      if (len == buf.length) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
      }
      buf[len++] = (byte) c;
      return this;
    }

    Ascii str(String s) {
      for (int i = 0; i < s.length(); i++) {
        chr(s.charAt(i));
      }
      return this;
    }

    Ascii num(long v) {
      return str(Long.toString(v));
    }

    Ascii pad(long v, int width) {
      String s = Long.toString(v);
      for (int i = s.length(); i < width; i++) {
        chr('0');
      }
      return str(s);
    }

    Ascii money(long cents) {
      return num(cents / 100).chr('.').pad(cents % 100, 2);
    }

    Ascii time(long epochSecond) {
      long days = epochSecond / 86400;
      long secs = epochSecond % 86400;
      java.time.LocalDate d = java.time.LocalDate.ofEpochDay(days);
      return num(d.getYear()).chr('-').pad(d.getMonthValue(), 2).chr('-').pad(d.getDayOfMonth(), 2).chr('T')
          .pad(secs / 3600, 2).chr(':').pad(secs / 60 % 60, 2).chr(':').pad(secs % 60, 2);
    }
  }

  static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return new ArrayList<>();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().collect(Collectors.toCollection(ArrayList::new));
    }
  }

  /** Applies the deterministic ~5% mutation; returns bytes written. */
  static long mutate(Path root) throws IOException {
    SplittableRandom rnd = new SplittableRandom(MUTATION_SEED);
    List<Path> text = files(root.resolve("text"));
    List<Path> binary = files(root.resolve("binary"));
    List<Path> small = files(root.resolve("small"));
    long total = 0;
    for (Path p : text) {
      total += Files.size(p);
    }
    for (Path p : binary) {
      total += Files.size(p);
    }
    long smallBytes = 0;
    for (Path p : small) {
      smallBytes += Files.size(p);
    }
    total += smallBytes;
    long written = 0;

    // 1. Appends to every fourth text file: 4% of the dataset in total.
    List<Path> appendTo = new ArrayList<>();
    for (int i = 0; i < text.size(); i += 4) {
      appendTo.add(text.get(i));
    }
    long perFile = total * 4 / 100 / appendTo.size();
    for (Path p : appendTo) {
      writeText(p, perFile, p.toString().endsWith(".csv"), rnd.split(), true);
      written += perFile;
    }

    // 2. 1 MiB overwritten in the middle of every other binary file.
    for (int i = 1; i < binary.size(); i += 2) {
      Path p = binary.get(i);
      long size = Files.size(p);
      int n = (int) Math.min(MIB, size / 2);
      try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
        raf.seek(size / 2 - n / 2);
        raf.write(randomBytes(n, rnd));
      }
      written += n;
    }

    // 3. 4 KiB inserted at a third of the first binary file (shifts everything after it).
    Path first = binary.get(0);
    byte[] whole = Files.readAllBytes(first);
    int at = whole.length / 3;
    byte[] inserted = randomBytes(4096, rnd);
    Path tmp = first.resolveSibling(first.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(whole, 0, at);
      out.write(inserted);
      out.write(whole, at, whole.length - at);
    }
    Files.move(tmp, first, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    written += inserted.length;

    // 4. Delete and add small files: 500 each at 1 GiB, scaled with the size of the small-file share.
    int churn = (int) Math.max(10, Math.round(small.size() / 38.0));
    List<Path> shuffled = new ArrayList<>(small);
    Collections.shuffle(shuffled, new java.util.Random(MUTATION_SEED));
    for (int i = 0; i < Math.min(churn, shuffled.size()); i++) {
      Files.delete(shuffled.get(i));
    }
    Path added = Files.createDirectories(root.resolve("small").resolve("new"));
    for (int i = 0; i < churn; i++) {
      Path d = added.resolve(String.format(Locale.ROOT, "d%02d", i / 100));
      Files.createDirectories(d);
      written += writeSmall(d.resolve(String.format(Locale.ROOT, "n%05d.%s", i, i % 2 == 0 ? "json" : "dat")), i, rnd);
    }
    return written;
  }
}
