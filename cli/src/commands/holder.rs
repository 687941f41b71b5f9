//! `sto token …` for investors: transfer, redeem, allowances and operators. Every movement is
//! first asked of the token itself (`SecurityToken.transfer_status`: the ERC-1066 status and the
//! failing check) and, where an allowance or an operator authorization is spent, dry-run as a
//! whole ([`Sto::dry_run`]); a movement that would fail is refused with the reason, and nothing
//! is sent.

use super::{outcome_text, Context, Output};
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use sto_client::{
	chain::{parse_account, parse_amount, reference, Call, Sto},
	errors::erc1066_meaning,
	runtime::{
		api::{self, runtime_types::pallet_security_token::types::OperatorScope},
		metadata, type_id_of, variant_name,
	},
	subxt::utils::{AccountId32, H256},
	value,
};

/// The token's "why not" of a movement (`sto_primitives::token::TransferFailure`).
pub type TransferFailure = api::runtime_types::sto_primitives::token::TransferFailure;

/// ERC-1066 "transfer success".
const SUCCESS: u8 = 0x51;

#[derive(Subcommand, Debug)]
pub enum Command {
	/// Transfer tokens from the signer's wallet to a verified investor's wallet (holder).
	///
	/// The token judges the transfer first (`transfer_status`); a transfer it would refuse is not
	/// sent, and the reason (ERC-1066 status and failing check) is printed.
	Transfer {
		/// The token's id.
		token: u32,
		/// The receiving wallet (SS58 address).
		to: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// The partition the tokens move in.
		#[arg(long, default_value_t = 0)]
		partition: u16,
		/// A reference kept in the `Moved` event: 0x + 64 hex digits, or text (hashed).
		#[arg(long)]
		data: Option<String>,
	},
	/// Redeem (burn) tokens of the signer's wallet (holder).
	Redeem {
		/// The token's id.
		token: u32,
		/// The amount, in the smallest unit.
		amount: String,
		/// The partition redeemed from.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Allow a spender to move up to an amount of the signer's tokens in one partition (0 removes
	/// the allowance and releases its deposit).
	Approve {
		/// The token's id.
		token: u32,
		/// The spender's wallet (SS58 address).
		spender: String,
		/// The most the spender may move, in the smallest unit.
		amount: String,
		/// The partition the allowance is for.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Move a holder's tokens within the signer's allowance (the spender signs).
	TransferFrom {
		/// The token's id.
		token: u32,
		/// The holder's wallet (SS58 address).
		holder: String,
		/// The receiving wallet (SS58 address).
		to: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// The partition the tokens move in.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Redeem a holder's tokens as its operator or approved spender (the operator signs).
	RedeemFrom {
		/// The token's id.
		token: u32,
		/// The holder's wallet (SS58 address).
		holder: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// The partition redeemed from.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Operators: authorize or revoke a wallet to move the signer's tokens (holder).
	#[command(subcommand)]
	Operator(OperatorCommand),
	/// Move a holder's tokens as its authorized operator (the operator signs).
	OperatorTransfer {
		/// The token's id.
		token: u32,
		/// The holder's wallet (SS58 address).
		holder: String,
		/// The receiving wallet (SS58 address).
		to: String,
		/// The amount, in the smallest unit.
		amount: String,
		/// The partition the tokens move in.
		#[arg(long, default_value_t = 0)]
		partition: u16,
		/// A reference kept in the `Moved` event: 0x + 64 hex digits, or text (hashed).
		#[arg(long)]
		data: Option<String>,
	},
}

#[derive(Subcommand, Debug)]
pub enum OperatorCommand {
	/// Authorize an operator for every partition, or for one (--partition); holds a deposit
	/// until revoked.
	Authorize {
		/// The token's id.
		token: u32,
		/// The operator's wallet (SS58 address).
		operator: String,
		/// Only this partition (default: all partitions).
		#[arg(long)]
		partition: Option<u16>,
	},
	/// Revoke an operator authorization (the same scope it was given with) and release its deposit.
	Revoke {
		/// The token's id.
		token: u32,
		/// The operator's wallet (SS58 address).
		operator: String,
		/// The partition the authorization was for (default: all partitions).
		#[arg(long)]
		partition: Option<u16>,
	},
}

fn scope(partition: Option<u16>) -> OperatorScope {
	match partition {
		Some(partition) => OperatorScope::Partition(partition),
		None => OperatorScope::AllPartitions,
	}
}

fn scope_text(partition: Option<u16>) -> String {
	match partition {
		Some(partition) => format!("partition {partition}"),
		None => "all partitions".to_string(),
	}
}

fn amount(text: &str) -> Result<u128> {
	parse_amount(text).map_err(|e| anyhow!("amount: {e}"))
}

fn data(text: Option<&str>) -> Result<Option<H256>> {
	text.map(reference).transpose().map_err(|e| anyhow!("--data: {e}"))
}

/// The token's answer in one line: the ERC-1066 status, its meaning, and the failing check
/// with its documentation from the metadata.
pub fn explain_status(status: u8, failure: Option<&TransferFailure>) -> String {
	let meaning = erc1066_meaning(status).unwrap_or("unknown status");
	let Some(failure) = failure else {
		return format!("{meaning} (ERC-1066 status {status:#04x})");
	};
	let name = variant_name(failure).unwrap_or("?");
	let docs = type_id_of::<TransferFailure>()
		.and_then(|id| value::variant_docs(metadata().types(), id, name))
		.filter(|docs| !docs.is_empty())
		.map(|docs| format!(": {docs}"))
		.unwrap_or_default();
	format!("{meaning} (ERC-1066 status {status:#04x}): {failure:?}{docs}")
}

/// The token's own dry run of moving `amount` of `partition` from `from` to `to`: `None` when
/// it would succeed, else the reason.
pub async fn transfer_refusal(
	sto: &Sto,
	token: u32,
	partition: u16,
	from: &AccountId32,
	to: &AccountId32,
	amount: u128,
) -> Result<Option<String>> {
	let payload = api::view_functions().security_token().transfer_status(token, partition, *from, *to, amount);
	let (status, failure) = sto.view(&payload).await?;
	Ok((status != SUCCESS || failure.is_some()).then(|| explain_status(status, failure.as_ref())))
}

/// Send a movement after its checks: the token's `transfer_status` when there is a receiver
/// (`from` → `to`), and the whole call's dry run when an allowance or an operator authorization
/// is involved (`whole`). A refusal fails the command before anything is sent. With
/// `--dry-run`, [`Context::submit`] reports instead of sending.
pub async fn send_movement(
	context: &Context,
	sto: &Sto,
	call: &Call,
	what: &str,
	check: Option<(u32, u16, &AccountId32, &AccountId32, u128)>,
	whole: bool,
) -> Result<Output> {
	if let Some((token, partition, from, to, amount)) = check {
		if let Some(reason) = transfer_refusal(sto, token, partition, from, to, amount).await? {
			bail!("{what} refused by the token: {reason}; nothing was sent");
		}
	}
	if whole && !context.dry_run {
		if let Some(reason) = sto.dry_run(call, &context.signer()?).await?.refusal() {
			bail!("{what} would fail: {reason}; nothing was sent");
		}
	}
	let outcome = context.submit(sto, call, what).await?;
	Ok(Output::new(outcome.to_json(), outcome_text(what, &outcome)))
}

pub async fn run(context: &Context, sto: &Sto, command: Command) -> Result<Output> {
	let tx = api::transactions().security_token();
	match command {
		Command::Transfer { token, to, amount: text, partition, data: reference_text } => {
			let to = parse_account(&to)?;
			let amount = amount(&text)?;
			let from = context.signer()?.public_key().to_account_id();
			let call = sto.call(&tx.transfer_by_partition(token, partition, to, amount, data(reference_text.as_deref())?)).await?;
			let what = format!("transfer {amount} of token {token} partition {partition} to {to}");
			send_movement(context, sto, &call, &what, Some((token, partition, &from, &to, amount)), false).await
		},
		Command::Redeem { token, amount: text, partition } => {
			let amount = amount(&text)?;
			let call = sto.call(&tx.redeem(token, partition, amount)).await?;
			let what = format!("redeem {amount} of token {token} partition {partition}");
			send_movement(context, sto, &call, &what, None, true).await
		},
		Command::Approve { token, spender, amount: text, partition } => {
			let spender = parse_account(&spender)?;
			let amount = amount(&text)?;
			let call = sto.call(&tx.approve(token, partition, spender, amount)).await?;
			let what = format!("allow {spender} to move {amount} of token {token} partition {partition}");
			let outcome = context.submit(sto, &call, &what).await?;
			Ok(Output::new(outcome.to_json(), outcome_text(&what, &outcome)))
		},
		Command::TransferFrom { token, holder, to, amount: text, partition } => {
			let holder = parse_account(&holder)?;
			let to = parse_account(&to)?;
			let amount = amount(&text)?;
			let call = sto.call(&tx.transfer_from(token, partition, holder, to, amount)).await?;
			let what = format!("move {amount} of token {token} partition {partition} from {holder} to {to} (allowance)");
			send_movement(context, sto, &call, &what, Some((token, partition, &holder, &to, amount)), true).await
		},
		Command::RedeemFrom { token, holder, amount: text, partition } => {
			let holder = parse_account(&holder)?;
			let amount = amount(&text)?;
			let call = sto.call(&tx.redeem_from(token, partition, holder, amount)).await?;
			let what = format!("redeem {amount} of {holder}'s token {token} partition {partition}");
			send_movement(context, sto, &call, &what, None, true).await
		},
		Command::Operator(OperatorCommand::Authorize { token, operator, partition }) => {
			let operator = parse_account(&operator)?;
			let call = sto.call(&tx.authorize_operator(token, operator, scope(partition))).await?;
			let what = format!("authorize {operator} as operator of token {token} ({})", scope_text(partition));
			let outcome = context.submit(sto, &call, &what).await?;
			Ok(Output::new(outcome.to_json(), outcome_text(&what, &outcome)))
		},
		Command::Operator(OperatorCommand::Revoke { token, operator, partition }) => {
			let operator = parse_account(&operator)?;
			let call = sto.call(&tx.revoke_operator(token, operator, scope(partition))).await?;
			let what = format!("revoke operator {operator} of token {token} ({})", scope_text(partition));
			let outcome = context.submit(sto, &call, &what).await?;
			Ok(Output::new(outcome.to_json(), outcome_text(&what, &outcome)))
		},
		Command::OperatorTransfer { token, holder, to, amount: text, partition, data: reference_text } => {
			let holder = parse_account(&holder)?;
			let to = parse_account(&to)?;
			let amount = amount(&text)?;
			let call = sto
				.call(&tx.operator_transfer_by_partition(
					token,
					partition,
					holder,
					to,
					amount,
					data(reference_text.as_deref())?,
				))
				.await?;
			let what = format!("move {amount} of token {token} partition {partition} from {holder} to {to} (operator)");
			send_movement(context, sto, &call, &what, Some((token, partition, &holder, &to, amount)), true).await
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
	fn investor_commands_parse_under_token() {
		let cli = Cli::try_parse_from(["sto", "--dry-run", "token", "transfer", "3", BOB, "1_000", "--partition", "1"]).expect("parses");
		assert!(cli.dry_run);
		assert!(matches!(
			cli.command,
			Group::Token(crate::commands::token::Command::Holder(Command::Transfer { token: 3, partition: 1, ref amount, .. })) if amount == "1_000"
		));
		let cli = Cli::try_parse_from(["sto", "token", "operator", "authorize", "3", BOB, "--partition", "2"]).expect("parses");
		assert!(matches!(
			cli.command,
			Group::Token(crate::commands::token::Command::Holder(Command::Operator(OperatorCommand::Authorize { partition: Some(2), .. })))
		));
		assert!(Cli::try_parse_from(["sto", "token", "transfer-from", "3", BOB, "5"]).is_err(), "the amount is missing");
		assert!(Cli::try_parse_from(["sto", "token", "approve", "x", BOB, "5"]).is_err(), "a token id is a number");
	}

	#[test]
	fn statuses_are_explained_with_the_failing_check() {
		assert_eq!(explain_status(0x51, None), "transfer success (ERC-1066 status 0x51)");
		let text = explain_status(0x54, Some(&TransferFailure::SenderFrozen));
		assert!(text.starts_with("invalid sender (ERC-1066 status 0x54): SenderFrozen"), "{text}");
		let text = explain_status(0x50, Some(&TransferFailure::Compliance(2, sto_client::runtime::api::runtime_types::sto_primitives::compliance::RuleFailure::MaxHolders)));
		assert!(text.starts_with("transfer failure (a compliance rule) (ERC-1066 status 0x50): Compliance(2, MaxHolders"), "{text}");
	}
}
