//! The version-1 migration on version-0 (spec 105) data: books written in the old encoding,
//! split by scope, checked by the migration's own pre/post-upgrade checks and the registry's
//! invariants, and not touched again by a second run.

use super::{v0, v1};
use crate::{mock::*, *};
use codec::{Compact, Encode};
use polkadot_sdk::{
	frame_support::{
		assert_ok,
		storage::unhashed,
		traits::{fungible::InspectHold, GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
		BoundedVec,
	},
	sp_core::H256,
	sp_io,
};
use sto_primitives::identity::CountryCode;

const DE: CountryCode = CountryCode(*b"DE");
/// A second token (the mock's tokens are 0..=TOKEN); governance names its issuers.
const OTHER_TOKEN: TokenId = 3;

fn register(primary: u64) -> IdentityId {
	assert_ok!(Identity::register_identity(
		RuntimeOrigin::signed(KYC_WALLET),
		primary,
		IdentityKind::NaturalPerson,
		consent(ConsentAction::CreateIdentity, 0, primary)
	));
	IdentityOf::<Test>::get(primary).expect("registered")
}

fn claim(issuer_wallet: u64, subject: IdentityId, topic: ClaimTopic, scope: ClaimScope, n: u8) {
	assert_ok!(Identity::add_claim(RuntimeOrigin::signed(issuer_wallet), subject, topic, scope, None, H256::repeat_byte(n)));
}

fn token_issuers(token: TokenId, class: TopicClass, issuer: IdentityId) {
	assert_ok!(Identity::set_token_issuers(
		RuntimeOrigin::root(),
		token,
		class,
		BoundedVec::try_from(vec![issuer]).unwrap()
	));
}

type Books = (Vec<(IdentityId, ClaimBook<Test>)>, Vec<(IdentityId, TokenId, ClaimBook<Test>)>);

fn books() -> Books {
	let mut global: Vec<_> = Claims::<Test>::iter().collect();
	let mut scoped: Vec<_> = TokenClaims::<Test>::iter().collect();
	global.sort_by_key(|(identity, _)| *identity);
	scoped.sort_by_key(|(identity, token, _)| (*identity, *token));
	(global, scoped)
}

/// What a chain at spec 105 held for the current books: one book per identity with the claims
/// of every scope (global first, then each token's, as they were added) and a profile; the
/// storage version 0.
fn downgrade_to_v0() {
	let (global, scoped) = books();
	let mut identities: Vec<IdentityId> =
		global.iter().map(|(id, _)| *id).chain(scoped.iter().map(|(id, _, _)| *id)).collect();
	identities.sort();
	identities.dedup();
	let _ = TokenClaims::<Test>::clear(u32::MAX, None);
	for identity in identities {
		let mut claims: Vec<BookedClaimOf<Test>> = Claims::<Test>::get(identity).claims.into_inner();
		claims.extend(scoped.iter().filter(|(id, _, _)| *id == identity).flat_map(|(_, _, book)| book.claims.clone()));
		let profile = v0::Profile { jurisdiction: Some((DE, KYC_PROVIDER)), investor_type: None };
		v0::Claims::<Test>::insert(identity, v0::ClaimBook { profile, claims: BoundedVec::try_from(claims).unwrap() });
	}
	StorageVersion::new(0).put::<Identity>();
}

/// Identities with global and token-scoped claims (two tokens), one with token-scoped claims
/// only, one with global claims only; returns them.
fn claims_of_every_scope() -> (IdentityId, IdentityId, IdentityId) {
	let both = register(1);
	let token_only = register(3);
	let global_only = register(4);
	let token_kyc = register(5);
	let other_kyc = register(6);
	token_issuers(TOKEN, TopicClass::Kyc, token_kyc);
	token_issuers(TOKEN, TopicClass::Jurisdiction, token_kyc);
	token_issuers(OTHER_TOKEN, TopicClass::Kyc, other_kyc);
	claim(KYC_WALLET, both, ClaimTopic::Kyc, ClaimScope::Global, 1);
	claim(5, both, ClaimTopic::Kyc, ClaimScope::Token(TOKEN), 2);
	claim(ACCREDITOR_WALLET, both, ClaimTopic::Accredited, ClaimScope::Global, 3);
	claim(5, both, ClaimTopic::Jurisdiction(DE), ClaimScope::Token(TOKEN), 4);
	claim(6, both, ClaimTopic::Kyc, ClaimScope::Token(OTHER_TOKEN), 5);
	claim(KYC_WALLET, both, ClaimTopic::Aml, ClaimScope::Global, 6);
	claim(5, token_only, ClaimTopic::Kyc, ClaimScope::Token(TOKEN), 7);
	claim(KYC_WALLET, global_only, ClaimTopic::Kyc, ClaimScope::Global, 8);
	(both, token_only, global_only)
}

#[test]
fn version_0_claim_books_are_split_by_scope() {
	run_test(|| {
		let (both, token_only, global_only) = claims_of_every_scope();
		let expected = books();
		let counts: Vec<u32> = [both, token_only, global_only].map(|id| Identities::<Test>::get(id).unwrap().claim_count).into();
		assert_eq!(counts, vec![6, 1, 1]);
		let held = [KYC_WALLET, ACCREDITOR_WALLET, 5, 6].map(|who| Balances::total_balance_on_hold(&who));
		downgrade_to_v0();
		assert_eq!(TokenClaims::<Test>::iter().count(), 0);
		assert_eq!(v0::Claims::<Test>::iter().count(), 3);
		assert_eq!(Identity::on_chain_storage_version(), 0);

		let state = v1::checks::before::<Test>().expect("every version-0 book decodes");
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();

		assert_eq!(Identity::on_chain_storage_version(), 1);
		assert_eq!(books(), expected, "each scope's claims in their own book, in their order");
		let scopes_of_both: Vec<TokenId> = TokenClaims::<Test>::iter_key_prefix(both).collect();
		assert_eq!(scopes_of_both.len(), 2);
		assert_eq!(Claims::<Test>::get(both).claims.len(), 3);
		assert!(!Claims::<Test>::contains_key(token_only), "no global claims: no global book");
		assert_eq!(TokenClaims::<Test>::get(token_only, TOKEN).claims.len(), 1);
		assert_eq!(TokenClaims::<Test>::iter_key_prefix(global_only).count(), 0);
		let after: Vec<u32> = [both, token_only, global_only].map(|id| Identities::<Test>::get(id).unwrap().claim_count).into();
		assert_eq!(after, counts);
		assert_eq!([KYC_WALLET, ACCREDITOR_WALLET, 5, 6].map(|who| Balances::total_balance_on_hold(&who)), held);
		v1::checks::after::<Test>(state).expect("post-upgrade checks pass");
		// The registry answers from the split books.
		assert!(<Identity as IdentityProvider<_, _>>::is_verified(token_only, Some(TOKEN), Now::get()));
		assert!(!<Identity as IdentityProvider<_, _>>::is_verified(token_only, None, Now::get()));
		assert!(!<Identity as IdentityProvider<_, _>>::is_verified(token_only, Some(OTHER_TOKEN), Now::get()));
		assert_eq!(<Identity as IdentityProvider<_, _>>::jurisdiction(both, None, Now::get()), None);
		assert_eq!(<Identity as IdentityProvider<_, _>>::jurisdiction(both, Some(TOKEN), Now::get()), Some(DE));
	});
}

#[test]
fn the_split_reports_one_read_and_a_write_per_book() {
	run_test(|| {
		claims_of_every_scope();
		downgrade_to_v0();
		// 3 old books read and written (or removed), 3 token books written (two of one identity).
		assert_eq!(v1::migrate::<Test>(), (3, 6));
	});
}

#[test]
fn a_second_run_changes_nothing() {
	run_test(|| {
		claims_of_every_scope();
		downgrade_to_v0();
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		let (split, root) = (books(), sp_io::storage::root(sp_runtime::StateVersion::V1));
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root, "the second run wrote nothing");
		assert_eq!(books(), split);
		assert_eq!(Identity::on_chain_storage_version(), 1);
	});
}

/// The bytes a spec-105 node wrote for one identity's book, spelled out: the profile
/// (jurisdiction `Some((DE, issuer 1))`, investor type `None`), then the claims, each
/// (topic, issuer, record) whose encoding version 1 kept.
#[test]
fn a_book_in_the_spec_105_encoding_is_migrated() {
	run_test(|| {
		let subject = register(1);
		let record = |scope, n: u8| ClaimRecord {
			scope,
			issued_at: 900_000u64,
			expiry: None,
			evidence: H256::repeat_byte(n),
			depositor: KYC_WALLET,
			deposit: 0u64,
		};
		let global: BookedClaimOf<Test> = (ClaimTopic::Kyc, KYC_PROVIDER, record(ClaimScope::Global, 1));
		let scoped: BookedClaimOf<Test> = (ClaimTopic::Aml, KYC_PROVIDER, record(ClaimScope::Token(TOKEN), 2));
		let mut bytes = vec![1u8, b'D', b'E'];
		bytes.extend(KYC_PROVIDER.to_le_bytes());
		bytes.push(0);
		bytes.extend(Compact(2u32).encode());
		bytes.extend(scoped.encode());
		bytes.extend(global.encode());
		unhashed::put_raw(&Claims::<Test>::hashed_key_for(subject), &bytes);
		Identities::<Test>::mutate(subject, |record| record.as_mut().unwrap().claim_count = 2);
		StorageVersion::new(0).put::<Identity>();

		let state = v1::checks::before::<Test>().expect("the spec-105 bytes decode");
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		assert_eq!(Claims::<Test>::get(subject).claims.into_inner(), vec![global]);
		assert_eq!(TokenClaims::<Test>::get(subject, TOKEN).claims.into_inner(), vec![scoped]);
		assert_eq!(Identity::on_chain_storage_version(), 1);
		v1::checks::after::<Test>(state).expect("post-upgrade checks pass");
	});
}

#[test]
fn the_post_upgrade_check_catches_a_lost_claim() {
	run_test(|| {
		claims_of_every_scope();
		downgrade_to_v0();
		let state = v1::checks::before::<Test>().unwrap();
		v1::InitializeStorageVersion::<Test>::on_runtime_upgrade();
		let (identity, token) = TokenClaims::<Test>::iter_keys().next().unwrap();
		TokenClaims::<Test>::remove(identity, token);
		assert!(v1::checks::after::<Test>(state).is_err());
		// Leave the invariants the test harness checks (claim counts) true.
		Identities::<Test>::mutate(identity, |record| {
			let record = record.as_mut().unwrap();
			record.claim_count = Claims::<Test>::get(identity).claims.len() as u32 +
				TokenClaims::<Test>::iter_prefix_values(identity).map(|book| book.claims.len() as u32).sum::<u32>();
		});
	});
}

#[test]
fn the_pre_upgrade_check_refuses_a_book_that_does_not_decode() {
	run_test(|| {
		let subject = register(1);
		unhashed::put_raw(&Claims::<Test>::hashed_key_for(subject), &[7u8, 7, 7]);
		StorageVersion::new(0).put::<Identity>();
		assert!(v1::checks::before::<Test>().is_err());
		unhashed::kill(&Claims::<Test>::hashed_key_for(subject));
	});
}

/// The hooks as try-runtime runs them (`pre_upgrade`, the migration, `post_upgrade`), through the
/// versioned migration: `cargo test -p pallet-identity-registry --features try-runtime`.
#[cfg(feature = "try-runtime")]
#[test]
fn the_try_runtime_hooks_pass() {
	run_test(|| {
		claims_of_every_scope();
		let expected = books();
		downgrade_to_v0();
		v1::InitializeStorageVersion::<Test>::try_on_runtime_upgrade(true).expect("pre- and post-upgrade checks pass");
		assert_eq!(books(), expected);
		// At version 1 the hooks do nothing (the old layout's pre-upgrade check is not run).
		v1::InitializeStorageVersion::<Test>::try_on_runtime_upgrade(true).expect("nothing to check");
	});
}
