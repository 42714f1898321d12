package exchange.recovery.local.emulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import exchange.recovery.core.Env;
import exchange.recovery.core.Json;
import exchange.recovery.local.LocalRuntimeException;

/**
 * Serves the Lambda Invoke API on loopback by running our handler classes in this JVM, the way
 * {@code sam local start-lambda} does with containers. A handler error becomes an HTTP 200 with
 * {@code X-Amz-Function-Error: Unhandled} and the exception's class name as {@code errorType}, as the
 * Java runtime reports it, so that state machine Retry and Catch see the same error names as in AWS.
 */
public final class LocalLambdaEndpoint implements AutoCloseable {

    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "local-lambda");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, LocalFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, Object> handlers = new ConcurrentHashMap<>();
    private final List<LambdaInvocation> invocations = new CopyOnWriteArrayList<>();
    private final List<Consumer<LambdaInvocation>> listeners = new CopyOnWriteArrayList<>();
    private final String accountId;
    private final String region;

    private LocalLambdaEndpoint(HttpServer server, String region, String accountId) {
        this.server = server;
        this.region = region;
        this.accountId = accountId;
    }

    public static LocalLambdaEndpoint start(String region, String accountId) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(server, region, accountId);
            server.createContext("/", endpoint::serve);
            server.setExecutor(endpoint.workers);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot start the local Lambda endpoint", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void register(LocalFunction function) {
        functions.put(function.name(), function);
        handlers.remove(function.name());
    }

    /** Forgets every function, handler instance, invocation and listener: the next deploy starts from nothing. */
    public void reset() {
        functions.clear();
        handlers.clear();
        invocations.clear();
        listeners.clear();
    }

    public List<LambdaInvocation> invocations() {
        return List.copyOf(invocations);
    }

    public void onInvocation(Consumer<LambdaInvocation> listener) {
        listeners.add(listener);
    }

    public String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    /** Invokes a function directly, as the Invoke API does; the result is the response payload. */
    public Result invoke(String functionName, String payload) {
        LocalFunction function = functions.get(functionName);
        if (function == null) {
            return Result.error("ResourceNotFoundException", "Function not found: " + functionName);
        }
        String requestId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        Result result;
        try {
            Object handler = handlers.computeIfAbsent(function.name(), name -> instantiate(function));
            byte[] output = run(handler, payload.getBytes(StandardCharsets.UTF_8),
                    new LocalContext(function, requestId, functionArn(function.name())));
            result = Result.ok(new String(output, StandardCharsets.UTF_8));
        } catch (HandlerFailure failure) {
            Throwable error = failure.getCause();
            result = Result.error(error.getClass().getName(), String.valueOf(error.getMessage()));
        } catch (RuntimeException initFailure) {
            Throwable error = initFailure instanceof HandlerFailure ? initFailure.getCause() : initFailure;
            result = Result.error(error.getClass().getName(), String.valueOf(error.getMessage()));
        }
        LambdaInvocation invocation = new LambdaInvocation(function.name(), requestId, started,
                Duration.between(started, Instant.now()), payload, result.payload(), result.errorType());
        invocations.add(invocation);
        listeners.forEach(listener -> listener.accept(invocation));
        return result;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher matcher = INVOKE.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !matcher.matches()) {
                respond(exchange, 404, Map.of(), "{\"message\":\"Only the Invoke API is served here\"}");
                return;
            }
            String name = functionName(URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8));
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (payload.isBlank()) {
                payload = "{}";
            }
            if (!functions.containsKey(name)) {
                respond(exchange, 404, Map.of("X-Amzn-ErrorType", "ResourceNotFoundException"),
                        "{\"Type\":\"User\",\"message\":\"Function not found: " + functionArn(name) + "\"}");
                return;
            }
            String invocationType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))
                    .orElse("RequestResponse");
            if ("Event".equals(invocationType)) {
                String asyncPayload = payload;
                workers.submit(() -> invoke(name, asyncPayload));
                respond(exchange, 202, Map.of(), "");
                return;
            }
            Result result = invoke(name, payload);
            Map<String, String> headers = result.failed()
                    ? Map.of("X-Amz-Function-Error", "Unhandled", "X-Amz-Executed-Version", "$LATEST")
                    : Map.of("X-Amz-Executed-Version", "$LATEST");
            respond(exchange, 200, headers, result.payload());
        }
    }

    /** Accepts a name, a partial or full ARN, with or without a qualifier (alias or version). */
    static String functionName(String reference) {
        String name = reference;
        int marker = name.indexOf("function:");
        if (marker >= 0) {
            name = name.substring(marker + "function:".length());
        }
        int qualifier = name.indexOf(':');
        return qualifier >= 0 ? name.substring(0, qualifier) : name;
    }

    private Object instantiate(LocalFunction function) {
        return Env.with(Env.of(function.environment()), () -> {
            try {
                Class<?> type = Class.forName(function.handlerClass());
                return type.getDeclaredConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw new HandlerFailure(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new LocalRuntimeException("Cannot load handler " + function.handler() + " of " + function.name(), e);
            }
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] run(Object handler, byte[] input, Context context) {
        try {
            if (handler instanceof RequestStreamHandler streamHandler) {
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                streamHandler.handleRequest(new ByteArrayInputStream(input), output, context);
                return output.toByteArray();
            }
            if (handler instanceof RequestHandler requestHandler) {
                JavaType inputType = Json.MAPPER.getTypeFactory().constructType(inputType(handler.getClass()));
                Object request = Json.MAPPER.readValue(input, inputType);
                return Json.MAPPER.writeValueAsBytes(requestHandler.handleRequest(request, context));
            }
        } catch (RuntimeException | IOException | Error e) {
            throw new HandlerFailure(e);
        }
        throw new LocalRuntimeException(handler.getClass().getName() + " is not a Lambda handler");
    }

    private static Type inputType(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            for (Type candidate : current.getGenericInterfaces()) {
                if (candidate instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == RequestHandler.class) {
                    return parameterized.getActualTypeArguments()[0];
                }
            }
        }
        return ObjectNode.class;
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    /** The outcome of one invocation: a payload, or an error type and message as Lambda reports them. */
    public record Result(String payload, String errorType) {

        static Result ok(String payload) {
            return new Result(payload, null);
        }

        static Result error(String type, String message) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("errorType", type);
            body.put("errorMessage", message);
            body.putArray("stackTrace");
            return new Result(Json.write(body), type);
        }

        public boolean failed() {
            return errorType != null;
        }
    }

    /** Wraps what a handler threw, to tell it apart from failures of the endpoint itself. */
    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Throwable cause) {
            super(cause);
        }
    }
}
