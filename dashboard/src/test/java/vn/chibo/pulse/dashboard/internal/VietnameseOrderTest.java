package vn.chibo.pulse.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class VietnameseOrderTest {

    @Test
    void citiesComeFirstThenTownsThenDistrictsEachInVietnameseAlphabeticalOrder() {
        List<String> names = new ArrayList<>(List.of("Huyện Vũ Quang", "Huyện Đức Thọ", "Thị xã Kỳ Anh",
                "Huyện Can Lộc", "Thành phố Hà Tĩnh", "Huyện Hương Khê", "Thị xã Hồng Lĩnh", "Huyện Cẩm Xuyên",
                "Huyện Kỳ Anh", "Huyện Lộc Hà"));

        names.sort(VietnameseOrder.DISTRICTS);

        assertThat(names).containsExactly("Thành phố Hà Tĩnh", "Thị xã Hồng Lĩnh", "Thị xã Kỳ Anh",
                "Huyện Can Lộc", "Huyện Cẩm Xuyên", "Huyện Đức Thọ", "Huyện Hương Khê", "Huyện Kỳ Anh",
                "Huyện Lộc Hà", "Huyện Vũ Quang");
    }

    @Test
    void aNameWithoutAKnownRankComesLast() {
        List<String> names = new ArrayList<>(List.of("D99", "Huyện Can Lộc"));

        names.sort(VietnameseOrder.DISTRICTS);

        assertThat(names).containsExactly("Huyện Can Lộc", "D99");
    }
}
