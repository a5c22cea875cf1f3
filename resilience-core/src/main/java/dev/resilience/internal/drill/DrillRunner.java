package dev.resilience.internal.drill;

import dev.resilience.ConfigurationException;
import dev.resilience.DatasetPolicy;
import dev.resilience.DrillPolicy;
import dev.resilience.DrillResult;
import dev.resilience.DrillResult.Step;
import dev.resilience.NotFoundException;
import dev.resilience.Repository;
import dev.resilience.RestoreRequest;
import dev.resilience.RestoreResult;
import dev.resilience.Snapshot;
import dev.resilience.internal.throttle.Throttling;
import dev.resilience.internal.throttle.TokenBucket;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Sandbox;
import dev.resilience.spi.SnapshotReader;
import dev.resilience.spi.VerificationContext;
import dev.resilience.spi.VerificationResult;
import dev.resilience.spi.Verifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Runs one restore drill: pick a snapshot (latest, or random within the window), open the target's
 * sandbox, restore into it (throttled like any restore), run the verifiers, remove the sandbox, and
 * measure every step. Recovery time is the time until the data is restored in the sandbox.
 */
public final class DrillRunner {
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final RandomGenerator random;

  public DrillRunner(Clock clock, LongSupplier nanoTime, RandomGenerator random) {
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.random = random;
  }

  /** The snapshot a drill of this policy would restore now. */
  public Snapshot pick(DatasetPolicy policy, List<Snapshot> candidates) {
    DrillPolicy drill = policy.drill() != null ? policy.drill() : DrillPolicy.latest(null);
    Instant since = clock.instant().minus(drill.window());
    List<Snapshot> inWindow = candidates.stream().filter(s -> !s.startedAt().isBefore(since)).toList();
    if (inWindow.isEmpty()) {
      throw new NotFoundException("no snapshot of " + policy.id() + " taken within the drill window of " + drill.window());
    }
    if (drill.selection() == DrillPolicy.Selection.LATEST) {
      return inWindow.stream().max(java.util.Comparator.comparing(Snapshot::startedAt)).orElseThrow();
    }
    return inWindow.get(random.nextInt(inWindow.size()));
  }

  public DrillResult run(DatasetPolicy policy, BackupTarget target, Repository repository, Snapshot snapshot,
      List<TokenBucket> restoreLimits, dev.resilience.event.ProgressListener progress) {
    Instant startedAt = clock.instant();
    long t0 = nanoTime.getAsLong();
    List<Step> steps = new ArrayList<>();
    List<VerificationResult> results = new ArrayList<>();
    long t = t0;
    Optional<Sandbox> maybe = target.openSandbox();
    if (maybe.isEmpty()) {
      throw new ConfigurationException("target " + target.name() + " provides no sandbox; drills need one");
    }
    Duration recovery = null;
    long bytes = 0;
    String error = null;
    Sandbox sandbox = maybe.get();
    String sandboxName = sandbox.describe();
    try {
      t = step(steps, "open sandbox", t, sandboxName);
      RestoreRequest request = RestoreRequest.builder().bytesPerSecond(policy.restoreBytesPerSecond())
          .progress(progress).build();
      try {
        RestoreResult r = repository.restore(snapshot.id(), Throttling.throttle(sandbox.target(), restoreLimits), request);
        bytes = r.bytes();
        t = step(steps, "restore", t, r.entries() + " entries, " + r.bytes() + " bytes");
        recovery = Duration.ofNanos(t - t0);
        for (Verifier v : verifiers(policy)) {
          VerificationResult vr = verify(v, snapshot, repository, sandbox.target());
          results.add(vr);
          t = step(steps, "verify " + v.name(), t, vr.summary());
        }
      } catch (RuntimeException e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
        t = step(steps, "failed", t, error);
      }
    } finally {
      long beforeClose = nanoTime.getAsLong();
      sandbox.close();
      step(steps, "remove sandbox", beforeClose, "");
    }
    if (recovery == null) {
      recovery = Duration.ofNanos(t - t0);
    }
    return new DrillResult(policy.id(), snapshot.id(), snapshot.startedAt(), sandboxName, startedAt, recovery, policy.rto(),
        steps, results, bytes, error);
  }

  private VerificationResult verify(Verifier v, Snapshot snapshot, Repository repository, BackupTarget restored) {
    SnapshotReader reader = repository.read(snapshot.id(), RestoreRequest.all());
    try {
      return v.verify(new VerificationContext() {
        @Override
        public Snapshot snapshot() {
          return snapshot;
        }

        @Override
        public SnapshotReader reader() {
          return reader;
        }

        @Override
        public Optional<BackupTarget> restored() {
          return Optional.of(restored);
        }
      });
    } catch (RuntimeException e) {
      return VerificationResult.failed(v.name(), "verifier could not run: " + e, Map.of());
    }
  }

  private static List<Verifier> verifiers(DatasetPolicy policy) {
    List<Verifier> out = new ArrayList<>();
    DrillPolicy drill = policy.drill();
    List<String> names = drill == null ? List.of(ChecksumVerifier.NAME) : drill.verifiers();
    for (String name : names) {
      if (name.equals(ChecksumVerifier.NAME)) {
        out.add(new ChecksumVerifier());
      }
    }
    if (drill != null) {
      out.addAll(drill.checks());
    }
    return out;
  }

  private long step(List<Step> steps, String name, long since, String detail) {
    long now = nanoTime.getAsLong();
    steps.add(new Step(name, Duration.ofNanos(now - since), detail));
    return now;
  }
}
