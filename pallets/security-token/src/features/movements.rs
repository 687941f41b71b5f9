//! The movement calls' authority: each `do_*` checks that the caller may move (its identity,
//! role, operator authorization or allowance), then hands the request to the one movement
//! path (`crate::movement`). The calls in `lib.rs` only read their origin. Each returns the
//! weight of the checkpoint work its movement did.

use crate::*;
use frame_support::{ensure, pallet_prelude::*, weights::Weight};
use polkadot_sdk::sp_core::H256;

impl<T: Config> Pallet<T> {
	/// `who`, an operator of `holder` for `partition`, moves `holder`'s tokens.
	pub(crate) fn do_operator_transfer(
		who: T::AccountId,
		token: TokenId,
		partition: PartitionId,
		holder: T::AccountId,
		to: T::AccountId,
		amount: TokenBalance,
		data: Option<H256>,
	) -> Result<Weight, DispatchError> {
		Self::caller_identity(&who)?;
		ensure!(Self::is_operator(token, &holder, &who, partition), Error::<T>::NotOperator);
		let mut request = MoveRequest::transfer(token, partition, holder, to, amount);
		request.kind = MovementKind::Operator;
		Self::do_move(request, Some(who), data)
	}

	/// `who` spends its allowance from `holder`.
	pub(crate) fn do_transfer_from(
		who: T::AccountId,
		token: TokenId,
		partition: PartitionId,
		holder: T::AccountId,
		to: T::AccountId,
		amount: TokenBalance,
	) -> Result<Weight, DispatchError> {
		Self::caller_identity(&who)?;
		Self::spend_allowance(&who, token, partition, &holder, amount)?;
		let mut request = MoveRequest::transfer(token, partition, holder, to, amount);
		request.kind = MovementKind::Operator;
		Self::do_move(request, Some(who), None)
	}

	/// `who`, a transfer agent of the token, forces a transfer (`from` to `to`) or a
	/// redemption (`to` is `None`).
	pub(crate) fn do_controller_move(
		who: T::AccountId,
		token: TokenId,
		partition: PartitionId,
		from: T::AccountId,
		to: Option<T::AccountId>,
		amount: TokenBalance,
		reason: H256,
	) -> Result<Weight, DispatchError> {
		Self::ensure_role(&who, token, Roles::TRANSFER_AGENT)?;
		let mut request = match to {
			Some(to) => MoveRequest::transfer(token, partition, from, to, amount),
			None => MoveRequest::redeem(token, partition, from, amount),
		};
		request.kind = MovementKind::Controller;
		request.forced = true;
		Self::do_move(request, Some(who), Some(reason))
	}

	/// `who`, a transfer agent of the token, moves `account`'s tokens between two partitions.
	pub(crate) fn do_reclassify(
		who: T::AccountId,
		token: TokenId,
		from_partition: PartitionId,
		to_partition: PartitionId,
		account: T::AccountId,
		amount: TokenBalance,
	) -> Result<Weight, DispatchError> {
		Self::ensure_role(&who, token, Roles::TRANSFER_AGENT)?;
		ensure!(from_partition != to_partition, Error::<T>::SamePartition);
		let request = MoveRequest::reclassify(token, from_partition, to_partition, account, amount);
		Self::do_move(request, Some(who), None)
	}

	/// `who`, a supply manager of the token, buys back (redeems) `holder`'s tokens with the
	/// holder's authorization (operator or allowance).
	pub(crate) fn do_buy_back(
		who: T::AccountId,
		token: TokenId,
		partition: PartitionId,
		holder: T::AccountId,
		amount: TokenBalance,
		reference: H256,
	) -> Result<Weight, DispatchError> {
		Self::ensure_role(&who, token, Roles::SUPPLY_MANAGER)?;
		Self::authorize_spend(&who, token, partition, &holder, amount)?;
		Self::do_move(MoveRequest::redeem(token, partition, holder, amount), Some(who), Some(reference))
	}
}
