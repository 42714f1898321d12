package exchange.recovery.local.drill.approval;

import java.io.IOException;
import java.net.CookieManager;
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
    private static final Pattern INPUT = Pattern.compile("<(input|button)\\b([^>]*)>(?:([^<]*)</button>)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");
    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern APPROVE = Pattern.compile("\\bapprove\\b", Pattern.CASE_INSENSITIVE);

    @Override
    public String approve(ApprovalLink link) {
        // one browser per approver: its own cookies (the page may set one when it records a decision)
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
        String agent = "exchange-recovery-drill/" + link.approver();
        try {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link.url())).GET()
                    .header("User-Agent", agent).build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new ApprovalRefusedByPage("The approval page answered HTTP " + page.statusCode() + " for "
                        + link.approver() + ": " + title(page.body()));
            }
            Map<String, String> form = new LinkedHashMap<>();
            String action = approveForm(page.body(), form);
            URI target = resolve(URI.create(link.url()), decode(action));
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpResponse<String> decision = http.send(HttpRequest.newBuilder(target)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("User-Agent", agent)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (decision.statusCode() >= 400) {
                throw new ApprovalRefusedByPage("The approval page refused " + link.approver() + "'s approval: HTTP "
                        + decision.statusCode() + ": " + title(decision.body()));
            }
            return link.approver() + " approved on the approval page: " + title(decision.body());
        } catch (IOException e) {
            throw new ApprovalRefusedByPage("Cannot reach the approval page " + link.url() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApprovalRefusedByPage("Interrupted while approving for " + link.approver());
        }
    }

    /**
     * Fills {@code fields} with the POST form that approves (its id, a field's value or its button says
     * "approve") and returns its action. Named inputs go with it; a named submit button adds its value.
     */
    static String approveForm(String html, Map<String, String> fields) {
        Matcher form = FORM.matcher(html);
        while (form.find()) {
            Map<String, String> formAttributes = attributes(form.group(1));
            if (!"post".equals(formAttributes.getOrDefault("method", "get").toLowerCase(Locale.ROOT))) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            boolean approve = APPROVE.matcher(formAttributes.getOrDefault("id", "")).find();
            Matcher input = INPUT.matcher(form.group(2));
            while (input.find()) {
                Map<String, String> attributes = attributes(input.group(2));
                String name = attributes.get("name");
                String value = decode(attributes.getOrDefault("value", ""));
                boolean button = "button".equalsIgnoreCase(input.group(1)) || "submit".equalsIgnoreCase(attributes.get("type"));
                String label = button && input.group(3) != null ? input.group(3) : "";
                boolean approving = APPROVE.matcher(value).find() || APPROVE.matcher(label).find();
                approve |= approving;
                if (name != null && (button ? approving : !"checkbox".equalsIgnoreCase(attributes.get("type")))) {
                    values.put(name, value);
                }
            }
            if (approve) {
                fields.putAll(values);
                return formAttributes.getOrDefault("action", "");
            }
        }
        throw new ApprovalRefusedByPage("The approval page has no form that approves");
    }

    /**
     * A form's action against the page's URL as browsers resolve it (RFC 3986): an empty action posts to the
     * page itself, a query-only action ({@code ?exp=..&sig=..}) keeps the page's path. {@link URI#resolve}
     * follows the older RFC 2396 and would drop the path's last segment.
     */
    static URI resolve(URI page, String action) {
        if (action.isEmpty()) {
            return page;
        }
        if (action.startsWith("?")) {
            String base = page.toString();
            int query = base.indexOf('?');
            return URI.create((query < 0 ? base : base.substring(0, query)) + action);
        }
        return page.resolve(action);
    }

    /** What a page says it is: its title, or the start of its body. */
    static String title(String html) {
        Matcher title = TITLE.matcher(html == null ? "" : html);
        if (title.find()) {
            return decode(title.group(1).trim());
        }
        String text = html == null ? "" : html.replaceAll("\\s+", " ").trim();
        return text.length() <= 120 ? text : text.substring(0, 119) + "…";
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
