//! Distributions: cash paid to whoever held a token at a record date (dividends, coupons,
//! rental income), with withholding tax by jurisdiction.
//!
//! Cash never leaves the payer's account before it is paid: the funding is held there (reason
//! `DistributionFunds`) and moved from the hold to each holder's wallet, to the tax account, or
//! released back. Rounding (docs/CORPORATE-ACTIONS.md): a holder's gross is floored per
//! partition, its tax is ⌈rate × gross⌉, its net is gross − tax; what rounding leaves (at most
//! one unit per eligible holder and partition) stays held and goes back with `reclaim`. A
//! holder's amounts depend only on its own balances and rate, never on the order of claims.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::MutateHold as _,
		fungibles,
		tokens::{Fortitude, Precision, Restriction},
		Time,
	},
	weights::Weight,
};
use polkadot_sdk::sp_core::H256;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::Zero,
	PerThing, Perbill, Permill, Rounding,
};

/// `create_distribution`'s arguments.
pub struct DistributionTerms<T: Config> {
	pub token: TokenId,
	pub checkpoint: CheckpointId,
	pub asset: AssetIdOf<T>,
	pub payout: PayoutOf<T>,
	pub pay_date: Moment,
	pub expiry: Moment,
	pub tax: TaxTableOf<T>,
	pub tax_account: T::AccountId,
	pub funding: CashBalance,
	pub notice: H256,
}

/// ⌊a × b / c⌋ without intermediate overflow; `None` when `c` is zero or the result does not
/// fit.
pub(crate) fn mul_div(a: u128, b: u128, c: u128) -> Option<u128> {
	if c == 0 {
		return None;
	}
	multiply_by_rational_with_rounding(a, b, c, Rounding::Down)
}

impl<T: Config> Pallet<T> {
	fn funds_reason() -> T::RuntimeHoldReason {
		HoldReason::DistributionFunds.into()
	}

	/// The weight a call returns: `base`, plus opening the distribution when it did.
	pub(crate) fn maybe_opened(base: Weight, opened: bool) -> Option<Weight> {
		Some(if opened { base.saturating_add(T::WeightInfo::open_distribution()) } else { base })
	}

	/// The payout's partitions exist, carry the dividends right and are named once; its rates
	/// are well formed; the tax table names each country once.
	fn check_terms(token: TokenId, payout: &PayoutOf<T>, tax: &TaxTableOf<T>) -> DispatchResult {
		let mut partitions = payout.partitions();
		ensure!(!partitions.is_empty(), Error::<T>::EmptyPayout);
		for partition in partitions.iter() {
			ensure!(T::Tokens::partition_has_right(token, *partition, PartitionRight::Dividends), Error::<T>::NoDividendRight);
		}
		partitions.sort_unstable();
		ensure!(partitions.windows(2).all(|pair| pair[0] != pair[1]), Error::<T>::Duplicate);
		let rates_ok = match payout {
			Payout::ProRata { .. } => true,
			Payout::PerUnit { rates } => rates.iter().all(|(_, rate)| rate.per != 0),
			Payout::Coupon { nominal, .. } => nominal.per != 0,
			Payout::Waterfall { tiers, .. } => tiers.iter().all(|(_, rate)| rate.per != 0),
		};
		ensure!(rates_ok, Error::<T>::InvalidRate);
		if let Payout::Coupon { nominal, rates } = payout {
			for (_, rate) in rates.iter() {
				Self::coupon_share(0, nominal, *rate)?;
			}
		}
		let mut countries: alloc::vec::Vec<_> = tax.rates.iter().map(|(country, _)| *country).collect();
		countries.sort_unstable_by_key(|country| country.0);
		ensure!(countries.windows(2).all(|pair| pair[0] != pair[1]), Error::<T>::Duplicate);
		Ok(())
	}

	/// A coupon's share: ⌊units × nominal.amount × rate / nominal.per⌋, with the rate in parts
	/// per billion.
	fn coupon_share(partition: PartitionId, nominal: &UnitRate, rate: Perbill) -> Result<Share, DispatchError> {
		let amount = nominal.amount.checked_mul(rate.deconstruct() as u128).ok_or(Error::<T>::Overflow)?;
		let per = nominal.per.checked_mul(Perbill::ACCURACY as u128).ok_or(Error::<T>::Overflow)?;
		Ok(Share { partition, amount, per })
	}

	/// The shares a payout fixes from the record date's `supply` of each partition, and the
	/// most they owe: Σ ⌊supply × amount / per⌋ (what rounding per holder can only lower).
	pub(crate) fn resolve(
		payout: &PayoutOf<T>,
		supply: impl Fn(PartitionId) -> TokenBalance,
	) -> Result<(BoundedVec<Share, T::MaxPartitions>, CashBalance), DispatchError> {
		let mut shares = alloc::vec::Vec::new();
		let pro_rata = |shares: &mut alloc::vec::Vec<Share>, total: CashBalance, partitions: &[PartitionId]| {
			let units = partitions
				.iter()
				.try_fold(0u128, |sum, partition| sum.checked_add(supply(*partition)))
				.ok_or(Error::<T>::Overflow)?;
			if units > 0 && total > 0 {
				shares.extend(partitions.iter().map(|partition| Share { partition: *partition, amount: total, per: units }));
			}
			Ok::<_, DispatchError>(())
		};
		match payout {
			Payout::ProRata { total, partitions } => pro_rata(&mut shares, *total, partitions)?,
			Payout::PerUnit { rates } => shares.extend(
				rates.iter().map(|(partition, rate)| Share { partition: *partition, amount: rate.amount, per: rate.per }),
			),
			Payout::Coupon { nominal, rates } =>
				for (partition, rate) in rates.iter() {
					shares.push(Self::coupon_share(*partition, nominal, *rate)?);
				},
			Payout::Waterfall { total, tiers, residual } => {
				let mut left = *total;
				for (partition, rate) in tiers.iter() {
					let units = supply(*partition);
					let owed = mul_div(units, rate.amount, rate.per).ok_or(Error::<T>::Overflow)?;
					let paid = owed.min(left);
					left = left.saturating_sub(paid);
					if units > 0 && paid > 0 {
						shares.push(Share { partition: *partition, amount: paid, per: units });
					}
				}
				pro_rata(&mut shares, left, residual)?;
			},
		}
		let mut required: CashBalance = 0;
		for share in shares.iter() {
			let owed = mul_div(supply(share.partition), share.amount, share.per).ok_or(Error::<T>::Overflow)?;
			required = required.checked_add(owed).ok_or(Error::<T>::Overflow)?;
		}
		Ok((BoundedVec::truncate_from(shares), required))
	}

	/// `identity`'s gross entitlement: Σ over the shares of ⌊units × amount / per⌋, its units
	/// at the record date over all its wallets. Reads the token's checkpoint list, at most one
	/// record per epoch since, and (no record) its live position.
	pub(crate) fn gross_of(distribution: &DistributionOf<T>, identity: IdentityId) -> Result<CashBalance, DispatchError> {
		let token = distribution.token;
		let record = Self::record_at(&Checkpoints::<T>::get(token), token, identity, distribution.checkpoint)
			.ok_or(Error::<T>::NotOpen)?;
		let mut gross: CashBalance = 0;
		for share in distribution.shares.iter() {
			let units = Self::units_in(&record, token, share.partition, identity);
			let owed = mul_div(units, share.amount, share.per).ok_or(Error::<T>::Overflow)?;
			gross = gross.checked_add(owed).ok_or(Error::<T>::Overflow)?;
		}
		Ok(gross)
	}

	/// The withholding rate for `identity` now: its override, else its jurisdiction's.
	fn rate_of(id: DistributionId, distribution: &DistributionOf<T>, identity: IdentityId) -> Permill {
		TaxOverrides::<T>::get(id, identity).unwrap_or_else(|| {
			distribution.tax.rate(T::Identity::jurisdiction(identity, Some(distribution.token), T::Time::now()))
		})
	}

	/// The caller is the payer or may manage the token's checkpoints.
	fn ensure_payer_or_manager(who: &T::AccountId, distribution: &DistributionOf<T>) -> DispatchResult {
		ensure!(
			*who == distribution.payer || T::Tokens::can_manage_checkpoints(distribution.token, who),
			Error::<T>::NotPayer
		);
		Ok(())
	}

	pub(crate) fn do_create_distribution(who: T::AccountId, terms: DistributionTerms<T>) -> DispatchResult {
		let DistributionTerms { token, checkpoint, asset, payout, pay_date, expiry, tax, tax_account, funding, notice } = terms;
		Self::ensure_manager(&who, token)?;
		Self::check_terms(token, &payout, &tax)?;
		let record_date = Checkpoints::<T>::get(token)
			.iter()
			.find(|listed| listed.id == checkpoint)
			.map(|listed| listed.record_date)
			.ok_or(Error::<T>::UnknownCheckpoint)?;
		ensure!(record_date <= pay_date && pay_date < expiry, Error::<T>::InvalidDates);
		Self::add_reference(token, checkpoint)?;
		let id = NextDistributionId::<T>::get();
		NextDistributionId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		if !funding.is_zero() {
			<T::Cash as fungibles::MutateHold<_>>::hold(asset.clone(), &Self::funds_reason(), &who, funding)?;
		}
		let deposit = T::DistributionDeposit::get();
		T::Currency::hold(&HoldReason::Distribution.into(), &who, deposit)?;
		let mut distribution = Distribution {
			token,
			checkpoint,
			asset,
			payer: who.clone(),
			payout,
			shares: BoundedVec::new(),
			pay_date,
			expiry,
			tax,
			tax_account,
			notice,
			state: DistributionState::Pending,
			funded: funding,
			required: 0,
			paid_net: 0,
			tax_withheld: 0,
			tax_swept: 0,
			claims: 0,
			overrides: 0,
			creator: who,
			deposit,
		};
		Self::deposit_event(Event::DistributionCreated {
			distribution: id,
			token,
			checkpoint,
			asset: distribution.asset.clone(),
			payer: distribution.payer.clone(),
			creator: distribution.creator.clone(),
			payout: distribution.payout.clone(),
			pay_date,
			expiry,
			tax: distribution.tax.clone(),
			tax_account: distribution.tax_account.clone(),
			notice,
			funded: funding,
		});
		// A past record date: the funding must cover it now.
		if record_date <= T::Time::now() {
			Self::open(id, &mut distribution)?;
		}
		Distributions::<T>::insert(id, distribution);
		Ok(())
	}

	/// Open a pending distribution: take the token's due checkpoints, fix the shares from the
	/// record date's supplies, release funding beyond what they can owe.
	fn open(id: DistributionId, distribution: &mut DistributionOf<T>) -> DispatchResult {
		ensure!(distribution.state == DistributionState::Pending, Error::<T>::NotPending);
		Self::take_due_now(distribution.token)?;
		let list = Checkpoints::<T>::get(distribution.token);
		let checkpoint =
			list.iter().find(|listed| listed.id == distribution.checkpoint).ok_or(Error::<T>::UnknownCheckpoint)?;
		ensure!(!checkpoint.is_scheduled(), Error::<T>::NotOpen);
		let (shares, required) = Self::resolve(&distribution.payout, |partition| checkpoint.supply(partition))?;
		ensure!(distribution.funded >= required, Error::<T>::Underfunded);
		let released = distribution.funded.saturating_sub(required);
		if !released.is_zero() {
			<T::Cash as fungibles::MutateHold<_>>::release(
				distribution.asset.clone(),
				&Self::funds_reason(),
				&distribution.payer,
				released,
				Precision::Exact,
			)?;
		}
		distribution.funded = required;
		distribution.required = required;
		distribution.shares = shares;
		distribution.state = DistributionState::Open;
		Self::deposit_event(Event::DistributionOpened {
			distribution: id,
			shares: distribution.shares.to_vec(),
			required,
			released,
		});
		Ok(())
	}

	/// Open it if pending; whether this opened it. Closed: `Closed`.
	fn ensure_open(id: DistributionId, distribution: &mut DistributionOf<T>) -> Result<bool, DispatchError> {
		match distribution.state {
			DistributionState::Open => Ok(false),
			DistributionState::Pending => Self::open(id, distribution).map(|()| true),
			DistributionState::Cancelled | DistributionState::Reclaimed => Err(Error::<T>::Closed.into()),
		}
	}

	pub(crate) fn do_top_up(who: T::AccountId, id: DistributionId, amount: CashBalance) -> DispatchResult {
		let mut distribution = Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		ensure!(who == distribution.payer, Error::<T>::NotPayer);
		ensure!(distribution.state == DistributionState::Pending, Error::<T>::NotPending);
		<T::Cash as fungibles::MutateHold<_>>::hold(distribution.asset.clone(), &Self::funds_reason(), &who, amount)?;
		distribution.funded = distribution.funded.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Self::deposit_event(Event::DistributionFunded { distribution: id, amount, funded: distribution.funded });
		// Opens it when it can; still pending (record date to come, still short) is fine.
		let _ = with_storage_layer(|| Self::open(id, &mut distribution));
		Distributions::<T>::insert(id, distribution);
		Ok(())
	}

	pub(crate) fn do_open(id: DistributionId) -> DispatchResult {
		let mut distribution = Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		Self::open(id, &mut distribution)?;
		Distributions::<T>::insert(id, distribution);
		Ok(())
	}

	/// Pay `identity` its entitlement into `wallet`. The distribution is open and in its pay
	/// window.
	fn pay(
		id: DistributionId,
		distribution: &mut DistributionOf<T>,
		identity: IdentityId,
		wallet: &T::AccountId,
		pushed: bool,
	) -> DispatchResult {
		ensure!(!Payments::<T>::contains_key(id, identity), Error::<T>::AlreadyPaid);
		let gross = Self::gross_of(distribution, identity)?;
		ensure!(!gross.is_zero(), Error::<T>::NothingOwed);
		// Σ gross ≤ required = funded: never more than what is held for it.
		ensure!(gross <= distribution.remaining(), Error::<T>::Underfunded);
		let rate = Self::rate_of(id, distribution, identity);
		let tax = rate.mul_ceil(gross);
		let net = gross.saturating_sub(tax);
		if !net.is_zero() {
			<T::Cash as fungibles::MutateHold<_>>::transfer_on_hold(
				distribution.asset.clone(),
				&Self::funds_reason(),
				&distribution.payer,
				wallet,
				net,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		}
		Payments::<T>::insert(id, identity, Payment { gross, rate, tax });
		distribution.paid_net = distribution.paid_net.saturating_add(net);
		distribution.tax_withheld = distribution.tax_withheld.saturating_add(tax);
		distribution.claims = distribution.claims.saturating_add(1);
		Self::deposit_event(Event::Paid { distribution: id, identity, wallet: wallet.clone(), gross, tax, rate, pushed });
		Ok(())
	}

	/// Open (if pending) and in the pay window.
	fn ensure_payable(id: DistributionId, distribution: &mut DistributionOf<T>) -> Result<bool, DispatchError> {
		let now = T::Time::now();
		ensure!(now >= distribution.pay_date, Error::<T>::BeforePayDate);
		ensure!(now < distribution.expiry, Error::<T>::Expired);
		Self::ensure_open(id, distribution)
	}

	/// Whether this opened the distribution.
	pub(crate) fn do_claim(who: T::AccountId, id: DistributionId, pay_to: Option<T::AccountId>) -> Result<bool, DispatchError> {
		let mut distribution = Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		let identity = T::Identity::identity_of(&who).ok_or(Error::<T>::NoIdentity)?;
		let wallet = match pay_to {
			Some(wallet) => {
				ensure!(T::Identity::identity_of(&wallet) == Some(identity), Error::<T>::NotYourWallet);
				wallet
			},
			None => who,
		};
		let opened = Self::ensure_payable(id, &mut distribution)?;
		Self::pay(id, &mut distribution, identity, &wallet, false)?;
		Distributions::<T>::insert(id, distribution);
		Ok(opened)
	}

	/// Whether this opened the distribution.
	pub(crate) fn do_push(
		who: T::AccountId,
		id: DistributionId,
		identities: BoundedVec<IdentityId, T::MaxPushPerCall>,
	) -> Result<bool, DispatchError> {
		let mut distribution = Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		Self::ensure_manager(&who, distribution.token)?;
		let opened = Self::ensure_payable(id, &mut distribution)?;
		let (mut paid, mut skipped) = (0u32, 0u32);
		for identity in identities {
			// Each payment whole or not at all; one that cannot be made does not stop the rest.
			let outcome = with_storage_layer(|| {
				let wallet = T::Identity::primary_wallet(identity).ok_or(Error::<T>::NoIdentity)?;
				let mut next = distribution.clone();
				Self::pay(id, &mut next, identity, &wallet, true)?;
				Ok::<_, DispatchError>(next)
			});
			match outcome {
				Ok(next) => {
					distribution = next;
					paid = paid.saturating_add(1);
				},
				Err(_) => skipped = skipped.saturating_add(1),
			}
		}
		Self::deposit_event(Event::Pushed { distribution: id, paid, skipped });
		Distributions::<T>::insert(id, distribution);
		Ok(opened)
	}

	pub(crate) fn do_set_tax_override(
		who: T::AccountId,
		id: DistributionId,
		identity: IdentityId,
		rate: Option<Permill>,
	) -> DispatchResult {
		let mut distribution = Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		Self::ensure_manager(&who, distribution.token)?;
		ensure!(!distribution.is_closed(), Error::<T>::Closed);
		ensure!(!Payments::<T>::contains_key(id, identity), Error::<T>::AlreadyPaid);
		let existed = TaxOverrides::<T>::contains_key(id, identity);
		match rate {
			Some(rate) => {
				if !existed {
					ensure!(distribution.overrides < T::MaxTaxOverrides::get(), Error::<T>::TooManyOverrides);
					distribution.overrides = distribution.overrides.saturating_add(1);
				}
				TaxOverrides::<T>::insert(id, identity, rate);
			},
			None =>
				if existed {
					TaxOverrides::<T>::remove(id, identity);
					distribution.overrides = distribution.overrides.saturating_sub(1);
				},
		}
		Distributions::<T>::insert(id, distribution);
		Self::deposit_event(Event::TaxOverrideSet { distribution: id, identity, rate });
		Ok(())
	}

	pub(crate) fn do_sweep_tax(id: DistributionId) -> DispatchResult {
		let mut distribution = Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		let amount = distribution.unswept_tax();
		ensure!(!amount.is_zero(), Error::<T>::NothingToSweep);
		<T::Cash as fungibles::MutateHold<_>>::transfer_on_hold(
			distribution.asset.clone(),
			&Self::funds_reason(),
			&distribution.payer,
			&distribution.tax_account,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Force,
		)?;
		distribution.tax_swept = distribution.tax_withheld;
		Self::deposit_event(Event::TaxSwept { distribution: id, to: distribution.tax_account.clone(), amount });
		Distributions::<T>::insert(id, distribution);
		Ok(())
	}

	/// Close: release what is left to the payer, drop the checkpoint reference.
	fn close(distribution: &mut DistributionOf<T>, state: DistributionState) -> Result<CashBalance, DispatchError> {
		let released = distribution.remaining();
		if !released.is_zero() {
			<T::Cash as fungibles::MutateHold<_>>::release(
				distribution.asset.clone(),
				&Self::funds_reason(),
				&distribution.payer,
				released,
				Precision::Exact,
			)?;
		}
		distribution.funded = distribution.funded.saturating_sub(released);
		distribution.state = state;
		Self::remove_reference(distribution.token, distribution.checkpoint)?;
		Ok(released)
	}

	pub(crate) fn do_reclaim(who: T::AccountId, id: DistributionId) -> DispatchResult {
		let mut distribution = Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		Self::ensure_payer_or_manager(&who, &distribution)?;
		ensure!(!distribution.is_closed(), Error::<T>::Closed);
		ensure!(T::Time::now() >= distribution.expiry, Error::<T>::NotExpired);
		let released = Self::close(&mut distribution, DistributionState::Reclaimed)?;
		Self::deposit_event(Event::DistributionReclaimed { distribution: id, released });
		Distributions::<T>::insert(id, distribution);
		Ok(())
	}

	pub(crate) fn do_cancel(who: T::AccountId, id: DistributionId) -> DispatchResult {
		let mut distribution = Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		Self::ensure_payer_or_manager(&who, &distribution)?;
		ensure!(!distribution.is_closed(), Error::<T>::Closed);
		ensure!(T::Time::now() < distribution.pay_date, Error::<T>::TooLate);
		let released = Self::close(&mut distribution, DistributionState::Cancelled)?;
		Self::deposit_event(Event::DistributionCancelled { distribution: id, released });
		Distributions::<T>::insert(id, distribution);
		Ok(())
	}

	/// How many records were removed.
	pub(crate) fn do_clear_distribution(id: DistributionId, limit: u32) -> Result<u32, DispatchError> {
		ensure!(limit <= T::MaxClearPerCall::get(), Error::<T>::LimitTooHigh);
		let mut distribution = Distributions::<T>::get(id).ok_or(Error::<T>::UnknownDistribution)?;
		ensure!(distribution.is_closed(), Error::<T>::NotClosed);
		ensure!(distribution.unswept_tax().is_zero(), Error::<T>::TaxNotSwept);
		// Keys first, then removals (no writes while iterating); one more key than the budget
		// tells whether the prefix is done.
		let mut removed = 0u32;
		let payments: alloc::vec::Vec<IdentityId> = Payments::<T>::iter_key_prefix(id).take(limit as usize + 1).collect();
		let payments_done = payments.len() <= limit as usize;
		for identity in payments.into_iter().take(limit as usize) {
			Payments::<T>::remove(id, identity);
			removed = removed.saturating_add(1);
		}
		distribution.claims = distribution.claims.saturating_sub(removed);
		let budget = limit.saturating_sub(removed);
		if payments_done {
			let overrides: alloc::vec::Vec<IdentityId> =
				TaxOverrides::<T>::iter_key_prefix(id).take(budget as usize + 1).collect();
			let overrides_done = overrides.len() <= budget as usize;
			for identity in overrides.into_iter().take(budget as usize) {
				TaxOverrides::<T>::remove(id, identity);
				removed = removed.saturating_add(1);
				distribution.overrides = distribution.overrides.saturating_sub(1);
			}
			if overrides_done {
				let _ = T::Currency::release(
					&HoldReason::Distribution.into(),
					&distribution.creator,
					distribution.deposit,
					Precision::BestEffort,
				);
				Distributions::<T>::remove(id);
				Self::deposit_event(Event::DistributionRemoved { distribution: id });
				return Ok(removed);
			}
		}
		Distributions::<T>::insert(id, distribution);
		Ok(removed)
	}

	/// An identity's entitlement in an open or closed distribution (`None`: unknown or pending).
	pub fn entitlement_of(id: DistributionId, identity: IdentityId) -> Option<Entitlement> {
		let distribution = Distributions::<T>::get(id)?;
		if distribution.state == DistributionState::Pending || distribution.state == DistributionState::Cancelled {
			return None;
		}
		if let Some(Payment { gross, rate, tax }) = Payments::<T>::get(id, identity) {
			return Some(Entitlement { gross, rate, tax, net: gross.saturating_sub(tax), claimed: true });
		}
		let gross = Self::gross_of(&distribution, identity).ok()?;
		let rate = Self::rate_of(id, &distribution, identity);
		let tax = rate.mul_ceil(gross);
		Some(Entitlement { gross, rate, tax, net: gross.saturating_sub(tax), claimed: false })
	}
}
