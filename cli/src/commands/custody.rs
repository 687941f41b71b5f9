//! `sto custody …`: custodians (governance), venue bindings and mandates (investors), batch
//! preview and settlement (exchanges), and the custody reads.

use super::{outcome_text, Context, Output};
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;
use sto_client::{
	batch::Batch,
	chain::{parse_account, parse_amount, Sto},
	custody::{self, Preview, SettleError},
	identity, onboarding,
	value::json_u128,
};

#[derive(Subcommand, Debug)]
pub enum Command {
	/// Register a custodian with its licences (governance: submitted through Sudo by the sudo key,
	/// or printed as call data for a council motion with --print-call).
	RegisterCustodian {
		/// Any wallet of each custodian's (verified) identity; several custodians with the same
		/// licences are registered in one transaction.
		#[arg(required = true)]
		wallets: Vec<String>,
		/// Its licences, comma-separated: ats, broker, clearing, transfer (the first three may settle).
		#[arg(long, value_name = "ROLES")]
		roles: String,
		/// Do not submit: print the call data and its hash, for a council motion.
		#[arg(long)]
		print_call: bool,
	},
	/// Show a custodian: its licences, status and number of venue bindings.
	Custodian {
		/// The custodian's identity number, or one of its wallets.
		custodian: String,
	},
	/// Bind the signer's identity to its account at a custodian's venue (the investor's consent).
	Bind {
		/// The custodian's identity number, or one of its wallets.
		custodian: String,
		/// The investor's account id at the venue; only its BLAKE2b-256 hash goes on chain
		/// (0x + 64 hex digits is used as the hash itself).
		#[arg(long)]
		account: String,
	},
	/// Remove the signer's identity's venue binding at a custodian (revoke its mandates first).
	Unbind {
		/// The custodian's identity number, or one of its wallets.
		custodian: String,
	},
	/// Grant (or replace) a custodian a mandate to move the signer's identity's tokens in settlements.
	Grant {
		/// The custodian's identity number, or one of its wallets.
		custodian: String,
		/// The token's id.
		token: u32,
		/// The most the custodian may move under the mandate, in all.
		#[arg(long)]
		cap: String,
		/// The only partition covered (default: every partition).
		#[arg(long)]
		partition: Option<u16>,
		/// When the mandate ends, ms since the Unix epoch (default: never).
		#[arg(long, value_name = "MS", conflicts_with = "expires_in")]
		expiry: Option<u64>,
		/// When the mandate ends, from now (this machine's clock): e.g. 90d, 12h, 30m.
		#[arg(long, value_name = "DURATION")]
		expires_in: Option<String>,
	},
	/// Revoke the signer's identity's mandate to a custodian for a token, at once.
	Revoke {
		/// The custodian's identity number, or one of its wallets.
		custodian: String,
		/// The token's id.
		token: u32,
	},
	/// Suspend an investor's mandate (the token's issuer or compliance manager).
	SuspendMandate {
		/// The investor's identity number, or one of its wallets.
		investor: String,
		/// The custodian's identity number, or one of its wallets.
		custodian: String,
		/// The token's id.
		token: u32,
	},
	/// Resume a suspended mandate (the token's issuer or compliance manager).
	ResumeMandate {
		/// The investor's identity number, or one of its wallets.
		investor: String,
		/// The custodian's identity number, or one of its wallets.
		custodian: String,
		/// The token's id.
		token: u32,
	},
	/// Show an investor's mandate to a custodian for a token.
	Mandate {
		/// The investor's identity number, or one of its wallets.
		investor: String,
		/// The custodian's identity number, or one of its wallets.
		custodian: String,
		/// The token's id.
		token: u32,
	},
	/// Show how much a custodian may still move for an investor now, or why nothing.
	Capacity {
		/// The investor's identity number, or one of its wallets.
		investor: String,
		/// The custodian's identity number, or one of its wallets.
		custodian: String,
		/// The token's id.
		token: u32,
		/// The partition.
		#[arg(long, default_value_t = 0)]
		partition: u16,
	},
	/// Act as the investor's wallet for an exchange's sign-up page: read its onboarding code,
	/// show in words what will be signed, check it (this chain, not expired, made for the
	/// signer's wallet, still live at the exchange, a verified identity), then sign and submit
	/// the venue binding with its salted account reference (and the mandate the exchange asks
	/// for, in one batch), and tell the exchange what happened. Refusals are reported to the
	/// exchange too, whose page shows them.
	Onboard {
		/// The code: a PNG image of it (a screenshot of the page), a file holding its text,
		/// or the text itself (the JSON the page shows under the code).
		code: String,
	},
	/// Show an investor's venue binding at a custodian (the account reference, its mandates).
	Binding {
		/// The investor's identity number, or one of its wallets.
		investor: String,
		/// The custodian's identity number, or one of its wallets.
		custodian: String,
	},
	/// Show the chain's batch limits (Custody.MaxLegs, Custody.MaxCashLegs).
	Limits,
	/// Preview a batch file: every leg's status, judged as settle would judge it (free, nothing written).
	///
	/// Exits with status 1 when the batch would be refused, after printing the table.
	Preview {
		/// The batch file (JSON; see docs/CUSTODY.md).
		file: PathBuf,
		/// Judge the batch as submitted by this wallet (default: the signer's).
		#[arg(long)]
		submitter: Option<String>,
	},
	/// Settle a batch file atomically: every leg or none (a wallet of a custodian licensed to settle).
	///
	/// The batch is checked against the chain's limits and previewed first; a batch the preview
	/// refuses is not submitted. Progress (submitted, in block, finalized) goes to stderr.
	Settle {
		/// The batch file (JSON; see docs/CUSTODY.md).
		file: PathBuf,
		/// Submit without the preview (the chain still refuses a failing batch as a whole).
		#[arg(long)]
		no_preview: bool,
	},
	/// Show identities' holdings of a token: the total over all wallets and venues, and per wallet.
	Holdings {
		/// The token's id.
		token: u32,
		/// Identities: numbers or wallets.
		#[arg(required = true)]
		who: Vec<String>,
	},
}

/// A duration like `90d`, `12h`, `30m`, `45s` in milliseconds.
pub(super) fn parse_duration(text: &str) -> Result<u64> {
	let text = text.trim();
	let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
	let n: u64 = number.parse().map_err(|_| anyhow!("not a duration: {text:?} (e.g. 90d, 12h, 30m)"))?;
	let unit_ms = match unit {
		"d" => 86_400_000,
		"h" => 3_600_000,
		"m" => 60_000,
		"s" => 1_000,
		_ => bail!("not a duration: {text:?} (units d, h, m, s)"),
	};
	n.checked_mul(unit_ms).ok_or_else(|| anyhow!("duration too long: {text:?}"))
}

pub(super) fn now_ms() -> Result<u64> {
	Ok(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as u64)
}

/// The onboarding code's text: from a PNG image, a text file, or the argument itself.
fn onboarding_text(code: &str) -> Result<String> {
	let path = std::path::Path::new(code);
	if code.trim_start().starts_with('{') || !path.is_file() {
		return Ok(code.to_string());
	}
	let bytes = std::fs::read(path).map_err(|e| anyhow!("read {code}: {e}"))?;
	if bytes.starts_with(b"\x89PNG") {
		return onboarding::read_qr_png(path);
	}
	String::from_utf8(bytes).map_err(|_| anyhow!("{code} is neither a PNG image nor text"))
}

/// `sto custody onboard`: the wallet's side of the exchange's sign-up page.
async fn onboard(context: &Context, sto: &Sto, code: &str) -> Result<Output> {
	let request = onboarding::Request::parse(&onboarding_text(code)?)?;
	let signer = context.signer()?;
	let wallet = signer.public_key().to_account_id();
	context.note(&format!("onboarding code of {} for account {}:", request.venue, request.account));
	for line in request.describe() {
		context.note(&format!("  {line}"));
	}
	let mut refusal = request.check(sto.client().genesis_hash(), now_ms()?, &wallet).err();
	if refusal.is_none() {
		refusal = request.ask_exchange().await?;
	}
	if refusal.is_none() {
		let verified = match sto.identity_of(&wallet).await? {
			Some(id) => identity::is_verified(sto, id, None).await?,
			None => false,
		};
		if !verified {
			refusal = Some(onboarding::Refusal::NotVerified);
		}
	}
	let report = |refusal: Option<onboarding::Refusal>, detail: Option<String>, transaction: Option<String>| onboarding::Report {
		wallet: wallet.to_string(),
		refusal,
		detail,
		transaction,
	};
	if let Some(refusal) = refusal {
		if let Err(error) = request.report(&report(Some(refusal), None, None)).await {
			context.note(&format!("(the exchange could not be told: {error})"));
		}
		bail!("onboarding refused: {}", refusal.message());
	}
	let call = request.call(sto).await?;
	let what = format!("link account {} at {} (custodian {})", request.account, request.venue, request.custodian);
	let outcome = match context.submit(sto, &call, &what).await {
		Ok(outcome) => outcome,
		Err(error) => {
			if error.downcast_ref::<super::DryRunDone>().is_none() {
				let detail = Some(error.to_string().chars().take(400).collect());
				if let Err(report_error) = request.report(&report(Some(onboarding::Refusal::ChainRefused), detail, None)).await {
					context.note(&format!("(the exchange could not be told: {report_error})"));
				}
			}
			return Err(error);
		},
	};
	if let Err(error) = request.report(&report(None, None, Some(format!("{:?}", outcome.extrinsic)))).await {
		context.note(&format!("(the exchange could not be told: {error})"));
	}
	let account_ref = request.account_ref()?;
	Ok(Output::new(
		json!({
			"venue": request.venue,
			"custodian": request.custodian,
			"account": request.account,
			"account_ref": format!("{account_ref:?}"),
			"mandate": request.mandate,
			"outcome": outcome.to_json(),
		}),
		outcome_text(&format!("account {} linked at {} ({account_ref:?}); the exchange activates it once you confirm on its page", request.account, request.venue), &outcome),
	))
}

/// The preview as a table.
pub fn preview_text(batch: &Batch, preview: &Preview) -> String {
	let mut text = format!("batch {} ({:?})\n", batch.batch_ref_text, batch.batch_ref);
	if let Some(reason) = &preview.batch {
		text += &format!("the whole batch would be refused: {reason}\n");
	}
	text += &format!("{:<5} {:<10} {:>6} {:>4} {:>14}  {:<10} {:<10}  status\n", "leg", "kind", "token", "part", "amount", "from", "to");
	let short = |account: &sto_client::subxt::utils::AccountId32| {
		let text = account.to_string();
		format!("{}…", &text[..8])
	};
	let status = |verdict: Option<&sto_client::custody::LegStatus>| match verdict {
		Some(v) if v.settles => "settles".to_string(),
		Some(v) => v.reason.clone().unwrap_or_else(|| v.status.clone()),
		None => "not judged".to_string(),
	};
	let token_rows = batch.legs.iter().enumerate().map(|(index, leg)| {
		(index, "token", leg.token.to_string(), leg.partition.to_string(), leg.amount, &leg.from, &leg.to, preview.legs.get(index))
	});
	let cash_rows = batch.cash_legs.iter().enumerate().map(|(index, leg)| {
		(index, "cash", leg.asset.to_string(), String::new(), leg.amount, &leg.from, &leg.to, preview.cash_legs.get(index))
	});
	for (index, kind, what, partition, amount, from, to, verdict) in token_rows.chain(cash_rows) {
		text += &format!(
			"{:<5} {:<10} {:>6} {:>4} {:>14}  {:<10} {:<10}  {}\n",
			index,
			kind,
			what,
			partition,
			amount,
			short(from),
			short(to),
			status(verdict)
		);
	}
	text += if preview.settles() { "the batch would settle\n" } else { "the batch would be refused\n" };
	text
}

async fn set_suspended(
	context: &Context,
	sto: &sto_client::Sto,
	investor: &str,
	custodian: &str,
	token: u32,
	suspended: bool,
) -> Result<Output> {
	let investor = identity::resolve(sto, investor).await?;
	let custodian = identity::resolve(sto, custodian).await?;
	let call = custody::set_mandate_suspended(sto, investor, custodian, token, suspended).await?;
	let what = if suspended { "suspend" } else { "resume" };
	let outcome = context
		.submit(sto, &call, &format!("{what} identity {investor}'s mandate to custodian {custodian} for token {token}"))
		.await?;
	Ok(Output::new(outcome.to_json(), outcome_text(&format!("mandate {what}ed"), &outcome)))
}

pub async fn run(context: &Context, command: Command) -> Result<Output> {
	// A malformed batch file is refused before anything talks to a node.
	if let Command::Preview { file, .. } | Command::Settle { file, .. } = &command {
		Batch::read(file)?;
	}
	let sto = context.connect().await?;
	if !matches!(command, Command::RegisterCustodian { print_call: true, .. }) {
		sto.require_pallet(custody::PALLET).await?;
	}
	match command {
		Command::RegisterCustodian { wallets, roles, print_call } => {
			let roles = custody::parse_roles(&roles)?;
			let mut calls = Vec::new();
			for wallet in &wallets {
				let wallet = parse_account(wallet)?;
				calls.push(custody::register_custodian(&sto, &wallet, roles.clone()).await?);
			}
			let call = sto.batch_all(calls).await?;
			if print_call {
				let hash = sto.call_hash(&call).await?;
				return Ok(Output::new(
					json!({"call": call.to_hex(), "hash": format!("{hash:?}")}),
					format!("call data (for a council motion): {}\ncall hash: {hash:?}\n", call.to_hex()),
				));
			}
			let sudo = sto.sudo(&call).await?;
			let outcome =
				context.submit(&sto, &sudo, &format!("register {} custodian(s) through Sudo", wallets.len())).await?;
			let custodians: Vec<u128> =
				outcome.events_named(custody::PALLET, "CustodianRegistered").filter_map(|e| e.u128("custodian")).collect();
			if custodians.len() != wallets.len() {
				bail!("{} CustodianRegistered events for {} wallets", custodians.len(), wallets.len());
			}
			let list = custodians.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ");
			Ok(Output::new(
				json!({"custodians": custodians, "outcome": outcome.to_json()}),
				outcome_text(&format!("custodian(s) {list} registered"), &outcome),
			))
		},
		Command::Custodian { custodian } => {
			let id = identity::resolve(&sto, &custodian).await?;
			let record = custody::read_json(&sto, "custodian", (id,)).await?;
			if record.is_null() {
				bail!("identity {id} is no custodian");
			}
			let json = json!({"custodian": id, "record": record});
			Ok(Output::new(json.clone(), serde_json::to_string_pretty(&json)?))
		},
		Command::Bind { custodian, account } => {
			let id = identity::resolve(&sto, &custodian).await?;
			let account_ref = custody::venue_account_ref(&account)?;
			let call = custody::bind_venue_account(&sto, id, account_ref).await?;
			let outcome = context.submit(&sto, &call, &format!("bind venue account at custodian {id}")).await?;
			Ok(Output::new(
				json!({"custodian": id, "account_ref": format!("{account_ref:?}"), "outcome": outcome.to_json()}),
				outcome_text(&format!("venue account bound at custodian {id} ({account_ref:?})"), &outcome),
			))
		},
		Command::Unbind { custodian } => {
			let id = identity::resolve(&sto, &custodian).await?;
			let call = custody::unbind_venue_account(&sto, id).await?;
			let outcome = context.submit(&sto, &call, &format!("unbind venue account at custodian {id}")).await?;
			Ok(Output::new(outcome.to_json(), outcome_text(&format!("venue account at custodian {id} unbound"), &outcome)))
		},
		Command::Grant { custodian, token, cap, partition, expiry, expires_in } => {
			let id = identity::resolve(&sto, &custodian).await?;
			let cap = parse_amount(&cap).map_err(|e| anyhow!("--cap: {e}"))?;
			let expiry = match (expiry, expires_in) {
				(Some(expiry), _) => Some(expiry),
				(None, Some(duration)) => Some(now_ms()?.saturating_add(parse_duration(&duration)?)),
				(None, None) => None,
			};
			let call = custody::grant_mandate(&sto, id, token, partition, cap, expiry).await?;
			let outcome =
				context.submit(&sto, &call, &format!("grant custodian {id} a mandate for token {token} (cap {cap})")).await?;
			Ok(Output::new(
				json!({"custodian": id, "token": token, "cap": cap.to_string(), "expiry": expiry, "outcome": outcome.to_json()}),
				outcome_text(&format!("mandate granted to custodian {id} for token {token}"), &outcome),
			))
		},
		Command::Revoke { custodian, token } => {
			let id = identity::resolve(&sto, &custodian).await?;
			let call = custody::revoke_mandate(&sto, id, token).await?;
			let outcome = context.submit(&sto, &call, &format!("revoke the mandate to custodian {id} for token {token}")).await?;
			Ok(Output::new(outcome.to_json(), outcome_text(&format!("mandate to custodian {id} for token {token} revoked"), &outcome)))
		},
		Command::SuspendMandate { investor, custodian, token } => {
			set_suspended(context, &sto, &investor, &custodian, token, true).await
		},
		Command::ResumeMandate { investor, custodian, token } => {
			set_suspended(context, &sto, &investor, &custodian, token, false).await
		},
		Command::Mandate { investor, custodian, token } => {
			let investor = identity::resolve(&sto, &investor).await?;
			let custodian = identity::resolve(&sto, &custodian).await?;
			let mandate = custody::read_json(&sto, "mandate", (investor, custodian, token)).await?;
			let json = json!({"investor": investor, "custodian": custodian, "token": token, "mandate": mandate});
			let text = if mandate.is_null() {
				format!("identity {investor} gave custodian {custodian} no mandate for token {token}\n")
			} else {
				serde_json::to_string_pretty(&json)?
			};
			Ok(Output::new(json, text))
		},
		Command::Capacity { investor, custodian, token, partition } => {
			let investor = identity::resolve(&sto, &investor).await?;
			let custodian = identity::resolve(&sto, &custodian).await?;
			let capacity = custody::mandate_capacity(&sto, investor, custodian, token, partition).await?;
			Ok(match capacity {
				Ok(amount) => Output::new(
					json!({"investor": investor, "custodian": custodian, "token": token, "partition": partition, "capacity": json_u128(amount)}),
					format!("custodian {custodian} may move {amount} more of token {token} partition {partition} for identity {investor}\n"),
				),
				Err(reason) => Output::new(
					json!({"investor": investor, "custodian": custodian, "token": token, "partition": partition, "capacity": 0, "reason": reason}),
					format!("custodian {custodian} may move nothing of token {token} partition {partition} for identity {investor}: {reason}\n"),
				),
			})
		},
		Command::Onboard { code } => onboard(context, &sto, &code).await,
		Command::Binding { investor, custodian } => {
			let investor = identity::resolve(&sto, &investor).await?;
			let custodian = identity::resolve(&sto, &custodian).await?;
			let binding = custody::read_json(&sto, "venue_account", (investor, custodian)).await?;
			let json = json!({"investor": investor, "custodian": custodian, "binding": binding});
			let text = if binding.is_null() {
				format!("identity {investor} has no venue account at custodian {custodian}\n")
			} else {
				serde_json::to_string_pretty(&json)?
			};
			Ok(Output::new(json, text))
		},
		Command::Limits => {
			let (max_legs, max_cash_legs) = custody::batch_limits(&sto).await?;
			Ok(Output::new(
				json!({"max_legs": max_legs, "max_cash_legs": max_cash_legs}),
				format!("at most {max_legs} token legs and {max_cash_legs} cash legs per batch\n"),
			))
		},
		Command::Preview { file, submitter } => {
			let batch = Batch::read(&file)?;
			let (max_legs, max_cash_legs) = custody::batch_limits(&sto).await?;
			batch.check_size(max_legs, max_cash_legs)?;
			let submitter = match submitter {
				Some(wallet) => parse_account(&wallet).map_err(|e| anyhow!("--submitter: {e}"))?,
				None => context
					.signer()
					.map_err(|_| anyhow!("preview judges the batch as submitted by a custodian wallet: give --submitter, --suri or STO_SURI"))?
					.public_key()
					.to_account_id(),
			};
			let preview = custody::preview(&sto, &submitter, &batch).await?;
			let mut json = preview.to_json();
			json["batch_ref"] = json!(format!("{:?}", batch.batch_ref));
			json["submitter"] = json!(submitter.to_string());
			Ok(Output::new(json, preview_text(&batch, &preview)).failing(preview.refusal()))
		},
		Command::Settle { file, no_preview } => {
			let batch = Batch::read(&file)?;
			let signer = context.signer()?;
			context.note(&format!(
				"settle batch {} ({:?}): {} token legs, {} cash legs (signed by {})",
				batch.batch_ref_text,
				batch.batch_ref,
				batch.legs.len(),
				batch.cash_legs.len(),
				signer.public_key().to_account_id()
			));
			let mut progress = context.progress();
			match custody::settle(&sto, &signer, &batch, !no_preview, context.wait, &mut progress).await {
				Ok(settled) => {
					let mut json = settled.outcome.to_json();
					json["batch_ref"] = json!(format!("{:?}", batch.batch_ref));
					json["legs_settled"] = json!(settled.legs_settled);
					json["cash_legs_settled"] = json!(settled.cash_legs_settled);
					Ok(Output::new(
						json,
						outcome_text(
							&format!(
								"batch {} settled: {} token legs, {} cash legs",
								batch.batch_ref_text, settled.legs_settled, settled.cash_legs_settled
							),
							&settled.outcome,
						),
					))
				},
				Err(SettleError::NotSent { reason, preview: Some(preview) }) => {
					let mut json = preview.to_json();
					json["submitted"] = json!(false);
					Ok(Output::new(json, preview_text(&batch, &preview))
						.failing(Some(format!("{reason}; nothing was submitted"))))
				},
				Err(error) => Err(anyhow!(error)),
			}
		},
		Command::Holdings { token, who } => {
			let mut lines = Vec::new();
			let mut text = String::new();
			for name in &who {
				let id = identity::resolve(&sto, name).await?;
				let total = custody::identity_holding(&sto, token, id).await?;
				let mut wallets = Vec::new();
				text += &format!("identity {id}: {total} of token {token}\n");
				for wallet in identity::wallets(&sto, id).await? {
					let holdings = sto_client::token::holdings(&sto, token, &wallet).await?;
					for holding in holdings.as_array().into_iter().flatten() {
						text += &format!("  {wallet} partition {}: {}\n", holding["partition"], holding["balance"]);
					}
					wallets.push(json!({"wallet": wallet.to_string(), "holdings": holdings}));
				}
				lines.push(json!({"identity": id, "token": token, "holding": json_u128(total), "wallets": wallets}));
			}
			Ok(Output::new(json!(lines), text))
		},
	}
}
