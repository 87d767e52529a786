package vn.chibo.pulse.reconcile.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import vn.chibo.pulse.domain.PartyRules;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.reconcile.relations.Relation;
import vn.chibo.pulse.reconcile.relations.RelationShape;

/**
 * Every relation of SPEC §4 from the ledger's facts, derived once and plainly: each figure is
 * added to the unit that holds its branch now, at each level, with the tree as it is now.
 */
public final class ExpectedRelations {

    private final IndependentLedger ledger;
    private final Tree tree;

    private ExpectedRelations(IndependentLedger ledger) {
        this.ledger = ledger;
        this.tree = ledger.tree();
    }

    /** One relation of {@link RelationShape#ALL}, derived when asked: reconcile holds one at a time. */
    public static Relation of(IndependentLedger ledger, RelationShape shape) {
        return new ExpectedRelations(ledger).relation(shape);
    }

    private Relation relation(RelationShape shape) {
        if (shape.equals(RelationShape.DISTRICTS) || shape.equals(RelationShape.COMMUNES) || shape.equals(RelationShape.BRANCHES)) {
            return tree(shape);
        }
        Level level = Level.of(shape);
        if (shape.name().endsWith("_current")) {
            return current(shape, level);
        } else if (shape.name().endsWith("_monthly")) {
            return monthly(shape, level);
        } else if (shape.name().endsWith("_yearly")) {
            return yearly(shape, level);
        }
        throw new IllegalArgumentException("no expected relation for " + shape.name());
    }

    /** Active members now (official, probationary, exempt, by kind of branch) and the branches of each kind. */
    private Relation current(RelationShape shape, Level level) {
        Relation r = new Relation(shape);
        boolean unitColumns = shape.valueColumns().contains("members_village");
        for (Member m : ledger.members().values()) {
            List<String> unit = m.active ? level.unitOf(m.branchId, tree) : null;
            if (unit == null) {
                continue;
            }
            r.add(unit, "members_active", 1);
            r.add(unit, m.status == MemberStatus.OFFICIAL ? "members_official" : "members_probationary", 1);
            r.add(unit, "members_exempted", m.exempt ? 1 : 0);
            if (unitColumns) {
                r.add(unit, "members_" + kindColumn(m.branchId), 1);
            }
        }
        if (unitColumns) {
            for (String branchId : tree.branches().keySet()) {
                List<String> unit = level.unitOf(branchId, tree);
                if (unit != null) {
                    r.add(unit, "branches_" + kindColumn(branchId), 1);
                }
            }
        }
        return r;
    }

    private String kindColumn(String branchId) {
        return tree.branches().get(branchId).getKind().name().toLowerCase(Locale.ROOT);
    }

    private Relation monthly(RelationShape shape, Level level) {
        Relation r = new Relation(shape);
        ledger.flows().forEach((flow, n) -> {
            List<String> unit = level.unitOf(flow.branchId(), tree);
            if (unit != null) {
                r.add(monthKey(unit, flow.month()), flow.column(), n);
            }
        });
        ledger.transfers().forEach((t, n) -> addTransfer(r, level, t, n));
        Map<List<String>, Set<String>> branchesWithRegular = new HashMap<>();
        for (IndependentLedger.MeetingState state : ledger.meetings().values()) {
            MeetingRecorded m = state.record();
            List<String> unit = m == null ? null : level.unitOf(m.getBranchId(), tree);
            if (unit == null) {
                continue;
            }
            List<String> key = monthKey(unit, m.getDate().withDayOfMonth(1));
            addMeeting(r, key, m);
            if (m.getKind() == MeetingKind.REGULAR) {
                branchesWithRegular.computeIfAbsent(key, k -> new HashSet<>()).add(m.getBranchId());
            }
        }
        if (shape.valueColumns().contains(RelationShape.BRANCHES_WITH_REGULAR_MEETING)) {
            branchesWithRegular.forEach((key, branches) ->
                    r.add(key, RelationShape.BRANCHES_WITH_REGULAR_MEETING, branches.size()));
        }
        return r;
    }

    /** SPEC §3: a transfer counts at a level only where its two sides lie in different units (outside differs from all). */
    private void addTransfer(Relation r, Level level, IndependentLedger.Transfer t, long n) {
        List<String> from = t.fromBranchId() == null ? null : level.unitOf(t.fromBranchId(), tree);
        List<String> to = t.toBranchId() == null ? null : level.unitOf(t.toBranchId(), tree);
        if (from != null && from.equals(to)) {
            return;
        }
        if (from != null) {
            r.add(monthKey(from, t.month()), "transfers_out", n);
        }
        if (to != null) {
            r.add(monthKey(to, t.month()), "transfers_in", n);
        }
    }

    private static void addMeeting(Relation r, List<String> key, MeetingRecorded m) {
        r.add(key, m.getKind() == MeetingKind.REGULAR ? "regular_meetings" : "thematic_meetings", 1);
        r.add(key, "members_expected", m.getMembersExpected());
        r.add(key, "members_present", m.getMembersPresent());
        r.add(key, "meetings_with_superior", m.getSuperiorAttended() ? 1 : 0);
        r.add(key, "meetings_with_self_criticism", m.getSelfCriticism() ? 1 : 0);
        Integer score = m.getQualityScore();
        if (score != null) {
            r.add(key, "meetings_scored", 1);
            r.add(key, "quality_score_sum", score);
            r.add(key, "meetings_" + PartyRules.band(score).name().toLowerCase(Locale.ROOT), 1);
        }
    }

    private Relation yearly(RelationShape shape, Level level) {
        Relation r = new Relation(shape);
        for (Member m : ledger.members().values()) {
            m.forEachGrade((year, graded) -> {
                List<String> unit = level.unitOf(graded.branchId(), tree);
                if (unit != null) {
                    r.add(yearKey(unit, year), "graded_" + graded.grade().name().toLowerCase(Locale.ROOT), 1);
                }
            });
        }
        absentMonths().forEach((memberYear, months) -> {
            Member m = ledger.members().get(memberYear.get(0));
            if (months.size() >= PartyRules.AT_RISK_MONTHS && m != null && m.active && !m.exempt) {
                List<String> unit = level.unitOf(m.branchId, tree);
                if (unit != null) {
                    r.add(yearKey(unit, Integer.parseInt(memberYear.get(1))), "members_at_risk", 1);
                }
            }
        });
        return r;
    }

    /** (memberId, year) to the distinct months in which REGULAR meetings, as last recorded, list the member as absent without reason. */
    private Map<List<String>, Set<Integer>> absentMonths() {
        Map<List<String>, Set<Integer>> months = new HashMap<>();
        for (IndependentLedger.MeetingState state : ledger.meetings().values()) {
            MeetingRecorded m = state.record();
            if (m == null || m.getKind() != MeetingKind.REGULAR) {
                continue;
            }
            for (String memberId : m.getAbsentUnexcused()) {
                months.computeIfAbsent(List.of(memberId, Integer.toString(m.getDate().getYear())), k -> new HashSet<>())
                        .add(m.getDate().getMonthValue());
            }
        }
        return months;
    }

    private Relation tree(RelationShape shape) {
        Relation units = new Relation(shape);
        if (shape.equals(RelationShape.DISTRICTS)) {
            tree.districts().forEach((code, d) -> units.put(List.of(code), List.of(d.getName())));
        } else if (shape.equals(RelationShape.COMMUNES)) {
            tree.communes().forEach((code, c) -> units.put(List.of(code), Arrays.asList(c.getName(), c.getDistrictCode())));
        } else {
            for (Map.Entry<String, Branch> e : tree.branches().entrySet()) {
                Branch b = e.getValue();
                units.put(List.of(e.getKey()), new ArrayList<>(Arrays.asList(b.getName(), b.getCommuneCode(), b.getKind().name())));
            }
        }
        return units;
    }

    private static List<String> monthKey(List<String> unit, LocalDate month) {
        return append(unit, month.toString());
    }

    private static List<String> yearKey(List<String> unit, int year) {
        return append(unit, Integer.toString(year));
    }

    private static List<String> append(List<String> unit, String last) {
        List<String> key = new ArrayList<>(unit);
        key.add(Objects.requireNonNull(last));
        return key;
    }
}
