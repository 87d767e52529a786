package vn.chibo.pulse.registry.testdata;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import vn.chibo.pulse.registry.labels.Label;

/**
 * A record whose string field names its Java class ({@code java-class}): reading it makes Avro's
 * SpecificDatumReader check that the class's package is trusted. Avro 1.12 makes that check only in
 * its classic reader (its "fast reader" loads the class unchecked), so this model uses the classic one,
 * as {@code -Dorg.apache.avro.fastread=false} would.
 */
public class LabelHolder extends SpecificRecordBase {

    public static final Schema SCHEMA$ = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"LabelHolder\","
            + "\"namespace\":\"vn.chibo.pulse.registry.testdata\",\"fields\":[{\"name\":\"label\",\"type\":"
            + "{\"type\":\"string\",\"java-class\":\"vn.chibo.pulse.registry.labels.Label\"}}]}");

    private static final SpecificData MODEL$ = new SpecificData();

    static {
        MODEL$.setFastReaderEnabled(false);
    }

    private Label label;

    @Override
    public SpecificData getSpecificData() {
        return MODEL$;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        if (field != 0) {
            throw new IndexOutOfBoundsException("Invalid index: " + field);
        }
        return label;
    }

    @Override
    public void put(int field, Object value) {
        if (field != 0) {
            throw new IndexOutOfBoundsException("Invalid index: " + field);
        }
        label = value == null ? null : value instanceof Label l ? l : new Label(value.toString());
    }

    public Label getLabel() {
        return label;
    }
}
