package dev.tollfree.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /proc readings the harness relies on, taken of this JVM. */
class ProcStatsTest {
    @Test
    void compilerThreadsCpu_isFoundAndNeverMoreThanTheWholeProcess() {
        long pid = ProcessHandle.current().pid();
        long compilers = ProcStats.compilerCpuNanos(pid);
        assertThat(compilers).as("this JVM has C1/C2 threads under /proc/<pid>/task").isNotNegative();
        assertThat(compilers).isLessThanOrEqualTo(ProcStats.cpuNanos(pid));
        assertThat(ProcStats.compilerCpuNanos(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void threadKinds_followTheNamesLinuxKeeps() {
        assertThat(ProcStats.threadKind("ForkJoinPool-1-")).isEqualTo("carriers");
        assertThat(ProcStats.threadKind("Read-Poller")).isEqualTo("pollers");
        assertThat(ProcStats.threadKind("Write-Poller")).isEqualTo("pollers");
        assertThat(ProcStats.threadKind("tollfree-reques")).isEqualTo("request log");
        assertThat(ProcStats.threadKind("VM Thread")).isEqualTo("GC and safepoints");
        assertThat(ProcStats.threadKind("C2 CompilerThre")).isEqualTo("JIT");
        assertThat(ProcStats.threadKind("tollfree-watchd")).isEqualTo("other");
        assertThat(ProcStats.THREAD_KINDS).contains("carriers", "pollers", "request log", "GC and safepoints", "JIT", "other");
    }

    @Test
    void cpuByKind_addsEachLiveThreadsDifference_andLosesOnlyThreadsThatEnded() {
        Map<Long, ProcStats.ThreadCpu> before = Map.of(
                1L, new ProcStats.ThreadCpu("carriers", 10),
                2L, new ProcStats.ThreadCpu("carriers", 5),
                3L, new ProcStats.ThreadCpu("JIT", 50)); // ends before the second snapshot
        Map<Long, ProcStats.ThreadCpu> after = Map.of(
                1L, new ProcStats.ThreadCpu("carriers", 14),
                2L, new ProcStats.ThreadCpu("carriers", 6),
                4L, new ProcStats.ThreadCpu("request log", 2)); // started in between
        Map<String, Long> nanos = ProcStats.cpuByKind(before, after);
        assertThat(nanos).containsOnlyKeys(ProcStats.THREAD_KINDS);
        assertThat(nanos.get("carriers")).isEqualTo(5 * 10_000_000L);
        assertThat(nanos.get("request log")).isEqualTo(2 * 10_000_000L);
        assertThat(nanos.get("JIT")).isZero();
        assertThat(ProcStats.cpuByKind(Map.of(), after)).isEmpty();
    }

    @Test
    void threadCpu_ofThisJvm_findsItsThreads_andNoneOfAMissingProcess() {
        Map<Long, ProcStats.ThreadCpu> threads = ProcStats.threadCpu(ProcessHandle.current().pid());
        assertThat(threads).isNotEmpty();
        assertThat(threads.values()).extracting(ProcStats.ThreadCpu::kind).contains("JIT", "GC and safepoints");
        assertThat(ProcStats.threadCpu(Long.MAX_VALUE)).isEmpty();
    }
}
