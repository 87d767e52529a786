package vn.chibo.pulse.producers.simulator;

/**
 * The size of a synthetic organisation for {@link EventGenerator}: districts, branches and
 * active members at the start. Branches are 65 % VILLAGE, 12 % STREET_GROUP and 23 % OTHER,
 * with about twelve branches per commune; 64 % of the members are in village and street-group
 * branches, as in Hà Tĩnh.
 */
public record Scale(int districts, int branches, int members) {
    public Scale {
        if (districts < 1 || branches < districts || members < 0) {
            throw new IllegalArgumentException("need 1 <= districts <= branches and members >= 0, got " + this);
        }
    }

    /** The whole country: 5.6 million members in 60,000 branches of 700 districts. */
    public static Scale national() {
        return new Scale(700, 60_000, 5_600_000);
    }

    public static Scale of(int districts, int branches, int members) {
        return new Scale(districts, branches, members);
    }
}
