package vn.chibo.pulse.cli.up;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Components started one after the other, each once the one before is healthy, and closed in
 * reverse order. If one fails to start, those already running are closed again.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WATCH_EVERY = Duration.ofSeconds(5);

    private record Step(String name, Component.Starter starter) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final Deque<Component> running = new ArrayDeque<>();
    private final Map<String, Boolean> lastHealthy = new LinkedHashMap<>();
    private ScheduledExecutorService watcher;
    private boolean closing;
    private boolean starting;

    /** Adds a component to start after those added before it. */
    public LocalStack add(String name, Component.Starter starter) {
        steps.add(new Step(name, starter));
        return this;
    }

    /** Names of the components, in start order. */
    public List<String> names() {
        return steps.stream().map(Step::name).toList();
    }

    /**
     * Starts every component in order and waits for each to be healthy.
     *
     * @param progress told the name of each component as it starts
     * @throws StartFailure if one fails or is not healthy within {@code timeout}; the components
     *                      already started are closed again
     */
    public void start(StackContext context, Duration timeout, Consumer<String> progress) throws StartFailure {
        for (Step step : steps) {
            synchronized (this) {
                if (closing) {
                    return;
                }
                starting = true;
            }
            Component component = null;
            StartFailure failure = null;
            try {
                progress.accept(step.name());
                component = step.starter().start(context);
                if (component != null) {
                    awaitHealthy(component, timeout);
                }
            } catch (StartFailure e) {
                failure = e;
            } catch (Exception e) {
                log.error("{} failed to start", step.name(), e);
                failure = new StartFailure(step.name(), StartFailure.reasonOf(e), e);
            } finally {
                synchronized (this) {
                    starting = false;
                    notifyAll();
                }
            }
            if (failure != null) {
                closeQuietly(component);
                close();
                throw failure;
            }
            if (component == null) {
                continue; // the starter decided there is nothing to run
            }
            synchronized (this) {
                if (closing) {
                    closeQuietly(component);
                    return;
                }
                running.push(component);
                context.offer(component.endpoints());
            }
        }
    }

    /** Health of every running component, in start order. */
    public synchronized Map<String, Health> health() {
        Map<String, Health> health = new LinkedHashMap<>();
        List<Component> inOrder = new ArrayList<>(running);
        java.util.Collections.reverse(inOrder);
        for (Component c : inOrder) {
            health.put(c.name(), safeHealth(c));
        }
        return health;
    }

    /** Every few seconds, reports a component that turns unhealthy or recovers. */
    public synchronized void watch(Consumer<String> report) {
        if (watcher != null) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pulse-health-watch");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(() -> {
            for (Map.Entry<String, Health> e : health().entrySet()) {
                boolean healthy = e.getValue().healthy();
                Boolean before = lastHealthy.put(e.getKey(), healthy);
                if (before == null && healthy) {
                    continue;
                }
                if (before == null || before != healthy) {
                    report.accept(healthy ? e.getKey() + " is healthy again"
                            : e.getKey() + " is unhealthy: " + e.getValue().detail());
                }
            }
        }, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes the running components in reverse start order; waits for a component being started. */
    @Override
    public void close() {
        List<Component> toClose = new ArrayList<>();
        synchronized (this) {
            closing = true;
            if (watcher != null) {
                watcher.shutdownNow();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (starting && System.nanoTime() < deadline) {
                try {
                    wait(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            while (!running.isEmpty()) {
                toClose.add(running.pop());
            }
        }
        for (Component c : toClose) {
            closeQuietly(c);
        }
    }

    private void awaitHealthy(Component component, Duration timeout) throws StartFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        Health health = safeHealth(component);
        while (!health.healthy()) {
            if (System.nanoTime() > deadline) {
                throw new StartFailure(component.name(), "not healthy after " + timeout.toSeconds() + " s"
                        + (health.detail().isEmpty() ? "" : ": " + health.detail()), null);
            }
            synchronized (this) {
                if (closing) {
                    return;
                }
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartFailure(component.name(), "interrupted", e);
            }
            health = safeHealth(component);
        }
    }

    private static Health safeHealth(Component component) {
        try {
            Health h = component.health();
            return h == null ? Health.down("no health reported") : h;
        } catch (RuntimeException e) {
            return Health.down(StartFailure.reasonOf(e));
        }
    }

    private static void closeQuietly(Component component) {
        if (component == null) {
            return;
        }
        try {
            component.close();
            log.info("{} stopped", component.name());
        } catch (Exception e) {
            log.warn("{} did not stop cleanly", component.name(), e);
        }
    }
}
