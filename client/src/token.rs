//! What an issuer does with its security token (`SecurityToken`): create it, add partitions,
//! move it through its lifecycle, issue, anchor documents; and the token reads
//! (`TokenApi`).

use crate::chain::{pick, Call, Outcome, Sto};
use anyhow::{anyhow, bail, Result};
use subxt::{
	dynamic::{self, Value},
	utils::{AccountId32, H256},
};

/// The runtime's name of the security token pallet.
pub const PALLET: &str = "SecurityToken";

/// Rights attached to a partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionRights {
	pub voting: bool,
	pub dividends: bool,
	pub transferable: bool,
}

impl Default for PartitionRights {
	fn default() -> Self {
		Self { voting: true, dividends: true, transferable: true }
	}
}

impl PartitionRights {
	pub fn to_value(&self) -> Value {
		Value::named_composite([
			("voting", Value::bool(self.voting)),
			("dividends", Value::bool(self.dividends)),
			("transferable", Value::bool(self.transferable)),
		])
	}
}

/// What kind of security a token is.
pub const INSTRUMENTS: [&str; 6] = ["Equity", "Debt", "Fund", "RealEstate", "Insurance", "Other"];

/// A token's lifecycle statuses.
pub const STATUSES: [&str; 5] = ["Draft", "Issuing", "Active", "Halted", "Closed"];

/// The terms of a new token.
#[derive(Clone, Debug)]
pub struct TokenTerms {
	/// Unique: upper-case letters and digits.
	pub symbol: String,
	pub name: String,
	pub decimals: u8,
	/// Every amount is a multiple of it (1: any amount).
	pub granularity: u128,
	/// One of [`INSTRUMENTS`].
	pub instrument: String,
	/// One whole token represents `numerator / denominator` of `unit` (a hash naming the
	/// underlying asset).
	pub underlying: (u64, u64, H256),
	/// ISIN (12 characters), if the security has one.
	pub isin: Option<String>,
	pub supply_cap: Option<u128>,
	/// Whether the transfer agent may force transfers (can be renounced later).
	pub controllable: bool,
	/// The default partition's name and rights.
	pub partition_name: String,
	pub rights: PartitionRights,
}

/// `SecurityToken.create_token(..)`, signed by a wallet of the (verified) issuer identity.
/// The new token's id is in the `TokenCreated` event ([`created_token`]).
pub async fn create_token(sto: &Sto, terms: &TokenTerms) -> Result<Call> {
	let symbol = terms.symbol.trim();
	if symbol.is_empty() || !symbol.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
		bail!("symbol {symbol:?}: upper-case letters and digits only");
	}
	if terms.granularity == 0 {
		bail!("granularity must be at least 1");
	}
	if terms.underlying.1 == 0 {
		bail!("the underlying's denominator must be above zero");
	}
	let instrument = pick(&terms.instrument, &INSTRUMENTS, "instrument")?;
	let identifiers: Vec<Value> = match &terms.isin {
		Some(isin) => {
			let bytes = isin.trim().as_bytes();
			if bytes.len() != 12 || !bytes.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
				bail!("ISIN {isin:?}: 12 upper-case letters and digits");
			}
			vec![Value::unnamed_variant("Isin", [Value::from_bytes(bytes)])]
		},
		None => Vec::new(),
	};
	let (numerator, denominator, unit) = terms.underlying;
	let supply_cap = match terms.supply_cap {
		Some(cap) => Value::unnamed_variant("Some", [Value::u128(cap)]),
		None => Value::unnamed_variant("None", []),
	};
	// The runtime's `TokenTerms`.
	let terms = Value::named_composite([
		("symbol", Value::from_bytes(symbol.as_bytes())),
		("name", Value::from_bytes(terms.name.as_bytes())),
		("decimals", Value::u128(terms.decimals as u128)),
		("granularity", Value::u128(terms.granularity)),
		("instrument", Value::unnamed_variant(instrument, [])),
		(
			"underlying",
			Value::named_composite([
				("numerator", Value::u128(numerator as u128)),
				("denominator", Value::u128(denominator as u128)),
				("unit", Value::from_bytes(unit.0)),
			]),
		),
		("identifiers", Value::unnamed_composite(identifiers)),
		("supply_cap", supply_cap),
		("controllable", Value::bool(terms.controllable)),
		("default_partition", Value::from_bytes(terms.partition_name.as_bytes())),
		("rights", terms.rights.to_value()),
	]);
	let call = dynamic::tx(PALLET, "create_token", (terms,));
	sto.call(&call).await
}

/// The id of the token a `create_token` created.
pub fn created_token(outcome: &Outcome) -> Result<u32> {
	outcome
		.event(PALLET, "TokenCreated")
		.and_then(|e| e.u128("token"))
		.map(|t| t as u32)
		.ok_or_else(|| anyhow!("no TokenCreated event"))
}

/// `SecurityToken.set_status(token, status)` (the owner): one of [`STATUSES`].
pub async fn set_status(sto: &Sto, token: u32, status: &str) -> Result<Call> {
	let status = pick(status, &STATUSES, "status")?;
	sto.call(&dynamic::tx(PALLET, "set_status", (token, Value::unnamed_variant(status, [])))).await
}

/// `SecurityToken.add_partition(token, name, rights)` (the owner). The new partition's number
/// is in the `PartitionAdded` event.
pub async fn add_partition(sto: &Sto, token: u32, name: &str, rights: PartitionRights) -> Result<Call> {
	if name.trim().is_empty() {
		bail!("a partition needs a name");
	}
	sto.call(&dynamic::tx(PALLET, "add_partition", (token, name.as_bytes().to_vec(), rights.to_value()))).await
}

/// `SecurityToken.issue(token, partition, to, amount, lockup_until)` (a supply manager).
pub async fn issue(
	sto: &Sto,
	token: u32,
	partition: u16,
	to: &AccountId32,
	amount: u128,
	lockup_until: Option<u64>,
) -> Result<Call> {
	if amount == 0 {
		bail!("issue an amount above zero");
	}
	sto.call(&dynamic::tx(PALLET, "issue", (token, partition, *to, amount, lockup_until))).await
}

/// `SecurityToken.set_document(token, name, uri, hash)` (a document manager): anchors the hash
/// of a document's content under its name.
pub async fn set_document(sto: &Sto, token: u32, name: &str, uri: &str, hash: H256) -> Result<Call> {
	if name.trim().is_empty() {
		bail!("a document needs a name");
	}
	sto.call(&dynamic::tx(PALLET, "set_document", (token, name.as_bytes().to_vec(), uri.as_bytes().to_vec(), hash)))
		.await
}

/// `account`'s balance of `partition` of `token` (`TokenApi_balance_of`).
pub async fn balance_of(sto: &Sto, token: u32, partition: u16, account: &AccountId32) -> Result<u128> {
	sto.runtime_api("TokenApi", "balance_of", (token, partition, *account)).await?.decode()
}

/// The token's record as JSON (`null` if there is no such token).
pub async fn details(sto: &Sto, token: u32) -> Result<serde_json::Value> {
	sto.runtime_api("TokenApi", "token", (token,)).await?.json()
}

/// `account`'s holdings of `token`, per partition, as JSON.
pub async fn holdings(sto: &Sto, token: u32, account: &AccountId32) -> Result<serde_json::Value> {
	sto.runtime_api("TokenApi", "holdings", (token, *account)).await?.json()
}

/// The token's documents as JSON.
pub async fn documents(sto: &Sto, token: u32) -> Result<serde_json::Value> {
	sto.runtime_api("TokenApi", "documents", (token,)).await?.json()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn names_are_matched_loosely_and_refused_clearly() {
		assert_eq!(pick("real-estate", &INSTRUMENTS, "instrument").unwrap(), "RealEstate");
		assert_eq!(pick("ACTIVE", &STATUSES, "status").unwrap(), "Active");
		let error = pick("live", &STATUSES, "status").unwrap_err().to_string();
		assert!(error.contains("Draft, Issuing, Active, Halted, Closed"), "{error}");
	}
}
