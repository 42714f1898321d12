package exchange.recovery.local.emulator;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.local.LocalRuntimeException;

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

    /**
     * Empties the emulator (moto's {@code /moto-api/reset}: every resource of every service) and the Lambda
     * endpoint, keeping both processes and their ports: a fresh account for the next deploy, in a fraction
     * of a start.
     */
    public void reset() {
        lambdas.reset();
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(emulator.endpoint() + "/moto-api/reset"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new LocalRuntimeException("The emulator refused its reset: HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new LocalRuntimeException("Cannot reset the emulator: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalRuntimeException("Interrupted while resetting the emulator", e);
        }
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
