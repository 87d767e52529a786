package vn.chibo.pulse.producers.simulator;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import vn.chibo.pulse.domain.ParsedEvent;
import vn.chibo.pulse.producers.CommunePublisher;
import vn.chibo.pulse.producers.PublishException;

/**
 * Publishes a simulation through a {@link CommunePublisher}. To let the deliberately invalid
 * events reach the pipeline (whose rejections they are meant to exercise), give it a publisher
 * configured with {@code validate.events=false}; otherwise the publisher refuses them at the
 * source and this sink counts them as refused.
 */
public final class KafkaSink implements EventSink {
    private final CommunePublisher publisher;
    private final boolean closePublisher;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long refused;

    public KafkaSink(CommunePublisher publisher, boolean closePublisher) {
        this.publisher = publisher;
        this.closePublisher = closePublisher;
    }

    @Override
    public void accept(SimulatedEvent event) {
        Throwable failed = failure.get();
        if (failed != null) {
            throw new PublishException("an earlier event could not be sent: " + failed.getMessage(), failed, 1);
        }
        try {
            publisher.publish(ParsedEvent.of(event.envelope())).whenComplete((metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                } else {
                    failure.compareAndSet(null, error);
                }
            });
        } catch (vn.chibo.pulse.producers.InvalidEventException e) {
            refused++;
        }
    }

    /** Events acknowledged by the broker so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Events the publisher refused as invalid before sending. */
    public long refused() {
        return refused;
    }

    @Override
    public void flush() {
        publisher.flush();
    }

    @Override
    public void close() {
        if (closePublisher) {
            publisher.close();
        }
    }
}
