package exchange.recovery.local.drill.approval;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Approves as a browser would: GETs the personal link, reads the page's POST form (its hidden fields, the
 * anti-forgery value among them) and submits it with the Approve button. Nothing but the page is used.
 */
public final class PageFormApprovalDriver implements ApprovalDriver {

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<(input|button)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public String approve(ApprovalLink link) {
        try {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link.url())).GET()
                    .header("User-Agent", "exchange-recovery-drill").build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new ApprovalRefusedByPage("The approval page answered HTTP " + page.statusCode() + " for " + link.approver());
            }
            Map<String, String> form = new LinkedHashMap<>();
            String action = approveForm(page.body(), form);
            URI target = URI.create(link.url()).resolve(decode(action.isEmpty() ? link.url() : action));
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpResponse<String> decision = http.send(HttpRequest.newBuilder(target)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("User-Agent", "exchange-recovery-drill")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (decision.statusCode() >= 400) {
                throw new ApprovalRefusedByPage("The approval page refused " + link.approver() + "'s approval: HTTP "
                        + decision.statusCode());
            }
            return link.approver() + " approved (HTTP " + decision.statusCode() + ")";
        } catch (IOException e) {
            throw new ApprovalRefusedByPage("Cannot reach the approval page " + link.url() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApprovalRefusedByPage("Interrupted while approving for " + link.approver());
        }
    }

    /** Fills {@code fields} with the POST form that has an Approve button, and returns its action. */
    static String approveForm(String html, Map<String, String> fields) {
        Matcher form = FORM.matcher(html);
        while (form.find()) {
            Map<String, String> formAttributes = attributes(form.group(1));
            if (!"post".equals(formAttributes.getOrDefault("method", "get").toLowerCase(Locale.ROOT))) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            boolean approve = false;
            Matcher input = INPUT.matcher(form.group(2));
            while (input.find()) {
                Map<String, String> attributes = attributes(input.group(2));
                String name = attributes.get("name");
                String value = decode(attributes.getOrDefault("value", ""));
                boolean button = "button".equalsIgnoreCase(input.group(1)) || "submit".equalsIgnoreCase(attributes.get("type"));
                if (button) {
                    if (value.toLowerCase(Locale.ROOT).contains("approve") && name != null) {
                        values.put(name, value);
                        approve = true;
                    } else if (value.toLowerCase(Locale.ROOT).contains("approve")) {
                        approve = true;
                    }
                } else if (name != null && !"checkbox".equalsIgnoreCase(attributes.get("type"))) {
                    values.put(name, value);
                }
            }
            if (approve) {
                fields.putAll(values);
                return formAttributes.getOrDefault("action", "");
            }
        }
        throw new ApprovalRefusedByPage("The approval page has no form with an Approve button");
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher matcher = ATTRIBUTE.matcher(text);
        while (matcher.find()) {
            attributes.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(3) != null ? matcher.group(3) : matcher.group(4));
        }
        return attributes;
    }

    private static String decode(String text) {
        return text.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }
}
