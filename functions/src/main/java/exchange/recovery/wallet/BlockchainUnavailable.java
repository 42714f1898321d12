package exchange.recovery.wallet;

import exchange.recovery.core.TransientFailure;

/** The blockchain provider did not answer; a reconciliation cannot pass without it. */
public class BlockchainUnavailable extends TransientFailure {

    public BlockchainUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public BlockchainUnavailable(String message) {
        super(message);
    }
}
