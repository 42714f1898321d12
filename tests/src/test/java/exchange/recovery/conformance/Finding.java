package exchange.recovery.conformance;

/**
 * One problem a conformance check found.
 *
 * @param check   which rule was broken, e.g. {@code asl.task-retry}
 * @param subject where: a resource's logical id, or a file and the path inside it
 * @param message what is wrong, in words that say how to fix it
 */
public record Finding(String check, String subject, String message) {

    @Override
    public String toString() {
        return "[" + check + "] " + subject + ": " + message;
    }
}
