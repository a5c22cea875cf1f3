package dev.resilience.internal.repo;

import dev.resilience.ConfigurationException;
import dev.resilience.IntegrityException;
import dev.resilience.NotFoundException;
import dev.resilience.RepositoryOptions;
import dev.resilience.internal.crypto.KeyedHash;
import dev.resilience.spi.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The {@code config} object: format name and version, repository id and chunker parameters. Stored as
 * plaintext JSON so that a reader can reject an unknown version before it needs a key; authenticated
 * with an HMAC under the repository's id key once the key is known.
 */
final class RepoConfig {
  static final String KEY = "config";
  static final String FORMAT = "resilience-repository";
  static final int VERSION = 1;

  private RepoConfig() {}

  static Json.ConfigDoc create(String id, RepositoryOptions o, Instant now, KeyedHash mac) {
    Json.ConfigDoc unsigned = new Json.ConfigDoc(
        FORMAT, VERSION, id, o.minChunkSize(), o.avgChunkSize(), o.maxChunkSize(), now.toString(), null);
    return withMac(unsigned, mac);
  }

  private static Json.ConfigDoc withMac(Json.ConfigDoc d, KeyedHash mac) {
    return new Json.ConfigDoc(d.format(), d.version(), d.id(), d.minChunk(), d.avgChunk(), d.maxChunk(), d.created(), macOf(d, mac));
  }

  private static String macOf(Json.ConfigDoc d, KeyedHash mac) {
    String canonical = "config:" + d.format() + ":" + d.version() + ":" + d.id() + ":" + d.minChunk() + ":"
        + d.avgChunk() + ":" + d.maxChunk() + ":" + d.created();
    return HexFormat.of().formatHex(mac.hash(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  /** Reads the config and checks format and version (no key needed). */
  static Json.ConfigDoc read(ObjectStore store) {
    byte[] data;
    try {
      data = store.get(KEY);
    } catch (NotFoundException e) {
      throw new ConfigurationException("no repository at " + store.describe() + " (object 'config' is missing)");
    }
    Json.ConfigDoc doc;
    try {
      doc = Json.readConfig(data, KEY);
    } catch (IntegrityException e) {
      throw new IntegrityException("config: is not valid JSON");
    }
    if (!FORMAT.equals(doc.format())) {
      throw new ConfigurationException(
          "config: not a " + FORMAT + " (format '" + (doc.format() == null ? "" : doc.format()) + "')");
    }
    if (doc.version() != VERSION) {
      throw new ConfigurationException(
          "repository format version " + doc.version() + " is not supported; this library reads version " + VERSION
              + " only (upgrade the library to open this repository)");
    }
    return doc;
  }

  /** Verifies the config's HMAC once the id key is known. */
  static void authenticate(Json.ConfigDoc d, KeyedHash mac) {
    String expected = macOf(d, mac);
    if (d.mac() == null || !MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), d.mac().getBytes(StandardCharsets.US_ASCII))) {
      throw new IntegrityException("config: fails authentication (damaged or tampered)");
    }
  }
}
