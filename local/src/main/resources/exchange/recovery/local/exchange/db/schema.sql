-- Sample exchange schema: the source of truth that recovery validates, reconciles and rebuilds caches from.
-- Amounts are NUMERIC(38,18): exact decimal arithmetic, enough for 18-decimal tokens.

CREATE TABLE IF NOT EXISTS assets (
    asset_code      TEXT PRIMARY KEY,            -- BTC, ETH, USDT
    decimals        INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 18),
    withdrawal_enabled BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE IF NOT EXISTS accounts (
    account_id      BIGINT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('CUSTOMER', 'HOT_WALLET', 'FEES', 'SETTLEMENT')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Double-entry ledger: every transfer is a set of entries sharing a tx_id whose amounts sum to zero per asset.
-- The external side of deposits and withdrawals is the HOT_WALLET account, so each asset's ledger sums to zero.
CREATE TABLE IF NOT EXISTS ledger_entries (
    entry_id        BIGSERIAL PRIMARY KEY,
    tx_id           BIGINT NOT NULL,
    account_id      BIGINT NOT NULL REFERENCES accounts(account_id),
    asset_code      TEXT NOT NULL REFERENCES assets(asset_code),
    amount          NUMERIC(38, 18) NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    trade_id        BIGINT                       -- the trade this entry settles (a trade's ledger legs); NULL otherwise
);
CREATE INDEX IF NOT EXISTS ledger_entries_account_asset ON ledger_entries (account_id, asset_code);
CREATE INDEX IF NOT EXISTS ledger_entries_trade ON ledger_entries (trade_id) WHERE trade_id IS NOT NULL;

-- Wallet balances as the wallet service keeps them: available + locked (in open orders) = ledger sum.
CREATE TABLE IF NOT EXISTS balances (
    account_id      BIGINT NOT NULL REFERENCES accounts(account_id),
    asset_code      TEXT NOT NULL REFERENCES assets(asset_code),
    available       NUMERIC(38, 18) NOT NULL,
    locked          NUMERIC(38, 18) NOT NULL DEFAULT 0,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, asset_code)
);

CREATE TABLE IF NOT EXISTS instruments (
    symbol          TEXT PRIMARY KEY,            -- BTC-USDT
    base_asset      TEXT NOT NULL REFERENCES assets(asset_code),
    quote_asset     TEXT NOT NULL REFERENCES assets(asset_code),
    tick_size       NUMERIC(38, 18) NOT NULL,
    lot_size        NUMERIC(38, 18) NOT NULL,
    status          TEXT NOT NULL DEFAULT 'TRADING' CHECK (status IN ('TRADING', 'HALTED'))
);

CREATE TABLE IF NOT EXISTS orders (
    order_id        BIGINT PRIMARY KEY,
    account_id      BIGINT NOT NULL REFERENCES accounts(account_id),
    symbol          TEXT NOT NULL REFERENCES instruments(symbol),
    side            TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
    price           NUMERIC(38, 18) NOT NULL,
    quantity        NUMERIC(38, 18) NOT NULL,
    filled          NUMERIC(38, 18) NOT NULL DEFAULT 0,
    status          TEXT NOT NULL CHECK (status IN ('OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS orders_open_by_symbol ON orders (symbol, side, price) WHERE status IN ('OPEN', 'PARTIALLY_FILLED');

CREATE TABLE IF NOT EXISTS trades (
    trade_id        BIGINT PRIMARY KEY,
    symbol          TEXT NOT NULL REFERENCES instruments(symbol),
    buy_order_id    BIGINT NOT NULL REFERENCES orders(order_id),
    sell_order_id   BIGINT NOT NULL REFERENCES orders(order_id),
    price           NUMERIC(38, 18) NOT NULL,
    quantity        NUMERIC(38, 18) NOT NULL,
    journal_seq     BIGINT NOT NULL,
    buyer_fee       NUMERIC(38, 18) NOT NULL DEFAULT 0,   -- in the base asset, out of what the buyer receives
    seller_fee      NUMERIC(38, 18) NOT NULL DEFAULT 0,   -- in the quote asset, out of what the seller receives
    executed_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The matching engine's durable journal: one gap-free sequence; a standby replays it on promotion.
CREATE TABLE IF NOT EXISTS engine_journal (
    seq             BIGINT PRIMARY KEY,
    event_type      TEXT NOT NULL CHECK (event_type IN ('ORDER_ACCEPTED', 'ORDER_CANCELLED', 'TRADE')),
    payload         JSONB NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The matching engine's snapshots: the resting book as of a journal sequence; replay starts from the latest.
CREATE TABLE IF NOT EXISTS engine_snapshots (
    snapshot_seq    BIGINT PRIMARY KEY,
    taken_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS engine_snapshot_orders (
    snapshot_seq    BIGINT NOT NULL REFERENCES engine_snapshots(snapshot_seq),
    order_id        BIGINT NOT NULL,
    symbol          TEXT NOT NULL,
    side            TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
    price           NUMERIC(38, 18) NOT NULL,
    remaining       NUMERIC(38, 18) NOT NULL,
    PRIMARY KEY (snapshot_seq, order_id)
);

-- Checkpoints the exchange records periodically: row counts and checksums that a restore must match.
-- One row per key table per checkpoint, written by exchange.recovery.integrity.IntegrityCheckpoints.record;
-- the checksum's definition is in docs/integrity-checks.md.
CREATE TABLE IF NOT EXISTS integrity_checkpoints (
    checkpoint_id   BIGSERIAL PRIMARY KEY,
    taken_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    table_name      TEXT NOT NULL,
    row_count       BIGINT NOT NULL,             -- rows with key <= max_key
    checksum        TEXT NOT NULL,               -- md5 over the table's rows in key order, see integrity checks
    min_key         BIGINT,                      -- lowest key (the engine journal's start); NULL for an empty table
    max_key         BIGINT                       -- highest key covered; rows with higher keys came later
);
CREATE INDEX IF NOT EXISTS integrity_checkpoints_latest ON integrity_checkpoints (table_name, checkpoint_id DESC);
