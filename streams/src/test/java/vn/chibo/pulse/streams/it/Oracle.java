package vn.chibo.pulse.streams.it;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import vn.chibo.pulse.streams.internal.Levels;
import vn.chibo.pulse.streams.levels.UnitCurrent;
import vn.chibo.pulse.streams.levels.UnitMonthly;
import vn.chibo.pulse.streams.levels.UnitYearly;
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
import vn.chibo.pulse.events.MemberExempted;
import vn.chibo.pulse.events.MemberExemptionEnded;
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
        boolean exempt;
        String status;
        String branch;
    }

    private final Map<String, Member> members = new HashMap<>();
    /** (member|year) → {grade, branch counted for}. */
    private final Map<String, String[]> grades = new HashMap<>();
    /** branch|YYYY-MM → admissions, confirmations, (unused), (unused), deaths, removals, expulsions. */
    private final Map<String, int[]> flows = new HashMap<>();
    /** Transfers between two sides (a branch, or null for outside the province), in their month. */
    private record Transfer(String from, String to, YearMonth month) {}
    private final List<Transfer> transfers = new java.util.ArrayList<>();

    private record Meeting(int revision, MeetingRecorded recorded) {}

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

    private String reference(Object payload) {
        if (payload instanceof District d) {
            districtNames.put(d.getCode(), d.getName());
        } else if (payload instanceof Commune c) {
            if (c.getDistrictCode() != null && !districtNames.containsKey(c.getDistrictCode())) {
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
        flows.computeIfAbsent(branch + "|" + YearMonth.from(date), k -> new int[7])[index]++;
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
            m.exempt = false;
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
            m.exempt = false;
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
            // which levels count it depends on the tree at the end (history is restated): decided in monthly()
            transfers.add(new Transfer(from, to, YearMonth.from(t.getDate())));
            if (to == null) {
                m.active = false;
                m.exempt = false;
            } else {
                m.active = true;
                m.branch = to;
                if (from == null) {
                    m.status = t.getStatus().name();
                    m.exempt = false;
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
            m.exempt = false;
        } else if (payload instanceof MemberExempted e) {
            if (late(e.getDate())) {
                return "DATE_OUT_OF_RANGE";
            }
            if (!m.active) {
                return "MEMBER_NOT_ACTIVE";
            }
            if (m.exempt) {
                return "MEMBER_ALREADY_EXEMPT";
            }
            m.exempt = true;
        } else if (payload instanceof MemberExemptionEnded e) {
            if (late(e.getDate())) {
                return "DATE_OUT_OF_RANGE";
            }
            if (!m.exempt) {
                return "MEMBER_NOT_EXEMPT";
            }
            m.exempt = false;
        } else {
            MemberClassified c = (MemberClassified) payload;
            if (c.getYear() > today.getYear() + 1) {
                return "YEAR_OUT_OF_RANGE";
            }
            if (!m.active) {
                return "MEMBER_NOT_ACTIVE";
            }
            grades.put(id + "|" + c.getYear(), new String[] {c.getGrade().name(), m.branch});
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
            meetings.put(r.getMeetingId(), new Meeting(r.getRevision(), r));
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
            meetings.put(r.getMeetingId(), new Meeting(r.getRevision(), null));
        }
        return null;
    }

    // --- the expected aggregates, from the final state

    Map<String, String> districtNames() {
        return districtNames;
    }

    /** The unit of a level that holds a branch at the end (null: a commune directly under the province, at district level). */
    private String unitOf(Levels.Level level, String branch) {
        String commune = branchCommune.get(branch);
        return level == Levels.Level.COMMUNE ? commune : communeDistrict.get(commune);
    }

    Map<String, UnitCurrent> current() {
        return current(Levels.Level.DISTRICT);
    }

    Map<String, UnitMonthly> monthly() {
        return monthly(Levels.Level.DISTRICT);
    }

    Map<String, UnitYearly> yearly() {
        return yearly(Levels.Level.DISTRICT);
    }

    /** Current totals per unit of a level, in the tree as it is at the end. */
    Map<String, UnitCurrent> current(Levels.Level level) {
        Map<String, UnitCurrent> out = new TreeMap<>();
        for (String branch : branchCommune.keySet()) {
            if (unitOf(level, branch) == null) {
                continue;
            }
            UnitCurrent c = out.computeIfAbsent(unitOf(level, branch), Oracle::zeroCurrent);
            switch (branchKind.get(branch)) {
                case "VILLAGE" -> c.setBranchesVillage(c.getBranchesVillage() + 1);
                case "STREET_GROUP" -> c.setBranchesStreetGroup(c.getBranchesStreetGroup() + 1);
                default -> c.setBranchesOther(c.getBranchesOther() + 1);
            }
        }
        for (Member m : members.values()) {
            if (!m.active || unitOf(level, m.branch) == null) {
                continue;
            }
            UnitCurrent c = out.computeIfAbsent(unitOf(level, m.branch), Oracle::zeroCurrent);
            c.setMembersExempted(c.getMembersExempted() + (m.exempt ? 1 : 0));
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

    /** Months per unit of a level, keyed 'unit|YYYY-MM', in the tree as it is at the end. */
    Map<String, UnitMonthly> monthly(Levels.Level level) {
        Map<String, UnitMonthly> out = new TreeMap<>();
        flows.forEach((key, f) -> {
            String branch = key.substring(0, key.lastIndexOf('|'));
            UnitMonthly s = monthlyRow(out, unitOf(level, branch), key.substring(key.lastIndexOf('|') + 1));
            s.setAdmissions(s.getAdmissions() + f[0]);
            s.setConfirmations(s.getConfirmations() + f[1]);
            s.setDeaths(s.getDeaths() + f[4]);
            s.setRemovals(s.getRemovals() + f[5]);
            s.setExpulsions(s.getExpulsions() + f[6]);
        });
        for (Transfer t : transfers) {
            String fromDistrict = t.from() == null ? null : unitOf(level, t.from());
            String toDistrict = t.to() == null ? null : unitOf(level, t.to());
            if (fromDistrict == null || !fromDistrict.equals(toDistrict)) {
                if (fromDistrict != null) {
                    UnitMonthly s = monthlyRow(out, fromDistrict, t.month().toString());
                    s.setTransfersOut(s.getTransfersOut() + 1);
                }
                if (toDistrict != null) {
                    UnitMonthly s = monthlyRow(out, toDistrict, t.month().toString());
                    s.setTransfersIn(s.getTransfersIn() + 1);
                }
            }
        }
        Set<String> regularBranches = new HashSet<>();
        for (Meeting m : meetings.values()) {
            MeetingRecorded r = m.recorded();
            if (r == null) {
                continue;
            }
            String district = unitOf(level, r.getBranchId());
            UnitMonthly s = monthlyRow(out, district, YearMonth.from(r.getDate()).toString());
            if (r.getKind() == MeetingKind.REGULAR) {
                s.setRegularMeetings(s.getRegularMeetings() + 1);
                if (regularBranches.add(YearMonth.from(r.getDate()) + "|" + r.getBranchId())) {
                    s.setBranchesWithRegularMeeting(s.getBranchesWithRegularMeeting() + 1);
                }
            } else {
                s.setThematicMeetings(s.getThematicMeetings() + 1);
            }
            s.setMembersExpected(s.getMembersExpected() + r.getMembersExpected());
            s.setMembersPresent(s.getMembersPresent() + r.getMembersPresent());
            s.setMeetingsWithSuperior(s.getMeetingsWithSuperior() + (r.getSuperiorAttended() ? 1 : 0));
            s.setMeetingsWithSelfCriticism(s.getMeetingsWithSelfCriticism() + (r.getSelfCriticism() ? 1 : 0));
            Integer score = r.getQualityScore();
            if (score != null) {
                s.setMeetingsScored(s.getMeetingsScored() + 1);
                s.setQualityScoreSum(s.getQualityScoreSum() + score);
                if (score >= 80) {
                    s.setMeetingsGood(s.getMeetingsGood() + 1);
                } else if (score >= 70) {
                    s.setMeetingsFair(s.getMeetingsFair() + 1);
                } else if (score >= 50) {
                    s.setMeetingsAverage(s.getMeetingsAverage() + 1);
                } else {
                    s.setMeetingsPoor(s.getMeetingsPoor() + 1);
                }
            }
        }
        return out;
    }

    /** Years per unit of a level, keyed 'unit|YYYY', in the tree as it is at the end. */
    Map<String, UnitYearly> yearly(Levels.Level level) {
        Map<String, UnitYearly> out = new TreeMap<>();
        grades.forEach((memberYear, g) -> {
            int year = Integer.parseInt(memberYear.substring(memberYear.indexOf('|') + 1));
            UnitYearly y = yearlyRow(out, unitOf(level, g[1]), year);
            switch (g[0]) {
                case "EXCELLENT" -> y.setGradedExcellent(y.getGradedExcellent() + 1);
                case "GOOD" -> y.setGradedGood(y.getGradedGood() + 1);
                case "COMPLETED" -> y.setGradedCompleted(y.getGradedCompleted() + 1);
                default -> y.setGradedNotCompleted(y.getGradedNotCompleted() + 1);
            }
        });
        // member → year → the distinct months of REGULAR meetings that list them absent without reason
        Map<String, Map<Integer, Set<Integer>>> absences = new HashMap<>();
        for (Meeting m : meetings.values()) {
            MeetingRecorded r = m.recorded();
            if (r == null || r.getKind() != MeetingKind.REGULAR) {
                continue;
            }
            for (String member : r.getAbsentUnexcused()) {
                absences.computeIfAbsent(member, k -> new HashMap<>())
                        .computeIfAbsent(r.getDate().getYear(), k -> new HashSet<>()).add(r.getDate().getMonthValue());
            }
        }
        absences.forEach((memberId, byYear) -> {
            Member m = members.get(memberId);
            if (m == null || !m.active || m.exempt) {
                return; // exempt members are never at risk
            }
            byYear.forEach((year, months) -> {
                if (months.size() >= 3) {
                    UnitYearly y = yearlyRow(out, unitOf(level, m.branch), year);
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

    private static UnitCurrent zeroCurrent(String district) {
        UnitCurrent c = new UnitCurrent();
        c.setUnit(district);
        return c;
    }

    private static UnitMonthly monthlyRow(Map<String, UnitMonthly> out, String district, String month) {
        if (district == null) {
            return new UnitMonthly(); // a commune directly under the province counts in no district
        }
        return out.computeIfAbsent(district + "|" + month, k -> {
            UnitMonthly s = new UnitMonthly();
            s.setUnit(district);
            s.setMonth(month);
            return s;
        });
    }

    private static UnitYearly yearlyRow(Map<String, UnitYearly> out, String district, int year) {
        if (district == null) {
            return new UnitYearly(); // a commune directly under the province counts in no district
        }
        return out.computeIfAbsent(district + "|" + year, k -> {
            UnitYearly y = new UnitYearly();
            y.setUnit(district);
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
