package exchange.recovery.approval;

/** One approver's answer. */
public enum Verdict {
    APPROVE, REJECT
}
