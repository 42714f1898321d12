package exchange.recovery.approval;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.core.SecurityAlerts;

/**
 * The approval task of a state machine ({@code lambda:invoke.waitForTaskToken}): stores the request
 * and its token, and sends each approver their own link. The execution waits until the approval page
 * completes the task, or until the task's TimeoutSeconds.
 */
public class RequestApprovalHandler extends JsonHandler<RequestApprovalInput, RequestApprovalResult> {

    private final ApprovalRequester requester;

    public RequestApprovalHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private RequestApprovalHandler(Env env, AwsClients clients) {
        this(new ApprovalRequester(
                ApprovalPolicies.fromEnv(env),
                new ApprovalStore(clients.dynamoDb(), env.require("APPROVAL_TABLE")),
                AuditLog.fromEnvironment(env, clients),
                new ApprovalNotifier(clients.sns(), env.require("APPROVAL_TOPIC_ARN"), env.require("APPROVAL_BASE_URL")),
                SigningKey.load(clients.secretsManager(), env.require(SigningKey.VARIABLE)),
                SecurityAlerts.fromEnvironment(env, clients),
                Clock.systemUTC()));
    }

    public RequestApprovalHandler(ApprovalRequester requester) {
        super(RequestApprovalInput.class);
        this.requester = requester;
    }

    @Override
    protected RequestApprovalResult handle(RequestApprovalInput input, Context context) {
        return requester.request(input);
    }
}
