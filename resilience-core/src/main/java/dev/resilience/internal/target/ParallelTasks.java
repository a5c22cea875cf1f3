package dev.resilience.internal.target;

import dev.resilience.ResilienceException;
import dev.resilience.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, bounded worker pool for one backup or restore: at most {@code threads} tasks run at once and at
 * most a few per thread wait, so a walk of a huge tree does not queue millions of tasks. The first failure
 * cancels the rest and is rethrown by {@link #close()}.
 */
final class ParallelTasks implements AutoCloseable {
  /** A task that may throw. */
  interface Task {
    void run() throws Exception;
  }

  private final ThreadPoolExecutor pool;
  private final List<Future<?>> pending = new ArrayList<>();
  private volatile Throwable failure;

  ParallelTasks(String name, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(threads * 4), factory, new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /** Runs {@code task} on a worker (or on the caller when all workers and the queue are busy). */
  void submit(Task task) {
    if (failure != null) {
      throw rethrow(failure);
    }
    pending.add(pool.submit(() -> {
      if (failure != null) {
        return null;
      }
      try {
        task.run();
      } catch (Throwable t) {
        if (failure == null) {
          failure = t;
        }
      }
      return null;
    }));
    if (pending.size() > 4096) {
      pending.removeIf(Future::isDone);
    }
  }

  /** Waits for every submitted task; throws the first failure. */
  void awaitAll() {
    try {
      for (Future<?> f : pending) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.shutdownNow();
      throw new ResilienceException("interrupted", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } finally {
      pending.clear();
    }
    if (failure != null) {
      throw rethrow(failure);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException re) {
      return re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    if (t instanceof java.io.IOException io) {
      return new StoreUnavailableException(io.getMessage(), io);
    }
    return new ResilienceException(String.valueOf(t.getMessage()), t);
  }
}
