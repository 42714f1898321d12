package exchange.recovery.wallet;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.approval.ApprovalRecords;
import exchange.recovery.approval.ApprovalStore;
import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;

/**
 * PAUSE / RESUME / STATUS of withdrawals. Refusals are typed ({@code ReconciliationNotPassed},
 * {@code exchange.recovery.approval.ApprovalNotValid}) so that a plan can Catch them and stay paused.
 */
public class WithdrawalGateHandler extends JsonHandler<WithdrawalGateRequest, WithdrawalGateResult> {

    private final WithdrawalGate gate;

    public WithdrawalGateHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private WithdrawalGateHandler(Env env, AwsClients clients) {
        this(new WithdrawalGate(new WithdrawalFlag(clients.ssm(), env.require("WITHDRAWAL_FLAG_PARAMETER")),
                new ApprovalRecords(new ApprovalStore(clients.dynamoDb(), env.require("APPROVAL_TABLE"))),
                Clock.systemUTC()));
    }

    public WithdrawalGateHandler(WithdrawalGate gate) {
        super(WithdrawalGateRequest.class);
        this.gate = gate;
    }

    @Override
    protected WithdrawalGateResult handle(WithdrawalGateRequest request, Context context) {
        return gate.apply(request);
    }
}
