package exchange.recovery.approval;

import java.util.List;
import java.util.Map;

/** An HTTP response for API Gateway: status, single-valued headers, Set-Cookie values, a text body. */
public record HttpResponse(int status, Map<String, String> headers, List<String> cookies, String body) {

    public HttpResponse {
        headers = Map.copyOf(headers);
        cookies = List.copyOf(cookies);
    }
}
