//! Batch settlement: the batch-level checks, each leg's authorization and movement, the
//! remembered batch references, and the preview (the same code, in a storage transaction that
//! is always rolled back).

use crate::*;
use frame_support::{
	pallet_prelude::*,
	storage::{with_transaction, TransactionOutcome},
	traits::{
		fungibles,
		tokens::{DepositConsequence, Preservation, Provenance, WithdrawConsequence},
		Time,
	},
};
use alloc::vec::Vec;
use polkadot_sdk::sp_core::H256;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The benchmarked weight of a batch of `legs` token legs and `cash_legs` cash legs
	/// (without the tokens' rules): the token-leg benchmark (the batch's fixed part included)
	/// plus what the cash legs add in theirs. Two one-dimensional benchmarks rather than one
	/// over both components: with one, each component is varied while the other stays at its
	/// maximum, and the interaction between them (a cash leg costs more in a batch of few
	/// token legs) made the fitted fixed part milliseconds too high.
	pub fn settle_weight(legs: u32, cash_legs: u32) -> Weight {
		let cash = T::WeightInfo::settle_cash_legs(cash_legs).saturating_sub(T::WeightInfo::settle_cash_legs(0));
		T::WeightInfo::settle(legs).saturating_add(cash)
	}

	/// The custodian `who` acts for, if it may settle now (registered, active, licensed to
	/// settle, verified); the batch-level refusals.
	pub(crate) fn settling_custodian(who: &T::AccountId) -> Result<IdentityId, BatchFailure> {
		let custodian = T::Identity::identity_of(who).ok_or(BatchFailure::NotCustodian)?;
		let record = Custodians::<T>::get(custodian).ok_or(BatchFailure::NotCustodian)?;
		if record.status != CustodianStatus::Active {
			return Err(BatchFailure::CustodianSuspended);
		}
		if !record.roles.may_settle() {
			return Err(BatchFailure::NotLicensedToSettle);
		}
		// Registration checked the custodian's verification once; a settlement moves investors'
		// tokens on its authority, so it must still be verified now.
		if !T::Identity::is_verified(custodian, None, T::Time::now()) {
			return Err(BatchFailure::CustodianNotVerified);
		}
		Ok(custodian)
	}

	/// Settle a batch: batch-level checks, then every token leg and every cash leg in order
	/// inside one storage transaction, committed only if all settle.
	pub(crate) fn do_settle(
		who: &T::AccountId,
		batch_ref: H256,
		legs: &[LegOf<T>],
		cash_legs: &[CashLegOf<T>],
	) -> DispatchResult {
		let custodian = Self::settling_custodian(who).map_err(Error::<T>::from)?;
		ensure!(!legs.is_empty() || !cash_legs.is_empty(), Error::<T>::EmptyBatch);
		ensure!(!BatchRefs::<T>::contains_key(custodian, batch_ref), Error::<T>::DuplicateBatchRef);
		let now = T::Time::now();
		with_transaction(|| {
			let outcome = (|| -> DispatchResult {
				for (index, leg) in legs.iter().enumerate() {
					// `MaxLegs` ≤ 256 (integrity test): the index fits a byte.
					let status = Self::settle_token_leg(custodian, who, batch_ref, index as u32, leg, now);
					if let Some(error) = Self::leg_error(index as LegIndex, status) {
						return Err(error);
					}
				}
				for (index, leg) in cash_legs.iter().enumerate() {
					Self::pay_cash_leg(custodian, batch_ref, index as u32, leg)
						.map_err(|reason| Error::<T>::CashLegFailed { leg: index as LegIndex, reason })?;
				}
				Self::remember_batch_ref(custodian, batch_ref);
				#[cfg(feature = "upgrade-test")]
				Custodians::<T>::mutate(custodian, |record| {
					if let Some(record) = record {
						record.settled_batches = record.settled_batches.saturating_add(1);
					}
				});
				Self::deposit_event(Event::BatchSettled {
					custodian,
					batch_ref,
					submitter: who.clone(),
					legs: legs.len() as u32,
					cash_legs: cash_legs.len() as u32,
				});
				Ok(())
			})();
			match outcome {
				Ok(()) => TransactionOutcome::Commit(Ok(())),
				Err(error) => TransactionOutcome::Rollback(Err(error)),
			}
		})
	}

	/// The error naming a failed token leg and its reason (`None`: it settles).
	fn leg_error(leg: LegIndex, status: LegStatus) -> Option<DispatchError> {
		let error = match status {
			LegStatus::Settles => return None,
			LegStatus::NotAuthorized(reason) => Error::<T>::LegNotAuthorized { leg, reason },
			LegStatus::Refused(TransferFailure::Compliance(_, reason)) => Error::<T>::LegNonCompliant { leg, reason },
			LegStatus::Refused(failure) => Error::<T>::LegRefused { leg, reason: Refusal::of(failure) },
		};
		Some(error.into())
	}

	/// Authorize a token leg and move it through the token's movement path; on success the
	/// mandate (if one was used) records the consumption and `LegSettled` is emitted. Writes
	/// nothing unless it settles.
	pub(crate) fn settle_token_leg(
		custodian: IdentityId,
		submitter: &T::AccountId,
		batch_ref: H256,
		index: u32,
		leg: &LegOf<T>,
		now: Moment,
	) -> LegStatus {
		match Self::try_settle_token_leg(custodian, submitter, batch_ref, index, leg, now) {
			Ok(()) => LegStatus::Settles,
			Err(status) => status,
		}
	}

	/// [`Self::settle_token_leg`], failing with the leg's status.
	fn try_settle_token_leg(
		custodian: IdentityId,
		submitter: &T::AccountId,
		batch_ref: H256,
		index: u32,
		leg: &LegOf<T>,
		now: Moment,
	) -> Result<(), LegStatus> {
		let investor = T::Identity::identity_of(&leg.from)
			.ok_or(LegStatus::NotAuthorized(MandateFailure::SenderNoIdentity))?;
		// The custodian's own wallets need no mandate.
		let mandate = if investor == custodian {
			None
		} else {
			let mut mandate = Mandates::<T>::get((investor, custodian, leg.token))
				.ok_or(LegStatus::NotAuthorized(MandateFailure::NoMandate))?;
			mandate.authorizes(leg.partition, leg.amount, now).map_err(LegStatus::NotAuthorized)?;
			// `authorizes` checked `amount ≤ cap − consumed`.
			mandate.consumed = mandate.consumed.saturating_add(leg.amount);
			Some(mandate)
		};
		T::Tokens::settle_leg(leg.token, leg.partition, &leg.from, &leg.to, leg.amount, submitter, batch_ref)
			.map_err(LegStatus::Refused)?;
		let mandate_remaining = mandate.map(|mandate| {
			let remaining = mandate.remaining();
			Mandates::<T>::insert((investor, custodian, leg.token), mandate);
			remaining
		});
		Self::deposit_event(Event::LegSettled {
			custodian,
			batch_ref,
			leg: index,
			investor,
			mandate_remaining,
		});
		Ok(())
	}

	/// Pay a cash leg from a wallet of the custodian; `CashLegSettled` on success. Writes
	/// nothing on failure.
	pub(crate) fn pay_cash_leg(
		custodian: IdentityId,
		batch_ref: H256,
		index: u32,
		leg: &CashLegOf<T>,
	) -> Result<(), CashFailure> {
		if T::Identity::identity_of(&leg.from) != Some(custodian) {
			return Err(CashFailure::NotFromCustodian);
		}
		if leg.amount.is_zero() {
			return Err(CashFailure::ZeroAmount);
		}
		// The asset pallet's own checks, named (a transfer would only say "failed").
		match <T::Assets as fungibles::Inspect<T::AccountId>>::can_withdraw(leg.asset.clone(), &leg.from, leg.amount) {
			WithdrawConsequence::Success | WithdrawConsequence::ReducedToZero(_) => {},
			WithdrawConsequence::BalanceLow => return Err(CashFailure::InsufficientFunds),
			WithdrawConsequence::WouldDie => return Err(CashFailure::WouldDie),
			WithdrawConsequence::UnknownAsset => return Err(CashFailure::UnknownAsset),
			WithdrawConsequence::Frozen => return Err(CashFailure::Frozen),
			WithdrawConsequence::Underflow | WithdrawConsequence::Overflow => return Err(CashFailure::Overflow),
		}
		match <T::Assets as fungibles::Inspect<T::AccountId>>::can_deposit(
			leg.asset.clone(),
			&leg.to,
			leg.amount,
			Provenance::Extant,
		) {
			DepositConsequence::Success => {},
			DepositConsequence::BelowMinimum => return Err(CashFailure::BelowMinimum),
			DepositConsequence::CannotCreate => return Err(CashFailure::CannotCreate),
			DepositConsequence::UnknownAsset => return Err(CashFailure::UnknownAsset),
			DepositConsequence::Overflow => return Err(CashFailure::Overflow),
			DepositConsequence::Blocked => return Err(CashFailure::Blocked),
		}
		<T::Assets as fungibles::Mutate<T::AccountId>>::transfer(
			leg.asset.clone(),
			&leg.from,
			&leg.to,
			leg.amount,
			Preservation::Expendable,
		)
		.map_err(|_| CashFailure::Refused)?;
		Self::deposit_event(Event::CashLegSettled {
			custodian,
			batch_ref,
			leg: index,
			asset: leg.asset.clone(),
			from: leg.from.clone(),
			to: leg.to.clone(),
			amount: leg.amount,
		});
		Ok(())
	}

	/// Remember `batch_ref` in the custodian's ring, forgetting the reference its slot held.
	pub(crate) fn remember_batch_ref(custodian: IdentityId, batch_ref: H256) {
		let history = T::BatchRefHistory::get().max(1);
		let slot = NextBatchSlot::<T>::get(custodian) % history;
		if let Some(old) = BatchRefRing::<T>::get(custodian, slot) {
			BatchRefs::<T>::remove(custodian, old);
		}
		BatchRefRing::<T>::insert(custodian, slot, batch_ref);
		BatchRefs::<T>::insert(custodian, batch_ref, slot);
		NextBatchSlot::<T>::insert(custodian, (slot + 1) % history);
	}

	/// What settling the batch would meet now: the batch-level verdict and every leg's status,
	/// by the very code `settle` runs, inside a storage transaction that is always rolled back
	/// (so each leg sees the state the earlier legs leave, as in `settle`). A failing leg
	/// writes nothing; the legs after it are still evaluated.
	pub fn settlement_preview(
		submitter: &T::AccountId,
		batch_ref: H256,
		legs: &[LegOf<T>],
		cash_legs: &[CashLegOf<T>],
	) -> SettlementPreview {
		let mut preview = SettlementPreview::default();
		let custodian = match Self::settling_custodian(submitter) {
			Ok(custodian) => custodian,
			Err(failure) => {
				preview.batch = Some(failure);
				match T::Identity::identity_of(submitter).filter(|id| Custodians::<T>::contains_key(id)) {
					Some(custodian) => custodian,
					// Without a custodian no mandate can be looked up: legs are not evaluated.
					None => return preview,
				}
			},
		};
		if preview.batch.is_none() {
			if legs.is_empty() && cash_legs.is_empty() {
				preview.batch = Some(BatchFailure::EmptyBatch);
			} else if BatchRefs::<T>::contains_key(custodian, batch_ref) {
				preview.batch = Some(BatchFailure::DuplicateBatchRef);
			}
		}
		let now = T::Time::now();
		let evaluated = with_transaction(|| {
			let legs: Vec<LegStatus> = legs
				.iter()
				.enumerate()
				.map(|(index, leg)| Self::settle_token_leg(custodian, submitter, batch_ref, index as u32, leg, now))
				.collect();
			let cash: Vec<CashLegStatus> = cash_legs
				.iter()
				.enumerate()
				.map(|(index, leg)| match Self::pay_cash_leg(custodian, batch_ref, index as u32, leg) {
					Ok(()) => CashLegStatus::Settles,
					Err(reason) => CashLegStatus::Failed(reason),
				})
				.collect();
			TransactionOutcome::Rollback(Ok::<_, DispatchError>((legs, cash)))
		});
		if let Ok((legs, cash)) = evaluated {
			preview.legs = legs;
			preview.cash_legs = cash;
		}
		preview
	}
}

impl<T: Config> From<BatchFailure> for Error<T> {
	fn from(failure: BatchFailure) -> Self {
		match failure {
			BatchFailure::NotCustodian => Error::NotCustodian,
			BatchFailure::CustodianSuspended => Error::CustodianSuspended,
			BatchFailure::NotLicensedToSettle => Error::NotLicensedToSettle,
			BatchFailure::EmptyBatch => Error::EmptyBatch,
			BatchFailure::DuplicateBatchRef => Error::DuplicateBatchRef,
			BatchFailure::CustodianNotVerified => Error::CustodianNotVerified,
		}
	}
}
