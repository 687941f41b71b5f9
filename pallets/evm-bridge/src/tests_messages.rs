//! Tests of the messages for EVM contracts, on the real registry, token and compliance engine:
//!
//! - allow-list entries (`request_allow`): what an entry says (the term, or the end of the KYC
//!   claim), each refusal (which changes nothing), renewals in the second half of the term,
//!   removals of open entries, shorter entries at once;
//! - control messages (`control`): who may send them, their shape, their sequence per gateway;
//! - committees (`set_committee`) and the `SignerSet` messages a rotation queues for them,
//!   signed by the outgoing set within its grace period only;
//! - attestations of messages (`attest` with `AttestationKind::Message`): the threshold, the
//!   signatures in key order, each refusal, and the new set starting over after the grace period;
//! - a property run interleaving requests, claim changes, attestations and the clock.
//!
//! Every digest is also computed here independently from the EIP-712 types the contracts use.
//! Every test ends with the bridge's invariants (`run_test`), the votes for messages included.

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::{DispatchResult, DispatchResultWithPostInfo, Pays},
	},
	sp_core::H256,
	sp_runtime::DispatchError,
};
use sto_primitives::{
	evm,
	identity::{ClaimScope, ClaimTopic, CountryCode},
};

/// A day in milliseconds (the clock's unit and the claims' expiry unit).
const DAY_MS: u64 = 86_400_000;
/// The set a rotation in these tests installs: other accounts, other keys.
const NEW_ACCOUNTS: [u64; 3] = [81, 82, 83];
const NEW_SEEDS: [u32; 3] = [611, 612, 613];
/// The EVM wallet `A` links in some tests (`B` and `C` link theirs at genesis).
const A_EVM: u32 = 504;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The clock in Unix seconds, the unit of the messages.
fn now_s() -> u64 {
	Now::get() / 1_000
}

/// Move the clock `ms` milliseconds on.
fn advance_ms(ms: u64) {
	Now::set(Now::get() + ms);
}

fn gateway() -> EvmAddress {
	route().gateway
}

fn wrapped() -> EvmAddress {
	route().wrapped
}

/// The committee verifier number `n`.
fn verifier(n: u8) -> EvmAddress {
	EvmAddress::repeat_byte(0xc0 + n)
}

/// Anyone (here `A`) asks for `wallet`'s allow-list entry for `token`'s partition 0 on `CHAIN`.
fn request(token: TokenId, wallet: EvmAddress) -> DispatchResult {
	Bridge::request_allow(RuntimeOrigin::signed(A), token, 0, CHAIN, wallet)
}

/// `wallet`'s allow-list entry at the test route's gateway.
fn entry(wallet: EvmAddress) -> Option<AllowEntry> {
	AllowEntries::<Test>::get((CHAIN, wrapped()), wallet)
}

/// The `Allow` message `request` just queued for `wallet`, checked against its entry.
fn allow_message(wallet: EvmAddress) -> Message<Test> {
	let entry = entry(wallet).expect("an entry");
	let message = Messages::<Test>::get(entry.message).expect("the entry's message");
	assert_eq!(
		message.body,
		MessageBody::Allow { wallet, expiry: entry.expiry, sequence: entry.sequence },
		"the message says what the entry says"
	);
	message
}

/// The ids of the stored `Allow` messages for `wallet`.
fn allow_messages_of(wallet: EvmAddress) -> Vec<MessageId> {
	Messages::<Test>::iter()
		.filter(|(_, message)| matches!(message.body, MessageBody::Allow { wallet: of, .. } if of == wallet))
		.map(|(id, _)| id)
		.collect()
}

/// The end of an entry resting on a claim that expires at `ms`: the last whole second before.
fn claim_end(ms: u64) -> u64 {
	(ms - 1) / 1_000
}

/// Change `account`'s KYC claim (by the KYC provider) to expire at `expiry` (ms; `None`: never).
fn set_kyc_expiry(account: u64, expiry: Option<u64>) {
	assert_ok!(Identity::update_claim(
		RuntimeOrigin::signed(KYC_WALLET),
		identity(account),
		ClaimTopic::Kyc,
		ClaimScope::Global,
		expiry,
		H256::repeat_byte(account as u8),
	));
}

/// The KYC provider revokes `account`'s KYC claim.
fn revoke_kyc(account: u64) {
	assert_ok!(Identity::revoke_claim(
		RuntimeOrigin::signed(KYC_WALLET),
		identity(account),
		ClaimTopic::Kyc,
		ClaimScope::Global,
		identity(KYC_WALLET),
	));
}

/// Only receivers of jurisdiction DE for `token`: the genesis identities have none.
fn only_germans(token: TokenId) {
	let rule = pallet_compliance::Rule {
		partition: None,
		kind: pallet_compliance::RuleKind::AllowJurisdictions(bounded(&[CountryCode(*b"DE")])),
	};
	assert_ok!(Compliance::set_rules(RuntimeOrigin::signed(ISSUER), token, bounded(&[rule])));
}

/// `account` (EVM key of `seed`) signs message `id`'s stored digest as a signer of `set_id`.
fn sign(account: u64, seed: u32, set_id: SetId, id: MessageId) -> DispatchResultWithPostInfo {
	let digest = Messages::<Test>::get(id).expect("message").digest;
	Bridge::attest(RuntimeOrigin::signed(account), AttestationKind::Message, id, set_id, evm_sign(seed, &digest))
}

/// A signer of the first set (`SIGNERS`) signs message `id`.
fn sign_old(account: u64, id: MessageId) -> DispatchResultWithPostInfo {
	sign(account, seed_of(account), 1, id)
}

/// The signer `n` of the rotated-to set (`NEW_ACCOUNTS`, set 2) signs message `id`.
fn sign_new(n: usize, id: MessageId) -> DispatchResultWithPostInfo {
	sign(NEW_ACCOUNTS[n], NEW_SEEDS[n], 2, id)
}

/// The signatures of `digest` by the keys of `seeds`, in the order of their addresses (the
/// order the EVM contracts check them in).
fn signatures_by_key(seeds: &[u32], digest: &[u8; 32]) -> Vec<EvmSignature> {
	let mut signed: Vec<(EvmAddress, EvmSignature)> =
		seeds.iter().map(|seed| (evm_address(*seed), evm_sign(*seed, digest))).collect();
	signed.sort_by_key(|(key, _)| *key);
	signed.into_iter().map(|(_, signature)| signature).collect()
}

/// Governance rotates to the set of `NEW_ACCOUNTS` (set 2).
fn rotate() {
	assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signer_set(&NEW_ACCOUNTS, &NEW_SEEDS)));
}

/// The malleated twin `(r, n - s, v ^ 1)` of a low-s signature: the same key recovers it,
/// strict recovery refuses it.
fn malleated(signature: &EvmSignature) -> EvmSignature {
	let mut twin = *signature;
	let mut borrow = false;
	for i in (32..64).rev() {
		let (difference, under) = evm::SECP256K1_N[i - 32].overflowing_sub(signature[i]);
		let (difference, under_again) = difference.overflowing_sub(u8::from(borrow));
		twin[i] = difference;
		borrow = under || under_again;
	}
	twin[64] ^= 27 ^ 28;
	twin
}

/// The EIP-712 digest of `fields` of type `type_` for the gateway of the test route, computed
/// from the contract's domain, not the pallet's helpers.
fn gateway_digest(type_: &[u8], fields: &[[u8; 32]]) -> [u8; 32] {
	let domain = evm::eip712_domain_separator(b"STO Bridge Gateway", b"1", CHAIN, &gateway());
	evm::eip712_digest(&domain, &evm::eip712_hash_struct(type_, fields))
}

fn appchain() -> [u8; 32] {
	System::block_hash(0).0
}

// ---------------------------------------------------------------------------------------------
// Allow-list entries
// ---------------------------------------------------------------------------------------------

#[test]
fn an_allow_request_for_a_verified_linked_wallet_queues_an_entry_for_the_whole_term() {
	run_test(|| {
		let token = bridged_token();
		let wallet = evm_address(B_EVM);
		assert_ok!(request(token, wallet));
		// B's KYC claim never expires: the entry lasts the term.
		let expiry = now_s() + ALLOW_TERM;
		assert_eq!(entry(wallet), Some(AllowEntry { expiry, sequence: 1, message: 1 }));
		assert_eq!(LastMessage::<Test>::get(), 1);
		let digest = Bridge::allow_digest(CHAIN, &gateway(), &wrapped(), &wallet, expiry, 1);
		let message = Message::<Test> {
			chain: CHAIN,
			contract: gateway(),
			wrapped: wrapped(),
			body: MessageBody::Allow { wallet, expiry, sequence: 1 },
			digest,
			signed_by: None,
			attested: false,
		};
		assert_eq!(Messages::<Test>::get(1), Some(message.clone()));
		// The gateway's `Allow` message, computed independently.
		let independent = gateway_digest(
			b"Allow(bytes32 appchain,address wrapped,address wallet,uint64 expiry,uint64 sequence)",
			&[
				appchain(),
				evm::abi_address(&wrapped()),
				evm::abi_address(&wallet),
				evm::abi_uint(u128::from(expiry)),
				evm::abi_uint(1),
			],
		);
		assert_eq!(digest, independent);
		System::assert_last_event(
			Event::AllowRequested {
				id: 1,
				token,
				partition: 0,
				chain: CHAIN,
				wallet,
				identity: Some(identity(B)),
				expiry,
				sequence: 1,
				digest,
			}
			.into(),
		);
		// The relayers' and signers' view.
		let view = MessageView::<Test> { id: 1, message, set_id: None, signatures: vec![] };
		assert_eq!(Bridge::messages_from(1, 10), vec![view.clone()]);
		assert_eq!(Bridge::messages_from(0, 10), vec![view.clone()]);
		assert_eq!(Bridge::message_view(1), Some(view));
		assert!(Bridge::messages_from(2, 10).is_empty());
		assert!(Bridge::messages_from(1, 0).is_empty());
		assert_eq!(Bridge::message_view(2), None);
	});
}

#[test]
fn an_allow_entry_ends_with_the_kyc_claim_when_the_claim_ends_sooner() {
	run_test(|| {
		let token = bridged_token();
		// B's claim ends on a whole second, five days on: the entry ends the second before.
		let b_claim = START + 5 * DAY_MS;
		set_kyc_expiry(B, Some(b_claim));
		assert_ok!(request(token, evm_address(B_EVM)));
		assert_eq!(entry(evm_address(B_EVM)).expect("entry").expiry, START / 1_000 + 5 * 86_400 - 1);
		assert_eq!(claim_end(b_claim), START / 1_000 + 5 * 86_400 - 1);
		// A's claim ends 500 ms into a second: the entry ends with that second's start.
		link_evm(A, A_EVM);
		let a_claim = START + 7 * DAY_MS + 500;
		set_kyc_expiry(A, Some(a_claim));
		assert_ok!(request(token, evm_address(A_EVM)));
		let expiry = START / 1_000 + 7 * 86_400;
		assert_eq!(entry(evm_address(A_EVM)), Some(AllowEntry { expiry, sequence: 1, message: 2 }));
		let digest = allow_message(evm_address(A_EVM)).digest;
		assert_eq!(digest, Bridge::allow_digest(CHAIN, &gateway(), &wrapped(), &evm_address(A_EVM), expiry, 1));
		System::assert_last_event(
			Event::AllowRequested {
				id: 2,
				token,
				partition: 0,
				chain: CHAIN,
				wallet: evm_address(A_EVM),
				identity: Some(identity(A)),
				expiry,
				sequence: 1,
				digest,
			}
			.into(),
		);
		// A claim ending after the term does not lengthen the entry.
		claim_by(KYC_WALLET, C, ClaimTopic::Kyc, Some(START + 90 * DAY_MS));
		assert_ok!(request(token, evm_address(C_EVM)));
		assert_eq!(entry(evm_address(C_EVM)).expect("entry").expiry, now_s() + ALLOW_TERM);
	});
}

#[test]
fn a_claim_ending_within_the_current_second_admits_no_new_entry() {
	run_test(|| {
		let token = bridged_token();
		// Still valid for half a second: no whole second is left to allow.
		set_kyc_expiry(B, Some(Now::get() + 500));
		assert_noop!(
			request(token, evm_address(B_EVM)),
			Error::<Test>::TokenRefused { reason: Refusal::ReceiverKycExpired }
		);
		// A second and a half: the entry lasts through the next second, whose start the claim
		// still covers.
		set_kyc_expiry(B, Some(Now::get() + 1_500));
		assert_ok!(request(token, evm_address(B_EVM)));
		assert_eq!(entry(evm_address(B_EVM)).expect("entry").expiry, now_s() + 1);
	});
}

#[test]
fn an_allow_request_is_refused_before_anything_changes() {
	run_test(|| {
		let token = bridged_token();
		let call =
			|partition, chain, wallet| Bridge::request_allow(RuntimeOrigin::signed(A), token, partition, chain, wallet);
		assert_noop!(call(0, CHAIN, EvmAddress::zero()), Error::<Test>::ZeroAddress);
		assert_noop!(call(0, CHAIN + 1, evm_address(B_EVM)), Error::<Test>::NoSuchRoute);
		assert_noop!(call(1, CHAIN, evm_address(B_EVM)), Error::<Test>::NoSuchRoute);
		assert_noop!(
			Bridge::request_allow(RuntimeOrigin::signed(A), token + 1, 0, CHAIN, evm_address(B_EVM)),
			Error::<Test>::NoSuchRoute
		);
		// Linked to nobody.
		assert_noop!(call(0, CHAIN, evm_address(NOBODY_EVM)), Error::<Test>::RecipientNotLinked);
		// Linked to C, whose identity has no KYC claim.
		assert_noop!(
			call(0, CHAIN, evm_address(C_EVM)),
			Error::<Test>::TokenRefused { reason: Refusal::ReceiverKycMissing }
		);
		// Unsigned.
		assert_noop!(
			Bridge::request_allow(RuntimeOrigin::none(), token, 0, CHAIN, evm_address(B_EVM)),
			DispatchError::BadOrigin
		);
		// A compliance rule about receivers that B's identity fails.
		only_germans(token);
		assert_noop!(
			call(0, CHAIN, evm_address(B_EVM)),
			Error::<Test>::TokenRefused { reason: Refusal::JurisdictionUnknown }
		);
		assert_eq!(LastMessage::<Test>::get(), 0);
		assert_eq!(AllowEntries::<Test>::iter().count(), 0);
	});
}

#[test]
fn an_allow_request_needs_a_signer_set() {
	run_test(|| {
		let token = active_token();
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 0, CHAIN, route()));
		assert_noop!(request(token, evm_address(B_EVM)), Error::<Test>::NoSignerSet);
		// A zero wallet is refused first.
		assert_noop!(request(token, EvmAddress::zero()), Error::<Test>::ZeroAddress);
	});
}

#[test]
fn an_unchanged_entry_is_refused_and_a_renewal_waits_for_the_second_half_of_the_term() {
	run_test(|| {
		let token = bridged_token();
		let wallet = evm_address(B_EVM);
		assert_ok!(request(token, wallet));
		let first = entry(wallet).expect("entry");
		let first_digest = allow_message(wallet).digest;
		// The signers start on it.
		assert_ok!(attest(SIGNERS[0], AttestationKind::Message, first.message));
		assert!(Attestations::<Test>::contains_key(AttestationKind::Message, first.message));
		assert_noop!(request(token, wallet), Error::<Test>::AllowUnchanged);
		// Half the term on, exactly: not yet.
		advance_ms(ALLOW_TERM / 2 * 1_000);
		assert_noop!(request(token, wallet), Error::<Test>::AllowUnchanged);
		// One second into the second half: renewed for a whole term from now.
		advance_ms(1_000);
		assert_ok!(request(token, wallet));
		let expiry = now_s() + ALLOW_TERM;
		assert_eq!(entry(wallet), Some(AllowEntry { expiry, sequence: 2, message: 2 }));
		let digest = Bridge::allow_digest(CHAIN, &gateway(), &wrapped(), &wallet, expiry, 2);
		assert_eq!(allow_message(wallet).digest, digest);
		System::assert_last_event(
			Event::AllowRequested {
				id: 2,
				token,
				partition: 0,
				chain: CHAIN,
				wallet,
				identity: Some(identity(B)),
				expiry,
				sequence: 2,
				digest,
			}
			.into(),
		);
		// The older message and the signatures collected for it are gone.
		assert!(!Messages::<Test>::contains_key(first.message));
		assert!(!Attestations::<Test>::contains_key(AttestationKind::Message, first.message));
		assert_noop!(
			Bridge::attest(
				RuntimeOrigin::signed(SIGNERS[1]),
				AttestationKind::Message,
				first.message,
				1,
				evm_sign(seed_of(SIGNERS[1]), &first_digest)
			),
			Error::<Test>::NoSuchMessage
		);
		let ids: Vec<MessageId> = Bridge::messages_from(1, 10).into_iter().map(|view| view.id).collect();
		assert_eq!(ids, vec![2]);
		assert_noop!(request(token, wallet), Error::<Test>::AllowUnchanged);
	});
}

#[test]
fn a_revoked_claim_removes_an_open_entry_once_and_a_new_claim_allows_again() {
	run_test(|| {
		let token = bridged_token();
		let wallet = evm_address(B_EVM);
		assert_ok!(request(token, wallet));
		revoke_kyc(B);
		assert_ok!(request(token, wallet));
		assert_eq!(entry(wallet), Some(AllowEntry { expiry: 0, sequence: 2, message: 2 }));
		let digest = Bridge::allow_digest(CHAIN, &gateway(), &wrapped(), &wallet, 0, 2);
		assert_eq!(allow_message(wallet).digest, digest);
		System::assert_last_event(
			Event::AllowRequested {
				id: 2,
				token,
				partition: 0,
				chain: CHAIN,
				wallet,
				identity: Some(identity(B)),
				expiry: 0,
				sequence: 2,
				digest,
			}
			.into(),
		);
		assert!(!Messages::<Test>::contains_key(1));
		// Removed already.
		assert_noop!(request(token, wallet), Error::<Test>::AllowUnchanged);
		// A new claim: allowed again at once.
		claim_by(KYC_WALLET, B, ClaimTopic::Kyc, None);
		assert_ok!(request(token, wallet));
		assert_eq!(entry(wallet), Some(AllowEntry { expiry: now_s() + ALLOW_TERM, sequence: 3, message: 3 }));
	});
}

#[test]
fn an_entry_past_its_expiry_is_not_removed() {
	run_test(|| {
		let token = bridged_token();
		let wallet = evm_address(B_EVM);
		let claim = START + 3 * DAY_MS;
		set_kyc_expiry(B, Some(claim));
		assert_ok!(request(token, wallet));
		let open = entry(wallet).expect("entry");
		assert_eq!(open.expiry, claim_end(claim));
		// The claim expires; the entry ended the second before, on the EVM chain too.
		Now::set(claim);
		assert!(open.expiry < now_s());
		assert_noop!(request(token, wallet), Error::<Test>::AllowUnchanged);
		// Revoking the expired claim changes nothing either.
		revoke_kyc(B);
		assert_noop!(request(token, wallet), Error::<Test>::AllowUnchanged);
		assert_eq!(entry(wallet), Some(open));
	});
}

#[test]
fn a_claim_that_ends_sooner_shortens_the_entry_at_once() {
	run_test(|| {
		let token = bridged_token();
		let wallet = evm_address(B_EVM);
		assert_ok!(request(token, wallet));
		// A claim with an expiry replaces the claim without one, well within the term.
		let claim = START + 20 * DAY_MS;
		set_kyc_expiry(B, Some(claim));
		assert_ok!(request(token, wallet));
		assert_eq!(entry(wallet), Some(AllowEntry { expiry: claim_end(claim), sequence: 2, message: 2 }));
		assert!(!Messages::<Test>::contains_key(1));
		assert_noop!(request(token, wallet), Error::<Test>::AllowUnchanged);
		// Shorter again.
		let claim = START + 10 * DAY_MS;
		set_kyc_expiry(B, Some(claim));
		assert_ok!(request(token, wallet));
		assert_eq!(entry(wallet), Some(AllowEntry { expiry: claim_end(claim), sequence: 3, message: 3 }));
		// The claim no longer expires: the entry (ten days left, less than half the term) is
		// renewed for the whole term.
		set_kyc_expiry(B, None);
		assert_ok!(request(token, wallet));
		assert_eq!(entry(wallet), Some(AllowEntry { expiry: now_s() + ALLOW_TERM, sequence: 4, message: 4 }));
		assert_eq!(Messages::<Test>::iter().count(), 1);
	});
}

#[test]
fn a_longer_claim_waits_for_the_second_half_of_the_entrys_term() {
	run_test(|| {
		let token = bridged_token();
		let wallet = evm_address(B_EVM);
		// Twenty days left on the entry: more than half the term.
		set_kyc_expiry(B, Some(START + 20 * DAY_MS));
		assert_ok!(request(token, wallet));
		set_kyc_expiry(B, None);
		assert_noop!(request(token, wallet), Error::<Test>::AllowUnchanged);
		// Fourteen days left: less than half.
		advance_ms(6 * DAY_MS);
		assert_ok!(request(token, wallet));
		assert_eq!(entry(wallet).expect("entry").expiry, now_s() + ALLOW_TERM);
	});
}

#[test]
fn an_unlinked_wallet_loses_its_open_entry() {
	run_test(|| {
		let token = bridged_token();
		let wallet = evm_address(B_EVM);
		assert_ok!(request(token, wallet));
		assert_ok!(Identity::unlink_evm_wallet(RuntimeOrigin::signed(B), wallet));
		assert_ok!(request(token, wallet));
		let digest = Bridge::allow_digest(CHAIN, &gateway(), &wrapped(), &wallet, 0, 2);
		System::assert_last_event(
			Event::AllowRequested {
				id: 2,
				token,
				partition: 0,
				chain: CHAIN,
				wallet,
				identity: None,
				expiry: 0,
				sequence: 2,
				digest,
			}
			.into(),
		);
		assert_noop!(request(token, wallet), Error::<Test>::AllowUnchanged);
	});
}

#[test]
fn a_compliance_rule_the_identity_fails_refuses_a_new_entry_and_removes_an_open_one() {
	run_test(|| {
		let token = bridged_token();
		link_evm(A, A_EVM);
		assert_ok!(request(token, evm_address(B_EVM)));
		only_germans(token);
		// A's wallet has no entry: refused with the rule's reason.
		assert_noop!(
			request(token, evm_address(A_EVM)),
			Error::<Test>::TokenRefused { reason: Refusal::JurisdictionUnknown }
		);
		// B's open entry is removed.
		assert_ok!(request(token, evm_address(B_EVM)));
		assert_eq!(entry(evm_address(B_EVM)), Some(AllowEntry { expiry: 0, sequence: 2, message: 2 }));
		// A jurisdiction the rule allows: allowed again.
		claim_by(KYC_WALLET, B, ClaimTopic::Jurisdiction(CountryCode(*b"DE")), None);
		assert_ok!(request(token, evm_address(B_EVM)));
		assert_eq!(entry(evm_address(B_EVM)).expect("entry").expiry, now_s() + ALLOW_TERM);
	});
}

#[test]
fn allow_entries_are_kept_per_gateway() {
	run_test(|| {
		let token = bridged_token();
		let other = Route {
			gateway: EvmAddress::repeat_byte(0x6c),
			wrapped: EvmAddress::repeat_byte(0x78),
			..route()
		};
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 1, CHAIN, other));
		let wallet = evm_address(B_EVM);
		assert_ok!(request(token, wallet));
		assert_ok!(Bridge::request_allow(RuntimeOrigin::signed(B), token, 1, CHAIN, wallet));
		let theirs = AllowEntries::<Test>::get((CHAIN, other.wrapped), wallet).expect("entry");
		assert_eq!((theirs.sequence, theirs.message), (1, 2));
		let message = Messages::<Test>::get(2).expect("message");
		assert_eq!((message.contract, message.wrapped), (other.gateway, other.wrapped));
		assert_eq!(
			message.digest,
			Bridge::allow_digest(CHAIN, &other.gateway, &other.wrapped, &wallet, theirs.expiry, 1)
		);
		assert_eq!(entry(wallet).expect("entry").sequence, 1);
	});
}

/// Two routes on one chain may name one gateway (`set_route` checks only that a wrapped token
/// serves one route; on the EVM chain a gateway has one wrapped token, so one of them is
/// misconfigured): the allow-list entries and control sequences are kept per wrapped token, so
/// the routes share nothing (found by this test when they were kept per gateway).
#[test]
fn routes_sharing_a_gateway_do_not_share_its_allow_list_or_control_sequence() {
	run_test(|| {
		let token = bridged_token();
		let other = active_token();
		let shared = Route { wrapped: EvmAddress::repeat_byte(0x79), ..route() };
		if Bridge::set_route(RuntimeOrigin::root(), other, 0, CHAIN, shared).is_err() {
			// Refused: no two routes share a gateway, nothing is shared.
			return;
		}
		let wallet = evm_address(B_EVM);
		assert_ok!(request(token, wallet));
		// B may receive the other token as well: an entry of its own for its wrapped token.
		assert_ok!(Bridge::request_allow(RuntimeOrigin::signed(A), other, 0, CHAIN, wallet));
		// The other token's rules refuse B: whatever that does, the first route's message stays.
		only_germans(other);
		let _ = Bridge::request_allow(RuntimeOrigin::signed(A), other, 0, CHAIN, wallet);
		assert!(Messages::<Test>::contains_key(1), "the first route's allow message is kept");
		// A control message of the other route leaves the first route's sequence alone.
		let none = EvmAddress::zero();
		assert_ok!(control(ISSUER, other, ControlAction::Freeze, wallet, none, 0));
		assert_ok!(control(ISSUER, token, ControlAction::Freeze, wallet, none, 0));
		let last = Messages::<Test>::get(LastMessage::<Test>::get()).expect("message");
		assert!(matches!(last.body, MessageBody::Control { sequence: 1, .. }), "the first route's first control");
	});
}

// ---------------------------------------------------------------------------------------------
// Control messages
// ---------------------------------------------------------------------------------------------

/// `who` sends a control message for `token`'s partition 0 on `CHAIN`.
fn control(
	who: u64,
	token: TokenId,
	action: ControlAction,
	account: EvmAddress,
	to: EvmAddress,
	amount: TokenBalance,
) -> DispatchResult {
	Bridge::control(RuntimeOrigin::signed(who), token, 0, CHAIN, action, account, to, amount)
}

#[test]
fn the_issuer_freezes_unfreezes_and_forces_transfers_in_sequence() {
	run_test(|| {
		let token = bridged_token();
		let (account, to, none) = (evm_address(B_EVM), evm_address(C_EVM), EvmAddress::zero());
		let cases = [
			(ControlAction::Freeze, none, 0),
			(ControlAction::Unfreeze, none, 0),
			(ControlAction::ForcedTransfer, to, 25),
		];
		for (n, (action, to, amount)) in cases.into_iter().enumerate() {
			let sequence = n as u64 + 1;
			assert_ok!(control(ISSUER, token, action, account, to, amount));
			assert_eq!(ControlSequence::<Test>::get((CHAIN, wrapped())), sequence);
			let digest = Bridge::control_digest(CHAIN, &gateway(), &wrapped(), sequence, action, &account, &to, amount);
			assert_eq!(
				Messages::<Test>::get(sequence),
				Some(Message::<Test> {
					chain: CHAIN,
					contract: gateway(),
					wrapped: wrapped(),
					body: MessageBody::Control { sequence, action, account, to, amount },
					digest,
					signed_by: None,
					attested: false,
				})
			);
			System::assert_last_event(
				Event::ControlRequested {
					id: sequence,
					token,
					partition: 0,
					chain: CHAIN,
					sequence,
					action,
					account,
					to,
					amount,
					digest,
				}
				.into(),
			);
		}
		// The gateway's `Control` message of the forced transfer, computed independently
		// (action codes: freeze 1, unfreeze 2, forced transfer 3).
		let codes: Vec<u8> = cases.iter().map(|(action, _, _)| action.code()).collect();
		assert_eq!(codes, vec![1, 2, 3]);
		let independent = gateway_digest(
			b"Control(bytes32 appchain,address wrapped,uint64 sequence,uint8 action,\
			address account,address to,uint256 amount)",
			&[
				appchain(),
				evm::abi_address(&wrapped()),
				evm::abi_uint(3),
				evm::abi_uint(3),
				evm::abi_address(&account),
				evm::abi_address(&to),
				evm::abi_uint(25),
			],
		);
		assert_eq!(Messages::<Test>::get(3).expect("message").digest, independent);
		// Control messages stay (each is applied in order).
		assert_eq!(Bridge::messages_from(1, 10).len(), 3);
	});
}

#[test]
fn control_is_refused_before_anything_changes() {
	run_test(|| {
		let token = active_token();
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 0, CHAIN, route()));
		let (account, to, none) = (evm_address(B_EVM), evm_address(C_EVM), EvmAddress::zero());
		assert_noop!(control(ISSUER, token, ControlAction::Freeze, account, none, 0), Error::<Test>::NoSignerSet);
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signer_set(&SIGNERS, &SIGNER_SEEDS)));
		// A holds no role; nobody holds one for a token that does not exist.
		assert_noop!(control(A, token, ControlAction::Freeze, account, none, 0), Error::<Test>::NotController);
		assert_noop!(control(A, token, ControlAction::ForcedTransfer, account, to, 5), Error::<Test>::NotController);
		assert_noop!(control(ISSUER, token + 1, ControlAction::Freeze, account, none, 0), Error::<Test>::NotController);
		assert_noop!(
			Bridge::control(RuntimeOrigin::none(), token, 0, CHAIN, ControlAction::Freeze, account, none, 0),
			DispatchError::BadOrigin
		);
		let freeze_on = |partition, chain| {
			let origin = RuntimeOrigin::signed(ISSUER);
			Bridge::control(origin, token, partition, chain, ControlAction::Freeze, account, none, 0)
		};
		assert_noop!(freeze_on(0, CHAIN + 1), Error::<Test>::NoSuchRoute);
		assert_noop!(freeze_on(1, CHAIN), Error::<Test>::NoSuchRoute);
		// No zero account.
		assert_noop!(control(ISSUER, token, ControlAction::Freeze, none, none, 0), Error::<Test>::ZeroAddress);
		assert_noop!(control(ISSUER, token, ControlAction::ForcedTransfer, none, to, 5), Error::<Test>::ZeroAddress);
		// A freeze or unfreeze names no receiver and no amount.
		assert_noop!(control(ISSUER, token, ControlAction::Freeze, account, to, 0), Error::<Test>::BadControl);
		assert_noop!(control(ISSUER, token, ControlAction::Freeze, account, none, 5), Error::<Test>::BadControl);
		assert_noop!(control(ISSUER, token, ControlAction::Unfreeze, account, to, 0), Error::<Test>::BadControl);
		assert_noop!(control(ISSUER, token, ControlAction::Unfreeze, account, none, 1), Error::<Test>::BadControl);
		// A forced transfer names another receiver, and an amount.
		let forced = |to, amount| control(ISSUER, token, ControlAction::ForcedTransfer, account, to, amount);
		assert_noop!(forced(none, 5), Error::<Test>::BadControl);
		assert_noop!(forced(account, 5), Error::<Test>::BadControl);
		assert_noop!(forced(to, 0), Error::<Test>::ZeroAmount);
		assert_eq!(LastMessage::<Test>::get(), 0);
		assert_eq!(ControlSequence::<Test>::iter().count(), 0);
	});
}

#[test]
fn a_freezer_freezes_and_only_a_transfer_agent_forces_a_transfer() {
	run_test(|| {
		let token = bridged_token();
		let (account, to, none) = (evm_address(C_EVM), evm_address(B_EVM), EvmAddress::zero());
		let roles = |role| pallet_security_token::Roles(role);
		assert_ok!(Token::grant_roles(
			RuntimeOrigin::signed(ISSUER),
			token,
			identity(B),
			roles(pallet_security_token::Roles::FREEZER)
		));
		assert_ok!(control(B, token, ControlAction::Freeze, account, none, 0));
		assert_ok!(control(B, token, ControlAction::Unfreeze, account, none, 0));
		assert_noop!(control(B, token, ControlAction::ForcedTransfer, account, to, 5), Error::<Test>::NotController);
		assert_ok!(Token::grant_roles(
			RuntimeOrigin::signed(ISSUER),
			token,
			identity(A),
			roles(pallet_security_token::Roles::TRANSFER_AGENT)
		));
		assert_noop!(control(A, token, ControlAction::Freeze, account, none, 0), Error::<Test>::NotController);
		assert_ok!(control(A, token, ControlAction::ForcedTransfer, account, to, 5));
		assert_eq!(ControlSequence::<Test>::get((CHAIN, wrapped())), 3);
	});
}

#[test]
fn control_sequences_count_per_gateway() {
	run_test(|| {
		let token = bridged_token();
		let other = Route {
			gateway: EvmAddress::repeat_byte(0x6c),
			wrapped: EvmAddress::repeat_byte(0x78),
			..route()
		};
		assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 1, CHAIN, other));
		let (account, none) = (evm_address(B_EVM), EvmAddress::zero());
		let freeze = |partition| {
			Bridge::control(
				RuntimeOrigin::signed(ISSUER),
				token,
				partition,
				CHAIN,
				ControlAction::Freeze,
				account,
				none,
				0,
			)
		};
		assert_ok!(freeze(0));
		assert_ok!(freeze(1));
		assert_ok!(freeze(0));
		let sequences: Vec<(EvmAddress, u64)> = (1..=3)
			.map(|id| match Messages::<Test>::get(id).expect("message") {
				Message { contract, body: MessageBody::Control { sequence, .. }, .. } => (contract, sequence),
				_ => panic!("a control message"),
			})
			.collect();
		assert_eq!(sequences, vec![(gateway(), 1), (other.gateway, 1), (gateway(), 2)]);
		assert_eq!(ControlSequence::<Test>::get((CHAIN, wrapped())), 2);
		assert_eq!(ControlSequence::<Test>::get((CHAIN, other.wrapped)), 1);
		let second = Messages::<Test>::get(2).expect("message");
		assert_eq!(
			second.digest,
			Bridge::control_digest(CHAIN, &other.gateway, &other.wrapped, 1, ControlAction::Freeze, &account, &none, 0)
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Committees and rotations
// ---------------------------------------------------------------------------------------------

#[test]
fn governance_names_one_committee_verifier_per_chain() {
	run_test(|| {
		let root = || RuntimeOrigin::root();
		// Deployed with the current set: there must be one.
		assert_noop!(Bridge::set_committee(root(), CHAIN, Some(verifier(1))), Error::<Test>::NoSignerSet);
		bridged_token();
		assert_noop!(
			Bridge::set_committee(RuntimeOrigin::signed(ISSUER), CHAIN, Some(verifier(1))),
			DispatchError::BadOrigin
		);
		assert_noop!(Bridge::set_committee(root(), 0, Some(verifier(1))), Error::<Test>::ZeroChainId);
		assert_noop!(Bridge::set_committee(root(), 0, None), Error::<Test>::ZeroChainId);
		assert_noop!(Bridge::set_committee(root(), CHAIN, Some(EvmAddress::zero())), Error::<Test>::ZeroAddress);
		assert_ok!(Bridge::set_committee(root(), CHAIN, Some(verifier(1))));
		System::assert_last_event(Event::CommitteeSet { chain: CHAIN, verifier: Some(verifier(1)), set_id: 1 }.into());
		assert_eq!(Committees::<Test>::get().into_inner(), vec![(CHAIN, verifier(1))]);
		// Another verifier for the chain replaces the first.
		assert_ok!(Bridge::set_committee(root(), CHAIN, Some(verifier(2))));
		System::assert_last_event(Event::CommitteeSet { chain: CHAIN, verifier: Some(verifier(2)), set_id: 1 }.into());
		assert_eq!(Committees::<Test>::get().into_inner(), vec![(CHAIN, verifier(2))]);
		// A zero verifier leaves the one in place.
		assert_noop!(Bridge::set_committee(root(), CHAIN, Some(EvmAddress::zero())), Error::<Test>::ZeroAddress);
		// `None` removes it, once.
		assert_noop!(Bridge::set_committee(root(), CHAIN + 1, None), Error::<Test>::NoSuchCommittee);
		assert_ok!(Bridge::set_committee(root(), CHAIN, None));
		System::assert_last_event(Event::CommitteeSet { chain: CHAIN, verifier: None, set_id: 1 }.into());
		assert!(Committees::<Test>::get().is_empty());
		assert_noop!(Bridge::set_committee(root(), CHAIN, None), Error::<Test>::NoSuchCommittee);
		// The set a committee is deployed with is the current one.
		rotate();
		assert_ok!(Bridge::set_committee(root(), CHAIN, Some(verifier(3))));
		System::assert_last_event(Event::CommitteeSet { chain: CHAIN, verifier: Some(verifier(3)), set_id: 2 }.into());
	});
}

#[test]
fn at_most_max_committees_chains_have_a_verifier() {
	run_test(|| {
		bridged_token();
		let root = || RuntimeOrigin::root();
		assert_ok!(Bridge::set_committee(root(), CHAIN, Some(verifier(1))));
		assert_ok!(Bridge::set_committee(root(), CHAIN + 1, Some(verifier(2))));
		assert_noop!(Bridge::set_committee(root(), CHAIN + 2, Some(verifier(3))), Error::<Test>::TooManyCommittees);
		// Replacing one of them is no third.
		assert_ok!(Bridge::set_committee(root(), CHAIN + 1, Some(verifier(4))));
		assert_eq!(Committees::<Test>::get().into_inner(), vec![(CHAIN, verifier(1)), (CHAIN + 1, verifier(4))]);
		// Once one goes, another chain may have one.
		assert_ok!(Bridge::set_committee(root(), CHAIN, None));
		assert_ok!(Bridge::set_committee(root(), CHAIN + 2, Some(verifier(3))));
		assert_eq!(Committees::<Test>::get().into_inner(), vec![(CHAIN + 1, verifier(4)), (CHAIN + 2, verifier(3))]);
	});
}

#[test]
fn a_rotation_queues_a_signer_set_message_for_each_committee_signed_by_the_outgoing_set() {
	run_test(|| {
		bridged_token();
		// The first set rotates nothing out.
		assert_eq!(LastMessage::<Test>::get(), 0);
		assert_ok!(Bridge::set_committee(RuntimeOrigin::root(), CHAIN, Some(verifier(1))));
		assert_ok!(Bridge::set_committee(RuntimeOrigin::root(), CHAIN + 1, Some(verifier(2))));
		rotate();
		let keys: Vec<EvmAddress> = signer_set(&NEW_ACCOUNTS, &NEW_SEEDS).iter().map(|signer| signer.key).collect();
		assert!(keys.windows(2).all(|pair| pair[0] < pair[1]), "keys ascending");
		let previous_valid_until = now_s() + GRACE_SECONDS;
		assert_eq!(LastMessage::<Test>::get(), 2);
		for (id, chain, contract) in [(1, CHAIN, verifier(1)), (2, CHAIN + 1, verifier(2))] {
			let digest = Bridge::signer_set_digest(chain, &contract, 2, &keys, previous_valid_until);
			assert_eq!(
				Messages::<Test>::get(id),
				Some(Message::<Test> {
					chain,
					contract,
					wrapped: EvmAddress::zero(),
					body: MessageBody::SignerSet { set_id: 2, signers: bounded(&keys), previous_valid_until },
					digest,
					signed_by: Some(1),
					attested: false,
				})
			);
			System::assert_has_event(
				Event::RotationRequested {
					id,
					chain,
					verifier: contract,
					set_id: 2,
					signers: bounded(&keys),
					previous_valid_until,
					digest,
				}
				.into(),
			);
		}
		// The verifier's `SignerSet` message, computed independently (an address[] is the hash
		// of its 32-byte words).
		let words: Vec<u8> = keys.iter().flat_map(|key| evm::abi_address(key)).collect();
		let domain = evm::eip712_domain_separator(b"STO Bridge Committee", b"1", CHAIN, &verifier(1));
		let independent = evm::eip712_digest(
			&domain,
			&evm::eip712_hash_struct(
				b"SignerSet(bytes32 appchain,uint32 setId,address[] signers,uint64 previousValidUntil)",
				&[
					appchain(),
					evm::abi_uint(2),
					evm::keccak_256(&words),
					evm::abi_uint(u128::from(previous_valid_until)),
				],
			),
		);
		assert_eq!(Messages::<Test>::get(1).expect("message").digest, independent);
		// The rotation itself is the last event.
		System::assert_last_event(
			Event::SignerSetRotated {
				set_id: 2,
				signers: signer_set(&NEW_ACCOUNTS, &NEW_SEEDS),
				threshold: 2,
				previous_valid_until: Some(1 + GRACE),
			}
			.into(),
		);
		// Without a committee, a rotation queues nothing.
		assert_ok!(Bridge::set_committee(RuntimeOrigin::root(), CHAIN, None));
		assert_ok!(Bridge::set_committee(RuntimeOrigin::root(), CHAIN + 1, None));
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signer_set(&SIGNERS, &SIGNER_SEEDS)));
		assert_eq!(LastMessage::<Test>::get(), 2);
	});
}

#[test]
fn only_the_outgoing_set_attests_a_rotation_and_only_within_its_grace_period() {
	run_test(|| {
		bridged_token();
		assert_ok!(Bridge::set_committee(RuntimeOrigin::root(), CHAIN, Some(verifier(1))));
		assert_ok!(Bridge::set_committee(RuntimeOrigin::root(), CHAIN + 1, Some(verifier(2))));
		rotate();
		// The new set cannot vouch for itself.
		assert_noop!(sign_new(0, 1), Error::<Test>::WrongSet);
		assert_noop!(sign_new(1, 2), Error::<Test>::WrongSet);
		// The outgoing set, within its grace period, reaches its threshold.
		System::set_block_number(1 + GRACE);
		assert_ok!(sign_old(SIGNERS[2], 1));
		assert!(!Messages::<Test>::get(1).expect("message").attested);
		assert_ok!(sign_old(SIGNERS[0], 1));
		assert!(Messages::<Test>::get(1).expect("message").attested);
		let digest = Messages::<Test>::get(1).expect("message").digest;
		System::assert_last_event(
			Event::MessageAttested {
				id: 1,
				set_id: 1,
				signatures: signatures_by_key(&[seed_of(SIGNERS[0]), seed_of(SIGNERS[2])], &digest),
			}
			.into(),
		);
		// After the grace period, the outgoing set is no longer valid: the other rotation can
		// no longer be attested by anyone.
		System::set_block_number(1 + GRACE + 1);
		assert_noop!(sign_old(SIGNERS[0], 2), Error::<Test>::SetNotValid);
		assert_noop!(sign_new(0, 2), Error::<Test>::WrongSet);
	});
}

/// A second rotation while the first one's message to a verifier is unattested and signable
/// would strand it (set 1 removed at once, the verifier still at set 1 taking the next set
/// only): refused until set 1 signs it, and allowed once it can no longer be signed.
#[test]
fn a_rotation_waits_for_the_last_rotations_messages_while_they_can_be_signed() {
	run_test(|| {
		bridged_token();
		assert_ok!(Bridge::set_committee(RuntimeOrigin::root(), CHAIN, Some(verifier(1))));
		rotate();
		assert_eq!(LastRotation::<Test>::get().into_inner(), vec![1]);
		let again = || Bridge::set_signers(RuntimeOrigin::root(), signer_set(&SIGNERS, &SIGNER_SEEDS));
		assert_noop!(again(), Error::<Test>::RotationPending);
		// One vote of two: still pending.
		assert_ok!(sign_old(SIGNERS[0], 1));
		assert_noop!(again(), Error::<Test>::RotationPending);
		assert_ok!(sign_old(SIGNERS[1], 1));
		assert!(Messages::<Test>::get(1).expect("the rotation to set 2").attested);
		assert_ok!(again());
		let third = Messages::<Test>::get(2).expect("the rotation to set 3");
		assert_eq!(third.signed_by, Some(2));
		assert!(matches!(third.body, MessageBody::SignerSet { set_id: 3, .. }));
		assert_eq!(LastRotation::<Test>::get().into_inner(), vec![2]);
	});
}

#[test]
fn a_rotation_message_nobody_can_sign_any_more_does_not_block_the_next_rotation() {
	run_test(|| {
		bridged_token();
		assert_ok!(Bridge::set_committee(RuntimeOrigin::root(), CHAIN, Some(verifier(1))));
		rotate();
		// Set 1's grace period ends unsigned: the verifier must be redeployed; rotations go on.
		System::set_block_number(System::block_number() + GRACE + 1);
		assert_noop!(sign_old(SIGNERS[0], 1), Error::<Test>::SetNotValid);
		assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signer_set(&SIGNERS, &SIGNER_SEEDS)));
		assert_eq!(CurrentSet::<Test>::get(), 3);
	});
}

// ---------------------------------------------------------------------------------------------
// Attestations of messages
// ---------------------------------------------------------------------------------------------

/// A token with B's allow-list entry queued as message 1.
fn token_with_allow_message() -> TokenId {
	let token = bridged_token();
	assert_ok!(request(token, evm_address(B_EVM)));
	assert_eq!(entry(evm_address(B_EVM)).expect("entry").message, 1);
	token
}

/// Votes for a message are not an export's, even beside an export of the same number (found by
/// this test: `exports_try_state` took them for an export's).
#[test]
fn votes_for_a_message_break_no_invariant() {
	run_test(|| {
		let token = token_with_allow_message();
		assert_ok!(attest(SIGNERS[0], AttestationKind::Message, 1));
		let alone = Bridge::do_try_state();
		// An export whose nonce is the message's id: the message's complete votes are taken for
		// the votes of an export that is not attested.
		assert_eq!(export(token, 10, B_EVM), 1);
		assert_ok!(attest(SIGNERS[1], AttestationKind::Message, 1));
		let beside_an_export = Bridge::do_try_state();
		assert_eq!((alone, beside_an_export), (Ok(()), Ok(())));
	});
}

#[test]
fn a_threshold_of_signatures_attests_a_message_in_key_order() {
	run_test(|| {
		token_with_allow_message();
		let digest = Messages::<Test>::get(1).expect("message").digest;
		let post = attest(SIGNERS[2], AttestationKind::Message, 1).expect("accepted");
		assert_eq!(post.pays_fee, Pays::No, "an accepted attestation is free");
		System::assert_last_event(
			Event::Attested {
				kind: AttestationKind::Message,
				nonce: 1,
				set_id: 1,
				signer: evm_address(seed_of(SIGNERS[2])),
			}
			.into(),
		);
		assert!(!Messages::<Test>::get(1).expect("message").attested);
		let view = Bridge::message_view(1).expect("view");
		assert_eq!((view.set_id, view.signatures), (Some(1), vec![evm_sign(seed_of(SIGNERS[2]), &digest)]));
		assert_ok!(attest(SIGNERS[0], AttestationKind::Message, 1));
		assert!(Messages::<Test>::get(1).expect("message").attested);
		let signatures = signatures_by_key(&[seed_of(SIGNERS[0]), seed_of(SIGNERS[2])], &digest);
		System::assert_has_event(
			Event::Attested {
				kind: AttestationKind::Message,
				nonce: 1,
				set_id: 1,
				signer: evm_address(seed_of(SIGNERS[0])),
			}
			.into(),
		);
		System::assert_last_event(Event::MessageAttested { id: 1, set_id: 1, signatures: signatures.clone() }.into());
		// Each signature recovers to a key of the set, keys ascending.
		let keys: Vec<EvmAddress> = signatures.iter().map(|s| evm::recover(&digest, s).expect("strict")).collect();
		assert!(keys.windows(2).all(|pair| pair[0] < pair[1]));
		// The view carries them in the same order.
		let view = Bridge::message_view(1).expect("view");
		assert_eq!((view.set_id, view.signatures, view.message.attested), (Some(1), signatures, true));
		// Complete: a further vote of the set is refused.
		assert_noop!(attest(SIGNERS[1], AttestationKind::Message, 1), Error::<Test>::WrongState);
		assert_noop!(attest(SIGNERS[0], AttestationKind::Message, 1), Error::<Test>::WrongState);
	});
}

#[test]
fn message_attestations_are_refused_from_strangers_twice_or_with_bad_signatures() {
	run_test(|| {
		token_with_allow_message();
		let digest = Messages::<Test>::get(1).expect("message").digest;
		let signer = SIGNERS[0];
		let good = evm_sign(seed_of(signer), &digest);
		let submit = |who: u64, id: MessageId, set: SetId, signature: EvmSignature| {
			Bridge::attest(RuntimeOrigin::signed(who), AttestationKind::Message, id, set, signature)
		};
		assert_noop!(submit(signer, 2, 1, good), Error::<Test>::NoSuchMessage);
		assert_noop!(submit(signer, 0, 1, good), Error::<Test>::NoSuchMessage);
		// Not a signer, even with a signer's signature; an unknown set.
		assert_noop!(submit(A, 1, 1, good), Error::<Test>::NotASigner);
		assert_noop!(submit(signer, 1, 2, good), Error::<Test>::SetNotValid);
		assert_noop!(submit(signer, 1, 0, good), Error::<Test>::SetNotValid);
		// Another signer's key, another digest, the malleated twin, v = 0.
		assert_noop!(submit(signer, 1, 1, evm_sign(seed_of(SIGNERS[1]), &digest)), Error::<Test>::BadSignature);
		assert_noop!(submit(signer, 1, 1, evm_sign(seed_of(signer), &[7u8; 32])), Error::<Test>::BadSignature);
		let twin = malleated(&good);
		assert_ne!(twin, good);
		assert_noop!(submit(signer, 1, 1, twin), Error::<Test>::BadSignature);
		let mut v_zero = good;
		v_zero[64] -= 27;
		assert_noop!(submit(signer, 1, 1, v_zero), Error::<Test>::BadSignature);
		assert_noop!(
			Bridge::attest(RuntimeOrigin::none(), AttestationKind::Message, 1, 1, good),
			DispatchError::BadOrigin
		);
		// One vote per signer.
		assert_ok!(submit(signer, 1, 1, good));
		assert_noop!(submit(signer, 1, 1, good), Error::<Test>::AlreadyAttested);
		assert_eq!(Bridge::message_view(1).expect("view").signatures, vec![good]);
	});
}

#[test]
fn after_the_grace_period_the_new_set_attests_an_old_sets_message_again() {
	run_test(|| {
		token_with_allow_message();
		assert_ok!(attest(SIGNERS[0], AttestationKind::Message, 1));
		assert_ok!(attest(SIGNERS[1], AttestationKind::Message, 1));
		assert!(Messages::<Test>::get(1).expect("message").attested);
		rotate();
		// While set 1 is valid its signatures verify: set 2 has nothing to add.
		assert_noop!(sign_new(0, 1), Error::<Test>::WrongState);
		System::set_block_number(1 + GRACE);
		assert_noop!(sign_new(0, 1), Error::<Test>::WrongState);
		// Then set 1's signatures no longer verify: set 2 starts over.
		System::set_block_number(1 + GRACE + 1);
		assert_ok!(sign_new(2, 1));
		assert!(!Messages::<Test>::get(1).expect("message").attested, "one signature of set 2 is below its threshold");
		let votes = Attestations::<Test>::get(AttestationKind::Message, 1).expect("votes");
		assert_eq!((votes.set_id, votes.signatures.len()), (2, 1));
		assert_noop!(sign_new(2, 1), Error::<Test>::AlreadyAttested);
		assert_ok!(sign_new(0, 1));
		assert!(Messages::<Test>::get(1).expect("message").attested);
		let digest = Messages::<Test>::get(1).expect("message").digest;
		let signatures = signatures_by_key(&[NEW_SEEDS[0], NEW_SEEDS[2]], &digest);
		System::assert_last_event(Event::MessageAttested { id: 1, set_id: 2, signatures }.into());
		assert_noop!(sign_new(1, 1), Error::<Test>::WrongState);
	});
}

/// The liveness attack on messages: a signer the rotation removed votes first, in the old set,
/// so that the new set would wait for the grace period (a freeze or an allow-list removal held
/// up). The new set's first vote takes the ballot over; the old set cannot take it back.
#[test]
fn the_new_set_takes_over_a_message_the_old_set_began() {
	run_test(|| {
		token_with_allow_message();
		assert_ok!(attest(SIGNERS[0], AttestationKind::Message, 1));
		rotate();
		assert_ok!(sign_new(0, 1));
		let votes = Attestations::<Test>::get(AttestationKind::Message, 1).expect("votes");
		assert_eq!((votes.set_id, votes.signatures.len()), (2, 1));
		assert!(!Messages::<Test>::get(1).expect("message").attested);
		// Set 1 is valid until its grace period ends, but it cannot take the ballot back.
		assert_noop!(sign_old(SIGNERS[1], 1), Error::<Test>::OtherSetCollecting);
		assert_noop!(sign_old(SIGNERS[0], 1), Error::<Test>::OtherSetCollecting);
		assert_noop!(sign_new(0, 1), Error::<Test>::AlreadyAttested);
		assert_ok!(sign_new(2, 1));
		assert!(Messages::<Test>::get(1).expect("message").attested);
		let digest = Messages::<Test>::get(1).expect("message").digest;
		let signatures = signatures_by_key(&[NEW_SEEDS[0], NEW_SEEDS[2]], &digest);
		System::assert_last_event(Event::MessageAttested { id: 1, set_id: 2, signatures }.into());
		// Attested by set 2: set 1 has nothing to add.
		assert_noop!(sign_old(SIGNERS[1], 1), Error::<Test>::WrongState);
	});
}

#[test]
fn while_nobody_of_the_new_set_votes_the_old_set_may_finish_a_message_within_its_grace_period() {
	run_test(|| {
		token_with_allow_message();
		assert_ok!(attest(SIGNERS[0], AttestationKind::Message, 1));
		rotate();
		System::set_block_number(1 + GRACE);
		assert_ok!(sign_old(SIGNERS[1], 1));
		assert!(Messages::<Test>::get(1).expect("message").attested);
		assert_eq!(Attestations::<Test>::get(AttestationKind::Message, 1).expect("votes").set_id, 1);
		// Attested by a valid set: set 2 has nothing to add until set 1's grace period is over.
		assert_noop!(sign_new(0, 1), Error::<Test>::WrongState);
	});
}

#[test]
fn a_message_queued_during_the_grace_period_may_be_attested_by_either_set() {
	run_test(|| {
		let token = bridged_token();
		rotate();
		link_evm(A, A_EVM);
		assert_ok!(request(token, evm_address(B_EVM)));
		assert_ok!(request(token, evm_address(A_EVM)));
		// The outgoing set attests message 1, the new set message 2.
		assert_ok!(sign_old(SIGNERS[0], 1));
		assert_ok!(sign_old(SIGNERS[1], 1));
		assert_ok!(sign_new(0, 2));
		assert_ok!(sign_new(1, 2));
		assert!(Messages::<Test>::get(1).expect("message").attested);
		assert!(Messages::<Test>::get(2).expect("message").attested);
		// Each set waits for the other on the other's message.
		assert_noop!(sign_new(2, 1), Error::<Test>::WrongState);
		assert_noop!(sign_old(SIGNERS[2], 2), Error::<Test>::WrongState);
	});
}

// ---------------------------------------------------------------------------------------------
// Property run
// ---------------------------------------------------------------------------------------------

/// A tiny deterministic generator (xorshift64*): the same run every time.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
	}

	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
}

/// What the property run saw, so that it can check it saw every kind of outcome.
#[derive(Default, Debug)]
struct Seen {
	new: u32,
	renewed: u32,
	shortened: u32,
	removed: u32,
	unchanged: u32,
	refused: u32,
}

/// The end (Unix seconds) of the entry the documentation asks for now for a wallet whose
/// identity's KYC claim is `claim` (`None`: none; `Some(expiry)`: one, expiring at `expiry` ms):
/// the earlier of the term's end and the claim's last second, if that is after now.
fn due_expiry(claim: Option<Option<u64>>) -> Option<u64> {
	let now = now_s();
	let claim_valid = claim.filter(|expiry| expiry.is_none_or(|ms| Now::get() < ms))?;
	let expiry = claim_valid.map_or(now + ALLOW_TERM, |ms| (now + ALLOW_TERM).min(claim_end(ms)));
	(expiry > now).then_some(expiry)
}

#[test]
fn allow_entries_follow_claims_and_time_in_any_order() {
	run_test(|| {
		let token = bridged_token();
		link_evm(A, A_EVM);
		let accounts = [A, B, C];
		let wallets = [evm_address(A_EVM), evm_address(B_EVM), evm_address(C_EVM)];
		// The KYC claims as the run changes them: A's and B's never expire, C has none.
		let mut claims: [Option<Option<u64>>; 3] = [Some(None), Some(None), None];
		let mut accepted = [0u64; 3];
		let mut seen = Seen::default();
		let mut rng = Rng(0x5eed_cafe_f00d_0001);
		for step in 0..400 {
			let w = rng.below(3) as usize;
			let (account, wallet) = (accounts[w], wallets[w]);
			match rng.below(12) {
				// Anyone asks for the wallet's entry.
				0..=4 => {
					let before = entry(wallet);
					let last = LastMessage::<Test>::get();
					let due = due_expiry(claims[w]);
					let now = now_s();
					let result = request(token, wallet);
					let after = entry(wallet);
					match result {
						Ok(()) => {
							accepted[w] += 1;
							let after = after.expect("an entry");
							assert_eq!(after.sequence, before.map_or(0, |entry| entry.sequence) + 1, "step {step}");
							assert_eq!(after.sequence, accepted[w], "one sequence number per accepted request");
							assert_eq!((after.message, LastMessage::<Test>::get()), (last + 1, last + 1));
							assert_eq!(after.expiry, due.unwrap_or(0), "step {step}: the entry the docs ask for");
							match (before, due) {
								(None, _) => seen.new += 1,
								(Some(before), None) => {
									assert!(before.expiry >= now, "step {step}: only an open entry is removed");
									seen.removed += 1;
								},
								(Some(before), Some(_)) if after.expiry < before.expiry => seen.shortened += 1,
								(Some(before), Some(_)) => {
									assert!(before.expiry.saturating_sub(now) < ALLOW_TERM / 2, "step {step}: early");
									seen.renewed += 1;
								},
							}
							if let Some(before) = before {
								assert!(!Messages::<Test>::contains_key(before.message), "step {step}: superseded");
							}
						},
						Err(error) => {
							assert_eq!(after, before, "step {step}: a refusal changes nothing");
							assert_eq!(LastMessage::<Test>::get(), last);
							match (before, due) {
								(None, Some(_)) => panic!("step {step}: a new entry refused: {error:?}"),
								(None, None) => {
									let reason = if claims[w].is_some() {
										Refusal::ReceiverKycExpired
									} else {
										Refusal::ReceiverKycMissing
									};
									assert_eq!(
										error,
										DispatchError::from(Error::<Test>::TokenRefused { reason }),
										"step {step}"
									);
									seen.refused += 1;
								},
								(Some(before), due) => {
									let unchanged = DispatchError::from(Error::<Test>::AllowUnchanged);
									assert_eq!(error, unchanged, "step {step}");
									match due {
										// Not shorter, and not a renewal in the second half.
										Some(expiry) => assert!(
											expiry == before.expiry
												|| (expiry > before.expiry
													&& before.expiry.saturating_sub(now) >= ALLOW_TERM / 2),
											"step {step}: a due change refused"
										),
										// Removed, or ended already.
										None => assert!(before.expiry < now, "step {step}: an open entry kept"),
									}
									seen.unchanged += 1;
								},
							}
						},
					}
				},
				// The KYC provider revokes the claim, or issues one.
				5 | 6 => match claims[w] {
					Some(_) => {
						revoke_kyc(account);
						claims[w] = None;
					},
					None => {
						let expiry = (rng.below(2) == 0).then(|| Now::get() + 1 + rng.below(40 * DAY_MS));
						claim_by(KYC_WALLET, account, ClaimTopic::Kyc, expiry);
						claims[w] = Some(expiry);
					},
				},
				// The KYC provider moves the claim's expiry.
				7 => {
					if claims[w].is_some() {
						let expiry = (rng.below(3) > 0).then(|| Now::get() + 1 + rng.below(40 * DAY_MS));
						set_kyc_expiry(account, expiry);
						claims[w] = Some(expiry);
					}
				},
				// A signer attests the wallet's current message (if it still may).
				8 => {
					if let Some(entry) = entry(wallet) {
						let signer = SIGNERS[rng.below(3) as usize];
						let _ = attest(signer, AttestationKind::Message, entry.message);
					}
				},
				// Time passes: a moment, or days.
				_ => advance_ms(if rng.below(3) == 0 { rng.below(3_000) } else { rng.below(20 * DAY_MS) }),
			}
			// Each wallet's entry is carried by exactly one stored `Allow` message.
			for wallet in wallets {
				let expected: Vec<MessageId> = entry(wallet).map(|entry| entry.message).into_iter().collect();
				assert_eq!(allow_messages_of(wallet), expected, "step {step}");
			}
			// No signatures are kept for a message that is gone (with the other invariants).
			Bridge::do_try_state().expect("the bridge's invariants hold");
		}
		// The run went through every kind of outcome; an entry, once made, is never deleted (a
		// removal is an entry too), so each wallet had one new entry.
		assert_eq!(seen.new, 3, "{seen:?}");
		assert!(
			seen.renewed > 0 && seen.shortened > 0 && seen.removed > 0 && seen.unchanged > 0 && seen.refused > 0,
			"{seen:?}"
		);
		assert!(accepted.iter().all(|n| *n >= 3), "{accepted:?}");
	});
}
