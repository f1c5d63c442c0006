package dev.escalationeda.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestLocksTest {

    private final RequestLocks locks = new RequestLocks();

    @Test
    void oneHolderAtATimeAndNewsWhileHeldIsReportedOnRelease() {
        assertThat(locks.tryAcquire("r1")).isTrue();
        assertThat(locks.tryAcquire("r2")).as("other requests are independent").isTrue();
        assertThat(locks.release("r2")).as("nothing came for r2").isFalse();

        assertThat(locks.tryAcquire("r1")).as("held").isFalse();
        assertThat(locks.release("r1")).as("a message came while held").isTrue();

        assertThat(locks.tryAcquire("r1")).as("free again").isTrue();
        assertThat(locks.release("r1")).isFalse();
    }
}
