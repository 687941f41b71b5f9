//! `sto token …`: what an issuer (owner, supply manager, compliance manager, document manager)
//! does with its token, and the token reads.

use super::{outcome_text, Context, Output};
use anyhow::{anyhow, bail, Result};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use sto_client::{
	chain::{blake2_256, parse_account, parse_amount, parse_h256, reference},
	rules::{self, for_all},
	runtime::{
		api::runtime_types::{
			pallet_compliance::types::{IssuerSource, Requirement, Side},
			pallet_security_token::types::{Identifier, Underlying},
			sto_primitives::identity::InvestorType,
		},
		bounded, parse_claim_topic, parse_country, parse_variant, PartitionRights, Rule, RuleKind, TokenTerms,
	},
	token,
};

#[derive(Subcommand, Debug)]
pub enum Command {
	/// Create a token owned by the signer's identity (status Draft, one partition); prints its id.
	Create(CreateArgs),
	/// Move the token through its lifecycle: draft, issuing, active, halted, closed (owner).
	Status {
		/// The token's id.
		token: u32,
		/// The new status: draft, issuing, active, halted or closed.
		status: String,
	},
	/// Add a partition (tranche) to the token (owner); prints its number.
	Partition {
		/// The token's id.
		token: u32,
		/// The partition's name, unique within the token.
		name: String,
		#[command(flatten)]
		rights: RightsArgs,
	},
	/// Issue tokens to verified investors' wallets, all in one transaction (supply manager).
	Issue {
		/// The token's id.
		token: u32,
		/// A recipient and amount, ADDRESS=AMOUNT (repeat for several).
		#[arg(long = "to", value_name = "ADDRESS=AMOUNT", required = true)]
		to: Vec<String>,
		/// The partition issued into.
		#[arg(long, default_value_t = 0)]
		partition: u16,
		/// Lock the issued tokens up until this time (ms since the Unix epoch).
		#[arg(long, value_name = "MS")]
		lockup_until: Option<u64>,
	},
	/// Replace the token's compliance rules (compliance manager): a JSON rule file and/or options.
	///
	/// The rule file is a JSON list; see docs/CUSTODY.md ("Issuers") for its format. Options add
	/// common rules after the file's. With neither, --clear removes every rule.
	Rules(RulesArgs),
	/// Anchor a document's content hash under its name (document manager).
	Document {
		/// The token's id.
		token: u32,
		/// The document's name (e.g. prospectus).
		name: String,
		/// Where the document is published.
		#[arg(long)]
		uri: String,
		/// The content hash, 0x + 64 hex digits.
		#[arg(long, conflicts_with = "file", required_unless_present = "file")]
		hash: Option<String>,
		/// A local copy of the document: its BLAKE2b-256 hash is anchored.
		#[arg(long)]
		file: Option<PathBuf>,
	},
	/// Show a token: its record (supply, holders, partitions, status) and documents.
	Show {
		/// The token's id.
		token: u32,
	},
	/// Show an account's holdings of a token, per partition (balance, spendable, frozen, lock-ups).
	Balance {
		/// The token's id.
		token: u32,
		/// The account (SS58 address).
		account: String,
	},
	#[command(flatten)]
	Holder(super::holder::Command),
	#[command(flatten)]
	Agent(super::agent::Command),
}

#[derive(Args, Debug)]
pub struct RightsArgs {
	/// Its tokens do not vote.
	#[arg(long)]
	non_voting: bool,
	/// Its tokens receive no distributions.
	#[arg(long)]
	no_dividends: bool,
	/// Holders may not transfer its tokens (only the transfer agent moves them).
	#[arg(long)]
	non_transferable: bool,
}

impl RightsArgs {
	pub(super) fn rights(&self) -> PartitionRights {
		PartitionRights { voting: !self.non_voting, dividends: !self.no_dividends, transferable: !self.non_transferable }
	}
}

#[derive(Args, Debug)]
pub struct CreateArgs {
	/// Unique symbol: upper-case letters and digits.
	#[arg(long)]
	symbol: String,
	/// The token's name.
	#[arg(long)]
	name: String,
	/// Decimals of the display unit (amounts on chain are whole numbers of the smallest unit).
	#[arg(long, default_value_t = 0)]
	decimals: u8,
	/// Every amount must be a multiple of this.
	#[arg(long, default_value_t = 1)]
	granularity: u128,
	/// Equity, debt, fund, real-estate, insurance or other.
	#[arg(long, default_value = "equity")]
	instrument: String,
	/// How much of the underlying one whole token represents, NUMERATOR/DENOMINATOR.
	#[arg(long, default_value = "1/1", value_name = "N/D")]
	underlying: String,
	/// Names the underlying asset: 0x + 64 hex digits, or text (hashed).
	#[arg(long, default_value = "unit")]
	underlying_unit: String,
	/// ISIN of the security (12 characters).
	#[arg(long)]
	isin: Option<String>,
	/// Maximum supply (none by default).
	#[arg(long)]
	supply_cap: Option<String>,
	/// Let the transfer agent force transfers and redemptions (can be renounced later).
	#[arg(long)]
	controllable: bool,
	/// The default partition's name.
	#[arg(long, default_value = "common")]
	partition: String,
	#[command(flatten)]
	rights: RightsArgs,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
	/// The token's id.
	token: u32,
	/// A JSON rule file.
	#[arg(long)]
	file: Option<PathBuf>,
	/// Receivers must hold valid claims of all these topics (e.g. kyc,aml).
	#[arg(long, value_delimiter = ',', value_name = "TOPICS")]
	require: Vec<String>,
	/// Senders must hold valid claims of all these topics.
	#[arg(long, value_delimiter = ',', value_name = "TOPICS")]
	require_sender: Vec<String>,
	/// No identity may hold more than this (over all its wallets and partitions).
	#[arg(long)]
	max_balance: Option<String>,
	/// At most this many identities may hold the token.
	#[arg(long)]
	max_holders: Option<u32>,
	/// No identity may own more than this share of the supply, in parts per million.
	#[arg(long, value_name = "PPM")]
	max_ownership_ppm: Option<u32>,
	/// Receivers must reside in one of these countries (e.g. DE,FR).
	#[arg(long, value_delimiter = ',', value_name = "COUNTRIES")]
	allow_jurisdictions: Vec<String>,
	/// Receivers may not reside in these countries.
	#[arg(long, value_delimiter = ',', value_name = "COUNTRIES")]
	block_jurisdictions: Vec<String>,
	/// Receivers must be of one of these investor types (retail, accredited, qualified-purchaser, institutional).
	#[arg(long, value_delimiter = ',', value_name = "TYPES")]
	allow_investor_types: Vec<String>,
	/// Remove every rule (when no file and no rule option is given).
	#[arg(long)]
	clear: bool,
}

impl RulesArgs {
	/// The rule set the arguments describe.
	fn rules(&self) -> Result<Vec<Rule>> {
		let mut rules = match &self.file {
			Some(path) => {
				let text = std::fs::read_to_string(path).map_err(|e| anyhow!("cannot read {}: {e}", path.display()))?;
				rules::parse_rules(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?
			},
			None => Vec::new(),
		};
		let claims = |side: Side, names: &[String]| -> Result<Rule> {
			let topics = names.iter().map(|t| parse_claim_topic(t)).collect::<Result<Vec<_>>>()?;
			Ok(for_all(RuleKind::Claims {
				side,
				requirement: Requirement::AllOf,
				topics: bounded(topics),
				issuers: IssuerSource::Trusted,
			}))
		};
		if !self.require.is_empty() {
			rules.push(claims(Side::Receiver, &self.require)?);
		}
		if !self.require_sender.is_empty() {
			rules.push(claims(Side::Sender, &self.require_sender)?);
		}
		if !self.allow_jurisdictions.is_empty() {
			let codes = self.allow_jurisdictions.iter().map(|c| parse_country(c)).collect::<Result<Vec<_>>>()?;
			rules.push(for_all(RuleKind::AllowJurisdictions(bounded(codes))));
		}
		if !self.block_jurisdictions.is_empty() {
			let codes = self.block_jurisdictions.iter().map(|c| parse_country(c)).collect::<Result<Vec<_>>>()?;
			rules.push(for_all(RuleKind::BlockJurisdictions(bounded(codes))));
		}
		if !self.allow_investor_types.is_empty() {
			let types = self
				.allow_investor_types
				.iter()
				.map(|t| parse_variant::<InvestorType>(t, "investor type"))
				.collect::<Result<Vec<_>>>()?;
			rules.push(for_all(RuleKind::AllowInvestorTypes(bounded(types))));
		}
		if let Some(max) = self.max_holders {
			rules.push(for_all(RuleKind::MaxHolders(max)));
		}
		if let Some(max) = &self.max_balance {
			rules.push(for_all(RuleKind::MaxBalance(parse_amount(max).map_err(|e| anyhow!("--max-balance: {e}"))?)));
		}
		if let Some(ppm) = self.max_ownership_ppm {
			if ppm > 1_000_000 {
				bail!("--max-ownership-ppm: at most 1000000 (all of the supply)");
			}
			rules.push(for_all(RuleKind::MaxOwnership(ppm)));
		}
		if rules.is_empty() && !self.clear {
			bail!("no rules given: pass --file and/or rule options, or --clear to remove every rule");
		}
		if !rules.is_empty() && self.clear {
			bail!("--clear removes every rule: do not combine it with rules");
		}
		Ok(rules)
	}
}

fn parse_fraction(text: &str) -> Result<(u64, u64)> {
	let (n, d) = text.split_once('/').ok_or_else(|| anyhow!("--underlying: expected N/D, got {text:?}"))?;
	let n = n.trim().parse().map_err(|_| anyhow!("--underlying: bad numerator in {text:?}"))?;
	let d = d.trim().parse().map_err(|_| anyhow!("--underlying: bad denominator in {text:?}"))?;
	Ok((n, d))
}

pub async fn run(context: &Context, command: Command) -> Result<Output> {
	let sto = context.connect().await?;
	match command {
		Command::Create(args) => {
			let (numerator, denominator) = parse_fraction(&args.underlying)?;
			let identifiers = match &args.isin {
				Some(isin) => {
					let bytes: [u8; 12] =
						isin.trim().as_bytes().try_into().map_err(|_| anyhow!("--isin {isin:?}: an ISIN has 12 characters"))?;
					vec![Identifier::Isin(bytes)]
				},
				None => Vec::new(),
			};
			let terms = TokenTerms {
				symbol: bounded(args.symbol.trim().as_bytes()),
				name: bounded(args.name.as_bytes()),
				decimals: args.decimals,
				granularity: args.granularity,
				instrument: parse_variant(&args.instrument, "instrument").map_err(|e| anyhow!("--instrument: {e}"))?,
				underlying: Underlying { numerator, denominator, unit: reference(&args.underlying_unit)? },
				identifiers: bounded(identifiers),
				supply_cap: args.supply_cap.as_deref().map(parse_amount).transpose().map_err(|e| anyhow!("--supply-cap: {e}"))?,
				controllable: args.controllable,
				default_partition: bounded(args.partition.as_bytes()),
				rights: args.rights.rights(),
			};
			let call = token::create_token(&sto, terms).await?;
			let outcome = context.submit(&sto, &call, &format!("create token {}", args.symbol)).await?;
			let id = token::created_token(&outcome)?;
			Ok(Output::new(
				json!({"token": id, "outcome": outcome.to_json()}),
				outcome_text(&format!("token {id} created ({})", args.symbol), &outcome),
			))
		},
		Command::Status { token: id, status } => {
			let call = token::set_status(&sto, id, &status).await?;
			let outcome = context.submit(&sto, &call, &format!("set token {id} to {status}")).await?;
			Ok(Output::new(outcome.to_json(), outcome_text(&format!("token {id}: {status}"), &outcome)))
		},
		Command::Partition { token: id, name, rights } => {
			let call = token::add_partition(&sto, id, &name, rights.rights()).await?;
			let outcome = context.submit(&sto, &call, &format!("add partition {name:?} to token {id}")).await?;
			let partition = outcome
				.event(token::PALLET, "PartitionAdded")
				.and_then(|e| e.u128("partition"))
				.ok_or_else(|| anyhow!("no PartitionAdded event"))?;
			Ok(Output::new(
				json!({"token": id, "partition": partition, "outcome": outcome.to_json()}),
				outcome_text(&format!("partition {partition} ({name}) added to token {id}"), &outcome),
			))
		},
		Command::Issue { token: id, to, partition, lockup_until } => {
			let mut calls = Vec::new();
			let mut total = 0u128;
			for item in &to {
				let (account, amount) =
					item.split_once('=').ok_or_else(|| anyhow!("--to: expected ADDRESS=AMOUNT, got {item:?}"))?;
				let account = parse_account(account).map_err(|e| anyhow!("--to {item}: {e}"))?;
				let amount = parse_amount(amount).map_err(|e| anyhow!("--to {item}: {e}"))?;
				total = total.checked_add(amount).ok_or_else(|| anyhow!("--to: the amounts overflow"))?;
				calls.push(token::issue(&sto, id, partition, &account, amount, lockup_until).await?);
			}
			let call = sto.batch_all(calls).await?;
			let outcome = context
				.submit(&sto, &call, &format!("issue {total} of token {id} partition {partition} to {} account(s)", to.len()))
				.await?;
			Ok(Output::new(outcome.to_json(), outcome_text(&format!("issued {total} of token {id}"), &outcome)))
		},
		Command::Rules(args) => {
			let rules = args.rules()?;
			let count = rules.len();
			let call = rules::set_rules(&sto, args.token, rules).await?;
			let outcome = context.submit(&sto, &call, &format!("set {count} rule(s) on token {}", args.token)).await?;
			Ok(Output::new(
				json!({"token": args.token, "rules": count, "outcome": outcome.to_json()}),
				outcome_text(&format!("token {}: {count} rule(s) set", args.token), &outcome),
			))
		},
		Command::Document { token: id, name, uri, hash, file } => {
			let hash = match (hash, file) {
				(Some(hash), _) => parse_h256(&hash).map_err(|e| anyhow!("--hash: {e}"))?,
				(None, Some(path)) => {
					let bytes = std::fs::read(&path).map_err(|e| anyhow!("cannot read {}: {e}", path.display()))?;
					blake2_256(&bytes)
				},
				(None, None) => bail!("give --hash or --file"),
			};
			let call = token::set_document(&sto, id, &name, &uri, hash).await?;
			let outcome = context.submit(&sto, &call, &format!("anchor document {name:?} of token {id}")).await?;
			Ok(Output::new(
				json!({"token": id, "document": name, "hash": format!("{hash:?}"), "outcome": outcome.to_json()}),
				outcome_text(&format!("document {name:?} of token {id} anchored: {hash:?}"), &outcome),
			))
		},
		Command::Show { token: id } => {
			let details = token::details(&sto, id).await?;
			if details.is_null() {
				bail!("no token {id}");
			}
			let documents = token::documents(&sto, id).await?;
			let json = json!({"token": id, "details": details, "documents": documents});
			let text = serde_json::to_string_pretty(&json)?;
			Ok(Output::new(json, text))
		},
		Command::Balance { token: id, account } => {
			let account = parse_account(&account)?;
			let holdings = token::holdings(&sto, id, &account).await?;
			let mut text = format!("{account} in token {id}:\n");
			for holding in holdings.as_array().into_iter().flatten() {
				text += &format!(
					"  partition {}: balance {}, spendable {}, frozen {}\n",
					holding["partition"], holding["balance"], holding["spendable"], holding["frozen"]
				);
			}
			if holdings.as_array().is_none_or(|h| h.is_empty()) {
				text += "  nothing\n";
			}
			Ok(Output::new(json!({"token": id, "account": account.to_string(), "holdings": holdings}), text))
		},
		Command::Holder(command) => super::holder::run(context, &sto, command).await,
		Command::Agent(command) => super::agent::run(context, &sto, command).await,
	}
}
