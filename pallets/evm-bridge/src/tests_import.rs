//! Imports on the real registry, token and compliance: a burn attested by a threshold releases
//! its tokens through the movement path; each refusal changes nothing; a refused release is
//! quarantined, retried or bounced back; a conflicting attestation halts imports; replays,
//! amounts above what is outstanding and route changes under load are refused.

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, dispatch::DispatchResultWithPostInfo},
	sp_runtime::DispatchError,
};
use sto_primitives::{evm, identity::ClaimTopic};

/// The 32 bytes a burn names account `who` by (a mock account is a little-endian u64).
fn account_bytes(who: u64) -> [u8; 32] {
	let mut bytes = [0u8; 32];
	bytes[..8].copy_from_slice(&who.to_le_bytes());
	bytes
}

/// Burn `nonce` of `amount` by `B`'s EVM wallet, for `to` here.
fn burn(token: TokenId, nonce: ImportNonce, to: u64, amount: TokenBalance) -> Import {
	Import { token, partition: 0, chain: CHAIN, nonce, from: evm_address(B_EVM), recipient: account_bytes(to), amount }
}

/// `signer`'s attestation of `import` (the current set), signed with its key over the route's
/// release message.
fn vote(signer: u64, import: Import) -> DispatchResultWithPostInfo {
	let digest = Bridge::release_digest(&route(), &import);
	Bridge::attest_import(
		RuntimeOrigin::signed(signer),
		import,
		CurrentSet::<Test>::get(),
		evm_sign(seed_of(signer), &digest),
	)
}

/// A token with 100 minted on `CHAIN` (outstanding), A holding the other 900.
fn token_with_100_outstanding() -> TokenId {
	let token = bridged_token();
	export_minted(token, 100);
	assert_eq!(Outstanding::<Test>::get((token, 0), CHAIN), 100);
	token
}

#[test]
fn a_burn_attested_by_a_threshold_is_released_to_its_recipient() {
	run_test(|| {
		let token = token_with_100_outstanding();
		let import = burn(token, 1, B, 40);
		let post = vote(SIGNERS[2], import).expect("accepted");
		assert_eq!(post.pays_fee, polkadot_sdk::frame_support::dispatch::Pays::No, "an accepted attestation is free");
		assert_eq!((balance(token, B), escrowed(token)), (0, 100), "one signature moves nothing");
		assert_ok!(vote(SIGNERS[0], import));
		assert_eq!((balance(token, B), escrowed(token)), (40, 60));
		assert_eq!(Outstanding::<Test>::get((token, 0), CHAIN), 60);
		assert!(ImportVotes::<Test>::iter().next().is_none(), "the ballot is gone");
		assert_eq!(ImportedThrough::<Test>::get((CHAIN, route().gateway)), 1);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Bridge(Event::Imported {
				chain: CHAIN,
				gateway: route().gateway,
				nonce: 1,
				token,
				partition: 0,
				from: evm_address(B_EVM),
				to: B,
				amount: 40,
			})));
		// The digest is the EIP-712 digest of the gateway's release message, computed
		// independently.
		let domain = evm::eip712_domain_separator(b"STO Bridge Gateway", b"1", CHAIN, &route().gateway);
		let message = evm::eip712_hash_struct(
			b"Release(bytes32 appchain,uint64 nonce,address wrapped,address from,bytes32 recipient,uint256 amount)",
			&[
				System::block_hash(0).0,
				evm::abi_uint(1),
				evm::abi_address(&route().wrapped),
				evm::abi_address(&evm_address(B_EVM)),
				account_bytes(B),
				evm::abi_uint(40),
			],
		);
		assert_eq!(Bridge::release_digest(&route(), &import), evm::eip712_digest(&domain, &message));
		// A replay, by a signer who has not voted yet, is refused.
		assert_noop!(vote(SIGNERS[1], import), Error::<Test>::AlreadyImported);
	});
}

#[test]
fn an_import_is_refused_before_anything_changes() {
	run_test(|| {
		let token = token_with_100_outstanding();
		let good = burn(token, 1, B, 40);
		assert_noop!(vote(SIGNERS[0], Import { nonce: 0, ..good }), Error::<Test>::ZeroNonce);
		assert_noop!(vote(SIGNERS[0], Import { amount: 0, ..good }), Error::<Test>::ZeroAmount);
		// More than the route has outstanding: the wrapped supply cannot be above it.
		assert_noop!(vote(SIGNERS[0], Import { amount: 101, ..good }), Error::<Test>::AboveOutstanding);
		// Bytes that name no account exactly (a mock account is 8 bytes; the rest must be 0).
		let mut recipient = account_bytes(B);
		recipient[31] = 1;
		assert_noop!(vote(SIGNERS[0], Import { recipient, ..good }), Error::<Test>::BadRecipient);
		// No route to another chain.
		let other_chain = Import { chain: CHAIN + 1, ..good };
		assert_noop!(
			Bridge::attest_import(
				RuntimeOrigin::signed(SIGNERS[0]),
				other_chain,
				1,
				evm_sign(seed_of(SIGNERS[0]), &Bridge::release_digest(&route(), &other_chain))
			),
			Error::<Test>::NoSuchRoute
		);
		let digest = Bridge::release_digest(&route(), &good);
		let submit = |who: u64, set: SetId, signature: EvmSignature| {
			Bridge::attest_import(RuntimeOrigin::signed(who), good, set, signature)
		};
		// Not a signer, an unknown set, another signer's key, another message.
		assert_noop!(submit(A, 1, evm_sign(seed_of(SIGNERS[0]), &digest)), Error::<Test>::NotASigner);
		assert_noop!(submit(SIGNERS[0], 2, evm_sign(seed_of(SIGNERS[0]), &digest)), Error::<Test>::SetNotValid);
		assert_noop!(submit(SIGNERS[0], 1, evm_sign(seed_of(SIGNERS[1]), &digest)), Error::<Test>::BadSignature);
		let other = Bridge::release_digest(&route(), &Import { amount: 41, ..good });
		assert_noop!(submit(SIGNERS[0], 1, evm_sign(seed_of(SIGNERS[0]), &other)), Error::<Test>::BadSignature);
		assert_noop!(
			Bridge::attest_import(RuntimeOrigin::none(), good, 1, evm_sign(seed_of(SIGNERS[0]), &digest)),
			DispatchError::BadOrigin
		);
		// One vote per signer.
		assert_ok!(vote(SIGNERS[0], good));
		assert_noop!(vote(SIGNERS[0], good), Error::<Test>::AlreadyAttested);
		// Paused: nothing is released.
		assert_ok!(Bridge::pause(RuntimeOrigin::signed(SIGNERS[2])));
		assert_noop!(vote(SIGNERS[1], good), Error::<Test>::BridgePaused);
		assert_eq!((balance(token, B), escrowed(token)), (0, 100));
	});
}

#[test]
fn an_import_the_token_refuses_is_quarantined_and_released_after_the_claim() {
	run_test(|| {
		let token = token_with_100_outstanding();
		// C has an identity but no KYC claim: the token refuses C as a receiver.
		let import = burn(token, 1, C, 30);
		assert_ok!(vote(SIGNERS[0], import));
		assert_ok!(vote(SIGNERS[1], import));
		let entry = Quarantine::<Test>::get(1).expect("quarantined");
		let cause = ReleaseCause::Import { chain: CHAIN, gateway: route().gateway, nonce: 1, from: evm_address(B_EVM) };
		assert_eq!((entry.to, entry.amount, entry.reason, entry.cause), (C, 30, Refusal::ReceiverKycMissing, cause));
		// Imported (no longer outstanding, the burn done), but still in the escrow.
		assert_eq!(Outstanding::<Test>::get((token, 0), CHAIN), 70);
		assert_eq!((balance(token, C), escrowed(token)), (0, 100));
		assert_noop!(vote(SIGNERS[2], import), Error::<Test>::AlreadyImported);
		assert_noop!(
			Bridge::retry_quarantined(RuntimeOrigin::signed(C), 1),
			Error::<Test>::TokenRefused { reason: Refusal::ReceiverKycMissing }
		);
		claim_by(KYC_WALLET, C, ClaimTopic::Kyc, None);
		assert_ok!(Bridge::retry_quarantined(RuntimeOrigin::signed(C), 1));
		assert_eq!((balance(token, C), escrowed(token)), (30, 70));
	});
}

#[test]
fn two_messages_for_one_burn_halt_imports_until_governance_resumes_them() {
	run_test(|| {
		let token = token_with_100_outstanding();
		let honest = burn(token, 1, B, 40);
		let forged = Import { recipient: account_bytes(A), ..honest };
		assert_ok!(vote(SIGNERS[0], honest));
		// Another signer signs another message for burn 1: imports halt, the vote not counted.
		assert_ok!(vote(SIGNERS[1], forged));
		assert!(ImportsHalted::<Test>::get());
		let digest = Bridge::release_digest(&route(), &honest);
		System::assert_last_event(RuntimeEvent::Bridge(Event::ImportEquivocation {
			chain: CHAIN,
			gateway: route().gateway,
			nonce: 1,
			digest,
			conflicting: forged,
			signer: evm_address(seed_of(SIGNERS[1])),
			signature: evm_sign(seed_of(SIGNERS[1]), &Bridge::release_digest(&route(), &forged)),
		}));
		assert_eq!((balance(token, A), balance(token, B), escrowed(token)), (900, 0, 100));
		assert_noop!(vote(SIGNERS[2], honest), Error::<Test>::ImportsHalted);
		// Governance only; it throws the collected ballot away and the signers start over.
		assert_noop!(Bridge::resume_imports(RuntimeOrigin::signed(SIGNERS[0]), None), DispatchError::BadOrigin);
		let key = (CHAIN, route().gateway, 1);
		assert_ok!(Bridge::resume_imports(RuntimeOrigin::root(), Some(key)));
		System::assert_last_event(RuntimeEvent::Bridge(Event::ImportsResumed { discarded: Some(key) }));
		assert_noop!(Bridge::resume_imports(RuntimeOrigin::root(), None), Error::<Test>::ImportsNotHalted);
		assert!(ImportVotes::<Test>::iter().next().is_none());
		assert_ok!(vote(SIGNERS[0], honest));
		assert_ok!(vote(SIGNERS[2], honest));
		assert_eq!((balance(token, A), balance(token, B), escrowed(token)), (900, 40, 60));
	});
}

#[test]
fn burns_imported_out_of_order_fold_into_the_gateways_mark() {
	run_test(|| {
		let token = token_with_100_outstanding();
		let gateway = (CHAIN, route().gateway);
		for nonce in [3, 2] {
			assert_ok!(vote(SIGNERS[0], burn(token, nonce, B, 10)));
			assert_ok!(vote(SIGNERS[1], burn(token, nonce, B, 10)));
		}
		assert_eq!(ImportedThrough::<Test>::get(gateway), 0);
		assert_eq!(ImportedAbove::<Test>::iter_prefix(gateway).count(), 2);
		assert_ok!(vote(SIGNERS[0], burn(token, 1, B, 10)));
		assert_ok!(vote(SIGNERS[1], burn(token, 1, B, 10)));
		assert_eq!(ImportedThrough::<Test>::get(gateway), 3);
		assert_eq!(ImportedAbove::<Test>::iter_prefix(gateway).count(), 0);
		for nonce in 1..=3 {
			assert!(Bridge::is_imported(CHAIN, &route().gateway, nonce));
			assert_noop!(vote(SIGNERS[2], burn(token, nonce, B, 10)), Error::<Test>::AlreadyImported);
		}
		assert!(!Bridge::is_imported(CHAIN, &route().gateway, 4));
		assert_eq!((balance(token, B), Outstanding::<Test>::get((token, 0), CHAIN)), (30, 70));
	});
}

#[test]
fn governance_bounces_a_quarantined_import_back_to_the_wallet_that_burned() {
	run_test(|| {
		let token = token_with_100_outstanding();
		assert_ok!(vote(SIGNERS[0], burn(token, 1, C, 30)));
		assert_ok!(vote(SIGNERS[1], burn(token, 1, C, 30)));
		assert!(Quarantine::<Test>::contains_key(1));
		assert_noop!(Bridge::bounce_quarantined(RuntimeOrigin::signed(C), 1), DispatchError::BadOrigin);
		assert_noop!(Bridge::bounce_quarantined(RuntimeOrigin::root(), 9), Error::<Test>::NoSuchQuarantine);
		assert_ok!(Bridge::bounce_quarantined(RuntimeOrigin::root(), 1));
		let nonce = LastExport::<Test>::get();
		let bounced = Exports::<Test>::get(nonce).expect("a new export");
		assert_eq!(
			(bounced.holder, bounced.recipient, bounced.identity, bounced.amount),
			(C, evm_address(B_EVM), None, 30)
		);
		assert_eq!(
			bounced.digest,
			Bridge::mint_digest(
				CHAIN,
				&route().gateway,
				&route().wrapped,
				nonce,
				&evm_address(B_EVM),
				30,
				bounced.deadline
			)
		);
		assert!(!Quarantine::<Test>::contains_key(1));
		assert_eq!(InFlight::<Test>::get((token, 0), CHAIN), 30);
		assert_eq!(escrowed(token), 100, "nothing moved: the tokens were in the escrow");
		// Nobody attests it in time: the refund goes to C, refused again, quarantined again
		// (as a refund this time, which cannot be bounced).
		past_deadline(nonce);
		assert_ok!(Bridge::refund_expired(RuntimeOrigin::signed(A), nonce));
		let entry = Quarantine::<Test>::get(2).expect("quarantined again");
		assert_eq!((entry.to, entry.cause), (C, ReleaseCause::Refund { export: nonce }));
		assert_noop!(Bridge::bounce_quarantined(RuntimeOrigin::root(), 2), Error::<Test>::NotAnImport);
		assert_eq!(escrowed(token), 100);
	});
}

#[test]
fn a_route_in_use_keeps_its_contracts_and_stays() {
	run_test(|| {
		let token = token_with_100_outstanding();
		let moved = Route { gateway: evm::EvmAddress::repeat_byte(0x6b), ..route() };
		assert_noop!(Bridge::set_route(RuntimeOrigin::root(), token, 0, CHAIN, moved), Error::<Test>::RouteInUse);
		assert_noop!(Bridge::remove_route(RuntimeOrigin::root(), token, 0, CHAIN), Error::<Test>::RouteInUse);
		// Limits and the switch may change.
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 0, CHAIN, Route { enabled: false, ..route() }));
		// Everything comes back (a disabled route lets imports finish): then it may go.
		assert_ok!(vote(SIGNERS[0], burn(token, 1, B, 100)));
		assert_ok!(vote(SIGNERS[1], burn(token, 1, B, 100)));
		assert_eq!(Outstanding::<Test>::iter().count(), 0, "no zero is stored");
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 0, CHAIN, moved));
		assert_ok!(Bridge::remove_route(RuntimeOrigin::root(), token, 0, CHAIN));
	});
}

#[test]
fn a_signer_removed_by_a_rotation_cannot_import_after_the_grace_period() {
	run_test(|| {
		let token = token_with_100_outstanding();
		let import = burn(token, 1, B, 40);
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signer_set(&[81, 82, 83], &[611, 612, 613])));
		System::set_block_number(System::block_number() + GRACE + 1);
		let digest = Bridge::release_digest(&route(), &import);
		assert_noop!(
			Bridge::attest_import(RuntimeOrigin::signed(SIGNERS[0]), import, 1, evm_sign(seed_of(SIGNERS[0]), &digest)),
			Error::<Test>::SetNotValid
		);
		// Its key is no member of the current set either.
		assert_noop!(
			Bridge::attest_import(RuntimeOrigin::signed(81), import, 2, evm_sign(seed_of(SIGNERS[0]), &digest)),
			Error::<Test>::BadSignature
		);
		assert_ok!(Bridge::attest_import(RuntimeOrigin::signed(81), import, 2, evm_sign(611, &digest)));
		assert_ok!(Bridge::attest_import(RuntimeOrigin::signed(82), import, 2, evm_sign(612, &digest)));
		assert_eq!(balance(token, B), 40);
	});
}

/// `account` (EVM key of `seed`) votes for `import` as a signer of set `set_id`.
fn vote_as(account: u64, seed: u32, set_id: SetId, import: Import) -> DispatchResultWithPostInfo {
	let digest = Bridge::release_digest(&route(), &import);
	Bridge::attest_import(RuntimeOrigin::signed(account), import, set_id, evm_sign(seed, &digest))
}

/// The liveness attack on imports: a signer the rotation removed votes first, in the old set;
/// the new set's first vote takes the ballot over and the release happens with the new set's
/// threshold. A conflicting digest is still an equivocation, whichever set votes it.
#[test]
fn the_new_set_takes_over_an_import_the_old_set_began() {
	run_test(|| {
		let token = token_with_100_outstanding();
		let import = burn(token, 1, B, 40);
		let gateway = route().gateway;
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signer_set(&[81, 82, 83], &[611, 612, 613])));
		assert_ok!(vote_as(SIGNERS[2], seed_of(SIGNERS[2]), 1, import));
		assert_ok!(vote_as(82, 612, 2, import));
		let digest = Bridge::release_digest(&route(), &import);
		assert_eq!(Bridge::import_status(CHAIN, gateway, 1), ImportStatus::Collecting { set_id: 2, digest, votes: 1 });
		assert_noop!(vote_as(SIGNERS[1], seed_of(SIGNERS[1]), 1, import), Error::<Test>::OtherSetCollecting);
		// The same burn paying someone else, from either set: imports halt, nothing is paid.
		let conflicting = burn(token, 1, A, 40);
		let held_by_a = balance(token, A);
		assert_ok!(vote_as(SIGNERS[1], seed_of(SIGNERS[1]), 1, conflicting));
		assert!(ImportsHalted::<Test>::get());
		assert_eq!(balance(token, A), held_by_a);
		assert_eq!(Bridge::import_status(CHAIN, gateway, 1), ImportStatus::Collecting { set_id: 2, digest, votes: 1 });
		assert_ok!(Bridge::resume_imports(RuntimeOrigin::root(), None));
		assert_ok!(vote_as(83, 613, 2, import));
		assert_eq!(Bridge::import_status(CHAIN, gateway, 1), ImportStatus::Imported);
		assert_eq!(balance(token, B), 40);
	});
}

#[test]
fn an_imports_status_goes_from_unseen_to_collecting_to_imported() {
	run_test(|| {
		let token = token_with_100_outstanding();
		let import = burn(token, 1, B, 40);
		let gateway = route().gateway;
		assert_eq!(Bridge::import_status(CHAIN, gateway, 1), ImportStatus::Unseen);
		let digest = Bridge::release_digest_of(&import).expect("a route");
		assert_eq!(digest, Bridge::release_digest(&route(), &import));
		assert_eq!(Bridge::release_digest_of(&Import { chain: CHAIN + 1, ..import }), None);
		assert_ok!(vote(SIGNERS[0], import));
		assert_eq!(Bridge::import_status(CHAIN, gateway, 1), ImportStatus::Collecting { set_id: 1, digest, votes: 1 });
		assert_ok!(vote(SIGNERS[1], import));
		assert_eq!(Bridge::import_status(CHAIN, gateway, 1), ImportStatus::Imported);
		assert_eq!(Bridge::import_status(CHAIN, gateway, 0), ImportStatus::Unseen);
	});
}

/// The attack: two routes sharing one wrapped token would let a holder export token A, burn the
/// wrapped units and release them as token B. A wrapped token serves one route per chain.
#[test]
fn a_wrapped_token_serves_one_route_per_chain() {
	run_test(|| {
		let token = bridged_token();
		let other = active_token();
		assert_noop!(Bridge::set_route(RuntimeOrigin::root(), other, 0, CHAIN, route()), Error::<Test>::WrappedInUse);
		assert_noop!(Bridge::set_route(RuntimeOrigin::root(), token, 1, CHAIN, route()), Error::<Test>::WrappedInUse);
		// On another chain the same address is another contract.
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), other, 0, CHAIN + 1, route()));
		// Moved to another wrapped token (nothing in flight), the first is free again.
		let moved = Route { wrapped: evm::EvmAddress::repeat_byte(0x78), ..route() };
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 0, CHAIN, moved));
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), other, 0, CHAIN, route()));
		assert_eq!(RouteOfWrapped::<Test>::get(CHAIN, route().wrapped), Some((other, 0)));
		assert_ok!(Bridge::remove_route(RuntimeOrigin::root(), other, 0, CHAIN));
		assert_eq!(RouteOfWrapped::<Test>::get(CHAIN, route().wrapped), None);
	});
}
