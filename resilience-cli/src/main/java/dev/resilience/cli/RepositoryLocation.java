package dev.resilience.cli;

import dev.resilience.ConfigurationException;
import dev.resilience.Providers;
import dev.resilience.spi.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a repository lives, parsed from {@code -r/--repo} the way restic spells it: a plain path or
 * {@code file:PATH} for a local directory, {@code s3:https://host[:port]/bucket[/prefix]},
 * {@code s3:host/bucket[/prefix]} (https) or {@code s3://bucket[/prefix]} (the SDK's default endpoint).
 * Other {@code scheme:rest} values go to the object store provider registered under that scheme.
 *
 * <p>The store is created through {@link Providers} by scheme, so the CLI never names an adapter class.
 *
 * @param scheme object store provider name ({@code file}, {@code s3}, ...)
 * @param config provider configuration (no secrets: S3 credentials come from the SDK's usual sources)
 * @param display location for messages
 */
record RepositoryLocation(String scheme, Map<String, String> config, String display) {

  RepositoryLocation {
    Objects.requireNonNull(scheme, "scheme");
    config = Map.copyOf(config);
    Objects.requireNonNull(display, "display");
  }

  static RepositoryLocation parse(String repo) {
    if (repo == null || repo.isBlank()) {
      throw new ConfigurationException(
          "no repository given: pass -r/--repo or set RESILIENCE_REPOSITORY");
    }
    int colon = repo.indexOf(':');
    // A path ("/srv/repo", "./repo", "C:\\repo" is not a concern on the servers we run on) has no scheme.
    if (colon <= 0 || repo.startsWith("/") || repo.startsWith(".") || !isScheme(repo.substring(0, colon))) {
      return file(repo);
    }
    String scheme = repo.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = repo.substring(colon + 1);
    switch (scheme) {
      case "file":
        return file(rest.startsWith("//") ? rest.substring(2) : rest);
      case "s3":
        return s3(repo, rest);
      default:
        Map<String, String> config = new LinkedHashMap<>();
        config.put("uri", repo);
        return new RepositoryLocation(scheme, config, repo);
    }
  }

  private static boolean isScheme(String s) {
    return s.matches("[A-Za-z][A-Za-z0-9+.-]*") && s.length() > 1;
  }

  private static RepositoryLocation file(String path) {
    if (path.isEmpty()) {
      throw new ConfigurationException("empty repository path");
    }
    Path abs = Path.of(path).toAbsolutePath().normalize();
    return new RepositoryLocation("file", Map.of("path", abs.toString()), abs.toString());
  }

  private static RepositoryLocation s3(String repo, String rest) {
    Map<String, String> config = new LinkedHashMap<>();
    String bucketAndPrefix;
    if (rest.startsWith("//")) {
      bucketAndPrefix = rest.substring(2);
    } else {
      String scheme = "https://";
      String hostAndPath = rest;
      if (rest.startsWith("http://") || rest.startsWith("https://")) {
        scheme = rest.substring(0, rest.indexOf("//") + 2);
        hostAndPath = rest.substring(scheme.length());
      }
      int slash = hostAndPath.indexOf('/');
      if (slash <= 0) {
        throw new ConfigurationException("s3 repository needs a bucket: s3:https://host/bucket[/prefix], got " + repo);
      }
      config.put("endpoint", scheme + hostAndPath.substring(0, slash));
      bucketAndPrefix = hostAndPath.substring(slash + 1);
    }
    while (bucketAndPrefix.endsWith("/")) {
      bucketAndPrefix = bucketAndPrefix.substring(0, bucketAndPrefix.length() - 1);
    }
    if (bucketAndPrefix.isEmpty()) {
      throw new ConfigurationException("s3 repository needs a bucket: " + repo);
    }
    int slash = bucketAndPrefix.indexOf('/');
    config.put("bucket", slash < 0 ? bucketAndPrefix : bucketAndPrefix.substring(0, slash));
    if (slash > 0) {
      config.put("prefix", bucketAndPrefix.substring(slash + 1));
    }
    return new RepositoryLocation("s3", config, repo);
  }

  /** Whether the location certainly holds no repository (only decidable for local paths). */
  boolean certainlyAbsent() {
    return scheme.equals("file") && !Files.isDirectory(Path.of(config.get("path")));
  }

  /** Creates the object store for this location. */
  ObjectStore openStore(Providers providers) {
    return providers.objectStore(scheme, config);
  }
}
