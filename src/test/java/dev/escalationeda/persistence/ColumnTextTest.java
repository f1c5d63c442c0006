package dev.escalationeda.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnTextTest {

    @Test
    void textThatFitsIsKept() {
        assertThat(ColumnText.fit("503 Service Unavailable", 23)).isEqualTo("503 Service Unavailable");
    }

    @Test
    void longerTextIsCutToTheWidth() {
        assertThat(ColumnText.fit("x".repeat(1500), 1000)).hasSize(1000);
    }

    @Test
    void noTextStaysNull() {
        assertThat(ColumnText.fit(null, 1000)).isNull();
    }
}
