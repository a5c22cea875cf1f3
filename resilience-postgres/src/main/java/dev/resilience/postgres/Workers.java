package dev.resilience.postgres;

import dev.resilience.ResilienceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs the same task on {@code n} threads (each typically draining a shared queue) and rethrows the first failure. */
final class Workers {
  private Workers() {}

  static void run(int n, String threadName, String where, Runnable task, Runnable onFailure) {
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(task));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          onFailure.run();
          Throwable cause = e.getCause();
          if (cause instanceof ResilienceException re) {
            throw re;
          }
          throw new ResilienceException(where + " failed: " + cause, cause);
        } catch (InterruptedException e) {
          onFailure.run();
          Thread.currentThread().interrupt();
          throw new ResilienceException(where + " interrupted", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
