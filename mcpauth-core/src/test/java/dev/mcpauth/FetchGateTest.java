package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link FetchGate} on its own: single-flight, the minimum interval between fetch starts (counted from
 * starts, not ends), and waiting with a timeout. Times are arguments and fetches run on a
 * {@link QueuedExecutor}, so nothing here depends on timing.
 */
class FetchGateTest {
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final QueuedExecutor executor = new QueuedExecutor();
  private final FetchGate<String> gate = new FetchGate<>(executor, INTERVAL);
  private final AtomicInteger fetches = new AtomicInteger();

  private String fetch() {
    return "keys-" + fetches.incrementAndGet();
  }

  @Test
  void concurrentCallersJoinOneFetchAndAllSeeItsValue() throws Exception {
    int callers = 16;
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch ready = new CountDownLatch(callers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<CompletableFuture<String>>> joined = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        joined.add(threads.submit(() -> {
          ready.countDown();
          go.await();
          return gate.joinOrStart(1_000, this::fetch).orElseThrow();
        }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<CompletableFuture<String>> futures = new ArrayList<>();
      for (Future<CompletableFuture<String>> f : joined) {
        futures.add(f.get(10, TimeUnit.SECONDS));
      }
      CompletableFuture<String> first = futures.get(0);
      assertThat(first).isNotNull();
      assertThat(futures).allSatisfy(f -> assertThat(f).isSameAs(first));
      assertThat(gate.running()).isTrue();
      assertThat(executor.queued()).isEqualTo(1);
      assertThat(fetches).hasValue(0); // nobody ran the fetch on its own thread

      assertThat(executor.runAll()).isEqualTo(1);
      assertThat(futures).allSatisfy(f -> assertThat(f.getNow("not done")).isEqualTo("keys-1"));
      assertThat(fetches).hasValue(1);
      assertThat(gate.running()).isFalse();
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aRunningFetchIsJoinedEvenAfterTheIntervalHasPassed() {
    CompletableFuture<String> started = gate.joinOrStart(0, this::fetch).orElseThrow();
    assertThat(gate.joinOrStart(INTERVAL.toMillis() * 5, this::fetch).orElseThrow()).isSameAs(started);
    assertThat(executor.queued()).isEqualTo(1);
  }

  @Test
  void insideTheIntervalAfterAFetchEndedThereIsNothingToJoinOrStart() {
    executor.runInline(true);
    assertThat(gate.joinOrStart(1_000, this::fetch).orElseThrow()).isCompletedWithValue("keys-1");
    assertThat(gate.running()).isFalse();

    assertThat(gate.joinOrStart(1_000 + INTERVAL.toMillis() - 1, this::fetch)).isEmpty();
    assertThat(gate.waitBeforeNextStart(1_000 + INTERVAL.toMillis() - 1)).isEqualTo(Duration.ofMillis(1));
    assertThat(fetches).hasValue(1);

    assertThat(gate.waitBeforeNextStart(1_000 + INTERVAL.toMillis())).isZero();
    assertThat(gate.joinOrStart(1_000 + INTERVAL.toMillis(), this::fetch).orElseThrow()).isCompletedWithValue("keys-2");
  }

  @Test
  void theIntervalCountsFromTheStartOfAFetchNotItsEnd() {
    CompletableFuture<String> slow = gate.joinOrStart(0, this::fetch).orElseThrow();
    // The fetch ends late (here: the executor runs it only now); the next may start INTERVAL after the start.
    executor.runAll();
    assertThat(slow).isCompletedWithValue("keys-1");
    assertThat(gate.joinOrStart(INTERVAL.toMillis() - 1, this::fetch)).isEmpty();
    assertThat(gate.joinOrStart(INTERVAL.toMillis(), this::fetch)).isPresent();
  }

  @Test
  void beforeAnyFetchTheGateIsOpen() {
    assertThat(gate.waitBeforeNextStart(0)).isZero();
    assertThat(gate.running()).isFalse();
    assertThat(gate.joinOrStart(0, this::fetch)).isPresent();
  }

  @Test
  void aFailedFetchFailsEveryJoinerAndFreesTheGateForTheNextInterval() {
    CompletableFuture<String> failing = gate.joinOrStart(0, () -> {
      throw new IllegalStateException("JWKS answered 500");
    }).orElseThrow();
    CompletableFuture<String> joiner = gate.joinOrStart(1, this::fetch).orElseThrow();
    assertThat(joiner).isSameAs(failing);
    executor.runAll();
    assertThat(failing).isCompletedExceptionally();
    assertThat(gate.running()).isFalse();
    assertThat(FetchGate.await(failing, Duration.ofSeconds(5))).isEmpty();
    assertThat(gate.joinOrStart(INTERVAL.toMillis() - 1, this::fetch)).isEmpty(); // a failure does not reopen the gate
    assertThat(gate.joinOrStart(INTERVAL.toMillis(), this::fetch)).isPresent();
  }

  @Test
  void aRejectedStartFailsAtOnceAndLeavesNothingRunning() {
    FetchGate<String> full = new FetchGate<>(task -> {
      throw new RejectedExecutionException("saturated");
    }, INTERVAL);
    CompletableFuture<String> future = full.joinOrStart(0, this::fetch).orElseThrow();
    assertThat(future).isCompletedExceptionally();
    assertThat(full.running()).isFalse();
    assertThat(fetches).hasValue(0);
    // Nothing started, so the interval is not used up: the next attempt may try again at once.
    assertThat(full.joinOrStart(1, this::fetch)).isPresent();
  }

  @Test
  void awaitGivesTheValueOrNothingWhenTheTimeoutPasses() {
    CompletableFuture<String> running = gate.joinOrStart(0, this::fetch).orElseThrow();
    // Nobody runs the queued fetch: the caller stops waiting after its timeout, the fetch is not cancelled.
    assertThat(FetchGate.await(running, Duration.ofMillis(20))).isEmpty();
    assertThat(running).isNotDone();
    assertThat(gate.running()).isTrue();
    executor.runAll();
    assertThat(FetchGate.await(running, Duration.ofMillis(20))).contains("keys-1");
  }

  @Test
  void anInterruptedWaiterGetsNothingAndKeepsItsInterruptFlag() {
    CompletableFuture<String> running = gate.joinOrStart(0, this::fetch).orElseThrow();
    Thread.currentThread().interrupt();
    try {
      assertThat(FetchGate.await(running, Duration.ofSeconds(30))).isEmpty();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(running).isNotDone();
  }
}
