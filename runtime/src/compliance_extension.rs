//! [`RefuseNonCompliant`]: the transaction pool refuses a security-token movement that the
//! token's rules refuse, so it never takes block space or fees.
//!
//! At pool validation (a transaction arriving over RPC or the network, and each revalidation
//! after a new block), the movement a direct call would make (`transfer_by_partition`,
//! `operator_transfer_by_partition`, `transfer_from`, `issue`) is dry-run through the token's
//! one movement path (`SecurityToken::can_move`: the same checks as the dispatch, without
//! writing). A refusal by **policy** (identity, claims, compliance rules, freezes, pause,
//! token status, partition or amount malformed) makes the transaction invalid with
//! `InvalidTransaction::Custom(status)`, the ERC-1066 status byte (0x53 invalid receiver, ...);
//! the `ComplianceApi` report then names every failing rule. A shortfall of **balance or
//! allowance** does not: another pending transaction may provide it before this one is
//! included, so the dispatch decides.
//!
//! In a block (`TransactionSource::InBlock`) the extension does nothing: the dispatch runs the
//! same checks, so blocks pay for them once. Calls nested in batches, multisig or proxy calls
//! are not inspected here; their dispatch still refuses them.

use crate::{Runtime, RuntimeCall};
use codec::{Decode, DecodeWithMemTracking, Encode};
use pallet_security_token::{MoveRequest, MovementKind, TransferFailure};
use polkadot_sdk::{
	frame_support::{pallet_prelude::TransactionSource, traits::OriginTrait, weights::Weight},
	frame_system::{self, pallet_prelude::RuntimeCallFor},
	sp_runtime::{
		impl_tx_ext_default,
		traits::{DispatchInfoOf, TransactionExtension, ValidateResult},
		transaction_validity::{InvalidTransaction, ValidTransaction},
	},
};
use scale_info::TypeInfo;

type AccountId = <Runtime as frame_system::Config>::AccountId;

/// Refuses security-token movements that policy refuses, at pool validation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, Eq, PartialEq, Default, TypeInfo, Debug)]
pub struct RefuseNonCompliant;

impl RefuseNonCompliant {
	/// The movement `call` signed by `who` would make, if it is one this extension checks.
	pub fn movement_of(who: &AccountId, call: &RuntimeCall) -> Option<MoveRequest<AccountId>> {
		use pallet_security_token::Call as Token;
		let RuntimeCall::SecurityToken(call) = call else { return None };
		Some(match call {
			Token::transfer_by_partition { token, partition, to, amount, .. } =>
				MoveRequest::transfer(*token, *partition, who.clone(), to.clone(), *amount),
			Token::operator_transfer_by_partition { token, partition, holder, to, amount, .. } => {
				let mut request = MoveRequest::transfer(*token, *partition, holder.clone(), to.clone(), *amount);
				request.kind = MovementKind::Operator;
				request
			},
			Token::transfer_from { token, partition, holder, to, amount } => {
				let mut request = MoveRequest::transfer(*token, *partition, holder.clone(), to.clone(), *amount);
				request.kind = MovementKind::Operator;
				request
			},
			Token::issue { token, partition, to, amount, .. } =>
				MoveRequest::issue(*token, *partition, to.clone(), *amount),
			_ => return None,
		})
	}

	/// Whether the pool refuses a movement failing with `failure`: policy refusals yes,
	/// shortfalls that a pending transaction may cure no.
	pub fn refuses(failure: &TransferFailure) -> bool {
		!matches!(
			failure,
			TransferFailure::InsufficientBalance |
				TransferFailure::InsufficientSpendable |
				TransferFailure::AllowanceExceeded |
				TransferFailure::Overflow
		)
	}

	/// `Err(status byte)` when the pool refuses `call` signed by `who`.
	pub fn check(who: &AccountId, call: &RuntimeCall) -> Result<(), u8> {
		let Some(request) = Self::movement_of(who, call) else { return Ok(()) };
		match pallet_security_token::Pallet::<Runtime>::can_move(request) {
			(_, Some(failure)) if Self::refuses(&failure) => Err(failure.status().code()),
			_ => Ok(()),
		}
	}
}

impl TransactionExtension<RuntimeCallFor<Runtime>> for RefuseNonCompliant {
	const IDENTIFIER: &'static str = "RefuseNonCompliant";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	/// Nothing in blocks (see the module docs).
	fn weight(&self, _: &RuntimeCall) -> Weight {
		Weight::zero()
	}

	fn validate(
		&self,
		origin: <Runtime as frame_system::Config>::RuntimeOrigin,
		call: &RuntimeCall,
		_info: &DispatchInfoOf<RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		source: TransactionSource,
	) -> ValidateResult<Self::Val, RuntimeCall> {
		if source != TransactionSource::InBlock {
			if let Some(who) = origin.as_signer() {
				if let Err(status) = Self::check(who, call) {
					return Err(InvalidTransaction::Custom(status).into());
				}
			}
		}
		Ok((ValidTransaction::default(), (), origin))
	}

	impl_tx_ext_default!(RuntimeCall; prepare);
}
