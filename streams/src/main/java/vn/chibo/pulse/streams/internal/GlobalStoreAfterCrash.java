package vn.chibo.pulse.streams.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around KAFKA-21034 (open in Kafka 4.4): under exactly-once, a RocksDB store left open by an
 * instance that died (SIGKILL, a lost node) is judged corrupted when the next instance opens it.
 * Kafka Streams wipes and rebuilds such a store for a stream task, but not for the global store:
 * the global thread dies and the app stops, at every restart. Found by
 * KilledInstancesLoseNothingWhileTheBoardAnswersTest.
 *
 * <p>So an instance marks its state directory while it runs and removes the mark once closed
 * cleanly; a mark found at start means the last run died, and the global store's directory is
 * removed before Kafka Streams opens it: it is rebuilt from its topic (the reference data, small).
 */
public final class GlobalStoreAfterCrash {
    private static final Logger log = LoggerFactory.getLogger(GlobalStoreAfterCrash.class);
    private static final String MARK = "pulse-running";

    private final Path appDir;

    private GlobalStoreAfterCrash(Path appDir) {
        this.appDir = appDir;
    }

    /** Clears the global store if the last run on this state directory died, and marks this one as running. */
    public static GlobalStoreAfterCrash prepare(String stateDir, String applicationId) {
        Path appDir = Path.of(stateDir, applicationId);
        try {
            Path global = appDir.resolve("global");
            if (Files.exists(appDir.resolve(MARK)) && Files.exists(global)) {
                log.warn("the last run on {} did not close cleanly: its global store is rebuilt from its topic", appDir);
                try (Stream<Path> files = Files.walk(global)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(appDir);
            Files.writeString(appDir.resolve(MARK), ProcessHandle.current().pid() + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the state directory " + appDir, e);
        }
        return new GlobalStoreAfterCrash(appDir);
    }

    /** The app closed cleanly (NOT_RUNNING, not ERROR): its stores were closed, nothing to clear next time. */
    public void closedCleanly() {
        try {
            Files.deleteIfExists(appDir.resolve(MARK));
        } catch (IOException e) {
            log.warn("cannot remove {}: the next start rebuilds the global store needlessly", appDir.resolve(MARK), e);
        }
    }
}
