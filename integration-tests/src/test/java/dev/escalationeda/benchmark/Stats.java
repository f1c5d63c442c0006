package dev.escalationeda.benchmark;

import java.util.List;

/** Figures the benchmarks print. */
final class Stats {

    private Stats() {
    }

    /** The nearest-rank percentile of ascending values. */
    static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
