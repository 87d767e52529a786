package vn.chibo.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.sink.TestDatabase;

/**
 * Sinks of one name on a real PostgreSQL: the first to ask holds the lock and writes, another of the
 * same name waits, one of another name is not held up; when the holder's connection goes (a crash,
 * a cut), the waiting one takes over.
 */
class OneSinkOfANameWritesTest {
    private static TestDatabase db;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabase.create("writer_lock");
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    @Test
    void theSecondSinkOfANameWaitsUntilTheFirstIsGoneAndAnotherNameIsNotHeldUp() throws Exception {
        try (ReportingWriter first = writer("pulse-sink"); ReportingWriter second = writer("pulse-sink");
                ReportingWriter other = writer("pulse-sink-replay")) {
            assertThat(first.holdWriterLock()).isTrue();
            assertThat(second.holdWriterLock()).as("the same name while the first holds it").isFalse();
            assertThat(other.holdWriterLock()).as("another name").isTrue();
            assertThat(first.holdWriterLock()).as("still held").isTrue();

            first.abort(); // its connection cut, as when its process dies
            first.reset();

            // PostgreSQL frees the lock once its server process has seen the connection gone
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!second.holdWriterLock() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(second.holdWriterLock()).as("taken over").isTrue();
            assertThat(first.holdWriterLock()).as("the first, back, now waits").isFalse();
        }
    }

    private static ReportingWriter writer(String name) {
        return new ReportingWriter(db.url(), ReportingWriter.connectionProperties("", "", 5_000, 30_000, "test"), name);
    }
}
