package dev.resilience.cli;

import dev.resilience.Providers;
import dev.resilience.Repository;
import dev.resilience.RepositoryOptions;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.WrappedKey;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unlocks the repository's key while picocli is still parsing the command line. Deriving the key from
 * the password (600,000 PBKDF2 iterations, ~0.5 s) and building picocli's model from its annotations
 * (~0.3 s) each take one core; in a command of a second or two that is worth overlapping.
 *
 * <p>{@link #start} reads the repository and the password the way the command will (only from
 * {@code -r/--repo}, {@code -p/--password-file} and the environment, never from the console), opens the
 * repository on a daemon thread and keeps what the password unwrapped. {@link #reuse} hands that to the
 * command only if its parsed repository and password are exactly the ones used (the password compared in
 * constant time); otherwise the command unlocks on its own, as if this had never run. Failures here are
 * never reported: the command meets them again itself, with its own error message and exit code.
 */
final class EarlyUnlock {
  /** Commands that open an existing repository. */
  private static final Set<String> OPENING = Set.of("backup", "restore", "snapshots", "check", "forget", "prune");
  private static volatile EarlyUnlock started;

  private final RepositoryLocation location;
  private final byte[] password;
  private final MemoKeyProvider key;

  private EarlyUnlock(RepositoryLocation location, char[] password, KeyProvider delegate) {
    this.location = location;
    this.password = utf8(password);
    this.key = new MemoKeyProvider(delegate);
  }

  /**
   * Starts unlocking in the background if {@code args} name a command that opens a repository and the
   * password can be read without side effects; returns whether it did.
   */
  static boolean start(Map<String, String> env, Providers providers, String... args) {
    started = null;
    try {
      if (!OPENING.contains(ResilienceCli.commandIn(args))) {
        return false;
      }
      String spec = optionValue(args, "-r", "--repo");
      String file = optionValue(args, "-p", "--password-file");
      if (spec == null) {
        spec = env.get("RESILIENCE_REPOSITORY");
      }
      if (spec == null || spec.isBlank()) {
        return false;
      }
      Secrets secrets = new Secrets(env, false); // never prompts: a prompt belongs to the command
      Path passwordFile = secrets.passwordFile(file == null ? null : Path.of(file));
      if (passwordFile != null && !Files.isRegularFile(passwordFile)) {
        return false; // a pipe (--password-file <(pass show repo)) can be read once: that read is the command's
      }
      char[] password = secrets.password(passwordFile, false);
      RepositoryLocation location = RepositoryLocation.parse(spec);
      EarlyUnlock unlock;
      try {
        unlock = new EarlyUnlock(location, password, RepositoryAccess.Wiring.passphrase(providers, password));
      } finally {
        Arrays.fill(password, '\0');
      }
      started = unlock;
      Thread t = new Thread(() -> unlock.run(providers), "resilience-unlock");
      t.setDaemon(true);
      t.start();
      return true;
    } catch (RuntimeException e) {
      return false; // no repository or password given this way, or an odd command line: the command sorts it out
    }
  }

  /**
   * The key provider to open {@code location} with: the early one, with what it has unwrapped, if the
   * location and password are the ones it used; {@code own} otherwise.
   */
  static KeyProvider reuse(RepositoryLocation location, char[] password, KeyProvider own) {
    EarlyUnlock unlock = started;
    if (unlock == null || !unlock.location.equals(location)) {
      return own;
    }
    byte[] given = utf8(password);
    try {
      return MessageDigest.isEqual(given, unlock.password) ? unlock.key : own;
    } finally {
      Arrays.fill(given, (byte) 0);
    }
  }

  private void run(Providers providers) {
    ObjectStore store = null;
    try {
      if (location.certainlyAbsent()) {
        return;
      }
      store = location.openStore(providers);
      // Opening reads the config and the key slots and unwraps the one the password opens; the unwrapped
      // key stays with the provider for the command's own open. The options do not matter for that.
      Repository.open(store, key, RepositoryOptions.defaults()).close();
    } catch (RuntimeException | LinkageError e) {
      // the command meets the same problem and reports it
    } finally {
      if (store != null) {
        try {
          store.close();
        } catch (RuntimeException ignored) {
          // only a head start
        }
      }
    }
  }

  /** The value of the first of {@code names} in {@code args} ({@code -r X}, {@code --repo X}, {@code --repo=X}). */
  static String optionValue(String[] args, String shortName, String longName) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals(shortName) || a.equals(longName)) && i + 1 < args.length) {
        return args[i + 1];
      }
      if (a.startsWith(longName + "=")) {
        return a.substring(longName.length() + 1);
      }
      if (a.equals("--")) {
        return null;
      }
    }
    return null;
  }

  private static byte[] utf8(char[] chars) {
    var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
    return out;
  }

  /**
   * Remembers what the delegate unwrapped (or the error it gave), per key slot: the command's own open
   * gets the same answer without deriving the key again, or waits for the derivation in progress.
   */
  static final class MemoKeyProvider implements KeyProvider {
    private final KeyProvider delegate;
    private final ConcurrentHashMap<WrappedKey, CompletableFuture<byte[]>> unwrapped = new ConcurrentHashMap<>();

    MemoKeyProvider(KeyProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public String kind() {
      return delegate.kind();
    }

    @Override
    public WrappedKey wrap(byte[] key) {
      return delegate.wrap(key);
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped) {
      CompletableFuture<byte[]> mine = new CompletableFuture<>();
      CompletableFuture<byte[]> f = unwrapped.putIfAbsent(wrapped, mine);
      if (f == null) {
        f = mine;
        try {
          mine.complete(delegate.unwrap(wrapped));
        } catch (RuntimeException e) {
          mine.completeExceptionally(e);
        }
      }
      try {
        return f.join().clone();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
    }

    @Override
    public String toString() {
      return "MemoKeyProvider[" + delegate + "]";
    }
  }
}
