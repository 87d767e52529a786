package vn.chibo.pulse.registry.serde;

import org.apache.avro.Schema;

/** Chooses the subject a schema is registered under, as Confluent's strategies do. */
@FunctionalInterface
public interface SubjectNameStrategy {

    String subjectName(String topic, boolean isKey, Schema schema);
}
