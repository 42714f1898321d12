package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code journal-replays}: replaying the matching engine's journal from its last snapshot yields the order
 * book the database holds. The replay starts from the book of the latest {@code engine_snapshots} row (an
 * empty book at sequence 0 when there is none), adds the orders accepted after it, takes away their traded
 * quantity and the cancelled ones; what remains above zero is the replayed book. Each side is reduced to a
 * digest — the count and the sum of a 64-bit hash of each resting order's (id, instrument, side, price,
 * remaining) — which needs constant memory however large the book; only when the digests differ are the
 * first differing orders listed.
 *
 * <p>Event payloads: ORDER_ACCEPTED {@code {orderId, accountId, symbol, side, price, quantity}},
 * ORDER_CANCELLED {@code {orderId}}, TRADE {@code {tradeId, symbol, buyOrderId, sellOrderId, price, quantity}}.
 */
final class JournalReplaysCheck implements IntegrityCheck {

    static final String NAME = "journal-replays";

    private static final String BOOKS = """
            WITH snapshot AS (
                SELECT coalesce(max(snapshot_seq), 0) AS seq FROM engine_snapshots
            ), events AS (
                SELECT j.event_type, j.payload FROM engine_journal j, snapshot s WHERE j.seq > s.seq
            ), accepted AS (
                SELECT o.order_id, o.symbol, o.side, o.price, o.remaining AS quantity
                FROM engine_snapshot_orders o, snapshot s WHERE o.snapshot_seq = s.seq
                UNION ALL
                SELECT (payload->>'orderId')::bigint, payload->>'symbol', payload->>'side',
                       (payload->>'price')::numeric, (payload->>'quantity')::numeric
                FROM events WHERE event_type = 'ORDER_ACCEPTED'
            ), traded AS (
                SELECT order_id, sum(quantity) AS quantity
                FROM (SELECT (payload->>'buyOrderId')::bigint AS order_id, (payload->>'quantity')::numeric AS quantity
                      FROM events WHERE event_type = 'TRADE'
                      UNION ALL
                      SELECT (payload->>'sellOrderId')::bigint, (payload->>'quantity')::numeric
                      FROM events WHERE event_type = 'TRADE') t
                GROUP BY order_id
            ), cancelled AS (
                SELECT DISTINCT (payload->>'orderId')::bigint AS order_id FROM events WHERE event_type = 'ORDER_CANCELLED'
            ), replayed AS (
                SELECT a.order_id, a.symbol, a.side, trim_scale(a.price) AS price,
                       trim_scale(a.quantity - coalesce(t.quantity, 0)) AS remaining
                FROM accepted a LEFT JOIN traded t ON t.order_id = a.order_id
                WHERE a.order_id NOT IN (SELECT order_id FROM cancelled WHERE order_id IS NOT NULL)
                  AND a.quantity - coalesce(t.quantity, 0) > 0
            ), held AS (
                SELECT order_id, symbol, side, trim_scale(price) AS price, trim_scale(quantity - filled) AS remaining
                FROM orders WHERE %s
            )
            """.formatted(TradingChecks.OPEN);

    private static final String DIGESTS = BOOKS + """
            SELECT (SELECT count(*) FROM events) AS events,
                   (SELECT seq FROM snapshot) AS snapshot_seq,
                   (SELECT count(*) FROM replayed) AS replayed_orders,
                   (SELECT coalesce(sum(hashtextextended(jsonb_build_array(order_id, symbol, side, price, remaining)::text, 0)::numeric), 0)
                    FROM replayed) AS replayed_hash,
                   (SELECT count(*) FROM held) AS held_orders,
                   (SELECT coalesce(sum(hashtextextended(jsonb_build_array(order_id, symbol, side, price, remaining)::text, 0)::numeric), 0)
                    FROM held) AS held_hash
            """;

    private static final String DIFFERENCES = BOOKS + """
            SELECT coalesce(r.order_id, h.order_id) AS order_id,
                   CASE WHEN h.order_id IS NULL THEN 'ONLY_IN_REPLAY'
                        WHEN r.order_id IS NULL THEN 'ONLY_IN_DATABASE'
                        ELSE 'DIFFERS' END AS kind,
                   r.side AS replayed_side, r.price AS replayed_price, r.remaining AS replayed_remaining,
                   h.side AS held_side, h.price AS held_price, h.remaining AS held_remaining,
                   count(*) OVER () AS differing
            FROM replayed r FULL JOIN held h ON h.order_id = r.order_id
            WHERE r.order_id IS NULL OR h.order_id IS NULL
               OR (r.symbol, r.side, r.price, r.remaining) IS DISTINCT FROM (h.symbol, h.side, h.price, h.remaining)
            ORDER BY 1
            LIMIT ?
            """;

    private final int sampleLimit;

    JournalReplaysCheck(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        Map<String, Object> evidence = Sql.one(connection, DIGESTS, row -> Evidence.of(
                "examined", row.getLong("events") + row.getLong("held_orders"), "journalEvents", row.getLong("events"),
                "fromSnapshotSeq", row.getLong("snapshot_seq"),
                "replayedDigest", row.getLong("replayed_orders") + ":" + Sql.amount(row, "replayed_hash"),
                "databaseDigest", row.getLong("held_orders") + ":" + Sql.amount(row, "held_hash")));
        long examined = (long) evidence.get("examined");
        if (examined == 0) {
            return TradingChecks.nothingExamined(NAME, "no journal event after the last snapshot and no open order", evidence);
        }
        if (evidence.get("replayedDigest").equals(evidence.get("databaseDigest"))) {
            return CheckResult.passed(NAME, "Replayed " + evidence.get("journalEvents") + " journal events from snapshot "
                    + evidence.get("fromSnapshotSeq") + ": the book's digest " + evidence.get("databaseDigest")
                    + " equals the database's", evidence);
        }
        long[] differing = {0};
        List<Map<String, Object>> orders = Sql.list(connection, DIFFERENCES, row -> {
            differing[0] = row.getLong("differing");
            return Evidence.of("orderId", row.getLong("order_id"), "kind", row.getString("kind"),
                    "replayed", row.getString("replayed_side") == null ? null : Evidence.of("side", row.getString("replayed_side"),
                            "price", Sql.amount(row, "replayed_price"), "remaining", Sql.amount(row, "replayed_remaining")),
                    "database", row.getString("held_side") == null ? null : Evidence.of("side", row.getString("held_side"),
                            "price", Sql.amount(row, "held_price"), "remaining", Sql.amount(row, "held_remaining")));
        }, sampleLimit);
        evidence.put("differing", differing[0]);
        evidence.put("firstDifferingOrders", orders);
        String first = orders.isEmpty() ? "" : "; first order " + orders.getFirst().get("orderId") + " " + orders.getFirst().get("kind");
        return CheckResult.failed(NAME, "Replaying " + evidence.get("journalEvents") + " journal events from snapshot "
                + evidence.get("fromSnapshotSeq") + " yields book digest " + evidence.get("replayedDigest") + ", the database holds "
                + evidence.get("databaseDigest") + " (" + differing[0] + " differing order(s)" + first + ")", evidence);
    }
}
