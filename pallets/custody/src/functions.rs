//! The registry, binding and mandate calls' logic, the reads, and the invariants.

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{ensure, pallet_prelude::*, traits::Time};
use polkadot_sdk::sp_core::H256;

impl<T: Config> Pallet<T> {
	/// The identity of the caller's wallet.
	pub(crate) fn caller_identity(who: &T::AccountId) -> Result<IdentityId, DispatchError> {
		T::Identity::identity_of(who).ok_or_else(|| Error::<T>::NoIdentity.into())
	}

	/// The caller's identity, if it is verified now (a valid KYC claim).
	pub(crate) fn verified_caller(who: &T::AccountId) -> Result<IdentityId, DispatchError> {
		let identity = Self::caller_identity(who)?;
		ensure!(T::Identity::is_verified(identity, None, T::Time::now()), Error::<T>::NotVerified);
		Ok(identity)
	}

	/// The custodian, if it is registered and active.
	pub(crate) fn active_custodian(custodian: IdentityId) -> Result<Custodian, DispatchError> {
		let record = Custodians::<T>::get(custodian).ok_or(Error::<T>::UnknownCustodian)?;
		ensure!(record.status == CustodianStatus::Active, Error::<T>::CustodianSuspended);
		Ok(record)
	}

	// --- custodian registry -----------------------------------------------------------------

	pub(crate) fn do_register_custodian(wallet: &T::AccountId, roles: LicensedRoles) -> DispatchResult {
		let custodian = Self::verified_caller(wallet)?;
		ensure!(roles.any(), Error::<T>::NoRoles);
		ensure!(!Custodians::<T>::contains_key(custodian), Error::<T>::AlreadyCustodian);
		Custodians::<T>::insert(
			custodian,
			Custodian {
				roles,
				status: CustodianStatus::Active,
				bindings: 0,
				#[cfg(feature = "upgrade-test")]
				settled_batches: 0,
			},
		);
		Self::deposit_event(Event::CustodianRegistered { custodian, roles });
		Ok(())
	}

	pub(crate) fn do_set_custodian_roles(custodian: IdentityId, roles: LicensedRoles) -> DispatchResult {
		ensure!(roles.any(), Error::<T>::NoRoles);
		Custodians::<T>::try_mutate(custodian, |record| {
			let record = record.as_mut().ok_or(Error::<T>::UnknownCustodian)?;
			record.roles = roles;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::CustodianRolesSet { custodian, roles });
		Ok(())
	}

	pub(crate) fn do_set_custodian_status(custodian: IdentityId, status: CustodianStatus) -> DispatchResult {
		Custodians::<T>::try_mutate(custodian, |record| {
			let record = record.as_mut().ok_or(Error::<T>::UnknownCustodian)?;
			ensure!(
				record.status != status,
				match status {
					CustodianStatus::Suspended => Error::<T>::CustodianSuspended,
					CustodianStatus::Active => Error::<T>::CustodianNotSuspended,
				}
			);
			record.status = status;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(match status {
			CustodianStatus::Suspended => Event::CustodianSuspended { custodian },
			CustodianStatus::Active => Event::CustodianReinstated { custodian },
		});
		Ok(())
	}

	pub(crate) fn do_remove_custodian(custodian: IdentityId) -> DispatchResult {
		let record = Custodians::<T>::get(custodian).ok_or(Error::<T>::UnknownCustodian)?;
		ensure!(record.bindings == 0, Error::<T>::CustodianInUse);
		Custodians::<T>::remove(custodian);
		Self::deposit_event(Event::CustodianRemoved { custodian });
		Ok(())
	}

	/// Remove up to `limit` venue bindings at a suspended custodian with their mandates;
	/// returns how many bindings were removed.
	pub(crate) fn do_purge_custodian_accounts(custodian: IdentityId, limit: u32) -> Result<u32, DispatchError> {
		let mut record = Custodians::<T>::get(custodian).ok_or(Error::<T>::UnknownCustodian)?;
		ensure!(record.status == CustodianStatus::Suspended, Error::<T>::CustodianNotSuspended);
		let accounts: Vec<(H256, IdentityId)> =
			VenueAccounts::<T>::iter_prefix(custodian).take(limit as usize).collect();
		for (account_ref, investor) in &accounts {
			let investor = *investor;
			// At most `MaxMandatesPerBinding`, mandates and kept suspensions together.
			let tokens: Vec<TokenId> = Mandates::<T>::iter_key_prefix((investor, custodian)).collect();
			for token in tokens {
				Mandates::<T>::remove((investor, custodian, token));
				Self::deposit_event(Event::MandateRevoked { investor, custodian, token });
			}
			let kept: Vec<TokenId> = SuspensionsKept::<T>::iter_key_prefix((investor, custodian)).collect();
			for token in kept {
				SuspensionsKept::<T>::remove((investor, custodian, token));
			}
			Bindings::<T>::remove(investor, custodian);
			VenueAccounts::<T>::remove(custodian, account_ref);
			BindingCount::<T>::mutate_exists(investor, |count| {
				let next = count.unwrap_or(0).saturating_sub(1);
				*count = (next > 0).then_some(next);
			});
			record.bindings = record.bindings.saturating_sub(1);
			Self::deposit_event(Event::VenueAccountUnbound { investor, custodian, account_ref: *account_ref });
		}
		Custodians::<T>::insert(custodian, record);
		Ok(accounts.len() as u32)
	}

	// --- venue bindings ---------------------------------------------------------------------

	pub(crate) fn do_bind_venue_account(who: &T::AccountId, custodian: IdentityId, account_ref: H256) -> DispatchResult {
		let investor = Self::verified_caller(who)?;
		let mut record = Self::active_custodian(custodian)?;
		if let Some(holder) = VenueAccounts::<T>::get(custodian, account_ref) {
			ensure!(holder == investor, Error::<T>::AccountRefTaken);
		}
		match Bindings::<T>::get(investor, custodian) {
			Some(mut binding) => {
				// A new account reference at the same venue: the old one is free again.
				VenueAccounts::<T>::remove(custodian, binding.account_ref);
				binding.account_ref = account_ref;
				Bindings::<T>::insert(investor, custodian, binding);
			},
			None => {
				let count = BindingCount::<T>::get(investor);
				ensure!(count < T::MaxBindingsPerIdentity::get(), Error::<T>::TooManyBindings);
				BindingCount::<T>::insert(investor, count.saturating_add(1));
				record.bindings = record.bindings.saturating_add(1);
				Custodians::<T>::insert(custodian, record);
				Bindings::<T>::insert(investor, custodian, VenueBinding { account_ref, mandates: 0 });
			},
		}
		VenueAccounts::<T>::insert(custodian, account_ref, investor);
		Self::deposit_event(Event::VenueAccountBound { investor, custodian, account_ref });
		Ok(())
	}

	pub(crate) fn do_unbind_venue_account(who: &T::AccountId, custodian: IdentityId) -> DispatchResult {
		let investor = Self::caller_identity(who)?;
		let binding = Bindings::<T>::get(investor, custodian).ok_or(Error::<T>::NotBound)?;
		ensure!(binding.mandates == 0, Error::<T>::MandatesOutstanding);
		Bindings::<T>::remove(investor, custodian);
		VenueAccounts::<T>::remove(custodian, binding.account_ref);
		BindingCount::<T>::mutate_exists(investor, |count| {
			let next = count.unwrap_or(0).saturating_sub(1);
			*count = (next > 0).then_some(next);
		});
		// A binding exists only for a registered custodian (removal needs no bindings).
		Custodians::<T>::mutate(custodian, |record| {
			if let Some(record) = record {
				record.bindings = record.bindings.saturating_sub(1);
			}
		});
		Self::deposit_event(Event::VenueAccountUnbound { investor, custodian, account_ref: binding.account_ref });
		Ok(())
	}

	// --- mandates ---------------------------------------------------------------------------

	pub(crate) fn do_grant_mandate(
		who: &T::AccountId,
		custodian: IdentityId,
		token: TokenId,
		partition: Option<PartitionId>,
		cap: TokenBalance,
		expiry: Option<Moment>,
	) -> DispatchResult {
		let investor = Self::verified_caller(who)?;
		Self::active_custodian(custodian)?;
		let mut binding = Bindings::<T>::get(investor, custodian).ok_or(Error::<T>::NotBound)?;
		let partitions = T::Tokens::partition_count(token).ok_or(Error::<T>::UnknownToken)?;
		if let Some(partition) = partition {
			ensure!((partition as u32) < partitions, Error::<T>::UnknownPartition);
		}
		ensure!(cap > 0, Error::<T>::ZeroCap);
		let now = T::Time::now();
		ensure!(expiry.is_none_or(|expiry| expiry > now), Error::<T>::ExpiryInPast);
		let key = (investor, custodian, token);
		let previous = Mandates::<T>::get(key);
		// A suspension kept from a revoked mandate moves back into the new one (its slot in the
		// binding's count is already taken).
		let kept = previous.is_none() && SuspensionsKept::<T>::take(key).is_some();
		if previous.is_none() && !kept {
			ensure!(binding.mandates < T::MaxMandatesPerBinding::get(), Error::<T>::TooManyMandates);
			binding.mandates = binding.mandates.saturating_add(1);
			Bindings::<T>::insert(investor, custodian, binding);
		}
		let mandate = Mandate {
			partition,
			cap,
			consumed: 0,
			expiry,
			// The investor cannot lift the token authority's suspension by granting again,
			// neither over the suspended mandate nor after revoking it.
			suspended: previous.map_or(kept, |mandate| mandate.suspended),
			granted_at: now,
		};
		Mandates::<T>::insert((investor, custodian, token), mandate);
		Self::deposit_event(Event::MandateGranted { investor, custodian, token, partition, cap, expiry });
		Ok(())
	}

	pub(crate) fn do_revoke_mandate(who: &T::AccountId, custodian: IdentityId, token: TokenId) -> DispatchResult {
		let investor = Self::caller_identity(who)?;
		let key = (investor, custodian, token);
		let mandate = Mandates::<T>::take(key).ok_or(Error::<T>::NoMandate)?;
		if mandate.suspended {
			// The authority goes at once; the token authority's suspension stays, in the
			// mandate's slot of the binding, for a mandate granted again.
			SuspensionsKept::<T>::insert(key, ());
		} else {
			Self::release_binding_slot(investor, custodian);
		}
		Self::deposit_event(Event::MandateRevoked { investor, custodian, token });
		Ok(())
	}

	/// One mandate (or kept suspension) fewer in the investor's binding at `custodian`.
	fn release_binding_slot(investor: IdentityId, custodian: IdentityId) {
		// A mandate or kept suspension exists only with its binding (unbinding needs none).
		Bindings::<T>::mutate(investor, custodian, |binding| {
			if let Some(binding) = binding {
				binding.mandates = binding.mandates.saturating_sub(1);
			}
		});
	}

	pub(crate) fn do_set_mandate_suspended(
		who: &T::AccountId,
		investor: IdentityId,
		custodian: IdentityId,
		token: TokenId,
		suspended: bool,
	) -> DispatchResult {
		ensure!(T::Tokens::token_exists(token), Error::<T>::UnknownToken);
		ensure!(T::Tokens::can_manage_compliance(token, who), Error::<T>::NotAuthorized);
		let key = (investor, custodian, token);
		Mandates::<T>::try_mutate(key, |mandate| {
			let Some(mandate) = mandate.as_mut() else {
				// No mandate: only a suspension kept from a revoked one can be resumed.
				ensure!(SuspensionsKept::<T>::contains_key(key), Error::<T>::NoMandate);
				ensure!(!suspended, Error::<T>::MandateSuspended);
				SuspensionsKept::<T>::remove(key);
				Self::release_binding_slot(investor, custodian);
				return Ok(());
			};
			ensure!(
				mandate.suspended != suspended,
				if suspended { Error::<T>::MandateSuspended } else { Error::<T>::MandateNotSuspended }
			);
			mandate.suspended = suspended;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(if suspended {
			Event::MandateSuspended { investor, custodian, token }
		} else {
			Event::MandateResumed { investor, custodian, token }
		});
		Ok(())
	}

	// --- reads ------------------------------------------------------------------------------

	/// How much of `partition` of `token` `custodian` may still move for `investor` now, or
	/// why its mandate authorizes nothing.
	pub fn remaining_capacity(
		investor: IdentityId,
		custodian: IdentityId,
		token: TokenId,
		partition: PartitionId,
	) -> Result<TokenBalance, MandateFailure> {
		let mandate = Mandates::<T>::get((investor, custodian, token)).ok_or(MandateFailure::NoMandate)?;
		mandate.authorizes(partition, 0, T::Time::now())?;
		Ok(mandate.remaining())
	}

	/// Invariants:
	/// - every mandate's consumption is at most its cap, and it belongs to a venue binding;
	/// - a kept suspension has no mandate (granting again moves it into the mandate) and
	///   belongs to a venue binding;
	/// - each binding counts its mandates and kept suspensions, each investor its bindings,
	///   each custodian the
	///   bindings at its venue; bindings exist only at registered custodians;
	/// - the venue account index is exactly the bindings' account references;
	/// - each custodian remembers at most `BatchRefHistory` batch references, and the ring and
	///   the reference index agree both ways.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut mandates_per_binding: BTreeMap<(IdentityId, IdentityId), u32> = BTreeMap::new();
		for ((investor, custodian, _token), mandate) in Mandates::<T>::iter() {
			ensure!(mandate.consumed <= mandate.cap, "mandate consumed beyond its cap");
			ensure!(mandate.cap > 0, "mandate without capacity");
			*mandates_per_binding.entry((investor, custodian)).or_default() += 1;
		}
		for ((investor, custodian, token), ()) in SuspensionsKept::<T>::iter() {
			ensure!(
				!Mandates::<T>::contains_key((investor, custodian, token)),
				"kept suspension beside its mandate"
			);
			*mandates_per_binding.entry((investor, custodian)).or_default() += 1;
		}
		let mut bindings_per_investor: BTreeMap<IdentityId, u32> = BTreeMap::new();
		let mut bindings_per_custodian: BTreeMap<IdentityId, u32> = BTreeMap::new();
		for (investor, custodian, binding) in Bindings::<T>::iter() {
			ensure!(
				mandates_per_binding.remove(&(investor, custodian)).unwrap_or(0) == binding.mandates,
				"binding mandate count mismatch"
			);
			ensure!(
				VenueAccounts::<T>::get(custodian, binding.account_ref) == Some(investor),
				"venue account index misses a binding"
			);
			ensure!(Custodians::<T>::contains_key(custodian), "binding at an unregistered custodian");
			*bindings_per_investor.entry(investor).or_default() += 1;
			*bindings_per_custodian.entry(custodian).or_default() += 1;
		}
		ensure!(mandates_per_binding.is_empty(), "mandate without a venue binding");
		for (custodian, account_ref, investor) in VenueAccounts::<T>::iter() {
			ensure!(
				Bindings::<T>::get(investor, custodian).is_some_and(|b| b.account_ref == account_ref),
				"venue account index entry without its binding"
			);
		}
		for (investor, count) in BindingCount::<T>::iter() {
			ensure!(bindings_per_investor.remove(&investor) == Some(count), "binding count mismatch");
		}
		ensure!(bindings_per_investor.is_empty(), "investor with bindings but no counter");
		for (custodian, record) in Custodians::<T>::iter() {
			ensure!(record.roles.any(), "custodian without licences");
			ensure!(
				bindings_per_custodian.get(&custodian).copied().unwrap_or(0) == record.bindings,
				"custodian binding count mismatch"
			);
		}
		let history = T::BatchRefHistory::get();
		let mut refs_per_custodian: BTreeMap<IdentityId, u32> = BTreeMap::new();
		for (custodian, batch_ref, slot) in BatchRefs::<T>::iter() {
			ensure!(slot < history, "batch reference slot outside the ring");
			ensure!(BatchRefRing::<T>::get(custodian, slot) == Some(batch_ref), "batch reference not in its slot");
			*refs_per_custodian.entry(custodian).or_default() += 1;
		}
		for (custodian, slot, batch_ref) in BatchRefRing::<T>::iter() {
			ensure!(BatchRefs::<T>::get(custodian, batch_ref) == Some(slot), "ring slot without its reference");
		}
		for (custodian, count) in refs_per_custodian {
			ensure!(count <= history, "more batch references than BatchRefHistory");
			ensure!(NextBatchSlot::<T>::get(custodian) < history, "next slot outside the ring");
		}
		Ok(())
	}
}
