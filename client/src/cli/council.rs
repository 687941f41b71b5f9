//! `sto council …`: the consortium council's motions (governance without sudo): propose a call,
//! vote, close, and the reads.

use super::{outcome_text, Context, Output};
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use serde_json::json;
use sto_client::{
	chain::{parse_h256, Call, Sto},
	council::{self, Motion},
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
	}
}
