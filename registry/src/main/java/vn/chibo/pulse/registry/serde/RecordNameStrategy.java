package vn.chibo.pulse.registry.serde;

import org.apache.avro.Schema;

/** The record's full name: one lineage per record type, whatever topic it is written to. */
public final class RecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return schema.getFullName();
    }
}
