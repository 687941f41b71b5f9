//! Property test: random sequences of settlement batches (token legs between investors under
//! random mandate caps, one mandate expiring, cash legs from the custodian's two wallets, some
//! batch references reused) and clock moves, checked against a model written here from the
//! rules (plain maps, applied leg by leg). For every step:
//! - the real call succeeds exactly when the model settles the whole batch, and otherwise
//!   names the same first failing leg and reason;
//! - a batch applies fully or not at all: every balance, cash balance and mandate consumption
//!   equals the model's (unchanged after a refusal);
//! - no mandate's consumption exceeds its cap, and every pallet's invariants hold.

use crate::{mock::*, *};
use pallet_compliance::{Rule, RuleKind};
use polkadot_sdk::{frame_support::assert_ok, sp_core::H256, sp_runtime::DispatchError};
use proptest::prelude::*;
use std::collections::{BTreeMap, VecDeque};

/// Investors the custodian holds mandates of (A2 is A's second wallet).
const SENDERS: [u64; 4] = [A, B, C, A2];
/// Receivers: the investors and D (no mandate).
const RECEIVERS: [u64; 5] = [A, B, C, A2, D];
/// The custodian's two wallets paying cash (X2 holds little).
const PAYERS: [u64; 2] = [X, X2];
/// The token's compliance rule: no identity above this balance.
const MAX_BALANCE: TokenBalance = 550;
/// B's mandate expires this long after the start.
const B_EXPIRY_HOURS: u64 = 2;

#[derive(Clone, Debug)]
enum Step {
	Batch {
		legs: Vec<(usize, usize, TokenBalance)>,
		cash: Vec<(usize, usize, u128)>,
		/// Reuse the reference of the batch this many settled batches ago (if any).
		reuse: Option<usize>,
	},
	Advance { hours: u64 },
}

fn step_strategy() -> impl Strategy<Value = Step> {
	prop_oneof![
		6 => (
			proptest::collection::vec((0..SENDERS.len(), 0..RECEIVERS.len(), 1..300u128), 0..=4),
			proptest::collection::vec((0..PAYERS.len(), 0..RECEIVERS.len(), 1..150u128), 0..=2),
			proptest::option::weighted(0.2, 0..4usize),
		)
			.prop_map(|(legs, cash, reuse)| Step::Batch { legs, cash, reuse }),
		1 => (1..2u64).prop_map(|hours| Step::Advance { hours }),
	]
}

/// The model: balances of partition 0 per wallet, identities, mandates (cap, consumed,
/// expiry), cash per account, the custodian's remembered references.
struct Model {
	balances: BTreeMap<u64, TokenBalance>,
	caps: BTreeMap<IdentityId, TokenBalance>,
	consumed: BTreeMap<IdentityId, TokenBalance>,
	expiry: BTreeMap<IdentityId, u64>,
	cash: BTreeMap<u64, u128>,
	remembered: VecDeque<H256>,
	now: u64,
}

impl Model {
	fn identity_balance(&self, identity: IdentityId) -> TokenBalance {
		self.balances.iter().filter(|(account, _)| mock::identity(**account) == identity).map(|(_, b)| *b).sum()
	}

	/// The first failure of the batch, or `None` and the state after it.
	fn settle(&mut self, batch_ref: H256, legs: &[(u64, u64, TokenBalance)], cash: &[(u64, u64, u128)]) -> Option<DispatchError> {
		if legs.is_empty() && cash.is_empty() {
			return Some(Error::<Test>::EmptyBatch.into());
		}
		if self.remembered.contains(&batch_ref) {
			return Some(Error::<Test>::DuplicateBatchRef.into());
		}
		let mut balances = self.balances.clone();
		let mut consumed = self.consumed.clone();
		let mut cash_balances = self.cash.clone();
		for (index, (from, to, amount)) in legs.iter().copied().enumerate() {
			let leg = index as LegIndex;
			let investor = mock::identity(from);
			if self.expiry.get(&investor).is_some_and(|expiry| self.now >= *expiry) {
				return Some(Error::<Test>::LegNotAuthorized { leg, reason: MandateFailure::Expired }.into());
			}
			if consumed[&investor] + amount > self.caps[&investor] {
				return Some(Error::<Test>::LegNotAuthorized { leg, reason: MandateFailure::Exhausted }.into());
			}
			if balances[&from] < amount {
				return Some(Error::<Test>::LegRefused { leg, reason: Refusal::InsufficientBalance }.into());
			}
			let receiver = mock::identity(to);
			let receiver_before: TokenBalance =
				balances.iter().filter(|(a, _)| mock::identity(**a) == receiver).map(|(_, b)| *b).sum();
			if receiver != investor && receiver_before + amount > MAX_BALANCE {
				return Some(Error::<Test>::LegNonCompliant { leg, reason: RuleFailure::MaxBalance }.into());
			}
			*balances.get_mut(&from).unwrap() -= amount;
			*balances.get_mut(&to).unwrap() += amount;
			*consumed.get_mut(&investor).unwrap() += amount;
		}
		for (index, (from, to, amount)) in cash.iter().copied().enumerate() {
			if cash_balances[&from] < amount {
				return Some(
					Error::<Test>::CashLegFailed { leg: index as LegIndex, reason: CashFailure::InsufficientFunds }.into(),
				);
			}
			*cash_balances.get_mut(&from).unwrap() -= amount;
			*cash_balances.entry(to).or_default() += amount;
		}
		self.balances = balances;
		self.consumed = consumed;
		self.cash = cash_balances;
		self.remembered.push_back(batch_ref);
		if self.remembered.len() > BATCH_REF_HISTORY as usize {
			self.remembered.pop_front();
		}
		None
	}
}

fn check_against(model: &Model, token: TokenId) {
	for (account, expected) in &model.balances {
		assert_eq!(balance(token, 0, *account), *expected, "balance of {account}");
	}
	for (account, expected) in &model.cash {
		assert_eq!(cash(*account), *expected, "cash of {account}");
	}
	for (investor, consumed) in &model.consumed {
		let mandate = Mandates::<Test>::get((*investor, X_ID, token)).expect("mandates are never revoked here");
		assert_eq!(mandate.consumed, *consumed, "consumption of {investor}");
		assert!(mandate.consumed <= mandate.cap, "consumed beyond the cap");
	}
	for identity in [A, B, C, D].map(mock::identity) {
		assert_eq!(Custody::identity_holding(token, identity), model.identity_balance(identity));
	}
	check_invariants();
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

	#[test]
	fn batches_settle_fully_or_not_at_all_and_never_exceed_mandates(
		caps in proptest::collection::vec(1..900u128, 3),
		steps in proptest::collection::vec(step_strategy(), 1..24),
	) {
		new_test_ext().execute_with(|| {
			register(X);
			let token = active_token();
			assert_ok!(Compliance::set_rules(
				RuntimeOrigin::signed(ISSUER),
				token,
				bounded(&[Rule { partition: None, kind: RuleKind::MaxBalance(MAX_BALANCE) }]),
			));
			let mut model = Model {
				balances: BTreeMap::new(),
				caps: BTreeMap::new(),
				consumed: BTreeMap::new(),
				expiry: BTreeMap::new(),
				cash: BTreeMap::new(),
				remembered: VecDeque::new(),
				now: START,
			};
			for account in RECEIVERS {
				model.balances.insert(account, 0);
			}
			for (index, account) in [A, B, C].into_iter().enumerate() {
				issue(token, 0, account, 400);
				model.balances.insert(account, 400);
				let investor = mock::identity(account);
				assert_ok!(Custody::bind_venue_account(RuntimeOrigin::signed(account), X_ID, H256::repeat_byte(index as u8)));
				let expiry = (account == B).then_some(START + B_EXPIRY_HOURS * HOUR);
				assert_ok!(Custody::grant_mandate(RuntimeOrigin::signed(account), X_ID, token, None, caps[index], expiry));
				model.caps.insert(investor, caps[index]);
				model.consumed.insert(investor, 0);
				if let Some(expiry) = expiry {
					model.expiry.insert(investor, expiry);
				}
			}
			for account in PAYERS.into_iter().chain(RECEIVERS) {
				model.cash.insert(account, cash(account));
			}
			let mut settled: Vec<H256> = Vec::new();
			let mut next_ref = 0u64;
			check_against(&model, token);

			for step in steps {
				match step {
					Step::Advance { hours } => {
						model.now += hours * HOUR;
						Now::set(model.now);
					},
					Step::Batch { legs, cash, reuse } => {
						let batch_ref = match reuse.and_then(|back| settled.iter().rev().nth(back)) {
							Some(old) => *old,
							None => {
								next_ref += 1;
								H256::from_low_u64_be(next_ref)
							},
						};
						let legs: Vec<(u64, u64, TokenBalance)> =
							legs.into_iter().map(|(f, t, amount)| (SENDERS[f], RECEIVERS[t], amount)).collect();
						let cash: Vec<(u64, u64, u128)> =
							cash.into_iter().map(|(f, t, amount)| (PAYERS[f], RECEIVERS[t], amount)).collect();
						let expected = model.settle(batch_ref, &legs, &cash);
						let result = Custody::settle(
							RuntimeOrigin::signed(X),
							batch_ref,
							bounded(&legs.iter().map(|(from, to, amount)| Leg { token, partition: 0, from: *from, to: *to, amount: *amount }).collect::<Vec<_>>()),
							bounded(&cash.iter().map(|(from, to, amount)| CashLeg { asset: USD, from: *from, to: *to, amount: *amount }).collect::<Vec<_>>()),
						);
						assert_eq!(result.map(|_| ()).map_err(|e| e.error), expected.map_or(Ok(()), Err), "batch {legs:?} {cash:?}");
						if expected.is_none() {
							settled.push(batch_ref);
						}
					},
				}
				check_against(&model, token);
			}
		});
	}
}

fn register(wallet: u64) {
	assert_ok!(Custody::register_custodian(RuntimeOrigin::root(), wallet, ALL_ROLES));
}
