//! The token's movement errors and the one failure code ([`Refusal`]): the error of each code
//! (how a movement's [`TransferFailure`] becomes the call's error), and the code of each
//! movement error, which the transaction pool refuses with for every reason a movement can fail
//! by **policy** (the token, its rules, the parties' identities and freezes, the caller's
//! authority). A **shortfall** (balance, spendable balance, allowance, overflow) is not refused:
//! another pending transaction may cure it before this one is included, so the dispatch
//! decides.

use crate::*;
use sto_primitives::refusal::Refusal;

impl<T: Config> Error<T> {
	/// The pool's refusal for a movement call failing with this error (`None`: a shortfall,
	/// or an error no movement call returns).
	pub fn refusal(&self) -> Option<Refusal> {
		use Refusal as R;
		Some(match self {
			Error::UnknownToken => R::UnknownToken,
			Error::UnknownPartition => R::UnknownPartition,
			Error::ZeroAmount => R::ZeroAmount,
			Error::Granularity => R::Granularity,
			Error::Paused => R::Paused,
			Error::NotActive => R::NotActive,
			Error::PartitionNotTransferable => R::PartitionNotTransferable,
			Error::SupplyCapExceeded => R::SupplyCapExceeded,
			Error::IssuanceFinished => R::IssuanceFinished,
			Error::NotControllable => R::NotControllable,
			Error::SamePartition => R::SamePartition,
			Error::SenderNoIdentity => R::SenderNoIdentity,
			Error::ReceiverNoIdentity => R::ReceiverNoIdentity,
			Error::ReceiverNotVerified => R::ReceiverKycMissing,
			Error::ReceiverClaimExpired => R::ReceiverKycExpired,
			Error::SenderFrozen => R::SenderFrozen,
			Error::ReceiverFrozen => R::ReceiverFrozen,
			Error::TooManyHoldings => R::TooManyHoldings,
			Error::TooManyLockups => R::TooManyLockups,
			Error::NoIdentity => R::CallerNoIdentity,
			Error::NotAuthorized => R::CallerNotAuthorized,
			Error::NotOperator => R::NotOperator,
			Error::ComplianceFailed(failure) => R::of_rule(*failure),
			// Shortfalls, and errors of calls that move nothing.
			_ => return None,
		})
	}
}

impl<T: Config> From<Refusal> for Error<T> {
	/// The call's error for a movement failing with `refusal`.
	fn from(refusal: Refusal) -> Self {
		use Refusal as R;
		if let Some(rule) = refusal.rule() {
			return Error::ComplianceFailed(rule);
		}
		match refusal {
			R::UnknownToken => Error::UnknownToken,
			R::UnknownPartition => Error::UnknownPartition,
			R::ZeroAmount => Error::ZeroAmount,
			R::Granularity => Error::Granularity,
			R::Paused => Error::Paused,
			R::NotActive => Error::NotActive,
			R::PartitionNotTransferable => Error::PartitionNotTransferable,
			R::SupplyCapExceeded => Error::SupplyCapExceeded,
			R::IssuanceFinished => Error::IssuanceFinished,
			R::NotControllable => Error::NotControllable,
			R::SamePartition => Error::SamePartition,
			R::SenderNoIdentity => Error::SenderNoIdentity,
			R::ReceiverNoIdentity => Error::ReceiverNoIdentity,
			R::ReceiverKycMissing => Error::ReceiverNotVerified,
			R::ReceiverKycExpired => Error::ReceiverClaimExpired,
			R::SenderFrozen => Error::SenderFrozen,
			R::ReceiverFrozen => Error::ReceiverFrozen,
			R::TooManyHoldings => Error::TooManyHoldings,
			R::TooManyLockups => Error::TooManyLockups,
			R::InsufficientBalance => Error::InsufficientBalance,
			R::InsufficientSpendable => Error::InsufficientSpendable,
			R::AllowanceExceeded => Error::AllowanceExceeded,
			R::Overflow => Error::Overflow,
			R::CallerNoIdentity => Error::NoIdentity,
			R::CallerNotAuthorized => Error::NotAuthorized,
			R::NotOperator => Error::NotOperator,
			// Every other code is a compliance rule's, answered above (`Refusal::rule`).
			_ => Error::ComplianceFailed(RuleFailure::TradingPaused),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::mock::Test;

	/// Each code's error has that code (the pool refuses with it), but a shortfall's, which the
	/// pool does not refuse with.
	#[test]
	fn every_code_has_its_error() {
		for refusal in Refusal::ALL {
			let error = Error::<Test>::from(refusal);
			let expected = (!refusal.is_shortfall()).then_some(refusal);
			assert_eq!(error.refusal(), expected, "{refusal:?} -> {error:?}");
		}
	}
}
