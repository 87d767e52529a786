package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.ParsedEvent;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.producers.simulator.EventGenerator;
import vn.chibo.pulse.producers.simulator.Scale;
import vn.chibo.pulse.producers.simulator.SimulatedEvent;

class EventCopiesTest {

    @Test
    void everyIdAndReferenceToOneIsPrefixedButNotNamesNorEmptyIds() {
        MeetingEvent meeting = new MeetingEvent("e1", MeetingRecorded.newBuilder().setMeetingId("MT1").setBranchId("B1")
                .setDate(LocalDate.of(2025, 3, 10)).setKind(MeetingKind.REGULAR).setRevision(1).setMembersExpected(5)
                .setMembersPresent(3).setAbsentUnexcused(List.of("M1", "M2")).setSuperiorAttended(false).setSelfCriticism(false)
                .build());
        assertThat(EventJson.toJson(EventCopies.renamed(meeting, "K2-"))).isEqualTo(EventJson.toJson(meeting)
                .replace("\"e1\"", "\"K2-e1\"").replace("\"MT1\"", "\"K2-MT1\"").replace("\"B1\"", "\"K2-B1\"")
                .replace("\"M1\"", "\"K2-M1\"").replace("\"M2\"", "\"K2-M2\""));
        assertThat(meeting.getEventId()).as("the original stays as it was").isEqualTo("e1");

        MemberEvent transfer = new MemberEvent("e2", new MemberTransferred("", null, "B9", null, LocalDate.of(2025, 1, 1)));
        assertThat(EventJson.toJson(EventCopies.renamed(transfer, "K2-"))).contains("\"memberId\":\"\"", "\"fromBranchId\":null",
                "\"toBranchId\":\"K2-B9\"");
    }

    @Test
    void aCopyOfASimulatedYearHasIdsOfItsOwnAndTheSameVerdicts() {
        LocalDate today = EventRules.today();
        LocalDate start = today.withDayOfMonth(1).minusYears(1);
        Set<String> originalKeys = new HashSet<>();
        Set<String> copyKeys = new HashSet<>();
        int events = 0;
        for (SimulatedEvent e : (Iterable<SimulatedEvent>) EventGenerator.synthetic(Scale.of(3, 150, 3_000), 3, start,
                start.plusMonths(6))::iterator) {
            SpecificRecord original = e.envelope();
            SpecificRecord copy = EventCopies.renamed(original, "K2-");
            assertThat(EventRules.check(copy, today).map(r -> r.reason()))
                    .isEqualTo(EventRules.check(original, today).map(r -> r.reason()));
            ParsedEvent o = ParsedEvent.of(original);
            ParsedEvent c = ParsedEvent.of(copy);
            assertThat(c.topic()).isEqualTo(o.topic());
            originalKeys.add(o.topic() + "/" + o.key());
            copyKeys.add(c.topic() + "/" + c.key());
            events++;
        }
        assertThat(events).isGreaterThan(1_000);
        assertThat(copyKeys).hasSameSizeAs(originalKeys).doesNotContainAnyElementsOf(originalKeys);
    }
}
