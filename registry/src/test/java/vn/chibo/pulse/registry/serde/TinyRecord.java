package vn.chibo.pulse.registry.serde;

import org.apache.avro.Schema;

/** The record whose bytes the wire-format tests work out by hand: a long {@code id} and a string {@code name}. */
final class TinyRecord {

    static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Tiny\","
            + "\"namespace\":\"vn.chibo.pulse.golden\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
            + "{\"name\":\"name\",\"type\":\"string\"}]}");

    private TinyRecord() {
    }
}
