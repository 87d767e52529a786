package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void kilobyteFieldsOfProcStatusAreReadInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 3060 kB\nVmHWM:\t    1736 kB\nVmRSS:\t    1700 kB\n";
        assertThat(ProcessMemory.kilobytesField(status, "VmHWM")).hasValue(1736L * 1024);
        assertThat(ProcessMemory.kilobytesField(status, "VmRSS")).hasValue(1700L * 1024);
        assertThat(ProcessMemory.kilobytesField(status, "VmSwap")).isEmpty();
    }

    @Test
    void thisProcessPeakIsAtLeastWhatItHoldsNow() {
        long pid = ProcessHandle.current().pid();
        long rss = ProcessMemory.rss(pid).orElseThrow();
        assertThat(rss).isPositive();
        assertThat(ProcessMemory.peakRss(pid).orElseThrow()).isGreaterThanOrEqualTo(rss);
        assertThat(ProcessMemory.pss(pid).orElseThrow()).isPositive();
        assertThat(ProcessMemory.tree(pid)).contains(pid);
    }

    @Test
    void aProcessThatIsGoneHasNoMemory() {
        assertThat(ProcessMemory.peakRss(Integer.MAX_VALUE)).isEmpty();
        assertThat(ProcessMemory.treePss(Integer.MAX_VALUE)).isZero();
    }

    @Test
    void cpuTimeAddsUserSystemAndReapedChildrenTicks() {
        String stat = "22429 (a (strange) name) R 22426 22426 25491 0 -1 4194304 124 0 0 0 150 50 7 3 20 0 1 0";
        assertThat(ProcessMemory.cpuTicks(stat)).isEqualTo(210);
        assertThat(ProcessMemory.cpuSeconds(ProcessHandle.current().pid())).isPositive();
    }
}
