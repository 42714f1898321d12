package exchange.recovery.approval;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Json;

/**
 * A headless Chromium (Debian's) driven by playwright-core through {@code tests/src/test/js/browser-driver.mjs}:
 * one JSON command per line. Each named context is one person's browser with its own cookies.
 */
final class BrowserDriver implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Process node;
    private final BufferedWriter commands;
    private final BufferedReader answers;
    private final Path log;

    private BrowserDriver(Process node, Path log) {
        this.node = node;
        this.log = log;
        this.commands = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    static BrowserDriver start() throws IOException {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        Path script = root.resolve("tests/src/test/js/browser-driver.mjs");
        if (!Files.isDirectory(root.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed: run 'npm ci' in " + root);
        }
        Path log = Files.createTempFile("browser-driver-", ".log");
        Process node = new ProcessBuilder("node", script.toString())
                .directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new BrowserDriver(node, log);
    }

    /** A page as the browser shows it: HTTP status, refusal reason (data-reason), texts of its parts. */
    record Page(int status, String url, String title, String reason, String refusal, String outcome, String evidence,
                String request, boolean hasForm) {
    }

    Page open(String person, String url) {
        return page(send(Map.of("op", "open", "context", person, "url", url)));
    }

    Page approve(String person) {
        return page(send(Map.of("op", "approve", "context", person)));
    }

    Page reject(String person, String reason) {
        return page(send(Map.of("op", "reject", "context", person, "reason", reason)));
    }

    Page approveWithoutCsrf(String person) {
        return page(send(Map.of("op", "approveWithoutCsrf", "context", person)));
    }

    /** The approve form's hidden fields on the person's current page. */
    Map<String, String> captureForm(String person) {
        JsonNode result = send(Map.of("op", "captureForm", "context", person));
        return Json.MAPPER.convertValue(result.path("fields"), Json.MAPPER.getTypeFactory()
                .constructMapType(Map.class, String.class, String.class));
    }

    /** A browser form POST of {@code fields} to {@code url}. */
    Page postForm(String person, String url, Map<String, String> fields) {
        return page(send(Map.of("op", "postForm", "context", person, "url", url, "fields", fields)));
    }

    void screenshot(String person, Path path) {
        send(Map.of("op", "screenshot", "context", person, "path", path.toAbsolutePath().toString()));
    }

    private JsonNode send(Map<String, Object> command) {
        try {
            commands.write(Json.write(command));
            commands.newLine();
            commands.flush();
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return answers.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException("The browser driver stopped; its log: " + Files.readString(log));
            }
            JsonNode answer = Json.read(line);
            if (!answer.path("ok").asBoolean()) {
                throw new IllegalStateException("Browser command " + command.get("op") + " failed: " + answer.path("error").asText());
            }
            return answer.path("result");
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Browser command " + command.get("op") + " did not complete: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static Page page(JsonNode result) {
        ObjectNode node = (ObjectNode) result;
        return new Page(node.path("status").asInt(0), text(node, "url"), text(node, "title"), text(node, "reason"),
                text(node, "refusal"), text(node, "outcome"), text(node, "evidence"), text(node, "request"),
                node.path("hasForm").asBoolean());
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isNull() || node.path(field).isMissingNode() ? null : node.path(field).asText();
    }

    @Override
    public void close() {
        try {
            commands.write("{\"op\":\"quit\"}");
            commands.newLine();
            commands.flush();
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        } catch (IOException e) {
            node.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.destroyForcibly();
        }
    }
}
