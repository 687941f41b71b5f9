//! Property test against a reference model: random holders (one of them with two wallets),
//! two partitions, movements of every kind the mock reaches (issuance, holder transfers,
//! controller transfers and redemptions, holder redemptions, reclassification), interleaved
//! with checkpoints created now, scheduled, the clock passing record dates, retirements and
//! clearing. The model keeps every wallet's balance per partition and freezes a copy of it at
//! each checkpoint's record date. After every step, for every live checkpoint, every identity
//! and every partition, `balance_at` and `supply_at` equal the model (a retired or unreached
//! checkpoint answers `None`), and every pallet's invariants hold.

use crate::{mock::*, *};
use polkadot_sdk::{frame_support::assert_ok, sp_core::H256};
use proptest::prelude::*;
use std::collections::BTreeMap;

const ACCOUNTS: [u64; 6] = [A, A2, B, C, D, E];
const PARTITIONS: PartitionId = 2;

#[derive(Clone, Debug)]
enum Step {
	Issue { to: usize, partition: PartitionId, amount: u128 },
	Transfer { from: usize, to: usize, partition: PartitionId, amount: u128 },
	/// The sender's whole holding (emptying positions, then opening them again).
	TransferAll { from: usize, to: usize, partition: PartitionId },
	Controller { from: usize, to: usize, partition: PartitionId, amount: u128 },
	ControllerRedeem { from: usize, partition: PartitionId, amount: u128 },
	Redeem { from: usize, partition: PartitionId, amount: u128 },
	Reclassify { account: usize, from: PartitionId, amount: u128 },
	Create,
	Schedule { in_ms: u64 },
	Advance { ms: u64 },
	Retire { pick: usize },
	Clear { limit: u32 },
}

fn step() -> impl Strategy<Value = Step> {
	let account = 0..ACCOUNTS.len();
	let partition = 0..PARTITIONS;
	let amount = 1u128..80;
	prop_oneof![
		3 => (account.clone(), partition.clone(), amount.clone()).prop_map(|(to, partition, amount)| Step::Issue { to, partition, amount }),
		5 => (account.clone(), account.clone(), partition.clone(), amount.clone())
			.prop_map(|(from, to, partition, amount)| Step::Transfer { from, to, partition, amount }),
		2 => (account.clone(), account.clone(), partition.clone())
			.prop_map(|(from, to, partition)| Step::TransferAll { from, to, partition }),
		2 => (account.clone(), account.clone(), partition.clone(), amount.clone())
			.prop_map(|(from, to, partition, amount)| Step::Controller { from, to, partition, amount }),
		1 => (account.clone(), partition.clone(), amount.clone())
			.prop_map(|(from, partition, amount)| Step::ControllerRedeem { from, partition, amount }),
		1 => (account.clone(), partition.clone(), amount.clone()).prop_map(|(from, partition, amount)| Step::Redeem { from, partition, amount }),
		1 => (account.clone(), partition.clone(), amount.clone())
			.prop_map(|(account, from, amount)| Step::Reclassify { account, from, amount }),
		2 => Just(Step::Create),
		2 => (1u64..4_000).prop_map(|in_ms| Step::Schedule { in_ms }),
		2 => (1u64..3_000).prop_map(|ms| Step::Advance { ms }),
		1 => (0usize..8).prop_map(|pick| Step::Retire { pick }),
		1 => (1u32..6).prop_map(|limit| Step::Clear { limit }),
	]
}

/// Every wallet's balance per partition.
type Book = BTreeMap<(u64, PartitionId), u128>;

#[derive(Default)]
struct Model {
	book: Book,
	/// Checkpoint id -> (record date, the book at it once reached, retired).
	checkpoints: BTreeMap<CheckpointId, (u64, Option<Book>, bool)>,
}

impl Model {
	fn balance(&self, account: u64, partition: PartitionId) -> u128 {
		self.book.get(&(account, partition)).copied().unwrap_or(0)
	}

	fn add(&mut self, account: u64, partition: PartitionId, amount: u128) {
		*self.book.entry((account, partition)).or_default() += amount;
	}

	fn sub(&mut self, account: u64, partition: PartitionId, amount: u128) {
		*self.book.entry((account, partition)).or_default() -= amount;
	}

	/// The clock is at `now`: every checkpoint whose record date has come freezes the book.
	fn reach(&mut self, now: u64) {
		for (record_date, frozen, _) in self.checkpoints.values_mut() {
			if frozen.is_none() && *record_date <= now {
				*frozen = Some(self.book.clone());
			}
		}
	}
}

fn identity_of(book: &Book, identity: IdentityId, partition: PartitionId) -> u128 {
	book.iter()
		.filter(|((account, p), _)| *p == partition && crate::mock::identity(*account) == identity)
		.map(|(_, balance)| *balance)
		.sum()
}

fn supply_of(book: &Book, partition: PartitionId) -> u128 {
	book.iter().filter(|((_, p), _)| *p == partition).map(|(_, balance)| *balance).sum()
}

fn check(token: TokenId, model: &Model) -> Result<(), TestCaseError> {
	let identities: Vec<IdentityId> = {
		let mut ids: Vec<_> = ACCOUNTS.iter().map(|account| crate::mock::identity(*account)).collect();
		ids.dedup();
		ids
	};
	for (id, (_, frozen, retired)) in &model.checkpoints {
		for partition in 0..PARTITIONS {
			let supply = CorporateActions::supply_at(token, partition, *id);
			match (frozen, retired) {
				(Some(book), false) => {
					prop_assert_eq!(supply, Some(supply_of(book, partition)), "supply of {} at {}", partition, id);
					for identity in &identities {
						prop_assert_eq!(
							CorporateActions::balance_at(token, partition, *identity, *id),
							Some(identity_of(book, *identity, partition)),
							"identity {} partition {} checkpoint {}",
							identity,
							partition,
							id
						);
					}
				},
				_ => {
					prop_assert_eq!(supply, None);
					prop_assert_eq!(CorporateActions::balance_at(token, partition, identities[0], *id), None);
				},
			}
		}
	}
	check_invariants();
	Ok(())
}

fn run(steps: Vec<Step>) -> Result<(), TestCaseError> {
	let token = token();
	let mut model = Model::default();
	for step in steps {
		let origin = |account: u64| RuntimeOrigin::signed(account);
		match step {
			Step::Issue { to, partition, amount } => {
				let to = ACCOUNTS[to];
				if Token::issue(origin(ISSUER), token, partition, to, amount, None).is_ok() {
					model.add(to, partition, amount);
				}
			},
			Step::Transfer { from, to, partition, amount } => {
				let (from, to) = (ACCOUNTS[from], ACCOUNTS[to]);
				let result = Token::transfer_by_partition(origin(from), token, partition, to, amount, None);
				prop_assert_eq!(result.is_ok(), model.balance(from, partition) >= amount);
				if result.is_ok() {
					model.sub(from, partition, amount);
					model.add(to, partition, amount);
				}
			},
			Step::TransferAll { from, to, partition } => {
				let (from, to) = (ACCOUNTS[from], ACCOUNTS[to]);
				let amount = model.balance(from, partition);
				if Token::transfer_by_partition(origin(from), token, partition, to, amount, None).is_ok() {
					model.sub(from, partition, amount);
					model.add(to, partition, amount);
				}
			},
			Step::Controller { from, to, partition, amount } => {
				let (from, to) = (ACCOUNTS[from], ACCOUNTS[to]);
				let result = Token::controller_transfer(origin(AGENT), token, partition, from, to, amount, H256::zero());
				if result.is_ok() {
					model.sub(from, partition, amount);
					model.add(to, partition, amount);
				}
			},
			Step::ControllerRedeem { from, partition, amount } => {
				let from = ACCOUNTS[from];
				if Token::controller_redeem(origin(ISSUER), token, partition, from, amount, H256::zero()).is_ok() {
					model.sub(from, partition, amount);
				}
			},
			Step::Redeem { from, partition, amount } => {
				let from = ACCOUNTS[from];
				if Token::redeem(origin(from), token, partition, amount).is_ok() {
					model.sub(from, partition, amount);
				}
			},
			Step::Reclassify { account, from, amount } => {
				let account = ACCOUNTS[account];
				let to = 1 - from;
				if Token::reclassify(origin(AGENT), token, from, to, account, amount).is_ok() {
					model.sub(account, from, amount);
					model.add(account, to, amount);
				}
			},
			Step::Create => {
				let id = NextCheckpointId::<Test>::get(token);
				if CorporateActions::create_checkpoint(origin(ISSUER), token).is_ok() {
					model.checkpoints.insert(id, (Now::get(), Some(model.book.clone()), false));
				}
			},
			Step::Schedule { in_ms } => {
				let id = NextCheckpointId::<Test>::get(token);
				let record_date = Now::get() + in_ms;
				if CorporateActions::schedule_checkpoint(origin(AGENT), token, record_date).is_ok() {
					model.checkpoints.insert(id, (record_date, None, false));
				}
			},
			Step::Advance { ms } => {
				Now::set(Now::get() + ms);
				model.reach(Now::get());
			},
			Step::Retire { pick } => {
				let live: Vec<CheckpointId> =
					model.checkpoints.iter().filter(|(_, (_, _, retired))| !retired).map(|(id, _)| *id).collect();
				if let Some(id) = live.get(pick % live.len().max(1)) {
					assert_ok!(CorporateActions::retire_checkpoint(origin(ISSUER), token, *id));
					let entry = model.checkpoints.get_mut(id).unwrap();
					if entry.1.is_none() && entry.0 > Now::get() {
						// A scheduled one goes at once.
						model.checkpoints.remove(id);
					} else {
						entry.2 = true;
					}
				}
			},
			Step::Clear { limit } => {
				let _ = CorporateActions::clear_retired(origin(OUTSIDER), token, limit);
				let listed: Vec<CheckpointId> = Checkpoints::<Test>::get(token).iter().map(|checkpoint| checkpoint.id).collect();
				model.checkpoints.retain(|id, _| listed.contains(id));
			},
		}
		check(token, &model)?;
	}
	Ok(())
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

	#[test]
	fn balances_and_supplies_at_every_checkpoint_match_the_model(steps in prop::collection::vec(step(), 1..60)) {
		new_test_ext().execute_with(|| run(steps))?;
	}
}
