package vn.chibo.pulse.producers.simulator.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.domain.ParseResult;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.producers.simulator.Scale;

/** The organisation tree a simulation runs on: districts, communes and branches, held in arrays by index. */
public final class Organisation {
    /** The bundled reference data, in the JSON Lines format of SPEC.md §2. */
    public static final String HA_TINH_RESOURCE = "/vn/chibo/pulse/producers/simulator/ha-tinh-reference.jsonl";

    final List<ReferenceEvent> referenceEvents;
    final String[] districtCodes;
    final String[] branchIds;
    final BranchKind[] branchKinds;
    final int[] branchDistrict;
    final int[][] branchesOfDistrict;

    private Organisation(List<ReferenceEvent> referenceEvents, String[] districtCodes, String[] branchIds, BranchKind[] branchKinds,
                         int[] branchDistrict) {
        this.referenceEvents = referenceEvents;
        this.districtCodes = districtCodes;
        this.branchIds = branchIds;
        this.branchKinds = branchKinds;
        this.branchDistrict = branchDistrict;
        int[] counts = new int[districtCodes.length];
        for (int d : branchDistrict) {
            counts[d]++;
        }
        this.branchesOfDistrict = new int[districtCodes.length][];
        for (int d = 0; d < counts.length; d++) {
            branchesOfDistrict[d] = new int[counts[d]];
        }
        int[] filled = new int[districtCodes.length];
        for (int b = 0; b < branchDistrict.length; b++) {
            branchesOfDistrict[branchDistrict[b]][filled[branchDistrict[b]]++] = b;
        }
    }

    /** A province shaped like Hà Tĩnh, from the bundled reference data. */
    public static Organisation haTinh() {
        List<ReferenceEvent> events = new ArrayList<>();
        try (InputStream in = Organisation.class.getResourceAsStream(HA_TINH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + HA_TINH_RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            LocalDate anyDay = LocalDate.of(2000, 1, 1); // reference data holds no dates
            while ((line = reader.readLine()) != null) {
                ParseResult result = EventJson.parse(line, anyDay);
                if (!result.isAccepted()) {
                    throw new IllegalStateException("bad bundled reference line: " + result.rejection() + ": " + line);
                }
                events.add((ReferenceEvent) result.event().envelope());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fromReferenceEvents(events);
    }

    /** An organisation of the given scale with plain numbered names. */
    public static Organisation synthetic(Scale scale) {
        List<ReferenceEvent> events = new ArrayList<>();
        int districts = scale.districts();
        int communes = Math.max(districts, scale.branches() / 12);
        for (int d = 0; d < districts; d++) {
            String code = String.format("D%04d", d + 1);
            events.add(new ReferenceEvent("ref-" + code, new District(code, "Huyện số " + (d + 1))));
        }
        for (int c = 0; c < communes; c++) {
            String code = String.format("C%06d", c + 1);
            String district = String.format("D%04d", (int) ((long) c * districts / communes) + 1);
            events.add(new ReferenceEvent("ref-" + code, new Commune(code, "Xã số " + (c + 1), district)));
        }
        int branches = scale.branches();
        for (int b = 0; b < branches; b++) {
            String id = String.format("B%07d", b + 1);
            String commune = String.format("C%06d", (int) ((long) b * communes / branches) + 1);
            // kinds interleaved so that every district gets all three
            int slot = b % 100;
            BranchKind kind = slot < 65 ? BranchKind.VILLAGE : slot < 77 ? BranchKind.STREET_GROUP : BranchKind.OTHER;
            String name = switch (kind) {
                case VILLAGE -> "Chi bộ thôn số " + (b + 1);
                case STREET_GROUP -> "Chi bộ tổ dân phố số " + (b + 1);
                default -> "Chi bộ cơ quan số " + (b + 1);
            };
            events.add(new ReferenceEvent("ref-" + id, new Branch(id, name, commune, kind)));
        }
        return fromReferenceEvents(events);
    }

    private static Organisation fromReferenceEvents(List<ReferenceEvent> events) {
        List<String> districts = new ArrayList<>();
        Map<String, Integer> districtIndex = new HashMap<>();
        Map<String, Integer> communeDistrict = new HashMap<>();
        List<Branch> branches = new ArrayList<>();
        for (ReferenceEvent e : events) {
            Object p = e.getPayload();
            if (p instanceof District d) {
                districtIndex.put(d.getCode(), districts.size());
                districts.add(d.getCode());
            } else if (p instanceof Commune c) {
                Integer d = districtIndex.get(c.getDistrictCode());
                if (d == null) {
                    throw new IllegalStateException("commune " + c.getCode() + " names unknown district " + c.getDistrictCode());
                }
                communeDistrict.put(c.getCode(), d);
            } else if (p instanceof Branch b) {
                if (!communeDistrict.containsKey(b.getCommuneCode())) {
                    throw new IllegalStateException("branch " + b.getId() + " names unknown commune " + b.getCommuneCode());
                }
                branches.add(b);
            }
        }
        String[] ids = new String[branches.size()];
        BranchKind[] kinds = new BranchKind[branches.size()];
        int[] district = new int[branches.size()];
        for (int i = 0; i < ids.length; i++) {
            Branch b = branches.get(i);
            ids[i] = b.getId();
            kinds[i] = b.getKind();
            district[i] = communeDistrict.get(b.getCommuneCode());
        }
        return new Organisation(List.copyOf(events), districts.toArray(String[]::new), ids, kinds, district);
    }

    /** The same tree under other reference records (the two-tier shape of the same branches: see {@link Reorganisation}). */
    public Organisation withReferenceEvents(List<ReferenceEvent> events) {
        return new Organisation(List.copyOf(events), districtCodes, branchIds, branchKinds, branchDistrict);
    }

    /** District, commune and branch records, parents before children. */
    public List<ReferenceEvent> referenceEvents() {
        return referenceEvents;
    }

    public int districts() {
        return districtCodes.length;
    }

    public int branches() {
        return branchIds.length;
    }

    public String districtCode(int district) {
        return districtCodes[district];
    }

    public String branchId(int branch) {
        return branchIds[branch];
    }

    public BranchKind branchKind(int branch) {
        return branchKinds[branch];
    }

    public int districtOf(int branch) {
        return branchDistrict[branch];
    }

    /** Whether members of this branch count as members_village or members_street_group. */
    public boolean isVillageOrStreetGroup(int branch) {
        return branchKinds[branch] != BranchKind.OTHER;
    }

    /** Counts of branches per kind, in BranchKind order. */
    public int[] branchesPerKind() {
        int[] counts = new int[BranchKind.values().length];
        for (BranchKind k : branchKinds) {
            counts[k.ordinal()]++;
        }
        return counts;
    }
}
