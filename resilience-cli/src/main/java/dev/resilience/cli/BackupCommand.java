package dev.resilience.cli;

import dev.resilience.BackupRequest;
import dev.resilience.Classification;
import dev.resilience.ConfigurationException;
import dev.resilience.Repository;
import dev.resilience.Snapshot;
import dev.resilience.SnapshotStatus;
import dev.resilience.spi.BackupTarget;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "backup",
    description = {
      "Back up directories. Each directory becomes one snapshot of target 'directory:<absolute path>';",
      "the previous snapshot of the same directory is the parent, so unchanged files are not read again."
    })
final class BackupCommand implements Callable<Integer> {
  @ParentCommand ResilienceCli cli;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Directories to back up.")
  List<Path> dirs;

  @Option(names = "--tag", paramLabel = "KEY[=VALUE]", description = "Add a tag (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--tenant", description = "Owning tenant recorded in the snapshot.")
  String tenant;

  @Option(names = "--dataset", description = "Dataset name recorded in the snapshot.")
  String dataset;

  @Option(names = "--classification", description = "Data classification (PII, FINANCIAL, OPERATIONAL, ...).")
  String classification;

  @Option(names = {"-f", "--force"}, description = "Read every file even if unchanged since the parent snapshot.")
  boolean force;

  @Option(names = "--parent", paramLabel = "SNAPSHOT", description = "Use this snapshot as the parent instead of the latest.")
  String parent;

  @Option(names = "--limit-read", paramLabel = "KiB/s", defaultValue = "0",
      description = "Limit reading the source to this many KiB/s (0: no limit).")
  long limitKiB;

  @Override
  public Integer call() {
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new ConfigurationException("not a directory: " + dir);
      }
    }
    if (force && parent != null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--force and --parent cannot be used together");
    }
    int exit = ExitCodes.OK;
    RepositoryAccess access = cli.access();
    List<BackupTarget> targets = new ArrayList<>();
    for (Path dir : dirs) {
      targets.add(access.directory(dir));
    }
    // The first directory is listed while the passphrase's key is derived and the index loads.
    targets.get(0).prepareBackup();
    try (Repository repo = access.open()) {
      for (int i = 0; i < dirs.size(); i++) {
        Path dir = dirs.get(i);
        Snapshot s = backup(repo, targets.get(i), dir);
        report(s, dir);
        if (s.status() == SnapshotStatus.PARTIAL) {
          exit = ExitCodes.PARTIAL_BACKUP;
        }
      }
    }
    return exit;
  }

  private Snapshot backup(Repository repo, BackupTarget target, Path dir) {
    BackupRequest.Builder request = BackupRequest.builder();
    for (String tag : tags) {
      int eq = tag.indexOf('=');
      request.tag(eq < 0 ? tag : tag.substring(0, eq), eq < 0 ? "" : tag.substring(eq + 1));
    }
    if (tenant != null) {
      request.tenant(tenant);
    }
    if (dataset != null) {
      request.dataset(dataset);
    }
    if (classification != null) {
      request.classification(Classification.of(classification));
    }
    if (force) {
      request.full();
    }
    if (parent != null) {
      request.parent(repo.snapshot(parent)
          .orElseThrow(() -> new dev.resilience.NotFoundException("no snapshot matches '" + parent + "'"))
          .id());
    }
    request.bytesPerSecond(limitKiB * 1024);
    ProgressBar bar = cli.progress("backup");
    Thread scanner = null;
    if (bar != null) {
      scanner = new Thread(() -> scan(dir, bar), "resilience-scan");
      scanner.setDaemon(true);
      scanner.start();
    }
    request.progress(ResilienceCli.listenerOf(bar));
    try {
      return repo.backup(target, request.build());
    } finally {
      if (scanner != null) {
        scanner.interrupt();
      }
      if (bar != null) {
        bar.finish();
      }
    }
  }

  /** Counts the source's size alongside the backup, so the progress bar can show a percentage and ETA. */
  private static void scan(Path dir, ProgressBar bar) {
    long[] totals = new long[2];
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (Thread.currentThread().isInterrupted()) {
            return FileVisitResult.TERMINATE;
          }
          if (attrs.isRegularFile()) {
            totals[0] += attrs.size();
            totals[1]++;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException | RuntimeException e) {
      return; // an estimate only
    }
    if (!Thread.currentThread().isInterrupted()) {
      bar.estimate(totals[0], totals[1]);
    }
  }

  private void report(Snapshot s, Path dir) {
    if (cli.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("message_type", "summary");
      m.put("snapshot_id", s.id());
      m.put("source", dir.toAbsolutePath().normalize().toString());
      m.putAll(Json.stats(s));
      m.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
      cli.printJson(m);
      return;
    }
    var st = s.stats();
    cli.say("");
    cli.say("Files:       " + st.files() + " (" + st.entries() + " entries), " + Format.bytes(st.totalBytes()));
    cli.say("Added to the repository: " + Format.bytes(st.newBytes()) + " (" + Format.bytes(st.storedBytes()) + " stored)");
    cli.say("Chunks:      " + st.newChunks() + " new, " + st.reusedChunks() + " reused");
    cli.say("");
    cli.say("processed " + st.files() + " files, " + Format.bytes(st.totalBytes()) + " in " + Format.clock(s.duration()));
    cli.say("snapshot " + s.shortId() + " saved" + (s.status() == SnapshotStatus.PARTIAL ? " (partial: some content could not be read)" : ""));
  }
}
