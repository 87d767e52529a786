package vn.chibo.pulse.producers.simulator;

/** Where a simulation's events go: Kafka ({@link KafkaSink}) or a JSON Lines file ({@link JsonLinesSink}). */
public interface EventSink extends AutoCloseable {
    /** Takes one event; may throw if an earlier one could not be delivered. */
    void accept(SimulatedEvent event);

    /** Delivers everything taken so far (for Kafka: waits for every acknowledgement); throws if anything failed. */
    void flush();

    @Override
    void close();
}
