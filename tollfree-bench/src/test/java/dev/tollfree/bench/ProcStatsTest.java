package dev.tollfree.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
}
