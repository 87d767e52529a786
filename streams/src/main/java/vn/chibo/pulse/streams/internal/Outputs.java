package vn.chibo.pulse.streams.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * A processor's output split once into one typed stream per {@link Output} it declares. Each record
 * goes to the branch of its type; a record of a type the processor did not declare is a bug, and
 * fails its task loudly rather than vanish.
 */
final class Outputs {

    private final Map<Output<?>, KStream<String, Object>> streams = new HashMap<>();

    private Outputs(KStream<String, Object> mixed, String name, List<Output<?>> declared) {
        Set<Class<?>> types = new HashSet<>();
        BranchedKStream<String, Object> split = mixed.split(Named.as(name + "-"));
        for (Output<?> output : declared) {
            if (!types.add(output.type())) {
                throw new IllegalArgumentException(name + " declares two outputs of " + output.type().getSimpleName());
            }
            split = split.branch((key, value) -> output.type().isInstance(value),
                    Branched.withConsumer(stream -> streams.put(output, stream), output.name()));
        }
        split.defaultBranch(Branched.withConsumer(stream -> stream.foreach((key, value) -> {
            throw new IllegalStateException(name + " sent a " + value.getClass().getName() + ", which it does not declare");
        }, Named.as(name + "-undeclared-fails")), "undeclared"));
    }

    /** Splits {@code mixed}, the output of the processor called {@code name}, by the outputs it declares. */
    static Outputs split(KStream<String, Object> mixed, String name, List<Output<?>> declared) {
        return new Outputs(mixed, name, declared);
    }

    /** The stream of one declared output; its values are all of the output's type. */
    @SuppressWarnings("unchecked")
    <T> KStream<String, T> get(Output<T> output) {
        KStream<String, Object> stream = streams.get(output);
        if (stream == null) {
            throw new IllegalArgumentException("not a declared output: " + output);
        }
        return (KStream<String, T>) (KStream<String, ?>) stream;
    }
}
