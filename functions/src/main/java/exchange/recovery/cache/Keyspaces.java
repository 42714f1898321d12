package exchange.recovery.cache;

import static exchange.recovery.cache.RowKeyspace.Field.number;
import static exchange.recovery.cache.RowKeyspace.Field.text;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import exchange.recovery.core.InvalidInput;

/** The cache keyspaces rebuilt from the sample exchange schema; docs/cache-rebuild.md describes each. */
public final class Keyspaces {

    /** {@code v<n>:ins:<symbol>} -> base, quote, tickSize, lotSize, status. */
    public static final RowKeyspace INSTRUMENTS = new RowKeyspace("instruments", "ins", "instruments", null,
            List.of("symbol"),
            List.of(text("base", "base_asset"), text("quote", "quote_asset"), number("tickSize", "tick_size"),
                    number("lotSize", "lot_size"), text("status", "status")));

    /** {@code v<n>:bal:<accountId>:<asset>} -> available, locked. */
    public static final RowKeyspace BALANCES = new RowKeyspace("balances", "bal", "balances", null,
            List.of("account_id", "asset_code"),
            List.of(number("available", "available"), number("locked", "locked")));

    /** {@code v<n>:ord:<orderId>} -> account, symbol, side, price, quantity, filled, status (open orders only). */
    public static final RowKeyspace ORDERS = new RowKeyspace("orders", "ord", "orders", PriceLevelKeyspace.OPEN,
            List.of("order_id"),
            List.of(text("account", "account_id"), text("symbol", "symbol"), text("side", "side"),
                    number("price", "price"), number("quantity", "quantity"), number("filled", "filled"),
                    text("status", "status")));

    /** {@code v<n>:book:<symbol>:<side>} -> price -> open quantity. */
    public static final PriceLevelKeyspace BOOK = new PriceLevelKeyspace();

    /** Every keyspace, in build order. */
    public static final List<Keyspace> ALL = List.of(INSTRUMENTS, BALANCES, ORDERS, BOOK);

    private Keyspaces() {
    }

    public static Keyspace named(String name) {
        return ALL.stream().filter(keyspace -> keyspace.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidInput("Unknown keyspace '" + name + "'; known: " + names(ALL)));
    }

    /** The named keyspaces in build order, or all of them when {@code names} is null or empty. */
    public static List<Keyspace> resolve(Collection<String> names) {
        if (names == null || names.isEmpty()) {
            return ALL;
        }
        List<Keyspace> requested = names.stream().map(Keyspaces::named).distinct().toList();
        return ALL.stream().filter(requested::contains).toList();
    }

    static String names(Collection<? extends Keyspace> keyspaces) {
        return keyspaces.stream().map(Keyspace::name).collect(Collectors.joining(", "));
    }
}
