package dev.resilience;

import dev.resilience.event.EngineEvent;
import dev.resilience.event.EngineEvent.JobKind;
import dev.resilience.event.EngineEvent.Trigger;
import dev.resilience.event.EngineListener;
import dev.resilience.event.ProgressListener;
import dev.resilience.internal.drill.DrillRecords;
import dev.resilience.internal.drill.DrillRunner;
import dev.resilience.internal.drill.Runbooks;
import dev.resilience.internal.lease.ObjectStoreLeases;
import dev.resilience.internal.metrics.EngineMetrics;
import dev.resilience.internal.policy.EngineOperations;
import dev.resilience.internal.policy.EvidenceHook;
import dev.resilience.internal.replication.Replicator;
import dev.resilience.internal.retention.RetentionStore;
import dev.resilience.internal.retention.WormGuard;
import dev.resilience.internal.schedule.JobScheduler;
import dev.resilience.internal.schedule.JobScheduler.Outcome;
import dev.resilience.internal.throttle.TokenBucket;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.LeaseProvider;
import dev.resilience.spi.LiveDataRetention;
import dev.resilience.spi.RecoveryPointSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a platform service embeds: datasets registered with their policies and targets, a scheduler that
 * backs them up, drills, replicates and enforces retention on time, and reports of where each dataset
 * stands against its RPO and RTO. Built with {@link #builder(Repository)}; no statics; clock, executor,
 * class loader and meter registry are injectable.
 *
 * <p>Several engines (one per service instance) may share one repository: each scheduled occurrence runs
 * once, under a lease in the repository's object store (or in the {@link Builder#leases LeaseProvider} given).
 *
 * <pre>{@code
 * BackupEngine engine = BackupEngine.builder(repository)
 *     .register(policy, BackupTargets.directory(Path.of("/srv/uploads")))
 *     .listener(event -> log.info("{}", event))
 *     .build();
 * engine.start();
 * }</pre>
 */
public final class BackupEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackupEngine.class);
  /** Tag on snapshots that archive expired live data. */
  public static final String ARCHIVE_TAG = "resilience.archive";

  private record Registered(DatasetPolicy policy, BackupTarget target, List<LiveDataRetention> live) {}

  private final Repository repository;
  private final Clock clock;
  private final Executor executor;
  private final Executor userExecutor;
  private volatile java.util.concurrent.ExecutorService ownJobs;
  private final ScheduledExecutorService ticker;
  private final boolean ownTicker;
  private final Duration tickInterval;
  private final Providers providers;
  private final List<EngineListener> listeners;
  private final ProgressListener progress;
  private final EngineMetrics metrics;
  private final EvidenceHook evidence;
  private final List<TokenBucket> backupLimits;
  private final List<TokenBucket> restoreLimits;
  private final Map<String, Repository> replicas;
  private final String region;
  private final Map<String, String> replicaRegions;
  private final Map<String, Registered> datasets = new ConcurrentHashMap<>();
  private final Map<String, Boolean> rpoBreached = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastPoint = new ConcurrentHashMap<>();
  private final Map<String, RecoveryPointSource> recoveryPoints;
  private final JobScheduler scheduler;
  private final RetentionStore retentionStore;
  private final DrillRecords drillRecords;
  private final DrillRunner drills;
  private final EngineOperations ops;
  private volatile ScheduledFuture<?> ticking;
  private volatile ScheduledExecutorService tickerInUse;

  private BackupEngine(Builder b) {
    this.repository = b.repository;
    this.clock = b.clock;
    this.userExecutor = b.executor;
    this.executor = task -> currentExecutor().execute(task);
    this.ownTicker = b.ticker == null;
    this.ticker = b.ticker;
    this.tickInterval = b.tickInterval;
    this.providers = Providers.using(b.classLoader);
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.progress = b.progress;
    this.metrics = b.meterRegistry == null ? EngineMetrics.NONE : EngineMetrics.micrometer(b.meterRegistry);
    this.listeners.add(metrics);
    this.evidence = b.evidence;
    this.backupLimits = b.backupBytesPerSecond > 0 ? List.of(TokenBucket.system(b.backupBytesPerSecond)) : List.of();
    this.restoreLimits = b.restoreBytesPerSecond > 0 ? List.of(TokenBucket.system(b.restoreBytesPerSecond)) : List.of();
    this.replicas = Map.copyOf(b.replicas);
    this.region = b.region;
    this.replicaRegions = Map.copyOf(b.replicaRegions);
    this.recoveryPoints = Map.copyOf(b.recoveryPoints);
    this.retentionStore = new RetentionStore(repository.store());
    this.drillRecords = new DrillRecords(repository.store());
    this.drills = new DrillRunner(clock, b.nanoTime, b.random);
    this.scheduler = new JobScheduler(repository.store(),
        b.leases != null ? b.leases : new ObjectStoreLeases(repository.store(), b.owner, clock), clock,
        executor, b.leaseTtl, this::emit);
    this.ops = new EngineOperations(repository, region, clock, retentionStore, evidence, this::emit);
    for (Map.Entry<DatasetPolicy, Object[]> e : b.registrations.entrySet()) {
      @SuppressWarnings("unchecked")
      List<LiveDataRetention> live = (List<LiveDataRetention>) e.getValue()[1];
      register(e.getKey(), (BackupTarget) e.getValue()[0], live);
    }
  }

  public static Builder builder(Repository repository) {
    return new Builder(repository);
  }

  // ---------------------------------------------------------------- registration

  /** Protects {@code target} under {@code policy}; a WORM policy already recorded may only be extended. */
  public void register(DatasetPolicy policy, BackupTarget target, List<LiveDataRetention> liveRetention) {
    Objects.requireNonNull(target, "target");
    List<String> problems = policy.problems();
    if (!problems.isEmpty()) {
      throw new PolicyValidationException(problems);
    }
    if (policy.replication() != null && !replicas.containsKey(policy.replication().repository())) {
      throw new ConfigurationException("replication.repository: no repository named '"
          + policy.replication().repository() + "' was given to the engine; known: " + replicas.keySet());
    }
    Optional<DatasetPolicy> accepted = retentionStore.acceptedPolicy(policy.tenant(), policy.dataset());
    if (accepted.isPresent()) {
      List<String> shorter = WormGuard.shortenings(accepted.get().retention(), policy.retention());
      if (!shorter.isEmpty()) {
        throw new PolicyViolationException("WORM retention of " + policy.id() + " can be extended but not shortened: "
            + String.join("; ", shorter));
      }
    }
    // compare as documents: custom drill checks (code) are not part of what is recorded
    String asDocument = PolicyDocument.of(List.of(policy)).toJson();
    if (accepted.isEmpty() || !PolicyDocument.of(List.of(accepted.get())).toJson().equals(asDocument)) {
      retentionStore.acceptPolicy(policy);
      evidence.record("policy-change", policy.tenant(), policy.dataset(), null, Map.of("policy", policy.id(),
          "change", accepted.isEmpty() ? "created" : "changed", "document", asDocument));
    }
    datasets.put(policy.id(), new Registered(policy, target, List.copyOf(liveRetention)));
    scheduler.removeDataset(policy.id());
    add(policy, JobKind.FULL_BACKUP, policy.full(), ctx -> backupJob(policy.id(), true, ctx.trigger(), ctx.due()));
    add(policy, JobKind.INCREMENTAL_BACKUP, policy.incremental(), ctx -> backupJob(policy.id(), false, ctx.trigger(), ctx.due()));
    if (policy.drill() != null) {
      add(policy, JobKind.DRILL, policy.drill().schedule(), ctx -> {
        DrillResult r = drill(policy.tenant(), policy.dataset());
        return new Outcome(r.passed(), r.bytesRestored(), r.snapshotId(), r.passed() ? null : describe(r));
      });
    }
    if (policy.replication() != null) {
      add(policy, JobKind.REPLICATION, policy.replication().schedule(), ctx -> {
        ReplicationResult r = replicate(policy.tenant(), policy.dataset());
        return new Outcome(r.failed().isEmpty(), 0, r.copied().size() + " copied",
            r.failed().isEmpty() ? null : r.failed().toString());
      });
    }
    metrics.dataset(policy.id(), () -> {
      Instant p = restorablePoint(policy.id(), lastPoint.get(policy.id()));
      return p == null ? Double.NaN : Duration.between(p, clock.instant()).toSeconds();
    });
  }

  /**
   * Registers every dataset of a policy document (as a governance service hands it over), with the target
   * {@code targets} gives for each; a dataset without a target fails the whole call before anything is registered.
   */
  public void register(PolicyDocument document, java.util.function.Function<DatasetPolicy, BackupTarget> targets) {
    Map<DatasetPolicy, BackupTarget> resolved = new LinkedHashMap<>();
    for (DatasetPolicy p : document.datasets()) {
      BackupTarget t = targets.apply(p);
      if (t == null) {
        throw new ConfigurationException("no target for dataset " + p.id());
      }
      resolved.put(p, t);
    }
    resolved.forEach((p, t) -> register(p, t, List.of()));
  }

  /** Protects a target created by a {@link dev.resilience.spi.BackupTargetProvider} found through the engine's class loader. */
  public void register(DatasetPolicy policy, String targetProvider, Map<String, String> config) {
    register(policy, providers.backupTarget(targetProvider, config), List.of());
  }

  private void add(DatasetPolicy p, JobKind kind, Schedule s, JobScheduler.JobTask task) {
    if (s != null) {
      scheduler.add(p.id(), kind, s, p.missedRuns(), task);
    }
  }

  public Set<String> datasets() {
    return Set.copyOf(datasets.keySet());
  }

  public DatasetPolicy policy(String tenant, String dataset) {
    return registered(tenant + "/" + dataset).policy();
  }

  // ---------------------------------------------------------------- scheduling

  /** Starts ticking the scheduler every tick interval (15 s by default). Missed runs are handled on the first tick. */
  public synchronized void start() {
    if (ticking != null) {
      return;
    }
    ScheduledExecutorService t = ticker != null ? ticker : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread th = new Thread(r, "resilience-scheduler");
      th.setDaemon(true);
      return th;
    });
    if (userExecutor == null) { // jobs off the ticking thread, so ticks keep renewing the leases of long jobs
      ownJobs = Executors.newCachedThreadPool(r -> {
        Thread th = new Thread(r, "resilience-job");
        th.setDaemon(true);
        return th;
      });
    }
    ticking = t.scheduleWithFixedDelay(this::safeTick, 0, tickInterval.toMillis(), TimeUnit.MILLISECONDS);
    if (ownTicker) {
      tickerInUse = t;
    }
  }

  /** Stops the scheduler; running jobs finish. */
  public synchronized void stop() {
    if (ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
    if (tickerInUse != null) {
      tickerInUse.shutdown();
      tickerInUse = null;
    }
    if (ownJobs != null) {
      ownJobs.shutdown();
      ownJobs = null;
    }
  }

  /** The executor given to the builder; else, once started, the engine's job threads; else the calling thread. */
  private Executor currentExecutor() {
    if (userExecutor != null) {
      return userExecutor;
    }
    java.util.concurrent.ExecutorService own = ownJobs;
    return own != null ? own : Runnable::run;
  }

  /** Runs every job that is due now and checks RPOs; {@link #start()} calls this periodically, tests call it directly. */
  public void tick() {
    scheduler.tick();
    Instant now = clock.instant();
    for (Registered r : datasets.values()) {
      Instant point = restorablePoint(r.policy().id(), lastPoint.get(r.policy().id()));
      // read the catalog only when the cached restorable point says the RPO may be breached
      if (point == null || Duration.between(point, now).compareTo(r.policy().rpo()) > 0) {
        status(r.policy().tenant(), r.policy().dataset());
      }
    }
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("scheduler tick failed: {}", e.toString());
    }
  }

  // ---------------------------------------------------------------- jobs

  /** Backs a dataset up now (full, or incremental from its latest snapshot). */
  public Snapshot backupNow(String tenant, String dataset, boolean full) {
    Registered r = registered(tenant + "/" + dataset);
    return ops.manual(r.policy().id(), full ? JobKind.FULL_BACKUP : JobKind.INCREMENTAL_BACKUP,
        () -> backup(r, full, Trigger.MANUAL, null), s -> s.stats().totalBytes(), Snapshot::id);
  }

  private Outcome backupJob(String id, boolean full, Trigger trigger, Instant due) {
    Registered r = registered(id);
    Snapshot s = backup(r, full, trigger, due);
    if (r.policy().retention().hasKeepRules() || r.policy().retention().cold() != null
        || !r.policy().retention().maximumAges().isEmpty()) {
      enforceRetention(r.policy().tenant(), r.policy().dataset(), false);
    }
    return Outcome.ok(s.stats().totalBytes(), s.id());
  }

  private Snapshot backup(Registered r, boolean full, Trigger trigger, Instant due) {
    Snapshot s = ops.backup(r.policy(), r.target(), full, trigger, due, backupLimits, progress);
    lastPoint.merge(r.policy().id(), s.startedAt(), (a, b) -> a.isAfter(b) ? a : b);
    metrics.repositorySize(ops.repositorySize(metrics != EngineMetrics.NONE));
    return s;
  }

  /** Restores a snapshot into {@code destination}, within the engine's restore bandwidth limit. */
  public RestoreResult restore(String snapshotId, BackupTarget destination) {
    return restore(snapshotId, destination, RestoreRequest.all());
  }

  public RestoreResult restore(String snapshotId, BackupTarget destination, RestoreRequest request) {
    Snapshot s = repository.snapshot(snapshotId).orElseThrow(() -> new NotFoundException("no snapshot " + snapshotId));
    String dataset = s.tenant() + "/" + s.dataset();
    long perJob = Optional.ofNullable(datasets.get(dataset)).map(r -> r.policy().restoreBytesPerSecond()).orElse(0L);
    RestoreRequest effective = request.bytesPerSecond() == 0 && perJob > 0
        ? new RestoreRequest(request.paths(), request.parallelism(), perJob, request.progress()) : request;
    return ops.manual(dataset, JobKind.RESTORE, () -> ops.restore(s, destination, effective, restoreLimits),
        RestoreResult::bytes, x -> s.id());
  }

  /** Runs a drill of the dataset now: restore into a sandbox, verify, measure against the RTO, clean up. */
  public DrillResult drill(String tenant, String dataset) {
    Registered r = registered(tenant + "/" + dataset);
    Snapshot s = drills.pick(r.policy(), ops.snapshotsOf(r.policy().id()));
    DrillResult result = drills.run(r.policy(), r.target(), repository, s, restoreLimits, progress);
    drillRecords.save(result);
    evidence.record("drill", tenant, dataset, s.id(), ops.drillDetails(result));
    if (!result.passed()) {
      emit(new EngineEvent.RtoBreached(r.policy().id(), s.id(), result.recoveryTime(), r.policy().rto(), result.verified(),
          clock.instant()));
    }
    return result;
  }

  /** Copies the dataset's snapshots that have no copy yet into its replication repository, verifying each copy. */
  public ReplicationResult replicate(String tenant, String dataset) {
    Registered r = registered(tenant + "/" + dataset);
    if (r.policy().replication() == null) {
      throw new ConfigurationException(r.policy().id() + " has no replication policy");
    }
    String name = r.policy().replication().repository();
    Repository destination = replicas.get(name);
    ReplicationResult result = Replicator.replicate(name, repository, destination, ops.snapshotsOf(r.policy().id()),
        r.policy().backupBytesPerSecond());
    result.copied().forEach((src, copy) -> {
      Map<String, Object> details = new java.util.TreeMap<>(Map.of("repository", name,
          "destination", destination.store().describe(), "copyId", copy, "status", "complete"));
      if (replicaRegions.containsKey(name)) {
        details.put("region", replicaRegions.get(name));
      }
      if (region != null) {
        details.put("sourceRegion", region);
      }
      evidence.record("copy", tenant, dataset, src, details);
    });
    result.failed().forEach((src, why) -> evidence.record("copy", tenant, dataset, src, Map.of("repository", name,
        "status", "failed", "reason", why)));
    return result;
  }

  // ---------------------------------------------------------------- retention

  /** The retention plan for the dataset's snapshots now (a dry run). */
  public RetentionPlan planRetention(String tenant, String dataset) {
    Registered r = registered(tenant + "/" + dataset);
    return ops.plan(r.policy());
  }

  /** Plans and (unless {@code dryRun}) applies retention: records cold moves, forgets deleted snapshots, prunes. */
  public RetentionResult enforceRetention(String tenant, String dataset, boolean dryRun) {
    Registered r = registered(tenant + "/" + dataset);
    return ops.enforce(r.policy(), dryRun);
  }

  /**
   * Live-data retention of the dataset's stores: select expired records (a dry run stops here), optionally
   * archive them into the repository as a snapshot tagged {@value #ARCHIVE_TAG}, then purge them in batches.
   */
  public List<LiveRetentionReport> enforceLiveRetention(String tenant, String dataset, boolean dryRun, boolean archive,
      int batchSize) {
    Registered r = registered(tenant + "/" + dataset);
    List<LiveRetentionReport> out = new ArrayList<>();
    for (LiveDataRetention live : r.live()) {
      out.add(ops.live(r.policy(), live, dryRun, archive, batchSize));
    }
    return out;
  }

  /** Places a legal hold (stamped with the engine's clock if it has no time); matching snapshots are never deleted. */
  public void placeHold(LegalHold hold) {
    if (hold.placedAt().equals(Instant.EPOCH)) {
      hold = new LegalHold(hold.id(), hold.reason(), hold.placedBy(), clock.instant(), hold.tenant(), hold.dataset(),
          hold.snapshotId(), hold.from(), hold.to());
    }
    retentionStore.placeHold(hold);
    evidence.record("legal-hold-set", hold.tenant(), hold.dataset(), hold.snapshotId(),
        Map.of("holdId", hold.id(), "reason", hold.reason(), "scope", hold.scope(), "placedBy", hold.placedBy()));
  }

  /** Releases a legal hold; what it protected falls back under retention. */
  public LegalHold releaseHold(String holdId) {
    LegalHold h = retentionStore.releaseHold(holdId);
    evidence.record("legal-hold-release", h.tenant(), h.dataset(), h.snapshotId(),
        Map.of("holdId", h.id(), "reason", h.reason(), "scope", h.scope()));
    return h;
  }

  public List<LegalHold> holds() {
    return retentionStore.holds();
  }

  // ---------------------------------------------------------------- reporting

  /** Where every registered dataset stands. */
  public List<DatasetStatus> status() {
    List<DatasetStatus> out = new ArrayList<>();
    for (String id : new java.util.TreeSet<>(datasets.keySet())) {
      DatasetPolicy p = datasets.get(id).policy();
      out.add(status(p.tenant(), p.dataset()));
    }
    return out;
  }

  /** Where one dataset stands: newest restorable point against the RPO, last drill against the RTO, next runs. */
  public DatasetStatus status(String tenant, String dataset) {
    DatasetPolicy p = registered(tenant + "/" + dataset).policy();
    Instant now = clock.instant();
    Optional<Snapshot> newest = ops.snapshotsOf(p.id()).stream().filter(s -> s.status() == SnapshotStatus.COMPLETE)
        .max(java.util.Comparator.comparing(Snapshot::startedAt));
    newest.ifPresent(s -> lastPoint.put(p.id(), s.startedAt()));
    Instant point = restorablePoint(p.id(), newest.map(Snapshot::startedAt).orElse(null));
    Duration age = point == null ? null : Duration.between(point, now);
    boolean breached = age == null || age.compareTo(p.rpo()) > 0;
    if (breached && rpoBreached.put(p.id(), true) == null) {
      emit(new EngineEvent.RpoBreached(p.id(), point, age, p.rpo(), now));
    } else if (!breached) {
      rpoBreached.remove(p.id());
    }
    DatasetStatus.DrillSummary drill = drillRecords.last(p.id()).map(d -> new DatasetStatus.DrillSummary(d.startedAt(),
        d.snapshotId(), d.recoveryTime(), d.verified(), d.withinRto())).orElse(null);
    Map<JobKind, Instant> next = new EnumMap<>(JobKind.class);
    for (JobKind k : JobKind.values()) {
      scheduler.nextDue(p.id(), k).ifPresent(t -> next.put(k, t));
    }
    return new DatasetStatus(p.id(), point, newest.map(Snapshot::id).orElse(null), age, p.rpo(), breached, drill, p.rto(),
        next);
  }

  /** The later of a snapshot's point (may be null) and the dataset's recovery point source, if it has one. */
  private Instant restorablePoint(String id, Instant snapshotPoint) {
    RecoveryPointSource source = recoveryPoints.get(id);
    if (source == null) {
      return snapshotPoint;
    }
    Optional<Instant> reported;
    try {
      reported = source.latestRecoveryPoint();
    } catch (RuntimeException e) {
      LOG.warn("recovery point source of {} failed: {}", id, e.toString());
      return snapshotPoint;
    }
    Instant other = reported == null ? null : reported.orElse(null);
    if (other == null) {
      return snapshotPoint;
    }
    return snapshotPoint == null || other.isAfter(snapshotPoint) ? other : snapshotPoint;
  }

  /** The dataset's DR runbook in Markdown: what is protected, where copies live, RPO/RTO, the last drill, how to restore. */
  public String runbook(String tenant, String dataset) {
    Registered r = registered(tenant + "/" + dataset);
    Map<String, String> where = new LinkedHashMap<>();
    if (r.policy().replication() != null) {
      String name = r.policy().replication().repository();
      where.put(name, replicas.get(name).store().describe());
    }
    return Runbooks.markdown(r.policy(), r.target().name(), repository.store().describe(), where,
        status(tenant, dataset), drillRecords.last(r.policy().id()));
  }

  public void addListener(EngineListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private void emit(EngineEvent event) {
    for (EngineListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("engine listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
      }
    }
  }

  private Registered registered(String id) {
    Registered r = datasets.get(id);
    if (r == null) {
      throw new NotFoundException("dataset " + id + " is not registered; registered: " + new java.util.TreeSet<>(datasets.keySet()));
    }
    return r;
  }

  private static String describe(DrillResult r) {
    if (r.error() != null) {
      return r.error();
    }
    return (r.verified() ? "verified" : "verification failed") + ", recovery " + r.recoveryTime()
        + (r.rto() == null ? "" : " vs RTO " + r.rto());
  }

  /** Stops the scheduler. The repositories stay open (the caller owns them). */
  @Override
  public void close() {
    stop();
  }

  /** Builder; each option may be set once. */
  public static final class Builder {
    private final Repository repository;
    private Clock clock = Clock.systemUTC();
    private Executor executor;
    private ScheduledExecutorService ticker;
    private Duration tickInterval = Duration.ofSeconds(15);
    private ClassLoader classLoader = BackupEngine.class.getClassLoader();
    private final List<EngineListener> listeners = new ArrayList<>();
    private ProgressListener progress = ProgressListener.NONE;
    private Object meterRegistry;
    private EvidenceHook evidence = EvidenceHook.NONE;
    private long backupBytesPerSecond;
    private long restoreBytesPerSecond;
    private final Map<String, Repository> replicas = new LinkedHashMap<>();
    private final Map<String, String> replicaRegions = new LinkedHashMap<>();
    private final Map<String, RecoveryPointSource> recoveryPoints = new LinkedHashMap<>();
    private String region;
    private final Map<DatasetPolicy, Object[]> registrations = new LinkedHashMap<>();
    private String owner = "engine-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    private Duration leaseTtl = Duration.ofMinutes(10);
    private LeaseProvider leases;
    private LongSupplier nanoTime = System::nanoTime;
    private RandomGenerator random = new java.util.SplittableRandom();
    private final java.util.Set<String> set = new java.util.HashSet<>();

    private Builder(Repository repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " is already set");
      }
    }

    public Builder clock(Clock clock) {
      once("clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs scheduled jobs. Default: after {@link BackupEngine#start()}, daemon threads the engine owns; when
     * the host calls {@link BackupEngine#tick()} itself, the calling thread.
     */
    public Builder executor(Executor executor) {
      once("executor");
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Ticks the scheduler (default: a daemon thread the engine owns). */
    public Builder ticker(ScheduledExecutorService ticker, Duration interval) {
      once("ticker");
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      this.tickInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** Finds target providers (and other adapters) through this loader. */
    public Builder classLoader(ClassLoader loader) {
      once("classLoader");
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    public Builder listener(EngineListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Builder progress(ProgressListener listener) {
      once("progress");
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Publishes meters (job counts, durations, bytes, repository size, RPO age) to this Micrometer registry. */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      once("meterRegistry");
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Engine-wide bandwidth limit of all backups together (bytes/s; 0 for none). */
    public Builder backupBytesPerSecond(long limit) {
      once("backupBytesPerSecond");
      this.backupBytesPerSecond = nonNegative(limit);
      return this;
    }

    /** Engine-wide bandwidth limit of all restores and drills together (bytes/s; 0 for none). */
    public Builder restoreBytesPerSecond(long limit) {
      once("restoreBytesPerSecond");
      this.restoreBytesPerSecond = nonNegative(limit);
      return this;
    }

    /** A second repository that policies name in {@code replication.repository}. */
    public Builder replica(String name, Repository repository) {
      if (replicas.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(repository, "repository")) != null) {
        throw new IllegalStateException("replica '" + name + "' is already set");
      }
      return this;
    }

    /**
     * A second repository in another region. The region is recorded in the evidence of every copy, so that
     * auditors (and the controls report's cross-region control) can see that a copy lives elsewhere.
     */
    public Builder replica(String name, Repository repository, String region) {
      replica(name, repository);
      replicaRegions.put(name, requireRegion(region));
      return this;
    }

    /**
     * A restorable point newer than the dataset's snapshots (e.g. archived WAL): the dataset's last restorable
     * point, and so its RPO age, is the later of its newest snapshot and what {@code source} reports. The dataset
     * must be {@linkplain #register registered} on this builder.
     */
    public Builder recoveryPoint(String tenant, String dataset, RecoveryPointSource source) {
      String id = Objects.requireNonNull(tenant, "tenant") + "/" + Objects.requireNonNull(dataset, "dataset");
      if (recoveryPoints.putIfAbsent(id, Objects.requireNonNull(source, "source")) != null) {
        throw new IllegalStateException("recovery point source of " + id + " is already set");
      }
      return this;
    }

    /** The region of the primary repository, recorded in the evidence of every backup (e.g. {@code eu-west-1}). */
    public Builder region(String region) {
      once("region");
      this.region = requireRegion(region);
      return this;
    }

    private static String requireRegion(String region) {
      if (Objects.requireNonNull(region, "region").isBlank()) {
        throw new IllegalArgumentException("region must not be blank");
      }
      return region;
    }

    public Builder register(DatasetPolicy policy, BackupTarget target, LiveDataRetention... liveRetention) {
      if (registrations.keySet().stream().anyMatch(p -> p.id().equals(policy.id()))) {
        throw new IllegalStateException("dataset " + policy.id() + " is already registered");
      }
      registrations.put(policy, new Object[] {Objects.requireNonNull(target, "target"), List.of(liveRetention)});
      return this;
    }

    /** Identifies this engine in leases (default: random). */
    public Builder owner(String owner) {
      once("owner");
      this.owner = Objects.requireNonNull(owner, "owner");
      return this;
    }

    /**
     * Where the engines sharing the repository take the leases of scheduled jobs (default: the repository's
     * object store, as {@link #owner(String)}). Every engine sharing the repository must use the same backing
     * store for leases, each with its own owner.
     */
    public Builder leases(LeaseProvider leases) {
      once("leases");
      this.leases = Objects.requireNonNull(leases, "leases");
      return this;
    }

    public Builder leaseTtl(Duration ttl) {
      once("leaseTtl");
      this.leaseTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /** Measures drill steps (default {@link System#nanoTime()}). */
    public Builder nanoTime(LongSupplier nanoTime) {
      once("nanoTime");
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /** Picks random drill snapshots. */
    public Builder random(RandomGenerator random) {
      once("random");
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Records evidence of every backup, copy, restore, drill, retention decision, deletion, legal hold and
     * policy change in {@code log} (details keys as {@link dev.resilience.evidence.EvidenceAction} documents).
     * A record that cannot be stored fails the operation that produced it.
     */
    public Builder evidence(dev.resilience.evidence.EvidenceLog log) {
      once("evidence");
      Objects.requireNonNull(log, "log");
      this.evidence = (action, tenant, dataset, snapshot, details) -> log.record(
          dev.resilience.evidence.EvidenceAction.fromWireName(action),
          dev.resilience.evidence.EvidenceSubject.of(tenant, dataset, snapshot), details);
      return this;
    }

    public BackupEngine build() {
      if (leaseTtl.compareTo(tickInterval.multipliedBy(3)) < 0) {
        throw new IllegalStateException("leaseTtl " + leaseTtl + " must be at least three tick intervals ("
            + tickInterval + "): ticks renew the leases of running jobs");
      }
      for (String id : recoveryPoints.keySet()) {
        if (registrations.keySet().stream().noneMatch(p -> p.id().equals(id))) {
          throw new ConfigurationException("recoveryPoint: dataset " + id + " is not registered on this builder");
        }
      }
      return new BackupEngine(this);
    }

    private static long nonNegative(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("limit must be >= 0, got " + v);
      }
      return v;
    }
  }
}
