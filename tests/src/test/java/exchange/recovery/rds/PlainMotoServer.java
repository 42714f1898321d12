package exchange.recovery.rds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.local.FreePorts;

/**
 * The emulator as RDS tests need it: plain {@code moto_server} on a free loopback port (no Lambda, no
 * Step Functions execution), answered before use, reset between tests. Clients come from the same
 * {@link AwsClients} factory the functions use, pointed at it.
 */
final class PlainMotoServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PlainMotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static PlainMotoServer start() throws IOException, InterruptedException {
        int port = FreePorts.find();
        Path log = Files.createTempFile("exchange-recovery-moto-", ".log");
        Process process = new ProcessBuilder(System.getenv().getOrDefault("MOTO_SERVER", "moto_server"),
                "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PlainMotoServer server = new PlainMotoServer(process, port, log);
        server.awaitAnswer();
        return server;
    }

    Env env() {
        return Env.of(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Forgets every resource, so each test starts from an empty account. */
    void reset() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("emulator reset answered " + response.statusCode());
        }
    }

    private void awaitAnswer() throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Duration pause = Duration.ofMillis(50);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : pause.multipliedBy(2);
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + START_TIMEOUT + "; log: " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
