package exchange.recovery.approval;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads API Gateway Lambda proxy events (REST API payload 1.0 and HTTP API payload 2.0, as modelled by
 * aws-lambda-java-events' {@code APIGatewayProxyRequestEvent} and {@code APIGatewayV2HTTPEvent}) into
 * an {@link HttpRequest}, and writes an {@link HttpResponse} in the matching response format.
 */
public final class ApiGatewayEvents {

    private ApiGatewayEvents() {
    }

    public static boolean isHttpApi(JsonNode event) {
        return "2.0".equals(event.path("version").asText());
    }

    public static HttpRequest read(JsonNode event) {
        boolean v2 = isHttpApi(event);
        JsonNode context = event.path("requestContext");
        Map<String, String> headers = new HashMap<>();
        event.path("headers").properties().forEach(header ->
                headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText()));
        if (!v2) {
            event.path("multiValueHeaders").properties().forEach(header -> {
                if (header.getValue().isArray() && !header.getValue().isEmpty()) {
                    headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue().get(0).asText());
                }
            });
        }
        String method = v2 ? context.path("http").path("method").asText() : event.path("httpMethod").asText();
        String path = v2 ? event.path("rawPath").asText(context.path("http").path("path").asText())
                : event.path("path").asText();
        String sourceIp = v2 ? context.path("http").path("sourceIp").asText(null)
                : context.path("identity").path("sourceIp").asText(null);
        String userAgent = v2 ? context.path("http").path("userAgent").asText(headers.get("user-agent"))
                : context.path("identity").path("userAgent").asText(headers.get("user-agent"));

        Map<String, String> query = new HashMap<>();
        event.path("queryStringParameters").properties().forEach(entry -> query.put(entry.getKey(), entry.getValue().asText()));

        Map<String, String> pathParameters = new HashMap<>();
        event.path("pathParameters").properties().forEach(entry -> pathParameters.put(entry.getKey(), entry.getValue().asText()));
        if (!pathParameters.containsKey("requestId") || !pathParameters.containsKey("approver")) {
            fromPath(path, pathParameters);
        }

        Map<String, String> cookies = new LinkedHashMap<>();
        if (v2 && event.path("cookies").isArray()) {
            event.path("cookies").forEach(cookie -> parseCookies(cookie.asText(), cookies));
        }
        if (headers.containsKey("cookie")) {
            parseCookies(headers.get("cookie"), cookies);
        }

        String body = event.path("body").isTextual() ? event.path("body").asText() : null;
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        boolean secure = "https".equalsIgnoreCase(headers.getOrDefault("x-forwarded-proto", ""));
        return new HttpRequest(method.toUpperCase(Locale.ROOT), path, pathParameters, query, headers, cookies, body,
                sourceIp, userAgent, secure);
    }

    public static ObjectNode write(HttpResponse response, boolean httpApi) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode out = json.objectNode();
        out.put("statusCode", response.status());
        ObjectNode headers = out.putObject("headers");
        response.headers().forEach(headers::put);
        if (httpApi) {
            ArrayNode cookies = out.putArray("cookies");
            response.cookies().forEach(cookies::add);
        } else if (!response.cookies().isEmpty()) {
            ArrayNode setCookie = out.putObject("multiValueHeaders").putArray("Set-Cookie");
            response.cookies().forEach(setCookie::add);
        }
        out.put("body", response.body());
        out.put("isBase64Encoded", false);
        return out;
    }

    /** Parses an {@code application/x-www-form-urlencoded} body; the first value of a repeated field wins. */
    public static Map<String, String> formFields(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return "";
        }
    }

    /** {@code .../approvals/{requestId}/{approver}} at the end of the path, whatever the stage prefix. */
    private static void fromPath(String path, Map<String, String> parameters) {
        String[] segments = path.split("/");
        for (int i = 0; i + 2 < segments.length; i++) {
            if ("approvals".equals(segments[i]) && i + 3 == segments.length) {
                parameters.put("requestId", segments[i + 1]);
                parameters.put("approver", segments[i + 2]);
            }
        }
    }

    private static void parseCookies(String header, Map<String, String> cookies) {
        for (String part : header.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                cookies.putIfAbsent(part.substring(0, equals).trim().toLowerCase(Locale.ROOT), part.substring(equals + 1).trim());
            }
        }
    }
}
