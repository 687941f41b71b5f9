//! State-machine property test of an offering against a reference model: random terms (one to
//! `MaxTiers` tiers, a `price_per` that makes the tiers' parts round, limits, a lock-up), then a
//! random sequence of subscriptions (investors A..F and A's second wallet A2, the never
//! verified `OUTSIDER`; valid ones and ones the pallet must refuse), withdrawals (sometimes by a
//! wrong wallet or of a subscription that is gone), time passing, closes (by the issuer early,
//! by anyone), KYC claims revoked and added again, the token paused and unpaused, manual
//! issuance against the cap, cancellations (by the seller, by governance, by an intruder),
//! settlement (drained in pages, or one page of a size from the sequence) and pull claims.
//!
//! Each call's result is the model's (the error named, or success with the model's cost and
//! fills, each tier's part rounded up in U256), and after every step every pallet's invariants
//! hold and the chain agrees with the model: the offering record, every account's cash (free
//! and held) and token units, the token's supply (`issued` plus the manual issuance) and
//! reservation, and conservation of cash (the proceeds and the investors' cash, free and held,
//! add up to what they had at genesis). A settlement refunds exactly the subscribers whose KYC
//! claim is gone (reason `Refused(ReceiverNotVerified)`) and allocates to everyone else; a
//! paused token makes it wait. A failed or cancelled offering ends with nothing issued,
//! nothing held and no cash at the proceeds. Finally the offering is closed, drained and
//! cleared: nothing stays held.
//!
//! **Paging does not matter**: each case runs twice, with two different lists of settlement
//! pages (sizes; before a page, sometimes the token paused and a settle that must wait, or the
//! next subscription claimed by its subscriber instead), and the two runs end in the same
//! storage of every pallet (balances and holds, cash, the token, the registry, the offering)
//! and the same set of the offering's events.

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{
		assert_ok,
		traits::{fungible::InspectHold as _, Get},
	},
	sp_core::U256,
	sp_io,
	sp_runtime::{DispatchError, StateVersion},
};
use codec::Encode;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use sto_primitives::{
	identity::{ClaimScope, ClaimStatus, ClaimTopic},
	refusal::Refusal,
};

/// The wallets that subscribe: A..F, A's second wallet, and the never verified outsider.
const WALLETS: [u64; 8] = [A, B, C, D, E, F, A2, OUTSIDER];
/// Who settles (anyone may).
const SETTLER: u64 = E;
/// The token's supply cap (`garage()`).
const CAP: TokenBalance = 1_800;
/// Every account that holds cash at genesis.
const CASH_HOLDERS: [u64; 8] = [A, B, C, D, E, F, A2, OUTSIDER];

#[derive(Clone, Debug)]
struct Terms {
	/// (size, price).
	tiers: Vec<(TokenBalance, CashBalance)>,
	price_per: TokenBalance,
	/// Half-hours after genesis the offering starts.
	start_in: u64,
	min_raise: CashBalance,
	max_raise: CashBalance,
	min_ticket: TokenBalance,
	max_per_identity: TokenBalance,
	/// Hours after the end the lock-up is released.
	lockup: Option<u64>,
}

#[derive(Clone, Debug)]
enum MaxCost {
	Unlimited,
	/// The model's cost exactly.
	Exact,
	/// One below the model's cost.
	Short,
}

#[derive(Clone, Debug)]
enum Op {
	Subscribe { wallet: usize, tokens: TokenBalance, max_cost: MaxCost },
	/// The `pick`-th subscription id (possibly gone or never made), by its wallet or not.
	Withdraw { pick: u32, wrong: bool },
	/// Half-hours.
	Advance(u64),
	Close { by_issuer: bool },
	/// Revoke the investor's KYC claim, or add it again when it is gone.
	ToggleKyc(usize),
	TogglePause,
	/// Manual issuance of `amount` to an investor.
	Issue { investor: usize, amount: TokenBalance },
	/// 0: the seller, 1: governance, else an intruder.
	Cancel(u8),
	/// Settle until nothing is pending, in the run's pages.
	Drain,
	/// One `settle` of this size (0 and above `MaxSettlePerCall` are refused).
	SettlePage(u32),
	/// `claim_allocation` (`allocation`) or `claim_refund` of the `pick`-th subscription, by a
	/// wallet of its identity (`other_wallet`: A2 for A and A for A2) or by a stranger.
	Claim { pick: u32, allocation: bool, stranger: bool, other_wallet: bool },
}

/// Before a page of a drain.
#[derive(Clone, Debug)]
struct Page {
	size: u32,
	/// Pause the token and see a settle (and a claim) wait, then unpause.
	pause_first: bool,
	/// The next pending subscription is claimed by its subscriber first.
	claim_first: bool,
}

#[derive(Clone, Debug)]
struct Case {
	terms: Terms,
	ops: Vec<Op>,
	pages: Vec<Page>,
	/// The second run's pages (one big page when empty).
	other_pages: Vec<Page>,
}

fn terms() -> impl Strategy<Value = Terms> {
	(
		prop::collection::vec((20u128..200, 1u128..60), 1..=4),
		1u128..8,
		prop_oneof![3 => Just(0u64), 1 => Just(1u64)],
		0u128..2_000,
		1_000u128..20_000,
		0u128..8,
		40u128..300,
		prop::option::of(1u64..20),
	)
		.prop_map(|(tiers, price_per, start_in, min_raise, max_raise, min_ticket, max_per_identity, lockup)| Terms {
			tiers,
			price_per,
			start_in,
			min_raise,
			max_raise: max_raise.max(min_raise),
			min_ticket,
			max_per_identity,
			lockup,
		})
}

fn subscribe() -> impl Strategy<Value = Op> {
	let max_cost = prop_oneof![6 => Just(MaxCost::Unlimited), 2 => Just(MaxCost::Exact), 1 => Just(MaxCost::Short)];
	let tokens = prop_oneof![1 => 0u128..10, 4 => 1u128..90];
	(0usize..WALLETS.len(), tokens, max_cost).prop_map(|(wallet, tokens, max_cost)| Op::Subscribe { wallet, tokens, max_cost })
}

fn claim() -> impl Strategy<Value = Op> {
	(0u32..12, any::<bool>(), prop::bool::weighted(0.2), any::<bool>())
		.prop_map(|(pick, allocation, stranger, other_wallet)| Op::Claim { pick, allocation, stranger, other_wallet })
}

/// While the offering is open, mostly: subscriptions, withdrawals, time, KYC, pauses and
/// manual issuance (claims and settlement are refused then).
fn open_op() -> impl Strategy<Value = Op> {
	prop_oneof![
		12 => subscribe(),
		2 => (0u32..12, prop::bool::weighted(0.3)).prop_map(|(pick, wrong)| Op::Withdraw { pick, wrong }),
		2 => (0u64..4).prop_map(Op::Advance),
		2 => (0usize..INVESTORS.len()).prop_map(Op::ToggleKyc),
		1 => Just(Op::TogglePause),
		1 => (0usize..INVESTORS.len(), 1u128..400).prop_map(|(investor, amount)| Op::Issue { investor, amount }),
		1 => claim(),
		1 => Just(Op::Drain),
	]
}

/// Anything.
fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		6 => subscribe(),
		2 => (0u32..12, prop::bool::weighted(0.3)).prop_map(|(pick, wrong)| Op::Withdraw { pick, wrong }),
		3 => (0u64..10).prop_map(Op::Advance),
		2 => any::<bool>().prop_map(|by_issuer| Op::Close { by_issuer }),
		3 => (0usize..INVESTORS.len()).prop_map(Op::ToggleKyc),
		1 => Just(Op::TogglePause),
		1 => (0usize..INVESTORS.len(), 1u128..400).prop_map(|(investor, amount)| Op::Issue { investor, amount }),
		1 => (0u8..4).prop_map(Op::Cancel),
		2 => Just(Op::Drain),
		1 => (0u32..18).prop_map(Op::SettlePage),
		3 => claim(),
	]
}

fn pages() -> impl Strategy<Value = Vec<Page>> {
	prop::collection::vec(
		(1u32..=16, prop::bool::weighted(0.15), prop::bool::weighted(0.15))
			.prop_map(|(size, pause_first, claim_first)| Page { size, pause_first, claim_first }),
		1..6,
	)
}

fn case() -> impl Strategy<Value = Case> {
	(
		terms(),
		prop::collection::vec(open_op(), 0..30),
		prop::collection::vec(op(), 1..40),
		pages(),
		prop_oneof![Just(Vec::new()), pages()],
	)
		.prop_map(|(terms, mut ops, then, pages, other_pages)| {
			ops.extend(then);
			Case { terms, ops, pages, other_pages }
		})
}

/// ⌈a × b / c⌉ in U256 (the model's own arithmetic).
fn ceil(a: u128, b: u128, c: u128) -> u128 {
	let product = U256::from(a) * U256::from(b);
	((product + U256::from(c) - U256::from(1u8)) / U256::from(c)).as_u128()
}

#[derive(Clone, Debug)]
struct Sub {
	wallet: u64,
	identity: IdentityId,
	tokens: TokenBalance,
	cost: CashBalance,
	fills: Vec<TokenBalance>,
}

/// What the model expects of the chain.
struct Model {
	terms: TermsOf<Test>,
	status: OfferingStatus,
	filled: Vec<TokenBalance>,
	sold: TokenBalance,
	raised: CashBalance,
	subs: BTreeMap<SubscriptionId, Sub>,
	next_subscription: SubscriptionId,
	totals: BTreeMap<IdentityId, TokenBalance>,
	issued: TokenBalance,
	settled: CashBalance,
	refunded_tokens: TokenBalance,
	refunded: CashBalance,
	/// Identities whose KYC claim was revoked (and not added again).
	revoked: BTreeSet<IdentityId>,
	paused: bool,
	manual: TokenBalance,
	/// (free, held) cash per account.
	cash: BTreeMap<u64, (CashBalance, CashBalance)>,
	units: BTreeMap<u64, TokenBalance>,
	proceeds: CashBalance,
}

impl Model {
	fn new(terms: TermsOf<Test>) -> Self {
		let filled = vec![0; terms.tiers.len()];
		Model {
			terms,
			status: OfferingStatus::Open,
			filled,
			sold: 0,
			raised: 0,
			subs: BTreeMap::new(),
			next_subscription: 0,
			totals: BTreeMap::new(),
			issued: 0,
			settled: 0,
			refunded_tokens: 0,
			refunded: 0,
			revoked: BTreeSet::new(),
			paused: false,
			manual: 0,
			cash: CASH_HOLDERS.iter().map(|account| (*account, (CASH, 0))).collect(),
			units: BTreeMap::new(),
			proceeds: 0,
		}
	}

	fn size(&self) -> TokenBalance {
		self.terms.tiers.iter().map(|tier| tier.size).sum()
	}

	fn pending_tokens(&self) -> TokenBalance {
		self.subs.values().map(|sub| sub.tokens).sum()
	}

	/// What the offering holds of the token's reservation.
	fn reserved(&self) -> TokenBalance {
		match self.status {
			OfferingStatus::Open => self.size(),
			OfferingStatus::Succeeded => self.pending_tokens(),
			_ => 0,
		}
	}

	fn verified(&self, wallet: u64) -> bool {
		wallet != OUTSIDER && !self.revoked.contains(&identity(wallet))
	}

	/// The result of `subscribe`, and on success (cost, fills without trailing zeros).
	fn subscribe(&self, wallet: u64, tokens: TokenBalance, max_cost: CashBalance) -> Result<(CashBalance, Vec<TokenBalance>), DispatchError> {
		self.subscribe_checks(wallet, tokens, max_cost).map_err(DispatchError::from)
	}

	fn subscribe_checks(&self, wallet: u64, tokens: TokenBalance, max_cost: CashBalance) -> Result<(CashBalance, Vec<TokenBalance>), Error<Test>> {
		let now = Now::get();
		if self.status != OfferingStatus::Open {
			return Err(Error::NotOpen);
		}
		if now < self.terms.start {
			return Err(Error::NotStarted);
		}
		if now >= self.terms.end {
			return Err(Error::Ended);
		}
		if tokens == 0 || tokens < self.terms.min_ticket {
			return Err(Error::BelowMinimumTicket);
		}
		let who = identity(wallet);
		if self.totals.get(&who).copied().unwrap_or(0) + tokens > self.terms.max_per_identity {
			return Err(Error::AboveIdentityMaximum);
		}
		let (mut left, mut cost, mut fills) = (tokens, 0u128, Vec::new());
		for (tier, filled) in self.terms.tiers.iter().zip(&self.filled) {
			let take = (tier.size - filled).min(left);
			cost += ceil(take, tier.price, self.terms.price_per);
			fills.push(take);
			left -= take;
		}
		if left > 0 {
			return Err(Error::NotEnoughLeft);
		}
		while fills.last() == Some(&0) {
			fills.pop();
		}
		if cost > max_cost {
			return Err(Error::AboveMaximumCost);
		}
		if self.raised + cost > self.terms.max_raise {
			return Err(Error::AboveMaximumRaise);
		}
		if self.paused {
			return Err(Error::TokenRefused(Refusal::of(TransferFailure::Paused)));
		}
		if !self.verified(wallet) {
			return Err(Error::TokenRefused(Refusal::of(TransferFailure::ReceiverNotVerified(ClaimStatus::Missing))));
		}
		if self.cash[&wallet].0 < cost {
			return Err(Error::InsufficientCash);
		}
		Ok((cost, fills))
	}

	/// How a pending subscription settles now (the offering closed or cancelled, the token not
	/// paused if it succeeded): `None` allocated, else the refund's reason.
	fn outcome(&self, sub: &Sub) -> Option<RefundReason> {
		match self.status {
			OfferingStatus::Failed => Some(RefundReason::OfferingFailed),
			OfferingStatus::Cancelled => Some(RefundReason::OfferingCancelled),
			_ if !self.verified(sub.wallet) =>
				Some(RefundReason::Refused(TransferFailure::ReceiverNotVerified(ClaimStatus::Missing))),
			_ => None,
		}
	}

	/// Settle or refund a pending subscription; the event it emits.
	fn process(&mut self, id: OfferingId, subscription: SubscriptionId) -> Event<Test> {
		let sub = self.subs.remove(&subscription).expect("pending in the model");
		self.untotal(&sub);
		let outcome = self.outcome(&sub);
		let cash = self.cash.get_mut(&sub.wallet).expect("cash holder");
		cash.1 -= sub.cost;
		match outcome {
			None => {
				self.proceeds += sub.cost;
				*self.units.entry(sub.wallet).or_default() += sub.tokens;
				self.issued += sub.tokens;
				self.settled += sub.cost;
				Event::Allocated { offering: id, subscription, subscriber: sub.wallet, tokens: sub.tokens, cost: sub.cost }
			},
			Some(reason) => {
				cash.0 += sub.cost;
				self.refunded_tokens += sub.tokens;
				self.refunded += sub.cost;
				Event::Refunded { offering: id, subscription, subscriber: sub.wallet, tokens: sub.tokens, cost: sub.cost, reason }
			},
		}
	}

	fn untotal(&mut self, sub: &Sub) {
		let total = self.totals.get_mut(&sub.identity).expect("identity total");
		*total -= sub.tokens;
		if *total == 0 {
			self.totals.remove(&sub.identity);
		}
	}
}

/// The Allocated and Refunded events from the `from`-th offering event on, encoded and sorted.
fn settlements_since(from: usize) -> Vec<Vec<u8>> {
	let mut found: Vec<Vec<u8>> = events()[from..]
		.iter()
		.filter(|event| matches!(event, Event::Allocated { .. } | Event::Refunded { .. }))
		.map(|event| event.encode())
		.collect();
	found.sort();
	found
}

fn sorted(events: &[Event<Test>]) -> Vec<Vec<u8>> {
	let mut encoded: Vec<Vec<u8>> = events.iter().map(|event| event.encode()).collect();
	encoded.sort();
	encoded
}

fn res_post(result: polkadot_sdk::frame_support::dispatch::DispatchResultWithPostInfo) -> Result<(), DispatchError> {
	result.map(|_| ()).map_err(|error| error.error)
}

fn err(error: Error<Test>) -> Result<(), DispatchError> {
	Err(error.into())
}

/// Every key and value under a storage prefix.
fn storage_under(prefix: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
	let mut found = Vec::new();
	let mut key = prefix.to_vec();
	while let Some(next) = sp_io::storage::next_key(&key) {
		if !next.starts_with(prefix) {
			break;
		}
		let value = sp_io::storage::get(&next).expect("a key has a value").to_vec();
		found.push((next.clone(), value));
		key = next;
	}
	found
}

/// The state two runs of a case must end in.
#[derive(Debug, PartialEq)]
struct Outcome {
	/// (account, free cash, held cash, units).
	accounts: Vec<(u64, CashBalance, CashBalance, TokenBalance)>,
	proceeds: CashBalance,
	/// The offering's record before it was cleared.
	record: OfferingOf<Test>,
	/// The offering's events, encoded and sorted.
	events: Vec<Vec<u8>>,
	/// Every pallet's storage (System's accounts; the others whole).
	storage: Vec<(Vec<u8>, Vec<u8>)>,
}

struct Run {
	pages: Vec<Page>,
	next_page: usize,
	token: TokenId,
	id: OfferingId,
	model: Model,
}

impl Run {
	fn page(&mut self) -> Page {
		if self.pages.is_empty() {
			return Page { size: <Test as Config>::MaxSettlePerCall::get(), pause_first: false, claim_first: false };
		}
		let page = self.pages[self.next_page % self.pages.len()].clone();
		self.next_page += 1;
		page
	}

	fn supply(&self) -> TokenBalance {
		pallet_security_token::Tokens::<Test>::get(self.token).expect("token").total_supply
	}

	/// Every pallet's invariants, and the chain agrees with the model.
	fn check(&self) -> Result<(), TestCaseError> {
		check_invariants();
		let m = &self.model;
		let record = offering(self.id);
		prop_assert_eq!(record.status, m.status);
		prop_assert_eq!(record.filled.clone().into_inner(), m.filled.clone());
		prop_assert_eq!((record.sold, record.raised, record.pending), (m.sold, m.raised, m.subs.len() as u32));
		prop_assert_eq!(record.next_subscription, m.next_subscription);
		prop_assert_eq!(
			(record.issued, record.settled, record.refunded_tokens, record.refunded),
			(m.issued, m.settled, m.refunded_tokens, m.refunded)
		);
		prop_assert_eq!(record.reserved, m.reserved());
		prop_assert_eq!(Token::reserved(self.token), m.reserved());
		let pending: Vec<SubscriptionId> = Subscriptions::<Test>::iter_key_prefix(self.id).collect::<BTreeSet<_>>().into_iter().collect();
		prop_assert_eq!(pending, m.subs.keys().copied().collect::<Vec<_>>());
		for (subscription, sub) in &m.subs {
			let stored = Subscriptions::<Test>::get(self.id, subscription).expect("pending");
			prop_assert_eq!(
				(stored.subscriber, stored.identity, stored.tokens, stored.cost, stored.fills.into_inner()),
				(sub.wallet, sub.identity, sub.tokens, sub.cost, sub.fills.clone())
			);
		}
		prop_assert_eq!(IdentityTotals::<Test>::iter_prefix(self.id).collect::<BTreeMap<_, _>>(), m.totals.clone());
		for (account, (free, on_hold)) in &m.cash {
			prop_assert_eq!((cash(*account), held(*account)), (*free, *on_hold), "cash of {}", account);
			let deposits = m.subs.values().filter(|sub| sub.wallet == *account).count() as u64;
			prop_assert_eq!(
				Balances::balance_on_hold(&RuntimeHoldReason::Offer(HoldReason::SubscriptionDeposit), account),
				deposits * SUBSCRIPTION_DEPOSIT
			);
		}
		for account in WALLETS {
			prop_assert_eq!(units(self.token, account), m.units.get(&account).copied().unwrap_or(0), "units of {}", account);
		}
		prop_assert_eq!(cash(PROCEEDS), m.proceeds);
		// Conservation: the cash only moves between the investors and the proceeds.
		let investors: CashBalance = CASH_HOLDERS.iter().map(|account| cash(*account) + held(*account)).sum();
		prop_assert_eq!(investors + cash(PROCEEDS), CASH * CASH_HOLDERS.len() as u128);
		// The supply is what the offering issued and what was issued by hand.
		prop_assert_eq!(self.supply(), record.issued + m.manual);
		prop_assert!(self.supply() + Token::reserved(self.token) <= CAP);
		if matches!(m.status, OfferingStatus::Failed | OfferingStatus::Cancelled) {
			prop_assert_eq!((record.issued, record.settled, cash(PROCEEDS)), (0, 0, 0));
		}
		Ok(())
	}

	/// The `pick`-th subscription id: of the ever made ones and a few beyond.
	fn pick(&self, pick: u32) -> SubscriptionId {
		pick % (self.model.next_subscription + 2)
	}

	fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
		let id = self.id;
		match op.clone() {
			Op::Subscribe { wallet, tokens, max_cost } => {
				let wallet = WALLETS[wallet];
				let quote = self.model.subscribe(wallet, tokens, CashBalance::MAX).map(|(cost, _)| cost).unwrap_or(0);
				let max_cost = match max_cost {
					MaxCost::Unlimited => CashBalance::MAX,
					MaxCost::Exact => quote,
					MaxCost::Short => quote.saturating_sub(1),
				};
				let expected = self.model.subscribe(wallet, tokens, max_cost);
				// The view names what the call would do (without a cost limit).
				prop_assert_eq!(
					Offer::can_subscribe(id, wallet, tokens).map(|quote| (quote.cost, quote.fills)).map_err(|refusal| DispatchError::from(Error::<Test>::from(refusal))),
					self.model.subscribe(wallet, tokens, CashBalance::MAX)
				);
				let before = events().len();
				let result = Offer::subscribe(RuntimeOrigin::signed(wallet), id, tokens, max_cost);
				prop_assert_eq!(result, expected.clone().map(|_| ()), "subscribe {} {}", wallet, tokens);
				if let Ok((cost, fills)) = expected {
					let m = &mut self.model;
					let subscription = m.next_subscription;
					m.next_subscription += 1;
					for (filled, take) in m.filled.iter_mut().zip(&fills) {
						*filled += take;
					}
					m.sold += tokens;
					m.raised += cost;
					let who = identity(wallet);
					*m.totals.entry(who).or_default() += tokens;
					let cash = m.cash.get_mut(&wallet).expect("cash holder");
					cash.0 -= cost;
					cash.1 += cost;
					m.subs.insert(subscription, Sub { wallet, identity: who, tokens, cost, fills: fills.clone() });
					prop_assert_eq!(
						events()[before..].to_vec(),
						vec![Event::Subscribed {
							offering: id,
							subscription,
							subscriber: wallet,
							identity: who,
							tokens,
							cost,
							fills: sto_test_support::bounded(&fills),
						}]
					);
				}
			},
			Op::Withdraw { pick, wrong } => {
				let subscription = self.pick(pick);
				let sub = self.model.subs.get(&subscription).cloned();
				let wallet = match &sub {
					Some(sub) if wrong => if sub.wallet == A { A2 } else { A },
					Some(sub) => sub.wallet,
					None => A,
				};
				let m = &self.model;
				let expected = match &sub {
					None => err(Error::UnknownSubscription),
					Some(sub) if sub.wallet != wallet => err(Error::NotSubscriber),
					Some(_) if m.status != OfferingStatus::Open => err(Error::NotOpen),
					Some(_) if Now::get() >= m.terms.end => err(Error::Ended),
					Some(_) => Ok(()),
				};
				prop_assert_eq!(Offer::withdraw(RuntimeOrigin::signed(wallet), id, subscription), expected.clone());
				if let (Ok(()), Some(sub)) = (expected, sub) {
					let m = &mut self.model;
					m.subs.remove(&subscription);
					m.untotal(&sub);
					for (filled, take) in m.filled.iter_mut().zip(&sub.fills) {
						*filled -= take;
					}
					m.sold -= sub.tokens;
					m.raised -= sub.cost;
					let cash = m.cash.get_mut(&sub.wallet).expect("cash holder");
					cash.0 += sub.cost;
					cash.1 -= sub.cost;
				}
			},
			Op::Advance(half_hours) => Now::set(Now::get() + half_hours * HOUR / 2),
			Op::Close { by_issuer } => {
				let m = &self.model;
				let met = m.raised >= m.terms.min_raise;
				let expected = if m.status != OfferingStatus::Open {
					err(Error::NotOpen)
				} else if Now::get() < m.terms.end && !(by_issuer && met) {
					err(Error::TooEarly)
				} else {
					Ok(())
				};
				let who = if by_issuer { ISSUER } else { D };
				prop_assert_eq!(Offer::close(RuntimeOrigin::signed(who), id), expected.clone());
				if expected.is_ok() {
					self.model.status = if met { OfferingStatus::Succeeded } else { OfferingStatus::Failed };
				}
			},
			Op::ToggleKyc(investor) => {
				let account = INVESTORS[investor];
				let who = identity(account);
				if self.model.revoked.remove(&who) {
					claim_by(KYC_WALLET, account, ClaimTopic::Kyc, None);
				} else {
					assert_ok!(Identity::revoke_claim(
						RuntimeOrigin::signed(KYC_WALLET),
						who,
						ClaimTopic::Kyc,
						ClaimScope::Global,
						identity(KYC_WALLET)
					));
					self.model.revoked.insert(who);
				}
			},
			Op::TogglePause => self.set_paused(!self.model.paused),
			Op::Issue { investor, amount } => {
				let account = INVESTORS[investor];
				let fits = self.supply() + Token::reserved(self.token) + amount <= CAP;
				let expected = fits && !self.model.paused && self.model.verified(account);
				let result = Token::issue(RuntimeOrigin::signed(ISSUER), self.token, 0, account, amount, None);
				prop_assert_eq!(result.is_ok(), expected, "manual issuance {:?}", result);
				if expected {
					self.model.manual += amount;
					*self.model.units.entry(account).or_default() += amount;
				}
			},
			Op::Cancel(by) => {
				let m = &self.model;
				let open = m.status == OfferingStatus::Open;
				let (origin, expected) = match by {
					0 => (RuntimeOrigin::signed(ISSUER), if open { Ok(()) } else { err(Error::CannotCancel) }),
					1 => (
						RuntimeOrigin::root(),
						if open ||
							(m.status == OfferingStatus::Succeeded && m.issued == 0 && m.refunded_tokens == 0)
						{
							Ok(())
						} else {
							err(Error::CannotCancel)
						},
					),
					_ => (RuntimeOrigin::signed(C), err(Error::NotAuthorized)),
				};
				prop_assert_eq!(Offer::cancel(origin, id), expected.clone());
				if expected.is_ok() {
					self.model.status = OfferingStatus::Cancelled;
				}
			},
			Op::Drain => self.drain()?,
			Op::SettlePage(size) => {
				let max = <Test as Config>::MaxSettlePerCall::get();
				let m = &self.model;
				let expected = if size == 0 || size > max {
					err(Error::BadPageSize)
				} else if m.status == OfferingStatus::Open {
					err(Error::StillOpen)
				} else if m.subs.is_empty() {
					err(Error::NothingPending)
				} else if m.status == OfferingStatus::Succeeded && m.paused {
					err(Error::TokenRefused(Refusal::Paused))
				} else {
					Ok(())
				};
				let page: Vec<SubscriptionId> =
					Subscriptions::<Test>::iter_key_prefix(id).take(size as usize).collect();
				let before = events().len();
				prop_assert_eq!(res_post(Offer::settle(RuntimeOrigin::signed(SETTLER), id, size)), expected.clone());
				if expected.is_ok() {
					let events: Vec<Event<Test>> = page.into_iter().map(|subscription| self.model.process(id, subscription)).collect();
					prop_assert_eq!(settlements_since(before), sorted(&events));
				}
			},
			Op::Claim { pick, allocation, stranger, other_wallet } => {
				let subscription = self.pick(pick);
				let sub = self.model.subs.get(&subscription).cloned();
				let wallet = match &sub {
					Some(_) if stranger => OUTSIDER,
					Some(sub) if other_wallet && sub.wallet == A => A2,
					Some(sub) if other_wallet && sub.wallet == A2 => A,
					Some(sub) => sub.wallet,
					None => B,
				};
				let m = &self.model;
				let expected = match &sub {
					None => err(Error::UnknownSubscription),
					Some(sub) if identity(wallet) != sub.identity => err(Error::NotSubscriber),
					Some(_) if m.status == OfferingStatus::Open => err(Error::StillOpen),
					Some(_) if (m.status == OfferingStatus::Succeeded) != allocation => err(Error::WrongOutcome),
					Some(_) if m.status == OfferingStatus::Succeeded && m.paused => err(Error::TokenRefused(Refusal::Paused)),
					Some(_) => Ok(()),
				};
				let before = events().len();
				let result = if allocation {
					Offer::claim_allocation(RuntimeOrigin::signed(wallet), id, subscription)
				} else {
					Offer::claim_refund(RuntimeOrigin::signed(wallet), id, subscription)
				};
				prop_assert_eq!(res_post(result), expected.clone());
				if expected.is_ok() {
					let event = self.model.process(id, subscription);
					prop_assert_eq!(settlements_since(before), sorted(&[event]));
				}
			},
		}
		Ok(())
	}

	fn set_paused(&mut self, paused: bool) {
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), self.token, paused));
		self.model.paused = paused;
	}

	/// Settle until nothing is pending, in the run's pages: each page settles the next `size`
	/// pending subscriptions (storage order), each as the model says.
	fn drain(&mut self) -> Result<(), TestCaseError> {
		let id = self.id;
		let m = &self.model;
		let stuck = if m.status == OfferingStatus::Open {
			Some(Error::StillOpen)
		} else if m.subs.is_empty() {
			Some(Error::NothingPending)
		} else if m.status == OfferingStatus::Succeeded && m.paused {
			Some(Error::TokenRefused(Refusal::Paused))
		} else {
			None
		};
		if let Some(error) = stuck {
			let size = self.page().size;
			prop_assert_eq!(res_post(Offer::settle(RuntimeOrigin::signed(SETTLER), id, size)), err(error));
			return Ok(());
		}
		let mut calls = 0;
		while !self.model.subs.is_empty() {
			calls += 1;
			prop_assert!(calls <= 1_000, "settlement makes no progress");
			let page = self.page();
			let succeeded = self.model.status == OfferingStatus::Succeeded;
			if page.pause_first && succeeded {
				// A token-wide refusal: settlement waits, nothing changes.
				self.set_paused(true);
				let root = sp_io::storage::root(StateVersion::V1);
				prop_assert_eq!(
					res_post(Offer::settle(RuntimeOrigin::signed(SETTLER), id, page.size)),
					err(Error::TokenRefused(Refusal::Paused))
				);
				prop_assert_eq!(root, sp_io::storage::root(StateVersion::V1));
				self.set_paused(false);
			}
			if page.claim_first {
				let (subscription, sub) = {
					let (subscription, record) = Subscriptions::<Test>::iter_prefix(id).next().expect("pending");
					(subscription, record)
				};
				let before = events().len();
				let origin = RuntimeOrigin::signed(sub.subscriber);
				let result = if succeeded {
					Offer::claim_allocation(origin, id, subscription)
				} else {
					Offer::claim_refund(origin, id, subscription)
				};
				prop_assert_eq!(res_post(result), Ok(()));
				let event = self.model.process(id, subscription);
				prop_assert_eq!(settlements_since(before), sorted(&[event]));
				check_invariants();
				if self.model.subs.is_empty() {
					break;
				}
			}
			let ids: Vec<SubscriptionId> = Subscriptions::<Test>::iter_key_prefix(id).take(page.size as usize).collect();
			let before = events().len();
			prop_assert_eq!(res_post(Offer::settle(RuntimeOrigin::signed(SETTLER), id, page.size)), Ok(()));
			let events: Vec<Event<Test>> = ids.into_iter().map(|subscription| self.model.process(id, subscription)).collect();
			prop_assert_eq!(settlements_since(before), sorted(&events));
			check_invariants();
		}
		let record = offering(id);
		let finished = Event::OfferingFinished {
			offering: id,
			status: record.status,
			issued: record.issued,
			settled: record.settled,
			refunded: record.refunded,
		};
		let emitted = events().contains(&finished);
		prop_assert!(emitted, "no OfferingFinished");
		Ok(())
	}
}

fn offering_terms(token: TokenId, terms: &Terms) -> TermsOf<Test> {
	let start = START + terms.start_in * HOUR / 2;
	let end = start + 12 * HOUR;
	OfferingTerms {
		token,
		partition: 0,
		cash: USD,
		proceeds: PROCEEDS,
		tiers: sto_test_support::bounded(
			&terms.tiers.iter().map(|(size, price)| Tier { size: *size, price: *price }).collect::<Vec<_>>(),
		),
		price_per: terms.price_per,
		start,
		end,
		min_raise: terms.min_raise,
		max_raise: terms.max_raise,
		min_ticket: terms.min_ticket,
		max_per_identity: terms.max_per_identity,
		lockup_until: terms.lockup.map(|hours| end + hours * HOUR),
	}
}

/// One run of `case`, settling in `pages`; the state it ends in.
fn run(case: &Case, pages: &[Page]) -> Result<Outcome, TestCaseError> {
	// The genesis records the clock (the test thread's, left by the last run).
	Now::set(START);
	new_test_ext().execute_with(|| {
		let token = garage();
		let terms = offering_terms(token, &case.terms);
		let id = create(terms.clone());
		let mut run = Run { pages: pages.to_vec(), next_page: 0, token, id, model: Model::new(terms) };
		run.check()?;
		for op in &case.ops {
			run.step(op)?;
			run.check()?;
		}
		// The end: the token unpaused, the offering closed (after its end) and drained.
		if run.model.paused {
			run.set_paused(false);
		}
		if run.model.status == OfferingStatus::Open {
			Now::set(Now::get().max(run.model.terms.end));
			run.step(&Op::Close { by_issuer: false })?;
		}
		if !run.model.subs.is_empty() {
			run.drain()?;
		}
		run.check()?;
		let record = offering(id);
		prop_assert_eq!(record.pending, 0);
		prop_assert_eq!(Token::reserved(token), 0);
		for account in CASH_HOLDERS {
			prop_assert_eq!(held(account), 0);
			prop_assert_eq!(Balances::balance_on_hold(&RuntimeHoldReason::Offer(HoldReason::SubscriptionDeposit), &account), 0);
		}
		if matches!(record.status, OfferingStatus::Failed | OfferingStatus::Cancelled) {
			// Nothing issued, nothing held, no cash to the proceeds: everyone has their cash.
			prop_assert_eq!(run.supply(), run.model.manual);
			prop_assert_eq!(cash(PROCEEDS), 0);
			for account in CASH_HOLDERS {
				prop_assert_eq!(cash(account), CASH);
			}
		}
		assert_ok!(Offer::clear_offering(RuntimeOrigin::signed(ISSUER), id));
		prop_assert_eq!(Balances::balance_on_hold(&RuntimeHoldReason::Offer(HoldReason::Offering), &ISSUER), 0);
		check_invariants();

		let accounts = CASH_HOLDERS
			.iter()
			.map(|account| (*account, cash(*account), held(*account), units(token, *account)))
			.collect();
		let mut storage = storage_under(&polkadot_sdk::frame_support::storage::storage_prefix(b"System", b"Account"));
		for pallet in ["Balances", "Identity", "Token", "Compliance", "Offer", "Assets", "AssetsHolder"] {
			storage.extend(storage_under(&sp_io::hashing::twox_128(pallet.as_bytes())));
		}
		Ok(Outcome { accounts, proceeds: cash(PROCEEDS), record, events: sorted(&events()), storage })
	})
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn check_case(case: Case) -> Result<(), TestCaseError> {
	let first = run(&case, &case.pages)?;
	let second = run(&case, &case.other_pages)?;
	prop_assert_eq!(&first.accounts, &second.accounts, "paging changed the balances");
	prop_assert_eq!(first.proceeds, second.proceeds);
	prop_assert_eq!(&first.record, &second.record, "paging changed the offering");
	prop_assert!(first.events == second.events, "paging changed the offering's events");
	let differ: Vec<String> = first
		.storage
		.iter()
		.filter(|entry| !second.storage.contains(entry))
		.chain(second.storage.iter().filter(|entry| !first.storage.contains(entry)))
		.map(|(key, value)| format!("{} = {}", hex(key), hex(value)))
		.collect();
	prop_assert!(differ.is_empty(), "paging changed the storage: {:#?}", differ);
	Ok(())
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

	#[test]
	fn an_offering_follows_the_model_whatever_the_paging(case in case()) {
		check_case(case)?;
	}
}
