package exchange.recovery.local.drill.view;

/**
 * Text from outside the drill (alarm names and reasons, state names, error causes, notification subjects) made
 * safe for a terminal: control characters (ESC, BEL, backspace, carriage return, C1 controls such as CSI) and
 * bidirectional overrides are shown as visible escapes ({@code \x1b}, {@code \u202e}), so that an alarm name
 * cannot move the cursor, recolour, retitle or hide lines on the operator's screen. The views apply it to
 * everything they print but their own escape sequences.
 */
public final class TerminalText {

    private TerminalText() {
    }

    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static String replacement(char c) {
        if (c == '\n' || c == '\t') {
            return " ";
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
