package dev.resilience.cli;

import dev.resilience.ConfigurationException;
import dev.resilience.Providers;
import dev.resilience.RepositoryOptions;
import dev.resilience.event.ProgressListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code resilience} command: operate a backup repository from a shell, with restic's spellings
 * where the concepts match. Exit codes are listed in {@link ExitCodes}.
 */
@Command(
    name = "resilience",
    mixinStandardHelpOptions = true,
    versionProvider = ResilienceCli.Version.class,
    usageHelpAutoWidth = true,
    description = "Backup, restore, check and retention for a deduplicated, encrypted repository.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:failure (configuration, not found, anything else)",
      "2:usage error",
      "3:backup finished but the snapshot is partial",
      "10:repository does not exist",
      "11:repository locked or store unavailable",
      "12:wrong password or access denied",
      "13:integrity problem (check found damage, damaged data on restore)",
      "130:interrupted"
    })
public final class ResilienceCli implements Runnable {
  /**
   * The commands, in the order of the usage help. They are registered with picocli per run, not in the
   * annotation: building the model of every command by reflection costs about as much CPU as the JVM's
   * own start, so a command line that names one command registers only that one (see {@link #commandIn}).
   */
  private static final Map<String, Class<?>> COMMANDS = commands();

  /** The global options that take a value (the value is not a command name even if it looks like one). */
  private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-r", "--repo", "-p", "--password-file", "--compression-level", "--threads");

  /** The global options that take no value. */
  private static final Set<String> FLAGS = Set.of("--json", "-q", "--quiet", "-v", "--verbose");

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("init", InitCommand.class);
    m.put("backup", BackupCommand.class);
    m.put("restore", RestoreCommand.class);
    m.put("snapshots", SnapshotsCommand.class);
    m.put("check", CheckCommand.class);
    m.put("forget", ForgetCommand.class);
    m.put("prune", PruneCommand.class);
    m.put("evidence", EvidenceCommand.class);
    m.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(m);
  }

  @Option(names = {"-r", "--repo"}, scope = ScopeType.INHERIT, paramLabel = "REPO",
      description = "Repository: a path, file:PATH or s3:https://host/bucket/prefix (env RESILIENCE_REPOSITORY).")
  String repo;

  @Option(names = {"-p", "--password-file"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Read the repository password from FILE (env RESILIENCE_PASSWORD_FILE; or RESILIENCE_PASSWORD).")
  Path passwordFile;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print machine-readable JSON on stdout.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print only errors (no progress).")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean verbose;

  @Option(names = "--compression-level", scope = ScopeType.INHERIT, paramLabel = "N", defaultValue = "1",
      description = "zstd level 1-19 for data written by this process (default ${DEFAULT-VALUE}).")
  int compressionLevel;

  @Option(names = "--threads", scope = ScopeType.INHERIT, paramLabel = "N", defaultValue = "0",
      description = "Worker threads for hashing, compression, encryption (default: all processors).")
  int threads;

  final Map<String, String> env;
  final PrintStream out;
  final PrintStream err;
  final boolean terminal;
  final Providers providers;
  final Secrets secrets;

  ResilienceCli(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal, Providers providers) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.terminal = terminal;
    this.providers = Objects.requireNonNull(providers, "providers");
    this.secrets = new Secrets(this.env, terminal);
  }

  public static void main(String[] args) {
    Providers providers = Providers.defaults();
    String command = commandIn(args);
    if (command != null) {
      // The JSON mapper and ciphers get ready on another core while picocli parses and the store opens,
      // and the repository's key is unlocked there too (see EarlyUnlock).
      if (command.equals("backup")) {
        dev.resilience.Repository.prepareBackup();
      } else {
        dev.resilience.Repository.prepareOpen();
      }
      EarlyUnlock.start(System.getenv(), providers, args);
    }
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
    boolean terminal = System.console() != null;
    int code = run(System.getenv(), out, err, terminal, providers, args);
    out.flush();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code; never calls {@link System#exit}. */
  static int run(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal, Providers providers, String... args) {
    ResilienceCli cli = new ResilienceCli(env, out, err, terminal, providers);
    CommandLine cl = new CommandLine(cli);
    String only = commandIn(args);
    for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
      if (only == null || only.equals(c.getKey())) {
        cl.addSubcommand(c.getKey(), c.getValue());
      }
    }
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> cli.fail(ex));
    int code = cl.execute(args);
    out.flush();
    return code;
  }

  /**
   * The command a command line runs, if it names one plainly: the first argument that is neither a
   * global option nor a global option's value. Null (register every command) for {@code help}, for help
   * or version options before the command, for anything unknown before it, and when there is no command,
   * so that usage help and usage errors list all commands as before.
   */
  static String commandIn(String... args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (OPTIONS_WITH_VALUE.contains(a)) {
        i++;
      } else if (FLAGS.contains(a) || a.startsWith("--") && OPTIONS_WITH_VALUE.contains(a.substring(0, Math.max(0, a.indexOf('='))))) {
        continue;
      } else {
        return COMMANDS.containsKey(a) && !a.equals("help") ? a : null;
      }
    }
    return null;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** Reports an error the way restic does ("Fatal: ...") and returns its exit code. */
  int fail(Exception ex) {
    Throwable t = ex;
    if (t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException) {
      t = t.getCause() == null ? t : t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    err.println("Fatal: " + message);
    if (verbose) {
      t.printStackTrace(err);
    }
    return ExitCodes.of(t);
  }

  String repositorySpec() {
    String r = repo != null ? repo : env.get("RESILIENCE_REPOSITORY");
    if (r == null || r.isBlank()) {
      throw new ConfigurationException("no repository given: pass -r/--repo or set RESILIENCE_REPOSITORY");
    }
    return r;
  }

  RepositoryOptions options() {
    return RepositoryOptions.builder().compressionLevel(compressionLevel).parallelism(threads).build();
  }

  RepositoryAccess access() {
    return new RepositoryAccess(providers, RepositoryLocation.parse(repositorySpec()), secrets, passwordFile, options());
  }

  boolean showProgress() {
    return terminal && !quiet && !json;
  }

  /** A progress bar on the terminal's stderr, or nothing when not on a terminal, quiet or JSON. */
  ProgressBar progress(String verb) {
    return showProgress() ? new ProgressBar(err, verb, System::nanoTime) : null;
  }

  static ProgressListener listenerOf(ProgressBar bar) {
    return bar == null ? ProgressListener.NONE : bar;
  }

  /** Prints {@code text} unless quiet or in JSON mode. */
  void say(String text) {
    if (!quiet && !json) {
      out.println(text);
    }
  }

  void printJson(Object value) {
    out.println(Json.write(value));
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ResilienceCli.class.getPackage().getImplementationVersion();
      return new String[] {"resilience " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
