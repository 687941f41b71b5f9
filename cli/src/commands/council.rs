//! `sto council …`: the consortium council's motions (governance without sudo): propose a call,
//! vote, close, and the reads.

use super::{outcome_text, Context, Output};
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use serde_json::json;
use sto_client::{
	chain::{parse_h256, Call, Sto},
	council::{self, Motion, UpgradeStage},
};

#[derive(Subcommand, Debug)]
pub enum Command {
	/// List the council's members and the ayes a motion needs (two thirds of them).
	Members,
	/// List the open motions: proposed call, votes, threshold, end.
	Motions,
	/// Show one open motion.
	Motion {
		/// The motion's hash (the proposed call's hash, 0x + 64 hex digits).
		hash: String,
	},
	/// Propose a call as a council motion (a member signs; then members, the proposer too, vote).
	///
	/// The call data comes from a command's --print-call (e.g. `sto custody register-custodian
	/// … --print-call`).
	Propose {
		/// The call data, 0x + hex.
		call: String,
		/// The ayes that approve it (default: two thirds of the members, what governance needs).
		#[arg(long)]
		threshold: Option<u32>,
	},
	/// Vote on an open motion (a member signs).
	Vote {
		/// The motion's hash.
		hash: String,
		/// Vote aye.
		#[arg(long, conflicts_with = "nay", required_unless_present = "nay")]
		aye: bool,
		/// Vote nay.
		#[arg(long)]
		nay: bool,
	},
	/// Close a motion: with enough ayes its call is dispatched; with enough nays, or after its
	/// end, it is dropped (anyone may sign).
	Close {
		/// The motion's hash.
		hash: String,
	},
	/// Upgrade the runtime to a wasm file, through the council, one step per run: (1) a
	/// unanimous motion whitelists `System.authorize_upgrade(code hash)`; (2) a two-thirds
	/// motion dispatches it as Root; (3) anyone submits the code. Run it again after each motion
	/// is voted and closed; it says what comes next, and shows the spec versions before and
	/// after the code is applied.
	Upgrade {
		/// The runtime: a `.compact.compressed.wasm` file as the build leaves it.
		wasm: std::path::PathBuf,
	},
}

/// The signer must be a member.
async fn ensure_member(context: &Context, sto: &Sto) -> Result<()> {
	let signer = context.signer()?.public_key().to_account_id();
	if !council::members(sto).await?.contains(&signer) {
		bail!("{signer} is not a member of the council: only members propose and vote");
	}
	Ok(())
}

/// Why closing `motion` now would fail, if it would.
async fn not_closable(sto: &Sto, motion: &Motion) -> Result<Option<String>> {
	let seats = council::members(sto).await?.len() as u32;
	let disapproved = motion.nays.len() as u32 > seats.saturating_sub(motion.threshold);
	let now = sto.at().await?.block_number() as u32;
	if motion.approved() || disapproved || now >= motion.end {
		return Ok(None);
	}
	Ok(Some(format!(
		"motion {:?} has {} of {} ayes and {} nays of {seats} members: it can be closed once approved, \
		 once it cannot be, or from block #{} on (now #{now})",
		motion.hash,
		motion.ayes.len(),
		motion.threshold,
		motion.nays.len(),
		motion.end,
	)))
}

pub async fn run(context: &Context, command: Command) -> Result<Output> {
	let sto = context.connect().await?;
	sto.require_pallet(council::PALLET).await?;
	match command {
		Command::Members => {
			let members = council::members(&sto).await?;
			let threshold = council::threshold(members.len());
			let list: Vec<String> = members.iter().map(|m| m.to_string()).collect();
			let text = format!("{} members; a motion needs {threshold} ayes\n  {}\n", list.len(), list.join("\n  "));
			Ok(Output::new(json!({"members": list, "threshold": threshold}), text))
		},
		Command::Motions => {
			let motions = council::motions(&sto).await?;
			let text = if motions.is_empty() {
				"no open motions\n".to_string()
			} else {
				motions.iter().map(Motion::to_text).collect()
			};
			Ok(Output::new(json!(motions.iter().map(Motion::to_json).collect::<Vec<_>>()), text))
		},
		Command::Motion { hash } => {
			let motion = council::open_motion(&sto, parse_h256(&hash)?).await?;
			Ok(Output::new(motion.to_json(), motion.to_text()))
		},
		Command::Propose { call, threshold } => {
			let bytes = call
				.strip_prefix("0x")
				.and_then(|h| hex::decode(h).ok())
				.filter(|b| b.len() >= 2)
				.ok_or_else(|| anyhow!("the call data must be 0x + hex (from a command's --print-call)"))?;
			let call = Call(bytes);
			let members = council::members(&sto).await?.len();
			let threshold = threshold.unwrap_or_else(|| council::threshold(members));
			if threshold == 0 || threshold as usize > members {
				bail!("a threshold of {threshold} ayes is impossible in a council of {members}");
			}
			ensure_member(context, &sto).await?;
			let hash = sto.call_hash(&call).await?;
			if council::motion(&sto, hash).await?.is_some() {
				bail!("motion {hash:?} is already open: vote on it (`sto council vote {hash:?} --aye`)");
			}
			let propose = council::propose(&sto, &call, threshold).await?;
			let outcome = context.submit(&sto, &propose, &format!("propose motion {hash:?} ({threshold} ayes needed)")).await?;
			let headline = match outcome.event(council::PALLET, "Proposed").and_then(|e| e.u128("proposal_index")) {
				Some(index) => format!(
					"motion {hash:?} (#{index}) proposed: {threshold} ayes needed; members, the proposer too, vote with \
					 `sto council vote {hash:?} --aye`"
				),
				None => format!("motion {hash:?} executed at once (threshold {threshold})"),
			};
			Ok(Output::new(
				json!({"hash": format!("{hash:?}"), "threshold": threshold, "outcome": outcome.to_json()}),
				outcome_text(&headline, &outcome),
			))
		},
		Command::Vote { hash, aye, nay: _ } => {
			let motion = council::open_motion(&sto, parse_h256(&hash)?).await?;
			ensure_member(context, &sto).await?;
			let call = council::vote(&sto, &motion, aye).await?;
			let vote = if aye { "aye" } else { "nay" };
			let outcome = context.submit(&sto, &call, &format!("vote {vote} on motion {:?}", motion.hash)).await?;
			let after = council::motion(&sto, motion.hash).await?;
			let tally = after.as_ref().map_or(String::new(), |m| {
				format!(": {} of {} ayes, {} nays", m.ayes.len(), m.threshold, m.nays.len())
			});
			Ok(Output::new(
				json!({"hash": format!("{:?}", motion.hash), "aye": aye, "motion": after.map(|m| m.to_json()), "outcome": outcome.to_json()}),
				outcome_text(&format!("voted {vote} on motion {:?}{tally}", motion.hash), &outcome),
			))
		},
		Command::Close { hash } => {
			let motion = council::open_motion(&sto, parse_h256(&hash)?).await?;
			if let Some(reason) = not_closable(&sto, &motion).await? {
				bail!("{reason}");
			}
			let call = council::close(&sto, &motion).await?;
			// A call the motion dispatched and that failed fails the submission (`Council.Executed`
			// with an error), named.
			let outcome = context.submit(&sto, &call, &format!("close motion {:?}", motion.hash)).await?;
			let executed = outcome.event(council::PALLET, "Executed").is_some();
			let headline = if executed {
				format!("motion {:?} approved; its call was dispatched", motion.hash)
			} else {
				format!("motion {:?} closed without approval; its call was dropped", motion.hash)
			};
			Ok(Output::new(
				json!({"hash": format!("{:?}", motion.hash), "executed": executed, "outcome": outcome.to_json()}),
				outcome_text(&headline, &outcome),
			))
		},
		Command::Upgrade { wasm } => upgrade(context, &sto, &wasm).await,
	}
}

/// One step of a runtime upgrade (see `Command::Upgrade`).
async fn upgrade(context: &Context, sto: &Sto, wasm: &std::path::Path) -> Result<Output> {
	let code = std::fs::read(wasm).map_err(|e| anyhow!("cannot read {}: {e}", wasm.display()))?;
	let plan = council::upgrade(sto, code).await?;
	let stage = council::upgrade_stage(sto, &plan).await?;
	let spec_before = council::spec_version(sto).await?;
	let base = json!({
		"code_hash": format!("{:?}", plan.code_hash),
		"authorize_call_hash": format!("{:?}", plan.authorize_hash),
		"stage": stage.name(),
		"spec_version": spec_before,
	});
	let members = council::members(sto).await?.len();
	match stage {
		UpgradeStage::Applied => Ok(Output::new(
			base,
			format!("the chain already runs this code (spec version {spec_before}, code hash {:?})\n", plan.code_hash),
		)),
		UpgradeStage::Authorized => {
			let call = council::apply_upgrade(sto, &plan).await?;
			let outcome = context.submit(sto, &call, &format!("apply the authorized code {:?}", plan.code_hash)).await?;
			if outcome.event("System", "CodeUpdated").is_none() {
				bail!("the code was submitted in block #{} but the runtime did not change (no System.CodeUpdated)", outcome.block_number);
			}
			let spec_after = council::spec_version(sto).await?;
			let mut json = base;
			json["stage"] = json!(UpgradeStage::Applied.name());
			json["spec_version_before"] = json!(spec_before);
			json["spec_version"] = json!(spec_after);
			json["outcome"] = outcome.to_json();
			Ok(Output::new(
				json,
				outcome_text(&format!("runtime upgraded: spec version {spec_before} -> {spec_after}"), &outcome),
			))
		},
		UpgradeStage::NotWhitelisted | UpgradeStage::Whitelisted => {
			let Some((call, threshold)) = council::upgrade_motion(sto, &plan, stage, members).await? else {
				bail!("no motion for stage {}", stage.name());
			};
			let what = if stage == UpgradeStage::NotWhitelisted {
				"step 1 of 3: whitelist the authorization (every member must vote aye)"
			} else {
				"step 2 of 3: dispatch the whitelisted authorization as Root (two thirds of the members)"
			};
			let hash = sto.call_hash(&call).await?;
			if let Some(motion) = council::motion(sto, hash).await? {
				let mut json = base;
				json["motion"] = motion.to_json();
				return Ok(Output::new(
					json,
					format!(
						"{what}: motion {hash:?} is open, {} of {} ayes; members vote with `sto council vote {hash:?} --aye`, \
						 then `sto council close {hash:?}`, then run this command again\n",
						motion.ayes.len(),
						motion.threshold
					),
				));
			}
			ensure_member(context, sto).await?;
			let propose = council::propose(sto, &call, threshold).await?;
			let outcome = context.submit(sto, &propose, &format!("propose motion {hash:?} ({what})")).await?;
			let mut json = base;
			json["motion"] = json!({"hash": format!("{hash:?}"), "threshold": threshold});
			json["outcome"] = outcome.to_json();
			Ok(Output::new(
				json,
				outcome_text(
					&format!(
						"{what}: motion {hash:?} proposed ({threshold} ayes needed; the chain runs spec version \
						 {spec_before}); members vote with `sto council vote {hash:?} --aye`, then `sto council close \
						 {hash:?}`, then run `sto council upgrade` again"
					),
					&outcome,
				),
			))
		},
	}
}
