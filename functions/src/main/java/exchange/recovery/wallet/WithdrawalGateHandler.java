package exchange.recovery.wallet;

import java.time.Clock;
import java.time.Duration;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.approval.ApprovalRecords;
import exchange.recovery.approval.ApprovalUseAudit;
import exchange.recovery.core.AwsClients;
import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.core.SecurityAlerts;
import exchange.recovery.hold.DynamoDbHoldStore;
import exchange.recovery.hold.Holds;

/**
 * PAUSE / RESUME / STATUS / INITIALISE of withdrawals. Refusals are typed ({@code ReconciliationNotPassed},
 * {@code ApprovalAlreadyUsed}, {@code ApprovalTooOld}, {@code exchange.recovery.approval.ApprovalNotValid},
 * {@code exchange.recovery.hold.InvalidHold}) so that a plan can Catch them and stay paused.
 */
public class WithdrawalGateHandler extends JsonHandler<WithdrawalGateRequest, WithdrawalGateResult> {

    static final String MAX_AGE_VARIABLE = "WITHDRAWAL_APPROVAL_MAX_AGE_MINUTES";

    private final WithdrawalGate gate;

    public WithdrawalGateHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private WithdrawalGateHandler(Env env, AwsClients clients) {
        this(new WithdrawalGate(
                new Holds(new DynamoDbHoldStore(clients.dynamoDb(), env.require("HOLD_TABLE")), Clock.systemUTC()),
                ApprovalRecords.onTable(clients.dynamoDb(), env.require("APPROVAL_TABLE")),
                SecurityAlerts.fromEnvironment(env, clients),
                ApprovalUseAudit.fromEnvironment(env, clients),
                maxApprovalAge(env),
                Clock.systemUTC()));
    }

    public WithdrawalGateHandler(WithdrawalGate gate) {
        super(WithdrawalGateRequest.class);
        this.gate = gate;
    }

    static Duration maxApprovalAge(Env env) {
        int minutes = env.getInt(MAX_AGE_VARIABLE, (int) WithdrawalGate.DEFAULT_MAX_APPROVAL_AGE.toMinutes());
        if (minutes < 1) {
            throw new ConfigurationMissing(MAX_AGE_VARIABLE + " (at least 1 minute, not " + minutes + ")");
        }
        return Duration.ofMinutes(minutes);
    }

    @Override
    protected WithdrawalGateResult handle(WithdrawalGateRequest request, Context context) {
        return gate.apply(request);
    }
}
