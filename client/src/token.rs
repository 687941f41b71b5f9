//! What an issuer does with its security token (`SecurityToken`): create it, add partitions,
//! move it through its lifecycle, issue, anchor documents; and the token reads
//! (`TokenApi`).

use crate::{
	chain::{Call, Outcome, Sto},
	runtime::{api, bounded, parse_variant, PartitionRights, TokenStatus, TokenTerms},
};
use anyhow::{anyhow, bail, Result};
use subxt::utils::{AccountId32, H256};

/// The runtime's name of the security token pallet.
pub const PALLET: &str = "SecurityToken";

/// Every right: voting, dividends, transferable (a partition of common shares).
pub const ALL_RIGHTS: PartitionRights = PartitionRights { voting: true, dividends: true, transferable: true };

/// `SecurityToken.create_token(terms)`, signed by a wallet of the (verified) issuer identity.
/// The chain checks the terms (symbol, identifiers, granularity, ...) and names what it
/// refuses; the new token's id is in the `TokenCreated` event ([`created_token`]).
pub async fn create_token(sto: &Sto, terms: TokenTerms) -> Result<Call> {
	sto.call(&api::transactions().security_token().create_token(terms)).await
}

/// The id of the token a `create_token` created.
pub fn created_token(outcome: &Outcome) -> Result<u32> {
	outcome
		.event(PALLET, "TokenCreated")
		.and_then(|e| e.u128("token"))
		.map(|t| t as u32)
		.ok_or_else(|| anyhow!("no TokenCreated event"))
}

/// `SecurityToken.set_status(token, status)` (the owner): a status name the runtime has
/// (`draft`, `issuing`, `active`, `halted`, `closed`).
pub async fn set_status(sto: &Sto, token: u32, status: &str) -> Result<Call> {
	let status: TokenStatus = parse_variant(status, "status")?;
	sto.call(&api::transactions().security_token().set_status(token, status)).await
}

/// `SecurityToken.add_partition(token, name, rights)` (the owner). The new partition's number
/// is in the `PartitionAdded` event.
pub async fn add_partition(sto: &Sto, token: u32, name: &str, rights: PartitionRights) -> Result<Call> {
	sto.call(&api::transactions().security_token().add_partition(token, bounded(name.as_bytes()), rights)).await
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
	sto.call(&api::transactions().security_token().issue(token, partition, *to, amount, lockup_until)).await
}

/// `SecurityToken.set_document(token, name, uri, hash)` (a document manager): anchors the hash
/// of a document's content under its name.
pub async fn set_document(sto: &Sto, token: u32, name: &str, uri: &str, hash: H256) -> Result<Call> {
	sto.call(&api::transactions().security_token().set_document(token, bounded(name.as_bytes()), bounded(uri.as_bytes()), hash))
		.await
}

/// `account`'s balance of `partition` of `token` (`TokenApi_balance_of`).
pub async fn balance_of(sto: &Sto, token: u32, partition: u16, account: &AccountId32) -> Result<u128> {
	sto.api(api::runtime_apis().token_api().balance_of(token, partition, *account)).await
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
