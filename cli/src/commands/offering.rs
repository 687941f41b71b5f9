//! `sto offering …`: primary offerings. A token's supply manager offers units in price tiers for
//! a cash asset; verified investors subscribe (the cost is held on their own account); after the
//! end (or early, once the minimum is met) the offering closes and settles in pages: tokens
//! issued and cash to the proceeds, or everything refunded when it missed its minimum.
//!
//! Times are ms since the Unix epoch (`--start-at`, `--end-at`, `--lockup-until`) or durations
//! from now on this machine's clock (`--starts-in`, `--ends-in`, `--lockup-for`: 30d, 12h).
//! Amounts are in the smallest unit; a tier is `SIZE@PRICE` (PRICE of the cash asset per
//! `--price-per` token units).

use super::{
	corporate::{amount, send, Window},
	outcome_text, Context, Output,
};
use anyhow::{anyhow, bail, Context as _, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value as Json};
use sto_client::{
	chain::{parse_account, Sto},
	subxt::utils::AccountId32,
	runtime::{
		api::{
			self,
			runtime_types::{
				bounded_collections::bounded_vec::BoundedVec,
				pallet_offering::types::{OfferingStatus, OfferingTerms, Quote, Tier},
			},
		},
		describe,
	},
};

#[derive(Subcommand, Debug)]
pub enum Command {
	/// Offer a token's units in price tiers (the token's supply manager): the tiers' total is
	/// reserved against the token's supply cap.
	Create(CreateArgs),
	/// Subscribe tokens of an open offering: the cost is held on the signer's account until the
	/// offering settles or refunds. Checked first (`can_subscribe`): a refusal names its reason.
	Subscribe {
		/// The offering's id.
		offering: u32,
		/// How many token units.
		tokens: String,
		/// Pay at most this much (default: the quote now, so a subscription taking the cheaper
		/// tier first makes this one fail instead of costing more).
		#[arg(long)]
		max_cost: Option<String>,
	},
	/// Withdraw one's subscription before the end (the cost and deposit are released).
	Withdraw {
		/// The offering's id.
		offering: u32,
		/// The subscription's id.
		subscription: u32,
	},
	/// Close an offering: anyone after the end; the supply manager early once the minimum is
	/// met. It succeeds with the minimum raised, else fails (everyone is refunded).
	Close {
		/// The offering's id.
		offering: u32,
	},
	/// Settle (or refund) every pending subscription of a closed or cancelled offering, in pages
	/// (anyone), with progress on stderr.
	Settle {
		/// The offering's id.
		offering: u32,
		/// Subscriptions per transaction.
		#[arg(long, default_value_t = 32)]
		page: u32,
		/// Stop after this many transactions (default: until nothing is pending).
		#[arg(long)]
		pages: Option<u32>,
	},
	/// Cancel an offering (its supply manager, while it is open); `settle` refunds it.
	Cancel {
		/// The offering's id.
		offering: u32,
	},
	/// Settle or refund one's own subscription now (a wallet of the subscriber's identity).
	Claim {
		/// The offering's id.
		offering: u32,
		/// The subscription's id.
		subscription: u32,
	},
	/// Remove a finished offering's record and release its deposit (its creator).
	Clear {
		/// The offering's id.
		offering: u32,
	},
	/// What a number of tokens costs now, tier by tier (free read).
	Quote {
		/// The offering's id.
		offering: u32,
		/// How many token units.
		tokens: String,
	},
	/// Show an offering: terms, status, sold, raised, settlement, pending subscriptions (free
	/// read).
	Status {
		/// The offering's id.
		offering: u32,
	},
}

#[derive(Args, Debug)]
pub struct CreateArgs {
	/// The token's id.
	#[arg(long)]
	token: u32,
	/// The partition the units are issued in.
	#[arg(long, default_value_t = 0)]
	partition: u16,
	/// The cash asset's id (pallet-assets).
	#[arg(long)]
	cash: u32,
	/// Where the cash goes at settlement (SS58 address).
	#[arg(long, value_name = "SS58")]
	proceeds: String,
	/// A price tier, SIZE@PRICE (repeat, in order: the first fills first).
	#[arg(long = "tier", value_name = "SIZE@PRICE", required = true)]
	tiers: Vec<String>,
	/// How many token units a tier's price is for.
	#[arg(long, default_value = "1")]
	price_per: String,
	/// When subscriptions open and close.
	#[command(flatten)]
	window: Window,
	/// Below this much cash raised the offering fails and refunds everyone.
	#[arg(long, default_value = "0")]
	min_raise: String,
	/// The most cash it takes.
	#[arg(long)]
	max_raise: String,
	/// The fewest token units one subscription buys.
	#[arg(long, default_value = "0")]
	min_ticket: String,
	/// The most token units one identity buys (over its wallets).
	#[arg(long)]
	max_per_identity: String,
	/// Issued units stay locked up until this moment (ms since the Unix epoch).
	#[arg(long, value_name = "MS", conflicts_with = "lockup_for")]
	lockup_until: Option<u64>,
	/// Issued units stay locked up until this long after the end: e.g. 180d.
	#[arg(long, value_name = "DURATION")]
	lockup_for: Option<String>,
}

/// `SIZE@PRICE`.
pub fn parse_tier(text: &str) -> Result<Tier> {
	let (size, price) = text.split_once('@').ok_or_else(|| anyhow!("tier {text:?}: expected SIZE@PRICE"))?;
	let size = amount(size.trim(), &format!("tier {text:?}: size"))?;
	let price = amount(price.trim(), &format!("tier {text:?}: price"))?;
	if size == 0 || price == 0 {
		bail!("tier {text:?}: the size and the price must be above 0");
	}
	Ok(Tier { size, price })
}

/// The terms the arguments describe.
fn terms(args: &CreateArgs) -> Result<OfferingTerms<AccountId32, u32>> {
	let tiers = args.tiers.iter().map(|text| parse_tier(text)).collect::<Result<Vec<_>>>()?;
	let (start, end) = args.window.moments()?;
	let lockup_until = match (&args.lockup_until, &args.lockup_for) {
		(Some(at), _) => Some(*at),
		(None, Some(duration)) => Some(end.saturating_add(super::custody::parse_duration(duration)?)),
		(None, None) => None,
	};
	Ok(OfferingTerms {
		token: args.token,
		partition: args.partition,
		cash: args.cash,
		proceeds: parse_account(&args.proceeds).context("--proceeds")?,
		tiers: BoundedVec(tiers),
		price_per: amount(&args.price_per, "--price-per")?,
		start,
		end,
		min_raise: amount(&args.min_raise, "--min-raise")?,
		max_raise: amount(&args.max_raise, "--max-raise")?,
		min_ticket: amount(&args.min_ticket, "--min-ticket")?,
		max_per_identity: amount(&args.max_per_identity, "--max-per-identity")?,
		lockup_until,
	})
}

fn status_name(status: &OfferingStatus) -> &'static str {
	match status {
		OfferingStatus::Open => "open",
		OfferingStatus::Succeeded => "succeeded",
		OfferingStatus::Failed => "failed",
		OfferingStatus::Cancelled => "cancelled",
	}
}

fn quote_json(quote: &Quote) -> Json {
	json!({
		"tokens": quote.tokens.to_string(),
		"cost": quote.cost.to_string(),
		"fills": quote.fills.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
	})
}

/// The offering's pending subscriptions, every page of the view.
async fn pending(sto: &Sto, offering: u32) -> Result<Vec<Json>> {
	let mut listed = Vec::new();
	let mut from = 0u32;
	loop {
		let page = sto.view(&api::view_functions().offering().subscriptions(offering, from)).await?;
		let Some((last, _)) = page.last() else { break };
		from = last.saturating_add(1);
		for (id, record) in page.iter() {
			listed.push(json!({
				"subscription": id,
				"subscriber": record.subscriber.to_string(),
				"identity": record.identity,
				"tokens": record.tokens.to_string(),
				"cost": record.cost.to_string(),
			}));
		}
		if from == 0 {
			break;
		}
	}
	Ok(listed)
}

pub async fn run(context: &Context, command: Command) -> Result<Output> {
	let sto = context.connect().await?;
	let tx = api::transactions().offering();
	let views = api::view_functions().offering();
	match command {
		Command::Create(args) => {
			let terms = terms(&args)?;
			let size: u128 = terms.tiers.0.iter().map(|tier| tier.size).sum();
			let what = format!(
				"offer {size} units of token {} (partition {}) in {} tier(s) for asset {}",
				terms.token,
				terms.partition,
				terms.tiers.0.len(),
				terms.cash
			);
			let call = sto.call(&tx.create_offering(terms)).await?;
			let outcome = context.submit(&sto, &call, &what).await?;
			let id = outcome.event("Offering", "OfferingCreated").and_then(|event| event.u128("offering"));
			let mut json = outcome.to_json();
			json["offering"] = json!(id);
			Ok(Output::new(json, outcome_text(&format!("{what}: offering {}", id.unwrap_or_default()), &outcome)))
		},
		Command::Subscribe { offering, tokens, max_cost } => {
			let tokens = amount(&tokens, "tokens")?;
			let signer = context.signer()?.public_key().to_account_id();
			// The chain's own checks first: a refusal names its reason, nothing is sent.
			let quote = sto
				.view(&views.can_subscribe(offering, signer, tokens))
				.await?
				.map_err(|refusal| anyhow!("subscribing {tokens} of offering {offering} would fail: {}", describe(&refusal)))?;
			let max_cost = match max_cost {
				Some(text) => amount(&text, "--max-cost")?,
				None => quote.cost,
			};
			context.note(&format!("{tokens} units cost {} now (tiers {:?}); paying at most {max_cost}", quote.cost, quote.fills));
			let what = format!("subscribe {tokens} units of offering {offering} for {}", quote.cost);
			let call = sto.call(&tx.subscribe(offering, tokens, max_cost)).await?;
			let outcome = context.submit(&sto, &call, &what).await?;
			let id = outcome.event("Offering", "Subscribed").and_then(|event| event.u128("subscription"));
			let mut json = outcome.to_json();
			json["subscription"] = json!(id);
			json["quote"] = quote_json(&quote);
			Ok(Output::new(json, outcome_text(&format!("{what}: subscription {}", id.unwrap_or_default()), &outcome)))
		},
		Command::Withdraw { offering, subscription } => {
			let call = sto.call(&tx.withdraw(offering, subscription)).await?;
			send(context, &sto, format!("withdraw subscription {subscription} of offering {offering}"), call).await
		},
		Command::Close { offering } => {
			let call = sto.call(&tx.close(offering)).await?;
			send(context, &sto, format!("close offering {offering}"), call).await
		},
		Command::Settle { offering, page, pages } => settle(context, &sto, offering, page, pages).await,
		Command::Cancel { offering } => {
			let call = sto.call(&tx.cancel(offering)).await?;
			send(context, &sto, format!("cancel offering {offering}"), call).await
		},
		Command::Claim { offering, subscription } => {
			let view = sto.view(&views.offering(offering)).await?.ok_or_else(|| anyhow!("no offering {offering}"))?;
			let call = match view.offering.status {
				OfferingStatus::Succeeded => sto.call(&tx.claim_allocation(offering, subscription)).await?,
				OfferingStatus::Failed | OfferingStatus::Cancelled => sto.call(&tx.claim_refund(offering, subscription)).await?,
				OfferingStatus::Open => bail!("offering {offering} is still open: nothing to claim before it closes"),
			};
			send(context, &sto, format!("claim subscription {subscription} of offering {offering}"), call).await
		},
		Command::Clear { offering } => {
			let call = sto.call(&tx.clear_offering(offering)).await?;
			send(context, &sto, format!("clear offering {offering}"), call).await
		},
		Command::Quote { offering, tokens } => {
			let tokens = amount(&tokens, "tokens")?;
			let quote = sto
				.view(&views.quote(offering, tokens))
				.await?
				.ok_or_else(|| anyhow!("offering {offering} does not exist or has fewer than {tokens} units left"))?;
			let text = format!("{tokens} units of offering {offering} cost {} now (per tier: {:?})\n", quote.cost, quote.fills);
			Ok(Output::new(quote_json(&quote), text))
		},
		Command::Status { offering } => status(&sto, offering).await,
	}
}

async fn status(sto: &Sto, id: u32) -> Result<Output> {
	let view = sto.view(&api::view_functions().offering().offering(id)).await?.ok_or_else(|| anyhow!("no offering {id}"))?;
	let o = &view.offering;
	let t = &o.terms;
	let subscriptions = pending(sto, id).await?;
	let json = json!({
		"offering": id,
		"token": t.token,
		"partition": t.partition,
		"cash": t.cash,
		"proceeds": t.proceeds.to_string(),
		"tiers": t.tiers.0.iter().zip(o.filled.0.iter()).map(|(tier, filled)| json!({
			"size": tier.size.to_string(), "price": tier.price.to_string(), "filled": filled.to_string(),
		})).collect::<Vec<_>>(),
		"price_per": t.price_per.to_string(),
		"start": t.start,
		"end": t.end,
		"min_raise": t.min_raise.to_string(),
		"max_raise": t.max_raise.to_string(),
		"min_ticket": t.min_ticket.to_string(),
		"max_per_identity": t.max_per_identity.to_string(),
		"lockup_until": t.lockup_until,
		"manager": o.manager.to_string(),
		"status": status_name(&o.status),
		"accepting": view.accepting,
		"available": view.available.to_string(),
		"minimum_met": view.minimum_met,
		"sold": o.sold.to_string(),
		"raised": o.raised.to_string(),
		"pending": o.pending,
		"issued": o.issued.to_string(),
		"settled": o.settled.to_string(),
		"refunded_tokens": o.refunded_tokens.to_string(),
		"refunded": o.refunded.to_string(),
		"subscriptions": subscriptions,
	});
	let mut text = format!(
		"offering {id} of token {} (partition {}) for asset {}: {}{}\n  window {}..{}, raise {}..{}, tickets {}..{} per identity{}\n",
		t.token,
		t.partition,
		t.cash,
		status_name(&o.status),
		if view.accepting { ", accepting subscriptions" } else { "" },
		t.start,
		t.end,
		t.min_raise,
		t.max_raise,
		t.min_ticket,
		t.max_per_identity,
		t.lockup_until.map(|at| format!(", locked up until {at}")).unwrap_or_default(),
	);
	for (index, (tier, filled)) in t.tiers.0.iter().zip(o.filled.0.iter()).enumerate() {
		text += &format!("  tier {index}: {filled} of {} at {} per {}\n", tier.size, tier.price, t.price_per);
	}
	text += &format!(
		"  sold {}, raised {} (minimum {}), {} pending; issued {}, settled {}, refunded {} units / {}\n",
		o.sold,
		o.raised,
		if view.minimum_met { "met" } else { "not met" },
		o.pending,
		o.issued,
		o.settled,
		o.refunded_tokens,
		o.refunded
	);
	Ok(Output::new(json, text))
}

/// `settle` in pages until nothing is pending (or `pages` transactions), reporting progress.
async fn settle(context: &Context, sto: &Sto, id: u32, page: u32, pages: Option<u32>) -> Result<Output> {
	let views = api::view_functions().offering();
	let start = sto.view(&views.offering(id)).await?.ok_or_else(|| anyhow!("no offering {id}"))?;
	if start.offering.status == OfferingStatus::Open {
		bail!("offering {id} is still open: close it first (`sto offering close {id}`)");
	}
	let total = start.offering.pending;
	let (mut allocated, mut refunded, mut sent) = (0u64, 0u64, 0u32);
	let mut blocks = Vec::new();
	let mut remaining = total;
	while remaining > 0 && pages.is_none_or(|most| sent < most) {
		let call = sto.call(&api::transactions().offering().settle(id, page)).await?;
		let what = format!("settle offering {id}: up to {page} of {remaining} pending");
		let outcome = context.submit(sto, &call, &what).await?;
		allocated += outcome.events_named("Offering", "Allocated").count() as u64;
		refunded += outcome.events_named("Offering", "Refunded").count() as u64;
		blocks.push(outcome.block_number);
		sent += 1;
		remaining = sto.view(&views.offering(id)).await?.map_or(0, |view| view.offering.pending);
		context.note(&format!(
			"settled {} of {total} subscription(s): {allocated} allocated, {refunded} refunded, {remaining} pending",
			u64::from(total - remaining)
		));
	}
	let done = sto.view(&views.offering(id)).await?.ok_or_else(|| anyhow!("offering {id} is gone"))?;
	let o = &done.offering;
	let json = json!({
		"offering": id,
		"status": status_name(&o.status),
		"transactions": sent,
		"blocks": blocks,
		"allocated": allocated,
		"refunded": refunded,
		"pending": o.pending,
		"issued": o.issued.to_string(),
		"settled": o.settled.to_string(),
		"refunded_cash": o.refunded.to_string(),
	});
	let text = format!(
		"offering {id} ({}): {allocated} allocated, {refunded} refunded in {sent} transaction(s); {} pending\n  issued {} units, {} to the proceeds, {} refunded\n",
		status_name(&o.status),
		o.pending,
		o.issued,
		o.settled,
		o.refunded
	);
	Ok(Output::new(json, text))
}
