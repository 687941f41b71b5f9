//! The keeper role: keeps the EVM chains' allow-lists in step with the appchain. Anyone may run
//! one (it needs an account here with funds for fees, nothing else): `request_allow` is open
//! to anyone, and the pallet alone decides what an entry becomes.
//!
//! Each pass reads, at the latest finalized block, every allow-list entry the pallet keeps for
//! the keeper's EVM chain and, for each whose route still exists, asks the runtime whether
//! `request_allow` for that wallet would apply now (a dry run: `BlockBuilder_apply_extrinsic`
//! on the finalized state, nothing sent, no fee). It applies when the entry should change:
//!
//! - a removal (expiry 0) of an open entry whose wallet the token no longer admits (a claim
//!   revoked or lapsed, the wallet unlinked, a compliance rule the identity now fails);
//! - a shorter entry when the identity's KYC claim now ends sooner;
//! - a renewal in the second half of the entry's term, or a new entry for a wallet admitted
//!   again after its entry expired (a claim renewed).
//!
//! Otherwise the pallet refuses it (`AllowUnchanged`, or the token's refusal for a wallet whose
//! entry is already closed) and the keeper leaves the entry alone. Only requests that apply are
//! sent, so a keeper pays a fee only for a change. A request the transaction pool would refuse
//! from the keeper's account (no funds for the fee) is reported as `refused` on every pass. A request that fails in its block (the state
//! moved between the dry run and the block) is reported and tried again at the next pass.

use crate::{appchain, report::Report};
use anyhow::Result;
use serde_json::json;
use sto_client::{
	chain::{DryRun, Sto, Wait},
	runtime::api::{self, runtime_types::pallet_evm_bridge::AllowEntry},
	subxt::utils::H160,
	subxt_signer::sr25519::Keypair,
};

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
	/// Entries whose request was tried in a dry run.
	pub checked: u32,
	/// Requests sent and included.
	pub requested: u32,
	pub failed: u32,
}

pub struct Keeper {
	sto: Sto,
	chain: u64,
	account: Keypair,
	report: Report,
}

impl Keeper {
	pub fn new(sto: Sto, chain: u64, account: Keypair, report: Report) -> Self {
		Self { sto, chain, account, report }
	}

	/// One pass over the entries: a request that fails is reported and counted; a read that
	/// fails ends the pass (the next one starts over).
	pub async fn pass(&mut self) -> Result<Tally> {
		let mut tally = Tally::default();
		let at = self.sto.at().await?;
		for ((token, partition), route) in appchain::routes_to(&at, self.chain).await? {
			for (wallet, entry) in appchain::allow_entries(&at, self.chain, route.wrapped).await? {
				self.check(token, partition, wallet, entry, &mut tally).await?;
			}
		}
		Ok(tally)
	}

	/// Dry-run the request for one entry and send it when it applies.
	async fn check(&self, token: u32, partition: u16, wallet: H160, entry: AllowEntry, tally: &mut Tally) -> Result<()> {
		tally.checked += 1;
		let request = api::transactions().evm_bridge().request_allow(token, partition, self.chain, wallet);
		let call = self.sto.call(&request).await?;
		let what = json!({
			"token": token,
			"partition": partition,
			"wallet": format!("{:#x}", appchain::address(&wallet)),
			"expiry": entry.expiry,
			"sequence": entry.sequence,
		});
		match self.sto.dry_run(&call, &self.account).await? {
			DryRun::Applies => {},
			// The pallet's answer: nothing to change for this entry.
			DryRun::Fails(_) => return Ok(()),
			// The pool would not take it from this account (no funds for the fee, for one):
			// the keeper itself needs attention.
			DryRun::Refused(why) => {
				tally.failed += 1;
				let mut line = what;
				line["why"] = json!(why);
				self.report.line("refused", line);
				return Ok(());
			},
		}
		match self.sto.submit(&call, &self.account, Wait::Finalized, &mut |_| {}).await {
			Ok(outcome) => {
				tally.requested += 1;
				let mut line = what;
				line["block"] = json!(outcome.block_number);
				self.report.line("requested", line);
			},
			Err(error) => {
				tally.failed += 1;
				let mut line = what;
				line["error"] = json!(error.to_string());
				self.report.line("failed", line);
			},
		}
		Ok(())
	}
}
