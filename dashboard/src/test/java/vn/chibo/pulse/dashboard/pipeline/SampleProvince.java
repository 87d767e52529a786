package vn.chibo.pulse.dashboard.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import vn.chibo.pulse.producers.simulator.ProvinceSimulator;

/**
 * A small but lifelike province for the browser test, written in the interchange format of
 * SPEC §2: the bundled Hà Tĩnh reference data (13 districts, every commune and branch), a few
 * members per branch, a few months of meetings of most branches, a few members at risk of
 * removal, admissions, transfers across districts, grades, and a few events the pipeline must refuse. Seeded, so the
 * same seed gives the same lines.
 */
public final class SampleProvince {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One branch of the reference data with the district of its commune. */
    public record Branch(String id, String kind, String district) {}

    private final List<String> reference = new ArrayList<>();
    private final List<Branch> branches = new ArrayList<>();

    public SampleProvince() {
        Map<String, String> districtOfCommune = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(ProvinceSimulator.haTinhReferenceData(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                reference.add(line);
                JsonNode n = JSON.readTree(line);
                switch (n.path("type").asText()) {
                    case "Commune" -> districtOfCommune.put(n.path("code").asText(), n.path("districtCode").asText());
                    case "Branch" -> branches.add(new Branch(n.path("id").asText(), n.path("kind").asText(),
                            districtOfCommune.get(n.path("communeCode").asText())));
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reference data: districts, communes, branches. */
    public List<String> reference() {
        return List.copyOf(reference);
    }

    public List<Branch> branches() {
        return List.copyOf(branches);
    }

    /** The first branch of a kind (VILLAGE, STREET_GROUP, OTHER). */
    public Branch first(String kind) {
        return branches.stream().filter(b -> b.kind().equals(kind)).findFirst().orElseThrow();
    }

    /**
     * Events after the reference data: members, meetings, admissions, transfers, grades and a
     * few events to refuse, all dated on or before {@code today}.
     */
    public List<String> events(long seed, int membersPerBranch, int months, LocalDate today) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        Map<String, List<String>> membersOf = new HashMap<>();
        int n = 0;
        for (Branch b : branches) {
            List<String> members = new ArrayList<>();
            int count = membersPerBranch + random.nextInt(membersPerBranch + 1);
            for (int i = 0; i < count; i++) {
                String id = "M-" + b.id() + "-" + i;
                members.add(id);
                out.add(line("MemberRegistered", "reg-" + id, Map.of("memberId", id, "branchId", b.id(),
                        "status", random.nextInt(25) == 0 ? "PROBATIONARY" : "OFFICIAL", "date", "2020-01-15")));
                n++;
            }
            membersOf.put(b.id(), members);
        }
        LocalDate thisMonth = today.withDayOfMonth(1);
        for (int back = months - 1; back >= 0; back--) {
            LocalDate month = thisMonth.minusMonths(back);
            // a little better each month, as a board would hope
            int coverage = 84 + (months - back) * 8 / Math.max(1, months);
            int lastDay = month.equals(thisMonth) ? today.getDayOfMonth() : month.lengthOfMonth();
            for (Branch b : branches) {
                List<String> members = membersOf.get(b.id());
                if (random.nextInt(100) < coverage) {
                    out.add(meeting(random, b, members, month.withDayOfMonth(1 + random.nextInt(lastDay)), "REGULAR"));
                }
                if (random.nextInt(100) < 8) {
                    out.add(meeting(random, b, members, month.withDayOfMonth(1 + random.nextInt(lastDay)), "THEMATIC"));
                }
            }
        }
        // A few members absent without reason from regular meetings in three months of this year: at risk of
        // removal (SPEC §3 v2: distinct months), which two months of the monthly meetings above cannot make.
        LocalDate newYear = today.withDayOfYear(1);
        for (int i = 0; i < branches.size(); i += 150) {
            Branch b = branches.get(i);
            List<String> members = membersOf.get(b.id());
            for (int k = 0; k < 3; k++) {
                LocalDate date = newYear.plusMonths(k).isAfter(today) ? today : newYear.plusMonths(k);
                String meetingId = "MT-risk-" + b.id() + "-" + k;
                out.add(line("MeetingRecorded", "rec-" + meetingId, meetingFields(meetingId, b.id(), date, "REGULAR",
                        members.size(), members.size() - 1, List.of(members.get(0)), false, false)));
            }
        }
        for (int i = 0; i < branches.size() / 12; i++) {
            Branch b = branches.get(random.nextInt(branches.size()));
            String id = "A-" + b.id() + "-" + i;
            LocalDate month = thisMonth.minusMonths(random.nextInt(months));
            LocalDate date = month.withDayOfMonth(1 + random.nextInt(Math.min(today.getDayOfMonth(), month.lengthOfMonth())));
            out.add(line("MemberAdmitted", "adm-" + id, Map.of("memberId", id, "branchId", b.id(), "date", date.toString())));
        }
        java.util.Set<String> moved = new java.util.HashSet<>();
        for (int i = 0; i < branches.size() / 25; i++) {
            Branch from = branches.get(random.nextInt(branches.size()));
            Branch to = branches.get(random.nextInt(branches.size()));
            List<String> members = membersOf.get(from.id());
            if (from.equals(to) || members.size() < 2) {
                continue;
            }
            String member = members.get(members.size() - 1);
            if (!moved.add(member)) {
                continue;
            }
            members.remove(members.size() - 1);
            membersOf.get(to.id()).add(member);
            // a member moves at most once, so its dates need no order; spread over the months
            LocalDate month = thisMonth.minusMonths(random.nextInt(months));
            LocalDate date = month.withDayOfMonth(1 + random.nextInt(Math.min(today.getDayOfMonth(), month.lengthOfMonth())));
            Map<String, Object> transfer = new HashMap<>(Map.of("memberId", member, "fromBranchId", from.id(),
                    "toBranchId", to.id(), "date", date.toString()));
            transfer.put("status", null); // SPEC v2: every field written; null between two branches of the province
            out.add(line("MemberTransferred", "tr-" + member + "-" + i, transfer));
        }
        for (Branch b : branches) {
            for (String member : membersOf.get(b.id())) {
                if (random.nextInt(3) == 0) {
                    int r = random.nextInt(100);
                    String grade = r < 15 ? "EXCELLENT" : r < 75 ? "GOOD" : r < 98 ? "COMPLETED" : "NOT_COMPLETED";
                    out.add(line("MemberClassified", "grade-" + member, Map.of("memberId", member,
                            "year", today.getYear(), "grade", grade)));
                }
            }
        }
        // Refused by the pipeline's state: a member nobody registered, a branch that does not exist.
        for (int i = 0; i < 3; i++) {
            out.add(line("MemberConfirmed", "ghost-" + seed + "-" + i, Map.of("memberId", "nobody-" + i,
                    "date", today.toString())));
        }
        out.add(line("MeetingRecorded", "nowhere-" + seed, meetingFields("MT-nowhere", "B99999", today, "REGULAR",
                5, 5, List.of(), false, false)));
        return out;
    }

    private String meeting(Random random, Branch b, List<String> members, LocalDate date, String kind) {
        int expected = Math.max(1, members.size());
        int missing = expected > 1 && random.nextInt(3) == 0 ? 1 + random.nextInt(Math.min(2, expected - 1)) : 0;
        int present = expected - missing;
        List<String> absent = new ArrayList<>();
        for (int i = 0; i < missing && i < members.size() && random.nextInt(3) == 0; i++) {
            absent.add(members.get(i));
        }
        String meetingId = "MT-" + b.id() + "-" + kind.charAt(0) + "-" + date;
        return line("MeetingRecorded", "rec-" + meetingId, meetingFields(meetingId, b.id(), date, kind, expected, present,
                absent, random.nextInt(100) < 35, random.nextBoolean()));
    }

    private static Map<String, Object> meetingFields(String meetingId, String branchId, LocalDate date, String kind,
                                                     int expected, int present, List<String> absent,
                                                     boolean superior, boolean selfCriticism) {
        Map<String, Object> f = new HashMap<>();
        f.put("meetingId", meetingId);
        f.put("branchId", branchId);
        f.put("date", date.toString());
        f.put("kind", kind);
        f.put("revision", 1);
        f.put("membersExpected", expected);
        f.put("membersPresent", present);
        f.put("absentUnexcused", absent);
        f.put("superiorAttended", superior);
        f.put("selfCriticism", selfCriticism);
        return f;
    }

    private static String line(String type, String eventId, Map<String, ?> fields) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        n.put("eventId", eventId);
        fields.forEach((k, v) -> {
            if (v == null) {
                n.putNull(k);
            } else if (v instanceof List<?> list) {
                ArrayNode a = n.putArray(k);
                list.forEach(x -> a.add(x.toString()));
            } else if (v instanceof Integer i) {
                n.put(k, i);
            } else if (v instanceof Boolean bool) {
                n.put(k, bool);
            } else {
                n.put(k, v.toString());
            }
        });
        return n.toString();
    }
}
