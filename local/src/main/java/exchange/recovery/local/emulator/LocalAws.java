package exchange.recovery.local.emulator;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;

/**
 * Local AWS: the emulator plus the in-process Lambda endpoint it forwards invocations to. Functions
 * and tools get clients from the same {@link AwsClients} factory the Lambdas use in AWS; only the
 * endpoint differs.
 */
public final class LocalAws implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";

    private final LocalLambdaEndpoint lambdas;
    private final MotoServer emulator;
    private final AwsClients clients;

    private LocalAws(LocalLambdaEndpoint lambdas, MotoServer emulator) {
        this.lambdas = lambdas;
        this.emulator = emulator;
        this.clients = new AwsClients(clientEnv());
    }

    public static LocalAws start() {
        LocalLambdaEndpoint lambdas = LocalLambdaEndpoint.start(REGION, ACCOUNT_ID);
        try {
            return new LocalAws(lambdas, MotoServer.start(Optional.of(lambdas.url())));
        } catch (RuntimeException e) {
            lambdas.close();
            throw e;
        }
    }

    /** The variables that point an SDK client at the emulator; functions get these on top of their own. */
    public Env clientEnv() {
        return Env.of(awsVariables());
    }

    public Map<String, String> awsVariables() {
        Map<String, String> variables = new HashMap<>();
        variables.put("AWS_REGION", REGION);
        variables.put("AWS_DEFAULT_REGION", REGION);
        variables.put("AWS_ENDPOINT_URL", emulator.endpoint());
        variables.put("AWS_ACCESS_KEY_ID", "test");
        variables.put("AWS_SECRET_ACCESS_KEY", "test");
        return variables;
    }

    public AwsClients clients() {
        return clients;
    }

    public LocalLambdaEndpoint lambdas() {
        return lambdas;
    }

    public MotoServer emulator() {
        return emulator;
    }

    public String endpoint() {
        return emulator.endpoint();
    }

    @Override
    public void close() {
        try {
            emulator.close();
        } finally {
            lambdas.close();
        }
    }
}
