package vn.chibo.pulse.producers.simulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * The two-tier reform of 1 July 2025 applied to a province with districts: the communes of each
 * district are merged into fewer, larger ones that report directly to the province, and the
 * district level disappears. Hà Tĩnh went from 209 communes and wards to 69; the bundled province
 * (220 communes) is merged into {@link #HA_TINH_MERGED_COMMUNES} the same way.
 *
 * <p>Each merged commune keeps the code of its first constituent (the seat), so the same tree
 * serves both a province that starts two-tier and one that is reorganised on a date.
 */
public final class Reorganisation {
    /** Communes and wards of Hà Tĩnh after the reform. */
    public static final int HA_TINH_MERGED_COMMUNES = 69;

    private static final String[] PREFIXES = {"Phường ", "Thị trấn ", "Xã "};

    private final List<Commune> communes = new ArrayList<>();
    private final List<Branch> branches = new ArrayList<>();
    /** Old commune code → the code of the merged commune that takes it in. */
    private final Map<String, String> seatOf = new LinkedHashMap<>();
    private final Map<String, Commune> merged = new LinkedHashMap<>();

    /** Plans the merge of {@code reference} (districts, communes, branches) into {@code mergedCommunes} communes. */
    public Reorganisation(List<ReferenceEvent> reference, int mergedCommunes) {
        Map<String, List<Commune>> byDistrict = new LinkedHashMap<>();
        for (ReferenceEvent e : reference) {
            if (e.getPayload() instanceof District d) {
                byDistrict.put(d.getCode(), new ArrayList<>());
            } else if (e.getPayload() instanceof Commune c) {
                communes.add(c);
                byDistrict.get(c.getDistrictCode()).add(c);
            } else if (e.getPayload() instanceof Branch b) {
                branches.add(b);
            }
        }
        int[] share = shares(byDistrict.values().stream().mapToInt(List::size).toArray(), mergedCommunes);
        int d = 0;
        for (List<Commune> inDistrict : byDistrict.values()) {
            merge(inDistrict, share[d++]);
        }
    }

    /** Splits the district's communes, in their order, into {@code groups} runs of near-equal length. */
    private void merge(List<Commune> inDistrict, int groups) {
        for (int g = 0; g < groups; g++) {
            List<Commune> group = inDistrict.subList(g * inDistrict.size() / groups, (g + 1) * inDistrict.size() / groups);
            Commune seat = group.get(0);
            // thị trấn were abolished with the districts: a merged unit is a ward if it holds one, else a commune
            boolean ward = group.stream().anyMatch(c -> c.getName().startsWith("Phường "));
            Commune unit = new Commune(seat.getCode(), (ward ? "Phường " : "Xã ") + bareName(seat.getName()), null);
            merged.put(seat.getCode(), unit);
            group.forEach(c -> seatOf.put(c.getCode(), seat.getCode()));
        }
    }

    /** {@code total} shared among districts in proportion to their communes, at least one each (largest remainders). */
    private static int[] shares(int[] communes, int total) {
        int all = java.util.Arrays.stream(communes).sum();
        int[] share = new int[communes.length];
        double[] rest = new double[communes.length];
        int given = 0;
        for (int d = 0; d < communes.length; d++) {
            double exact = (double) total * communes[d] / all;
            share[d] = Math.max(1, Math.min(communes[d], (int) exact));
            rest[d] = exact - share[d];
            given += share[d];
        }
        while (given < total) {
            int best = 0;
            for (int d = 1; d < communes.length; d++) {
                if (share[d] < communes[d] && (share[best] >= communes[best] || rest[d] > rest[best])) {
                    best = d;
                }
            }
            share[best]++;
            rest[best] -= 1;
            given++;
        }
        return share;
    }

    private static String bareName(String name) {
        for (String p : PREFIXES) {
            if (name.startsWith(p)) {
                return name.substring(p.length());
            }
        }
        return name;
    }

    /** The tree of a province that is two-tier from the start: the merged communes, then every branch in its merged commune. */
    public List<ReferenceEvent> twoTierReference() {
        List<ReferenceEvent> events = new ArrayList<>();
        merged.values().forEach(c -> events.add(new ReferenceEvent("ref2-" + c.getCode(), c)));
        branches.forEach(b -> events.add(new ReferenceEvent("ref2-" + b.getId(), moved(b))));
        return events;
    }

    /**
     * The upserts that reorganise the province with districts on the day of the reform: the seats
     * leave their district under their new names, the branches of the other communes move to
     * their seat, and the emptied communes leave their district too, renamed to say where they went.
     */
    public List<ReferenceEvent> upserts(Supplier<String> eventIds) {
        List<ReferenceEvent> events = new ArrayList<>();
        merged.values().forEach(c -> events.add(new ReferenceEvent(eventIds.get(), c)));
        for (Branch b : branches) {
            if (!merged.containsKey(b.getCommuneCode())) {
                events.add(new ReferenceEvent(eventIds.get(), moved(b)));
            }
        }
        for (Commune c : communes) {
            if (!merged.containsKey(c.getCode())) {
                String into = merged.get(seatOf.get(c.getCode())).getName();
                events.add(new ReferenceEvent(eventIds.get(), new Commune(c.getCode(), c.getName() + " (đã sáp nhập vào " + into + ")", null)));
            }
        }
        return events;
    }

    private Branch moved(Branch b) {
        return new Branch(b.getId(), b.getName(), seatOf.get(b.getCommuneCode()), b.getKind());
    }
}
