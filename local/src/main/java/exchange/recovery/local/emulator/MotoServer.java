package exchange.recovery.local.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import exchange.recovery.local.emulator.FreePorts;
import exchange.recovery.local.LocalRuntimeException;

/**
 * The AWS emulator (moto) as a child process on a free loopback port, started through our launcher,
 * which switches on real Step Functions execution and patches the moto defects we depend on.
 */
public final class MotoServer implements AutoCloseable {

    static final int MOTO_MISSING = 3;
    private static final String LAUNCHER = "/exchange/recovery/local/emulator/moto_launcher.py";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the emulator. {@code lambdaEndpoint}, when present, receives every Lambda Invoke that
     * reaches the emulator (from SDK clients and from state machine tasks).
     */
    public static MotoServer start(Optional<String> lambdaEndpoint) {
        String python = System.getenv().getOrDefault("PYTHON", "python3");
        int port = FreePorts.find();
        try {
            Path work = Files.createTempDirectory("exchange-recovery-moto-");
            Path launcher = work.resolve("moto_launcher.py");
            try (InputStream script = MotoServer.class.getResourceAsStream(LAUNCHER)) {
                if (script == null) {
                    throw new LocalRuntimeException("The emulator launcher is missing from the classpath: " + LAUNCHER);
                }
                Files.copy(script, launcher, StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = work.resolve("moto.log");
            List<String> command = new ArrayList<>(List.of(python, launcher.toString(), "--host", "127.0.0.1",
                    "--port", String.valueOf(port)));
            lambdaEndpoint.ifPresent(endpoint -> command.addAll(List.of("--lambda-endpoint", endpoint)));
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            process.getOutputStream().close();
            MotoServer server = new MotoServer(process, port, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot start the AWS emulator with '" + python
                    + "': is Python 3 installed? (set PYTHON to choose the interpreter)", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    private void awaitReady() {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = stdout.readLine()) != null) {
                    if (line.startsWith("READY")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String line = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw failure();
            }
            drain(stdout);
        } catch (TimeoutException e) {
            close();
            throw new LocalRuntimeException("The AWS emulator did not start within " + START_TIMEOUT + "; log: " + log);
        } catch (ExecutionException e) {
            throw failure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new LocalRuntimeException("Interrupted while starting the AWS emulator");
        }
    }

    private LocalRuntimeException failure() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String output = readLog();
        if (!process.isAlive() && process.exitValue() == MOTO_MISSING) {
            return new LocalRuntimeException("moto is not installed for this Python: install it with "
                    + "pip install 'moto[server]==5.2.1' (scripts/setup.sh checks this).\n" + output);
        }
        close();
        return new LocalRuntimeException("The AWS emulator failed to start:\n" + output);
    }

    /** Keeps the child's stdout pipe from filling up. */
    private static void drain(BufferedReader stdout) {
        Thread drainer = new Thread(() -> {
            try {
                while (stdout.readLine() != null) {
                    // discarded: the emulator logs to stderr, which goes to the log file
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "moto-stdout");
        drainer.setDaemon(true);
        drainer.start();
    }

    private String readLog() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
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
