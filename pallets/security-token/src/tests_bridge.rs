//! The EVM bridge's escrow through the one movement path (`BridgeOut`, `BridgeIn`), through
//! the `TokenBridge` trait the bridge pallet uses.

use crate::{mock::*, *};
use polkadot_sdk::{frame_support::assert_ok, sp_core::H256};
use sto_primitives::{bridge::TokenBridge, token::BRIDGE_ESCROW};

/// The bridge's account: no identity.
const ESCROW: u64 = 60;
const REFERENCE: H256 = H256::repeat_byte(0xb1);

fn lock(token: TokenId, holder: u64, recipient: IdentityId, amount: TokenBalance) -> Result<(), TransferFailure> {
	<Token as TokenBridge<u64>>::lock(token, 0, &holder, &ESCROW, recipient, amount, REFERENCE)
}

fn release(token: TokenId, to: u64, amount: TokenBalance) -> Result<(), TransferFailure> {
	<Token as TokenBridge<u64>>::release(token, 0, &ESCROW, &to, amount, REFERENCE)
}

fn escrowed(token: TokenId) -> TokenBalance {
	<Token as TokenBridge<u64>>::escrowed(token, 0, &ESCROW)
}

fn holders(token: TokenId) -> u32 {
	Tokens::<Test>::get(token).expect("token").holder_count
}

#[test]
fn an_export_locks_in_the_escrow_without_changing_supply_or_counting_the_escrow() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_eq!(holders(token), 1);
		assert_eq!(<Token as TokenBridge<u64>>::can_lock(token, 0, &1, &ESCROW, 2, 100), Ok(()));
		assert_ok!(lock(token, 1, 2, 100));
		assert_eq!(Token::balance_of(token, 0, &1), 0);
		assert_eq!(escrowed(token), 100);
		assert_eq!(Token::balance_of(token, 0, &ESCROW), 100);
		let details = Tokens::<Test>::get(token).expect("token");
		assert_eq!(details.total_supply, 100);
		// The holder left; the escrow is no holder.
		assert_eq!(details.holder_count, 0);
		assert!(Positions::<Test>::contains_key(BRIDGE_ESCROW, token));
		System::assert_last_event(RuntimeEvent::Token(Event::Moved {
			token,
			partition: 0,
			to_partition: 0,
			from: Some(1),
			to: Some(ESCROW),
			amount: 100,
			kind: MovementKind::BridgeOut,
			operator: None,
			reference: Some(REFERENCE),
		}));
		cap_table_from_events(token).expect("the events rebuild the escrow's holding");
	});
}

#[test]
fn an_export_is_judged_against_the_recipients_identity_and_hidden_from_the_statistics() {
	run_test(|| {
		let token = active_token(&[(1, 100), (2, 5)]);
		assert_ok!(lock(token, 1, 2, 30));
		let checked = LastChecked::get().expect("checked");
		let to = checked.to.expect("the receiver side is judged");
		assert_eq!((to.identity, to.holding_before), (2, 5), "the recipient's identity and holding here");
		assert_eq!(checked.from.expect("sender").identity, 1);
		let moved = LastMoved::get().expect("told");
		assert!(moved.to.is_none(), "the statistics do not see the escrow or the EVM recipient");
		assert_eq!(moved.from.expect("sender").holding_before, 100);
	});
}

#[test]
fn an_export_to_an_unverified_or_unknown_recipient_is_refused_and_changes_nothing() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_eq!(
			lock(token, 1, UNVERIFIED, 10),
			Err(TransferFailure::ReceiverNotVerified(ClaimStatus::Missing))
		);
		assert_eq!(lock(token, 1, 999, 10), Err(TransferFailure::ReceiverNotVerified(ClaimStatus::NoIdentity)));
		let before = Kyc::get();
		Kyc::mutate(|kyc| kyc.insert(2, Some(1)));
		assert_eq!(lock(token, 1, 2, 10), Err(TransferFailure::ReceiverNotVerified(ClaimStatus::Expired)));
		Kyc::set(before);
		RefuseWithRule::set(Some(3));
		assert_eq!(lock(token, 1, 2, 10), Err(TransferFailure::Compliance(3, RuleFailure::MaxBalance)));
		RefuseWithRule::set(None);
		assert_eq!(Token::balance_of(token, 0, &1), 100);
		assert_eq!(escrowed(token), 0);
		assert!(!Positions::<Test>::contains_key(BRIDGE_ESCROW, token));
	});
}

#[test]
fn the_senders_freezes_lockups_and_the_tokens_state_apply_to_an_export() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, 1));
		assert_eq!(lock(token, 1, 2, 10), Err(TransferFailure::SenderFrozen));
		assert_ok!(Token::unfreeze_account(RuntimeOrigin::signed(ISSUER), token, 1));
		assert_ok!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, 1, 95, Now::get() + 1_000));
		assert_eq!(lock(token, 1, 2, 10), Err(TransferFailure::InsufficientSpendable));
		assert_ok!(lock(token, 1, 2, 5));
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, true));
		assert_eq!(lock(token, 1, 2, 5), Err(TransferFailure::Paused));
		assert_eq!(release(token, 1, 5), Err(TransferFailure::Paused));
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, false));
		assert_ok!(Token::set_partition_rights(RuntimeOrigin::signed(ISSUER), token, 0, rights(false)));
		assert_eq!(lock(token, 1, 2, 5), Err(TransferFailure::PartitionNotTransferable));
		assert_eq!(release(token, 1, 5), Err(TransferFailure::PartitionNotTransferable));
	});
}

#[test]
fn an_import_releases_to_a_verified_receiver_who_becomes_a_holder() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(lock(token, 1, 2, 100));
		assert_eq!(holders(token), 0);
		assert_eq!(<Token as TokenBridge<u64>>::can_release(token, 0, &ESCROW, &3, 40), Ok(()));
		assert_ok!(release(token, 3, 40));
		assert_eq!(Token::balance_of(token, 0, &3), 40);
		assert_eq!(escrowed(token), 60);
		assert_eq!(holders(token), 1);
		let checked = LastChecked::get().expect("checked");
		assert!(checked.from.is_none(), "the escrow is no sender the rules see");
		assert_eq!(checked.to.expect("receiver").identity, 3);
		System::assert_last_event(RuntimeEvent::Token(Event::Moved {
			token,
			partition: 0,
			to_partition: 0,
			from: Some(ESCROW),
			to: Some(3),
			amount: 40,
			kind: MovementKind::BridgeIn,
			operator: None,
			reference: Some(REFERENCE),
		}));
		assert_ok!(release(token, 2, 60));
		assert!(!Positions::<Test>::contains_key(BRIDGE_ESCROW, token), "an empty escrow position is removed");
		assert_eq!(holders(token), 2);
		cap_table_from_events(token).expect("the events rebuild every holding");
	});
}

#[test]
fn an_import_is_refused_for_unverified_receivers_and_above_the_escrow() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(lock(token, 1, 2, 50));
		assert_eq!(release(token, UNVERIFIED, 10), Err(TransferFailure::ReceiverNotVerified(ClaimStatus::Missing)));
		assert_eq!(release(token, NO_IDENTITY, 10), Err(TransferFailure::ReceiverNoIdentity));
		assert_eq!(release(token, 3, 51), Err(TransferFailure::InsufficientBalance));
		assert_ok!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, 3));
		assert_eq!(release(token, 3, 10), Err(TransferFailure::ReceiverFrozen));
		assert_eq!(escrowed(token), 50);
	});
}

#[test]
fn nobody_moves_the_escrow_but_the_bridge() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(lock(token, 1, 2, 50));
		// The bridge's account has no identity: no transfer, no forced move, no freeze reaches it.
		assert_eq!(
			Token::can_transfer(token, 0, ESCROW, 3, 10).1,
			Some(TransferFailure::SenderNoIdentity)
		);
		assert_eq!(Token::can_transfer(token, 0, 1, ESCROW, 10).1, Some(TransferFailure::ReceiverNoIdentity));
		assert!(Token::controller_transfer(RuntimeOrigin::signed(ISSUER), token, 0, ESCROW, 3, 10, H256::zero()).is_err());
		assert!(Token::freeze_account(RuntimeOrigin::signed(ISSUER), token, ESCROW).is_err());
		assert!(Token::add_lockup(RuntimeOrigin::signed(ISSUER), token, 0, ESCROW, 10, Now::get() + 1_000).is_err());
		// A release from another account than the escrow's finds nothing to release.
		assert_eq!(
			<Token as TokenBridge<u64>>::release(token, 0, &61, &3, 10, REFERENCE),
			Err(TransferFailure::InsufficientBalance)
		);
		assert_eq!(escrowed(token), 50);
	});
}

#[test]
fn an_export_to_the_senders_own_evm_wallet_keeps_the_same_identity_judged() {
	run_test(|| {
		let token = active_token(&[(1, 100)]);
		assert_ok!(lock(token, 1, 1, 40));
		let to = LastChecked::get().expect("checked").to.expect("receiver side");
		assert_eq!((to.identity, to.holding_before), (1, 100), "the sender's own holding before the move");
		assert_eq!(holders(token), 1, "the sender still holds 60 here");
	});
}
