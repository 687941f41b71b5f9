//! Exports: the route's limits, the lock in the escrow through the token's movement path, the
//! gateway's mint message, refunds and the quarantine of releases the token refuses.

use crate::*;
use frame_support::{dispatch::DispatchResult, ensure, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use polkadot_sdk::sp_core::H256;
use sp_runtime::{
	traits::{AccountIdConversion, Zero},
	SaturatedConversion,
};
use sto_primitives::{
	bridge::TokenBridge,
	evm::{self, EvmIdentity},
};

/// The EIP-712 domain's name and version of the gateway contract.
pub const DOMAIN_NAME: &[u8] = b"STO Bridge Gateway";
pub const DOMAIN_VERSION: &[u8] = b"1";
/// The EIP-712 type of the gateway's mint message.
pub const MINT_TYPE: &[u8] =
	b"Mint(bytes32 appchain,uint64 nonce,address wrapped,address recipient,uint256 amount,uint64 deadline)";
/// The EIP-712 type of an export's outcome.
pub const OUTCOME_TYPE: &[u8] = b"ExportOutcome(bytes32 appchain,uint64 nonce,bool minted)";

/// What an export needs once its checks passed.
struct ExportPlan {
	route: Route,
	identity: IdentityId,
	route_usage: WindowUsage,
	identity_usage: WindowUsage,
}

impl WindowUsage {
	/// Rolled forward to the window holding block `now` (windows of `window` blocks from
	/// block 0): one window on, the current becomes the previous; two or more, both are gone.
	pub fn at(mut self, now: u64, window: u64) -> Self {
		if window == 0 || now < self.start {
			return self;
		}
		let windows = (now - self.start) / window;
		if windows >= 1 {
			self.previous = if windows == 1 { self.current } else { 0 };
			self.current = 0;
			self.start = self.start.saturating_add(windows.saturating_mul(window));
		}
		self
	}

	/// What was exported within the last `window` blocks, estimated: the current window's
	/// and the share of the previous one still inside (rounded up).
	pub fn used(&self, now: u64, window: u64) -> TokenBalance {
		if window == 0 {
			return self.current;
		}
		let into = now.saturating_sub(self.start).min(window);
		let left = window - into;
		let share = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
			self.previous,
			u128::from(left),
			u128::from(window),
			sp_runtime::Rounding::Up,
		)
		.unwrap_or(self.previous);
		self.current.saturating_add(share)
	}
}

impl<T: Config> Pallet<T> {
	/// The bridge's account: the escrow's wallet. It belongs to no identity.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// This chain's id in every bridge message: its genesis hash.
	pub fn appchain_id() -> [u8; 32] {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let mut id = [0u8; 32];
		let bytes = genesis.as_ref();
		let n = bytes.len().min(32);
		id[..n].copy_from_slice(&bytes[..n]);
		id
	}

	/// The EIP-712 domain separator of `gateway` on `chain`.
	pub fn domain_separator(chain: EvmChainId, gateway: &EvmAddress) -> [u8; 32] {
		evm::eip712_domain_separator(DOMAIN_NAME, DOMAIN_VERSION, chain, gateway)
	}

	/// The digest of the gateway's mint message for an export.
	pub fn mint_digest(
		chain: EvmChainId,
		gateway: &EvmAddress,
		wrapped: &EvmAddress,
		nonce: ExportNonce,
		recipient: &EvmAddress,
		amount: TokenBalance,
		deadline: u64,
	) -> [u8; 32] {
		let message = evm::eip712_hash_struct(
			MINT_TYPE,
			&[
				Self::appchain_id(),
				evm::abi_uint(u128::from(nonce)),
				evm::abi_address(wrapped),
				evm::abi_address(recipient),
				evm::abi_uint(amount),
				evm::abi_uint(u128::from(deadline)),
			],
		);
		evm::eip712_digest(&Self::domain_separator(chain, gateway), &message)
	}

	/// The digest of an export's outcome message.
	pub fn outcome_digest(export: &Export<T::AccountId>, nonce: ExportNonce, minted: bool) -> [u8; 32] {
		let message = evm::eip712_hash_struct(
			OUTCOME_TYPE,
			&[Self::appchain_id(), evm::abi_uint(u128::from(nonce)), evm::abi_uint(u128::from(minted))],
		);
		evm::eip712_digest(&Self::domain_separator(export.chain, &export.gateway), &message)
	}

	/// Unix time in seconds.
	pub(crate) fn now_seconds() -> u64 {
		<T::Time as frame_support::traits::Time>::now() / 1_000
	}

	fn block_now() -> u64 {
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// The checks of an export, in the order `export` reports them, each failing one added to
	/// `problems` (all of them, not only the first); with `token_rules`, the token's own
	/// verdict on the lock too (`export` leaves it to the lock itself). What the export needs
	/// when every check before the token's passed.
	fn export_checks(
		who: &T::AccountId,
		token: TokenId,
		partition: PartitionId,
		chain: EvmChainId,
		amount: TokenBalance,
		recipient: &EvmAddress,
		token_rules: bool,
		problems: &mut alloc::vec::Vec<Error<T>>,
	) -> Option<ExportPlan> {
		let before = problems.len();
		if Paused::<T>::get() {
			problems.push(Error::<T>::BridgePaused);
		}
		if amount == 0 {
			problems.push(Error::<T>::ZeroAmount);
		}
		if recipient.is_zero() {
			problems.push(Error::<T>::ZeroAddress);
		}
		let route = Routes::<T>::get((token, partition), chain);
		match &route {
			None => problems.push(Error::<T>::NoSuchRoute),
			Some(route) if !route.enabled => problems.push(Error::<T>::RouteDisabled),
			Some(_) => {},
		}
		if CurrentSet::<T>::get() == 0 {
			problems.push(Error::<T>::NoSignerSet);
		}
		let identity = T::EvmIdentity::identity_of_evm(recipient);
		if identity.is_none() {
			problems.push(Error::<T>::RecipientNotLinked);
		}
		// The route's own limits are judged without the recipient; its identity's need it.
		let route = route?;
		if amount > route.limits.per_export {
			problems.push(Error::<T>::AboveExportLimit);
		}
		let (now, window) = (Self::block_now(), T::LimitWindow::get().saturated_into::<u64>());
		let route_usage = RouteUsage::<T>::get((token, partition), chain).at(now, window);
		if route_usage.used(now, window).saturating_add(amount) > route.limits.per_window {
			problems.push(Error::<T>::AboveWindowLimit);
		}
		let identity = identity?;
		let identity_usage = IdentityUsage::<T>::get((token, partition, chain), identity).at(now, window);
		if identity_usage.used(now, window).saturating_add(amount) > route.limits.per_identity_window {
			problems.push(Error::<T>::AboveIdentityLimit);
		}
		if token_rules {
			if let Err(failure) = T::Tokens::can_lock(token, partition, who, &Self::account_id(), identity, amount) {
				problems.push(Error::<T>::TokenRefused { reason: Refusal::of(failure) });
			}
		}
		(problems.len() == before).then_some(ExportPlan { route, identity, route_usage, identity_usage })
	}

	/// Every reason `export` by `who` would be refused now (`EvmBridgeApi::preview_export`).
	pub fn preview_export(
		who: &T::AccountId,
		token: TokenId,
		partition: PartitionId,
		chain: EvmChainId,
		amount: TokenBalance,
		recipient: &EvmAddress,
	) -> alloc::vec::Vec<Error<T>> {
		let mut problems = alloc::vec::Vec::new();
		Self::export_checks(who, token, partition, chain, amount, recipient, true, &mut problems);
		problems
	}

	/// Every compliance rule's outcome for `export` by `who` now (the trading pause first, as
	/// rule `u32::MAX`; `EvmBridgeApi::preview_export_rules`), judged as the export would be:
	/// `who` sending, the EVM recipient's identity receiving. Empty when the recipient is linked
	/// to no identity or the movement cannot be described (`preview_export` names why).
	pub fn preview_export_rules(
		who: &T::AccountId,
		token: TokenId,
		partition: PartitionId,
		amount: TokenBalance,
		recipient: &EvmAddress,
	) -> alloc::vec::Vec<sto_primitives::compliance::RuleReport> {
		let Some(identity) = T::EvmIdentity::identity_of_evm(recipient) else { return Default::default() };
		T::Tokens::lock_report(token, partition, who, &Self::account_id(), identity, amount).unwrap_or_default()
	}

	pub(crate) fn do_export(
		who: T::AccountId,
		token: TokenId,
		partition: PartitionId,
		chain: EvmChainId,
		amount: TokenBalance,
		recipient: EvmAddress,
	) -> DispatchResult {
		let mut problems = alloc::vec::Vec::new();
		let plan = Self::export_checks(&who, token, partition, chain, amount, &recipient, false, &mut problems);
		let Some(ExportPlan { route, identity, mut route_usage, mut identity_usage }) = plan else {
			return Err(problems.into_iter().next().unwrap_or(Error::<T>::WrongState).into());
		};
		let nonce = LastExport::<T>::get().checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deadline = Self::now_seconds().saturating_add(T::ExportTimeout::get());
		let digest = Self::mint_digest(chain, &route.gateway, &route.wrapped, nonce, &recipient, amount, deadline);
		T::Tokens::lock(token, partition, &who, &Self::account_id(), identity, amount, H256(digest))
			.map_err(|failure| Error::<T>::TokenRefused { reason: Refusal::of(failure) })?;
		route_usage.current = route_usage.current.saturating_add(amount);
		RouteUsage::<T>::insert((token, partition), chain, route_usage);
		identity_usage.current = identity_usage.current.saturating_add(amount);
		IdentityUsage::<T>::insert((token, partition, chain), identity, identity_usage);
		InFlight::<T>::mutate((token, partition), chain, |in_flight| *in_flight = in_flight.saturating_add(amount));
		LastExport::<T>::put(nonce);
		Exports::<T>::insert(
			nonce,
			Export {
				token,
				partition,
				chain,
				gateway: route.gateway,
				holder: who.clone(),
				recipient,
				identity: Some(identity),
				amount,
				deadline,
				digest,
				status: ExportStatus::Pending,
			},
		);
		Self::deposit_event(Event::Exported {
			nonce,
			token,
			partition,
			chain,
			holder: who,
			recipient,
			identity,
			amount,
			deadline,
			digest,
		});
		Ok(())
	}

	pub(crate) fn do_refund_expired(nonce: ExportNonce) -> DispatchResult {
		let export = Exports::<T>::get(nonce).ok_or(Error::<T>::NoSuchExport)?;
		ensure!(export.status == ExportStatus::Pending, Error::<T>::WrongState);
		ensure!(Self::now_seconds() > export.deadline, Error::<T>::DeadlineNotPassed);
		Self::refund(nonce, export);
		Ok(())
	}

	/// Whether the route has tokens in flight or outstanding.
	pub(crate) fn route_in_use(token: TokenId, partition: PartitionId, chain: EvmChainId) -> bool {
		InFlight::<T>::get((token, partition), chain) > 0 || Outstanding::<T>::get((token, partition), chain) > 0
	}

	/// Export `nonce` is over: its record and attestations go, and it is no longer in flight.
	pub(crate) fn close_export(nonce: ExportNonce, export: &Export<T::AccountId>) {
		Exports::<T>::remove(nonce);
		InFlight::<T>::mutate_exists((export.token, export.partition), export.chain, |in_flight| {
			let left = in_flight.unwrap_or_default().saturating_sub(export.amount);
			*in_flight = (left > 0).then_some(left);
		});
		for kind in [
			AttestationKind::Export,
			AttestationKind::ExportOutcome { minted: true },
			AttestationKind::ExportOutcome { minted: false },
		] {
			Attestations::<T>::remove(kind, nonce);
		}
	}

	/// Close export `nonce` and give its tokens back to the holder, or quarantine them when
	/// the token refuses (the export is over either way).
	pub(crate) fn refund(nonce: ExportNonce, export: Export<T::AccountId>) {
		Self::close_export(nonce, &export);
		Self::deposit_event(Event::ExportRefunded { nonce });
		Self::release_or_quarantine(
			ReleaseCause::Refund { export: nonce },
			export.token,
			export.partition,
			export.holder,
			export.amount,
			export.digest,
		);
	}

	/// Release `amount` from the escrow to `to` (`BridgeIn`), or keep it in quarantine.
	pub(crate) fn release_or_quarantine(
		cause: ReleaseCause,
		token: TokenId,
		partition: PartitionId,
		to: T::AccountId,
		amount: TokenBalance,
		reference: [u8; 32],
	) {
		if let Err(failure) = T::Tokens::release(token, partition, &Self::account_id(), &to, amount, H256(reference)) {
			let reason = Refusal::of(failure);
			// Ids are never reused; u64 is never exhausted by releases.
			let id = LastQuarantine::<T>::get().saturating_add(1);
			LastQuarantine::<T>::put(id);
			Quarantine::<T>::insert(
				id,
				Quarantined { token, partition, to: to.clone(), amount, cause, reference, reason },
			);
			Self::deposit_event(Event::ReleaseQuarantined { id, cause, to, amount, reason });
		}
	}

	pub(crate) fn do_retry_quarantined(id: QuarantineId) -> DispatchResult {
		let entry = Quarantine::<T>::get(id).ok_or(Error::<T>::NoSuchQuarantine)?;
		T::Tokens::release(
			entry.token,
			entry.partition,
			&Self::account_id(),
			&entry.to,
			entry.amount,
			H256(entry.reference),
		)
		.map_err(|failure| Error::<T>::TokenRefused { reason: Refusal::of(failure) })?;
		Quarantine::<T>::remove(id);
		Self::deposit_event(Event::QuarantineReleased { id });
		Ok(())
	}

	/// The exports' invariants:
	/// - every export in flight has a nonce already given, a non-zero amount and recipient;
	/// - attestations belong to exports in flight, hold distinct signers of their set, below
	///   the threshold (or at it, for an attested export's `Export` attestation);
	/// - quarantine ids were given;
	/// - per route, `InFlight` is the sum of its exports in flight; a route with tokens in
	///   flight or outstanding exists;
	/// - per (token, partition), the escrow holds exactly the exports in flight, the
	///   quarantined releases and what is outstanding on EVM chains.
	pub(crate) fn exports_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		let mut owed: BTreeMap<(TokenId, PartitionId), TokenBalance> = BTreeMap::new();
		let mut in_flight: BTreeMap<((TokenId, PartitionId), EvmChainId), TokenBalance> = BTreeMap::new();
		let last = LastExport::<T>::get();
		for (nonce, export) in Exports::<T>::iter() {
			ensure!(nonce > 0 && nonce <= last, "export with a nonce not given");
			ensure!(export.amount > 0 && !export.recipient.is_zero(), "export with a zero value");
			let slot = owed.entry((export.token, export.partition)).or_default();
			*slot = slot.checked_add(export.amount).ok_or("overflow")?;
			let slot = in_flight.entry(((export.token, export.partition), export.chain)).or_default();
			*slot = slot.checked_add(export.amount).ok_or("overflow")?;
		}
		for (key, chain, amount) in InFlight::<T>::iter() {
			ensure!(amount > 0, "a zero is stored in flight");
			ensure!(in_flight.remove(&(key, chain)) == Some(amount), "in flight is not its exports");
			ensure!(Routes::<T>::contains_key(key, chain), "tokens in flight on no route");
		}
		ensure!(in_flight.is_empty(), "exports in flight not counted");
		for (kind, nonce, votes) in Attestations::<T>::iter() {
			// Votes for messages are the messages' (`messages_try_state`).
			if kind == AttestationKind::Message {
				continue;
			}
			let export = Exports::<T>::get(nonce).ok_or("attestation of no export in flight")?;
			let Some(set) = SignerSets::<T>::get(votes.set_id) else {
				// A set that rotated out: its votes wait to be replaced.
				continue;
			};
			let count = votes.signatures.len();
			ensure!(
				votes.signatures.iter().all(|(index, _)| (*index as usize) < set.signers.len()),
				"vote of no signer"
			);
			for (n, (index, _)) in votes.signatures.iter().enumerate() {
				ensure!(votes.signatures[..n].iter().all(|(other, _)| other != index), "a signer voted twice");
			}
			let complete = kind == AttestationKind::Export && export.status == ExportStatus::Attested;
			ensure!(complete == (count as u32 >= set.threshold), "threshold state");
		}
		let last = LastQuarantine::<T>::get();
		for (id, entry) in Quarantine::<T>::iter() {
			ensure!(id > 0 && id <= last, "quarantine id not given");
			let slot = owed.entry((entry.token, entry.partition)).or_default();
			*slot = slot.checked_add(entry.amount).ok_or("overflow")?;
		}
		for (key, chain, amount) in Outstanding::<T>::iter() {
			ensure!(amount > 0, "a zero is stored outstanding");
			ensure!(Routes::<T>::contains_key(key, chain), "tokens outstanding on no route");
			let slot = owed.entry(key).or_default();
			*slot = slot.checked_add(amount).ok_or("overflow")?;
		}
		let escrow = Self::account_id();
		for ((token, partition), amount) in owed {
			ensure!(T::Tokens::escrowed(token, partition, &escrow) == amount, "escrow is not what the bridge owes");
		}
		Ok(())
	}
}
