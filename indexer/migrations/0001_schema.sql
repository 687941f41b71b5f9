-- The cap-table service's schema (docs/INDEXER.md). Portable SQL: the same file runs on SQLite
-- and PostgreSQL. Amounts are u128 written as 39-digit zero-padded decimal text (exact and
-- sortable; neither a 64-bit integer nor SQLite's NUMERIC can hold them); accounts are SS58
-- text; every integer is BIGINT (flags 0 or 1), which both drivers read as i64.

-- Where the indexer is: the last block written, with the chain it belongs to.
CREATE TABLE cursor (
	id BIGINT PRIMARY KEY,
	genesis TEXT NOT NULL,
	height BIGINT NOT NULL,
	hash TEXT NOT NULL
);

CREATE TABLE blocks (
	height BIGINT PRIMARY KEY,
	hash TEXT NOT NULL,
	parent TEXT NOT NULL,
	spec_version BIGINT NOT NULL,
	timestamp_ms BIGINT NOT NULL
);
CREATE INDEX blocks_by_time ON blocks (timestamp_ms);

CREATE TABLE tokens (
	token BIGINT PRIMARY KEY,
	symbol TEXT NOT NULL,
	name TEXT NOT NULL,
	owner BIGINT NOT NULL,
	decimals BIGINT NOT NULL,
	instrument TEXT NOT NULL,
	supply_cap TEXT,
	status TEXT NOT NULL,
	paused BIGINT NOT NULL,
	supply TEXT NOT NULL,
	holder_count BIGINT NOT NULL,
	created_block BIGINT NOT NULL,
	terms TEXT NOT NULL
);

CREATE TABLE partitions (
	token BIGINT NOT NULL,
	partition_id BIGINT NOT NULL,
	name TEXT NOT NULL,
	rights TEXT NOT NULL,
	PRIMARY KEY (token, partition_id)
);

CREATE TABLE documents (
	token BIGINT NOT NULL,
	name TEXT NOT NULL,
	uri TEXT NOT NULL,
	hash TEXT NOT NULL,
	block BIGINT NOT NULL,
	removed_block BIGINT,
	PRIMARY KEY (token, name)
);

CREATE TABLE identities (
	identity BIGINT PRIMARY KEY,
	kind TEXT NOT NULL,
	primary_wallet TEXT NOT NULL,
	registered_block BIGINT NOT NULL
);

-- Current links (a wallet belongs to one identity at a time).
CREATE TABLE wallets (
	wallet TEXT PRIMARY KEY,
	identity BIGINT NOT NULL,
	linked_block BIGINT NOT NULL
);

-- Current claims (a revoked claim is deleted; its history is in `events`).
CREATE TABLE claims (
	subject BIGINT NOT NULL,
	topic TEXT NOT NULL,
	issuer BIGINT NOT NULL,
	scope TEXT NOT NULL,
	expiry_ms BIGINT,
	evidence TEXT NOT NULL,
	block BIGINT NOT NULL,
	PRIMARY KEY (subject, topic, issuer, scope)
);

-- Every movement of every token (Moved events; genesis holdings as kind Genesis).
CREATE TABLE movements (
	block BIGINT NOT NULL,
	event_index BIGINT NOT NULL,
	token BIGINT NOT NULL,
	partition_id BIGINT NOT NULL,
	to_partition BIGINT NOT NULL,
	from_wallet TEXT,
	to_wallet TEXT,
	from_identity BIGINT,
	to_identity BIGINT,
	amount TEXT NOT NULL,
	kind TEXT NOT NULL,
	operator TEXT,
	reference TEXT,
	PRIMARY KEY (block, event_index)
);
CREATE INDEX movements_by_token ON movements (token, block);
CREATE INDEX movements_by_from ON movements (from_wallet, block);
CREATE INDEX movements_by_to ON movements (to_wallet, block);

-- Current balances by wallet and partition (zero rows are deleted).
CREATE TABLE holdings (
	token BIGINT NOT NULL,
	partition_id BIGINT NOT NULL,
	wallet TEXT NOT NULL,
	identity BIGINT NOT NULL,
	balance TEXT NOT NULL,
	block BIGINT NOT NULL,
	PRIMARY KEY (token, partition_id, wallet)
);
CREATE INDEX holdings_by_wallet ON holdings (wallet);

-- A wallet's balance after each change: the cap table at any block. `seq` orders changes
-- (block * 2^20 + event index; 2^20 - 1 for genesis rows written before the first event).
CREATE TABLE holding_history (
	token BIGINT NOT NULL,
	partition_id BIGINT NOT NULL,
	wallet TEXT NOT NULL,
	seq BIGINT NOT NULL,
	block BIGINT NOT NULL,
	identity BIGINT NOT NULL,
	balance TEXT NOT NULL,
	PRIMARY KEY (token, partition_id, wallet, seq)
);
CREATE INDEX holding_history_by_token ON holding_history (token, block);

-- A token's supply after each change.
CREATE TABLE supply_history (
	token BIGINT NOT NULL,
	seq BIGINT NOT NULL,
	block BIGINT NOT NULL,
	supply TEXT NOT NULL,
	PRIMARY KEY (token, seq)
);

-- Custody settlements (Custody.BatchSettled).
CREATE TABLE settlements (
	block BIGINT NOT NULL,
	event_index BIGINT NOT NULL,
	custodian BIGINT NOT NULL,
	batch_ref TEXT NOT NULL,
	submitter TEXT NOT NULL,
	legs BIGINT NOT NULL,
	cash_legs BIGINT NOT NULL,
	PRIMARY KEY (block, event_index)
);

-- Every event of the STO pallets (identity registry, token, compliance, custody, corporate
-- actions, offering) as JSON: corporate actions and offerings are read from here.
CREATE TABLE events (
	block BIGINT NOT NULL,
	event_index BIGINT NOT NULL,
	pallet TEXT NOT NULL,
	name TEXT NOT NULL,
	fields TEXT NOT NULL,
	PRIMARY KEY (block, event_index)
);
CREATE INDEX events_by_name ON events (pallet, name, block);

-- Each reconciliation: the database against chain state at one block.
CREATE TABLE reconciliations (
	height BIGINT NOT NULL,
	checked_at_ms BIGINT NOT NULL,
	differences BIGINT NOT NULL,
	report TEXT NOT NULL,
	PRIMARY KEY (height, checked_at_ms)
);
