package exchange.recovery.local.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import exchange.recovery.core.Json;
import exchange.recovery.local.LocalRuntimeException;

/**
 * An HTTP API (API Gateway, payload format 2.0) on loopback: each request to a declared route becomes
 * the Lambda proxy event API Gateway would send, is handed to a function (typically through the local
 * Lambda endpoint), and the function's proxy response becomes the HTTP response: status, headers,
 * Set-Cookie lines and body. Lets a real browser use a Lambda-backed page locally.
 */
public final class LocalHttpApi implements AutoCloseable {

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "local-http-api");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    private LocalHttpApi(HttpServer server) {
        this.server = server;
    }

    /** Starts the API on a free loopback port. */
    public static LocalHttpApi start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            LocalHttpApi api = new LocalHttpApi(server);
            server.createContext("/", api::serve);
            server.setExecutor(api.workers);
            server.start();
            return api;
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot start the local HTTP API", e);
        }
    }

    /** The base URL, as an API's invoke URL: {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Routes {@code method} (or {@code ANY}) on {@code pathTemplate} (e.g. {@code /approvals/{requestId}/{approver}})
     * to {@code function}, which takes the proxy event's JSON and returns the proxy response's JSON.
     */
    public LocalHttpApi route(String method, String pathTemplate, UnaryOperator<String> function) {
        StringBuilder regex = new StringBuilder("^");
        List<String> names = new ArrayList<>();
        Matcher matcher = PARAMETER.matcher(pathTemplate);
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(pathTemplate.substring(last, matcher.start()))).append("([^/]+)");
            names.add(matcher.group(1));
            last = matcher.end();
        }
        regex.append(Pattern.quote(pathTemplate.substring(last))).append("$");
        routes.add(new Route(method.toUpperCase(Locale.ROOT), method.toUpperCase(Locale.ROOT) + " " + pathTemplate,
                Pattern.compile(regex.toString()), names, function));
        return this;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            for (Route route : routes) {
                Matcher matcher = route.pattern().matcher(path);
                if (matcher.matches() && ("ANY".equals(route.method()) || route.method().equals(method))) {
                    ObjectNode event = event(exchange, route, matcher);
                    respond(exchange, Json.read(route.function().apply(Json.write(event))));
                    return;
                }
            }
            byte[] body = "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (RuntimeException e) {
            // API Gateway answers 500 when the integration fails or returns something unusable.
            exchange.sendResponseHeaders(500, -1);
        }
    }

    /** The HTTP API payload format 2.0 event for this request. */
    private static ObjectNode event(HttpExchange exchange, Route route, Matcher matcher) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        event.put("version", "2.0");
        event.put("routeKey", route.key());
        event.put("rawPath", exchange.getRequestURI().getRawPath());
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        ObjectNode headers = event.putObject("headers");
        ArrayNode cookies = Json.MAPPER.createArrayNode();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if ("cookie".equals(lower)) {
                values.forEach(value -> {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                });
            } else {
                headers.put(lower, String.join(",", values));
            }
        });
        headers.put("x-forwarded-proto", "http");
        if (!cookies.isEmpty()) {
            event.set("cookies", cookies);
        }
        if (rawQuery != null && !rawQuery.isEmpty()) {
            ObjectNode query = event.putObject("queryStringParameters");
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                query.put(name, query.has(name) ? query.get(name).asText() + "," + value : value);
            }
        }
        if (!route.names().isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            for (int i = 0; i < route.names().size(); i++) {
                parameters.put(route.names().get(i), decode(matcher.group(i + 1)));
            }
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", LocalAws.ACCOUNT_ID);
        context.put("apiId", "local");
        context.put("domainName", exchange.getLocalAddress().getHostString());
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", route.key());
        context.put("stage", "$default");
        context.put("timeEpoch", Instant.now().toEpochMilli());
        ObjectNode http = context.putObject("http");
        http.put("method", exchange.getRequestMethod().toUpperCase(Locale.ROOT));
        http.put("path", exchange.getRequestURI().getRawPath());
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (body.length > 0) {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    private static void respond(HttpExchange exchange, JsonNode response) throws IOException {
        int status = response.path("statusCode").asInt(200);
        response.path("headers").properties().forEach(header ->
                exchange.getResponseHeaders().add(header.getKey(), header.getValue().asText()));
        response.path("multiValueHeaders").properties().forEach(header ->
                header.getValue().forEach(value -> exchange.getResponseHeaders().add(header.getKey(), value.asText())));
        response.path("cookies").forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie.asText()));
        String text = response.path("body").asText("");
        byte[] body = response.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Removes every route (the server keeps its port), for the next deploy's routes. */
    public void clearRoutes() {
        routes.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private record Route(String method, String key, Pattern pattern, List<String> names, UnaryOperator<String> function) {
    }

    /** Routes to a function served by the local Lambda endpoint, as an API Gateway Lambda integration does. */
    public static UnaryOperator<String> lambda(LocalLambdaEndpoint lambdas, String functionName) {
        return event -> {
            LocalLambdaEndpoint.Result result = lambdas.invoke(functionName, event);
            if (result.failed()) {
                throw new LocalRuntimeException("Function " + functionName + " failed: " + result.payload());
            }
            return result.payload();
        };
    }

}
