package vn.chibo.pulse.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.producers.RealStack;

/** The simulator publishing to a real broker through the real registry, counted back from the topics. */
class SimulatorIntegrationTest {
    @RegisterExtension
    static final RealStack stack = new RealStack();

    @Test
    void initialLoadPublishedAndCountedFromTheTopicsGivesTheFiguresOfHaTinh() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SimulatorCommand.run(List.of("--initial-only", "--seed=7", "--start=" + LocalDate.of(2025, 1, 1)), stack.endpoints(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);

        Set<String> districts = new HashSet<>();
        Set<String> communes = new HashSet<>();
        Map<String, BranchKind> branchKind = new HashMap<>();
        stack.read(Topics.REFERENCE, r -> {
            Object p = ((ReferenceEvent) r.value()).getPayload();
            if (p instanceof District d) {
                districts.add(d.getName());
            } else if (p instanceof Commune c) {
                communes.add(c.getCode());
            } else if (p instanceof Branch b) {
                branchKind.put(b.getId(), b.getKind());
            }
        });
        assertThat(districts).containsExactlyInAnyOrder("Thành phố Hà Tĩnh", "Thị xã Hồng Lĩnh", "Thị xã Kỳ Anh", "Huyện Cẩm Xuyên",
                "Huyện Can Lộc", "Huyện Đức Thọ", "Huyện Hương Khê", "Huyện Hương Sơn", "Huyện Kỳ Anh", "Huyện Lộc Hà",
                "Huyện Nghi Xuân", "Huyện Thạch Hà", "Huyện Vũ Quang");
        assertThat(communes).hasSize(220);
        assertThat(branchKind.values().stream().filter(k -> k == BranchKind.VILLAGE).count()).isEqualTo(1_602);
        assertThat(branchKind.values().stream().filter(k -> k == BranchKind.STREET_GROUP).count()).isEqualTo(308);

        Set<String> members = new HashSet<>();
        long[] inVillageOrStreetGroup = new long[1];
        long records = stack.read(Topics.MEMBER_EVENTS, r -> {
            MemberRegistered m = (MemberRegistered) ((MemberEvent) r.value()).getPayload();
            assertThat(r.key()).isEqualTo(m.getMemberId());
            if (members.add(m.getMemberId()) && branchKind.get(m.getBranchId()) != BranchKind.OTHER) {
                inVillageOrStreetGroup[0]++;
            }
        });
        assertThat(records).isEqualTo(100_274);
        assertThat(members).hasSize(100_274);
        assertThat(inVillageOrStreetGroup[0]).isEqualTo(63_924);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("100,274 active members", "63,924 in village and street-group branches");
    }
}
