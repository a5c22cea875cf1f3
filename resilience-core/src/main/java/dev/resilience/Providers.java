package dev.resilience;

import dev.resilience.spi.BackupTarget;
import dev.resilience.spi.BackupTargetProvider;
import dev.resilience.spi.EvidenceSink;
import dev.resilience.spi.EvidenceSinkProvider;
import dev.resilience.spi.KeyProvider;
import dev.resilience.spi.KeyProviderFactory;
import dev.resilience.spi.ObjectStore;
import dev.resilience.spi.ObjectStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds adapters registered with {@link ServiceLoader} by name. The class loader is explicit so that
 * containers and plugin systems control what is visible; nothing is cached globally.
 */
public final class Providers {
  private final ClassLoader classLoader;

  private Providers(ClassLoader classLoader) {
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
  }

  /** Looks providers up through {@code classLoader}. */
  public static Providers using(ClassLoader classLoader) {
    return new Providers(classLoader);
  }

  /** Looks providers up through the thread context class loader (or this class's loader). */
  public static Providers defaults() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return new Providers(cl != null ? cl : Providers.class.getClassLoader());
  }

  public ObjectStore objectStore(String name, Map<String, String> config) {
    return find(ObjectStoreProvider.class, ObjectStoreProvider::name, name, "object store").create(config);
  }

  public BackupTarget backupTarget(String name, Map<String, String> config) {
    return find(BackupTargetProvider.class, BackupTargetProvider::name, name, "backup target").create(config);
  }

  public KeyProvider keyProvider(String name, Map<String, String> config) {
    return find(KeyProviderFactory.class, KeyProviderFactory::name, name, "key provider").create(config);
  }

  public EvidenceSink evidenceSink(String name, Map<String, String> config) {
    return find(EvidenceSinkProvider.class, EvidenceSinkProvider::name, name, "evidence sink").create(config);
  }

  /** Names of every provider of a kind that is visible, sorted. */
  public <P> List<String> names(Class<P> kind, Function<P, String> nameOf) {
    TreeSet<String> names = new TreeSet<>();
    for (P p : ServiceLoader.load(kind, classLoader)) {
      names.add(nameOf.apply(p));
    }
    return new ArrayList<>(names);
  }

  private <P> P find(Class<P> kind, Function<P, String> nameOf, String name, String what) {
    Objects.requireNonNull(name, "name");
    for (P p : ServiceLoader.load(kind, classLoader)) {
      if (nameOf.apply(p).equals(name)) {
        return p;
      }
    }
    throw new ConfigurationException(
        "unknown " + what + " '" + name + "'; known: " + names(kind, nameOf)
            + " (is the adapter module on the class path?)");
  }
}
