//! Creating a token and running it: lifecycle, pause, partitions, supply cap, issuance,
//! control, identifiers.

use crate::*;
use alloc::collections::BTreeSet;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, Time},
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_create_token(who: T::AccountId, terms: TokenTermsOf<T>) -> DispatchResult {
		let TokenTerms {
			symbol,
			name,
			decimals,
			granularity,
			instrument,
			underlying,
			identifiers,
			supply_cap,
			controllable,
			default_partition,
			rights,
		} = terms;
		let owner = Self::caller_identity(&who)?;
		// Identity before ownership: an issuer is verified like any holder (chain-wide KYC).
		ensure!(T::Identity::is_verified(owner, None, T::Time::now()), Error::<T>::NotVerified);
		ensure!(
			!symbol.is_empty() &&
				symbol.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
			Error::<T>::BadSymbol
		);
		ensure!(!Symbols::<T>::contains_key(&symbol), Error::<T>::SymbolTaken);
		ensure!(!name.is_empty() && !default_partition.is_empty(), Error::<T>::EmptyName);
		ensure!(granularity > 0, Error::<T>::BadGranularity);
		ensure!(underlying.denominator > 0, Error::<T>::BadUnderlying);
		Self::check_identifiers(&identifiers)?;

		let token_id = NextTokenId::<T>::get();
		NextTokenId::<T>::put(token_id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let deposit = T::TokenDeposit::get();
		T::Currency::hold(&HoldReason::Token.into(), &who, deposit)?;
		TokenDeposits::<T>::insert(token_id, (who, deposit));

		let partition = Partition { name: default_partition.clone(), rights, supply: 0 };
		let created = Event::TokenCreated {
			token: token_id,
			owner,
			symbol: symbol.clone(),
			name: name.clone(),
			decimals,
			granularity,
			instrument,
			underlying: underlying.clone(),
			identifiers: identifiers.clone(),
			supply_cap,
			controllable,
			default_partition: default_partition.clone(),
			rights,
		};
		let partitions = BoundedVec::try_from(alloc::vec![partition]).map_err(|_| Error::<T>::TooManyPartitions)?;
		Tokens::<T>::insert(
			token_id,
			TokenDetails {
				owner,
				symbol: symbol.clone(),
				name,
				decimals,
				granularity,
				instrument,
				underlying,
				identifiers,
				supply_cap,
				total_supply: 0,
				holder_count: 0,
				status: TokenStatus::Draft,
				paused: false,
				issuance_finished: false,
				controllable,
				partitions,
				document_count: 0,
				checkpoints: Default::default(),
			},
		);
		Symbols::<T>::insert(&symbol, token_id);
		Self::deposit_event(created);
		Self::deposit_event(Event::PartitionAdded {
			token: token_id,
			partition: 0,
			name: default_partition,
			rights,
		});
		Ok(())
	}

	fn check_identifiers(identifiers: &[Identifier]) -> DispatchResult {
		let kinds: BTreeSet<_> = identifiers.iter().map(Identifier::kind).collect();
		ensure!(
			kinds.len() == identifiers.len() && identifiers.iter().all(Identifier::is_well_formed),
			Error::<T>::BadIdentifier
		);
		Ok(())
	}

	pub(crate) fn do_set_identifiers(
		who: &T::AccountId,
		token_id: TokenId,
		identifiers: BoundedVec<Identifier, T::MaxIdentifiers>,
	) -> DispatchResult {
		let mut token = Self::ensure_owner(who, token_id)?;
		Self::check_identifiers(&identifiers)?;
		token.identifiers = identifiers.clone();
		Tokens::<T>::insert(token_id, token);
		Self::deposit_event(Event::IdentifiersSet { token: token_id, identifiers });
		Ok(())
	}

	/// Allowed: Draft → Issuing | Active; Issuing → Active | Halted; Active ⇄ Halted;
	/// Issuing | Active | Halted → Closed.
	pub(crate) fn do_set_status(who: &T::AccountId, token_id: TokenId, status: TokenStatus) -> DispatchResult {
		use TokenStatus::*;
		let mut token = Self::ensure_owner(who, token_id)?;
		let allowed = matches!(
			(token.status, status),
			(Draft, Issuing) |
				(Draft, Active) | (Issuing, Active) |
				(Issuing, Halted) | (Active, Halted) |
				(Halted, Active) | (Issuing, Closed) |
				(Active, Closed) | (Halted, Closed)
		);
		ensure!(allowed, Error::<T>::BadStatusChange);
		// A primary offering's units are promised: its settlement must be able to issue them.
		ensure!(status != Closed || IssuanceReserved::<T>::get(token_id) == 0, Error::<T>::IssuanceReserved);
		token.status = status;
		Tokens::<T>::insert(token_id, token);
		Self::deposit_event(Event::StatusChanged { token: token_id, status });
		Ok(())
	}

	pub(crate) fn do_set_paused(who: &T::AccountId, token_id: TokenId, paused: bool) -> DispatchResult {
		let mut token = Self::ensure_role(who, token_id, Roles::FREEZER)?;
		token.paused = paused;
		Tokens::<T>::insert(token_id, token);
		Self::deposit_event(Event::PauseSet { token: token_id, paused });
		Ok(())
	}

	pub(crate) fn do_add_partition(
		who: &T::AccountId,
		token_id: TokenId,
		name: PartitionName<T>,
		rights: PartitionRights,
	) -> DispatchResult {
		let mut token = Self::ensure_owner(who, token_id)?;
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		ensure!(!token.partitions.iter().any(|p| p.name == name), Error::<T>::PartitionExists);
		let partition = token.partitions.len() as PartitionId;
		token
			.partitions
			.try_push(Partition { name: name.clone(), rights, supply: 0 })
			.map_err(|_| Error::<T>::TooManyPartitions)?;
		Tokens::<T>::insert(token_id, token);
		Self::deposit_event(Event::PartitionAdded { token: token_id, partition, name, rights });
		Ok(())
	}

	pub(crate) fn do_set_partition_rights(
		who: &T::AccountId,
		token_id: TokenId,
		partition: PartitionId,
		rights: PartitionRights,
	) -> DispatchResult {
		let mut token = Self::ensure_owner(who, token_id)?;
		token
			.partitions
			.get_mut(partition as usize)
			.ok_or(Error::<T>::UnknownPartition)?
			.rights = rights;
		Tokens::<T>::insert(token_id, token);
		Self::deposit_event(Event::PartitionRightsSet { token: token_id, partition, rights });
		Ok(())
	}

	pub(crate) fn do_set_supply_cap(
		who: &T::AccountId,
		token_id: TokenId,
		cap: Option<TokenBalance>,
	) -> DispatchResult {
		let mut token = Self::ensure_role(who, token_id, Roles::SUPPLY_MANAGER)?;
		ensure!(cap.is_none_or(|cap| cap >= token.total_supply), Error::<T>::CapBelowSupply);
		let reserved = IssuanceReserved::<T>::get(token_id);
		ensure!(
			cap.is_none_or(|cap| token.total_supply.checked_add(reserved).is_some_and(|promised| cap >= promised)),
			Error::<T>::CapBelowReserved
		);
		token.supply_cap = cap;
		Tokens::<T>::insert(token_id, token);
		Self::deposit_event(Event::SupplyCapSet { token: token_id, cap });
		Ok(())
	}

	pub(crate) fn do_finish_issuance(who: &T::AccountId, token_id: TokenId) -> DispatchResult {
		let mut token = Self::ensure_role(who, token_id, Roles::SUPPLY_MANAGER)?;
		ensure!(!token.issuance_finished, Error::<T>::AlreadyFinished);
		ensure!(IssuanceReserved::<T>::get(token_id) == 0, Error::<T>::IssuanceReserved);
		token.issuance_finished = true;
		Tokens::<T>::insert(token_id, token);
		Self::deposit_event(Event::IssuanceFinished { token: token_id });
		Ok(())
	}

	pub(crate) fn do_renounce_control(who: &T::AccountId, token_id: TokenId) -> DispatchResult {
		let mut token = Self::ensure_owner(who, token_id)?;
		ensure!(token.controllable, Error::<T>::NotControllable);
		token.controllable = false;
		Tokens::<T>::insert(token_id, token);
		Self::deposit_event(Event::ControlRenounced { token: token_id });
		Ok(())
	}

	pub(crate) fn do_issue(
		who: &T::AccountId,
		token: TokenId,
		partition: PartitionId,
		to: T::AccountId,
		amount: TokenBalance,
		lockup_until: Option<MomentOf<T>>,
	) -> Result<frame_support::weights::Weight, DispatchError> {
		Self::ensure_role(who, token, Roles::SUPPLY_MANAGER)?;
		if let Some(release) = &lockup_until {
			ensure!(*release > T::Time::now(), Error::<T>::ReleaseInPast);
		}
		let work = Self::do_move(MoveRequest::issue(token, partition, to.clone(), amount), Some(who.clone()), None)?;
		if let Some(release) = lockup_until {
			Self::insert_lockup(token, partition, to, amount, release)?;
		}
		Ok(work)
	}
}
