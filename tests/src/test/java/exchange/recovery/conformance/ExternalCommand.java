package exchange.recovery.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool the checks rely on (cfn-lint, asl-validator, python3) and captures what it printed. */
final class ExternalCommand {

    record Result(int exitCode, String stdout, String stderr) {

        String output() {
            return (stdout + (stdout.isEmpty() || stderr.isEmpty() ? "" : "\n") + stderr).strip();
        }
    }

    private ExternalCommand() {
    }

    /**
     * Runs {@code command} in {@code directory}.
     *
     * @param missing what to tell the user when the program itself cannot be started
     */
    static Result run(List<String> command, Path directory, Duration timeout, String missing) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("command", ".out");
            stderr = Files.createTempFile("command", ".err");
            Process process;
            try {
                process = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException(missing + " (could not start " + command.get(0) + ": "
                        + e.getMessage() + ")", e);
            }
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temporary file left behind is harmless.
            }
        }
    }
}
