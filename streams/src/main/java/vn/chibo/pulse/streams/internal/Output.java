package vn.chibo.pulse.streams.internal;

/**
 * One kind of record a processor sends downstream, declared once with its type: the processor sends
 * through it ({@link EventProcessor#emit}), and the topology takes a stream of exactly that type from
 * the processor's {@link Outputs}.
 *
 * @param name the branch's name in the topology (unique among one processor's outputs)
 * @param type what it carries (unique among one processor's outputs: it is how a record finds its branch)
 */
record Output<T>(String name, Class<T> type) {}
