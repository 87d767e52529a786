package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.streams.internal.model.MeetingState;
import vn.chibo.pulse.streams.internal.model.MemberState;

/**
 * However many events one member or meeting has, its state keeps the same size (the older accepted
 * eventIds leave it, see {@link AcceptedEventIds}), and an eventId accepted long ago still has no
 * further effect when it is sent again (SPEC §2).
 */
class ManyEventsOfOneEntityTest extends OnTheSmallProvince {
    /** Bytes a member's or meeting's state may take whatever its history: the recent ids, the filter, the rest. */
    private static final int STATE_BOUND = 1024;

    @Test
    void aMemberWithFiftyThousandEventsKeepsAStateOfFixedSizeAndIgnoresEveryOldResend() {
        List<MemberEvent> sent = new ArrayList<>();
        sent.add(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        for (int i = 0; i < 25_000; i++) {
            sent.add(d.exempted("M1", "2024-01-01"));
            sent.add(d.exemptionEnded("M1", "2024-01-02"));
        }
        int sizeAfterAThousand = 0;
        for (int from = 0; from < sent.size(); from += 1000) {
            d.sendTogether(sent.subList(from, Math.min(sent.size(), from + 1000)).toArray());
            if (from == 0) {
                sizeAfterAThousand = size(d.member("M1"));
            }
        }
        assertThat(d.rejected).as("every event applied").isEmpty();
        int size = size(d.member("M1"));
        System.out.printf("member state: %,d bytes after 1,000 events, %,d bytes after 50,001 (every id in it: %,d bytes)%n",
                sizeAfterAThousand, size, sent.stream().mapToInt(e -> e.getEventId().length() + 1).sum());
        // no more than after 1,000 events but for the ids' extra digits (e-1001 … e-50001)
        assertThat(size).as("state bytes after 50,001 events").isLessThan(STATE_BOUND)
                .isLessThanOrEqualTo(sizeAfterAThousand + AcceptedEventIds.RECENT);

        // each would change the member if applied again: an exemption starts, or an ended one is refused
        for (int i : new int[] {1, 2, 3, 4, 999, 1000, 25_001, 49_990, 49_999, 50_000}) {
            d.send(sent.get(i));
        }
        assertThat(d.rejected).as("an accepted id is not judged again").isEmpty();
        assertThat(d.member("M1").getExempt()).isFalse();
        assertThat(d.current("D1").getMembersExempted()).isZero();
        assertThat(d.current("D1").getMembersActive()).isEqualTo(1);

        // a new id still counts
        d.send(d.exempted("M1", "2024-02-01"));
        assertThat(d.current("D1").getMembersExempted()).isEqualTo(1);
    }

    @Test
    void aMeetingRecordedAThousandTimesKeepsAStateOfFixedSize() {
        List<MeetingEvent> sent = new ArrayList<>();
        for (int revision = 1; revision <= 1000; revision++) {
            sent.add(d.regular("MT1", "B1", "2025-03-05", revision));
        }
        d.sendTogether(sent.toArray());
        assertThat(size(d.meeting("MT1"))).isLessThan(STATE_BOUND);
        assertThat(d.meeting("MT1").getRevision()).isEqualTo(1000);

        d.send(sent.get(3));
        assertThat(d.meeting("MT1").getRevision()).isEqualTo(1000);
        assertThat(d.month("D1", "2025-03").getRegularMeetings()).isEqualTo(1);
    }

    private static int size(MemberState state) {
        return new SingleObjectAvroSerde<>(MemberState.class).serializer().serialize("", state).length;
    }

    private static int size(MeetingState state) {
        return new SingleObjectAvroSerde<>(MeetingState.class).serializer().serialize("", state).length;
    }
}
