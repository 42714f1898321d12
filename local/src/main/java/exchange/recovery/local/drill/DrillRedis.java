package exchange.recovery.local.drill;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import exchange.recovery.local.FreePorts;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.aws.Executions;

/** A throw-away {@code redis-server} on a free loopback port, without persistence, for scenarios that need the caches. */
public final class DrillRedis implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path directory;

    private DrillRedis(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    public static DrillRedis start() {
        String binary = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
        int port = FreePorts.find();
        try {
            Path directory = Files.createTempDirectory("exchange-recovery-redis-");
            Process process = new ProcessBuilder(List.of(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", directory.toString()))
                    .redirectErrorStream(true).redirectOutput(directory.resolve("redis.log").toFile()).start();
            DrillRedis redis = new DrillRedis(process, port, directory);
            Executions.await(() -> redis.ping() ? Boolean.TRUE : null, Duration.ofSeconds(20), "redis-server on port " + port);
            return redis;
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot start redis-server ('" + binary + "'): install the Debian package "
                    + "redis-server (scripts/setup.sh does) or set REDIS_SERVER", e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private boolean ping() {
        if (!process.isAlive()) {
            throw new LocalRuntimeException("redis-server exited with code " + process.exitValue() + "; log: "
                    + directory.resolve("redis.log"));
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
