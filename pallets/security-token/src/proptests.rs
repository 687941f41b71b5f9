//! Property test: random sequences of issuance, transfers, forced transfers, redemptions,
//! freezes, lock-ups, claim expiry, pauses and recoveries (identity 10's holdings between its
//! wallets 10 and 11: always possible, aggregates and holder counts unchanged). For every movement, `can_move` (what
//! `can_transfer` answers) and the real call agree: both succeed, or the call fails with the
//! error of the failure `can_move` named. After every step the invariants hold (supplies,
//! identity aggregates, holder counts), and at the end the cap table rebuilt
//! from the `Moved` events alone equals the chain's.

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{assert_ok, dispatch::DispatchResultWithPostInfo},
	sp_core::H256,
};
use proptest::prelude::*;

const ACCOUNTS: [u64; 7] = [1, 2, 3, 10, 11, UNVERIFIED, NO_IDENTITY];

#[derive(Clone, Debug)]
enum Step {
	Issue { to: usize, amount: u128 },
	Transfer { from: usize, to: usize, amount: u128 },
	Force { from: usize, to: usize, amount: u128 },
	Redeem { from: usize, amount: u128 },
	Freeze { account: usize },
	Unfreeze { account: usize },
	PartialFreeze { account: usize, amount: u128 },
	Lockup { account: usize, amount: u128, ms: u64 },
	ExpireKyc { account: usize, ms: u64 },
	Advance { ms: u64 },
	TogglePause,
	/// Recover identity 10 from wallet 10 to 11 (`true`) or back.
	Recover(bool),
}

fn step() -> impl Strategy<Value = Step> {
	let account = 0..ACCOUNTS.len();
	let amount = 0u128..120;
	prop_oneof![
		(account.clone(), amount.clone()).prop_map(|(to, amount)| Step::Issue { to, amount }),
		(account.clone(), account.clone(), amount.clone()).prop_map(|(from, to, amount)| Step::Transfer { from, to, amount }),
		(account.clone(), account.clone(), amount.clone()).prop_map(|(from, to, amount)| Step::Force { from, to, amount }),
		(account.clone(), amount.clone()).prop_map(|(from, amount)| Step::Redeem { from, amount }),
		account.clone().prop_map(|account| Step::Freeze { account }),
		account.clone().prop_map(|account| Step::Unfreeze { account }),
		(account.clone(), amount.clone()).prop_map(|(account, amount)| Step::PartialFreeze { account, amount }),
		(account.clone(), amount.clone(), 1u64..5_000).prop_map(|(account, amount, ms)| Step::Lockup { account, amount, ms }),
		(account.clone(), 0u64..5_000).prop_map(|(account, ms)| Step::ExpireKyc { account, ms }),
		(1u64..3_000).prop_map(|ms| Step::Advance { ms }),
		Just(Step::TogglePause),
		any::<bool>().prop_map(Step::Recover),
	]
}

/// The call's result must be what the dry run predicted.
fn agree(prediction: Result<(), TransferFailure>, result: DispatchResultWithPostInfo) -> Result<(), TestCaseError> {
	match (prediction, result.map(|_| ()).map_err(|e| e.error)) {
		(Ok(()), Ok(())) => Ok(()),
		(Err(failure), Err(error)) => {
			prop_assert_eq!(error, Error::<Test>::from(failure).into(), "failure {:?}", failure);
			Ok(())
		},
		(prediction, result) => Err(TestCaseError::fail(format!("dry run {prediction:?} but call {result:?}"))),
	}
}

fn predict(request: MoveRequest<u64>) -> Result<(), TransferFailure> {
	Token::plan_move(request).map(|_| ())
}

fn run(steps: Vec<Step>) -> Result<(), TestCaseError> {
	new_test_ext().execute_with(|| {
		let token = active_token(&[]);
		for step in steps {
			match step {
				Step::Issue { to, amount } => {
					let to = ACCOUNTS[to];
					let prediction = predict(MoveRequest::issue(token, 0, to, amount));
					agree(prediction, Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, to, amount, None))?;
				},
				Step::Transfer { from, to, amount } => {
					let (from, to) = (ACCOUNTS[from], ACCOUNTS[to]);
					let (status, failure) = Token::can_transfer(token, 0, from, to, amount);
					let prediction = failure.map_or(Ok(()), Err);
					prop_assert_eq!(status == TransferStatus::Success, prediction.is_ok());
					agree(prediction, Token::transfer_by_partition(RuntimeOrigin::signed(from), token, 0, to, amount, None))?;
				},
				Step::Force { from, to, amount } => {
					let (from, to) = (ACCOUNTS[from], ACCOUNTS[to]);
					let mut request = MoveRequest::transfer(token, 0, from, to, amount);
					request.kind = MovementKind::Controller;
					request.forced = true;
					let prediction = predict(request);
					agree(
						prediction,
						Token::controller_transfer(RuntimeOrigin::signed(ISSUER), token, 0, from, to, amount, H256::zero()),
					)?;
				},
				Step::Redeem { from, amount } => {
					let from = ACCOUNTS[from];
					let prediction = predict(MoveRequest::redeem(token, 0, from, amount));
					agree(prediction, Token::redeem(RuntimeOrigin::signed(from), token, 0, amount))?;
				},
				Step::Freeze { account } => {
					let _ = Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, ACCOUNTS[account]);
				},
				Step::Unfreeze { account } => {
					let _ = Token::unfreeze_account(RuntimeOrigin::signed(ISSUER), token, ACCOUNTS[account]);
				},
				Step::PartialFreeze { account, amount } => {
					let _ = Token::freeze_partial(RuntimeOrigin::signed(ISSUER), token, 0, ACCOUNTS[account], amount);
				},
				Step::Lockup { account, amount, ms } => {
					let _ = Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, ACCOUNTS[account], amount, Now::get() + ms);
				},
				Step::ExpireKyc { account, ms } => {
					if let Some(identity) = IdentityOf::get().get(&ACCOUNTS[account]).copied() {
						Kyc::mutate(|kyc| kyc.insert(identity, Some(Now::get() + ms)));
					}
				},
				Step::Advance { ms } => Now::set(Now::get() + ms),
				Step::TogglePause => {
					let paused = Tokens::<Test>::get(token).map(|t| t.paused).unwrap_or(false);
					assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, !paused));
				},
				Step::Recover(forward) => {
					use sto_primitives::token::WalletGuard;
					let (from, to) = if forward { (10, 11) } else { (11, 10) };
					let before = (Token::identity_balance(token, 10), Tokens::<Test>::get(token).map(|t| t.holder_count));
					let moved = <Token as WalletGuard<u64>>::move_wallet(10, &from, &to, u32::MAX);
					prop_assert!(moved.is_ok(), "recovery refused: {:?}", moved);
					prop_assert!(Token::holdings_of(token, &from).is_empty());
					let position = Positions::<Test>::get(10, token).unwrap_or_default();
					prop_assert!(!position.is_frozen(&from));
					let after = (Token::identity_balance(token, 10), Tokens::<Test>::get(token).map(|t| t.holder_count));
					prop_assert_eq!(before, after);
				},
			}
			Token::do_try_state().map_err(|e| TestCaseError::fail(format!("invariant: {e:?}")))?;
			// Spendable never exceeds the balance, never goes below zero.
			for account in ACCOUNTS {
				for holding in Token::holdings_of(token, &account) {
					prop_assert!(holding.spendable <= holding.balance);
				}
			}
		}
		// The cap table rebuilds from the events alone.
		cap_table_from_events(token).map_err(TestCaseError::fail)?;
		Ok(())
	})
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

	#[test]
	fn can_transfer_and_the_calls_agree(steps in prop::collection::vec(step(), 1..50)) {
		run(steps)?;
	}
}
