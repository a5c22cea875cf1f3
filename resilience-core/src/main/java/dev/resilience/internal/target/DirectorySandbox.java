package dev.resilience.internal.target;

import dev.resilience.StoreUnavailableException;
import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fresh temporary directory to restore into; {@link #close()} deletes it with everything in it. */
final class DirectorySandbox implements Sandbox {
  private final Path dir;
  private final DirectoryBackupTarget target;

  private DirectorySandbox(Path dir) {
    this.dir = dir;
    this.target = new DirectoryBackupTarget(dir);
  }

  static DirectorySandbox create() {
    try {
      return new DirectorySandbox(Files.createTempDirectory("resilience-sandbox-"));
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot create a sandbox directory: " + e, e);
    }
  }

  @Override
  public BackupTarget target() {
    return target;
  }

  @Override
  public String describe() {
    return "directory sandbox " + dir;
  }

  @Override
  public void close() {
    try {
      Trees.deleteRecursively(dir);
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot delete sandbox " + dir + ": " + e, e);
    }
  }
}
