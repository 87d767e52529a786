package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.streams.testing.CraftedAvro;

/** Hostile records on the event topics are refused with a reason, and the valid ones around them still count. */
class PoisonPillsTest extends OnTheSmallProvince {

    @Test
    void recordWithoutAKeyIsRefusedAndTheNextOneCounts() {
        byte[] admission = d.serialize(Topics.MEMBER_EVENTS, d.admitted("M1", "B1", "2025-03-01"));
        d.sendRaw(Topics.MEMBER_EVENTS, null, admission);
        d.send(d.admitted("M2", "B1", "2025-03-01"));

        assertThat(d.lastRejection().getReason()).isEqualTo("MISSING_KEY");
        assertThat(d.lastRejection().getMessage()).contains("expected \"M1\"");
        assertThat(d.month("D1", "2025-03").getAdmissions()).isEqualTo(1);
    }

    @Test
    void recordKeyedByAnotherMemberIsRefused() {
        d.sendRaw(Topics.MEMBER_EVENTS, "M2", d.serialize(Topics.MEMBER_EVENTS, d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01")));

        RejectedEvent refused = d.lastRejection();
        assertThat(refused.getReason()).isEqualTo("KEY_MISMATCH");
        assertThat(refused.getMessage()).contains("\"M2\"").contains("\"M1\"");
        assertThat(d.current("D1").getMembersActive()).isZero();
        assertThat(d.rejectionCount("KEY_MISMATCH")).isEqualTo(1);
    }

    @Test
    void referenceRecordKeyedByAnotherUnitIsRefused() {
        d.sendRaw(Topics.REFERENCE, "Branch:B2", d.serialize(Topics.REFERENCE, d.branch("B1", "C3", vn.chibo.pulse.events.BranchKind.VILLAGE)));
        assertThat(d.lastRejection().getReason()).isEqualTo("KEY_MISMATCH");

        d.sendRaw(Topics.REFERENCE, "Commune:C1", d.serialize(Topics.REFERENCE, d.branch("B1", "C3", vn.chibo.pulse.events.BranchKind.VILLAGE)));
        assertThat(d.rejectionCount("KEY_MISMATCH")).isEqualTo(2);
        assertThat(d.branches.get("B1").getCommuneCode()).as("the refused moves changed nothing").isEqualTo("C1");
    }

    @Test
    void recordDeclaringAGigabyteStringIsRefusedWithoutExhaustingTheHeap() {
        byte[] valid = d.serialize(Topics.MEMBER_EVENTS, d.admitted("M1", "B1", "2025-03-01"));
        byte[] crafted = CraftedAvro.declaringAStringOf(1L << 30, valid); // eventId: 2^30 bytes
        d.sendRaw(Topics.MEMBER_EVENTS, "M1", crafted);
        d.send(d.admitted("M1", "B1", "2025-03-01"));

        RejectedEvent refused = (RejectedEvent) d.rejected.get(0).value();
        assertThat(refused.getReason()).isEqualTo("UNDESERIALIZABLE");
        assertThat(refused.getValue().array()).as("kept byte for byte, for an operator").isEqualTo(crafted);
        assertThat(d.month("D1", "2025-03").getAdmissions()).isEqualTo(1);
    }

    @Test
    void recordDeclaringHundredsOfMillionsOfAbsenteesIsRefused() {
        byte[] valid = d.serialize(Topics.MEETING_EVENTS, d.regular("MT1", "B1", "2025-03-05", 1, "M1"));
        // find the array block count of absentUnexcused (1 item: zig-zag 2) right before "M1" and declare 2^28 items
        int m1 = indexOf(valid, new byte[] {4, 'M', '1'});
        byte[] crafted = Arrays.copyOf(valid, valid.length + 4);
        System.arraycopy(valid, m1, crafted, m1 + 4, valid.length - m1);
        crafted[m1 - 1] = (byte) 0x80;
        crafted[m1] = (byte) 0x80;
        crafted[m1 + 1] = (byte) 0x80;
        crafted[m1 + 2] = (byte) 0x80;
        crafted[m1 + 3] = (byte) 0x02; // zig-zag 2^28 as a five-byte varint
        d.sendRaw(Topics.MEETING_EVENTS, "MT1", crafted);

        assertThat(d.lastRejection().getReason()).isEqualTo("UNDESERIALIZABLE");
        assertThat(d.month("D1", "2025-03").getRegularMeetings()).isZero();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
