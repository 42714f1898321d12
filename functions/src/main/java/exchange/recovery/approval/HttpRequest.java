package exchange.recovery.approval;

import java.util.Map;

/**
 * An HTTP request as the approval page sees it, whichever API Gateway flavour delivered it.
 * Header and cookie names are lower-case; the body is already decoded from base64 if it was.
 */
public record HttpRequest(String method, String path, Map<String, String> pathParameters, Map<String, String> query,
                          Map<String, String> headers, Map<String, String> cookies, String body,
                          String sourceIp, String userAgent, boolean secure) {

    public HttpRequest {
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        cookies = Map.copyOf(cookies);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
