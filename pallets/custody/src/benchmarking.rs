//! Benchmarks: each call at its worst path. `settle` is measured with `l` token legs (no cash
//! leg) and `settle_cash_legs` with `c` cash legs (no token leg); a batch's weight adds what
//! its cash legs add to the token-leg weight (`Pallet::settle_weight`). Each token leg is from
//! a different investor under its own mandate (read and written) to a wallet that does not
//! hold the token yet, of an identity whose position is one holding short of full (the
//! seller's last holding leaves, the buyer's new holding joins the largest position: both
//! positions and the holder count are written); each cash leg pays an
//! account that does not hold the asset yet; the custodian's batch-reference ring slot is
//! taken (the oldest reference is forgotten). The tokens have no compliance rules: the rules'
//! weight is added per leg by the call (see `TokenSettlement::leg_weight`), as for the token's
//! own movements.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::{EnsureOrigin, Get, Time},
};
use frame_system::RawOrigin;
use polkadot_sdk::{frame_benchmarking, sp_core::H256};
use sp_runtime::traits::Saturating;

type Helper<T> = <T as Config>::BenchmarkHelper;

fn all_roles() -> LicensedRoles {
	LicensedRoles { ats_operator: true, broker_dealer: true, clearing_agent: true, transfer_agent: true }
}

/// A registered custodian: its wallet and identity.
fn custodian<T: Config>() -> Result<(T::AccountId, IdentityId), BenchmarkError> {
	let (wallet, identity) = Helper::<T>::verified_account(0, None);
	Pallet::<T>::do_register_custodian(&wallet, all_roles())?;
	Ok((wallet, identity))
}

/// A venue account reference per seed (`H256::from_low_u64_be` needs `std`).
fn venue_ref(seed: u32) -> H256 {
	let mut bytes = [0u8; 32];
	bytes[28..].copy_from_slice(&seed.to_be_bytes());
	H256(bytes)
}

/// `investor` binds an account at `custodian` and grants it a mandate for `token` without
/// limit or expiry.
fn mandate<T: Config>(investor: &T::AccountId, custodian: IdentityId, token: TokenId, seed: u32) -> DispatchResult {
	Pallet::<T>::do_bind_venue_account(investor, custodian, venue_ref(seed))?;
	Pallet::<T>::do_grant_mandate(investor, custodian, token, None, TokenBalance::MAX, None)
}

/// The last step before a batch is settled: the ring slot the batch takes holds an old
/// reference (forgotten by the batch), and the block's events are cleared. Returns the batch
/// reference.
fn ready_to_settle<T: Config>(custodian: IdentityId) -> H256 {
	let old = H256::repeat_byte(0xEE);
	let slot = NextBatchSlot::<T>::get(custodian);
	BatchRefRing::<T>::insert(custodian, slot, old);
	BatchRefs::<T>::insert(custodian, old, slot);
	// A block starts with no events: without this, the setup's thousands of events would be
	// read back by the call's first event (a storage append), a cost no real block pays.
	frame_system::Pallet::<T>::reset_events();
	H256::repeat_byte(1)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_custodian() -> Result<(), BenchmarkError> {
		let (wallet, identity) = Helper::<T>::verified_account(0, None);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, wallet, all_roles());

		assert!(Custodians::<T>::contains_key(identity));
		Ok(())
	}

	#[benchmark]
	fn set_custodian_roles() -> Result<(), BenchmarkError> {
		let (_, identity) = custodian::<T>()?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let roles = LicensedRoles { clearing_agent: true, ..Default::default() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, identity, roles);

		assert_eq!(Custodians::<T>::get(identity).map(|c| c.roles), Some(roles));
		Ok(())
	}

	#[benchmark]
	fn suspend_custodian() -> Result<(), BenchmarkError> {
		let (_, identity) = custodian::<T>()?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, identity);

		assert_eq!(Custodians::<T>::get(identity).map(|c| c.status), Some(CustodianStatus::Suspended));
		Ok(())
	}

	#[benchmark]
	fn reinstate_custodian() -> Result<(), BenchmarkError> {
		let (_, identity) = custodian::<T>()?;
		Pallet::<T>::do_set_custodian_status(identity, CustodianStatus::Suspended)?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, identity);

		assert_eq!(Custodians::<T>::get(identity).map(|c| c.status), Some(CustodianStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn remove_custodian() -> Result<(), BenchmarkError> {
		let (_, identity) = custodian::<T>()?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, identity);

		assert!(!Custodians::<T>::contains_key(identity));
		Ok(())
	}

	/// A new binding (the investor's count and the custodian's count are written too).
	#[benchmark]
	fn bind_venue_account() -> Result<(), BenchmarkError> {
		let (_, custodian) = custodian::<T>()?;
		let (investor, identity) = Helper::<T>::verified_account(1, None);

		#[extrinsic_call]
		_(RawOrigin::Signed(investor), custodian, H256::repeat_byte(1));

		assert!(Bindings::<T>::contains_key(identity, custodian));
		Ok(())
	}

	#[benchmark]
	fn unbind_venue_account() -> Result<(), BenchmarkError> {
		let (_, custodian) = custodian::<T>()?;
		let (investor, identity) = Helper::<T>::verified_account(1, None);
		Pallet::<T>::do_bind_venue_account(&investor, custodian, H256::repeat_byte(1))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(investor), custodian);

		assert!(!Bindings::<T>::contains_key(identity, custodian));
		Ok(())
	}

	/// A new mandate (the binding's count is written too; no suspension kept from a revoked
	/// one, whose slot would be reused instead), scoped to a partition, expiring.
	#[benchmark]
	fn grant_mandate() -> Result<(), BenchmarkError> {
		let (_, custodian) = custodian::<T>()?;
		let (investor, identity) = Helper::<T>::verified_account(1, None);
		let (token, _) = Helper::<T>::token(&[investor.clone()], 100);
		Pallet::<T>::do_bind_venue_account(&investor, custodian, H256::repeat_byte(1))?;
		let partition = T::Tokens::partition_count(token).unwrap_or(1).saturating_sub(1) as PartitionId;
		let expiry = T::Time::now().saturating_add(1_000_000);

		#[extrinsic_call]
		_(RawOrigin::Signed(investor), custodian, token, Some(partition), 100, Some(expiry));

		assert!(Mandates::<T>::contains_key((identity, custodian, token)));
		Ok(())
	}

	/// A mandate that is not suspended: the binding's count is read and written (revoking a
	/// suspended one writes the kept suspension instead).
	#[benchmark]
	fn revoke_mandate() -> Result<(), BenchmarkError> {
		let (_, custodian) = custodian::<T>()?;
		let (investor, identity) = Helper::<T>::verified_account(1, None);
		let (token, _) = Helper::<T>::token(&[investor.clone()], 100);
		mandate::<T>(&investor, custodian, token, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(investor), custodian, token);

		assert!(!Mandates::<T>::contains_key((identity, custodian, token)));
		Ok(())
	}

	#[benchmark]
	fn suspend_mandate() -> Result<(), BenchmarkError> {
		let (_, custodian) = custodian::<T>()?;
		let (investor, identity) = Helper::<T>::verified_account(1, None);
		let (token, issuer) = Helper::<T>::token(&[investor.clone()], 100);
		mandate::<T>(&investor, custodian, token, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), identity, custodian, token);

		assert!(Mandates::<T>::get((identity, custodian, token)).is_some_and(|m| m.suspended));
		Ok(())
	}

	/// The suspension kept for a mandate its investor revoked: the mandate is looked up, the
	/// kept suspension removed and the binding's count written (a suspended mandate that still
	/// exists only has its record rewritten).
	#[benchmark]
	fn resume_mandate() -> Result<(), BenchmarkError> {
		let (_, custodian) = custodian::<T>()?;
		let (investor, identity) = Helper::<T>::verified_account(1, None);
		let (token, issuer) = Helper::<T>::token(&[investor.clone()], 100);
		mandate::<T>(&investor, custodian, token, 1)?;
		Pallet::<T>::do_set_mandate_suspended(&issuer, identity, custodian, token, true)?;
		Pallet::<T>::do_revoke_mandate(&investor, custodian, token)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), identity, custodian, token);

		assert!(!SuspensionsKept::<T>::contains_key((identity, custodian, token)));
		assert_eq!(Bindings::<T>::get(identity, custodian).map(|b| b.mandates), Some(0));
		Ok(())
	}

	/// `l` token legs, no cash leg (see the module's documentation for each leg's worst case).
	#[benchmark]
	fn settle(l: Linear<1, { T::MaxLegs::get() }>) -> Result<(), BenchmarkError> {
		let (wallet, custodian) = custodian::<T>()?;
		let amount: TokenBalance = 100;
		let sellers: Vec<T::AccountId> = (0..l).map(|i| Helper::<T>::verified_account(1_000 + i, None).0).collect();
		let (token, _) = Helper::<T>::token(&sellers, amount);
		let buyers: Vec<T::AccountId> = (0..l).map(|i| Helper::<T>::crowded_receiver(token, 2_000 + i)).collect();
		for (i, seller) in sellers.iter().enumerate() {
			mandate::<T>(seller, custodian, token, i as u32)?;
		}
		let legs: Vec<LegOf<T>> = sellers
			.iter()
			.zip(&buyers)
			.map(|(seller, buyer)| Leg { token, partition: 0, from: seller.clone(), to: buyer.clone(), amount })
			.collect();
		let legs = BoundedVec::try_from(legs).map_err(|_| BenchmarkError::Stop("legs within MaxLegs"))?;
		let batch_ref = ready_to_settle::<T>(custodian);

		#[extrinsic_call]
		settle(RawOrigin::Signed(wallet), batch_ref, legs, BoundedVec::new());

		assert!(BatchRefs::<T>::contains_key(custodian, batch_ref));
		for seller in &sellers {
			let seller_identity = T::Identity::identity_of(seller).ok_or(BenchmarkError::Stop("verified seller"))?;
			assert_eq!(T::Tokens::identity_holding(token, seller_identity), 0);
		}
		Ok(())
	}

	/// A batch of `c` cash legs only (what each cash leg adds to a batch): each pays an
	/// account that does not hold the asset yet.
	#[benchmark]
	fn settle_cash_legs(c: Linear<1, { T::MaxCashLegs::get() }>) -> Result<(), BenchmarkError> {
		let (wallet, custodian) = custodian::<T>()?;
		let pay: CashBalanceOf<T> = 1_000u32.into();
		let asset = Helper::<T>::cash(&wallet, pay.saturating_mul(c.saturating_add(1).into()));
		let cash_legs: Vec<CashLegOf<T>> = (0..c)
			.map(|i| CashLeg { asset: asset.clone(), from: wallet.clone(), to: account("cash", i, 0), amount: pay })
			.collect();
		let cash_legs = BoundedVec::try_from(cash_legs).map_err(|_| BenchmarkError::Stop("cash legs within MaxCashLegs"))?;
		let batch_ref = ready_to_settle::<T>(custodian);

		#[extrinsic_call]
		settle(RawOrigin::Signed(wallet), batch_ref, BoundedVec::new(), cash_legs);

		assert!(BatchRefs::<T>::contains_key(custodian, batch_ref));
		Ok(())
	}

	/// `n` bindings at a suspended custodian, each with `MaxMandatesPerBinding` mandates (a
	/// binding holds at most that many mandates and kept suspensions together; removing a kept
	/// suspension costs less than removing a mandate, which also emits an event).
	#[benchmark]
	fn purge_custodian_accounts(n: Linear<0, 100>) -> Result<(), BenchmarkError> {
		let (_, custodian) = custodian::<T>()?;
		let tokens: Vec<TokenId> =
			(0..T::MaxMandatesPerBinding::get()).map(|_| Helper::<T>::token(&[], 0).0).collect();
		for i in 0..n {
			let (investor, _) = Helper::<T>::verified_account(3_000 + i, None);
			Pallet::<T>::do_bind_venue_account(&investor, custodian, venue_ref(i))?;
			for token in &tokens {
				Pallet::<T>::do_grant_mandate(&investor, custodian, *token, None, 1, None)?;
			}
		}
		Pallet::<T>::do_set_custodian_status(custodian, CustodianStatus::Suspended)?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		// A block starts with no events (see `settle`).
		frame_system::Pallet::<T>::reset_events();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, custodian, n);

		assert_eq!(Custodians::<T>::get(custodian).map(|c| c.bindings), Some(0));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
