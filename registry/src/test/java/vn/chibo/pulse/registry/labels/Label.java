package vn.chibo.pulse.registry.labels;

/** A string-backed class a schema can name with {@code java-class}; Avro builds it from its String constructor. */
public final class Label {

    private final String text;

    public Label(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
