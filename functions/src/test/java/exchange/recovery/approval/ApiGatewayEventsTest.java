package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;

class ApiGatewayEventsTest {

    @Test
    void read_restApiEvent_givesMethodPathQueryCookiesAndSourceAddress() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath("/approvals/apr-1/alice")
                .withPathParameters(Map.of("requestId", "apr-1", "approver", "alice"))
                .withQueryStringParameters(Map.of("exp", "1900000000", "sig", "abc"))
                .withHeaders(Map.of("Cookie", "a=1; approval-actor-apr-1=alice.x", "X-Forwarded-Proto", "https"))
                .withBody(Base64.getEncoder().encodeToString("decision=APPROVE&reason=a%20b".getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("198.51.100.4").withUserAgent("phone")));

        HttpRequest request = ApiGatewayEvents.read(Json.MAPPER.valueToTree(event));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathParameters()).containsEntry("requestId", "apr-1").containsEntry("approver", "alice");
        assertThat(request.query()).containsEntry("sig", "abc");
        assertThat(request.cookies()).containsEntry("approval-actor-apr-1", "alice.x");
        assertThat(request.sourceIp()).isEqualTo("198.51.100.4");
        assertThat(request.userAgent()).isEqualTo("phone");
        assertThat(request.secure()).isTrue();
        assertThat(ApiGatewayEvents.formFields(request.body())).containsEntry("decision", "APPROVE").containsEntry("reason", "a b");
    }

    @Test
    void read_httpApiEvent_findsTheLinkPartsBehindAStagePrefix() {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRawPath("/prod/approvals/apr-1/bob")
                .withQueryStringParameters(Map.of("exp", "1", "sig", "s"))
                .withCookies(List.of("approval-actor-apr-1=bob.y"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET").withPath("/prod/approvals/apr-1/bob").withSourceIp("192.0.2.1").withUserAgent("ua").build())
                        .build())
                .build();

        HttpRequest request = ApiGatewayEvents.read(Json.MAPPER.valueToTree(event));

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.pathParameters()).containsEntry("requestId", "apr-1").containsEntry("approver", "bob");
        assertThat(request.cookies()).containsEntry("approval-actor-apr-1", "bob.y");
        assertThat(request.sourceIp()).isEqualTo("192.0.2.1");
    }

    @Test
    void write_putsCookiesWhereEachApiFlavourExpectsThem() {
        HttpResponse response = new HttpResponse(200, Map.of("Content-Type", "text/html"), List.of("c=1"), "<p>");

        JsonNode rest = ApiGatewayEvents.write(response, false);
        JsonNode http = ApiGatewayEvents.write(response, true);

        assertThat(rest.path("multiValueHeaders").path("Set-Cookie").get(0).asText()).isEqualTo("c=1");
        assertThat(http.path("cookies").get(0).asText()).isEqualTo("c=1");
        assertThat(rest.path("statusCode").asInt()).isEqualTo(200);
        assertThat(http.path("body").asText()).isEqualTo("<p>");
    }
}
