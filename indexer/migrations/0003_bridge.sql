-- The EVM bridge (pallet EvmBridge, docs/BRIDGE.md), rebuilt from its events alone: every table
-- keeps the block of each change, so the bridge's state at any block can be read back (the
-- reconciliation compares it with chain storage). Conventions as in 0001: amounts are 39-digit
-- text, accounts SS58, EVM addresses, digests and signatures `0x…` hex in lower case; `seq`
-- orders changes (block * 2^20 + event index).

-- Each RouteSet and RouteRemoved (a removal repeats the route it removed, with removed = 1):
-- a route at a block is its last row at or before it.
CREATE TABLE bridge_routes (
	token BIGINT NOT NULL,
	partition_id BIGINT NOT NULL,
	chain BIGINT NOT NULL,
	seq BIGINT NOT NULL,
	block BIGINT NOT NULL,
	gateway TEXT NOT NULL,
	wrapped TEXT NOT NULL,
	enabled BIGINT NOT NULL,
	per_export TEXT NOT NULL,
	per_window TEXT NOT NULL,
	per_identity_window TEXT NOT NULL,
	removed BIGINT NOT NULL,
	PRIMARY KEY (token, partition_id, chain, seq)
);

-- Each signer set as its rotation (SignerSetRotated) made it: signers as JSON
-- ([{"account", "key"}], keys ascending), the threshold, and the last block the previous set
-- was valid in (NULL for the first set).
CREATE TABLE bridge_signer_sets (
	set_id BIGINT PRIMARY KEY,
	signers TEXT NOT NULL,
	threshold BIGINT NOT NULL,
	previous_valid_until BIGINT,
	block BIGINT NOT NULL
);

-- Each change of the bridge's two switches: flag `paused` (Paused, Unpaused) and
-- `imports_halted` (ImportEquivocation, ImportsResumed), with who or what changed it as JSON.
CREATE TABLE bridge_flags (
	flag TEXT NOT NULL,
	seq BIGINT NOT NULL,
	block BIGINT NOT NULL,
	value BIGINT NOT NULL,
	detail TEXT NOT NULL,
	PRIMARY KEY (flag, seq)
);

-- Each committee verifier named for an EVM chain (CommitteeSet; verifier NULL: removed).
CREATE TABLE bridge_committees (
	chain BIGINT NOT NULL,
	seq BIGINT NOT NULL,
	block BIGINT NOT NULL,
	verifier TEXT,
	set_id BIGINT NOT NULL,
	PRIMARY KEY (chain, seq)
);

-- Every export (Exported, or QuarantineBounced: `bounced_from` names the quarantine entry and
-- `identity` is NULL) and where it went: Pending → Attested (ExportAttested, with the set and
-- its signatures in key order) → Minted (ExportMinted) or Refunded (ExportRefunded, also
-- straight from Pending). In flight while neither minted nor refunded.
CREATE TABLE bridge_exports (
	nonce BIGINT PRIMARY KEY,
	token BIGINT NOT NULL,
	partition_id BIGINT NOT NULL,
	chain BIGINT NOT NULL,
	gateway TEXT NOT NULL,
	holder TEXT NOT NULL,
	recipient TEXT NOT NULL,
	identity BIGINT,
	amount TEXT NOT NULL,
	deadline BIGINT NOT NULL,
	digest TEXT NOT NULL,
	bounced_from BIGINT,
	status TEXT NOT NULL,
	block BIGINT NOT NULL,
	attested_block BIGINT,
	attested_set BIGINT,
	signatures TEXT,
	minted_block BIGINT,
	refunded_block BIGINT
);
CREATE INDEX bridge_exports_by_status ON bridge_exports (status, nonce);
CREATE INDEX bridge_exports_by_route ON bridge_exports (token, partition_id, chain);

-- Every burn imported (Imported): its amount left what the route has outstanding; released to
-- `to_wallet` (the token's BridgeIn movement) or quarantined (`quarantine`).
CREATE TABLE bridge_imports (
	chain BIGINT NOT NULL,
	gateway TEXT NOT NULL,
	nonce BIGINT NOT NULL,
	token BIGINT NOT NULL,
	partition_id BIGINT NOT NULL,
	from_address TEXT NOT NULL,
	to_wallet TEXT NOT NULL,
	amount TEXT NOT NULL,
	block BIGINT NOT NULL,
	event_index BIGINT NOT NULL,
	quarantine BIGINT,
	PRIMARY KEY (chain, gateway, nonce)
);
CREATE INDEX bridge_imports_by_block ON bridge_imports (block, event_index);

-- Releases the token refused (ReleaseQuarantined): a refund of export `export_nonce`, or
-- import `import_nonce` at `gateway` on `chain` by `from_address`; open until released
-- (QuarantineReleased) or bounced back to the EVM wallet as export `bounce_export`.
CREATE TABLE bridge_quarantine (
	id BIGINT PRIMARY KEY,
	token BIGINT NOT NULL,
	partition_id BIGINT NOT NULL,
	cause TEXT NOT NULL,
	export_nonce BIGINT,
	chain BIGINT,
	gateway TEXT,
	import_nonce BIGINT,
	from_address TEXT,
	to_wallet TEXT NOT NULL,
	amount TEXT NOT NULL,
	reason TEXT NOT NULL,
	block BIGINT NOT NULL,
	released_block BIGINT,
	bounced_block BIGINT,
	bounce_export BIGINT
);

-- Messages for the EVM contracts (AllowRequested, ControlRequested, RotationRequested): kind
-- Allow, Control or SignerSet, the body as JSON, the set that must sign it (a rotation: the
-- outgoing set). An Allow message a newer one for its wallet superseded is gone from storage
-- from `superseded_block` on.
CREATE TABLE bridge_messages (
	id BIGINT PRIMARY KEY,
	chain BIGINT NOT NULL,
	contract TEXT NOT NULL,
	wrapped TEXT NOT NULL,
	kind TEXT NOT NULL,
	token BIGINT,
	partition_id BIGINT,
	body TEXT NOT NULL,
	digest TEXT NOT NULL,
	signed_by BIGINT,
	block BIGINT NOT NULL,
	superseded_block BIGINT
);
CREATE INDEX bridge_messages_by_kind ON bridge_messages (kind, id);

-- Each change of a message's attestation: attested = 1 when a set's threshold signed it
-- (MessageAttested, with the signatures in key order); 0 when another set starts over once the
-- attesting set's grace period is over (the first vote of that set).
CREATE TABLE bridge_message_attestations (
	id BIGINT NOT NULL,
	seq BIGINT NOT NULL,
	block BIGINT NOT NULL,
	attested BIGINT NOT NULL,
	set_id BIGINT,
	signatures TEXT,
	PRIMARY KEY (id, seq)
);

-- Each allow-list entry requested (AllowRequested): a wallet's entry for a wrapped token on an
-- EVM chain, until `expiry` (Unix seconds; 0: removed), number `sequence`, carried by message
-- `message`. A newer request for the same wallet and wrapped token supersedes it.
CREATE TABLE bridge_allow_entries (
	message BIGINT PRIMARY KEY,
	chain BIGINT NOT NULL,
	wrapped TEXT NOT NULL,
	wallet TEXT NOT NULL,
	token BIGINT NOT NULL,
	partition_id BIGINT NOT NULL,
	identity BIGINT,
	expiry BIGINT NOT NULL,
	sequence BIGINT NOT NULL,
	block BIGINT NOT NULL,
	superseded_block BIGINT
);
CREATE INDEX bridge_allow_entries_by_wallet ON bridge_allow_entries (chain, wrapped, wallet);

-- The first block whose bridge events are indexed: 0 for a new database; for a database
-- indexed before this migration, the block after its cursor then (the bridge's events before
-- it were not kept: `run` refuses to go on if the chain's bridge was in use by then).
CREATE TABLE bridge_coverage (
	from_block BIGINT NOT NULL
);
INSERT INTO bridge_coverage (from_block) SELECT COALESCE(MAX(height) + 1, 0) FROM blocks;
