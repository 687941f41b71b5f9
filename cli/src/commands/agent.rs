//! `sto token …` for the token's agents and owner: freezes, lock-ups, forced transfers and
//! redemptions, reclassification, buy-back, pause, roles, ownership, and the token's remaining
//! settings (partition rights, supply cap, identifiers, end of issuance, control, documents).
//! Each call says which role signs it (the owner identity holds every role).

use super::{holder::send_movement, outcome_text, Context, Output};
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use serde_json::json;
use sto_client::{
	chain::{parse_account, parse_amount, reference, Call, Sto},
	runtime::{
		api::{
			self,
			runtime_types::pallet_security_token::types::{Identifier, Roles},
		},
		bounded,
	},
};

#[derive(Subcommand, Debug)]
pub enum Command {
	/// Freeze a wallet: it may neither send nor receive the token (freezer).
	Freeze {
		/// The token's id.
		token: u32,
		/// The wallet (SS58 address).
		account: String,
	},
	/// Unfreeze a wallet (freezer).
	Unfreeze {
		/// The token's id.
		token: u32,
		/// The wallet (SS58 address).
		account: String,
	},
	/// Freeze an amount more of a wallet's holding in one partition (freezer).
	FreezePartial {
		/// The token's id.
		token: u32,
		/// The wallet (SS58 address).
		account: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// The partition.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Unfreeze an amount of a wallet's partially frozen holding (freezer).
	UnfreezePartial {
		/// The token's id.
		token: u32,
		/// The wallet (SS58 address).
		account: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// The partition.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Lock up an amount of a wallet's holding until a time (transfer agent).
	Lockup {
		/// The token's id.
		token: u32,
		/// The wallet (SS58 address).
		account: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// When the lock-up ends, ms since the Unix epoch.
		#[arg(long, value_name = "MS")]
		until: u64,
		/// The partition.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Force a transfer, ignoring pause, freezes and lock-ups; the receiver must still be verified
	/// (transfer agent; the token must be controllable).
	ControllerTransfer {
		/// The token's id.
		token: u32,
		/// The wallet the tokens leave (SS58 address).
		from: String,
		/// The receiving wallet (SS58 address).
		to: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// The legal basis (court order, ...): 0x + 64 hex digits, or text (hashed).
		#[arg(long)]
		reason: String,
		/// The partition the tokens move in.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Force-redeem a holder's tokens (transfer agent; the token must be controllable).
	ControllerRedeem {
		/// The token's id.
		token: u32,
		/// The holder's wallet (SS58 address).
		holder: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// The legal basis: 0x + 64 hex digits, or text (hashed).
		#[arg(long)]
		reason: String,
		/// The partition redeemed from.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Move an amount of a wallet's tokens from one partition to another, compliance-checked
	/// (transfer agent).
	Reclassify {
		/// The token's id.
		token: u32,
		/// The wallet (SS58 address).
		account: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// The partition the tokens leave.
		#[arg(long = "from")]
		from_partition: u16,
		/// The partition the tokens join.
		#[arg(long = "to")]
		to_partition: u16,
	},
	/// Buy back and cancel a holder's tokens, as its operator or approved spender (supply manager).
	BuyBack {
		/// The token's id.
		token: u32,
		/// The holder's wallet (SS58 address).
		holder: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// The repurchase record (offer, settlement): 0x + 64 hex digits, or text (hashed).
		#[arg(long)]
		reference: String,
		/// The partition bought back.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Pause the token's movements; forced moves still work (freezer).
	Pause {
		/// The token's id.
		token: u32,
	},
	/// Resume the token's movements (freezer).
	Unpause {
		/// The token's id.
		token: u32,
	},
	/// Grant roles to an agent identity (owner).
	GrantRoles {
		/// The token's id.
		token: u32,
		/// The agent: its identity number.
		agent: u64,
		/// Comma-separated: supply-manager, transfer-agent, compliance-manager, document-manager,
		/// freezer, or all.
		#[arg(long, value_delimiter = ',', required = true, value_name = "ROLES")]
		roles: Vec<String>,
	},
	/// Revoke roles from an agent identity (owner).
	RevokeRoles {
		/// The token's id.
		token: u32,
		/// The agent: its identity number.
		agent: u64,
		/// Comma-separated role names, as for grant-roles.
		#[arg(long, value_delimiter = ',', required = true, value_name = "ROLES")]
		roles: Vec<String>,
	},
	/// Offer the token's ownership to another identity; it accepts with accept-ownership (owner).
	OfferOwnership {
		/// The token's id.
		token: u32,
		/// The identity offered the ownership (its number).
		to: u64,
	},
	/// Accept an offer of the token's ownership (a wallet of the offered identity).
	AcceptOwnership {
		/// The token's id.
		token: u32,
	},
	/// Change a partition's rights (owner).
	PartitionRights {
		/// The token's id.
		token: u32,
		/// The partition.
		partition: u16,
		#[command(flatten)]
		rights: super::token::RightsArgs,
	},
	/// Set the supply cap (never below the supply), or remove it with --none (supply manager).
	SupplyCap {
		/// The token's id.
		token: u32,
		/// The new maximum supply.
		#[arg(conflicts_with = "none", required_unless_present = "none")]
		cap: Option<String>,
		/// No cap.
		#[arg(long)]
		none: bool,
	},
	/// End issuance for good (supply manager).
	FinishIssuance {
		/// The token's id.
		token: u32,
	},
	/// Give up forced transfers and redemptions for good (owner).
	RenounceControl {
		/// The token's id.
		token: u32,
	},
	/// Replace the token's identifiers (owner); none given removes them all.
	Identifiers {
		/// The token's id.
		token: u32,
		/// ISIN (12 characters).
		#[arg(long)]
		isin: Option<String>,
		/// CUSIP (9 characters).
		#[arg(long)]
		cusip: Option<String>,
		/// LEI (20 characters).
		#[arg(long)]
		lei: Option<String>,
		/// FIGI (12 characters).
		#[arg(long)]
		figi: Option<String>,
	},
	/// Remove a document (document manager).
	RemoveDocument {
		/// The token's id.
		token: u32,
		/// The document's name.
		name: String,
	},
}

/// The role names of `sto token grant-roles`, with their bits (the security token's `Roles`).
const ROLE_NAMES: [(&str, u8); 5] = [
	("supply-manager", 1 << 0),
	("transfer-agent", 1 << 1),
	("compliance-manager", 1 << 2),
	("document-manager", 1 << 3),
	("freezer", 1 << 4),
];

/// Role names (any case, `-` or `_`; `all` for every role) as the token's role bits.
pub fn parse_roles(names: &[String]) -> Result<Roles> {
	let mut bits = 0u8;
	for name in names {
		let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
		if wanted == "all" {
			bits |= ROLE_NAMES.iter().fold(0, |all, (_, bit)| all | bit);
			continue;
		}
		let (_, bit) = ROLE_NAMES.iter().find(|(known, _)| *known == wanted).ok_or_else(|| {
			let known: Vec<&str> = ROLE_NAMES.iter().map(|(n, _)| *n).collect();
			anyhow!("unknown role {name:?} (expected {} or all)", known.join(", "))
		})?;
		bits |= bit;
	}
	if bits == 0 {
		bail!("no role given");
	}
	Ok(Roles(bits))
}

/// An identifier: its code in upper-case ASCII, of the kind's length.
fn identifier<const N: usize>(text: &str, kind: &str) -> Result<[u8; N]> {
	let upper = text.trim().to_ascii_uppercase();
	if upper.len() != N || !upper.bytes().all(|b| b.is_ascii_alphanumeric()) {
		bail!("--{kind}: expected {N} letters or digits, got {text:?}");
	}
	let mut bytes = [0u8; N];
	bytes.copy_from_slice(upper.as_bytes());
	Ok(bytes)
}

fn amount(text: &str) -> Result<u128> {
	parse_amount(text).map_err(|e| anyhow!("amount: {e}"))
}

async fn send(context: &Context, sto: &Sto, call: &Call, what: &str) -> Result<Output> {
	let outcome = context.submit(sto, call, what).await?;
	Ok(Output::new(outcome.to_json(), outcome_text(what, &outcome)))
}

pub async fn run(context: &Context, sto: &Sto, command: Command) -> Result<Output> {
	let tx = api::transactions().security_token();
	match command {
		Command::Freeze { token, account } => {
			let account = parse_account(&account)?;
			let call = sto.call(&tx.freeze_account(token, account)).await?;
			send(context, sto, &call, &format!("freeze {account} in token {token}")).await
		},
		Command::Unfreeze { token, account } => {
			let account = parse_account(&account)?;
			let call = sto.call(&tx.unfreeze_account(token, account)).await?;
			send(context, sto, &call, &format!("unfreeze {account} in token {token}")).await
		},
		Command::FreezePartial { token, account, amount: text, partition } => {
			let account = parse_account(&account)?;
			let amount = amount(&text)?;
			let call = sto.call(&tx.freeze_partial(token, partition, account, amount)).await?;
			send(context, sto, &call, &format!("freeze {amount} of {account}'s token {token} partition {partition}")).await
		},
		Command::UnfreezePartial { token, account, amount: text, partition } => {
			let account = parse_account(&account)?;
			let amount = amount(&text)?;
			let call = sto.call(&tx.unfreeze_partial(token, partition, account, amount)).await?;
			send(context, sto, &call, &format!("unfreeze {amount} of {account}'s token {token} partition {partition}")).await
		},
		Command::Lockup { token, account, amount: text, until, partition } => {
			let account = parse_account(&account)?;
			let amount = amount(&text)?;
			let call = sto.call(&tx.add_lockup(token, partition, account, amount, until)).await?;
			let what = format!("lock up {amount} of {account}'s token {token} partition {partition} until {until}");
			send(context, sto, &call, &what).await
		},
		Command::ControllerTransfer { token, from, to, amount: text, reason, partition } => {
			let from = parse_account(&from)?;
			let to = parse_account(&to)?;
			let amount = amount(&text)?;
			let reason = reference(&reason).map_err(|e| anyhow!("--reason: {e}"))?;
			let call = sto.call(&tx.controller_transfer(token, partition, from, to, amount, reason)).await?;
			let what = format!("force a transfer of {amount} of token {token} partition {partition} from {from} to {to}");
			// The checks a holder's transfer has do not apply (pause, freezes, lock-ups): the whole
			// call is dry-run instead.
			send_movement(context, sto, &call, &what, None, true).await
		},
		Command::ControllerRedeem { token, holder, amount: text, reason, partition } => {
			let holder = parse_account(&holder)?;
			let amount = amount(&text)?;
			let reason = reference(&reason).map_err(|e| anyhow!("--reason: {e}"))?;
			let call = sto.call(&tx.controller_redeem(token, partition, holder, amount, reason)).await?;
			let what = format!("force-redeem {amount} of {holder}'s token {token} partition {partition}");
			send_movement(context, sto, &call, &what, None, true).await
		},
		Command::Reclassify { token, account, amount: text, from_partition, to_partition } => {
			let account = parse_account(&account)?;
			let amount = amount(&text)?;
			let call = sto.call(&tx.reclassify(token, from_partition, to_partition, account, amount)).await?;
			let what =
				format!("reclassify {amount} of {account}'s token {token} from partition {from_partition} to {to_partition}");
			send_movement(context, sto, &call, &what, None, true).await
		},
		Command::BuyBack { token, holder, amount: text, reference: record, partition } => {
			let holder = parse_account(&holder)?;
			let amount = amount(&text)?;
			let record = reference(&record).map_err(|e| anyhow!("--reference: {e}"))?;
			let call = sto.call(&tx.buy_back(token, partition, holder, amount, record)).await?;
			let what = format!("buy back {amount} of {holder}'s token {token} partition {partition}");
			send_movement(context, sto, &call, &what, None, true).await
		},
		Command::Pause { token } => {
			let call = sto.call(&tx.set_paused(token, true)).await?;
			send(context, sto, &call, &format!("pause token {token}")).await
		},
		Command::Unpause { token } => {
			let call = sto.call(&tx.set_paused(token, false)).await?;
			send(context, sto, &call, &format!("unpause token {token}")).await
		},
		Command::GrantRoles { token, agent, roles } => {
			let bits = parse_roles(&roles)?;
			let call = sto.call(&tx.grant_roles(token, agent, bits)).await?;
			send(context, sto, &call, &format!("grant identity {agent} {} in token {token}", roles.join(", "))).await
		},
		Command::RevokeRoles { token, agent, roles } => {
			let bits = parse_roles(&roles)?;
			let call = sto.call(&tx.revoke_roles(token, agent, bits)).await?;
			send(context, sto, &call, &format!("revoke {} from identity {agent} in token {token}", roles.join(", "))).await
		},
		Command::OfferOwnership { token, to } => {
			let call = sto.call(&tx.offer_ownership(token, to)).await?;
			send(context, sto, &call, &format!("offer token {token}'s ownership to identity {to}")).await
		},
		Command::AcceptOwnership { token } => {
			let call = sto.call(&tx.accept_ownership(token)).await?;
			send(context, sto, &call, &format!("accept token {token}'s ownership")).await
		},
		Command::PartitionRights { token, partition, rights } => {
			let rights = rights.rights();
			let what = format!(
				"set token {token} partition {partition}'s rights (voting {}, dividends {}, transferable {})",
				rights.voting, rights.dividends, rights.transferable
			);
			let call = sto.call(&tx.set_partition_rights(token, partition, rights)).await?;
			send(context, sto, &call, &what).await
		},
		Command::SupplyCap { token, cap, none } => {
			let cap = if none { None } else { cap.as_deref().map(parse_amount).transpose().map_err(|e| anyhow!("cap: {e}"))? };
			let call = sto.call(&tx.set_supply_cap(token, cap)).await?;
			let what = match cap {
				Some(cap) => format!("cap token {token}'s supply at {cap}"),
				None => format!("remove token {token}'s supply cap"),
			};
			send(context, sto, &call, &what).await
		},
		Command::FinishIssuance { token } => {
			let call = sto.call(&tx.finish_issuance(token)).await?;
			send(context, sto, &call, &format!("finish token {token}'s issuance for good")).await
		},
		Command::RenounceControl { token } => {
			let call = sto.call(&tx.renounce_control(token)).await?;
			send(context, sto, &call, &format!("renounce control of token {token} for good")).await
		},
		Command::Identifiers { token, isin, cusip, lei, figi } => {
			let mut identifiers = Vec::new();
			if let Some(isin) = isin {
				identifiers.push(Identifier::Isin(identifier(&isin, "isin")?));
			}
			if let Some(cusip) = cusip {
				identifiers.push(Identifier::Cusip(identifier(&cusip, "cusip")?));
			}
			if let Some(lei) = lei {
				identifiers.push(Identifier::Lei(identifier(&lei, "lei")?));
			}
			if let Some(figi) = figi {
				identifiers.push(Identifier::Figi(identifier(&figi, "figi")?));
			}
			let count = identifiers.len();
			let call = sto.call(&tx.set_identifiers(token, bounded(identifiers))).await?;
			let mut output = send(context, sto, &call, &format!("set token {token}'s identifiers ({count})")).await?;
			output.json["identifiers"] = json!(count);
			Ok(output)
		},
		Command::RemoveDocument { token, name } => {
			let call = sto.call(&tx.remove_document(token, bounded(name.as_bytes().to_vec()))).await?;
			send(context, sto, &call, &format!("remove document {name:?} of token {token}")).await
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::commands::{Cli, Group};
	use clap::Parser;

	const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

	#[test]
	fn agent_commands_parse_under_token() {
		let cli = Cli::try_parse_from(["sto", "token", "reclassify", "3", BOB, "10", "--from", "0", "--to", "1"]).expect("parses");
		assert!(matches!(
			cli.command,
			Group::Token(crate::commands::token::Command::Agent(Command::Reclassify { from_partition: 0, to_partition: 1, .. }))
		));
		let error = Cli::try_parse_from(["sto", "token", "controller-transfer", "3", BOB, BOB, "10"]).expect_err("--reason");
		assert!(error.to_string().contains("--reason"), "{error}");
		assert!(Cli::try_parse_from(["sto", "token", "supply-cap", "3"]).is_err(), "a cap or --none");
		assert!(Cli::try_parse_from(["sto", "token", "supply-cap", "3", "--none"]).is_ok());
		let cli = Cli::try_parse_from(["sto", "token", "grant-roles", "3", "7", "--roles", "freezer,transfer-agent"]).expect("parses");
		assert!(matches!(
			cli.command,
			Group::Token(crate::commands::token::Command::Agent(Command::GrantRoles { agent: 7, ref roles, .. })) if roles.len() == 2
		));
	}

	#[test]
	fn roles_parse_by_name() {
		let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
		assert_eq!(parse_roles(&names(&["transfer-agent", "Freezer"])).unwrap().0, 0b1_0010);
		assert_eq!(parse_roles(&names(&["supply_manager"])).unwrap().0, 0b1);
		assert_eq!(parse_roles(&names(&["all"])).unwrap().0, 0b1_1111);
		assert!(parse_roles(&names(&["king"])).unwrap_err().to_string().contains("unknown role"));
		assert_eq!(identifier::<12>("us0378331005", "isin").unwrap(), *b"US0378331005");
		assert!(identifier::<9>("123", "cusip").is_err());
	}
}
