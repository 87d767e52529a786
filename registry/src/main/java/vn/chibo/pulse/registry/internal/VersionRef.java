package vn.chibo.pulse.registry.internal;

/** A version as a URL names it: a number from 1 to 2^31-1, or "latest" (also spelled -1, as Confluent allows). */
record VersionRef(int number) {

    static final VersionRef LATEST = new VersionRef(-1);

    static VersionRef parse(String text) {
        if (text == null) {
            throw RegistryErrors.invalidVersion("null");
        }
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("latest")) {
            return LATEST;
        }
        int number;
        try {
            number = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw RegistryErrors.invalidVersion(text);
        }
        if (number == -1) {
            return LATEST;
        }
        if (number < 1) {
            throw RegistryErrors.invalidVersion(text);
        }
        return new VersionRef(number);
    }

    boolean isLatest() {
        return number == -1;
    }

    @Override
    public String toString() {
        return isLatest() ? "latest" : Integer.toString(number);
    }
}
