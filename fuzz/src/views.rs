//! The free pre-checks a client asks before it sends a transaction, held against the dispatch
//! that follows (`docs/ARCHITECTURE.md`: "check, then act"; pure views are free): judged on the same
//! state, a transfer succeeds exactly when `can_transfer` says 0x51, the compliance report
//! names the rule `can_transfer` names, and a settlement succeeds exactly when the custody
//! `preview` says every leg settles. Each view also runs on the fuzzer's random arguments, so
//! a panic in one fails the run.

use pallet_compliance::RuleOutcome;
use pallet_security_token::{TransferFailure, TransferStatus};
use sto_runtime::{AccountId, Runtime, RuntimeCall};

type Token = pallet_security_token::Pallet<Runtime>;
type Compliance = pallet_compliance::Pallet<Runtime>;
type Custody = pallet_custody::Pallet<Runtime>;

/// What the views said of a transaction before it was applied.
#[derive(Clone, Debug)]
pub enum Expectation {
	/// `transfer_by_partition`: `can_transfer`'s failure (`None`: 0x51).
	Transfer(Option<TransferFailure>),
	/// `custody.settle`: whether `preview` says the batch settles, and its answer.
	Settle(bool, String),
}

/// Ask the views about `call` signed by `who`, on the current state; check that they agree
/// with each other. Inside the externalities, right before the transaction is applied.
pub fn before(who: &AccountId, call: &RuntimeCall) -> Result<Option<Expectation>, String> {
	match call {
		RuntimeCall::SecurityToken(pallet_security_token::Call::transfer_by_partition { token, partition, to, amount, .. }) => {
			let (status, failure) = Token::can_transfer(*token, *partition, who.clone(), to.clone(), *amount);
			if (status == TransferStatus::Success) != failure.is_none() || failure.is_some_and(|f| f.status() != status) {
				return Err(format!("can_transfer answers {status:?} with the failure {failure:?}"));
			}
			if let Ok(report) = Compliance::transfer_report(*token, *partition, who.clone(), to.clone(), *amount) {
				let failing: Vec<_> =
					report.iter().filter(|line| matches!(line.outcome, RuleOutcome::Fail(_))).collect();
				match failure {
					Some(TransferFailure::Compliance(rule, reason)) => {
						let named = failing.iter().any(|line| line.rule == rule && line.outcome == RuleOutcome::Fail(reason));
						if !named {
							return Err(format!(
								"can_transfer refuses by rule {rule} ({reason:?}); the compliance report does not say so: {report:?}"
							));
						}
					},
					None if !failing.is_empty() => {
						return Err(format!("can_transfer says 0x51; the compliance report has failing rules: {failing:?}"));
					},
					_ => {},
				}
			}
			Ok(Some(Expectation::Transfer(failure)))
		},
		RuntimeCall::Custody(pallet_custody::Call::settle { batch_ref, legs, cash_legs }) => {
			let preview = Custody::settlement_preview(who, *batch_ref, legs, cash_legs);
			Ok(Some(Expectation::Settle(preview.settles(), format!("{preview:?}"))))
		},
		_ => Ok(None),
	}
}

/// The dispatch's outcome against what the views said.
pub fn after(expectation: &Expectation, dispatch: &Result<(), polkadot_sdk::sp_runtime::DispatchError>) -> Result<(), String> {
	match expectation {
		Expectation::Transfer(failure) if failure.is_none() != dispatch.is_ok() =>
			Err(format!("can_transfer said {failure:?}, the transfer's dispatch gave {dispatch:?}")),
		Expectation::Settle(settles, preview) if *settles != dispatch.is_ok() =>
			Err(format!("the settlement preview said {preview}, the settlement's dispatch gave {dispatch:?}")),
		_ => Ok(()),
	}
}
