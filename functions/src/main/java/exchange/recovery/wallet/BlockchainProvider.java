package exchange.recovery.wallet;

import java.math.BigDecimal;

/**
 * Reads balances from a blockchain, through a node or a third-party RPC provider. Implementations name
 * themselves so that a reconciliation report says whose figures it used (the seed keeps several
 * providers configured and switches between them by hand).
 */
public interface BlockchainProvider {

    /** The provider's name as it appears in reports, e.g. {@code "static"} or {@code "btc-node-a"}. */
    String name();

    /**
     * The confirmed balance of {@code address} in {@code asset}, in whole units of the asset.
     *
     * @throws BlockchainUnavailable when the provider cannot answer now
     */
    BigDecimal balanceOf(String asset, String address);
}
