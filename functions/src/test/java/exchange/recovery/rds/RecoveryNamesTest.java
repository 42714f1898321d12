package exchange.recovery.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.InvalidInput;

class RecoveryNamesTest {

    private static final String VALID = "[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]";

    @Test
    void names_areDerivedFromSourceAndIncident() {
        assertThat(RecoveryNames.restored("Exchange-DB", "INC-123")).isEqualTo("exchange-db-pitr-inc-123");
        assertThat(RecoveryNames.retained("exchange-db", "INC-123")).isEqualTo("exchange-db-old-inc-123");
    }

    @Test
    void restoredCopies_toANamedTime_haveTheirOwnName_andWithoutOneTheIncidentsName() {
        java.time.Instant time = java.time.Instant.parse("2026-11-28T02:59:00.250Z");

        assertThat(RecoveryNames.restored("exchange-db", "INC-123", time)).isEqualTo("exchange-db-pitr-inc-123-at-20261128t025900z");
        assertThat(RecoveryNames.restored("exchange-db", "INC-123", null)).isEqualTo(RecoveryNames.restored("exchange-db", "INC-123"));
        assertThat(RecoveryNames.restored("exchange-db", "ALARM-exchange-db-integrity-check-failed-20261128T070507Z", time))
                .matches(VALID).hasSizeLessThanOrEqualTo(63)
                .isNotEqualTo(RecoveryNames.restored("exchange-db", "ALARM-exchange-db-integrity-check-failed-20261128T070507Z"));
        assertThat(RecoveryNames.isRestoredCopyOf("exchange-db-pitr-inc-123-at-20261128t025900z", "exchange-db")).isTrue();
        assertThat(RecoveryNames.isRestoredCopyOf("exchange-db-old-inc-123", "exchange-db")).isFalse();
    }

    @Test
    void names_areValidIdentifiersWhateverTheIncidentIdHolds() {
        String name = RecoveryNames.restored("exchange-db", "ALARM-exchange-db__CPU//high--2026-03-10T12:00:00Z");

        assertThat(name).matches(VALID).hasSizeLessThanOrEqualTo(63).startsWith("exchange-db-pitr-alarm-exchange-db-cpu-high");
    }

    @Test
    void names_ofLongIncidentsStayDistinctAndWithinTheLimit() {
        String first = RecoveryNames.restored("exchange-db", "ALARM-exchange-primary-database-write-latency-1767225600");
        String second = RecoveryNames.restored("exchange-db", "ALARM-exchange-primary-database-write-latency-1767225660");

        assertThat(first).hasSizeLessThanOrEqualTo(63).matches(VALID);
        assertThat(second).hasSizeLessThanOrEqualTo(63).matches(VALID);
        assertThat(first).isNotEqualTo(second);
        assertThat(RecoveryNames.restored("exchange-db", "ALARM-exchange-primary-database-write-latency-1767225600")).isEqualTo(first);
    }

    @Test
    void names_refuseASourceTooLongToLeaveRoomForTheIncident() {
        assertThatThrownBy(() -> RecoveryNames.restored("a".repeat(55), "INC-1"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("too long");
    }

    @Test
    void instanceId_refusesWhatRdsWouldRefuse() {
        assertThatThrownBy(() -> RecoveryNames.instanceId("1db", "instanceId")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> RecoveryNames.instanceId("db--x", "instanceId")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> RecoveryNames.instanceId("db-", "instanceId")).isInstanceOf(InvalidInput.class);
        assertThat(RecoveryNames.instanceId(" Exchange-DB ", "instanceId")).isEqualTo("exchange-db");
    }
}
