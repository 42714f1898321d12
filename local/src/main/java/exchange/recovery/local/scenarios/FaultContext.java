package exchange.recovery.local.scenarios;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

import exchange.recovery.core.AwsClients;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.LocalRedis;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.deploy.DeployedStack;
import exchange.recovery.local.exchange.LocalExchange;
import exchange.recovery.local.stack.DrillHarness;

/** What a scenario may touch to inject its fault: the exchange's resources, its data, and its alarms. */
public final class FaultContext {

    private final DrillHarness harness;
    private final Consumer<String> notes;

    public FaultContext(DrillHarness harness, Consumer<String> notes) {
        this.harness = harness;
        this.notes = notes;
    }

    public LocalExchange exchange() {
        return harness.exchange();
    }

    public AwsClients aws() {
        return harness.aws().clients();
    }

    public DeployedStack stack() {
        return harness.stack();
    }

    /** A connection to the exchange's PostgreSQL (the sample exchange), for data faults. */
    public Connection database() throws SQLException {
        LocalPostgres postgres = harness.postgres()
                .orElseThrow(() -> new LocalRuntimeException("This scenario did not ask for PostgreSQL (Need.POSTGRES)"));
        return postgres.connect();
    }

    public LocalRedis redis() {
        return harness.redis().orElseThrow(() -> new LocalRuntimeException("This scenario did not ask for Redis (Need.REDIS)"));
    }

    /** Moves one of the exchange's alarms to ALARM, as CloudWatch would when its metric crosses the threshold. */
    public void fireAlarm(String alarmName, String reason) {
        exchange().alarms().setAlarmState(alarmName, "ALARM", reason);
        note("alarm " + alarmName + " → ALARM (" + reason + ")");
    }

    /** Tells the person watching what the fault did. */
    public void note(String text) {
        notes.accept(text);
    }
}
