package exchange.recovery.local.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import exchange.recovery.local.emulator.FreePorts;
import exchange.recovery.local.emulator.Processes;
import exchange.recovery.local.LocalRuntimeException;

/**
 * A throw-away Redis server on a free loopback port, from the machine's {@code redis-server} binary
 * (Debian package {@code redis-server}, or {@code REDIS_SERVER} naming the binary).
 *
 * <p>{@link #start()} runs without persistence, like a cache node that loses everything when it dies.
 * {@link #startPersistent()} keeps an append-only file fsynced on every write, so that {@link #kill()}
 * followed by {@link #restart()} brings back exactly what the server had acknowledged: the stand-in for
 * a replica promoted after its primary died.
 */
public final class LocalRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final Path directory;
    private final int port;
    private final boolean persistent;
    private Process process;

    private LocalRedis(Path binary, Path directory, int port, boolean persistent) {
        this.binary = binary;
        this.directory = directory;
        this.port = port;
        this.persistent = persistent;
    }

    /** A server that keeps nothing on disk. */
    public static LocalRedis start() {
        return start(false);
    }

    /** A server whose append-only file is fsynced on every write and survives {@link #kill()}. */
    public static LocalRedis startPersistent() {
        return start(true);
    }

    private static LocalRedis start(boolean persistent) {
        try {
            Path directory = Files.createTempDirectory(Path.of("/tmp"), "exchange-recovery-redis-");
            LocalRedis server = new LocalRedis(findBinary(), directory, FreePorts.find(), persistent);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot create a Redis data directory", e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Ends the server with SIGKILL, as a crashed node: no shutdown save, clients see the socket drop. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new LocalRuntimeException("redis-server on port " + port + " did not die after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalRuntimeException("Interrupted while killing redis-server", e);
        }
        process = null;
    }

    /** Starts the server again on the same port and directory (after {@link #kill()}). */
    public void restart() {
        if (isRunning()) {
            throw new LocalRuntimeException("redis-server on port " + port + " is still running");
        }
        launch();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--protected-mode", "no",
                "--dir", directory.toString(), "--logfile", directory.resolve("redis.log").toString(),
                "--daemonize", "no", "--save", ""));
        if (persistent) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot start " + binary, e);
        }
        awaitPing();
    }

    private void awaitPing() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LocalRuntimeException("redis-server exited with code " + process.exitValue()
                        + " while starting; see " + directory.resolve("redis.log"));
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalRuntimeException("Interrupted while waiting for redis-server", e);
            }
        }
        process.destroyForcibly();
        throw new LocalRuntimeException("redis-server on port " + port + " did not answer PING within " + START_TIMEOUT);
    }

    /** True when the server answers PING with PONG (a loading server answers -LOADING and is not ready). */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Path findBinary() {
        String configured = System.getenv("REDIS_SERVER");
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        candidates.addAll(List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server")));
        return candidates.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new LocalRuntimeException("redis-server not found (looked at " + candidates
                        + "); install the Debian package 'redis-server' or set REDIS_SERVER"));
    }

    @Override
    public void close() {
        kill();
        Processes.deleteTree(directory);
    }
}
