package dev.resilience;

import dev.resilience.event.ProgressListener;
import java.util.List;
import java.util.Objects;

/**
 * How to restore. Build with {@link #builder()}; immutable.
 *
 * @param paths entry paths to restore (an entry is selected if its path equals one of these or lies
 *     under it); empty for everything
 * @param parallelism entries restored concurrently; {@code 0} for the number of processors
 * @param bytesPerSecond bandwidth limit for reading from the repository, {@code 0} for none
 */
public record RestoreRequest(List<String> paths, int parallelism, long bytesPerSecond, ProgressListener progress) {
  public RestoreRequest {
    paths = paths == null ? List.of() : List.copyOf(paths);
    progress = progress == null ? ProgressListener.NONE : progress;
    if (parallelism < 0) {
      throw new IllegalArgumentException("parallelism must be >= 0");
    }
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytesPerSecond must be >= 0");
    }
  }

  public static RestoreRequest all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether an entry path is selected by {@link #paths()}. */
  public boolean selects(String path) {
    if (paths.isEmpty()) {
      return true;
    }
    for (String p : paths) {
      if (path.equals(p) || path.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  /** Builder for {@link RestoreRequest}. */
  public static final class Builder {
    private final java.util.ArrayList<String> paths = new java.util.ArrayList<>();
    private int parallelism;
    private long bytesPerSecond;
    private ProgressListener progress = ProgressListener.NONE;

    private Builder() {}

    /** Restores only this path (and what lies under it); may be called several times. */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      String p = path;
      while (p.startsWith("/")) {
        p = p.substring(1);
      }
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      if (p.isEmpty()) {
        throw new IllegalArgumentException("path must not be empty");
      }
      paths.add(p);
      return this;
    }

    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    public Builder bytesPerSecond(long limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("bytesPerSecond must be >= 0, got " + limit);
      }
      this.bytesPerSecond = limit;
      return this;
    }

    public Builder progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public RestoreRequest build() {
      return new RestoreRequest(paths, parallelism, bytesPerSecond, progress);
    }
  }
}
