package vn.chibo.pulse.streams.it;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import vn.chibo.pulse.aggregates.DistrictCurrent;
import vn.chibo.pulse.aggregates.DistrictMonthlyStats;
import vn.chibo.pulse.aggregates.DistrictYearlyStats;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MeetingRetracted;
import vn.chibo.pulse.events.MemberAdmitted;
import vn.chibo.pulse.events.MemberClassified;
import vn.chibo.pulse.events.MemberConfirmed;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberLeft;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * SPEC §2 and §3 read literally, in the simplest way: apply the events one by one to plain maps,
 * then compute every aggregate from the final state (not from deltas, unlike the app). Only the
 * stateless rules the {@link ProvinceHistory} can break are checked here.
 */
final class Oracle {
    private final LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh"));

    private final Map<String, Set<String>> acceptedIds = new HashMap<>();
    final Map<String, Long> rejections = new TreeMap<>();

    private final Map<String, String> districtNames = new TreeMap<>();
    private final Map<String, String> communeDistrict = new HashMap<>();
    private final Map<String, String> branchCommune = new HashMap<>();
    private final Map<String, String> branchKind = new HashMap<>();

    private static final class Member {
        boolean active;
        String status;
        String branch;
    }

    private final Map<String, Member> members = new HashMap<>();
    /** (member|year) → {grade, district counted for}. */
    private final Map<String, String[]> grades = new HashMap<>();
    /** district|YYYY-MM → admissions, confirmations, in, out, deaths, removals, expulsions. */
    private final Map<String, int[]> flows = new HashMap<>();

    private record Meeting(int revision, MeetingRecorded recorded, String district) {}

    private final Map<String, Meeting> meetings = new HashMap<>();

    void apply(ProvinceHistory.Sent sent) {
        Object value = sent.value();
        if (value instanceof byte[]) {
            reject("UNDESERIALIZABLE");
            return;
        }
        String eventId = value instanceof ReferenceEvent r ? r.getEventId()
                : value instanceof MemberEvent m ? m.getEventId() : ((MeetingEvent) value).getEventId();
        Set<String> accepted = acceptedIds.computeIfAbsent(sent.topic(), t -> new HashSet<>());
        if (accepted.contains(eventId)) {
            return;
        }
        if (eventId.length() > 64) {
            reject("TOO_LONG");
            return;
        }
        String reason;
        boolean applied = true;
        if (value instanceof ReferenceEvent r) {
            reason = reference(r.getPayload());
        } else if (value instanceof MemberEvent m) {
            reason = member(m.getPayload());
        } else {
            Object payload = ((MeetingEvent) value).getPayload();
            reason = meeting(payload);
            applied = reason == null && !ignored;
        }
        if (reason != null) {
            reject(reason);
        } else if (applied) {
            accepted.add(eventId);
        }
    }

    private void reject(String reason) {
        rejections.merge(reason, 1L, Long::sum);
    }

    private String districtOf(String branch) {
        return communeDistrict.get(branchCommune.get(branch));
    }

    private String reference(Object payload) {
        if (payload instanceof District d) {
            districtNames.put(d.getCode(), d.getName());
        } else if (payload instanceof Commune c) {
            if (!districtNames.containsKey(c.getDistrictCode())) {
                return "UNKNOWN_DISTRICT";
            }
            communeDistrict.put(c.getCode(), c.getDistrictCode());
        } else {
            Branch b = (Branch) payload;
            if (!communeDistrict.containsKey(b.getCommuneCode())) {
                return "UNKNOWN_COMMUNE";
            }
            branchCommune.put(b.getId(), b.getCommuneCode());
            branchKind.put(b.getId(), b.getKind().name());
        }
        return null;
    }

    private boolean late(LocalDate date) {
        return date.isAfter(today.plusDays(1));
    }

    private void flow(String branch, LocalDate date, int index) {
        flows.computeIfAbsent(districtOf(branch) + "|" + YearMonth.from(date), k -> new int[7])[index]++;
    }

    private String member(Object payload) {
        String id = (String) ((org.apache.avro.specific.SpecificRecord) payload).get(0);
        Member m = members.computeIfAbsent(id, k -> new Member());
        if (payload instanceof MemberRegistered r) {
            if (late(r.getDate())) {
                return "DATE_OUT_OF_RANGE";
            }
            if (!branchCommune.containsKey(r.getBranchId())) {
                return "UNKNOWN_BRANCH";
            }
            if (m.active) {
                return "MEMBER_ALREADY_ACTIVE";
            }
            m.active = true;
            m.status = r.getStatus().name();
            m.branch = r.getBranchId();
        } else if (payload instanceof MemberAdmitted a) {
            if (late(a.getDate())) {
                return "DATE_OUT_OF_RANGE";
            }
            if (!branchCommune.containsKey(a.getBranchId())) {
                return "UNKNOWN_BRANCH";
            }
            if (m.active) {
                return "MEMBER_ALREADY_ACTIVE";
            }
            m.active = true;
            m.status = "PROBATIONARY";
            m.branch = a.getBranchId();
            flow(m.branch, a.getDate(), 0);
        } else if (payload instanceof MemberConfirmed c) {
            if (late(c.getDate())) {
                return "DATE_OUT_OF_RANGE";
            }
            if (!m.active) {
                return "MEMBER_NOT_ACTIVE";
            }
            if (m.status.equals("OFFICIAL")) {
                return "MEMBER_ALREADY_OFFICIAL";
            }
            m.status = "OFFICIAL";
            flow(m.branch, c.getDate(), 1);
        } else if (payload instanceof MemberTransferred t) {
            if (late(t.getDate())) {
                return "DATE_OUT_OF_RANGE";
            }
            String from = t.getFromBranchId();
            String to = t.getToBranchId();
            if ((from != null && !branchCommune.containsKey(from)) || (to != null && !branchCommune.containsKey(to))) {
                return "UNKNOWN_BRANCH";
            }
            if (from != null) {
                if (!m.active) {
                    return "MEMBER_NOT_ACTIVE";
                }
                if (!from.equals(m.branch)) {
                    return "TRANSFER_FROM_WRONG_BRANCH";
                }
            } else if (m.active) {
                return "TRANSFER_IN_OF_ACTIVE_MEMBER";
            }
            String fromDistrict = from == null ? null : districtOf(from);
            String toDistrict = to == null ? null : districtOf(to);
            if (fromDistrict == null || !fromDistrict.equals(toDistrict)) {
                if (fromDistrict != null) {
                    flow(from, t.getDate(), 3);
                }
                if (toDistrict != null) {
                    flow(to, t.getDate(), 2);
                }
            }
            if (to == null) {
                m.active = false;
            } else {
                m.active = true;
                m.branch = to;
                if (from == null) {
                    m.status = t.getStatus().name();
                }
            }
        } else if (payload instanceof MemberLeft l) {
            if (late(l.getDate())) {
                return "DATE_OUT_OF_RANGE";
            }
            if (!m.active) {
                return "MEMBER_NOT_ACTIVE";
            }
            flow(m.branch, l.getDate(), 4 + l.getReason().ordinal());
            m.active = false;
        } else {
            MemberClassified c = (MemberClassified) payload;
            if (c.getYear() > today.getYear() + 1) {
                return "YEAR_OUT_OF_RANGE";
            }
            if (!m.active) {
                return "MEMBER_NOT_ACTIVE";
            }
            grades.put(id + "|" + c.getYear(), new String[] {c.getGrade().name(), districtOf(m.branch)});
        }
        return null;
    }

    private boolean ignored;

    private String meeting(Object payload) {
        ignored = false;
        if (payload instanceof MeetingRecorded r) {
            if (late(r.getDate())) {
                return "DATE_OUT_OF_RANGE";
            }
            if (r.getRevision() < 1) {
                return "INVALID_REVISION";
            }
            if (r.getMembersPresent() > r.getMembersExpected()) {
                return "MEMBERS_PRESENT_ABOVE_EXPECTED";
            }
            if (new HashSet<>(r.getAbsentUnexcused()).size() < r.getAbsentUnexcused().size()) {
                return "DUPLICATE_ABSENTEE";
            }
            if (r.getAbsentUnexcused().size() > r.getMembersExpected() - r.getMembersPresent()) {
                return "TOO_MANY_ABSENTEES";
            }
            if (!branchCommune.containsKey(r.getBranchId())) {
                return "UNKNOWN_BRANCH";
            }
            Meeting before = meetings.get(r.getMeetingId());
            if (before != null && r.getRevision() <= before.revision()) {
                ignored = true;
                return null;
            }
            meetings.put(r.getMeetingId(), new Meeting(r.getRevision(), r, districtOf(r.getBranchId())));
        } else {
            MeetingRetracted r = (MeetingRetracted) payload;
            if (r.getRevision() < 1) {
                return "INVALID_REVISION";
            }
            Meeting before = meetings.get(r.getMeetingId());
            if (before != null && r.getRevision() <= before.revision()) {
                ignored = true;
                return null;
            }
            meetings.put(r.getMeetingId(), new Meeting(r.getRevision(), null, null));
        }
        return null;
    }

    // --- the expected aggregates, from the final state

    Map<String, String> districtNames() {
        return districtNames;
    }

    Map<String, DistrictCurrent> current() {
        Map<String, DistrictCurrent> out = new TreeMap<>();
        for (String branch : branchCommune.keySet()) {
            DistrictCurrent c = out.computeIfAbsent(districtOf(branch), Oracle::zeroCurrent);
            switch (branchKind.get(branch)) {
                case "VILLAGE" -> c.setBranchesVillage(c.getBranchesVillage() + 1);
                case "STREET_GROUP" -> c.setBranchesStreetGroup(c.getBranchesStreetGroup() + 1);
                default -> c.setBranchesOther(c.getBranchesOther() + 1);
            }
        }
        for (Member m : members.values()) {
            if (!m.active) {
                continue;
            }
            DistrictCurrent c = out.computeIfAbsent(districtOf(m.branch), Oracle::zeroCurrent);
            c.setMembersActive(c.getMembersActive() + 1);
            if (m.status.equals("OFFICIAL")) {
                c.setMembersOfficial(c.getMembersOfficial() + 1);
            } else {
                c.setMembersProbationary(c.getMembersProbationary() + 1);
            }
            switch (branchKind.get(m.branch)) {
                case "VILLAGE" -> c.setMembersVillage(c.getMembersVillage() + 1);
                case "STREET_GROUP" -> c.setMembersStreetGroup(c.getMembersStreetGroup() + 1);
                default -> c.setMembersOther(c.getMembersOther() + 1);
            }
        }
        return out;
    }

    Map<String, DistrictMonthlyStats> monthly() {
        Map<String, DistrictMonthlyStats> out = new TreeMap<>();
        flows.forEach((key, f) -> {
            DistrictMonthlyStats s = monthlyRow(out, key);
            s.setAdmissions(f[0]);
            s.setConfirmations(f[1]);
            s.setTransfersIn(f[2]);
            s.setTransfersOut(f[3]);
            s.setDeaths(f[4]);
            s.setRemovals(f[5]);
            s.setExpulsions(f[6]);
        });
        Set<String> regularBranches = new HashSet<>();
        for (Meeting m : meetings.values()) {
            MeetingRecorded r = m.recorded();
            if (r == null) {
                continue;
            }
            String key = m.district() + "|" + YearMonth.from(r.getDate());
            DistrictMonthlyStats s = monthlyRow(out, key);
            if (r.getKind() == MeetingKind.REGULAR) {
                s.setRegularMeetings(s.getRegularMeetings() + 1);
                if (regularBranches.add(key + "|" + r.getBranchId())) {
                    s.setBranchesWithRegularMeeting(s.getBranchesWithRegularMeeting() + 1);
                }
            } else {
                s.setThematicMeetings(s.getThematicMeetings() + 1);
            }
            s.setMembersExpected(s.getMembersExpected() + r.getMembersExpected());
            s.setMembersPresent(s.getMembersPresent() + r.getMembersPresent());
            s.setMeetingsWithSuperior(s.getMeetingsWithSuperior() + (r.getSuperiorAttended() ? 1 : 0));
            s.setMeetingsWithSelfCriticism(s.getMeetingsWithSelfCriticism() + (r.getSelfCriticism() ? 1 : 0));
        }
        return out;
    }

    Map<String, DistrictYearlyStats> yearly() {
        Map<String, DistrictYearlyStats> out = new TreeMap<>();
        grades.forEach((memberYear, g) -> {
            int year = Integer.parseInt(memberYear.substring(memberYear.indexOf('|') + 1));
            DistrictYearlyStats y = yearlyRow(out, g[1], year);
            switch (g[0]) {
                case "EXCELLENT" -> y.setGradedExcellent(y.getGradedExcellent() + 1);
                case "GOOD" -> y.setGradedGood(y.getGradedGood() + 1);
                case "COMPLETED" -> y.setGradedCompleted(y.getGradedCompleted() + 1);
                default -> y.setGradedNotCompleted(y.getGradedNotCompleted() + 1);
            }
        });
        Map<String, Map<Integer, Set<String>>> absences = new HashMap<>();
        for (Map.Entry<String, Meeting> e : meetings.entrySet()) {
            MeetingRecorded r = e.getValue().recorded();
            if (r == null || r.getKind() != MeetingKind.REGULAR) {
                continue;
            }
            for (String member : r.getAbsentUnexcused()) {
                absences.computeIfAbsent(member, k -> new HashMap<>())
                        .computeIfAbsent(r.getDate().getYear(), k -> new HashSet<>()).add(e.getKey());
            }
        }
        absences.forEach((memberId, byYear) -> {
            Member m = members.get(memberId);
            if (m == null || !m.active) {
                return;
            }
            byYear.forEach((year, meetingIds) -> {
                if (meetingIds.size() >= 3) {
                    DistrictYearlyStats y = yearlyRow(out, districtOf(m.branch), year);
                    y.setMembersAtRisk(y.getMembersAtRisk() + 1);
                }
            });
        });
        return out;
    }

    /** Whether an aggregate row holds only zeros (a missing row means the same). */
    static boolean isZero(Object row) {
        org.apache.avro.specific.SpecificRecord r = (org.apache.avro.specific.SpecificRecord) row;
        for (org.apache.avro.Schema.Field f : r.getSchema().getFields()) {
            if (!f.name().equals("year") && r.get(f.pos()) instanceof Integer n && n != 0) {
                return false;
            }
        }
        return true;
    }

    long totalRejections() {
        return rejections.values().stream().mapToLong(Long::longValue).sum();
    }

    private static DistrictCurrent zeroCurrent(String district) {
        DistrictCurrent c = new DistrictCurrent();
        c.setDistrictCode(district);
        return c;
    }

    private static DistrictMonthlyStats monthlyRow(Map<String, DistrictMonthlyStats> out, String key) {
        return out.computeIfAbsent(key, k -> {
            DistrictMonthlyStats s = new DistrictMonthlyStats();
            s.setDistrictCode(k.substring(0, k.indexOf('|')));
            s.setMonth(YearMonth.parse(k.substring(k.indexOf('|') + 1)).atDay(1));
            return s;
        });
    }

    private static DistrictYearlyStats yearlyRow(Map<String, DistrictYearlyStats> out, String district, int year) {
        return out.computeIfAbsent(district + "|" + year, k -> {
            DistrictYearlyStats y = new DistrictYearlyStats();
            y.setDistrictCode(district);
            y.setYear(year);
            return y;
        });
    }

    static Oracle of(List<ProvinceHistory.Sent> history) {
        Oracle oracle = new Oracle();
        history.forEach(oracle::apply);
        return oracle;
    }
}
