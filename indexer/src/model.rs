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

/// The pallets whose events the indexer keeps.
pub const STO_PALLETS: [&str; 6] =
	["IdentityRegistry", "SecurityToken", "Compliance", "Custody", "CorporateActions", "Offering"];
