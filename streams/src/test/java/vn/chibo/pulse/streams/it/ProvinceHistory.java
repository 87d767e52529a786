package vn.chibo.pulse.streams.it;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.LeaveReason;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MeetingRetracted;
import vn.chibo.pulse.events.MemberAdmitted;
import vn.chibo.pulse.events.MemberClassified;
import vn.chibo.pulse.events.MemberConfirmed;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberExempted;
import vn.chibo.pulse.events.MemberExemptionEnded;
import vn.chibo.pulse.events.MemberLeft;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * A generated, reproducible history of a small province: reference data, then member and meeting
 * events interleaved across entities (each entity's events in order), with transfers, corrections,
 * retractions, stale revisions, duplicates, events that break the rules and bytes that are not Avro.
 * The generator only aims at realism; what is valid is decided by the {@link Oracle}.
 */
final class ProvinceHistory {
    /** One record to send: an Avro envelope, or raw bytes ({@code byte[]}) that are not one. */
    record Sent(String topic, String key, Object value) {}

    static final int DISTRICTS = 5;
    static final int COMMUNES_PER_DISTRICT = 3;
    static final int BRANCHES_PER_COMMUNE = 4;
    private static final LocalDate START = LocalDate.of(2023, 1, 1);
    private static final LocalDate END = LocalDate.of(2024, 12, 31);

    final List<Sent> reference = new ArrayList<>();
    final List<Sent> events = new ArrayList<>();

    private final Random random;
    private final List<String> branches = new ArrayList<>();
    private final Map<String, String> districtOfBranch = new HashMap<>();
    private final Map<String, List<String>> poolOfBranch = new HashMap<>();
    private final Map<String, Boolean> chronicAbsentee = new HashMap<>();
    private int nextId;

    private ProvinceHistory(long seed) {
        this.random = new Random(seed);
    }

    static ProvinceHistory generate(long seed, int members) {
        ProvinceHistory h = new ProvinceHistory(seed);
        h.referenceData();
        List<List<Sent>> queues = new ArrayList<>();
        for (int i = 1; i <= members; i++) {
            queues.add(h.memberLife(String.format("M%05d", i)));
        }
        for (String branch : h.branches) {
            for (LocalDate month = START; month.isBefore(END); month = month.plusMonths(1)) {
                if (h.random.nextDouble() < 0.9) {
                    queues.add(h.meetingLife(branch, month, MeetingKind.REGULAR));
                }
                if (h.random.nextDouble() < 0.25) {
                    queues.add(h.meetingLife(branch, month, MeetingKind.THEMATIC));
                }
            }
        }
        for (int i = 0; i < 30; i++) {
            queues.add(List.of(new Sent(Topics.MEMBER_EVENTS, String.format("M%05d", 1 + h.random.nextInt(members)), h.garbage())));
        }
        for (int i = 0; i < 10; i++) {
            queues.add(List.of(new Sent(Topics.MEETING_EVENTS, "MT-garbage-" + i, h.garbage())));
        }
        h.interleave(queues);
        h.reorganise();
        return h;
    }

    /**
     * Reorganisations placed before, among and after the events they touch, as SPEC v2 has them: reference
     * upserts that move a branch to a commune of another district, a commune to another district, a
     * commune under the province itself (no district), and a rename. History follows each move.
     */
    private void reorganise() {
        List<Sent> moves = List.of(
                new Sent(Topics.REFERENCE, "Branch:B001", new ReferenceEvent(id(), new Branch("B001", "Chi bộ B001", "C051", BranchKind.VILLAGE))),
                new Sent(Topics.REFERENCE, "Commune:C022", new ReferenceEvent(id(), new Commune("C022", "Xã C022", "D03"))),
                new Sent(Topics.REFERENCE, "Commune:C031", new ReferenceEvent(id(), new Commune("C031", "Phường C031", null))),
                new Sent(Topics.REFERENCE, "Branch:B030", new ReferenceEvent(id(), new Branch("B030", "Chi bộ B030", "C011", BranchKind.STREET_GROUP))),
                new Sent(Topics.REFERENCE, "Commune:C022", new ReferenceEvent(id(), new Commune("C022", "Xã C022 (mới)", null))));
        for (int i = 0; i < moves.size(); i++) {
            events.add((i + 1) * events.size() / (moves.size() + 1), moves.get(i));
        }
    }

    private String id() {
        return "e" + (++nextId);
    }

    private void referenceData() {
        int b = 0;
        for (int d = 1; d <= DISTRICTS; d++) {
            String district = String.format("D%02d", d);
            ReferenceEvent de = new ReferenceEvent(id(), new District(district, "Huyện số " + d));
            reference.add(new Sent(Topics.REFERENCE, "District:" + district, de));
            if (d == 1) {
                reference.add(new Sent(Topics.REFERENCE, "District:" + district, de)); // duplicate: no effect
            }
            for (int c = 1; c <= COMMUNES_PER_DISTRICT; c++) {
                String commune = String.format("C%02d%d", d, c);
                reference.add(new Sent(Topics.REFERENCE, "Commune:" + commune,
                        new ReferenceEvent(id(), new Commune(commune, "Xã " + commune, district))));
                for (int k = 0; k < BRANCHES_PER_COMMUNE; k++) {
                    b++;
                    String branch = String.format("B%03d", b);
                    BranchKind kind = b % 5 == 0 ? BranchKind.OTHER : b % 5 < 3 ? BranchKind.VILLAGE : BranchKind.STREET_GROUP;
                    reference.add(new Sent(Topics.REFERENCE, "Branch:" + branch,
                            new ReferenceEvent(id(), new Branch(branch, "Chi bộ " + branch, commune, kind))));
                    branches.add(branch);
                    districtOfBranch.put(branch, district);
                    poolOfBranch.put(branch, new ArrayList<>());
                }
            }
        }
        // A branch of a commune not yet held: refused, then sent again once the commune exists.
        ReferenceEvent early = new ReferenceEvent(id(), new Branch("B900", "Chi bộ B900", "C999", BranchKind.OTHER));
        reference.add(new Sent(Topics.REFERENCE, "Branch:B900", early));
        reference.add(new Sent(Topics.REFERENCE, "Commune:C999", new ReferenceEvent(id(), new Commune("C999", "Xã mới", "D05"))));
        reference.add(new Sent(Topics.REFERENCE, "Branch:B900", early));
        reference.add(new Sent(Topics.REFERENCE, "District:D01", new ReferenceEvent(id(), new District("D01", "Thị xã số 1"))));
        branches.add("B900");
        districtOfBranch.put("B900", "D05");
        poolOfBranch.put("B900", new ArrayList<>());
    }

    private String anyBranch() {
        return branches.get(random.nextInt(branches.size()));
    }

    private String branchInDistrict(String district, String not) {
        for (int tries = 0; tries < 50; tries++) {
            String b = anyBranch();
            if (!b.equals(not) && districtOfBranch.get(b).equals(district)) {
                return b;
            }
        }
        return anyBranch();
    }

    private LocalDate later(LocalDate date) {
        LocalDate next = date.plusDays(10 + random.nextInt(80));
        return next.isAfter(END) ? END : next;
    }

    private Sent member(String memberId, Object payload) {
        return member(memberId, id(), payload);
    }

    private Sent member(String memberId, String eventId, Object payload) {
        return new Sent(Topics.MEMBER_EVENTS, memberId, new MemberEvent(eventId, payload));
    }

    private List<Sent> memberLife(String m) {
        List<Sent> life = new ArrayList<>();
        String branch = anyBranch();
        poolOfBranch.get(branch).add(m);
        chronicAbsentee.put(m, random.nextDouble() < 0.1);
        LocalDate date = START.plusDays(random.nextInt(60));
        boolean active = true;
        MemberStatus status;
        if (random.nextDouble() < 0.85) {
            status = random.nextDouble() < 0.7 ? MemberStatus.OFFICIAL : MemberStatus.PROBATIONARY;
            life.add(member(m, new MemberRegistered(m, branch, status, date)));
        } else {
            status = MemberStatus.PROBATIONARY;
            life.add(member(m, new MemberAdmitted(m, branch, date)));
        }
        int steps = 2 + random.nextInt(6);
        for (int s = 0; s < steps; s++) {
            date = later(date);
            double r = random.nextDouble();
            if (!active) {
                if (r < 0.4) {
                    branch = anyBranch();
                    life.add(member(m, new MemberTransferred(m, null, branch, MemberStatus.OFFICIAL, date)));
                    active = true;
                    status = MemberStatus.OFFICIAL;
                } else if (r < 0.5) {
                    branch = anyBranch();
                    life.add(member(m, new MemberAdmitted(m, branch, date)));
                    active = true;
                    status = MemberStatus.PROBATIONARY;
                } else {
                    life.add(member(m, new MemberClassified(m, 2024, Grade.GOOD))); // not active: refused
                }
            } else if (r < 0.05) {
                // exemption for age or health, now and then ended; sometimes sent twice (refused the second time)
                life.add(member(m, new MemberExempted(m, date)));
                double e = random.nextDouble();
                if (e < 0.3) {
                    life.add(member(m, new MemberExemptionEnded(m, later(date))));
                } else if (e < 0.4) {
                    life.add(member(m, new MemberExempted(m, later(date))));
                } else if (e < 0.45) {
                    life.add(member(m, new MemberExemptionEnded(m, later(date))));
                    life.add(member(m, new MemberExemptionEnded(m, later(date))));
                }
            } else if (r < 0.18 && status == MemberStatus.PROBATIONARY) {
                life.add(member(m, new MemberConfirmed(m, date)));
                status = MemberStatus.OFFICIAL;
            } else if (r < 0.40) {
                String to = random.nextDouble() < 0.4 ? branchInDistrict(districtOfBranch.get(branch), branch) : anyBranch();
                life.add(member(m, new MemberTransferred(m, branch, to, null, date)));
                branch = to;
            } else if (r < 0.43) {
                life.add(member(m, new MemberTransferred(m, branch, null, null, date)));
                active = false;
            } else if (r < 0.70) {
                life.add(member(m, new MemberClassified(m, 2023 + random.nextInt(2), Grade.values()[random.nextInt(4)])));
            } else if (r < 0.75) {
                life.add(member(m, new MemberLeft(m, LeaveReason.values()[random.nextInt(3)], date)));
                active = false;
            } else if (r < 0.77) {
                life.add(member(m, new MemberConfirmed(m, date))); // official already, or not: the oracle decides
            } else if (r < 0.78) {
                life.add(member(m, new MemberTransferred(m, anyBranch(), anyBranch(), null, date))); // likely the wrong branch
            } else if (r < 0.79) {
                life.add(member(m, new MemberAdmitted(m, anyBranch(), date))); // already active
            } else if (r < 0.795) {
                life.add(member(m, new MemberTransferred(m, null, anyBranch(), MemberStatus.OFFICIAL, date))); // active: refused
            } else if (r < 0.80) {
                life.add(member(m, new MemberTransferred(m, branch, "B404", null, date))); // unknown branch
            } else if (r < 0.81) {
                // refused for its date, then corrected under the same eventId
                String eventId = id();
                life.add(member(m, eventId, new MemberClassified(m, 2999, Grade.EXCELLENT)));
                life.add(member(m, eventId, new MemberClassified(m, 2024, Grade.EXCELLENT)));
            } else if (r < 0.82) {
                life.add(member(m, new MemberLeft(m, LeaveReason.REMOVED, LocalDate.of(2099, 1, 1))));
            } else if (r < 0.825) {
                life.add(member(m, "x".repeat(70), new MemberClassified(m, 2023, Grade.GOOD)));
            } else {
                life.add(member(m, new MemberClassified(m, 2024, Grade.values()[random.nextInt(4)])));
            }
        }
        addDuplicates(life, 0.05);
        return life;
    }

    private List<Sent> meetingLife(String branch, LocalDate month, MeetingKind kind) {
        String meetingId = "MT-" + branch + "-" + month.toString().substring(0, 7) + "-" + kind.name().charAt(0);
        List<Sent> life = new ArrayList<>();
        int revision = 1;
        MeetingRecorded first = recorded(meetingId, branch, month.plusDays(random.nextInt(25)), kind, revision);
        double fault = random.nextDouble();
        if (fault < 0.01) {
            first.setMembersPresent(first.getMembersExpected() + 1);
        } else if (fault < 0.015 && !first.getAbsentUnexcused().isEmpty()) {
            first.getAbsentUnexcused().add(first.getAbsentUnexcused().get(0));
            first.setMembersPresent(Math.max(0, first.getMembersPresent() - 1));
        } else if (fault < 0.02) {
            first.setRevision(0);
        } else if (fault < 0.025) {
            first.setBranchId("B404");
        }
        life.add(meeting(meetingId, first));
        if (random.nextDouble() < 0.25) {
            revision++;
            LocalDate date = random.nextDouble() < 0.2 ? month.plusMonths(1).plusDays(random.nextInt(25)) : month.plusDays(random.nextInt(25));
            if (date.isAfter(END)) {
                date = END;
            }
            MeetingKind k = random.nextDouble() < 0.1 ? (kind == MeetingKind.REGULAR ? MeetingKind.THEMATIC : MeetingKind.REGULAR) : kind;
            life.add(meeting(meetingId, recorded(meetingId, branch, date, k, revision)));
        }
        if (random.nextDouble() < 0.08) {
            revision++;
            life.add(meeting(meetingId, new MeetingRetracted(meetingId, revision)));
            if (random.nextDouble() < 0.4) {
                life.add(meeting(meetingId, recorded(meetingId, branch, month.plusDays(3), kind, revision))); // not higher: ignored
                revision++;
                life.add(meeting(meetingId, recorded(meetingId, branch, month.plusDays(4), kind, revision)));
            }
        }
        if (revision > 1 && random.nextDouble() < 0.1) {
            life.add(meeting(meetingId, recorded(meetingId, branch, month.plusDays(1), kind, revision - 1))); // stale
        }
        addDuplicates(life, 0.04);
        return life;
    }

    private Sent meeting(String meetingId, Object payload) {
        return new Sent(Topics.MEETING_EVENTS, meetingId, new MeetingEvent(id(), payload));
    }

    private MeetingRecorded recorded(String meetingId, String branch, LocalDate date, MeetingKind kind, int revision) {
        List<String> pool = poolOfBranch.get(branch);
        List<String> absent = new ArrayList<>();
        for (String m : pool) {
            double p = chronicAbsentee.get(m) ? 0.35 : 0.01;
            if (kind == MeetingKind.REGULAR && random.nextDouble() < p) {
                absent.add(m);
            }
        }
        int expected = Math.max(3, pool.size());
        if (absent.size() > expected) {
            absent = absent.subList(0, expected);
        }
        int present = Math.max(0, expected - absent.size() - random.nextInt(3));
        return new MeetingRecorded(meetingId, branch, date, kind, revision, expected, present, new ArrayList<>(absent),
                random.nextDouble() < 0.3, random.nextDouble() < 0.6, random.nextDouble() < 0.2 ? null : 30 + random.nextInt(71));
    }

    private byte[] garbage() {
        return ("not an event " + random.nextInt()).getBytes(StandardCharsets.UTF_8);
    }

    /** Resends some events later in the same entity's stream, under the same eventId and key. */
    private void addDuplicates(List<Sent> life, double share) {
        int n = life.size();
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < share) {
                int at = i + 1 + random.nextInt(life.size() - i);
                life.add(at, life.get(i));
            }
        }
    }

    /** Merges the entities' streams at random, keeping each entity's own order. */
    private void interleave(List<List<Sent>> queues) {
        List<int[]> open = new ArrayList<>();
        for (int q = 0; q < queues.size(); q++) {
            open.add(new int[] {q, 0});
        }
        while (!open.isEmpty()) {
            int pick = random.nextInt(open.size());
            int[] cursor = open.get(pick);
            List<Sent> queue = queues.get(cursor[0]);
            events.add(queue.get(cursor[1]++));
            if (cursor[1] == queue.size()) {
                open.set(pick, open.get(open.size() - 1));
                open.remove(open.size() - 1);
            }
        }
    }
}
