//! What the decoder hands the store: one block's facts, in event order.

use serde::Serialize;

/// A finalized block as the indexer records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BlockInfo {
	pub height: u64,
	/// `0x…` hex.
	pub hash: String,
	pub parent: String,
	pub spec_version: u32,
	/// `Timestamp.Now` (ms since the Unix epoch; 0 at genesis).
	pub timestamp_ms: u64,
}

/// A token as created (event or genesis state).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewToken {
	pub token: u64,
	pub symbol: String,
	pub name: String,
	pub owner: u64,
	pub decimals: u8,
	pub instrument: String,
	pub supply_cap: Option<u128>,
	pub status: String,
	pub paused: bool,
	/// Partition 0 (and, from genesis state, every other partition).
	pub partitions: Vec<NewPartition>,
	/// The terms as JSON (the event's or the storage value's fields).
	pub terms: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPartition {
	pub partition: u32,
	pub name: String,
	pub rights: String,
}

/// One movement of tokens (a `SecurityToken.Moved` event, or a genesis holding).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Movement {
	pub token: u64,
	pub partition: u32,
	pub to_partition: u32,
	pub from: Option<String>,
	pub to: Option<String>,
	pub amount: u128,
	/// `Issue`, `Transfer`, `Operator`, `Controller`, `Redeem`, `Reclassify`, `Settlement`,
	/// `Recovery`, or `Genesis` for holdings in the genesis state.
	pub kind: String,
	pub operator: Option<String>,
	/// `0x…` hex.
	pub reference: Option<String>,
}

impl Movement {
	/// A holding of the genesis state, as a movement from nowhere (kind `Genesis`).
	pub fn genesis(token: u64, partition: u32, wallet: String, amount: u128) -> Self {
		Self {
			token,
			partition,
			to_partition: partition,
			from: None,
			to: Some(wallet),
			amount,
			kind: "Genesis".into(),
			operator: None,
			reference: None,
		}
	}
}

/// One fact of a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
	Token(NewToken),
	Partition { token: u64, partition: NewPartition },
	PartitionRights { token: u64, partition: u32, rights: String },
	Status { token: u64, status: String },
	Paused { token: u64, paused: bool },
	SupplyCap { token: u64, cap: Option<u128> },
	Owner { token: u64, owner: u64 },
	Document { token: u64, name: String, uri: String, hash: String },
	DocumentRemoved { token: u64, name: String },
	Identity { identity: u64, kind: String, primary: String },
	WalletLinked { identity: u64, wallet: String },
	WalletUnlinked { identity: u64, wallet: String },
	Primary { identity: u64, wallet: String },
	Claim { subject: u64, topic: String, issuer: u64, scope: String, expiry_ms: Option<u64>, evidence: String },
	ClaimRevoked { subject: u64, topic: String, issuer: u64, scope: String },
	Movement(Movement),
	Settlement { custodian: u64, batch_ref: String, submitter: String, legs: u32, cash_legs: u32 },
	/// A change of the EVM bridge's state.
	Bridge(BridgeRecord),
	/// Every event of the STO pallets, as JSON.
	Event { pallet: String, name: String, fields: String },
}

/// A record with its place in the block (the event's index; genesis records are numbered in
/// the order they were read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
	pub index: u32,
	pub record: Record,
}

/// A block and everything it says.
#[derive(Clone, Debug)]
pub struct BlockData {
	pub block: BlockInfo,
	pub records: Vec<Located>,
}

/// One signer of a bridge signer set: its account here and its EVM key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct BridgeSigner {
	pub account: String,
	pub key: String,
}

/// Why tokens leave the bridge's escrow for an account here (the pallet's `ReleaseCause`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReleaseCause {
	/// Export `export` was not minted: its tokens go back to its holder.
	Refund { export: u64 },
	/// Burn `nonce` at `gateway` on `chain`, by the EVM wallet `from`.
	Import { chain: u64, gateway: String, nonce: u64, from: String },
}

impl std::fmt::Display for ReleaseCause {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			ReleaseCause::Refund { export } => write!(f, "refund of export {export}"),
			ReleaseCause::Import { chain, gateway, nonce, from } => {
				write!(f, "import of burn {nonce} at {gateway} on chain {chain} by {from}")
			},
		}
	}
}

/// A change of the EVM bridge's state (pallet `EvmBridge`), from its events: each carries
/// every field the bridge keeps. EVM addresses, digests and signatures are `0x…` hex in lower
/// case, accounts SS58.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BridgeRecord {
	/// A rotation (`SignerSetRotated`): set `set_id` is current, the previous one valid
	/// through block `previous_valid_until`.
	SignerSet { set_id: u32, signers: Vec<BridgeSigner>, threshold: u32, previous_valid_until: Option<u64> },
	/// A route set, created or changed (`RouteSet`).
	Route {
		token: u64,
		partition: u32,
		chain: u64,
		gateway: String,
		wrapped: String,
		enabled: bool,
		per_export: u128,
		per_window: u128,
		per_identity_window: u128,
	},
	RouteRemoved { token: u64, partition: u32, chain: u64 },
	/// One of the bridge's switches (`paused`, `imports_halted`) turned on or off; `detail`
	/// says by whom or why, as JSON.
	Flag { flag: &'static str, value: bool, detail: String },
	/// A committee verifier named for `chain` (`None`: removed), deployed with set `set_id`.
	Committee { chain: u64, verifier: Option<String>, set_id: u32 },
	/// Tokens locked in the escrow for `recipient` on `chain` (`Exported`). The export's gateway
	/// is its route's.
	Exported {
		nonce: u64,
		token: u64,
		partition: u32,
		chain: u64,
		holder: String,
		recipient: String,
		identity: u64,
		amount: u128,
		deadline: u64,
		digest: String,
	},
	/// Export `nonce` has its threshold of signatures from set `set_id`, in key order.
	ExportAttested { nonce: u64, set_id: u32, signatures: Vec<String> },
	/// Export `nonce` was minted on its EVM chain: its amount is outstanding there.
	ExportMinted { nonce: u64 },
	/// Export `nonce` was not minted: its tokens go back to its holder (or to the quarantine).
	ExportRefunded { nonce: u64 },
	/// The token refused a release: the tokens wait in the escrow under quarantine `id`.
	Quarantined { id: u64, cause: ReleaseCause, to: String, amount: u128, reason: String },
	QuarantineReleased { id: u64 },
	/// Quarantined import `id` sent back to the wallet that burned it: a new export `nonce`.
	QuarantineBounced { id: u64, nonce: u64, recipient: String, amount: u128, deadline: u64, digest: String },
	/// Burn `nonce` at `gateway` on `chain` imported: its amount left what the route has
	/// outstanding, released to `to` or quarantined.
	Imported { chain: u64, gateway: String, nonce: u64, token: u64, partition: u32, from: String, to: String, amount: u128 },
	/// Message `id`: `wallet`'s allow-list entry for the route's wrapped token, until `expiry`
	/// (0: removed), number `sequence`.
	AllowRequested {
		id: u64,
		token: u64,
		partition: u32,
		chain: u64,
		wallet: String,
		identity: Option<u64>,
		expiry: u64,
		sequence: u64,
		digest: String,
	},
	/// Message `id`: control message `sequence` for the route's wrapped token.
	ControlRequested {
		id: u64,
		token: u64,
		partition: u32,
		chain: u64,
		sequence: u64,
		action: String,
		account: String,
		to: String,
		amount: u128,
		digest: String,
	},
	/// Message `id`: the committee `verifier` on `chain` rotates to set `set_id`, signed by the
	/// outgoing set.
	RotationRequested {
		id: u64,
		chain: u64,
		verifier: String,
		set_id: u32,
		signers: Vec<String>,
		previous_valid_until: u64,
		digest: String,
	},
	/// A signer's vote for message `id` (it restarts the attestation of a message another set
	/// attested, once that set's grace period is over).
	MessageVoted { id: u64 },
	/// Message `id` has its threshold of signatures from set `set_id`, in key order.
	MessageAttested { id: u64, set_id: u32, signatures: Vec<String> },
}

/// The JSON body of an allow-list message (the pallet's `MessageBody::Allow`).
pub fn allow_body(wallet: &str, expiry: u64, sequence: u64) -> serde_json::Value {
	serde_json::json!({ "wallet": wallet, "expiry": expiry, "sequence": sequence })
}

/// The JSON body of a control message (`MessageBody::Control`; the amount as a decimal string).
pub fn control_body(sequence: u64, action: &str, account: &str, to: &str, amount: u128) -> serde_json::Value {
	serde_json::json!({ "sequence": sequence, "action": action, "account": account, "to": to, "amount": amount.to_string() })
}

/// The JSON body of a rotation message (`MessageBody::SignerSet`).
pub fn signer_set_body(set_id: u32, signers: &[String], previous_valid_until: u64) -> serde_json::Value {
	serde_json::json!({ "set_id": set_id, "signers": signers, "previous_valid_until": previous_valid_until })
}

/// The pallets whose events the indexer keeps.
pub const STO_PALLETS: [&str; 7] =
	["IdentityRegistry", "SecurityToken", "Compliance", "Custody", "CorporateActions", "Offering", "EvmBridge"];
