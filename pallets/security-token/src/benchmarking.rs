//! Benchmarks of the security token: each call at its worst case. Movements are measured where
//! they write the most: the sender's last holding leaves (position removed, holder count
//! changes), the receiver's new holding joins a nearly full position.
//! `transfer_plain` measures the common case: a transfer between two existing holders.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::Mutate, Get, Time},
};
use frame_system::RawOrigin;
use polkadot_sdk::{frame_benchmarking, sp_core::H256};
use sp_runtime::traits::Bounded;

type Helper<T> = <T as Config>::BenchmarkHelper;

fn verified<T: Config>(seed: u32) -> T::AccountId {
	let (account, _) = Helper::<T>::verified_account(seed, None);
	T::Currency::set_balance(&account, DepositOf::<T>::max_value() / 4u32.into());
	account
}

fn name<S: Get<u32>>(prefix: &[u8], n: u32) -> BoundedVec<u8, S> {
	let mut bytes = prefix.to_vec();
	bytes.extend_from_slice(alloc::format!("{n}").as_bytes());
	bytes.truncate(S::get() as usize);
	BoundedVec::try_from(bytes).expect("truncated to the bound")
}

/// The terms of a benchmark token: an equity of `symbol` and `token_name` (numbered `n`),
/// every identifier kind, no cap, controllable.
fn terms<T: Config>(symbol: &[u8], token_name: &[u8], n: u32) -> TokenTermsOf<T> {
	TokenTerms {
		symbol: name(symbol, n),
		name: name(token_name, n),
		decimals: 0,
		granularity: 1,
		instrument: InstrumentType::Equity,
		underlying: Underlying { numerator: 1, denominator: 1, unit: H256::zero() },
		identifiers: identifiers::<T>(),
		supply_cap: None,
		controllable: true,
		default_partition: name(b"p", 0),
		rights: rights(),
	}
}

fn rights() -> PartitionRights {
	PartitionRights { voting: true, dividends: true, transferable: true }
}

fn identifiers<T: Config>() -> BoundedVec<Identifier, T::MaxIdentifiers> {
	let all = alloc::vec![
		Identifier::Isin(*b"US0378331005"),
		Identifier::Cusip(*b"037833100"),
		Identifier::Lei(*b"5493001KJTIIGC8Y1R12"),
		Identifier::Figi(*b"BBG000B9XRY4"),
	];
	let bound = T::MaxIdentifiers::get() as usize;
	BoundedVec::try_from(all.into_iter().take(bound).collect::<Vec<_>>()).expect("taken to the bound")
}

/// An active token owned by a verified account, with a full set of partitions.
fn token<T: Config>() -> Result<(TokenId, T::AccountId), BenchmarkError> {
	let owner = verified::<T>(0);
	Ok((token_of::<T>(&owner)?, owner))
}

/// An active token owned by `owner` (a verified account), with a full set of partitions.
fn token_of<T: Config>(owner: &T::AccountId) -> Result<TokenId, BenchmarkError> {
	let owner = owner.clone();
	let id = NextTokenId::<T>::get();
	Pallet::<T>::do_create_token(owner.clone(), terms::<T>(b"BENCH", b"Benchmark token ", id))?;
	for p in 1..T::MaxPartitions::get() {
		Pallet::<T>::do_add_partition(&owner, id, name(b"p", p), rights())?;
	}
	Pallet::<T>::do_set_status(&owner, id, TokenStatus::Active)?;
	Ok(id)
}

fn credit<T: Config>(token: TokenId, owner: &T::AccountId, partition: PartitionId, to: &T::AccountId, amount: TokenBalance) -> DispatchResult {
	Pallet::<T>::do_issue(owner, token, partition, to.clone(), amount, None).map(|_| ())
}

/// A receiver whose identity already holds `MaxHoldingsPerIdentity - 1` holdings (in other
/// wallets), so that a new holding fills its position.
fn crowded_receiver<T: Config>(token: TokenId, owner: &T::AccountId) -> Result<T::AccountId, BenchmarkError> {
	let (receiver, identity) = Helper::<T>::verified_account(1_000, None);
	let partitions = T::MaxPartitions::get();
	let mut made = 0u32;
	let mut wallet_seed = 1_001u32;
	while made + 1 < T::MaxHoldingsPerIdentity::get() {
		let (wallet, _) = Helper::<T>::verified_account(wallet_seed, Some(identity));
		wallet_seed += 1;
		for p in 0..partitions {
			if made + 1 >= T::MaxHoldingsPerIdentity::get() {
				break;
			}
			credit::<T>(token, owner, p as PartitionId, &wallet, 10)?;
			made += 1;
		}
	}
	Ok(receiver)
}

/// Lock-ups still running on `account`'s holding, up to one below the bound.
fn lockups<T: Config>(token: TokenId, account: &T::AccountId, count: u32) -> DispatchResult {
	let release = T::Time::now() + 1_000_000;
	for _ in 0..count {
		Pallet::<T>::insert_lockup(token, 0, account.clone(), 1, release)?;
	}
	Ok(())
}

/// An active token and two verified holders of 100 each (different identities), under the
/// typical compliance profile when `compliant`.
fn two_holders<T: Config>(compliant: bool) -> Result<(TokenId, T::AccountId, T::AccountId), BenchmarkError> {
	let (id, owner) = token::<T>()?;
	let sender = verified::<T>(1);
	let receiver = verified::<T>(2);
	credit::<T>(id, &owner, 0, &sender, 100)?;
	credit::<T>(id, &owner, 0, &receiver, 100)?;
	if compliant {
		Helper::<T>::typical_compliance(id, &owner, &[sender.clone(), receiver.clone()]);
	}
	Ok((id, sender, receiver))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_token() -> Result<(), BenchmarkError> {
		let caller = verified::<T>(0);
		let symbol = name(b"NEW", 0);

		let terms = TokenTerms {
			symbol: symbol.clone(),
			name: name(b"A new token ", 0),
			decimals: 18,
			granularity: 1,
			instrument: InstrumentType::Fund,
			underlying: Underlying { numerator: 1, denominator: 1_800, unit: H256::repeat_byte(1) },
			identifiers: identifiers::<T>(),
			supply_cap: Some(TokenBalance::MAX),
			controllable: true,
			default_partition: name(b"common", 0),
			rights: rights(),
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), terms);

		assert!(Symbols::<T>::contains_key(symbol));
		Ok(())
	}

	#[benchmark]
	fn set_status() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, TokenStatus::Halted);
		assert_eq!(Tokens::<T>::get(id).map(|t| t.status), Some(TokenStatus::Halted));
		Ok(())
	}

	#[benchmark]
	fn set_paused() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let agent = verified::<T>(5);
		Pallet::<T>::do_grant_roles(&owner, id, T::Identity::identity_of(&agent).expect("verified"), Roles(Roles::FREEZER))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(agent), id, true);
		assert_eq!(Tokens::<T>::get(id).map(|t| t.paused), Some(true));
		Ok(())
	}

	#[benchmark]
	fn grant_roles() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 77, Roles(Roles::ALL));
		assert_eq!(Agents::<T>::get(id, 77), Roles(Roles::ALL));
		Ok(())
	}

	#[benchmark]
	fn revoke_roles() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		Pallet::<T>::do_grant_roles(&owner, id, 77, Roles(Roles::ALL))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 77, Roles(Roles::FREEZER));
		assert_eq!(Agents::<T>::get(id, 77), Roles(Roles::ALL & !Roles::FREEZER));
		Ok(())
	}

	#[benchmark]
	fn offer_ownership() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 77);
		assert_eq!(PendingOwner::<T>::get(id), Some(77));
		Ok(())
	}

	#[benchmark]
	fn accept_ownership() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let heir = verified::<T>(5);
		let heir_identity = T::Identity::identity_of(&heir).expect("verified");
		Pallet::<T>::do_offer_ownership(&owner, id, heir_identity)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(heir), id);
		assert_eq!(Tokens::<T>::get(id).map(|t| t.owner), Some(heir_identity));
		Ok(())
	}

	#[benchmark]
	fn add_partition() -> Result<(), BenchmarkError> {
		let owner = verified::<T>(0);
		let id = NextTokenId::<T>::get();
		Pallet::<T>::do_create_token(owner.clone(), terms::<T>(b"BENCH", b"Benchmark", id))?;
		for p in 1..T::MaxPartitions::get().saturating_sub(1) {
			Pallet::<T>::do_add_partition(&owner, id, name(b"p", p), rights())?;
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, name(b"last", 0), rights());
		assert_eq!(Tokens::<T>::get(id).map(|t| t.partitions.len() as u32), Some(T::MaxPartitions::get()));
		Ok(())
	}

	#[benchmark]
	fn set_partition_rights() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let restricted = PartitionRights { voting: false, dividends: false, transferable: false };
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 0, restricted);
		assert_eq!(Tokens::<T>::get(id).map(|t| t.partitions[0].rights), Some(restricted));
		Ok(())
	}

	#[benchmark]
	fn set_supply_cap() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, Some(1_000_000));
		assert_eq!(Tokens::<T>::get(id).and_then(|t| t.supply_cap), Some(1_000_000));
		Ok(())
	}

	#[benchmark]
	fn finish_issuance() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert_eq!(Tokens::<T>::get(id).map(|t| t.issuance_finished), Some(true));
		Ok(())
	}

	#[benchmark]
	fn renounce_control() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert_eq!(Tokens::<T>::get(id).map(|t| t.controllable), Some(false));
		Ok(())
	}

	#[benchmark]
	fn set_identifiers() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, identifiers::<T>());
		Ok(())
	}

	#[benchmark]
	fn issue() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		// A capped token: the issuance also reads the units reserved for primary offerings.
		Pallet::<T>::set_supply_cap(RawOrigin::Signed(owner.clone()).into(), id, Some(TokenBalance::MAX))?;
		let receiver = crowded_receiver::<T>(id, &owner)?;
		let release = T::Time::now() + 1_000_000;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 0, receiver.clone(), 100, Some(release));
		assert_eq!(Pallet::<T>::balance_of(id, 0, &receiver), 100);
		Ok(())
	}

	#[benchmark]
	fn redeem() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), id, 0, 100);
		assert_eq!(Pallet::<T>::balance_of(id, 0, &holder), 0);
		Ok(())
	}

	#[benchmark]
	fn redeem_from() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		let spender = verified::<T>(2);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		Pallet::<T>::do_approve(holder.clone(), id, 0, spender.clone(), 100)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(spender), id, 0, holder.clone(), 100);
		assert_eq!(Pallet::<T>::balance_of(id, 0, &holder), 0);
		Ok(())
	}

	#[benchmark]
	fn buy_back() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		// The worst case: an allowance to spend (an operator would skip that write).
		Pallet::<T>::do_approve(holder.clone(), id, 0, owner.clone(), 100)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 0, holder.clone(), 100, H256::repeat_byte(1));
		assert_eq!(Pallet::<T>::balance_of(id, 0, &holder), 0);
		assert_eq!(Tokens::<T>::get(id).map(|t| t.total_supply), Some(0));
		Ok(())
	}

	#[benchmark]
	fn controller_redeem() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 0, holder.clone(), 100, H256::zero());
		assert_eq!(Pallet::<T>::balance_of(id, 0, &holder), 0);
		Ok(())
	}

	#[benchmark]
	fn transfer_by_partition() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let sender = verified::<T>(1);
		credit::<T>(id, &owner, 0, &sender, 100)?;
		lockups::<T>(id, &sender, T::MaxLockupsPerHolding::get().saturating_sub(1))?;
		let receiver = crowded_receiver::<T>(id, &owner)?;
		let spendable = 100 - T::MaxLockupsPerHolding::get().saturating_sub(1) as TokenBalance;
		#[extrinsic_call]
		_(RawOrigin::Signed(sender), id, 0, receiver.clone(), spendable, Some(H256::zero()));
		assert_eq!(Pallet::<T>::balance_of(id, 0, &receiver), spendable);
		Ok(())
	}

	/// A transfer between two holders that keep holding: the common case (not a call).
	#[benchmark]
	fn transfer_plain() -> Result<(), BenchmarkError> {
		let (id, sender, receiver) = two_holders::<T>(false)?;
		#[block]
		{
			Pallet::<T>::do_move(MoveRequest::transfer(id, 0, sender.clone(), receiver.clone(), 10), None, None)?;
		}
		assert_eq!(Pallet::<T>::balance_of(id, 0, &receiver), 110);
		Ok(())
	}

	/// `transfer_plain` right after a checkpoint: the first change of both holders since it,
	/// so the movement hands each one's balances before the move to the checkpoint observer
	/// (the corporate-actions pallet's `record`). Not a call: what the first transfer after a
	/// record date costs, against `transfer_plain` (docs/CORPORATE-ACTIONS.md).
	#[benchmark]
	fn transfer_after_checkpoint() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let sender = verified::<T>(1);
		let receiver = verified::<T>(2);
		credit::<T>(id, &owner, 0, &sender, 100)?;
		credit::<T>(id, &owner, 0, &receiver, 100)?;
		Helper::<T>::checkpoint(id, &owner);
		// Without an observer (the pallet's mock), the token's epoch alone moves on.
		Tokens::<T>::mutate(id, |token| {
			if let Some(token) = token {
				token.checkpoints.epoch = token.checkpoints.epoch.max(1);
			}
		});
		#[block]
		{
			Pallet::<T>::do_move(MoveRequest::transfer(id, 0, sender.clone(), receiver.clone(), 10), None, None)?;
		}
		assert_eq!(Pallet::<T>::balance_of(id, 0, &receiver), 110);
		let epoch = Tokens::<T>::get(id).map(|token| token.checkpoints.epoch).unwrap_or_default();
		let sender_identity = T::Identity::identity_of(&sender).ok_or(BenchmarkError::Stop("sender identity"))?;
		assert_eq!(Positions::<T>::get(sender_identity, id).map(|position| position.checkpoint_epoch), Some(epoch));
		Ok(())
	}

	/// `transfer_plain` under the token's typical compliance profile (see
	/// `BenchmarkHelper::typical_compliance`): what a regulated transfer costs.
	#[benchmark]
	fn transfer_compliant() -> Result<(), BenchmarkError> {
		let (id, sender, receiver) = two_holders::<T>(true)?;
		#[block]
		{
			Pallet::<T>::do_move(MoveRequest::transfer(id, 0, sender.clone(), receiver.clone(), 10), None, None)?;
		}
		assert_eq!(Pallet::<T>::balance_of(id, 0, &receiver), 110);
		Ok(())
	}

	/// What the transaction pool's check of such a transfer costs: the runtime's
	/// `RefuseNonCompliant` dispatches the transfer in a storage layer that it then rolls back
	/// (the same checks and writes as the block's dispatch, none kept).
	#[benchmark]
	fn pool_check() -> Result<(), BenchmarkError> {
		use frame_support::storage::{with_transaction, TransactionOutcome};
		let (id, sender, receiver) = two_holders::<T>(true)?;
		let outcome;
		#[block]
		{
			outcome = with_transaction(|| {
				let result = Pallet::<T>::transfer_by_partition(
					RawOrigin::Signed(sender.clone()).into(),
					id,
					0,
					receiver.clone(),
					10,
					None,
				);
				TransactionOutcome::Rollback(Ok::<_, DispatchError>(result.map(|_| ()).map_err(|e| e.error)))
			});
		}
		assert_eq!(outcome, Ok(Ok(())));
		assert_eq!(Pallet::<T>::balance_of(id, 0, &receiver), 100, "nothing of the simulation stays");
		Ok(())
	}

	/// A wallet leaves its identity (the identity registry's `unlink_wallet` asks first): the
	/// identity holds positions in `p` tokens, each at its largest (every holding with every
	/// lock-up, every frozen wallet), and the wallet holds nothing but is frozen in every one,
	/// so that every position is read and written.
	#[benchmark]
	fn release_wallet(p: Linear<0, 100>) -> Result<(), BenchmarkError> {
		let (wallet, identity) = Helper::<T>::verified_account(1, None);
		let now = T::Time::now();
		let lock = Lockup { amount: 1, release: now + 1_000_000 };
		let other = |n: u32| -> T::AccountId { account("other", n, 0) };
		let holding = |n: u32| HoldingOf::<T> {
			account: other(n),
			partition: (n % T::MaxPartitions::get()) as PartitionId,
			balance: 10,
			frozen: 0,
			locks: BoundedVec::try_from(alloc::vec![lock.clone(); T::MaxLockupsPerHolding::get() as usize])
				.expect("filled to the bound"),
		};
		let mut full = PositionOf::<T>::default();
		for n in 0..T::MaxHoldingsPerIdentity::get() {
			full.holdings.try_push(holding(n)).map_err(|_| BenchmarkError::Stop("holdings"))?;
			full.total += 10;
		}
		for n in 0..T::MaxFrozenWallets::get().saturating_sub(1) {
			full.frozen_accounts.try_push(other(n)).map_err(|_| BenchmarkError::Stop("frozen"))?;
		}
		full.frozen_accounts.try_push(wallet.clone()).map_err(|_| BenchmarkError::Stop("frozen"))?;
		for token in 0..p {
			Positions::<T>::insert(identity, token, full.clone());
		}
		let read;
		#[block]
		{
			read = Pallet::<T>::do_release_wallet(identity, &wallet, p);
		}
		assert_eq!(read, Ok(p));
		assert!(Positions::<T>::iter_prefix_values(identity).all(|position| !position.is_frozen(&wallet)));
		Ok(())
	}

	/// Governed recovery (the identity registry's `recover_identity`): the identity holds
	/// positions in `p` tokens, each at the worst case of a recovery. The lost wallet holds
	/// every partition (as many as the identity's bound of holdings leaves room for beside the
	/// new wallet's), each with every lock-up and a partial freeze, and is frozen in the token;
	/// the new wallet holds the same partitions with every lock-up (so the lock-ups merge);
	/// other wallets fill the position. The first token has the runtime's typical compliance
	/// rules (a recovery is judged by none of them).
	#[benchmark]
	fn move_wallet(p: Linear<0, 100>) -> Result<(), BenchmarkError> {
		let owner = verified::<T>(0);
		let (lost, identity) = Helper::<T>::verified_account(1, None);
		let (new, _) = Helper::<T>::verified_account(2, Some(identity));
		let locks = T::MaxLockupsPerHolding::get();
		let release = T::Time::now() + 1_000_000;
		let other = |n: u32| -> T::AccountId { account("other", n, 0) };
		let holding = |account: T::AccountId, partition: u32, frozen: TokenBalance| -> Result<HoldingOf<T>, BenchmarkError> {
			let locks = (0..locks)
				.map(|n| Lockup { amount: 10, release: release + u64::from(n) })
				.collect::<Vec<_>>();
			Ok(HoldingOf::<T> {
				account,
				partition: partition as PartitionId,
				balance: 1_000_000,
				frozen,
				locks: BoundedVec::try_from(locks).map_err(|_| BenchmarkError::Stop("locks"))?,
			})
		};
		let shared = T::MaxPartitions::get().min(T::MaxHoldingsPerIdentity::get() / 2);
		let mut full = PositionOf::<T>::default();
		for partition in 0..shared {
			full.holdings.try_push(holding(lost.clone(), partition, 100)?).map_err(|_| BenchmarkError::Stop("holdings"))?;
			full.holdings.try_push(holding(new.clone(), partition, 0)?).map_err(|_| BenchmarkError::Stop("holdings"))?;
		}
		let mut n = 0;
		while (full.holdings.len() as u32) < T::MaxHoldingsPerIdentity::get() {
			full.holdings
				.try_push(holding(other(n), n % T::MaxPartitions::get(), 0)?)
				.map_err(|_| BenchmarkError::Stop("holdings"))?;
			n += 1;
		}
		full.total = full.holdings.iter().map(|holding| holding.balance).sum();
		full.frozen_accounts.try_push(lost.clone()).map_err(|_| BenchmarkError::Stop("frozen"))?;
		for n in 0..T::MaxFrozenWallets::get().saturating_sub(1) {
			full.frozen_accounts.try_push(other(n)).map_err(|_| BenchmarkError::Stop("frozen"))?;
		}
		let mut tokens = Vec::new();
		for _ in 0..p {
			let id = token_of::<T>(&owner)?;
			Positions::<T>::insert(identity, id, full.clone());
			tokens.push(id);
		}
		if let Some(first) = tokens.first() {
			Helper::<T>::typical_compliance(*first, &owner, &[lost.clone()]);
		}
		let read;
		#[block]
		{
			read = Pallet::<T>::do_move_wallet(identity, &lost, &new, p);
		}
		assert_eq!(read, Ok(p));
		for id in tokens {
			assert_eq!(Pallet::<T>::balance_of(id, 0, &lost), 0);
			assert_eq!(Pallet::<T>::balance_of(id, 0, &new), 2_000_000);
		}
		Ok(())
	}

	#[benchmark]
	fn operator_transfer_by_partition() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		let operator = verified::<T>(2);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		Pallet::<T>::do_authorize_operator(holder.clone(), id, operator.clone(), OperatorScope::Partition(0))?;
		let receiver = crowded_receiver::<T>(id, &owner)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(operator), id, 0, holder, receiver.clone(), 100, Some(H256::zero()));
		assert_eq!(Pallet::<T>::balance_of(id, 0, &receiver), 100);
		Ok(())
	}

	#[benchmark]
	fn authorize_operator() -> Result<(), BenchmarkError> {
		let (id, _) = token::<T>()?;
		let holder = verified::<T>(1);
		let operator = verified::<T>(2);
		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), id, operator.clone(), OperatorScope::Partition(0));
		assert!(Pallet::<T>::is_operator(id, &holder, &operator, 0));
		Ok(())
	}

	#[benchmark]
	fn revoke_operator() -> Result<(), BenchmarkError> {
		let (id, _) = token::<T>()?;
		let holder = verified::<T>(1);
		let operator = verified::<T>(2);
		Pallet::<T>::do_authorize_operator(holder.clone(), id, operator.clone(), OperatorScope::AllPartitions)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), id, operator.clone(), OperatorScope::AllPartitions);
		assert!(!Pallet::<T>::is_operator(id, &holder, &operator, 0));
		Ok(())
	}

	#[benchmark]
	fn approve() -> Result<(), BenchmarkError> {
		let (id, _) = token::<T>()?;
		let holder = verified::<T>(1);
		let spender = verified::<T>(2);
		#[extrinsic_call]
		_(RawOrigin::Signed(holder.clone()), id, 0, spender.clone(), 100);
		assert_eq!(Pallet::<T>::allowance(id, 0, &holder, &spender), 100);
		Ok(())
	}

	#[benchmark]
	fn transfer_from() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		let spender = verified::<T>(2);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		// Used up by the transfer: the record goes and its deposit is released (the worst case).
		Pallet::<T>::do_approve(holder.clone(), id, 0, spender.clone(), 100)?;
		let receiver = crowded_receiver::<T>(id, &owner)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(spender), id, 0, holder, receiver.clone(), 100);
		assert_eq!(Pallet::<T>::balance_of(id, 0, &receiver), 100);
		Ok(())
	}

	#[benchmark]
	fn controller_transfer() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		lockups::<T>(id, &holder, T::MaxLockupsPerHolding::get())?;
		let receiver = crowded_receiver::<T>(id, &owner)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 0, holder, receiver.clone(), 100, H256::zero());
		assert_eq!(Pallet::<T>::balance_of(id, 0, &receiver), 100);
		Ok(())
	}

	#[benchmark]
	fn reclassify() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 0, 1, holder.clone(), 100);
		assert_eq!(Pallet::<T>::balance_of(id, 1, &holder), 100);
		Ok(())
	}

	#[benchmark]
	fn freeze_account() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = crowded_receiver::<T>(id, &owner)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, holder.clone());
		Ok(())
	}

	#[benchmark]
	fn unfreeze_account() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = crowded_receiver::<T>(id, &owner)?;
		Pallet::<T>::do_set_account_frozen(&owner, id, holder.clone(), true)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, holder);
		Ok(())
	}

	#[benchmark]
	fn freeze_partial() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 0, holder, 50);
		Ok(())
	}

	#[benchmark]
	fn unfreeze_partial() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		Pallet::<T>::do_change_frozen(&owner, id, 0, holder.clone(), 50, true)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 0, holder, 50);
		Ok(())
	}

	#[benchmark]
	fn add_lockup() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let holder = verified::<T>(1);
		credit::<T>(id, &owner, 0, &holder, 100)?;
		lockups::<T>(id, &holder, T::MaxLockupsPerHolding::get().saturating_sub(1))?;
		let release = T::Time::now() + 2_000_000;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 0, holder, 10, release);
		Ok(())
	}

	#[benchmark]
	fn set_document() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let uri = BoundedVec::try_from(alloc::vec![b'x'; T::MaxUriLength::get() as usize]).map_err(|_| BenchmarkError::Stop("uri"))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, name(b"prospectus", 0), uri, H256::repeat_byte(1));
		assert_eq!(Tokens::<T>::get(id).map(|t| t.document_count), Some(1));
		Ok(())
	}

	#[benchmark]
	fn remove_document() -> Result<(), BenchmarkError> {
		let (id, owner) = token::<T>()?;
		let uri = BoundedVec::try_from(alloc::vec![b'x'; 8]).map_err(|_| BenchmarkError::Stop("uri"))?;
		Pallet::<T>::do_set_document(&owner, id, name(b"prospectus", 0), uri, H256::zero())?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, name(b"prospectus", 0));
		assert_eq!(Tokens::<T>::get(id).map(|t| t.document_count), Some(0));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
