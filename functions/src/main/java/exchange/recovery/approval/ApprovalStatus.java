package exchange.recovery.approval;

/** Where an approval request stands. Only PENDING accepts decisions; the others are final. */
public enum ApprovalStatus {
    PENDING, APPROVED, REJECTED, EXPIRED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
