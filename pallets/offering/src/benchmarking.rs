//! Benchmarks, each call at its worst case. Every offering has `MaxTiers` tiers (each tier's
//! part of a cost rounds up) and a lock-up. `subscribe` fills across every tier, for an
//! identity that already has a total in the offering and a full position in the token (its
//! wallet's holding locked up); `withdraw` gives back a subscription spread over every tier;
//! `close` and `cancel` take the supply manager's path (its role read) and give the
//! reservation back, emitting `OfferingFinished` too; `settle(n)` issues `n` subscriptions of
//! distinct investors, each a new holding with a lock-up that fills its identity's position
//! (the largest a receiver can have), the cash going to a proceeds account that does not hold
//! the asset yet, the last page (`OfferingFinished`).
//!
//! A refund (a failed or cancelled offering, or a subscriber the token refuses) only releases
//! the held cash and removes the record, cheaper than an issuance, which also runs the token's
//! movement and moves the cash. The token has no compliance rules: what the rules and the
//! checkpoint work add is declared by the calls (`TokenIssuance::max_issue_weight`, per
//! settled subscription).

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{Get, Time},
	BoundedVec,
};
use frame_system::RawOrigin;
use polkadot_sdk::{frame_benchmarking, sp_core::H256};

type Helper<T> = <T as Config>::BenchmarkHelper;

/// A day, in ms.
const DAY: Moment = 86_400_000;
/// The size of each tier.
const TIER: TokenBalance = 1_000;
/// What an earlier subscription of the identity takes (from the first tier).
const FIRST: TokenBalance = 10;
/// Cash minted to each investor.
const CASH: CashBalance = 1_000_000_000_000_000_000;

/// Terms with `MaxTiers` tiers of `TIER` units at prices that round (per 3 units), open from
/// now for a day, a lock-up a day after the end, no minimum raise nor per-identity limit that
/// gets in the way; the proceeds go to `proceeds`.
fn terms<T: Config>(token: TokenId, cash: AssetIdOf<T>, proceeds: T::AccountId) -> TermsOf<T> {
	let now = T::Time::now();
	let tiers: Vec<Tier> =
		(0..T::MaxTiers::get()).map(|i| Tier { size: TIER, price: 1_000_000 + CashBalance::from(i) }).collect();
	OfferingTerms {
		token,
		partition: 0,
		cash,
		proceeds,
		tiers: BoundedVec::truncate_from(tiers),
		price_per: 3,
		start: now,
		end: now.saturating_add(DAY),
		min_raise: 0,
		max_raise: CashBalance::MAX / 2,
		min_ticket: 1,
		max_per_identity: TokenBalance::MAX,
		lockup_until: Some(now.saturating_add(2 * DAY)),
	}
}

/// The tiers' total.
fn size<T: Config>() -> TokenBalance {
	TIER.saturating_mul(T::MaxTiers::get().into())
}

/// `investors` given cash, and an open offering of `token` by its supply manager `manager`
/// (proceeds to `proceeds`, or the manager). (offering, terms).
fn open_offering<T: Config>(
	token: TokenId,
	manager: &T::AccountId,
	investors: &[T::AccountId],
	proceeds: Option<T::AccountId>,
) -> Result<(OfferingId, TermsOf<T>), BenchmarkError> {
	let cash = Helper::<T>::cash(investors, CASH);
	let terms = terms::<T>(token, cash, proceeds.unwrap_or_else(|| manager.clone()));
	let id = NextOfferingId::<T>::get();
	Pallet::<T>::do_create_offering(manager.clone(), terms.clone())?;
	Ok((id, terms))
}

fn record<T: Config>(id: OfferingId) -> Result<OfferingOf<T>, BenchmarkError> {
	Offerings::<T>::get(id).ok_or(BenchmarkError::Stop("the offering exists"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_offering() -> Result<(), BenchmarkError> {
		let (token, manager) = Helper::<T>::token_and_manager();
		let cash = Helper::<T>::cash(&[], CASH);
		let terms = terms::<T>(token, cash, manager.clone());
		let id = NextOfferingId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), terms);

		assert_eq!(T::Tokens::reserved(token), size::<T>());
		assert!(Offerings::<T>::contains_key(id));
		Ok(())
	}

	/// Across every tier (the rest of the first, all of the others), for an identity with an
	/// earlier subscription in the offering (its total read and written) and a full position in
	/// the token: the subscriber's own holding has the offering's lock-up (the dry run reads
	/// the position and merges the lock), other wallets of its identity hold the rest.
	#[benchmark]
	fn subscribe() -> Result<(), BenchmarkError> {
		let (token, manager) = Helper::<T>::token_and_manager();
		let investor = Helper::<T>::crowded_investor(token, 1);
		let (id, terms) = open_offering::<T>(token, &manager, &[investor.clone()], None)?;
		Pallet::<T>::do_subscribe(investor.clone(), id, FIRST, CashBalance::MAX)?;
		T::Tokens::reserve(token, terms.partition, 1).map_err(|_| BenchmarkError::Stop("reserve a unit"))?;
		T::Tokens::issue_reserved(token, terms.partition, &investor, 1, terms.lockup_until, &manager, H256::zero())
			.map_err(|_| BenchmarkError::Stop("issue a locked-up unit"))?;
		let tokens = size::<T>() - FIRST;
		frame_system::Pallet::<T>::reset_events();

		#[extrinsic_call]
		_(RawOrigin::Signed(investor), id, tokens, CashBalance::MAX);

		let record = record::<T>(id)?;
		assert_eq!((record.sold, record.pending), (size::<T>(), 2));
		assert!(record.filled.iter().all(|filled| *filled == TIER));
		Ok(())
	}

	/// A subscription over every tier; the identity's total stays (an earlier subscription).
	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		let (token, manager) = Helper::<T>::token_and_manager();
		let investor = Helper::<T>::investor(1);
		let (id, _) = open_offering::<T>(token, &manager, &[investor.clone()], None)?;
		Pallet::<T>::do_subscribe(investor.clone(), id, FIRST, CashBalance::MAX)?;
		Pallet::<T>::do_subscribe(investor.clone(), id, size::<T>() - FIRST, CashBalance::MAX)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(investor), id, 1);

		let record = record::<T>(id)?;
		assert_eq!((record.sold, record.pending), (FIRST, 1));
		Ok(())
	}

	/// Early, by the supply manager (its role read), the minimum met: the reservation given
	/// back, and nothing pending (`OfferingFinished` as well).
	#[benchmark]
	fn close() -> Result<(), BenchmarkError> {
		let (token, manager) = Helper::<T>::token_and_manager();
		let (id, _) = open_offering::<T>(token, &manager, &[], None)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);

		assert_eq!(record::<T>(id)?.status, OfferingStatus::Succeeded);
		assert_eq!(T::Tokens::reserved(token), 0);
		Ok(())
	}

	/// `n` subscriptions of distinct investors issued, each with the lock-up: a new holding that
	/// fills its identity's position (the largest position read and written; an identity new
	/// to the token has an empty one, and its holder count change is a field of the token's
	/// record, written by every issuance anyway); the first one's cash creating the proceeds'
	/// account of the asset; the last page (`OfferingFinished`).
	#[benchmark]
	fn settle(n: Linear<1, { T::MaxSettlePerCall::get() }>) -> Result<(), BenchmarkError> {
		let (token, manager) = Helper::<T>::token_and_manager();
		let investors: Vec<T::AccountId> = (0..n).map(|i| Helper::<T>::crowded_investor(token, 100 + i)).collect();
		let proceeds: T::AccountId = account("proceeds", 0, 0);
		let (id, terms) = open_offering::<T>(token, &manager, &investors, Some(proceeds))?;
		for investor in &investors {
			Pallet::<T>::do_subscribe(investor.clone(), id, 1, CashBalance::MAX)?;
		}
		Helper::<T>::set_time(terms.end);
		Pallet::<T>::do_close(manager.clone(), id)?;
		// A block starts with no events: the setup's would be read back by the call's first
		// event (a storage append), a cost no real block pays.
		frame_system::Pallet::<T>::reset_events();

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, n);

		let record = record::<T>(id)?;
		assert_eq!((record.issued, record.pending), (TokenBalance::from(n), 0));
		assert_eq!(T::Tokens::reserved(token), 0);
		Ok(())
	}

	/// By the supply manager (its role read; governance's origin check is the cheaper path),
	/// the reservation given back, nothing pending (`OfferingFinished` as well).
	#[benchmark]
	fn cancel() -> Result<(), BenchmarkError> {
		let (token, manager) = Helper::<T>::token_and_manager();
		let (id, _) = open_offering::<T>(token, &manager, &[], None)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);

		assert_eq!(record::<T>(id)?.status, OfferingStatus::Cancelled);
		assert_eq!(T::Tokens::reserved(token), 0);
		Ok(())
	}

	#[benchmark]
	fn clear_offering() -> Result<(), BenchmarkError> {
		let (token, manager) = Helper::<T>::token_and_manager();
		let (id, _) = open_offering::<T>(token, &manager, &[], None)?;
		Pallet::<T>::do_cancel(Some(manager.clone()), id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);

		assert!(!Offerings::<T>::contains_key(id));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
