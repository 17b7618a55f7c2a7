package org.rampart.bench;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM, to put a price on work that wall-clock time on a shared machine cannot. */
final class ProcessCpu {
    private ProcessCpu() {}

    /** CPU nanoseconds used by the whole JVM so far (all threads, GC and JIT included), comparable with a server process's. */
    static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
