//! Which errors of a movement call the transaction pool refuses with, and with which code
//! ([`Refusal`]): every reason a movement can fail by **policy** (the token, its rules, the
//! parties' identities and freezes, the caller's authority). A **shortfall** (balance, spendable
//! balance, allowance, overflow) is not refused: another pending transaction may cure it before
//! this one is included, so the dispatch decides.

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
			Error::NoIdentity => R::CallerNoIdentity,
			Error::NotAuthorized => R::CallerNotAuthorized,
			Error::NotOperator => R::NotOperator,
			Error::ComplianceFailed(failure) => R::of_rule(*failure),
			// Shortfalls, and errors of calls that move nothing.
			_ => return None,
		})
	}
}
