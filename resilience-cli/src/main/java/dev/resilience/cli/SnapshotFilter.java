package dev.resilience.cli;

import dev.resilience.NotFoundException;
import dev.resilience.Repository;
import dev.resilience.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * restic's snapshot filters ({@code --path}, {@code --tag}, {@code --tenant}) and its {@code latest}
 * keyword, shared by the commands that pick snapshots.
 */
final class SnapshotFilter {
  @Option(names = "--path", paramLabel = "DIR", description = "Only snapshots of this backed-up directory (repeatable).")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--tenant", paramLabel = "TENANT", description = "Only snapshots of this tenant.")
  String tenant;

  @Option(names = "--target-name", paramLabel = "NAME", description = "Only snapshots of the target with this name (e.g. postgres://host/db).")
  List<String> targetNames = new ArrayList<>();

  /** The snapshots that pass the filter, oldest first. */
  List<Snapshot> select(Repository repo, RepositoryAccess access) {
    Set<String> targets = new HashSet<>(targetNames);
    for (Path p : paths) {
      targets.add(access.directory(p).name());
    }
    List<Snapshot> out = new ArrayList<>();
    for (Snapshot s : repo.snapshots()) {
      if (!targets.isEmpty() && !targets.contains(s.target())) {
        continue;
      }
      if (tenant != null && !tenant.equals(s.tenant())) {
        continue;
      }
      out.add(s);
    }
    return out;
  }

  /** A snapshot by id, unique id prefix, or {@code latest} (the newest that passes the filter). */
  Snapshot resolve(Repository repo, RepositoryAccess access, String idOrLatest) {
    if (idOrLatest.equals("latest")) {
      List<Snapshot> all = select(repo, access);
      Snapshot newest = null;
      for (Snapshot s : all) {
        if (newest == null || !s.startedAt().isBefore(newest.startedAt())) {
          newest = s;
        }
      }
      if (newest == null) {
        throw new NotFoundException("no snapshot found" + (all.isEmpty() && !repo.snapshots().isEmpty() ? " matching the filter" : ""));
      }
      return newest;
    }
    return repo.snapshot(idOrLatest)
        .orElseThrow(() -> new NotFoundException("no snapshot matches '" + idOrLatest + "'"));
  }
}
