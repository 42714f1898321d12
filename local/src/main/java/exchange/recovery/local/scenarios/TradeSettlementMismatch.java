package exchange.recovery.local.scenarios;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.report.ReportVerdict;

/**
 * Trading correctness blocks the reopening: the matching engine's primary goes down mid-settlement. It had
 * journalled and written trade 900001 (orders 20000001 and 20000002 filled) but not the trade's ledger legs,
 * and it had cancelled order 1010 without releasing the USDT the order locked. The ledger still balances and
 * every balance still equals its ledger sum, so tiers 1 and 2 pass; tier 3's gate — the one before trading —
 * names the unsettled trade and the orphaned lock, and the plan halts before tier 4 with its redrive input.
 */
final class TradeSettlementMismatch {

    static final ExchangeAlarm ALARM = new ExchangeAlarm("exchange-matching-engine-primary-down", "Exchange/MatchingEngine",
            "PrimaryHeartbeat", "LessThanThreshold", 1, "The matching engine's primary stopped sending heartbeats");

    static final Scenario SCENARIO = Scenario.named("trade-settlement-mismatch")
            .fails("the matching engine dies after writing trade 900001 without its ledger legs and after cancelling "
                    + "order 1010 without releasing its locked USDT")
            .expects("tier 3's gate fails trades-settled (trade 900001) and reservations-match-open-orders (account 1010); "
                    + "the plan halts before tier 4 and gives its redrive input")
            .tiers(Tier.MATCHING_ENGINE)
            .alarms(ALARM)
            .fault(Faults.sql("""
                            WITH next AS (SELECT max(seq) AS seq FROM engine_journal),
                            buy AS (INSERT INTO orders (order_id, account_id, symbol, side, price, quantity, filled, status)
                                    VALUES (20000001, 1021, 'ETH-USDT', 'BUY', 3000, 0.01, 0.01, 'FILLED')),
                            sell AS (INSERT INTO orders (order_id, account_id, symbol, side, price, quantity, filled, status)
                                    VALUES (20000002, 1022, 'ETH-USDT', 'SELL', 3000, 0.01, 0.01, 'FILLED')),
                            trade AS (INSERT INTO trades (trade_id, symbol, buy_order_id, sell_order_id, price, quantity, journal_seq)
                                    SELECT 900001, 'ETH-USDT', 20000001, 20000002, 3000, 0.01, seq + 3 FROM next)
                            INSERT INTO engine_journal (seq, event_type, payload)
                            SELECT next.seq + e.k, e.event_type, e.payload::jsonb FROM next, (VALUES
                              (1, 'ORDER_ACCEPTED', '{"orderId": 20000001, "accountId": 1021, "symbol": "ETH-USDT", "side": "BUY", "price": 3000, "quantity": 0.01}'),
                              (2, 'ORDER_ACCEPTED', '{"orderId": 20000002, "accountId": 1022, "symbol": "ETH-USDT", "side": "SELL", "price": 3000, "quantity": 0.01}'),
                              (3, 'TRADE', '{"tradeId": 900001, "symbol": "ETH-USDT", "buyOrderId": 20000001, "sellOrderId": 20000002, "price": 3000, "quantity": 0.01}'))
                              AS e(k, event_type, payload)
                            """, "trades: trade 900001 journalled and written, its ledger legs never written")
                    .then(Faults.sql("""
                            WITH cancelled AS (UPDATE orders SET status = 'CANCELLED' WHERE order_id = 1010 RETURNING order_id)
                            INSERT INTO engine_journal (seq, event_type, payload)
                            SELECT (SELECT max(seq) FROM engine_journal) + 1, 'ORDER_CANCELLED', jsonb_build_object('orderId', order_id)
                            FROM cancelled
                            """, "orders: order 1010 cancelled and journalled, the USDT it locked left locked"))
                    .then(Faults.alarm(ALARM, "Threshold Crossed: 3 out of the last 3 datapoints [0.0] were less than the threshold (1.0).")))
            .reportShows(
                    Expect.triggeredBy(ALARM.name()),
                    Expect.scope(Tier.MATCHING_ENGINE),
                    Expect.tier(Tier.DATABASE, "VERIFY", "VERIFIED"),
                    Expect.tier(Tier.WALLET, "VERIFY", "VERIFIED"),
                    Expect.tier(Tier.MATCHING_ENGINE, "VERIFY", "FAILED"),
                    Expect.integrityCheck(Tier.MATCHING_ENGINE, "trades-settled", false),
                    Expect.integrityEvidence(Tier.MATCHING_ENGINE, "trades-settled", "900001"),
                    Expect.integrityCheck(Tier.MATCHING_ENGINE, "reservations-match-open-orders", false),
                    Expect.integrityEvidence(Tier.MATCHING_ENGINE, "reservations-match-open-orders", "1010"),
                    Expect.integrityCheck(Tier.MATCHING_ENGINE, "journal-replays", true),
                    Expect.notReported(Tier.TRADING_API),
                    Expect.haltedAt("GateFailed"),
                    Expect.verdict(ReportVerdict.Outcome.HALTED),
                    Expect.notified("Recovery halted: gate failed"),
                    Expect.redriveGiven("\"resume\":true"))
            .build();

    private TradeSettlementMismatch() {
    }
}
