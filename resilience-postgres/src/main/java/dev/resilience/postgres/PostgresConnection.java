package dev.resilience.postgres;

import dev.resilience.ConfigurationException;
import dev.resilience.StoreUnavailableException;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Where and as whom to connect: a PgJDBC URL ({@code jdbc:postgresql://host:port/db}), a user and a password
 * supplier (asked on every connect, so rotated secrets are picked up; the returned array is wiped after use).
 * Immutable; the password never appears in {@link #toString()} or in errors.
 */
public final class PostgresConnection {
  private final String url;
  private final String user;
  private final Supplier<char[]> password;

  private PostgresConnection(String url, String user, Supplier<char[]> password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** A connection as {@code user} with a password from {@code password} (may return {@code null} for none). */
  public static PostgresConnection of(String jdbcUrl, String user, Supplier<char[]> password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PgJDBC URL (expected jdbc:postgresql://host:port/database)");
    }
    if (user.isBlank()) {
      throw new IllegalArgumentException("user must not be blank");
    }
    return new PostgresConnection(jdbcUrl, user, password);
  }

  /** A connection with a fixed password (copied). */
  public static PostgresConnection of(String jdbcUrl, String user, char[] password) {
    char[] copy = password == null ? null : password.clone();
    return of(jdbcUrl, user, () -> copy == null ? null : copy.clone());
  }

  /** The same server and credentials, another database. */
  public PostgresConnection withDatabase(String database) {
    Objects.requireNonNull(database, "database");
    String rest = url.substring("jdbc:postgresql://".length());
    int slash = rest.indexOf('/');
    int query = rest.indexOf('?');
    String hostPort = slash < 0 ? (query < 0 ? rest : rest.substring(0, query)) : rest.substring(0, slash);
    String params = query < 0 ? "" : rest.substring(query);
    return new PostgresConnection("jdbc:postgresql://" + hostPort + "/" + database + params, user, password);
  }

  /** The same server and credentials as another role. */
  public PostgresConnection as(String otherUser, Supplier<char[]> otherPassword) {
    return of(url, otherUser, otherPassword);
  }

  public String user() {
    return user;
  }

  /** {@code postgres://host:port/database}: no credentials, no parameters. */
  public String describe() {
    String rest = url.substring("jdbc:postgresql:".length());
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    try {
      URI u = URI.create("postgres:" + rest);
      return "postgres://" + (u.getHost() == null ? "localhost" : u.getHost())
          + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getPath() == null ? "" : u.getPath());
    } catch (IllegalArgumentException e) {
      return "postgres:" + rest;
    }
  }

  /** The database name in the URL. */
  String database() {
    String d = describe();
    int slash = d.indexOf('/', "postgres://".length());
    return slash < 0 ? "" : d.substring(slash + 1);
  }

  String jdbcUrl() {
    return url;
  }

  char[] password() {
    return password.get();
  }

  /** Opens a connection through PgJDBC (bypassing {@link java.sql.DriverManager}, so class loaders do not matter). */
  Connection open() {
    return open(new Properties());
  }

  /** Opens a connection with extra PgJDBC properties (e.g. {@code replication=true}). */
  Connection open(Properties extra) {
    java.sql.Driver driver;
    try {
      driver = new org.postgresql.Driver();
    } catch (NoClassDefFoundError e) {
      throw new ConfigurationException("the PostgreSQL JDBC driver (org.postgresql:postgresql) is not on the class path", e);
    }
    Properties props = new Properties();
    props.putAll(extra);
    props.setProperty("user", user);
    props.setProperty("ApplicationName", "resilience");
    char[] pw = password.get();
    try {
      if (pw != null) {
        props.setProperty("password", new String(pw));
      }
      Connection c = driver.connect(url, props);
      if (c == null) {
        throw new ConfigurationException("PgJDBC does not accept the URL for " + describe());
      }
      return c;
    } catch (SQLException e) {
      throw PgErrors.map("connect to " + describe() + " as " + user, e);
    } catch (RuntimeException e) {
      if (e instanceof dev.resilience.ResilienceException) {
        throw e;
      }
      throw new StoreUnavailableException("connect to " + describe() + " failed: " + e.getClass().getSimpleName(), e);
    } finally {
      if (pw != null) {
        Arrays.fill(pw, '\0');
      }
    }
  }

  @Override
  public String toString() {
    return "PostgresConnection[" + describe() + " as " + user + "]";
  }
}
