//! The consortium council (`pallet-collective`, instance `Council`): its members, its open
//! motions, and proposing, voting on and closing a motion. On the `consortium` chain (no sudo)
//! every privileged call (admitting a validator, registering a custodian, adding a trusted
//! issuer) is a council motion that two thirds of the members approve. `Root`-only calls (a
//! runtime upgrade) need the whole council: a unanimous motion whitelists the call, a two-thirds
//! motion dispatches it ([`upgrade`]).
//!
//! Calls and reads are the generated interface's ([`crate::runtime::api`]), except those that
//! carry a whole runtime call (`Council.propose`, `Whitelist.dispatch_whitelisted_call_with_preimage`,
//! `Council.ProposalOf`, the proposed call's weight): their generated shape covers every call of
//! every pallet, so a node whose runtime changed any call (after a runtime upgrade) would refuse
//! them, while the call bytes they wrap are valid. Those wrap the bytes as they are.

use crate::{
	chain::{Call, Sto},
	runtime::api::{self, runtime_types::sp_weights::weight_v2::Weight},
};
use anyhow::{anyhow, bail, Result};
use serde_json::{json, Value as Json};
use subxt::{
	ext::codec::{Compact, Encode},
	utils::{AccountId32, H256},
};

/// The runtime's name of the council pallet.
pub const PALLET: &str = "Council";

/// The aye votes a motion of a council of `members` needs: two thirds, rounded up (the
/// runtime's governance origin is at least two thirds of the council).
pub fn threshold(members: usize) -> u32 {
	(2 * members as u32).div_ceil(3)
}

/// The council's members.
pub async fn members(sto: &Sto) -> Result<Vec<AccountId32>> {
	let at = sto.at().await?;
	let members = at.storage().try_fetch(api::storage().council().members(), ()).await.map_err(|e| anyhow!("read Council.Members: {e}"))?;
	Ok(match members {
		Some(members) => members.decode()?,
		None => Vec::new(),
	})
}

/// An open motion.
#[derive(Clone, Debug)]
pub struct Motion {
	pub hash: H256,
	pub index: u32,
	/// The aye votes that approve it.
	pub threshold: u32,
	pub ayes: Vec<AccountId32>,
	pub nays: Vec<AccountId32>,
	/// From this block on it may be closed whatever the votes.
	pub end: u32,
	/// The proposed call, SCALE-encoded (`None` if the proposal is no longer stored).
	pub call: Option<Call>,
	/// The proposed call as text (`Custody(register_custodian { … })`).
	pub call_text: Option<String>,
}

impl Motion {
	/// Whether closing it now would approve it.
	pub fn approved(&self) -> bool {
		self.ayes.len() as u32 >= self.threshold
	}

	pub fn to_json(&self) -> Json {
		json!({
			"hash": format!("{:?}", self.hash),
			"index": self.index,
			"threshold": self.threshold,
			"ayes": self.ayes.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
			"nays": self.nays.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
			"end": self.end,
			"call": self.call.as_ref().map(Call::to_hex),
			"call_text": self.call_text,
		})
	}

	pub fn to_text(&self) -> String {
		format!(
			"motion {:?} (#{}): {} of {} ayes, {} nays, ends at block #{}\n  {}\n",
			self.hash,
			self.index,
			self.ayes.len(),
			self.threshold,
			self.nays.len(),
			self.end,
			self.call_text.as_deref().unwrap_or("(proposal not stored)"),
		)
	}
}

/// The open motion `hash`, if there is one.
pub async fn motion(sto: &Sto, hash: H256) -> Result<Option<Motion>> {
	let at = sto.at().await?;
	let voting =
		at.storage().try_fetch(api::storage().council().voting(), (hash,)).await.map_err(|e| anyhow!("read Council.Voting: {e}"))?;
	let Some(voting) = voting else { return Ok(None) };
	let votes = voting.decode()?;
	// The proposal is a whole runtime call: read as bytes (see the module's documentation).
	let proposal = sto.storage(PALLET, "ProposalOf", (hash,)).await?;
	let call_text = proposal.as_ref().map(|p| p.text()).transpose()?;
	Ok(Some(Motion {
		hash,
		index: votes.index,
		threshold: votes.threshold,
		ayes: votes.ayes,
		nays: votes.nays,
		end: votes.end,
		call: proposal.map(|p| Call(p.bytes)),
		call_text,
	}))
}

/// Every open motion, oldest first.
pub async fn motions(sto: &Sto) -> Result<Vec<Motion>> {
	let at = sto.at().await?;
	let hashes = match at
		.storage()
		.try_fetch(api::storage().council().proposals(), ())
		.await
		.map_err(|e| anyhow!("read Council.Proposals: {e}"))?
	{
		Some(hashes) => hashes.decode()?.0,
		None => Vec::new(),
	};
	let mut motions = Vec::new();
	for hash in hashes {
		if let Some(motion) = motion(sto, hash).await? {
			motions.push(motion);
		}
	}
	Ok(motions)
}

/// The open motion `hash`, or a clear error.
pub async fn open_motion(sto: &Sto, hash: H256) -> Result<Motion> {
	motion(sto, hash).await?.ok_or_else(|| anyhow!("no open council motion {hash:?} (closed already, or never proposed)"))
}

/// `Council.propose(threshold, call, length_bound)`. With a threshold of 1 the call is
/// dispatched at once (a council of one); otherwise the motion opens without votes (the
/// proposer votes like every member).
pub async fn propose(sto: &Sto, call: &Call, threshold: u32) -> Result<Call> {
	let mut args = Compact(threshold).encode();
	args.extend_from_slice(&call.0);
	Compact(call.0.len() as u32).encode_to(&mut args);
	sto.raw_call(PALLET, "propose", &args).await
}

/// `Council.vote(hash, index, approve)`.
pub async fn vote(sto: &Sto, motion: &Motion, approve: bool) -> Result<Call> {
	sto.call(&api::transactions().council().vote(motion.hash, motion.index, approve)).await
}

/// `Council.close(hash, index, weight_bound, length_bound)`: the bounds are the proposed call's
/// weight (`TransactionPaymentCallApi_query_call_info`) and length.
pub async fn close(sto: &Sto, motion: &Motion) -> Result<Call> {
	let Some(call) = &motion.call else { bail!("motion {:?}: its proposal is not stored", motion.hash) };
	let mut query = call.0.clone();
	(call.0.len() as u32).encode_to(&mut query);
	let (ref_time, proof_size) =
		weight_of(sto.runtime_api_raw("TransactionPaymentCallApi", "query_call_info", &query).await)?;
	let bound = Weight { ref_time, proof_size };
	sto.call(&api::transactions().council().close(motion.hash, motion.index, bound, call.0.len() as u32)).await
}

/// The weight in a `RuntimeDispatchInfo` answer.
fn weight_of(info: Result<crate::chain::Answer>) -> Result<(u64, u64)> {
	#[derive(subxt::ext::scale_decode::DecodeAsType)]
	#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
	struct Weight {
		ref_time: u64,
		proof_size: u64,
	}
	#[derive(subxt::ext::scale_decode::DecodeAsType)]
	#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
	struct Info {
		weight: Weight,
	}
	let info: Info = info?.decode()?;
	Ok((info.weight.ref_time, info.weight.proof_size))
}

/// The ayes of the motion that whitelists a `Root` call: every member (the runtime's
/// `UnanimousCouncil`: only a unanimous council reaches `Root`).
pub fn unanimity(members: usize) -> u32 {
	members as u32
}

/// A runtime upgrade through the council: the new code, its hash, and the `Root` call the council
/// must dispatch for it (`System.authorize_upgrade(code_hash)`), with that call's hash (what
/// `Whitelist.whitelist_call` names).
#[derive(Clone, Debug)]
pub struct Upgrade {
	pub code: Vec<u8>,
	pub code_hash: H256,
	pub authorize: Call,
	pub authorize_hash: H256,
}

/// Where an upgrade stands on chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpgradeStage {
	/// Nothing yet: a unanimous motion must whitelist the authorization.
	NotWhitelisted,
	/// Whitelisted: a two-thirds motion dispatches the authorization as `Root`.
	Whitelisted,
	/// Authorized: anyone submits the code (`System.apply_authorized_upgrade`).
	Authorized,
	/// The chain runs this code.
	Applied,
}

impl UpgradeStage {
	pub fn name(self) -> &'static str {
		match self {
			UpgradeStage::NotWhitelisted => "not-whitelisted",
			UpgradeStage::Whitelisted => "whitelisted",
			UpgradeStage::Authorized => "authorized",
			UpgradeStage::Applied => "applied",
		}
	}
}

/// The runtime's well-known storage key of its code.
const CODE_KEY: &[u8] = b":code";

/// Plan the upgrade to `code` (a runtime wasm blob, as built: compact and compressed).
pub async fn upgrade(sto: &Sto, code: Vec<u8>) -> Result<Upgrade> {
	if code.len() < 8 {
		bail!("the runtime file is empty or too short to be a wasm runtime");
	}
	let code_hash = crate::chain::blake2_256(&code);
	let authorize = sto.call(&api::transactions().system().authorize_upgrade(code_hash)).await?;
	let authorize_hash = sto.call_hash(&authorize).await?;
	Ok(Upgrade { code, code_hash, authorize, authorize_hash })
}

/// Where `upgrade` stands at the latest finalized block.
pub async fn upgrade_stage(sto: &Sto, upgrade: &Upgrade) -> Result<UpgradeStage> {
	let running = sto.rpc().state_get_storage(CODE_KEY, None).await.map_err(|e| anyhow!("read the runtime code: {e}"))?;
	if running.is_some_and(|code| crate::chain::blake2_256(&code) == upgrade.code_hash) {
		return Ok(UpgradeStage::Applied);
	}
	let at = sto.at().await?;
	let authorized = at
		.storage()
		.try_fetch(api::storage().system().authorized_upgrade(), ())
		.await
		.map_err(|e| anyhow!("read System.AuthorizedUpgrade: {e}"))?;
	if let Some(authorized) = authorized {
		if authorized.decode()?.code_hash == upgrade.code_hash {
			return Ok(UpgradeStage::Authorized);
		}
	}
	let whitelisted = at
		.storage()
		.try_fetch(api::storage().whitelist().whitelisted_call(), (upgrade.authorize_hash,))
		.await
		.map_err(|e| anyhow!("read Whitelist.WhitelistedCall: {e}"))?;
	if whitelisted.is_some() {
		return Ok(UpgradeStage::Whitelisted);
	}
	Ok(UpgradeStage::NotWhitelisted)
}

/// The motion that moves `upgrade` on from `stage` (`None` once authorized): the unanimous
/// `Whitelist.whitelist_call(authorize_hash)`, then the two-thirds
/// `Whitelist.dispatch_whitelisted_call_with_preimage(authorize)`; with the ayes it needs in a
/// council of `members`.
pub async fn upgrade_motion(sto: &Sto, upgrade: &Upgrade, stage: UpgradeStage, members: usize) -> Result<Option<(Call, u32)>> {
	Ok(match stage {
		UpgradeStage::NotWhitelisted => {
			Some((sto.call(&api::transactions().whitelist().whitelist_call(upgrade.authorize_hash)).await?, unanimity(members)))
		},
		UpgradeStage::Whitelisted => Some((
			sto.raw_call("Whitelist", "dispatch_whitelisted_call_with_preimage", &upgrade.authorize.0).await?,
			threshold(members),
		)),
		UpgradeStage::Authorized | UpgradeStage::Applied => None,
	})
}

/// `System.apply_authorized_upgrade(code)`: anyone may submit the authorized code.
pub async fn apply_upgrade(sto: &Sto, upgrade: &Upgrade) -> Result<Call> {
	sto.call(&api::transactions().system().apply_authorized_upgrade(upgrade.code.clone())).await
}

/// The spec version of the runtime at the node's best block.
pub async fn spec_version(sto: &Sto) -> Result<u32> {
	Ok(sto.rpc().state_get_runtime_version(None).await.map_err(|e| anyhow!("read the runtime version: {e}"))?.spec_version)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn two_thirds_rounded_up() {
		assert_eq!([1, 2, 3, 4, 5, 6, 7].map(threshold), [1, 2, 2, 3, 4, 4, 5]);
		assert_eq!([1, 4, 7].map(unanimity), [1, 4, 7]);
	}
}
