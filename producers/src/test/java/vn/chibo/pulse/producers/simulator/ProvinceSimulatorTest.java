package vn.chibo.pulse.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.PartyRules;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.LeaveReason;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MeetingRetracted;
import vn.chibo.pulse.events.MemberClassified;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberLeft;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.producers.simulator.SimulatedEvent.Phase;

class ProvinceSimulatorTest {
    static final LocalDate START = LocalDate.of(2024, 11, 1);
    static final LocalDate END = LocalDate.of(2025, 10, 31);

    @Test
    void bundledProvinceHasTheThirteenDistrictsOfHaTinhAndItsBranchCounts() {
        ProvinceSimulator sim = ProvinceSimulator.haTinh(1, START);
        List<String> districts = new java.util.ArrayList<>();
        Map<String, String> districtNames = new HashMap<>();
        Map<BranchKind, Integer> branches = new LinkedHashMap<>();
        Map<String, String> communeName = new HashMap<>();
        Map<String, String> communeDistrict = new HashMap<>();
        Set<String> communeNames = new HashSet<>();
        while (sim.nextPhase() == Phase.REFERENCE) {
            Object p = ((ReferenceEvent) sim.next().envelope()).getPayload();
            if (p instanceof District d) {
                districts.add(d.getName());
                districtNames.put(d.getCode(), d.getName());
            } else if (p instanceof Commune c) {
                communeName.put(c.getCode(), c.getName());
                communeDistrict.put(c.getCode(), c.getDistrictCode());
                communeNames.add(c.getName());
            } else if (p instanceof Branch b) {
                branches.merge(b.getKind(), 1, Integer::sum);
                // street groups are urban, villages rural
                String commune = communeName.get(b.getCommuneCode());
                if (b.getKind() == BranchKind.STREET_GROUP) {
                    assertThat(commune).matches("(Phường|Thị trấn) .+");
                } else if (b.getKind() == BranchKind.VILLAGE) {
                    assertThat(commune).startsWith("Xã ");
                }
            }
        }
        assertThat(districts).containsExactly("Thành phố Hà Tĩnh", "Thị xã Hồng Lĩnh", "Thị xã Kỳ Anh", "Huyện Cẩm Xuyên",
                "Huyện Can Lộc", "Huyện Đức Thọ", "Huyện Hương Khê", "Huyện Hương Sơn", "Huyện Kỳ Anh", "Huyện Lộc Hà",
                "Huyện Nghi Xuân", "Huyện Thạch Hà", "Huyện Vũ Quang");
        assertThat(branches).containsEntry(BranchKind.VILLAGE, 1_602).containsEntry(BranchKind.STREET_GROUP, 308);
        assertThat(branches.get(BranchKind.OTHER)).isBetween(300, 900);
        assertThat(communeName).hasSizeBetween(180, 240);
        assertThat(communeNames).hasSameSizeAs(communeName.keySet()); // no two communes share a name
        // phường only in the city and the two towns
        communeName.forEach((code, name) -> {
            if (name.startsWith("Phường ")) {
                assertThat(districtNames.get(communeDistrict.get(code))).matches("(Thành phố|Thị xã) .+");
            }
        });
    }

    @Test
    void initialLoadHasExactly100274ActiveMembers63924OfThemInVillageAndStreetGroupBranches() {
        ProvinceSimulator sim = ProvinceSimulator.haTinh(3, START);
        StatefulRules rules = new StatefulRules();
        Set<String> memberIds = new HashSet<>();
        long registered = 0;
        while (sim.nextPhase() != Phase.LIVE) {
            SimulatedEvent e = sim.next();
            assertThat(rules.apply(e.envelope())).isEmpty();
            if (e.envelope() instanceof MemberEvent m) {
                MemberRegistered r = (MemberRegistered) m.getPayload();
                assertThat(r.getDate()).isEqualTo(START);
                memberIds.add(r.getMemberId());
                registered++;
            }
        }
        assertThat(registered).isEqualTo(100_274);
        assertThat(memberIds).hasSize(100_274);
        assertThat(rules.active).hasSize(100_274);
        assertThat(rules.activeIn(BranchKind.VILLAGE, BranchKind.STREET_GROUP)).isEqualTo(63_924);
        assertThat(rules.activeIn(BranchKind.OTHER)).isEqualTo(100_274 - 63_924);
        long probationary = rules.activeWith(MemberStatus.PROBATIONARY);
        assertThat(probationary).isBetween(1_500L, 4_000L); // about one year's admissions
        SimulationCounts counts = sim.counts();
        assertThat(counts.membersActive()).isEqualTo(100_274);
        assertThat(counts.membersInVillageAndStreetGroup()).isEqualTo(63_924);
        assertThat(counts.membersProbationary()).isEqualTo(probationary);
    }

    @Test
    void initialFiguresHoldForEverySeed() {
        for (long seed : new long[] {0, 99, -5}) {
            ProvinceSimulator sim = ProvinceSimulator.haTinh(seed, START);
            while (sim.nextPhase() != Phase.LIVE) {
                sim.next();
            }
            assertThat(sim.counts().membersActive()).isEqualTo(100_274);
            assertThat(sim.counts().membersInVillageAndStreetGroup()).isEqualTo(63_924);
        }
    }

    @Test
    void sameSeedGivesTheSameEventsAndAnotherSeedOthers() throws Exception {
        String a = digest(11, 60);
        assertThat(digest(11, 60)).isEqualTo(a);
        assertThat(digest(12, 60)).isNotEqualTo(a);
    }

    private static String digest(long seed, int days) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        EventGenerator.haTinh(seed, START, START.plusDays(days - 1)).forEach(e -> {
            sha.update(e.at().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(EventJson.toJson(e.envelope()).getBytes(StandardCharsets.UTF_8));
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * A year of traffic replayed against the rules of SPEC.md §2, written again independently:
     * every live event is valid for the state before it, every deliberately invalid one is
     * refused for the reason it claims, and every duplicate repeats an accepted eventId.
     */
    @Test
    void aYearOfTrafficFitsTheMemberStateAndHoldsEveryKindOfEvent() {
        ProvinceSimulator sim = ProvinceSimulator.haTinh(42, START);
        StatefulRules rules = new StatefulRules();
        LocalDate today = END.plusDays(1);
        Map<String, Integer> byType = new HashMap<>();
        Map<RejectionReason, Integer> invalid = new HashMap<>();
        Map<String, Set<Integer>> unexcused = new HashMap<>(); // "memberId|year" -> months of regular meetings missed
        Map<String, List<Integer>> scores = new HashMap<>(); // branch -> quality scores of its meetings
        Set<String> graded = new HashSet<>();
        int regrades = 0;
        int corrections = 0;
        int retractions = 0;
        int duplicates = 0;
        int[] transfers = new int[4]; // within district, across, out, in
        Map<LeaveReason, Integer> leaves = new HashMap<>();
        LocalDate previous = START;
        for (SimulatedEvent e : (Iterable<SimulatedEvent>) EventGenerator.until(sim, END)::iterator) {
            assertThat(e.at().toLocalDate()).isAfterOrEqualTo(previous);
            previous = e.at().toLocalDate();
            Object payload = e.envelope().get(1);
            Optional<Rejection> stateless = EventRules.check(e.envelope(), today);
            if (e.phase() == Phase.INVALID) {
                RejectionReason reason = stateless.map(Rejection::reason).orElseGet(() -> rules.apply(e.envelope()).orElse(null));
                assertThat(reason).as("%s", e).isEqualTo(e.expectedRejection());
                invalid.merge(reason, 1, Integer::sum);
                continue;
            }
            assertThat(stateless).as("%s", e).isEmpty();
            String eventId = (String) e.envelope().get(0);
            if (e.phase() == Phase.DUPLICATE) {
                assertThat(rules.seen(eventId)).as("duplicate of an accepted event: %s", e).isTrue();
                duplicates++;
                continue;
            }
            assertThat(rules.seen(eventId)).as("fresh eventId: %s", e).isFalse();
            if (payload instanceof MemberTransferred t) {
                StatefulRules.Member before = rules.active.get(t.getMemberId());
                if (t.getFromBranchId() == null) {
                    transfers[3]++;
                } else if (t.getToBranchId() == null) {
                    transfers[2]++;
                } else {
                    String from = rules.communeDistrict.get(rules.branches.get(t.getFromBranchId()).getCommuneCode());
                    String to = rules.communeDistrict.get(rules.branches.get(t.getToBranchId()).getCommuneCode());
                    transfers[from.equals(to) ? 0 : 1]++;
                }
                assertThat(before == null).isEqualTo(t.getFromBranchId() == null);
            }
            if (payload instanceof MeetingRecorded m) {
                Integer current = rules.meetingRevision.get(m.getMeetingId());
                if (current != null) {
                    assertThat(m.getRevision()).as("a correction raises the revision").isGreaterThan(current);
                    corrections++;
                }
                if (m.getKind() == MeetingKind.REGULAR && m.getRevision() == 1) {
                    for (String id : m.getAbsentUnexcused()) {
                        unexcused.computeIfAbsent(id + "|" + m.getDate().getYear(), k -> new HashSet<>()).add(m.getDate().getMonthValue());
                    }
                }
                assertThat(m.getAbsentUnexcused()).as("exempt members are not expected").noneMatch(rules.exempt::contains);
                if (m.getQualityScore() != null && m.getRevision() == 1) {
                    scores.computeIfAbsent(m.getBranchId(), k -> new java.util.ArrayList<>()).add(m.getQualityScore());
                }
            }
            if (payload instanceof MeetingRetracted r) {
                assertThat(r.getRevision()).isGreaterThan(rules.meetingRevision.get(r.getMeetingId()));
                retractions++;
            }
            if (payload instanceof MemberClassified c && !graded.add(c.getMemberId() + "|" + c.getYear())) {
                regrades++;
            }
            if (payload instanceof MemberLeft l) {
                leaves.merge(l.getReason(), 1, Integer::sum);
            }
            assertThat(rules.apply(e.envelope())).as("%s", e).isEmpty();
            byType.merge(((org.apache.avro.specific.SpecificRecord) payload).getSchema().getName(), 1, Integer::sum);
        }

        assertThat(byType.keySet()).containsExactlyInAnyOrder("District", "Commune", "Branch", "MemberRegistered", "MemberAdmitted",
                "MemberConfirmed", "MemberTransferred", "MemberLeft", "MemberClassified", "MemberExempted", "MemberExemptionEnded",
                "MeetingRecorded", "MeetingRetracted");
        assertThat(byType.get("MemberExempted")).as("elderly members exempted in a year").isBetween(500, 3_000);
        assertThat(rules.exempt).hasSizeBetween(500, 3_000);
        // a branch meets once a month: most of 2,570 branches, twelve times
        assertThat(byType.get("MeetingRecorded")).isBetween(12 * 2_300, 12 * 2_570 + 12_000);
        assertThat(byType.get("MemberAdmitted")).isBetween(1_500, 4_000);
        assertThat(byType.get("MemberConfirmed")).isBetween(1_500, 5_000);
        assertThat(byType.get("MemberClassified")).isGreaterThan(95_000); // everyone graded once a year
        assertThat(java.util.Arrays.stream(transfers).boxed().toList()).as("transfers within, across, out, in").allSatisfy(n -> assertThat(n).isPositive());
        assertThat(leaves.keySet()).containsExactlyInAnyOrder(LeaveReason.DECEASED, LeaveReason.REMOVED, LeaveReason.EXPELLED);
        assertThat(regrades).isPositive();
        assertThat(corrections).isPositive();
        assertThat(retractions).isPositive();
        assertThat(duplicates).isPositive();
        assertThat(invalid.keySet()).containsExactlyInAnyOrder(RejectionReason.UNKNOWN_BRANCH, RejectionReason.MEMBERS_PRESENT_ABOVE_EXPECTED,
                RejectionReason.MEMBER_ALREADY_OFFICIAL, RejectionReason.TRANSFER_FROM_WRONG_BRANCH, RejectionReason.MEMBER_ALREADY_ACTIVE);
        long atRisk = unexcused.values().stream().filter(months -> months.size() >= PartyRules.AT_RISK_MONTHS).count();
        assertThat(atRisk).as("members absent from regular meetings in three distinct months of a year").isBetween(100L, 3_000L);
        assertQualityScoresAreMostlyFairOrGoodWithPoorOnesInSomeBranches(scores);

        SimulationCounts counts = sim.counts();
        assertThat(counts.duplicates()).isGreaterThanOrEqualTo(duplicates);
        assertThat(counts.membersActive()).isEqualTo(rules.active.size());
        assertThat(counts.membersInVillageAndStreetGroup()).isEqualTo(rules.activeIn(BranchKind.VILLAGE, BranchKind.STREET_GROUP));
        assertThat(counts.membersOfficial()).isEqualTo(rules.activeWith(MemberStatus.OFFICIAL));
    }

    private static void assertQualityScoresAreMostlyFairOrGoodWithPoorOnesInSomeBranches(Map<String, List<Integer>> scores) {
        Map<PartyRules.QualityBand, Long> bands = scores.values().stream().flatMap(List::stream)
                .collect(java.util.stream.Collectors.groupingBy(PartyRules::band, java.util.stream.Collectors.counting()));
        long all = bands.values().stream().mapToLong(Long::longValue).sum();
        assertThat(all).isGreaterThan(12 * 2_000);
        assertThat(bands.get(PartyRules.QualityBand.GOOD) + bands.get(PartyRules.QualityBand.FAIR)).isGreaterThan(all * 8 / 10);
        long poor = bands.get(PartyRules.QualityBand.POOR);
        assertThat(poor).isBetween(all / 100, all / 10);
        // clustered: branches where most meetings are poor hold most of the poor meetings
        long inWeakBranches = scores.values().stream()
                .filter(list -> list.stream().filter(s -> s < PartyRules.QUALITY_AVERAGE).count() * 2 > list.size())
                .mapToLong(list -> list.stream().filter(s -> s < PartyRules.QUALITY_AVERAGE).count()).sum();
        assertThat(inWeakBranches).isGreaterThan(poor * 6 / 10);
    }

    @Test
    void twoTierShapeHas69CommunesUnderTheProvinceAndTheSameBranchesAndMembers() {
        ProvinceSimulator twoTier = ProvinceSimulator.haTinh(7, START, 0.001, 0.001, Shape.TWO_TIER, null);
        ProvinceSimulator districts = ProvinceSimulator.haTinh(7, START);
        StatefulRules rules = new StatefulRules();
        Map<String, String> communes = new HashMap<>();
        while (twoTier.nextPhase() == Phase.REFERENCE) {
            SimulatedEvent e = twoTier.next();
            assertThat(rules.apply(e.envelope())).isEmpty();
            Object p = ((ReferenceEvent) e.envelope()).getPayload();
            assertThat(p).isNotInstanceOf(District.class);
            if (p instanceof Commune c) {
                communes.put(c.getCode(), c.getName());
                assertThat(c.getDistrictCode()).isNull();
                assertThat(c.getName()).matches("(Phường|Xã) .+");
            }
        }
        assertThat(communes).hasSize(69);
        assertThat(java.util.Set.copyOf(communes.values())).hasSize(69);
        assertThat(rules.branches).hasSize(2_570);
        assertThat(rules.branches.values()).allSatisfy(b -> assertThat(communes).containsKey(b.getCommuneCode()));
        while (districts.nextPhase() == Phase.REFERENCE) {
            districts.next();
        }
        for (int i = 0; i < 100_274; i++) { // the same initial load, member by member
            assertThat(EventJson.toJson(twoTier.next().envelope())).isEqualTo(EventJson.toJson(districts.next().envelope()));
        }
        assertThat(twoTier.counts().membersActive()).isEqualTo(100_274);
        assertThat(twoTier.counts().membersInVillageAndStreetGroup()).isEqualTo(63_924);
    }

    @Test
    void reorganisationOnADateMergesTheCommunesUnderTheProvinceAsTheTwoTierShapeHasThem() {
        LocalDate reform = START.plusDays(20);
        ProvinceSimulator sim = ProvinceSimulator.haTinh(8, START, 0.001, 0.001, Shape.DISTRICTS, reform);
        StatefulRules rules = new StatefulRules();
        List<SimulatedEvent> onTheDay = new java.util.ArrayList<>();
        for (SimulatedEvent e : (Iterable<SimulatedEvent>) EventGenerator.until(sim, reform.plusDays(5))::iterator) {
            if (e.phase() == Phase.INVALID || e.phase() == Phase.DUPLICATE) {
                continue;
            }
            assertThat(rules.apply(e.envelope())).as("%s", e).isEmpty();
            if (e.phase() == Phase.LIVE && e.envelope() instanceof ReferenceEvent) {
                onTheDay.add(e);
            }
        }
        assertThat(onTheDay).isNotEmpty().allSatisfy(e -> assertThat(e.at().toLocalDate()).isEqualTo(reform));
        assertThat(rules.communeDistrict.values()).as("no commune is left in a district").allSatisfy(d -> assertThat(d).isNull());
        Map<String, String> branchCommune = new HashMap<>();
        rules.branches.forEach((id, b) -> branchCommune.put(id, b.getCommuneCode()));
        Map<String, String> twoTierCommune = new HashMap<>();
        ProvinceSimulator twoTier = ProvinceSimulator.haTinh(8, START, 0.001, 0.001, Shape.TWO_TIER, null);
        while (twoTier.nextPhase() == Phase.REFERENCE) {
            if (((ReferenceEvent) twoTier.next().envelope()).getPayload() instanceof Branch b) {
                twoTierCommune.put(b.getId(), b.getCommuneCode());
            }
        }
        assertThat(branchCommune).isEqualTo(twoTierCommune);
        assertThat(java.util.Set.copyOf(branchCommune.values())).hasSize(69);
    }

    @Test
    void eventsAreDatedWithinTheirDayAndInOrder() {
        List<SimulatedEvent> live = EventGenerator.haTinh(5, START, START.plusDays(40)).filter(e -> e.phase() != Phase.REFERENCE
                && e.phase() != Phase.INITIAL_LOAD).toList();
        assertThat(live).isNotEmpty();
        for (int i = 1; i < live.size(); i++) {
            assertThat(live.get(i).at()).isAfterOrEqualTo(live.get(i - 1).at());
        }
        assertThat(live).allSatisfy(e -> assertThat(e.at().getHour()).isBetween(7, 21));
        assertThat(live.stream().filter(e -> e.envelope() instanceof MeetingEvent).count()).isPositive();
    }

    @Test
    void syntheticScaleStreamsItsInitialLoad() {
        Scale scale = Scale.of(7, 600, 56_000);
        long[] counts = new long[3];
        EventGenerator.synthetic(scale, 1, START, START).forEach(e -> {
            if (e.envelope() instanceof ReferenceEvent r) {
                if (r.getPayload() instanceof District) {
                    counts[0]++;
                } else if (r.getPayload() instanceof Branch) {
                    counts[1]++;
                }
            } else if (e.phase() == Phase.INITIAL_LOAD) {
                counts[2]++;
            }
        });
        assertThat(counts).containsExactly(7, 600, 56_000);
        assertThat(Scale.national()).isEqualTo(new Scale(700, 60_000, 5_600_000));
    }
}
