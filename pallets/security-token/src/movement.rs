//! The one movement path (`docs/ARCHITECTURE.md`, rule 1). Every issuance, transfer, redemption,
//! reclassification and recovery is a [`MoveRequest`]; [`Pallet::plan_move`] checks it without
//! writing and returns a [`Plan`] or the [`TransferFailure`] that refuses it; [`Pallet::do_move`]
//! applies the plan: positions (balances and identity aggregates), holder count, supplies, the
//! compliance hook's statistics, and one `Moved` event.
//!
//! After every movement a holding's partial freeze and lock-ups fit in its balance: a forced
//! move takes the free part first, then shrinks the lock-ups releasing soonest, then the freeze
//! (`Holding::fit_restrictions`). A recovery moves a whole holding within one identity and
//! carries its restrictions (`Holding::absorb`).
//!
//! Storage reads of a plain transfer between two existing holders of different identities:
//! the token, both accounts' identities, both positions, the receiver's KYC check (the topic's
//! issuer list and one claim per issuer until a valid one): 7 with one trusted KYC issuer.
//! Writes: both positions (plus the token when the holder count changes). Nothing is kept per
//! wallet outside the positions: a wallet's first or last holding costs no extra write (whether
//! a wallet may leave its identity is read from the identity's positions when it asks).
//!
//! Checkpoints ([`CheckpointStep`]): the token record and the positions carry the checkpoint
//! markers, so a movement knows without further reads whether scheduled checkpoints are due
//! (it takes them, before its own change) and whether it is a position's first change since
//! the latest checkpoint (it records the identity's balances before the move, once).

use crate::*;
use frame_support::{pallet_prelude::*, traits::Time};
use polkadot_sdk::sp_core::H256;
use sto_primitives::{checkpoint::CheckpointObserver, identity::Issuers, token::BRIDGE_ESCROW};

/// A movement to make (or to dry-run).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MoveRequest<AccountId> {
	pub token: TokenId,
	/// The partition the tokens leave (or, for issuance, arrive in).
	pub partition: PartitionId,
	/// The partition the tokens arrive in (differs from `partition` only when reclassifying).
	pub to_partition: PartitionId,
	/// `None`: issuance.
	pub from: Option<AccountId>,
	/// `None`: redemption.
	pub to: Option<AccountId>,
	pub amount: TokenBalance,
	pub kind: MovementKind,
	/// A transfer agent's forced move: ignores pause, halt, freezes, lock-ups and
	/// transferability (never identity verification, never the supply checks).
	pub forced: bool,
	/// An issuance from the token's reservation for primary offerings (`IssuanceReserved`):
	/// the reserved units become supply. Any other issuance counts the reservation against the
	/// supply cap.
	pub from_reservation: bool,
	/// `BridgeOut` only: the identity the receiver-side rules judge (the one the EVM
	/// recipient's address is linked to); the tokens go to the escrow.
	pub judged_as: Option<IdentityId>,
}

/// Whether the move ignores account freezes, partial freezes and lock-ups: a transfer agent's
/// forced move, or a recovery (which carries them to the new wallet).
fn ignores_restrictions<AccountId>(request: &MoveRequest<AccountId>) -> bool {
	request.forced || request.kind == MovementKind::Recovery
}

impl<AccountId> MoveRequest<AccountId> {
	pub fn transfer(token: TokenId, partition: PartitionId, from: AccountId, to: AccountId, amount: TokenBalance) -> Self {
		Self { token, partition, to_partition: partition, from: Some(from), to: Some(to), amount, kind: MovementKind::Transfer, forced: false, from_reservation: false, judged_as: None }
	}

	pub fn issue(token: TokenId, partition: PartitionId, to: AccountId, amount: TokenBalance) -> Self {
		Self { token, partition, to_partition: partition, from: None, to: Some(to), amount, kind: MovementKind::Issue, forced: false, from_reservation: false, judged_as: None }
	}

	pub fn redeem(token: TokenId, partition: PartitionId, from: AccountId, amount: TokenBalance) -> Self {
		Self { token, partition, to_partition: partition, from: Some(from), to: None, amount, kind: MovementKind::Redeem, forced: false, from_reservation: false, judged_as: None }
	}

	/// A governed recovery: the whole holding of `from` in `partition` (`amount` is its balance)
	/// to `to`, a wallet of the same identity, with its lock-ups and partial freeze.
	pub fn recovery(token: TokenId, partition: PartitionId, from: AccountId, to: AccountId, amount: TokenBalance) -> Self {
		Self { token, partition, to_partition: partition, from: Some(from), to: Some(to), amount, kind: MovementKind::Recovery, forced: false, from_reservation: false, judged_as: None }
	}

	pub fn reclassify(token: TokenId, from_partition: PartitionId, to_partition: PartitionId, account: AccountId, amount: TokenBalance) -> Self
	where
		AccountId: Clone,
	{
		Self {
			token,
			partition: from_partition,
			to_partition,
			from: Some(account.clone()),
			to: Some(account),
			amount,
			kind: MovementKind::Reclassify,
			forced: false,
			from_reservation: false,
			judged_as: None,
		}
	}

	/// Into the EVM bridge's escrow: `amount` of `from`'s holding in `partition` to `escrow`
	/// (the bridge's account, holding under [`BRIDGE_ESCROW`]), judged on the receiving side
	/// as if `recipient` (the EVM recipient's identity) received it.
	pub fn bridge_out(
		token: TokenId,
		partition: PartitionId,
		from: AccountId,
		escrow: AccountId,
		recipient: IdentityId,
		amount: TokenBalance,
	) -> Self {
		Self {
			token,
			partition,
			to_partition: partition,
			from: Some(from),
			to: Some(escrow),
			amount,
			kind: MovementKind::BridgeOut,
			forced: false,
			from_reservation: false,
			judged_as: Some(recipient),
		}
	}

	/// Out of the EVM bridge's escrow: `amount` of `partition` from `escrow` (the bridge's
	/// account) to `to`, whose identity is judged as any receiver's.
	pub fn bridge_in(token: TokenId, partition: PartitionId, escrow: AccountId, to: AccountId, amount: TokenBalance) -> Self {
		Self {
			token,
			partition,
			to_partition: partition,
			from: Some(escrow),
			to: Some(to),
			amount,
			kind: MovementKind::BridgeIn,
			forced: false,
			from_reservation: false,
			judged_as: None,
		}
	}
}

/// A checked movement: the records as they will be written.
pub struct Plan<T: Config> {
	pub request: MoveRequest<T::AccountId>,
	pub token: TokenDetailsOf<T>,
	/// Whether `token` changed (supply or holder count).
	pub token_changed: bool,
	/// The sender's identity and position after the move.
	pub from: Option<(IdentityId, PositionOf<T>)>,
	/// The receiver's identity and position after the move (when the receiver's identity is
	/// the sender's, only `from` is kept and it holds both sides).
	pub to: Option<(IdentityId, PositionOf<T>)>,
	/// What the compliance hook saw.
	pub movement: Movement<T::AccountId, TokenBalance, MomentOf<T>>,
	/// Partial freezes the move changed: (partition, wallet, frozen now). A forced move that
	/// took frozen tokens shrinks the freeze; a recovery carries it to the new wallet.
	pub frozen_changes: alloc::vec::Vec<(PartitionId, T::AccountId, TokenBalance)>,
	/// What the move tells the checkpoints (`T::Checkpoints`).
	pub checkpoint: CheckpointStep,
	/// The token's reservation after an issuance from it.
	pub reserved: Option<TokenBalance>,
}

/// A movement's part in the token's checkpoints. In the steady state (no scheduled checkpoint
/// due, both positions recorded for the token's latest epoch) it is empty and the move costs
/// no storage access more than before checkpoints existed.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct CheckpointStep {
	/// Scheduled checkpoints are due: the move takes them first, with these partition supplies
	/// (before the move).
	pub take_due: Option<alloc::vec::Vec<TokenBalance>>,
	/// The epoch the move records against (the token's latest, or the one it takes).
	pub epoch: CheckpointEpoch,
	/// Identities whose first change since `epoch` this is, with their balances per partition
	/// before the move.
	pub records: alloc::vec::Vec<(IdentityId, alloc::vec::Vec<(PartitionId, TokenBalance)>)>,
}

impl CheckpointStep {
	/// Record `position`'s balances before the move when this is its first change since the
	/// step's epoch, and mark it recorded.
	fn note<T: Config>(&mut self, identity: IdentityId, position: &mut PositionOf<T>) {
		if position.checkpoint_epoch < self.epoch {
			self.records.push((identity, position.partition_balances()));
			position.checkpoint_epoch = self.epoch;
		}
	}
}

type Check<X> = Result<X, TransferFailure>;

fn ensure_that(condition: bool, failure: TransferFailure) -> Check<()> {
	if condition {
		Ok(())
	} else {
		Err(failure)
	}
}

impl<T: Config> Pallet<T> {
	/// Check `request` against the state without writing anything.
	pub fn plan_move(request: MoveRequest<T::AccountId>) -> Check<Plan<T>> {
		let now = T::Time::now();
		let mut token = Tokens::<T>::get(request.token).ok_or(TransferFailure::UnknownToken)?;
		let partition_count = token.partitions.len();
		ensure_that(
			(request.partition as usize) < partition_count &&
				(request.to_partition as usize) < partition_count,
			TransferFailure::UnknownPartition,
		)?;
		ensure_that(request.amount > 0, TransferFailure::ZeroAmount)?;
		ensure_that(
			request.amount.checked_rem(token.granularity) == Some(0),
			TransferFailure::Granularity,
		)?;
		Self::check_state(&token, &request)?;

		let supply_before = token.total_supply;
		let holders_before = token.holder_count;
		let mut token_changed = false;
		let recovery = request.kind == MovementKind::Recovery;
		let unrestricted = ignores_restrictions(&request);
		let mut frozen_changes = alloc::vec::Vec::new();
		let mut reserved_after = None;

		// --- checkpoints: due scheduled ones are taken first, at the supplies before the move ---
		let mut checkpoint = CheckpointStep { epoch: token.checkpoints.epoch_at(now), ..Default::default() };
		if token.checkpoints.due(now) {
			checkpoint.take_due = Some(token.partitions.iter().map(|partition| partition.supply).collect());
			token.checkpoints.epoch = checkpoint.epoch;
			token_changed = true;
		}

		// --- sender -------------------------------------------------------------------------
		let mut from = None;
		let mut from_party = None;
		// A recovered holding's restrictions, on their way to the new wallet.
		let mut carried = None;
		// The escrow's side of a bridge movement: held under `BRIDGE_ESCROW`, no holder, not
		// recorded at checkpoints, invisible to the compliance rules and statistics.
		let escrow_sends = request.kind == MovementKind::BridgeIn;
		let escrow_receives = request.kind == MovementKind::BridgeOut;
		if let Some(account) = &request.from {
			let identity = if escrow_sends {
				BRIDGE_ESCROW
			} else {
				T::Identity::identity_of(account).ok_or(TransferFailure::SenderNoIdentity)?
			};
			let mut position = Positions::<T>::get(identity, request.token).unwrap_or_default();
			if !escrow_sends {
				checkpoint.note::<T>(identity, &mut position);
			}
			ensure_that(unrestricted || !position.is_frozen(account), TransferFailure::SenderFrozen)?;
			let index = position
				.find(account, request.partition)
				.ok_or(TransferFailure::InsufficientBalance)?;
			let holding = &mut position.holdings[index];
			ensure_that(holding.balance >= request.amount, TransferFailure::InsufficientBalance)?;
			// A recovery moves whole holdings: the restrictions go with the balance.
			ensure_that(!recovery || holding.balance == request.amount, TransferFailure::InsufficientBalance)?;
			ensure_that(
				unrestricted || holding.spendable(&now) >= request.amount,
				TransferFailure::InsufficientSpendable,
			)?;
			holding.balance -= request.amount;
			holding.locks.retain(|lock| lock.release > now);
			if recovery {
				let frozen = core::mem::take(&mut holding.frozen);
				if frozen > 0 {
					frozen_changes.push((request.partition, account.clone(), 0));
				}
				carried = Some((frozen, core::mem::take(&mut holding.locks)));
			} else if holding.fit_restrictions() {
				// A forced move took frozen tokens (after the free and the locked ones).
				frozen_changes.push((request.partition, account.clone(), holding.frozen));
			}
			let holding_before = position.total;
			position.total = position.total.checked_sub(request.amount).ok_or(TransferFailure::Overflow)?;
			if position.holdings[index].is_empty() {
				position.holdings.remove(index);
			}
			from_party = Some(Party { account: account.clone(), identity, holding_before });
			from = Some((identity, position));
		}

		// --- receiver -----------------------------------------------------------------------
		let mut to = None;
		let mut to_party = None;
		// Who the receiver-side rules judge: the receiver's identity, or for an export the EVM
		// recipient's.
		let mut judged = None;
		if let Some(account) = &request.to {
			let identity = if escrow_receives {
				BRIDGE_ESCROW
			} else {
				T::Identity::identity_of(account).ok_or(TransferFailure::ReceiverNoIdentity)?
			};
			let judged_identity = if escrow_receives {
				request.judged_as.ok_or(TransferFailure::ReceiverNoIdentity)?
			} else {
				identity
			};
			judged = Some(judged_identity);
			let same_identity = from.as_ref().is_some_and(|(id, _)| *id == identity);
			if recovery {
				// A recovery stays within one identity (its owner does not change, so it is not
				// verified again: an expired KYC claim does not keep tokens on a lost wallet).
				ensure_that(same_identity, TransferFailure::ReceiverNoIdentity)?;
			} else {
				// Identity before ownership: every receiver is verified, forced moves included.
				match T::Identity::claim_status(
					judged_identity,
					sto_primitives::identity::ClaimTopic::Kyc,
					Some(request.token),
					Issuers::Trusted,
					now,
				) {
					ClaimStatus::Valid => {},
					status => return Err(TransferFailure::ReceiverNotVerified(status)),
				}
			}
			let mut position = match (&mut from, same_identity) {
				(Some((_, position)), true) => core::mem::take(position),
				_ => {
					let mut position = Positions::<T>::get(identity, request.token).unwrap_or_default();
					if !escrow_receives {
						checkpoint.note::<T>(identity, &mut position);
					}
					position
				},
			};
			ensure_that(unrestricted || !position.is_frozen(account), TransferFailure::ReceiverFrozen)?;
			let holding_before = if same_identity {
				from_party.as_ref().map(|p| p.holding_before).unwrap_or(position.total)
			} else {
				position.total
			};
			let index = match position.find(account, request.to_partition) {
				Some(index) => {
					let holding = &mut position.holdings[index];
					holding.balance =
						holding.balance.checked_add(request.amount).ok_or(TransferFailure::Overflow)?;
					holding.locks.retain(|lock| lock.release > now);
					index
				},
				None => {
					let holding = Holding {
						account: account.clone(),
						partition: request.to_partition,
						balance: request.amount,
						frozen: 0,
						locks: BoundedVec::new(),
					};
					position.holdings.try_push(holding).map_err(|_| TransferFailure::TooManyHoldings)?;
					position.holdings.len() - 1
				},
			};
			if let Some((frozen, locks)) = carried.take() {
				let holding = &mut position.holdings[index];
				holding.absorb(frozen, locks).ok_or(TransferFailure::Overflow)?;
				if frozen > 0 {
					frozen_changes.push((request.to_partition, account.clone(), holding.frozen));
				}
			}
			position.total = position.total.checked_add(request.amount).ok_or(TransferFailure::Overflow)?;
			to_party = Some(Party { account: account.clone(), identity, holding_before });
			if same_identity {
				if let Some((_, from_position)) = &mut from {
					*from_position = position;
				}
			} else {
				to = Some((identity, position));
			}
		}

		// --- supply and holders ---------------------------------------------------------------
		match (&request.from, &request.to) {
			(None, Some(_)) => {
				ensure_that(!token.issuance_finished, TransferFailure::IssuanceFinished)?;
				let supply =
					token.total_supply.checked_add(request.amount).ok_or(TransferFailure::Overflow)?;
				// Units reserved for primary offerings count against the cap, except those
				// this issuance takes from the reservation.
				let promised = if request.from_reservation {
					let reserved = IssuanceReserved::<T>::get(request.token);
					let left = reserved.checked_sub(request.amount).ok_or(TransferFailure::SupplyCapExceeded)?;
					reserved_after = Some(left);
					left
				} else if token.supply_cap.is_some() {
					IssuanceReserved::<T>::get(request.token)
				} else {
					0
				};
				ensure_that(
					token.supply_cap.is_none_or(|cap| supply.checked_add(promised).is_some_and(|total| total <= cap)),
					TransferFailure::SupplyCapExceeded,
				)?;
				token.total_supply = supply;
				let partition = &mut token.partitions[request.partition as usize];
				partition.supply =
					partition.supply.checked_add(request.amount).ok_or(TransferFailure::Overflow)?;
				token_changed = true;
			},
			(Some(_), None) => {
				token.total_supply =
					token.total_supply.checked_sub(request.amount).ok_or(TransferFailure::Overflow)?;
				let partition = &mut token.partitions[request.partition as usize];
				partition.supply =
					partition.supply.checked_sub(request.amount).ok_or(TransferFailure::Overflow)?;
				token_changed = true;
			},
			_ => {
				if request.partition != request.to_partition {
					let amount = request.amount;
					let source = &mut token.partitions[request.partition as usize];
					source.supply = source.supply.checked_sub(amount).ok_or(TransferFailure::Overflow)?;
					let target = &mut token.partitions[request.to_partition as usize];
					target.supply = target.supply.checked_add(amount).ok_or(TransferFailure::Overflow)?;
					token_changed = true;
				}
			},
		}
		let mut holders = token.holder_count;
		let sides = [from.as_ref(), to.as_ref()];
		let befores = [from_party.as_ref().map(|p| p.holding_before), to_party.as_ref().map(|p| p.holding_before)];
		for (side, before) in sides.iter().zip(befores) {
			if let (Some((identity, position)), Some(before)) = (side, before) {
				if *identity == BRIDGE_ESCROW {
					continue;
				}
				match (before == 0, position.total == 0) {
					(true, false) => holders = holders.saturating_add(1),
					(false, true) => holders = holders.saturating_sub(1),
					_ => {},
				}
			}
		}
		// A same-identity move is counted once: only `from` holds the position.
		if holders != token.holder_count {
			token.holder_count = holders;
			token_changed = true;
		}

		// --- compliance ---------------------------------------------------------------------------
		// The escrow is no party the rules see: an import is judged as tokens arriving from
		// nowhere (without new supply), an export by its sender and the EVM recipient's identity
		// (with that identity's holding here; `apply` drops it before the statistics).
		if escrow_sends {
			from_party = None;
		}
		if escrow_receives {
			if let (Some(party), Some(recipient)) = (to_party.as_mut(), judged) {
				party.identity = recipient;
				party.holding_before = if from.as_ref().is_some_and(|(id, _)| *id == recipient) {
					from_party.as_ref().map_or(0, |p| p.holding_before)
				} else {
					Positions::<T>::get(recipient, request.token).map_or(0, |position| position.total)
				};
			}
		}
		let movement = Movement {
			token: request.token,
			partition: request.partition,
			to_partition: request.to_partition,
			kind: request.kind,
			from: from_party,
			to: to_party,
			amount: request.amount,
			supply_before,
			holders_before,
			now,
		};
		T::Compliance::check(&movement)
			.map_err(|(rule, failure)| TransferFailure::Compliance(rule, failure))?;

		Ok(Plan { request, token, token_changed, from, to, movement, frozen_changes, checkpoint, reserved: reserved_after })
	}

	/// The token's status, pause and partition rights against the kind of movement.
	fn check_state(token: &TokenDetailsOf<T>, request: &MoveRequest<T::AccountId>) -> Check<()> {
		// A recovery changes no owner: whatever the token's state, a lost wallet's holdings
		// follow its identity to the new wallet (a closed token's holdings included).
		if request.kind == MovementKind::Recovery {
			return Ok(());
		}
		ensure_that(token.status != TokenStatus::Closed, TransferFailure::NotActive)?;
		if request.forced {
			return ensure_that(token.controllable, TransferFailure::NotControllable);
		}
		ensure_that(!token.paused, TransferFailure::Paused)?;
		match request.kind {
			MovementKind::Issue => ensure_that(
				matches!(token.status, TokenStatus::Issuing | TokenStatus::Active),
				TransferFailure::NotActive,
			),
			MovementKind::Reclassify => ensure_that(
				matches!(token.status, TokenStatus::Issuing | TokenStatus::Active),
				TransferFailure::NotActive,
			),
			_ => {
				ensure_that(token.status == TokenStatus::Active, TransferFailure::NotActive)?;
				let holder_move = request.from.is_some() && request.to.is_some();
				ensure_that(
					!holder_move || token.partitions[request.partition as usize].rights.transferable,
					TransferFailure::PartitionNotTransferable,
				)
			},
		}
	}

	/// Check and apply a movement; `operator` moved the tokens for the holder, `reference` is
	/// the hash of the transfer's data or the controller's reason.
	/// Returns the weight of the checkpoint work the movement did ([`Self::apply`]).
	pub fn do_move(
		request: MoveRequest<T::AccountId>,
		operator: Option<T::AccountId>,
		reference: Option<H256>,
	) -> Result<Weight, DispatchError> {
		Self::try_move(request, operator, reference).map_err(|failure| Error::<T>::from(failure).into())
	}

	/// [`Self::do_move`] for callers that want the precise [`TransferFailure`] (settlement legs).
	pub(crate) fn try_move(
		request: MoveRequest<T::AccountId>,
		operator: Option<T::AccountId>,
		reference: Option<H256>,
	) -> Check<Weight> {
		let plan = Self::plan_move(request)?;
		Ok(Self::apply(plan, operator, reference))
	}

	/// Write a checked plan. Infallible: every check happened in `plan_move`. Returns the
	/// weight of the checkpoint work done (due checkpoints taken, first records after a
	/// checkpoint), which the movement's benchmarked weight does not cover: a call adds it to
	/// the weight it used (and declared its most, [`Self::max_checkpoint_weight`]).
	pub(crate) fn apply(plan: Plan<T>, operator: Option<T::AccountId>, reference: Option<H256>) -> Weight {
		let Plan { request, mut token, token_changed, from, to, movement, frozen_changes, checkpoint, reserved } = plan;
		// Before the move's own event: a checkpoint taken now precedes the movement.
		let mut work = Weight::zero();
		if let Some(supplies) = checkpoint.take_due {
			token.checkpoints = T::Checkpoints::take_due(request.token, movement.now, checkpoint.epoch, &supplies);
			work = work.saturating_add(T::Checkpoints::take_due_weight());
		}
		for (identity, balances) in checkpoint.records {
			T::Checkpoints::record(request.token, checkpoint.epoch, identity, &balances);
			work = work.saturating_add(T::Checkpoints::record_weight());
		}
		for (identity, position) in [from, to].into_iter().flatten() {
			if position.is_empty() {
				Positions::<T>::remove(identity, request.token);
			} else {
				Positions::<T>::insert(identity, request.token, position);
			}
		}
		if token_changed {
			Tokens::<T>::insert(request.token, token);
		}
		match reserved {
			Some(0) => IssuanceReserved::<T>::remove(request.token),
			Some(left) => IssuanceReserved::<T>::insert(request.token, left),
			None => {},
		}
		// The statistics count holders here: the EVM recipient of an export holds nothing here.
		let mut movement = movement;
		if request.kind == MovementKind::BridgeOut {
			movement.to = None;
		}
		T::Compliance::moved(&movement);
		Self::deposit_event(Event::Moved {
			token: request.token,
			partition: request.partition,
			to_partition: request.to_partition,
			from: request.from,
			to: request.to,
			amount: request.amount,
			kind: request.kind,
			operator,
			reference,
		});
		for (partition, account, frozen) in frozen_changes {
			Self::deposit_event(Event::PartialFreezeSet { token: request.token, partition, account, frozen });
		}
		work
	}

	/// The most a movement's checkpoint work costs: taking the token's due scheduled
	/// checkpoints, and the first record after a checkpoint of each of the (at most two)
	/// identities it changes.
	pub fn max_checkpoint_weight() -> Weight {
		T::Checkpoints::take_due_weight().saturating_add(T::Checkpoints::record_weight().saturating_mul(2))
	}

	/// What a movement call declares: its benchmarked weight (a token without compliance
	/// rules, no checkpoint work), the most the compliance rules can cost, the most its
	/// checkpoint work can cost.
	pub fn movement_weight_declared(base: Weight) -> Weight {
		base.saturating_add(T::Compliance::max_movement_weight()).saturating_add(Self::max_checkpoint_weight())
	}

	/// The weight a movement call used: its benchmarked weight plus what the token's rules
	/// cost and the checkpoint work it did (`checkpoints`, from [`Self::do_move`]). The rest of
	/// what it declared is refunded.
	pub(crate) fn movement_weight_used(
		base: Weight,
		token: TokenId,
		checkpoints: Weight,
	) -> frame_support::dispatch::PostDispatchInfo {
		Some(base.saturating_add(T::Compliance::movement_weight(token)).saturating_add(checkpoints)).into()
	}

	/// The ERC-1066 status and, on failure, the reason `request` would be refused now.
	pub fn can_move(request: MoveRequest<T::AccountId>) -> (TransferStatus, Option<TransferFailure>) {
		match Self::plan_move(request) {
			Ok(_) => (TransferStatus::Success, None),
			Err(failure) => (failure.status(), Some(failure)),
		}
	}

	/// `can_move` for a holder's own transfer (ERC-1594 `canTransfer`).
	pub fn can_transfer(
		token: TokenId,
		partition: PartitionId,
		from: T::AccountId,
		to: T::AccountId,
		amount: TokenBalance,
	) -> (TransferStatus, Option<TransferFailure>) {
		Self::can_move(MoveRequest::transfer(token, partition, from, to, amount))
	}
}

impl<T: Config> From<TransferFailure> for Error<T> {
	/// The error of the failure's code (`crate::refusal`).
	fn from(failure: TransferFailure) -> Self {
		sto_primitives::refusal::Refusal::of(failure).into()
	}
}
