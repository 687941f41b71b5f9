//! An exchange adapter: the exchange's own book (venue accounts, their positions, matched
//! trades) in a JSON ledger file; netting of the pending trades into one settlement batch;
//! settlement through the custody pallet; and reconciliation of the book with the chain.
//!
//! ```json
//! {
//!   "venue": "Exchange Y",
//!   "cash": { "asset": 7, "payer": "5C…" },
//!   "accounts": [
//!     { "account": "Y-1001", "wallet": "5G…", "positions": [{ "token": 1, "partition": 0, "quantity": "300" }] },
//!     { "account": "Y-1002", "wallet": "5F…", "positions": [{ "token": 1, "partition": 0, "quantity": "300" }] }
//!   ],
//!   "trades": [
//!     { "id": "T-1", "token": 1, "partition": 0, "seller": "Y-1001", "buyer": "Y-1002", "quantity": "40", "price": "101" }
//!   ],
//!   "settlements": []
//! }
//! ```
//!
//! - `accounts`: the venue's accounts, each with the investor's on-chain wallet the venue
//!   settles from and to (the investor bound the account and granted the exchange a mandate),
//!   and the book's positions.
//! - `trades`: matched trades. A trade without `settled_in` is pending; settling marks it with
//!   the batch reference.
//! - `cash` (optional): the cash asset and the exchange's own wallet that pays sellers their
//!   net proceeds (`quantity × price`) in cash legs of the same batch (delivery versus
//!   payment). Buyers pay the exchange in its internal book.
//!
//! **Netting**: per token and partition, each account's net quantity (bought − sold) over the
//! pending trades; net sellers deliver to net buyers, largest first in account order, so a
//! batch has at most one leg fewer than the accounts involved, and each wallet only sends or
//! only receives (no intermediate position can break a limit the final one keeps).
//!
//! **Reconciliation**: for each account and each token/partition of the book, the book's
//! position against the wallet's balance on chain (`TokenApi_balance_of`); for each investor
//! identity, its holding over all its wallets and venues (`CustodyApi_identity_holding`)
//! must cover what the book holds for it at this venue. Any difference is reported.

pub mod onboarding;

use sto_client::{
	batch::{Batch, CashLeg, Leg},
	chain::{parse_account, parse_amount, Stage, Sto, Wait},
	custody::{self, SettleError, Settlement},
	token,
};
use anyhow::{anyhow, bail, Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};
use std::{
	collections::{BTreeMap, BTreeSet},
	path::Path,
};
use subxt::utils::AccountId32;
use subxt_signer::sr25519::Keypair;

/// Amounts in the ledger: strings of digits (JSON numbers lose precision above 2^53); numbers
/// are accepted when read.
mod amount {
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer>(amount: &u128, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&amount.to_string())
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u128, D::Error> {
		#[derive(Deserialize)]
		#[serde(untagged)]
		enum Amount {
			Text(String),
			Number(u64),
		}
		match Amount::deserialize(deserializer)
			.map_err(|_| D::Error::custom("expected a whole amount (a string of digits or an integer)"))?
		{
			Amount::Text(text) => sto_client::chain::parse_amount(&text).map_err(|e| D::Error::custom(e.to_string())),
			Amount::Number(n) => Ok(n as u128),
		}
	}

	pub mod option {
		use serde::{Deserialize, Deserializer, Serializer};

		pub fn serialize<S: Serializer>(amount: &Option<u128>, serializer: S) -> Result<S::Ok, S::Error> {
			match amount {
				Some(amount) => super::serialize(amount, serializer),
				None => serializer.serialize_none(),
			}
		}

		pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u128>, D::Error> {
			#[derive(Deserialize)]
			struct Wrapped(#[serde(deserialize_with = "super::deserialize")] u128);
			Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(n)| n))
		}
	}
}

/// A position of the book: `quantity` of `partition` of `token`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
	pub token: u32,
	#[serde(default)]
	pub partition: u16,
	#[serde(with = "amount")]
	pub quantity: u128,
}

/// A venue account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
	/// The venue's own account id.
	pub account: String,
	/// The investor's wallet the venue settles from and to (SS58).
	pub wallet: String,
	#[serde(default)]
	pub positions: Vec<Position>,
}

/// A matched trade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trade {
	pub id: String,
	pub token: u32,
	#[serde(default)]
	pub partition: u16,
	/// The selling venue account.
	pub seller: String,
	/// The buying venue account.
	pub buyer: String,
	#[serde(with = "amount")]
	pub quantity: u128,
	/// Cash per unit (needed when the ledger pays cash legs).
	#[serde(default, with = "amount::option", skip_serializing_if = "Option::is_none")]
	pub price: Option<u128>,
	/// The batch reference it settled in (`None`: pending).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub settled_in: Option<String>,
}

/// The cash side of settlements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cash {
	/// The cash asset (pallet-assets id).
	pub asset: u32,
	/// The exchange's own wallet that pays the cash legs (SS58).
	pub payer: String,
}

/// A settled batch, as the book records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettlementRecord {
	pub batch_ref: String,
	pub block: String,
	pub block_number: u64,
	pub trades: Vec<String>,
	pub legs: usize,
	pub cash_legs: usize,
}

/// The exchange's book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
	pub venue: String,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub cash: Option<Cash>,
	pub accounts: Vec<Account>,
	#[serde(default)]
	pub trades: Vec<Trade>,
	#[serde(default)]
	pub settlements: Vec<SettlementRecord>,
}

impl Ledger {
	/// Read and check a ledger file.
	pub fn read(path: &Path) -> Result<Self> {
		let text =
			std::fs::read_to_string(path).map_err(|e| anyhow!("cannot read the ledger {}: {e}", path.display()))?;
		let ledger: Ledger =
			serde_json::from_str(&text).map_err(|e| anyhow!("the ledger {} is malformed: {e}", path.display()))?;
		ledger.check().map_err(|e| anyhow!("the ledger {}: {e}", path.display()))?;
		Ok(ledger)
	}

	/// Write the ledger (to a temporary file first, then renamed: never half written).
	pub fn write(&self, path: &Path) -> Result<()> {
		let text = serde_json::to_string_pretty(self)?;
		let temporary = path.with_extension("json.tmp");
		std::fs::write(&temporary, text + "\n").with_context(|| format!("write {}", temporary.display()))?;
		std::fs::rename(&temporary, path).with_context(|| format!("replace {}", path.display()))?;
		Ok(())
	}

	/// Check the book's consistency: unique accounts, wallets and trade ids, well-formed
	/// wallets, trades between two known accounts.
	pub fn check(&self) -> Result<()> {
		let mut accounts = BTreeSet::new();
		let mut wallets = BTreeSet::new();
		for account in &self.accounts {
			if !accounts.insert(account.account.as_str()) {
				bail!("account {:?} appears twice", account.account);
			}
			let wallet = parse_account(&account.wallet).map_err(|e| anyhow!("account {:?}: {e}", account.account))?;
			if !wallets.insert(wallet) {
				bail!("wallet {} belongs to two accounts", account.wallet);
			}
			let mut seen = BTreeSet::new();
			for position in &account.positions {
				if !seen.insert((position.token, position.partition)) {
					bail!("account {:?} lists token {} partition {} twice", account.account, position.token, position.partition);
				}
			}
		}
		let mut ids = BTreeSet::new();
		for trade in &self.trades {
			if !ids.insert(trade.id.as_str()) {
				bail!("trade {:?} appears twice", trade.id);
			}
			for side in [&trade.seller, &trade.buyer] {
				if !accounts.contains(side.as_str()) {
					bail!("trade {:?}: unknown account {side:?}", trade.id);
				}
			}
			if trade.seller == trade.buyer {
				bail!("trade {:?}: the seller is the buyer", trade.id);
			}
			if trade.quantity == 0 {
				bail!("trade {:?}: the quantity must be above zero", trade.id);
			}
		}
		if let Some(cash) = &self.cash {
			parse_account(&cash.payer).map_err(|e| anyhow!("cash.payer: {e}"))?;
		}
		Ok(())
	}

	/// The trades not settled yet.
	pub fn pending(&self) -> impl Iterator<Item = &Trade> {
		self.trades.iter().filter(|t| t.settled_in.is_none())
	}

	fn account(&self, name: &str) -> Result<&Account> {
		self.accounts.iter().find(|a| a.account == name).ok_or_else(|| anyhow!("unknown account {name:?}"))
	}

	fn wallet(&self, name: &str) -> Result<AccountId32> {
		parse_account(&self.account(name)?.wallet)
	}

	/// The book's position of `account` in `token`/`partition` (zero when it lists none).
	pub fn position(&self, account: &str, token: u32, partition: u16) -> u128 {
		self.accounts
			.iter()
			.find(|a| a.account == account)
			.and_then(|a| a.positions.iter().find(|p| p.token == token && p.partition == partition))
			.map(|p| p.quantity)
			.unwrap_or(0)
	}

	/// Every token/partition the book knows (in positions or trades).
	pub fn instruments(&self) -> BTreeSet<(u32, u16)> {
		let mut instruments: BTreeSet<(u32, u16)> =
			self.accounts.iter().flat_map(|a| a.positions.iter().map(|p| (p.token, p.partition))).collect();
		instruments.extend(self.trades.iter().map(|t| (t.token, t.partition)));
		instruments
	}
}

/// The pending trades netted into one batch.
#[derive(Clone, Debug)]
pub struct Netting {
	pub batch: Batch,
	/// Net quantity per (account, token, partition): bought − sold.
	pub nets: BTreeMap<(String, u32, u16), i128>,
	/// Net cash per account: proceeds − cost (only with a cash ledger).
	pub cash: BTreeMap<String, i128>,
	/// The trades the batch settles.
	pub trades: Vec<String>,
}

/// The default reference of the batch settling `trades`: the venue and the trade ids (so a
/// batch retried after a crash is refused as a duplicate instead of settling twice).
pub fn default_batch_ref(venue: &str, trades: &[String]) -> String {
	format!("{venue}/{}", trades.join(","))
}

/// Net the ledger's pending trades into a batch under `batch_ref` (default:
/// [`default_batch_ref`]).
pub fn net(ledger: &Ledger, batch_ref: Option<&str>) -> Result<Netting> {
	ledger.check()?;
	let pending: Vec<&Trade> = ledger.pending().collect();
	if pending.is_empty() {
		bail!("the ledger has no pending trades");
	}
	let mut nets: BTreeMap<(String, u32, u16), i128> = BTreeMap::new();
	let mut cash: BTreeMap<String, i128> = BTreeMap::new();
	let to_i128 = |n: u128, what: &str| i128::try_from(n).map_err(|_| anyhow!("{what} too large: {n}"));
	for trade in &pending {
		let quantity = to_i128(trade.quantity, "quantity")?;
		for (account, signed) in [(&trade.seller, -quantity), (&trade.buyer, quantity)] {
			let net = nets.entry((account.clone(), trade.token, trade.partition)).or_default();
			*net = net.checked_add(signed).ok_or_else(|| anyhow!("net position overflows"))?;
		}
		if ledger.cash.is_some() {
			let price = trade.price.ok_or_else(|| anyhow!("trade {:?} has no price (the ledger pays cash legs)", trade.id))?;
			let value = trade
				.quantity
				.checked_mul(price)
				.ok_or_else(|| anyhow!("trade {:?}: quantity × price overflows", trade.id))?;
			let value = to_i128(value, "trade value")?;
			for (account, signed) in [(&trade.seller, value), (&trade.buyer, -value)] {
				let net = cash.entry(account.clone()).or_default();
				*net = net.checked_add(signed).ok_or_else(|| anyhow!("net cash overflows"))?;
			}
		}
	}
	let mut legs = Vec::new();
	for (token, partition) in nets.keys().map(|(_, t, p)| (*t, *p)).collect::<BTreeSet<_>>() {
		let side = |sign: i128| -> Vec<(String, u128)> {
			nets.iter()
				.filter(|((_, t, p), net)| *t == token && *p == partition && net.signum() == sign)
				.map(|((account, _, _), net)| (account.clone(), net.unsigned_abs()))
				.collect()
		};
		let mut sellers = side(-1);
		let mut buyers = side(1);
		// Largest first (ties in account order): fewer, larger legs.
		sellers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
		buyers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
		let (mut s, mut b) = (0, 0);
		while s < sellers.len() && b < buyers.len() {
			let amount = sellers[s].1.min(buyers[b].1);
			legs.push(Leg {
				token,
				partition,
				from: ledger.wallet(&sellers[s].0)?,
				to: ledger.wallet(&buyers[b].0)?,
				amount,
			});
			sellers[s].1 -= amount;
			buyers[b].1 -= amount;
			if sellers[s].1 == 0 {
				s += 1;
			}
			if buyers[b].1 == 0 {
				b += 1;
			}
		}
		if s != sellers.len() || b != buyers.len() {
			bail!("netting of token {token} partition {partition} does not balance (a bug)");
		}
	}
	let mut cash_legs = Vec::new();
	if let Some(ledger_cash) = &ledger.cash {
		let payer = parse_account(&ledger_cash.payer)?;
		for (account, net) in &cash {
			if *net > 0 {
				cash_legs.push(CashLeg { asset: ledger_cash.asset, from: payer, to: ledger.wallet(account)?, amount: *net as u128 });
			}
		}
	}
	let trades: Vec<String> = pending.iter().map(|t| t.id.clone()).collect();
	if legs.is_empty() && cash_legs.is_empty() {
		bail!("the pending trades net to nothing: no leg to settle (trades {})", trades.join(", "));
	}
	let reference = match batch_ref {
		Some(reference) => reference.to_string(),
		None => default_batch_ref(&ledger.venue, &trades),
	};
	Ok(Netting { batch: Batch::new(&reference, legs, cash_legs)?, nets, cash, trades })
}

/// One line of a reconciliation: an account's position in one token/partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PositionCheck {
	pub account: String,
	pub wallet: String,
	pub token: u32,
	pub partition: u16,
	pub book: u128,
	pub chain: u128,
}

impl PositionCheck {
	/// Chain − book.
	pub fn difference(&self) -> i128 {
		self.chain as i128 - self.book as i128
	}
}

/// An investor identity's holding of a token against what the book holds for it here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityCheck {
	pub identity: Option<u64>,
	pub wallet: String,
	pub token: u32,
	/// Over all its wallets and venues (`CustodyApi_identity_holding`).
	pub holding: u128,
	/// What the book holds for it at this venue (all partitions).
	pub at_venue: u128,
}

impl IdentityCheck {
	/// Whether the chain covers the book (a wallet without an identity holds nothing).
	pub fn covered(&self) -> bool {
		(self.identity.is_some() && self.holding >= self.at_venue) || self.at_venue == 0
	}
}

/// The book against the chain.
#[derive(Clone, Debug)]
pub struct Reconciliation {
	pub positions: Vec<PositionCheck>,
	pub identities: Vec<IdentityCheck>,
}

impl Reconciliation {
	/// How many lines disagree.
	pub fn differences(&self) -> usize {
		self.positions.iter().filter(|p| p.difference() != 0).count() +
			self.identities.iter().filter(|i| !i.covered()).count()
	}

	pub fn to_json(&self) -> Json {
		json!({
			"differences": self.differences(),
			"positions": self.positions.iter().map(|p| json!({
				"account": p.account,
				"wallet": p.wallet,
				"token": p.token,
				"partition": p.partition,
				"book": p.book.to_string(),
				"chain": p.chain.to_string(),
				"difference": p.difference().to_string(),
			})).collect::<Vec<_>>(),
			"identities": self.identities.iter().map(|i| json!({
				"identity": i.identity,
				"wallet": i.wallet,
				"token": i.token,
				"holding": i.holding.to_string(),
				"at_venue": i.at_venue.to_string(),
				"covered": i.covered(),
			})).collect::<Vec<_>>(),
		})
	}

	/// A table for people.
	pub fn to_text(&self) -> String {
		let mut out = format!(
			"{:<14} {:>6} {:>4} {:>14} {:>14} {:>12}\n",
			"account", "token", "part", "book", "chain", "difference"
		);
		for p in &self.positions {
			out += &format!(
				"{:<14} {:>6} {:>4} {:>14} {:>14} {:>12}{}\n",
				p.account,
				p.token,
				p.partition,
				p.book,
				p.chain,
				p.difference(),
				if p.difference() != 0 { "  <-- differs" } else { "" }
			);
		}
		for i in &self.identities {
			let who = i.identity.map(|id| format!("identity {id}")).unwrap_or_else(|| format!("{} (no identity)", i.wallet));
			out += &format!(
				"{who}: holds {} of token {} over all venues, {} at this venue{}\n",
				i.holding,
				i.token,
				i.at_venue,
				if i.covered() { "" } else { "  <-- the chain does not cover the book" }
			);
		}
		out += &format!("{} difference(s)\n", self.differences());
		out
	}
}

/// Compare the book with the chain.
pub async fn reconcile(sto: &Sto, ledger: &Ledger) -> Result<Reconciliation> {
	ledger.check()?;
	let instruments = ledger.instruments();
	let mut positions = Vec::new();
	let mut identities: BTreeMap<(String, u32), IdentityCheck> = BTreeMap::new();
	for account in &ledger.accounts {
		let wallet = parse_account(&account.wallet)?;
		let identity = sto.identity_of(&wallet).await?;
		for (token, partition) in &instruments {
			let chain = token::balance_of(sto, *token, *partition, &wallet).await?;
			let book = ledger.position(&account.account, *token, *partition);
			positions.push(PositionCheck {
				account: account.account.clone(),
				wallet: account.wallet.clone(),
				token: *token,
				partition: *partition,
				book,
				chain,
			});
			// One line per identity (or per wallet without one) and token.
			let key = (identity.map(|id| id.to_string()).unwrap_or_else(|| account.wallet.clone()), *token);
			let entry = identities.entry(key).or_insert(IdentityCheck {
				identity,
				wallet: account.wallet.clone(),
				token: *token,
				holding: 0,
				at_venue: 0,
			});
			entry.at_venue = entry.at_venue.saturating_add(book);
		}
	}
	for check in identities.values_mut() {
		if let Some(identity) = check.identity {
			check.holding = custody::identity_holding(sto, check.token, identity).await?;
		}
	}
	Ok(Reconciliation { positions, identities: identities.into_values().collect() })
}

/// What `settle_pending` did.
#[derive(Debug)]
pub struct SettleReport {
	pub netting: Netting,
	pub settlement: Settlement,
}

impl SettleReport {
	pub fn to_json(&self) -> Json {
		json!({
			"batch": self.netting.batch.to_json(),
			"batch_ref_hash": format!("{:?}", self.netting.batch.batch_ref),
			"trades": self.netting.trades,
			"outcome": self.settlement.outcome.to_json(),
		})
	}
}

/// Settle the ledger's pending trades: the book must agree with the chain first; then the
/// trades are netted, previewed and settled in one batch (`custody::settle` checks the events
/// against the batch leg by leg); then the book is updated (positions, trades marked settled,
/// the settlement recorded). The caller writes the ledger and reconciles.
pub async fn settle_pending(
	sto: &Sto,
	signer: &Keypair,
	ledger: &mut Ledger,
	batch_ref: Option<&str>,
	wait: Wait,
	progress: &mut dyn FnMut(&Stage),
) -> Result<SettleReport> {
	let before = reconcile(sto, ledger).await?;
	if before.differences() > 0 {
		bail!(
			"the book disagrees with the chain before settling ({} difference(s)); reconcile first:\n{}",
			before.differences(),
			before.to_text()
		);
	}
	let netting = net(ledger, batch_ref)?;
	let settlement = custody::settle(sto, signer, &netting.batch, true, wait, progress).await.map_err(|e| match e {
		SettleError::NotSent { reason, .. } => anyhow!("{reason}; nothing was submitted, the book is unchanged"),
		SettleError::Refused(error) => anyhow!("settlement refused: {error}; nothing moved, the book is unchanged"),
		unexpected @ SettleError::Unexpected { .. } => anyhow!("{unexpected}; the book is unchanged: reconcile with the chain"),
	})?;
	for ((account, token, partition), net) in &netting.nets {
		let entry = ledger
			.accounts
			.iter_mut()
			.find(|a| &a.account == account)
			.ok_or_else(|| anyhow!("unknown account {account:?}"))?;
		let position = match entry.positions.iter_mut().find(|p| p.token == *token && p.partition == *partition) {
			Some(position) => position,
			None => {
				entry.positions.push(Position { token: *token, partition: *partition, quantity: 0 });
				entry.positions.last_mut().expect("just pushed; qed")
			},
		};
		let quantity = position.quantity as i128 + net;
		if quantity < 0 {
			bail!("account {account:?} would hold {quantity} of token {token} partition {partition} (the chain accepted it: reconcile)");
		}
		position.quantity = quantity as u128;
	}
	let reference = format!("{:?}", netting.batch.batch_ref);
	for trade in ledger.trades.iter_mut().filter(|t| netting.trades.contains(&t.id)) {
		trade.settled_in = Some(reference.clone());
	}
	ledger.settlements.push(SettlementRecord {
		batch_ref: reference,
		block: format!("{:?}", settlement.outcome.block),
		block_number: settlement.outcome.block_number,
		trades: netting.trades.clone(),
		legs: settlement.legs_settled,
		cash_legs: settlement.cash_legs_settled,
	});
	Ok(SettleReport { netting, settlement })
}

/// A trade from `SELLER:BUYER:QUANTITY[:PRICE]` (venue accounts), for `token`/`partition`.
pub fn parse_trade(id: &str, text: &str, token: u32, partition: u16) -> Result<Trade> {
	let parts: Vec<&str> = text.split(':').collect();
	let (seller, buyer, quantity, price) = match parts[..] {
		[seller, buyer, quantity] => (seller, buyer, quantity, None),
		[seller, buyer, quantity, price] => (seller, buyer, quantity, Some(parse_amount(price)?)),
		_ => bail!("a trade is SELLER:BUYER:QUANTITY[:PRICE], got {text:?}"),
	};
	Ok(Trade {
		id: id.to_string(),
		token,
		partition,
		seller: seller.to_string(),
		buyer: buyer.to_string(),
		quantity: parse_amount(quantity)?,
		price,
		settled_in: None,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	const WALLETS: [&str; 4] = [
		"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
		"5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
		"5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y",
		"5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy",
	];

	fn ledger(trades: &[(&str, &str, &str, u128, Option<u128>)], cash: bool) -> Ledger {
		Ledger {
			venue: "X".into(),
			cash: cash.then(|| Cash { asset: 7, payer: "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw".into() }),
			accounts: ["A", "B", "C", "D"]
				.iter()
				.zip(WALLETS)
				.map(|(name, wallet)| Account {
					account: name.to_string(),
					wallet: wallet.into(),
					positions: vec![Position { token: 1, partition: 0, quantity: 500 }],
				})
				.collect(),
			trades: trades
				.iter()
				.map(|(id, seller, buyer, quantity, price)| Trade {
					id: id.to_string(),
					token: 1,
					partition: 0,
					seller: seller.to_string(),
					buyer: buyer.to_string(),
					quantity: *quantity,
					price: *price,
					settled_in: None,
				})
				.collect(),
			settlements: vec![],
		}
	}

	fn wallet(n: usize) -> AccountId32 {
		parse_account(WALLETS[n]).unwrap()
	}

	#[test]
	fn trades_net_to_few_legs_that_balance() {
		// A sells 100 to B, C sells 50 to D, B sells 30 to C, D sells 50 back to A:
		// nets A −50, B +70, C −20, D 0.
		let book = ledger(
			&[("T1", "A", "B", 100, None), ("T2", "C", "D", 50, None), ("T3", "B", "C", 30, None), ("T4", "D", "A", 50, None)],
			false,
		);
		let netting = net(&book, None).expect("nets");
		assert_eq!(netting.nets[&("A".to_string(), 1, 0)], -50);
		assert_eq!(netting.nets[&("B".to_string(), 1, 0)], 70);
		assert_eq!(netting.nets[&("C".to_string(), 1, 0)], -20);
		assert_eq!(netting.nets[&("D".to_string(), 1, 0)], 0);
		assert_eq!(
			netting.batch.legs,
			vec![
				Leg { token: 1, partition: 0, from: wallet(0), to: wallet(1), amount: 50 },
				Leg { token: 1, partition: 0, from: wallet(2), to: wallet(1), amount: 20 },
			]
		);
		assert!(netting.batch.cash_legs.is_empty());
		assert_eq!(netting.trades, vec!["T1", "T2", "T3", "T4"]);
		assert_eq!(netting.batch.batch_ref_text, "X/T1,T2,T3,T4");
		// Every wallet only sends or only receives.
		let senders: BTreeSet<_> = netting.batch.legs.iter().map(|l| l.from).collect();
		assert!(netting.batch.legs.iter().all(|l| !senders.contains(&l.to)));
	}

	#[test]
	fn sellers_are_paid_their_net_proceeds_in_cash_legs() {
		let book = ledger(&[("T1", "A", "B", 10, Some(100)), ("T2", "B", "C", 4, Some(110))], true);
		let netting = net(&book, Some("run-1")).expect("nets");
		// A receives 1,000; B paid 1,000 and received 440 (net −560, pays in the book);
		// C paid 440.
		assert_eq!(netting.cash["A"], 1000);
		assert_eq!(netting.cash["B"], -560);
		assert_eq!(netting.batch.cash_legs.len(), 1);
		assert_eq!(netting.batch.cash_legs[0].to, wallet(0));
		assert_eq!(netting.batch.cash_legs[0].amount, 1000);
		assert_eq!(netting.batch.batch_ref_text, "run-1");
		let without_price = ledger(&[("T1", "A", "B", 10, None)], true);
		assert!(net(&without_price, None).unwrap_err().to_string().contains("has no price"));
	}

	#[test]
	fn inconsistent_books_are_refused() {
		let mut book = ledger(&[("T1", "A", "Z", 10, None)], false);
		assert!(net(&book, None).unwrap_err().to_string().contains("unknown account \"Z\""));
		book.trades[0].buyer = "A".into();
		assert!(net(&book, None).unwrap_err().to_string().contains("the seller is the buyer"));
		let mut book = ledger(&[("T1", "A", "B", 10, None), ("T1", "B", "A", 10, None)], false);
		assert!(net(&book, None).unwrap_err().to_string().contains("appears twice"));
		book.trades[1].id = "T2".into();
		assert!(net(&book, None).unwrap_err().to_string().contains("net to nothing"));
		book.trades.iter_mut().for_each(|t| t.settled_in = Some("0x00".into()));
		assert!(net(&book, None).unwrap_err().to_string().contains("no pending trades"));
		let mut book = ledger(&[], false);
		book.accounts[1].wallet = book.accounts[0].wallet.clone();
		assert!(book.check().unwrap_err().to_string().contains("belongs to two accounts"));
	}

	#[test]
	fn ledgers_round_trip_through_json_with_amounts_as_strings() {
		let book = ledger(&[("T1", "A", "B", 10, Some(100))], true);
		let text = serde_json::to_string(&book).unwrap();
		assert!(text.contains("\"quantity\":\"10\"") && text.contains("\"price\":\"100\""), "{text}");
		let again: Ledger = serde_json::from_str(&text).unwrap();
		assert_eq!(again, book);
		let numbers = text.replace("\"quantity\":\"10\"", "\"quantity\":10");
		assert_eq!(serde_json::from_str::<Ledger>(&numbers).unwrap(), book);
		let typo = text.replace("\"quantity\":\"10\"", "\"qty\":\"10\"");
		assert!(serde_json::from_str::<Ledger>(&typo).is_err());
		assert_eq!(parse_trade("T9", "A:B:5:7", 1, 0).unwrap().price, Some(7));
		assert!(parse_trade("T9", "A:B", 1, 0).is_err());
	}
}
