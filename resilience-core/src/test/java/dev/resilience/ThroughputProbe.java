package dev.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Random;

/**
 * Manual throughput probe (not a test): {@code java -cp ... dev.resilience.ThroughputProbe [MiB]}. Backs
 * up a generated mixed dataset (half random, half text-like) into an in-memory repository and restores
 * it, printing MB/s. Speed claims belong in benchmarks/, this only helps while developing.
 */
public final class ThroughputProbe {
  private ThroughputProbe() {}

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long gcMillis() {
    long t = 0;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      t += gc.getCollectionTime();
    }
    return t;
  }

  public static void main(String[] args) {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    InMemoryBackupTarget source = BackupTargets.inMemory("probe:source", Clock.systemUTC());
    Random r = new Random(1);
    long total = 0;
    String[] words = {"tenant", "backup", "restore", "snapshot", "retention", "policy", "value", "id", "2026", "\n"};
    int i = 0;
    while (total < (long) mib << 20) {
      int size = 1 << (12 + r.nextInt(12));
      byte[] data = new byte[size];
      if (i % 2 == 0) {
        r.nextBytes(data);
      } else {
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) {
          sb.append(words[r.nextInt(words.length)]).append(r.nextInt(1000)).append(',');
        }
        System.arraycopy(sb.toString().getBytes(StandardCharsets.US_ASCII), 0, data, 0, size);
      }
      source.putFile("d" + (i % 50) + "/f" + i, data);
      total += size;
      i++;
    }
    System.out.printf("dataset: %d files, %.1f MiB%n", i, total / 1048576.0);
    for (int round = 0; round < 4; round++) {
      // a fresh repository each round, so every round is an initial backup; the first rounds warm the JIT
      try (Repository repo = Repository.init(ObjectStores.inMemory(),
          KeyProviders.insecurePassphraseForTests("probe".toCharArray(), 1000), RepositoryOptions.defaults())) {
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        long g0 = gcMillis();
        Snapshot s = repo.backup(source, BackupRequest.builder().full().build());
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf("backup %d: %.2f s, %.0f MB/s, cpu %.2f s, gc %d ms, new %d chunks, stored %.1f MiB%n", round, sec,
            total / sec / 1e6, (cpuNanos() - c0) / 1e9, gcMillis() - g0, s.stats().newChunks(), s.stats().storedBytes() / 1048576.0);
        t0 = System.nanoTime();
        c0 = cpuNanos();
        g0 = gcMillis();
        InMemoryBackupTarget out = BackupTargets.inMemory("probe:out", Clock.systemUTC());
        repo.restore(s.id(), out, RestoreRequest.all());
        sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf("restore %d: %.2f s, %.0f MB/s, cpu %.2f s, gc %d ms%n", round, sec, total / sec / 1e6,
            (cpuNanos() - c0) / 1e9, gcMillis() - g0);
      }
    }
  }
}
