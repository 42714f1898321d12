package exchange.recovery.local.drill.approval;

/**
 * Decides an approval the way a person does: through the approval page that the link opens. The drill
 * calls it for {@code --approve-as} approvers; a person without that option opens the printed link in a
 * browser instead. Implementations must use the page flow (GET the page, then submit its form), never
 * the task token or the approval table directly, so that a drill proves the page works.
 */
public interface ApprovalDriver {

    /** Approves through the link's page; returns what the page answered, for the timeline. */
    String approve(ApprovalLink link);
}
