//! `sto corporate …`: corporate actions. Issuers (a token's owner or transfer agent) take record
//! dates (checkpoints), pay distributions of a cash asset to the record date's holders, with
//! withholding tax by jurisdiction, and put motions to the holders of voting tranches; holders
//! read their entitlement and claim it, read their voting power and vote.
//!
//! Times are ms since the Unix epoch (`--pay-at`, `--expiry`) or durations from now on this
//! machine's clock (`--pay-in`, `--expires-in`: 90d, 12h, 30m, 45s). Rates are `AMOUNT/PER`
//! (cash per `PER` token units, smallest units both; `/PER` may be left out for 1), percentages
//! `4.125%`.

use super::{
	custody::{now_ms, parse_duration},
	outcome_text, Context, Output,
};
use anyhow::{anyhow, bail, Context as _, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value as Json};
use sto_client::{
	chain::{parse_account, parse_amount, reference, Call, Sto},
	identity,
	runtime::{
		api::{
			self,
			runtime_types::{
				bounded_collections::bounded_vec::BoundedVec,
				pallet_corporate_actions::types::{DistributionState, Motion, Payout, TaxTable, UnitRate},
				sp_arithmetic::per_things::{Perbill, Permill},
				sto_primitives::identity::CountryCode,
			},
		},
		parse_country,
	},
	subxt::utils::H256,
};

#[derive(Subcommand, Debug)]
pub enum Command {
	/// Take a record date (checkpoint) of a token now (owner or transfer agent).
	Checkpoint {
		/// The token's id.
		token: u32,
	},
	/// Schedule a record date of a token: the first movement at or after it (or a distribution
	/// opening) takes it.
	Schedule {
		/// The token's id.
		token: u32,
		/// The record date, ms since the Unix epoch.
		#[arg(long, value_name = "MS", conflicts_with = "r#in", required_unless_present = "r#in")]
		at: Option<u64>,
		/// The record date, from now: e.g. 30d, 12h.
		#[arg(long = "in", value_name = "DURATION")]
		r#in: Option<String>,
	},
	/// List a token's checkpoints (free read).
	Checkpoints {
		/// The token's id.
		token: u32,
	},
	/// Retire a checkpoint no distribution or ballot reads (owner or transfer agent).
	Retire {
		/// The token's id.
		token: u32,
		/// The checkpoint's id.
		checkpoint: u32,
	},
	/// Create a distribution of a cash asset to a token's holders at a checkpoint; the signer
	/// is the payer: the funding is held on its account until paid.
	Distribute(DistributeArgs),
	/// Add to a pending distribution's funding (the payer); opens it when it covers the record
	/// date's supplies.
	TopUp {
		/// The distribution's id.
		distribution: u32,
		/// The amount of cash, in the smallest unit.
		amount: String,
	},
	/// Open a pending distribution whose record date has passed (anyone).
	Open {
		/// The distribution's id.
		distribution: u32,
	},
	/// Claim the signer's identity's entitlement (any of its wallets signs).
	Claim {
		/// The distribution's id.
		distribution: u32,
		/// Pay to this wallet of the same identity (default: the signer).
		#[arg(long, value_name = "SS58")]
		pay_to: Option<String>,
	},
	/// Pay identities their entitlement into their primary wallets (owner or transfer agent);
	/// those paid already or owed nothing are skipped.
	Push {
		/// The distribution's id.
		distribution: u32,
		/// Identities: numbers or wallets.
		#[arg(required = true)]
		who: Vec<String>,
	},
	/// What an identity is owed by a distribution, or was paid: gross, rate, tax, net (free
	/// read).
	Entitlement {
		/// The distribution's id.
		distribution: u32,
		/// The identity: its number or one of its wallets.
		who: String,
	},
	/// Show a distribution: terms, state, funding, paid, withheld (free read).
	Distribution {
		/// The distribution's id.
		distribution: u32,
	},
	/// Set an identity's withholding rate in a distribution (a treaty rate, an exemption), or
	/// remove it (owner or transfer agent).
	TaxOverride {
		/// The distribution's id.
		distribution: u32,
		/// The identity: its number or one of its wallets.
		who: String,
		/// The rate, e.g. 15% (leave out with --remove).
		#[arg(required_unless_present = "remove")]
		rate: Option<String>,
		/// Remove the override: the jurisdiction's rate applies again.
		#[arg(long, conflicts_with = "rate")]
		remove: bool,
	},
	/// Move a distribution's withheld tax to its tax account (anyone).
	SweepTax {
		/// The distribution's id.
		distribution: u32,
	},
	/// After expiry, return what was not paid to the payer (payer, owner or transfer agent).
	Reclaim {
		/// The distribution's id.
		distribution: u32,
	},
	/// Cancel a distribution before its pay date: all its cash goes back (payer, owner or
	/// transfer agent).
	Cancel {
		/// The distribution's id.
		distribution: u32,
	},
	/// Remove a closed distribution's records in pages, then the distribution (anyone; its
	/// deposit goes back to its creator).
	Clear {
		/// The distribution's id.
		distribution: u32,
		/// The most records removed by this call.
		#[arg(long, default_value_t = 512)]
		limit: u32,
	},
	/// Create a ballot on a checkpoint: motions put to the holders of the weighted (voting)
	/// partitions as they stood at the record date (owner or transfer agent).
	Ballot(BallotArgs),
	/// Vote in a ballot for the signer's identity: one choice per motion (0, 1, ...; `-`
	/// abstains); a later vote replaces this one.
	Vote {
		/// The ballot's id.
		ballot: u32,
		/// One choice per motion, in order: a number, or `-` to abstain.
		#[arg(required = true, allow_hyphen_values = true)]
		choices: Vec<String>,
	},
	/// An identity's voting power in a ballot (free read).
	Power {
		/// The ballot's id.
		ballot: u32,
		/// The identity: its number or one of its wallets.
		who: String,
	},
	/// A ballot's terms and tallies (free read).
	Tally {
		/// The ballot's id.
		ballot: u32,
	},
	/// Cancel a ballot before its start (owner or transfer agent).
	CancelBallot {
		/// The ballot's id.
		ballot: u32,
	},
	/// Close a ballot after its end: the tallies are final (anyone).
	CloseBallot {
		/// The ballot's id.
		ballot: u32,
	},
	/// Remove a closed ballot's votes in pages, then the ballot (anyone).
	ClearVotes {
		/// The ballot's id.
		ballot: u32,
		/// The most votes removed by this call.
		#[arg(long, default_value_t = 512)]
		limit: u32,
	},
}

/// `sto corporate ballot`'s arguments.
#[derive(Args, Debug)]
pub struct BallotArgs {
	/// The token's id.
	token: u32,
	/// The record date: the checkpoint's id.
	#[arg(long)]
	checkpoint: u32,
	/// A voting partition and its votes per unit, P=WEIGHT (repeat; partitions left out have
	/// no vote).
	#[arg(long, value_name = "P=WEIGHT", required = true)]
	weight: Vec<String>,
	/// A motion: its number of choices and its text (hashed), CHOICES:TEXT (repeat, in order).
	#[arg(long, value_name = "CHOICES:TEXT", required = true)]
	motion: Vec<String>,
	/// When voting opens and closes.
	#[command(flatten)]
	window: Window,
	/// The notice of the meeting: 0x + 64 hex digits, or text (hashed).
	#[arg(long, default_value = "")]
	notice: String,
}

/// The ballot's weights and motions.
pub fn ballot_terms(args: &BallotArgs) -> Result<(Vec<(u16, u32)>, Vec<Motion>)> {
	let weights = args
		.weight
		.iter()
		.map(|text| {
			let (partition, weight) = partition_and(text)?;
			Ok((partition, weight.parse().map_err(|_| anyhow!("--weight {text:?}: the weight is a number"))?))
		})
		.collect::<Result<Vec<_>>>()?;
	let motions = args
		.motion
		.iter()
		.map(|text| {
			let (choices, description) =
				text.split_once(':').ok_or_else(|| anyhow!("--motion {text:?}: expected CHOICES:TEXT"))?;
			let choices: u8 = choices.trim().parse().map_err(|_| anyhow!("--motion {text:?}: CHOICES is a number (2..)"))?;
			Ok(Motion { choices, description: reference(description.trim()).context("--motion")? })
		})
		.collect::<Result<Vec<_>>>()?;
	Ok((weights, motions))
}

/// A vote's choices: numbers, `-` (or `abstain`) for none.
pub fn parse_choices(texts: &[String]) -> Result<Vec<Option<u8>>> {
	texts
		.iter()
		.map(|text| match text.trim() {
			"-" | "abstain" => Ok(None),
			number => number.parse().map(Some).map_err(|_| anyhow!("choice {text:?}: a number, or - to abstain")),
		})
		.collect()
}

/// `sto corporate distribute`'s arguments.
#[derive(Args, Debug)]
pub struct DistributeArgs {
	/// The token's id.
	token: u32,
	/// The record date: the checkpoint's id.
	#[arg(long)]
	checkpoint: u32,
	/// The cash asset's id (pallet-assets).
	#[arg(long)]
	asset: u32,
	/// Pay TOTAL pro rata to every unit of --partitions.
	#[arg(long, value_name = "TOTAL", group = "form")]
	pro_rata: Option<String>,
	/// With --pro-rata: the partitions paid (default 0).
	#[arg(long, value_delimiter = ',', default_value = "0")]
	partitions: Vec<u16>,
	/// Pay AMOUNT/PER per unit of partition P (P=AMOUNT/PER; repeat per partition).
	#[arg(long, value_name = "P=AMOUNT/PER", group = "form")]
	per_unit: Vec<String>,
	/// Pay a coupon of RATE% of the nominal value on partition P (P=RATE%; repeat per partition).
	#[arg(long, value_name = "P=RATE%", group = "form", requires = "nominal")]
	coupon: Vec<String>,
	/// With --coupon: the nominal value, cash AMOUNT per PER units.
	#[arg(long, value_name = "AMOUNT/PER")]
	nominal: Option<String>,
	/// Pay TOTAL down a waterfall: each --tier in order up to its rate, the rest pro rata to
	/// --residual.
	#[arg(long, value_name = "TOTAL", group = "form")]
	waterfall: Option<String>,
	/// With --waterfall: a tier P=AMOUNT/PER, most senior first (repeat).
	#[arg(long, value_name = "P=AMOUNT/PER")]
	tier: Vec<String>,
	/// With --waterfall: the partitions sharing what the tiers leave.
	#[arg(long, value_delimiter = ',')]
	residual: Vec<u16>,
	/// Claims from this moment, ms since the Unix epoch (default: now).
	#[arg(long, value_name = "MS", conflicts_with = "pay_in")]
	pay_at: Option<u64>,
	/// Claims from this long from now.
	#[arg(long, value_name = "DURATION")]
	pay_in: Option<String>,
	/// Claims until this moment, ms since the Unix epoch.
	#[arg(long, value_name = "MS", conflicts_with = "expires_in", required_unless_present = "expires_in")]
	expiry: Option<u64>,
	/// Claims until this long from now: e.g. 180d.
	#[arg(long, value_name = "DURATION")]
	expires_in: Option<String>,
	/// The withholding rate of holders whose jurisdiction is not listed, e.g. 30%.
	#[arg(long, default_value = "0%")]
	tax_default: String,
	/// A jurisdiction's withholding rate, CC=RATE% (e.g. DE=15%; repeat).
	#[arg(long, value_name = "CC=RATE%")]
	tax: Vec<String>,
	/// Where withheld tax is swept (SS58 address).
	#[arg(long, value_name = "SS58")]
	tax_account: String,
	/// Cash held for it now, in the smallest unit: at least what the record date's supplies
	/// are owed when the record date has passed (the excess goes back).
	#[arg(long)]
	funding: String,
	/// The notice (the legal document announcing it): 0x + 64 hex digits, or text (hashed).
	#[arg(long, default_value = "")]
	notice: String,
}

/// A percentage (`4.125%`, `15`) in parts of `one` (1_000_000 for Permill, 1_000_000_000 for
/// Perbill), exact or refused.
pub fn parse_percent(text: &str, one: u64) -> Result<u32> {
	let number = text.trim().trim_end_matches('%');
	let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
	let per_percent = one / 100;
	let digits = per_percent.to_string().len() as u32 - 1;
	if whole.is_empty() && fraction.is_empty() || !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
		bail!("not a percentage: {text:?} (e.g. 15% or 4.125%)");
	}
	if fraction.len() as u32 > digits {
		bail!("{text:?}: at most {digits} decimal places");
	}
	let whole: u64 = if whole.is_empty() { 0 } else { whole.parse()? };
	let fraction: u64 = if fraction.is_empty() { 0 } else { fraction.parse::<u64>()? * 10u64.pow(digits - fraction.len() as u32) };
	let parts = whole.checked_mul(per_percent).and_then(|parts| parts.checked_add(fraction)).filter(|parts| *parts <= one);
	let parts = parts.ok_or_else(|| anyhow!("{text:?}: above 100%"))?;
	Ok(parts as u32)
}

/// `AMOUNT/PER` (or `AMOUNT`: per 1).
pub fn parse_rate(text: &str) -> Result<UnitRate> {
	let (amount, per) = text.split_once('/').unwrap_or((text, "1"));
	let amount = parse_amount(amount).map_err(|e| anyhow!("rate {text:?}: {e}"))?;
	let per = parse_amount(per).map_err(|e| anyhow!("rate {text:?}: {e}"))?;
	if per == 0 {
		bail!("rate {text:?}: PER must not be 0");
	}
	Ok(UnitRate { amount, per })
}

/// `P=VALUE`.
fn partition_and(text: &str) -> Result<(u16, &str)> {
	let (partition, value) = text.split_once('=').ok_or_else(|| anyhow!("{text:?}: expected P=VALUE"))?;
	Ok((partition.trim().parse().map_err(|_| anyhow!("{text:?}: the partition is a number"))?, value.trim()))
}

/// The payout the arguments describe (exactly one form).
pub fn payout(args: &DistributeArgs) -> Result<Payout> {
	if let Some(total) = &args.pro_rata {
		return Ok(Payout::ProRata {
			total: parse_amount(total).map_err(|e| anyhow!("--pro-rata: {e}"))?,
			partitions: BoundedVec(args.partitions.clone()),
		});
	}
	if !args.per_unit.is_empty() {
		let rates = args
			.per_unit
			.iter()
			.map(|text| partition_and(text).and_then(|(p, rate)| Ok((p, parse_rate(rate)?))))
			.collect::<Result<Vec<_>>>()?;
		return Ok(Payout::PerUnit { rates: BoundedVec(rates) });
	}
	if !args.coupon.is_empty() {
		let nominal = parse_rate(args.nominal.as_deref().unwrap_or_default()).context("--nominal")?;
		let rates = args
			.coupon
			.iter()
			.map(|text| partition_and(text).and_then(|(p, rate)| Ok((p, Perbill(parse_percent(rate, 1_000_000_000)?)))))
			.collect::<Result<Vec<_>>>()?;
		return Ok(Payout::Coupon { nominal, rates: BoundedVec(rates) });
	}
	if let Some(total) = &args.waterfall {
		let tiers = args
			.tier
			.iter()
			.map(|text| partition_and(text).and_then(|(p, rate)| Ok((p, parse_rate(rate)?))))
			.collect::<Result<Vec<_>>>()?;
		return Ok(Payout::Waterfall {
			total: parse_amount(total).map_err(|e| anyhow!("--waterfall: {e}"))?,
			tiers: BoundedVec(tiers),
			residual: BoundedVec(args.residual.clone()),
		});
	}
	bail!("say what is paid: --pro-rata, --per-unit, --coupon or --waterfall")
}

/// The tax table the arguments describe.
pub fn tax_table(args: &DistributeArgs) -> Result<TaxTable> {
	let default = Permill(parse_percent(&args.tax_default, 1_000_000).context("--tax-default")?);
	let rates = args
		.tax
		.iter()
		.map(|text| {
			let (country, rate) = text.split_once('=').ok_or_else(|| anyhow!("--tax {text:?}: expected CC=RATE%"))?;
			let country: CountryCode = parse_country(country.trim())?;
			Ok((country, Permill(parse_percent(rate, 1_000_000).with_context(|| format!("--tax {text}"))?)))
		})
		.collect::<Result<Vec<_>>>()?;
	Ok(TaxTable { default, rates: BoundedVec(rates) })
}

/// A window of time (a ballot's voting, an offering's subscriptions): `--start-at MS` or
/// `--starts-in DURATION` (default: now), `--end-at MS` or `--ends-in DURATION`.
#[derive(Args, Debug)]
pub struct Window {
	/// Opens at this moment, ms since the Unix epoch (default: now).
	#[arg(long, value_name = "MS", conflicts_with = "starts_in")]
	start_at: Option<u64>,
	/// Opens this long from now.
	#[arg(long, value_name = "DURATION")]
	starts_in: Option<String>,
	/// Closes at this moment, ms since the Unix epoch.
	#[arg(long, value_name = "MS", conflicts_with = "ends_in", required_unless_present = "ends_in")]
	end_at: Option<u64>,
	/// Closes this long from now: e.g. 14d.
	#[arg(long, value_name = "DURATION")]
	ends_in: Option<String>,
}

impl Window {
	/// (start, end), ms since the Unix epoch.
	pub fn moments(&self) -> Result<(u64, u64)> {
		let start = moment(self.start_at, self.starts_in.as_deref(), Some(now_ms()?))?;
		let end = moment(self.end_at, self.ends_in.as_deref(), None)?;
		Ok((start, end))
	}
}

/// A moment from `--X-at MS` or `--X-in DURATION` (default: `fallback`).
pub(super) fn moment(at: Option<u64>, after: Option<&str>, fallback: Option<u64>) -> Result<u64> {
	match (at, after) {
		(Some(at), _) => Ok(at),
		(None, Some(duration)) => Ok(now_ms()?.saturating_add(parse_duration(duration)?)),
		(None, None) => fallback.ok_or_else(|| anyhow!("a time is required")),
	}
}

pub(super) fn amount(text: &str, what: &str) -> Result<u128> {
	parse_amount(text).map_err(|e| anyhow!("{what}: {e}"))
}

fn permill_text(parts: u32) -> String {
	let text = format!("{}.{:04}", parts / 10_000, parts % 10_000);
	format!("{}%", text.trim_end_matches('0').trim_end_matches('.'))
}

/// Submit `call` and print its outcome.
pub(super) async fn send(context: &Context, sto: &Sto, what: String, call: Call) -> Result<Output> {
	let outcome = context.submit(sto, &call, &what).await?;
	Ok(Output::new(outcome.to_json(), outcome_text(&what, &outcome)))
}

pub async fn run(context: &Context, command: Command) -> Result<Output> {
	let sto = context.connect().await?;
	let tx = api::transactions().corporate_actions();
	match command {
		Command::Checkpoint { token } => {
			let call = sto.call(&tx.create_checkpoint(token)).await?;
			send(context, &sto, format!("take a checkpoint of token {token}"), call).await
		},
		Command::Schedule { token, at, r#in } => {
			let at = moment(at, r#in.as_deref(), None)?;
			let call = sto.call(&tx.schedule_checkpoint(token, at)).await?;
			send(context, &sto, format!("schedule a checkpoint of token {token} at {at}"), call).await
		},
		Command::Checkpoints { token } => {
			let list = sto.view(&api::view_functions().corporate_actions().checkpoints(token)).await?;
			let json: Vec<Json> = list
				.iter()
				.map(|checkpoint| {
					json!({
						"id": checkpoint.id,
						"record_date": checkpoint.record_date,
						"taken": checkpoint.taken,
						"supplies": checkpoint.supplies.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
						"references": checkpoint.references,
						"retired": checkpoint.retired,
					})
				})
				.collect();
			let mut text = format!("token {token}: {} checkpoint(s)\n", list.len());
			for checkpoint in list.iter() {
				let state = match (checkpoint.retired, checkpoint.taken) {
					(true, _) => "retired",
					(false, true) => "taken",
					(false, false) => "scheduled",
				};
				text += &format!(
					"  #{} record date {} {state}, supplies {:?}, read by {}\n",
					checkpoint.id, checkpoint.record_date, checkpoint.supplies, checkpoint.references
				);
			}
			Ok(Output::new(json!({ "token": token, "checkpoints": json }), text))
		},
		Command::Retire { token, checkpoint } => {
			let call = sto.call(&tx.retire_checkpoint(token, checkpoint)).await?;
			send(context, &sto, format!("retire checkpoint {checkpoint} of token {token}"), call).await
		},
		Command::Distribute(args) => {
			let payout = payout(&args)?;
			let tax = tax_table(&args)?;
			let pay_date = moment(args.pay_at, args.pay_in.as_deref(), Some(now_ms()?))?;
			let expiry = moment(args.expiry, args.expires_in.as_deref(), None)?;
			let tax_account = parse_account(&args.tax_account).context("--tax-account")?;
			let funding = amount(&args.funding, "--funding")?;
			let notice = if args.notice.is_empty() { H256::zero() } else { reference(&args.notice).context("--notice")? };
			let call = sto
				.call(&tx.create_distribution(
					args.token,
					args.checkpoint,
					args.asset,
					payout,
					pay_date,
					expiry,
					tax,
					tax_account,
					funding,
					notice,
				))
				.await?;
			let what = format!(
				"distribute asset {} to token {}'s holders at checkpoint {} (funding {funding})",
				args.asset, args.token, args.checkpoint
			);
			let outcome = context.submit(&sto, &call, &what).await?;
			let id = outcome.event("CorporateActions", "DistributionCreated").and_then(|event| event.u128("distribution"));
			let mut json = outcome.to_json();
			json["distribution"] = json!(id);
			Ok(Output::new(json, outcome_text(&format!("{what}: distribution {}", id.unwrap_or_default()), &outcome)))
		},
		Command::TopUp { distribution, amount: text } => {
			let amount = amount(&text, "amount")?;
			let call = sto.call(&tx.top_up(distribution, amount)).await?;
			send(context, &sto, format!("top up distribution {distribution} by {amount}"), call).await
		},
		Command::Open { distribution } => {
			let call = sto.call(&tx.open_distribution(distribution)).await?;
			send(context, &sto, format!("open distribution {distribution}"), call).await
		},
		Command::Claim { distribution, pay_to } => {
			let pay_to = pay_to.as_deref().map(parse_account).transpose().context("--pay-to")?;
			let call = sto.call(&tx.claim(distribution, pay_to)).await?;
			send(context, &sto, format!("claim from distribution {distribution}"), call).await
		},
		Command::Push { distribution, who } => {
			let mut identities = Vec::with_capacity(who.len());
			for text in who.iter() {
				identities.push(identity::resolve(&sto, text).await?);
			}
			let count = identities.len();
			let call = sto.call(&tx.push(distribution, BoundedVec(identities))).await?;
			send(context, &sto, format!("pay {count} identities from distribution {distribution}"), call).await
		},
		Command::Entitlement { distribution, who } => {
			let id = identity::resolve(&sto, &who).await?;
			let entitlement = sto
				.view(&api::view_functions().corporate_actions().entitlement(distribution, id))
				.await?
				.ok_or_else(|| anyhow!("distribution {distribution} does not exist or is not open"))?;
			let json = json!({
				"distribution": distribution,
				"identity": id,
				"gross": entitlement.gross.to_string(),
				"rate": permill_text(entitlement.rate.0),
				"tax": entitlement.tax.to_string(),
				"net": entitlement.net.to_string(),
				"claimed": entitlement.claimed,
			});
			let text = format!(
				"identity {id} in distribution {distribution}: gross {}, tax {} at {}, net {}{}\n",
				entitlement.gross,
				entitlement.tax,
				permill_text(entitlement.rate.0),
				entitlement.net,
				if entitlement.claimed { " (paid)" } else { "" }
			);
			Ok(Output::new(json, text))
		},
		Command::Distribution { distribution: id } => {
			let d = sto
				.view(&api::view_functions().corporate_actions().distribution(id))
				.await?
				.ok_or_else(|| anyhow!("no distribution {id}"))?;
			let state = match d.state {
				DistributionState::Pending => "pending",
				DistributionState::Open => "open",
				DistributionState::Cancelled => "cancelled",
				DistributionState::Reclaimed => "reclaimed",
			};
			let remaining = d.funded.saturating_sub(d.paid_net).saturating_sub(d.tax_withheld);
			let json = json!({
				"distribution": id,
				"token": d.token,
				"checkpoint": d.checkpoint,
				"asset": d.asset,
				"payer": d.payer.to_string(),
				"state": state,
				"pay_date": d.pay_date,
				"expiry": d.expiry,
				"funded": d.funded.to_string(),
				"required": d.required.to_string(),
				"paid_net": d.paid_net.to_string(),
				"tax_withheld": d.tax_withheld.to_string(),
				"tax_swept": d.tax_swept.to_string(),
				"remaining": remaining.to_string(),
				"payments": d.claims,
				"tax_account": d.tax_account.to_string(),
				"shares": d.shares.0.iter().map(|s| json!({"partition": s.partition, "amount": s.amount.to_string(), "per": s.per.to_string()})).collect::<Vec<_>>(),
			});
			let text = format!(
				"distribution {id} of token {} at checkpoint {}: {state}, asset {}, pay {}..{}\n  funded {}, paid {} net, withheld {} (swept {}), remaining {}, {} payment(s)\n",
				d.token, d.checkpoint, d.asset, d.pay_date, d.expiry, d.funded, d.paid_net, d.tax_withheld, d.tax_swept, remaining, d.claims
			);
			Ok(Output::new(json, text))
		},
		Command::TaxOverride { distribution, who, rate, remove } => {
			let id = identity::resolve(&sto, &who).await?;
			let rate = if remove { None } else { Some(Permill(parse_percent(rate.as_deref().unwrap_or_default(), 1_000_000)?)) };
			let what = match &rate {
				Some(rate) => format!("withhold {} from identity {id} in distribution {distribution}", permill_text(rate.0)),
				None => format!("remove identity {id}'s tax override in distribution {distribution}"),
			};
			let call = sto.call(&tx.set_tax_override(distribution, id, rate)).await?;
			send(context, &sto, what, call).await
		},
		Command::SweepTax { distribution } => {
			let call = sto.call(&tx.sweep_tax(distribution)).await?;
			send(context, &sto, format!("sweep distribution {distribution}'s withheld tax"), call).await
		},
		Command::Reclaim { distribution } => {
			let call = sto.call(&tx.reclaim(distribution)).await?;
			send(context, &sto, format!("reclaim what distribution {distribution} did not pay"), call).await
		},
		Command::Cancel { distribution } => {
			let call = sto.call(&tx.cancel_distribution(distribution)).await?;
			send(context, &sto, format!("cancel distribution {distribution}"), call).await
		},
		Command::Clear { distribution, limit } => {
			let call = sto.call(&tx.clear_distribution(distribution, limit)).await?;
			send(context, &sto, format!("clear distribution {distribution}'s records (up to {limit})"), call).await
		},
		Command::Ballot(args) => {
			let (weights, motions) = ballot_terms(&args)?;
			let (start, end) = args.window.moments()?;
			let notice = if args.notice.is_empty() { H256::zero() } else { reference(&args.notice).context("--notice")? };
			let count = motions.len();
			let call = sto
				.call(&tx.create_ballot(args.token, args.checkpoint, BoundedVec(weights), BoundedVec(motions), start, end, notice))
				.await?;
			let what = format!("put {count} motion(s) to token {}'s holders at checkpoint {}", args.token, args.checkpoint);
			let outcome = context.submit(&sto, &call, &what).await?;
			let id = outcome.event("CorporateActions", "BallotCreated").and_then(|event| event.u128("ballot"));
			let mut json = outcome.to_json();
			json["ballot"] = json!(id);
			Ok(Output::new(json, outcome_text(&format!("{what}: ballot {}", id.unwrap_or_default()), &outcome)))
		},
		Command::Vote { ballot, choices } => {
			let choices = parse_choices(&choices)?;
			let call = sto.call(&tx.vote(ballot, BoundedVec(choices))).await?;
			send(context, &sto, format!("vote in ballot {ballot}"), call).await
		},
		Command::Power { ballot, who } => {
			let id = identity::resolve(&sto, &who).await?;
			let power = sto
				.view(&api::view_functions().corporate_actions().voting_power(ballot, id))
				.await?
				.ok_or_else(|| anyhow!("ballot {ballot} does not exist or its record date does not answer"))?;
			Ok(Output::new(
				json!({ "ballot": ballot, "identity": id, "power": power.to_string() }),
				format!("identity {id} has {power} votes in ballot {ballot}\n"),
			))
		},
		Command::Tally { ballot } => {
			let b = sto
				.view(&api::view_functions().corporate_actions().ballot(ballot))
				.await?
				.ok_or_else(|| anyhow!("no ballot {ballot}"))?;
			let tallies: Vec<Json> = b
				.tallies
				.0
				.iter()
				.map(|tally| {
					json!({
						"choices": tally.choices.0.iter().map(|power| power.to_string()).collect::<Vec<_>>(),
						"abstained": tally.abstained.to_string(),
					})
				})
				.collect();
			let mut text = format!(
				"ballot {ballot} of token {} at checkpoint {}: {} voter(s), {} (voting {}..{})\n",
				b.token,
				b.checkpoint,
				b.voters,
				if b.closed { "closed" } else { "open" },
				b.start,
				b.end
			);
			for (m, tally) in b.tallies.0.iter().enumerate() {
				text += &format!("  motion {m}: {:?}, abstained {}\n", tally.choices.0, tally.abstained);
			}
			let json = json!({
				"ballot": ballot,
				"token": b.token,
				"checkpoint": b.checkpoint,
				"weights": b.weights.0.iter().map(|(p, w)| json!({"partition": p, "weight": w})).collect::<Vec<_>>(),
				"start": b.start,
				"end": b.end,
				"voters": b.voters,
				"closed": b.closed,
				"tallies": tallies,
			});
			Ok(Output::new(json, text))
		},
		Command::CancelBallot { ballot } => {
			let call = sto.call(&tx.cancel_ballot(ballot)).await?;
			send(context, &sto, format!("cancel ballot {ballot}"), call).await
		},
		Command::CloseBallot { ballot } => {
			let call = sto.call(&tx.close_ballot(ballot)).await?;
			send(context, &sto, format!("close ballot {ballot}"), call).await
		},
		Command::ClearVotes { ballot, limit } => {
			let call = sto.call(&tx.clear_votes(ballot, limit)).await?;
			send(context, &sto, format!("clear ballot {ballot}'s votes (up to {limit})"), call).await
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
	fn percentages_are_exact_or_refused() {
		assert_eq!(parse_percent("15%", 1_000_000).unwrap(), 150_000);
		assert_eq!(parse_percent("26.375%", 1_000_000).unwrap(), 263_750);
		assert_eq!(parse_percent("1.03125%", 1_000_000_000).unwrap(), 10_312_500);
		assert_eq!(parse_percent("100", 1_000_000).unwrap(), 1_000_000);
		assert!(parse_percent("100.0001%", 1_000_000).is_err());
		assert!(parse_percent("1.00001%", 1_000_000).is_err(), "beyond a Permill's precision");
		assert!(parse_percent("x%", 1_000_000).is_err());
		assert_eq!(permill_text(263_750), "26.375%");
		assert_eq!(permill_text(150_000), "15%");
	}

	#[test]
	fn ballots_parse() {
		let cli = Cli::try_parse_from([
			"sto", "corporate", "ballot", "1", "--checkpoint", "0", "--weight", "0=1", "--weight", "2=10",
			"--motion", "2:approve the accounts", "--motion", "3:elect a director", "--ends-in", "14d",
		])
		.expect("parses");
		let Group::Corporate(Command::Ballot(args)) = cli.command else { panic!("ballot") };
		let (weights, motions) = ballot_terms(&args).unwrap();
		assert_eq!(weights, vec![(0, 1), (2, 10)]);
		assert_eq!(motions.iter().map(|m| m.choices).collect::<Vec<_>>(), vec![2, 3]);
		assert_ne!(motions[0].description, motions[1].description);
		assert_eq!(parse_choices(&["1".into(), "-".into(), "0".into()]).unwrap(), vec![Some(1), None, Some(0)]);
		assert!(parse_choices(&["yes".into()]).is_err());
		let cli = Cli::try_parse_from(["sto", "corporate", "vote", "3", "0", "-"]).expect("a hyphen abstains");
		assert!(matches!(cli.command, Group::Corporate(Command::Vote { ballot: 3, ref choices }) if choices.len() == 2));
		assert!(Cli::try_parse_from(["sto", "corporate", "ballot", "1", "--checkpoint", "0", "--weight", "0=1", "--ends-in", "1d"]).is_err(), "a motion is required");
	}

	#[test]
	fn rates_parse() {
		assert_eq!(parse_rate("5").unwrap(), UnitRate { amount: 5, per: 1 });
		assert_eq!(parse_rate("50_000/100").unwrap(), UnitRate { amount: 50_000, per: 100 });
		assert!(parse_rate("5/0").is_err());
	}

	#[test]
	fn a_distribution_takes_exactly_one_form() {
		let parse = |extra: &[&str]| {
			let mut args = vec!["sto", "corporate", "distribute", "1", "--checkpoint", "0", "--asset", "7", "--expires-in", "30d"];
			args.extend_from_slice(&["--tax-account", BOB, "--funding", "1000"]);
			args.extend_from_slice(extra);
			Cli::try_parse_from(args)
		};
		let cli = parse(&["--per-unit", "0=5/1", "--per-unit", "1=3", "--tax", "DE=15%", "--tax-default", "30%"]).expect("parses");
		let Group::Corporate(Command::Distribute(args)) = cli.command else { panic!("distribute") };
		assert_eq!(
			payout(&args).unwrap(),
			Payout::PerUnit { rates: BoundedVec(vec![(0, UnitRate { amount: 5, per: 1 }), (1, UnitRate { amount: 3, per: 1 })]) }
		);
		let tax = tax_table(&args).unwrap();
		assert_eq!(tax.default, Permill(300_000));
		assert_eq!(tax.rates.0, vec![(CountryCode(*b"DE"), Permill(150_000))]);
		assert!(parse(&["--per-unit", "0=5", "--pro-rata", "100"]).is_err(), "two forms");
		assert!(parse(&["--coupon", "0=4%"]).is_err(), "a coupon needs --nominal");
		let cli = parse(&["--waterfall", "1500", "--tier", "1=10", "--residual", "0,2"]).expect("parses");
		let Group::Corporate(Command::Distribute(args)) = cli.command else { panic!("distribute") };
		assert_eq!(
			payout(&args).unwrap(),
			Payout::Waterfall {
				total: 1500,
				tiers: BoundedVec(vec![(1, UnitRate { amount: 10, per: 1 })]),
				residual: BoundedVec(vec![0, 2])
			}
		);
	}
}
