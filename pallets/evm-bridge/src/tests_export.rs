//! Exports, attestations, outcomes, refunds and the quarantine, on the real registry, token
//! and compliance engine: each success, each refusal (which changes nothing), and the attacks.

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, dispatch::DispatchResultWithPostInfo},
	sp_runtime::DispatchError,
};
use sto_primitives::evm;

#[test]
fn an_export_locks_the_tokens_and_names_the_gateways_mint_message() {
	run_test(|| {
		let token = bridged_token();
		let nonce = export(token, 100, B_EVM);
		assert_eq!(nonce, 1);
		assert_eq!((balance(token, A), escrowed(token)), (900, 100));
		let record = Exports::<Test>::get(nonce).expect("in flight");
		let deadline = START / 1_000 + TIMEOUT;
		assert_eq!(record.deadline, deadline);
		assert_eq!(record.identity, Some(identity(B)));
		assert_eq!(record.status, ExportStatus::Pending);
		// The digest is the EIP-712 digest of the gateway's message, computed independently.
		let route = route();
		let domain = evm::eip712_domain_separator(b"STO Bridge Gateway", b"1", CHAIN, &route.gateway);
		let message = evm::eip712_hash_struct(
			b"Mint(bytes32 appchain,uint64 nonce,address wrapped,address recipient,uint256 amount,uint64 deadline)",
			&[
				System::block_hash(0).0,
				evm::abi_uint(1),
				evm::abi_address(&route.wrapped),
				evm::abi_address(&evm_address(B_EVM)),
				evm::abi_uint(100),
				evm::abi_uint(u128::from(deadline)),
			],
		);
		assert_eq!(record.digest, evm::eip712_digest(&domain, &message));
		System::assert_last_event(RuntimeEvent::Bridge(Event::Exported {
			nonce,
			token,
			partition: 0,
			chain: CHAIN,
			holder: A,
			recipient: evm_address(B_EVM),
			identity: identity(B),
			amount: 100,
			deadline,
			digest: record.digest,
		}));
	});
}

#[test]
fn an_export_is_refused_before_anything_moves() {
	run_test(|| {
		let token = bridged_token();
		let to = evm_address(B_EVM);
		let call =
			|amount, recipient, chain| Bridge::export(RuntimeOrigin::signed(A), token, 0, chain, amount, recipient);
		assert_noop!(call(0, to, CHAIN), Error::<Test>::ZeroAmount);
		assert_noop!(call(10, EvmAddress::zero(), CHAIN), Error::<Test>::ZeroAddress);
		assert_noop!(call(10, to, CHAIN + 1), Error::<Test>::NoSuchRoute);
		assert_noop!(call(10, evm_address(NOBODY_EVM), CHAIN), Error::<Test>::RecipientNotLinked);
		assert_noop!(call(501, to, CHAIN), Error::<Test>::AboveExportLimit);
		// The receiver-side rules judge the recipient's identity: C is not verified.
		assert_noop!(
			call(10, evm_address(C_EVM), CHAIN),
			Error::<Test>::TokenRefused { reason: Refusal::ReceiverKycMissing }
		);
		// The sender's rules: more than A holds.
		assert_noop!(
			Bridge::export(RuntimeOrigin::signed(B), token, 0, CHAIN, 10, to),
			Error::<Test>::TokenRefused { reason: Refusal::InsufficientBalance }
		);
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 0, CHAIN, Route { enabled: false, ..route() }));
		assert_noop!(call(10, to, CHAIN), Error::<Test>::RouteDisabled);
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 0, CHAIN, route()));
		assert_ok!(Bridge::pause(RuntimeOrigin::root()));
		assert_noop!(call(10, to, CHAIN), Error::<Test>::BridgePaused);
		assert_eq!((balance(token, A), escrowed(token)), (1_000, 0));
	});
}

#[test]
fn an_export_needs_a_signer_set() {
	run_test(|| {
		let token = active_token();
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, A, 100, None));
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 0, CHAIN, route()));
		assert_noop!(
			Bridge::export(RuntimeOrigin::signed(A), token, 0, CHAIN, 10, evm_address(B_EVM)),
			Error::<Test>::NoSignerSet
		);
	});
}

#[test]
fn the_window_limits_slide() {
	run_test(|| {
		let token = bridged_token();
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, A, 5_000, None));
		// Identity B may receive 800 per window, the route carries 1,000.
		export(token, 500, B_EVM);
		export(token, 300, B_EVM);
		assert_noop!(
			Bridge::export(RuntimeOrigin::signed(A), token, 0, CHAIN, 1, evm_address(B_EVM)),
			Error::<Test>::AboveIdentityLimit
		);
		// A (identity 3) links a wallet and uses the rest of the route's window.
		link_evm(A, 504);
		export(token, 200, 504);
		assert_noop!(
			Bridge::export(RuntimeOrigin::signed(A), token, 0, CHAIN, 1, evm_address(504)),
			Error::<Test>::AboveWindowLimit
		);
		// Half a window later, half of the previous window still counts.
		System::set_block_number(WINDOW + WINDOW / 2);
		let usage = RouteUsage::<Test>::get((token, 0), CHAIN).at(WINDOW + WINDOW / 2, WINDOW);
		assert_eq!(usage.used(WINDOW + WINDOW / 2, WINDOW), 500);
		export(token, 500, 504);
		assert_noop!(
			Bridge::export(RuntimeOrigin::signed(A), token, 0, CHAIN, 1, evm_address(504)),
			Error::<Test>::AboveWindowLimit
		);
		// Two windows on, everything is forgotten.
		System::set_block_number(3 * WINDOW + 1);
		export(token, 500, B_EVM);
	});
}

#[test]
fn a_threshold_of_signatures_attests_an_export_and_the_event_orders_them_by_key() {
	run_test(|| {
		let token = bridged_token();
		let nonce = export(token, 100, B_EVM);
		let post = attest(SIGNERS[2], AttestationKind::Export, nonce).expect("accepted");
		assert_eq!(post.pays_fee, polkadot_sdk::frame_support::dispatch::Pays::No, "an accepted attestation is free");
		assert_eq!(Exports::<Test>::get(nonce).expect("export").status, ExportStatus::Pending);
		assert_ok!(attest(SIGNERS[0], AttestationKind::Export, nonce));
		assert_eq!(Exports::<Test>::get(nonce).expect("export").status, ExportStatus::Attested);
		let digest = Exports::<Test>::get(nonce).expect("export").digest;
		let set = SignerSets::<Test>::get(1).expect("set");
		let mut expected: Vec<(EvmAddress, EvmSignature)> = [SIGNERS[0], SIGNERS[2]]
			.iter()
			.map(|account| (evm_address(seed_of(*account)), evm_sign(seed_of(*account), &digest)))
			.collect();
		expected.sort_by_key(|(key, _)| *key);
		System::assert_last_event(RuntimeEvent::Bridge(Event::ExportAttested {
			nonce,
			set_id: 1,
			signatures: expected.iter().map(|(_, signature)| *signature).collect(),
		}));
		// Each signature recovers to a signer of the set, keys strictly ascending.
		let keys: Vec<EvmAddress> = expected.iter().map(|(_, s)| evm::recover(&digest, s).expect("strict")).collect();
		assert!(keys.windows(2).all(|pair| pair[0] < pair[1]));
		assert!(keys.iter().all(|key| set.signers.iter().any(|signer| signer.key == *key)));
		// The attestation is complete: a third signature is refused.
		assert_noop!(attest(SIGNERS[1], AttestationKind::Export, nonce), Error::<Test>::WrongState);
	});
}

#[test]
fn attestations_are_refused_from_strangers_twice_or_with_bad_signatures() {
	run_test(|| {
		let token = bridged_token();
		let nonce = export(token, 100, B_EVM);
		let digest = Exports::<Test>::get(nonce).expect("export").digest;
		let submit = |who: u64, set: SetId, signature: EvmSignature| {
			Bridge::attest(RuntimeOrigin::signed(who), AttestationKind::Export, nonce, set, signature)
		};
		// Not a signer (even with a signer's valid signature).
		assert_noop!(submit(A, 1, evm_sign(SIGNER_SEEDS[0], &digest)), Error::<Test>::NotASigner);
		// An unknown set.
		assert_noop!(submit(SIGNERS[0], 2, evm_sign(seed_of(SIGNERS[0]), &digest)), Error::<Test>::SetNotValid);
		// Another signer's key, another message, a malleated (high-s) twin, v = 0.
		assert_noop!(submit(SIGNERS[0], 1, evm_sign(seed_of(SIGNERS[1]), &digest)), Error::<Test>::BadSignature);
		assert_noop!(submit(SIGNERS[0], 1, evm_sign(seed_of(SIGNERS[0]), &[9u8; 32])), Error::<Test>::BadSignature);
		let good = evm_sign(seed_of(SIGNERS[0]), &digest);
		assert_noop!(submit(SIGNERS[0], 1, high_s_twin(&good)), Error::<Test>::BadSignature);
		let mut v_zero = good;
		v_zero[64] -= 27;
		assert_noop!(submit(SIGNERS[0], 1, v_zero), Error::<Test>::BadSignature);
		// No such export.
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(SIGNERS[0]), AttestationKind::Export, 9, 1, good),
			Error::<Test>::NoSuchExport
		);
		// One vote per signer.
		assert_ok!(submit(SIGNERS[0], 1, good));
		assert_noop!(submit(SIGNERS[0], 1, good), Error::<Test>::AlreadyAttested);
		// Unsigned.
		assert_noop!(
			Bridge::attest(RuntimeOrigin::none(), AttestationKind::Export, nonce, 1, good),
			DispatchError::BadOrigin
		);
	});
}

/// The malleated twin `(r, n - s, v ^ 1)` of a signature, which recovers the same key.
fn high_s_twin(signature: &EvmSignature) -> EvmSignature {
	let mut twin = *signature;
	let n = evm::SECP256K1_N;
	let mut borrow = 0i16;
	for i in (0..32).rev() {
		let d = i16::from(n[i]) - i16::from(signature[32 + i]) - borrow;
		twin[32 + i] = d.rem_euclid(256) as u8;
		borrow = i16::from(d < 0);
	}
	twin[64] = if signature[64] == 27 { 28 } else { 27 };
	twin
}

#[test]
fn a_minted_outcome_closes_the_export_and_counts_it_outstanding() {
	run_test(|| {
		let token = bridged_token();
		let nonce = export(token, 100, B_EVM);
		// An outcome is attested only for an attested export.
		assert_noop!(
			attest(SIGNERS[0], AttestationKind::ExportOutcome { minted: true }, nonce),
			Error::<Test>::WrongState
		);
		assert_ok!(attest(SIGNERS[0], AttestationKind::Export, nonce));
		assert_ok!(attest(SIGNERS[1], AttestationKind::Export, nonce));
		// Before the deadline the gateway may still mint: "not minted" is not final yet...
		assert_noop!(
			attest(SIGNERS[0], AttestationKind::ExportOutcome { minted: false }, nonce),
			Error::<Test>::WrongState
		);
		// ...but a mint the EVM chain finalized is: "minted" needs no deadline.
		assert_ok!(attest(SIGNERS[0], AttestationKind::ExportOutcome { minted: true }, nonce));
		assert_noop!(
			attest(SIGNERS[0], AttestationKind::ExportOutcome { minted: true }, nonce),
			Error::<Test>::AlreadyAttested
		);
		assert_eq!(Outstanding::<Test>::get((token, 0), CHAIN), 0, "below the threshold nothing is final");
		assert_ok!(attest(SIGNERS[2], AttestationKind::ExportOutcome { minted: true }, nonce));
		System::assert_last_event(RuntimeEvent::Bridge(Event::ExportMinted { nonce }));
		assert!(Exports::<Test>::get(nonce).is_none());
		assert_eq!(Attestations::<Test>::iter().count(), 0);
		assert_eq!(Outstanding::<Test>::get((token, 0), CHAIN), 100);
		assert_eq!(InFlight::<Test>::get((token, 0), CHAIN), 0);
		assert_eq!(escrowed(token), 100, "the escrow holds what the wrapped tokens stand for");
	});
}

#[test]
fn an_unminted_outcome_refunds_the_holder() {
	run_test(|| {
		let token = bridged_token();
		let nonce = export(token, 100, B_EVM);
		assert_ok!(attest(SIGNERS[0], AttestationKind::Export, nonce));
		assert_ok!(attest(SIGNERS[1], AttestationKind::Export, nonce));
		past_deadline(nonce);
		// Refunding an attested export needs the outcome: its signatures could still mint
		// until the deadline, and whether they did is the EVM chain's to say.
		assert_noop!(Bridge::refund_expired(RuntimeOrigin::signed(B), nonce), Error::<Test>::WrongState);
		assert_ok!(attest(SIGNERS[1], AttestationKind::ExportOutcome { minted: false }, nonce));
		// One outcome per signer.
		assert_noop!(
			attest(SIGNERS[1], AttestationKind::ExportOutcome { minted: true }, nonce),
			Error::<Test>::AlreadyAttested
		);
		assert_ok!(attest(SIGNERS[2], AttestationKind::ExportOutcome { minted: false }, nonce));
		assert_eq!((balance(token, A), escrowed(token)), (1_000, 0));
		assert!(Exports::<Test>::get(nonce).is_none());
		assert!(System::events().iter().any(|r| r.event == RuntimeEvent::Bridge(Event::ExportRefunded { nonce })));
	});
}

#[test]
fn an_unattested_export_is_refunded_after_its_deadline_by_anyone() {
	run_test(|| {
		let token = bridged_token();
		let nonce = export(token, 100, B_EVM);
		assert_ok!(attest(SIGNERS[0], AttestationKind::Export, nonce));
		assert_noop!(Bridge::refund_expired(RuntimeOrigin::signed(B), nonce), Error::<Test>::DeadlineNotPassed);
		past_deadline(nonce);
		// Past the deadline nobody signs a mint proof any more.
		assert_noop!(attest(SIGNERS[1], AttestationKind::Export, nonce), Error::<Test>::WrongState);
		assert_ok!(Bridge::refund_expired(RuntimeOrigin::signed(B), nonce));
		assert_eq!((balance(token, A), escrowed(token)), (1_000, 0));
		assert_noop!(Bridge::refund_expired(RuntimeOrigin::signed(B), nonce), Error::<Test>::NoSuchExport);
		assert_eq!(Attestations::<Test>::iter().count(), 0, "its partial attestation went with it");
	});
}

#[test]
fn a_refund_the_token_refuses_is_quarantined_and_retried() {
	run_test(|| {
		let token = bridged_token();
		let nonce = export(token, 100, B_EVM);
		past_deadline(nonce);
		// The token is paused when the refund comes: the tokens stay in the escrow, owed to A.
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, true));
		assert_ok!(Bridge::refund_expired(RuntimeOrigin::signed(B), nonce));
		let entry = Quarantine::<Test>::get(1).expect("quarantined");
		assert_eq!((entry.to, entry.amount, entry.reason), (A, 100, Refusal::Paused));
		assert_eq!(escrowed(token), 100);
		assert_noop!(
			Bridge::retry_quarantined(RuntimeOrigin::signed(B), 1),
			Error::<Test>::TokenRefused { reason: Refusal::Paused }
		);
		assert_ok!(Token::set_paused(RuntimeOrigin::signed(ISSUER), token, false));
		assert_ok!(Bridge::retry_quarantined(RuntimeOrigin::signed(B), 1));
		System::assert_last_event(RuntimeEvent::Bridge(Event::QuarantineReleased { id: 1 }));
		assert_eq!((balance(token, A), escrowed(token)), (1_000, 0));
		assert_noop!(Bridge::retry_quarantined(RuntimeOrigin::signed(B), 1), Error::<Test>::NoSuchQuarantine);
	});
}

/// `account` (EVM key of `seed`) votes for attestation `kind` of export `nonce` as a signer of
/// set `set_id`.
fn attest_as(account: u64, seed: u32, set_id: SetId, kind: AttestationKind, nonce: ExportNonce) -> DispatchResultWithPostInfo {
	let export = Exports::<Test>::get(nonce).expect("export");
	let digest = match kind {
		AttestationKind::ExportOutcome { minted } => Bridge::outcome_digest(&export, nonce, minted),
		_ => export.digest,
	};
	Bridge::attest(RuntimeOrigin::signed(account), kind, nonce, set_id, evm_sign(seed, &digest))
}

#[test]
fn after_a_rotation_the_old_set_may_finish_its_ballot_within_its_grace_period_only() {
	run_test(|| {
		let token = bridged_token();
		let first = export(token, 100, B_EVM);
		let second = export(token, 100, B_EVM);
		assert_ok!(attest(SIGNERS[0], AttestationKind::Export, first));
		assert_ok!(attest(SIGNERS[0], AttestationKind::Export, second));
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signer_set(&[81, 82, 83], &[611, 612, 613])));
		// Nobody of set 2 voted: set 1 completes its ballot within the grace period.
		System::set_block_number(1 + GRACE);
		assert_ok!(attest_as(SIGNERS[1], seed_of(SIGNERS[1]), 1, AttestationKind::Export, first));
		assert_eq!(Exports::<Test>::get(first).expect("export").status, ExportStatus::Attested);
		assert_eq!(Attestations::<Test>::get(AttestationKind::Export, first).expect("votes").set_id, 1);
		// After it set 1 is gone, and its vote for the second export with it: set 2 starts over.
		System::set_block_number(1 + GRACE + 1);
		assert_noop!(
			attest_as(SIGNERS[1], seed_of(SIGNERS[1]), 1, AttestationKind::Export, second),
			Error::<Test>::SetNotValid
		);
		assert_ok!(attest_as(81, 611, 2, AttestationKind::Export, second));
		let votes = Attestations::<Test>::get(AttestationKind::Export, second).expect("votes");
		assert_eq!((votes.set_id, votes.signatures.len()), (2, 1));
		assert_ok!(attest_as(83, 613, 2, AttestationKind::Export, second));
		assert_eq!(Exports::<Test>::get(second).expect("export").status, ExportStatus::Attested);
	});
}

/// The liveness attack: a signer removed by a rotation (or a set of them) starts a ballot of
/// the previous set while it is valid, so that the current set would wait for the grace period.
/// The current set's first vote takes the ballot over; the previous set cannot take it back.
#[test]
fn the_current_set_takes_over_a_ballot_the_previous_set_began() {
	run_test(|| {
		let token = bridged_token();
		let nonce = export(token, 100, B_EVM);
		// Set 2 keeps signer 0 and drops signers 1 and 2; signer 2 votes first, in set 1.
		let kept = SIGNERS[0];
		assert_ok!(Bridge::set_signers(
			RuntimeOrigin::root(),
			signer_set(&[kept, 82, 83], &[seed_of(kept), 612, 613])
		));
		assert_ok!(attest_as(SIGNERS[2], seed_of(SIGNERS[2]), 1, AttestationKind::Export, nonce));
		assert_eq!(Attestations::<Test>::get(AttestationKind::Export, nonce).expect("votes").set_id, 1);
		// Set 2's vote starts its own ballot: set 1's vote is dropped.
		assert_ok!(attest_as(82, 612, 2, AttestationKind::Export, nonce));
		let signer = evm_address(612);
		System::assert_last_event(
			Event::Attested { kind: AttestationKind::Export, nonce, set_id: 2, signer }.into(),
		);
		let votes = Attestations::<Test>::get(AttestationKind::Export, nonce).expect("votes");
		assert_eq!((votes.set_id, votes.signatures.len()), (2, 1));
		// The removed signers cannot take it back while set 1 is valid, nor vote twice with it.
		assert_noop!(
			attest_as(SIGNERS[1], seed_of(SIGNERS[1]), 1, AttestationKind::Export, nonce),
			Error::<Test>::OtherSetCollecting
		);
		assert_noop!(
			attest_as(SIGNERS[2], seed_of(SIGNERS[2]), 1, AttestationKind::Export, nonce),
			Error::<Test>::OtherSetCollecting
		);
		// The signer in both sets votes with its seat in set 2: the export is attested by set 2.
		assert_noop!(
			attest_as(kept, seed_of(kept), 1, AttestationKind::Export, nonce),
			Error::<Test>::OtherSetCollecting
		);
		assert_ok!(attest_as(kept, seed_of(kept), 2, AttestationKind::Export, nonce));
		assert_eq!(Exports::<Test>::get(nonce).expect("export").status, ExportStatus::Attested);
		let digest = Exports::<Test>::get(nonce).expect("export").digest;
		let mut signed = vec![(evm_address(seed_of(kept)), evm_sign(seed_of(kept), &digest)), (signer, evm_sign(612, &digest))];
		signed.sort_by_key(|(key, _)| *key);
		System::assert_last_event(
			Event::ExportAttested {
				nonce,
				set_id: 2,
				signatures: signed.into_iter().map(|(_, signature)| signature).collect(),
			}
			.into(),
		);
		// The outcome's ballot too: set 1's vote for "not minted" is taken over by set 2's.
		past_deadline(nonce);
		assert_ok!(attest_as(SIGNERS[2], seed_of(SIGNERS[2]), 1, AttestationKind::ExportOutcome { minted: false }, nonce));
		assert_ok!(attest_as(82, 612, 2, AttestationKind::ExportOutcome { minted: false }, nonce));
		assert_noop!(
			attest_as(SIGNERS[1], seed_of(SIGNERS[1]), 1, AttestationKind::ExportOutcome { minted: false }, nonce),
			Error::<Test>::OtherSetCollecting
		);
		assert_ok!(attest_as(83, 613, 2, AttestationKind::ExportOutcome { minted: false }, nonce));
		assert_eq!(Exports::<Test>::get(nonce), None, "refunded");
		assert_eq!(balance(token, A), 1_000);
	});
}

#[test]
fn routes_with_a_zero_or_inconsistent_limit_are_refused() {
	run_test(|| {
		for limits in [
			Limits { per_export: 0, per_window: 10, per_identity_window: 10 },
			Limits { per_export: 10, per_window: 0, per_identity_window: 10 },
			Limits { per_export: 10, per_window: 10, per_identity_window: 0 },
			Limits { per_export: 11, per_window: 10, per_identity_window: 20 },
		] {
			assert_noop!(
				Bridge::set_route(RuntimeOrigin::root(), 1, 0, CHAIN, Route { limits, ..route() }),
				Error::<Test>::ZeroLimit
			);
		}
	});
}

/// The preview's refusals, comparable.
fn preview(
	who: &u64,
	token: TokenId,
	partition: PartitionId,
	chain: EvmChainId,
	amount: TokenBalance,
	recipient: &EvmAddress,
) -> Vec<DispatchError> {
	Bridge::preview_export(who, token, partition, chain, amount, recipient).into_iter().map(Into::into).collect()
}

fn errors<const N: usize>(errors: [Error<Test>; N]) -> Vec<DispatchError> {
	errors.into_iter().map(Into::into).collect()
}

#[test]
fn the_preview_names_every_refusal_and_nothing_for_a_good_export() {
	run_test(|| {
		let token = bridged_token();
		let to = evm_address(B_EVM);
		assert_eq!(preview(&A, token, 0, CHAIN, 100, &to), errors([]));
		// The token's verdict: C's identity is not verified.
		assert_eq!(
			preview(&A, token, 0, CHAIN, 100, &evm_address(C_EVM)),
			errors([Error::<Test>::TokenRefused { reason: Refusal::ReceiverKycMissing }])
		);
		assert_ok!(Bridge::pause(RuntimeOrigin::root()));
		assert_eq!(
			preview(&A, token, 0, CHAIN, 0, &evm_address(NOBODY_EVM)),
			errors([Error::<Test>::BridgePaused, Error::<Test>::ZeroAmount, Error::<Test>::RecipientNotLinked])
		);
		assert_eq!(
			preview(&A, token, 0, CHAIN, 900, &to),
			errors([Error::<Test>::BridgePaused, Error::<Test>::AboveExportLimit, Error::<Test>::AboveIdentityLimit])
		);
		// The route's limits are judged even for an unlinked recipient.
		assert_eq!(
			preview(&A, token, 0, CHAIN, 600, &evm_address(NOBODY_EVM)),
			errors([Error::<Test>::BridgePaused, Error::<Test>::RecipientNotLinked, Error::<Test>::AboveExportLimit])
		);
		assert_eq!(
			preview(&A, token, 0, CHAIN + 1, 10, &to),
			errors([Error::<Test>::BridgePaused, Error::<Test>::NoSuchRoute])
		);
		// The call reports the first of them, and the preview wrote nothing.
		assert_noop!(Bridge::export(RuntimeOrigin::signed(A), token, 0, CHAIN, 900, to), Error::<Test>::BridgePaused);
	});
}

/// The preview lists every compliance rule's outcome for the EVM recipient's identity, not
/// only the first failure the export would stop at; it writes nothing.
#[test]
fn the_rule_preview_lists_every_rule_for_the_evm_recipients_identity() {
	use pallet_compliance::{Rule, RuleKind};
	use sto_primitives::{
		compliance::{RuleFailure, RuleOutcome, RuleReport},
		identity::{CountryCode, InvestorType},
	};
	run_test(|| {
		let token = bridged_token();
		let to = evm_address(B_EVM);
		let pause = RuleReport { rule: u32::MAX, outcome: RuleOutcome::Pass };
		assert_eq!(Bridge::preview_export_rules(&A, token, 0, 100, &to), vec![pause]);
		let rules = [
			Rule { partition: None, kind: RuleKind::AllowJurisdictions(bounded(&[CountryCode(*b"DE")])) },
			Rule { partition: None, kind: RuleKind::MaxBalance(1_000) },
			Rule { partition: None, kind: RuleKind::AllowInvestorTypes(bounded(&[InvestorType::Institutional])) },
			Rule { partition: None, kind: RuleKind::MaxBalance(50) },
		];
		assert_ok!(Compliance::set_rules(RuntimeOrigin::signed(ISSUER), token, bounded(&rules)));
		let report = |outcomes: [RuleOutcome; 4]| {
			let mut report = vec![pause];
			report.extend(outcomes.into_iter().enumerate().map(|(rule, outcome)| RuleReport { rule: rule as u32, outcome }));
			report
		};
		// B (the EVM wallet's identity) has no jurisdiction and no investor type, and 100
		// would take it over 50: three rules fail; the export stops at the first.
		let fail = RuleOutcome::Fail;
		let expected = report([
			fail(RuleFailure::JurisdictionUnknown),
			RuleOutcome::Pass,
			fail(RuleFailure::InvestorTypeNotAllowed),
			fail(RuleFailure::MaxBalance),
		]);
		let before = polkadot_sdk::sp_io::storage::root(polkadot_sdk::sp_runtime::StateVersion::V1);
		assert_eq!(Bridge::preview_export_rules(&A, token, 0, 100, &to), expected);
		assert_eq!(
			polkadot_sdk::sp_io::storage::root(polkadot_sdk::sp_runtime::StateVersion::V1),
			before,
			"the preview writes nothing"
		);
		assert_eq!(
			preview(&A, token, 0, CHAIN, 100, &to),
			errors([Error::<Test>::TokenRefused { reason: Refusal::JurisdictionUnknown }])
		);
		// Judged on the recipient's identity and amount, not the escrow's or the sender's: 40
		// stays within 50.
		assert_eq!(
			Bridge::preview_export_rules(&A, token, 0, 40, &to),
			report([
				fail(RuleFailure::JurisdictionUnknown),
				RuleOutcome::Pass,
				fail(RuleFailure::InvestorTypeNotAllowed),
				RuleOutcome::Pass
			])
		);
		// Nobody to judge: an unlinked wallet, an unknown token.
		assert_eq!(Bridge::preview_export_rules(&A, token, 0, 100, &evm_address(NOBODY_EVM)), vec![]);
		assert_eq!(Bridge::preview_export_rules(&A, token + 100, 0, 100, &to), vec![]);
	});
}

#[test]
fn the_export_view_carries_the_signatures_in_the_gateways_order() {
	run_test(|| {
		let token = bridged_token();
		let first = export(token, 100, B_EVM);
		let second = export(token, 50, B_EVM);
		let view = Bridge::export_view(first).expect("in flight");
		assert_eq!((view.wrapped, view.set_id, view.signatures.len()), (route().wrapped, None, 0));
		assert_ok!(attest(SIGNERS[2], AttestationKind::Export, first));
		assert_ok!(attest(SIGNERS[0], AttestationKind::Export, first));
		let view = Bridge::export_view(first).expect("in flight");
		let Some(Event::ExportAttested { signatures, .. }) =
			System::events().into_iter().rev().find_map(|r| match r.event {
				RuntimeEvent::Bridge(event @ Event::ExportAttested { .. }) => Some(event),
				_ => None,
			})
		else {
			panic!("attested");
		};
		assert_eq!((view.set_id, view.signatures), (Some(1), signatures));
		let nonces: Vec<_> = Bridge::exports_in_flight(0, 10).into_iter().map(|view| view.nonce).collect();
		assert_eq!(nonces, vec![first, second]);
		let nonces: Vec<_> = Bridge::exports_in_flight(0, 1).into_iter().map(|view| view.nonce).collect();
		assert_eq!(nonces, vec![first]);
		let nonces: Vec<_> = Bridge::exports_in_flight(second, 10).into_iter().map(|view| view.nonce).collect();
		assert_eq!(nonces, vec![second]);
		assert!(Bridge::export_view(9).is_none());
	});
}
