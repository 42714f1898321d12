package exchange.recovery.local.drill.approval;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import exchange.recovery.local.stack.DeliveredMessage;

/**
 * A personal approval link as an approver receives it: the page's URL and the approver it is bound to
 * (the {@code approver} attribute the approval notifier puts on each message, used by the approvers'
 * subscription filters).
 */
public record ApprovalLink(String url, String approver, String subject) {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+");

    /** The approval links in a notification: messages that carry an {@code approver} attribute and a URL. */
    public static List<ApprovalLink> in(DeliveredMessage message) {
        String approver = message.attributes().get("approver");
        if (approver == null || message.message() == null) {
            return List.of();
        }
        return firstUrl(message.message()).map(url -> List.of(new ApprovalLink(url, approver, message.subject())))
                .orElse(List.of());
    }

    static Optional<String> firstUrl(String text) {
        Matcher matcher = URL.matcher(text);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }
}
