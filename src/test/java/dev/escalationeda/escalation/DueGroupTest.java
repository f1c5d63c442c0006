package dev.escalationeda.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class DueGroupTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMillis(100);

    @Test
    void escalationsDueWithinTheWindowGoTogetherAtTheLastDueTime() {
        List<DueGroup> groups = DueGroup.of(List.of(due(1, 0), due(2, 40), due(3, 100), due(4, 101), due(5, 150)), 20, WINDOW);

        assertThat(groups).containsExactly(new DueGroup(List.of(1L, 2L, 3L), at(100)), new DueGroup(List.of(4L, 5L), at(150)));
    }

    @Test
    void aGroupHoldsAtMostTheGroupSize() {
        List<DueEscalation> overdue = LongStream.rangeClosed(1, 7).mapToObj(id -> due(id, 0)).toList();

        assertThat(DueGroup.of(overdue, 3, WINDOW)).extracting(DueGroup::ids)
                .containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L));
    }

    @Test
    void escalationsFarApartGoAloneAtTheirOwnTime() {
        assertThat(DueGroup.of(List.of(due(1, 0), due(2, 500)), 20, WINDOW))
                .containsExactly(new DueGroup(List.of(1L), at(0)), new DueGroup(List.of(2L), at(500)));
        assertThat(DueGroup.of(List.of(), 20, WINDOW)).isEmpty();
    }

    private static DueEscalation due(long id, long millis) {
        return new DueEscalation(id, at(millis));
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }
}
