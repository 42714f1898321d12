package exchange.recovery.hold;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * Runs several writers (one thread each) against a store one store call at a time, in an order the test
 * chooses: every read, write and token lookup waits for the scheduler's permit, so the interleaving of
 * the writers' steps is exactly the schedule, and the same schedule always gives the same run.
 */
final class SteppedHoldStore implements HoldStore {

    private final HoldStore delegate;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final Semaphore parked = new Semaphore(0);
    private final Map<String, Boolean> alive = new ConcurrentHashMap<>();

    SteppedHoldStore(HoldStore delegate) {
        this.delegate = delegate;
    }

    /**
     * Runs {@code writers} (name to work) to completion; before each step, {@code choose} picks which of
     * the live writers (by index into the list of live names) takes the next step, and {@code afterStep}
     * runs while every writer is parked.
     */
    void run(Map<String, Runnable> writers, IntUnaryOperator choose, Runnable afterStep) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (Map.Entry<String, Runnable> writer : writers.entrySet()) {
            permits.put(writer.getKey(), new Semaphore(0));
            alive.put(writer.getKey(), true);
            Thread thread = new Thread(() -> {
                try {
                    step();
                    writer.getValue().run();
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    alive.put(Thread.currentThread().getName(), false);
                    parked.release();
                }
            }, writer.getKey());
            thread.setDaemon(true);
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.start();
            await();
        }
        List<String> names = List.copyOf(writers.keySet());
        while (true) {
            List<String> live = names.stream().filter(alive::get).toList();
            if (live.isEmpty()) {
                break;
            }
            String next = live.get(choose.applyAsInt(live.size()));
            permits.get(next).release();
            await();
            afterStep.run();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a writer failed", failures.get(0));
        }
    }

    private void await() throws InterruptedException {
        if (!parked.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new AssertionError("a writer neither parked nor finished");
        }
    }

    private void step() {
        parked.release();
        permits.get(Thread.currentThread().getName()).acquireUninterruptibly();
    }

    @Override
    public Snapshot read(String flag) {
        step();
        return delegate.read(flag);
    }

    @Override
    public Outcome write(Snapshot seen, FlagState next, TokenUse token) {
        step();
        return delegate.write(seen, next, token);
    }

    @Override
    public Optional<String> tokenUsedBy(String flag, String token) {
        step();
        return delegate.tokenUsedBy(flag, token);
    }
}
