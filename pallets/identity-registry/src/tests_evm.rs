//! EVM wallets: linking on the address's own EIP-191 signature, unlinking, and every refusal
//! (each changes nothing).

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold},
	sp_core::H256,
	sp_runtime::DispatchError,
};
use sto_primitives::evm::{self, EvmIdentity, SECP256K1_N};
use sto_test_support::{evm_address, evm_sign};

fn held(who: u64) -> u64 {
	Balances::total_balance_on_hold(&who)
}


/// Key `seed`'s signature of `text` as `personal_sign` makes it.
fn sign_text(seed: u32, text: &[u8]) -> EvmSignature {
	evm_sign(seed, &evm::eip191_hash(text))
}

/// Key `seed`'s signature of its link text for `identity`, as the chain builds it now.
fn link_signature(seed: u32, identity: IdentityId) -> EvmSignature {
	sign_text(seed, &Identity::evm_link_message(identity, evm_address(seed)))
}

fn link(primary: u64, identity: IdentityId, seed: u32) {
	assert_ok!(Identity::link_evm_wallet(
		RuntimeOrigin::signed(primary),
		evm_address(seed),
		link_signature(seed, identity)
	));
}

#[test]
fn the_primary_links_an_evm_address_on_its_signature() {
	run_test(|| {
		let id = register(1);
		let address = evm_address(5);
		// What the wallet is shown: the documented text, with this chain's genesis hash.
		let genesis = System::block_hash(0);
		let text = Identity::evm_link_message(id, address);
		assert_eq!(text, evm::link_message(&address, id, genesis.as_ref(), 0));
		assert!(core::str::from_utf8(&text).unwrap().starts_with(&format!("Link this EVM wallet to identity {id} ")));

		assert_ok!(Identity::link_evm_wallet(RuntimeOrigin::signed(1), address, sign_text(5, &text)));
		assert_eq!(IdentityOfEvm::<Test>::get(address), Some(id));
		assert_eq!(<Identity as EvmIdentity>::identity_of_evm(&address), Some(id));
		assert_eq!(Identity::identity_of_evm_address(address), Some(id));
		assert_eq!(EvmWalletCount::<Test>::get(id), 1);
		assert_eq!(EvmLinkNonce::<Test>::get(address), 1);
		assert_eq!(
			EvmWallets::<Test>::get(id, address),
			Some(WalletRecord { depositor: Some(1), deposit: WALLET_DEPOSIT })
		);
		assert_eq!(held(1), WALLET_DEPOSIT);
		System::assert_last_event(Event::EvmWalletLinked { identity: id, address }.into());
		// The link is the identity's, not a Substrate wallet: the account index is untouched.
		assert_eq!(Identities::<Test>::get(id).unwrap().wallet_count, 1);
	});
}

#[test]
fn link_refusals_change_nothing() {
	run_test(|| {
		let id = register(1);
		register(2);
		let address = evm_address(5);
		let good = link_signature(5, id);

		// Not the primary wallet, or no identity at all.
		link_wallet_of(id, 1, 3);
		assert_noop!(Identity::link_evm_wallet(RuntimeOrigin::signed(3), address, good), Error::<Test>::NotPrimary);
		assert_noop!(Identity::link_evm_wallet(RuntimeOrigin::signed(9), address, good), Error::<Test>::NoIdentity);
		// The zero address, whatever the signature.
		assert_noop!(
			Identity::link_evm_wallet(RuntimeOrigin::signed(1), EvmAddress::zero(), good),
			Error::<Test>::ZeroEvmAddress
		);
		// Another key's signature of the right text.
		let text = Identity::evm_link_message(id, address);
		assert_noop!(
			Identity::link_evm_wallet(RuntimeOrigin::signed(1), address, sign_text(6, &text)),
			Error::<Test>::BadEvmSignature
		);
		// The address's signature for another identity: whoever holds it cannot redirect it.
		assert_noop!(
			Identity::link_evm_wallet(RuntimeOrigin::signed(2), address, good),
			Error::<Test>::BadEvmSignature
		);
		// The address's signature of the text for another chain (another genesis hash).
		let foreign = evm::link_message(&address, id, H256::repeat_byte(0xee).as_ref(), 0);
		assert_noop!(
			Identity::link_evm_wallet(RuntimeOrigin::signed(1), address, sign_text(5, &foreign)),
			Error::<Test>::BadEvmSignature
		);
		// The raw Keccak of the text signed, not the EIP-191 message.
		assert_noop!(
			Identity::link_evm_wallet(RuntimeOrigin::signed(1), address, evm_sign(5, &evm::keccak_256(&text))),
			Error::<Test>::BadEvmSignature
		);
		// The malleated twin of the good signature (high s), and `v` as 0/1.
		let mut twin = good;
		twin[32..64].copy_from_slice(&negate(&good[32..64]));
		twin[64] = if good[64] == 27 { 28 } else { 27 };
		assert_noop!(Identity::link_evm_wallet(RuntimeOrigin::signed(1), address, twin), Error::<Test>::BadEvmSignature);
		let mut raw_v = good;
		raw_v[64] -= 27;
		assert_noop!(Identity::link_evm_wallet(RuntimeOrigin::signed(1), address, raw_v), Error::<Test>::BadEvmSignature);
		// Nothing was written by any of these.
		assert_eq!(EvmLinkNonce::<Test>::get(address), 0);
		assert_ok!(Identity::link_evm_wallet(RuntimeOrigin::signed(1), address, good));
	});
}

/// Link `wallet` (a Substrate account) to `identity` as a further wallet.
fn link_wallet_of(identity: IdentityId, primary: u64, wallet: u64) {
	let consent = consent(ConsentAction::LinkWallet, identity, wallet);
	assert_ok!(Identity::link_wallet(RuntimeOrigin::signed(primary), wallet, consent));
}

/// `n − s`, big-endian.
fn negate(s: &[u8]) -> [u8; 32] {
	let mut out = [0u8; 32];
	let mut borrow = 0i16;
	for i in (0..32).rev() {
		let mut digit = i16::from(SECP256K1_N[i]) - i16::from(s[i]) - borrow;
		borrow = i16::from(digit < 0);
		if digit < 0 {
			digit += 256;
		}
		out[i] = digit as u8;
	}
	out
}

#[test]
fn an_address_belongs_to_one_identity_and_an_identity_has_at_most_the_maximum() {
	run_test(|| {
		let id = register(1);
		let other = register(2);
		link(1, id, 5);
		// Linked already: not again, not to another identity (even with a valid signature).
		let address = evm_address(5);
		assert_noop!(
			Identity::link_evm_wallet(RuntimeOrigin::signed(2), address, link_signature(5, other)),
			Error::<Test>::EvmWalletLinked
		);
		assert_noop!(
			Identity::link_evm_wallet(RuntimeOrigin::signed(1), address, link_signature(5, id)),
			Error::<Test>::EvmWalletLinked
		);
		for seed in 6..5 + MAX_EVM_WALLETS {
			link(1, id, seed);
		}
		assert_eq!(EvmWalletCount::<Test>::get(id), MAX_EVM_WALLETS);
		let mut listed = Identity::evm_wallets(id);
		listed.sort();
		let mut expected: Vec<_> = (5..5 + MAX_EVM_WALLETS).map(evm_address).collect();
		expected.sort();
		assert_eq!(listed, expected);
		let extra = 5 + MAX_EVM_WALLETS;
		assert_noop!(
			Identity::link_evm_wallet(RuntimeOrigin::signed(1), evm_address(extra), link_signature(extra, id)),
			Error::<Test>::TooManyEvmWallets
		);
		assert_eq!(held(1), WALLET_DEPOSIT * u64::from(MAX_EVM_WALLETS));
	});
}

#[test]
fn a_link_signature_is_used_once_even_after_an_unlink() {
	run_test(|| {
		let id = register(1);
		let address = evm_address(5);
		let signature = link_signature(5, id);
		assert_ok!(Identity::link_evm_wallet(RuntimeOrigin::signed(1), address, signature));
		assert_ok!(Identity::unlink_evm_wallet(RuntimeOrigin::signed(1), address));
		// The old signature named nonce 0; the address is at nonce 1 now.
		assert_noop!(
			Identity::link_evm_wallet(RuntimeOrigin::signed(1), address, signature),
			Error::<Test>::BadEvmSignature
		);
		// A new signature (nonce 1) links it again.
		assert!(core::str::from_utf8(&Identity::evm_link_message(id, address)).unwrap().ends_with("Nonce: 1\n"));
		link(1, id, 5);
		assert_eq!(EvmLinkNonce::<Test>::get(address), 2);
	});
}

#[test]
fn the_primary_or_governance_unlinks_and_the_deposit_is_released() {
	run_test(|| {
		let id = register(1);
		link(1, id, 5);
		link(1, id, 6);
		assert_eq!(held(1), 2 * WALLET_DEPOSIT);

		assert_ok!(Identity::unlink_evm_wallet(RuntimeOrigin::signed(1), evm_address(5)));
		System::assert_last_event(Event::EvmWalletUnlinked { identity: id, address: evm_address(5) }.into());
		assert_eq!((IdentityOfEvm::<Test>::get(evm_address(5)), EvmWalletCount::<Test>::get(id)), (None, 1));
		assert_eq!(held(1), WALLET_DEPOSIT);

		// Governance (a compromised EVM key): the deposit goes back to whoever paid it.
		assert_ok!(Identity::unlink_evm_wallet(RuntimeOrigin::root(), evm_address(6)));
		assert_eq!(held(1), 0);
		assert!(!EvmWalletCount::<Test>::contains_key(id), "no count stored for none");

		// Freed, the address may join another identity on a new signature.
		let other = register(2);
		link(2, other, 5);
		assert_eq!(IdentityOfEvm::<Test>::get(evm_address(5)), Some(other));
	});
}

#[test]
fn unlink_refusals_change_nothing() {
	run_test(|| {
		let id = register(1);
		register(2);
		link(1, id, 5);
		link_wallet_of(id, 1, 3);
		let address = evm_address(5);
		// Another identity's primary, a non-primary wallet of the owner, an account of no identity.
		assert_noop!(Identity::unlink_evm_wallet(RuntimeOrigin::signed(2), address), Error::<Test>::NotPrimary);
		assert_noop!(Identity::unlink_evm_wallet(RuntimeOrigin::signed(3), address), Error::<Test>::NotPrimary);
		assert_noop!(Identity::unlink_evm_wallet(RuntimeOrigin::signed(9), address), Error::<Test>::NoIdentity);
		// Not linked.
		assert_noop!(
			Identity::unlink_evm_wallet(RuntimeOrigin::signed(1), evm_address(6)),
			Error::<Test>::EvmWalletNotLinked
		);
		assert_noop!(Identity::unlink_evm_wallet(RuntimeOrigin::none(), address), DispatchError::BadOrigin);
	});
}

#[test]
fn a_recovered_identity_keeps_its_evm_wallets() {
	run_test(|| {
		let id = register(1);
		link(1, id, 5);
		let consent = consent(ConsentAction::Recover, id, 4);
		assert_ok!(Identity::recover_identity(RuntimeOrigin::root(), id, 4, consent, 0));
		assert_eq!(IdentityOfEvm::<Test>::get(evm_address(5)), Some(id));
		// The new primary manages them; the lost one does not.
		assert_noop!(Identity::unlink_evm_wallet(RuntimeOrigin::signed(1), evm_address(5)), Error::<Test>::NoIdentity);
		assert_ok!(Identity::unlink_evm_wallet(RuntimeOrigin::signed(4), evm_address(5)));
		// The deposit the lost wallet paid goes back to it.
		assert_eq!(held(1), 0);
	});
}

mod properties {
	//! Property test: random links (by primaries and by others, signed by the address's key or
	//! another, for the caller's identity or another, at the current nonce or a stale one) and
	//! unlinks (by primaries, other accounts, governance), against a model: each call succeeds
	//! exactly when the model says so, and after each step the indexes, counts, nonces and
	//! deposits are the model's and the registry's invariants hold.
	use super::*;
	use proptest::prelude::*;
	use std::collections::BTreeMap;

	/// Primary wallets of identities registered first (1, 2, 3: identities in that order);
	/// account 4 belongs to no identity.
	const CALLERS: [u64; 4] = [1, 2, 3, 4];
	/// EVM keys the sequences use.
	const KEYS: u32 = 4;

	#[derive(Clone, Debug)]
	enum Step {
		Link { caller: usize, key: u32, signer: u32, other_identity: bool, stale: bool },
		Unlink { caller: Option<usize>, key: u32 },
	}

	fn step() -> impl Strategy<Value = Step> {
		prop_oneof![
			3 => (0..CALLERS.len(), 0..KEYS, 0..KEYS, prop::bool::weighted(0.15), prop::bool::weighted(0.15))
				.prop_map(|(caller, key, signer, other_identity, stale)| {
					// Mostly the address's own key: a forgery now and then.
					let signer = if signer == 0 { (key + 1) % KEYS } else { key };
					Step::Link { caller, key, signer, other_identity, stale }
				}),
			2 => (prop::option::of(0..CALLERS.len()), 0..KEYS).prop_map(|(caller, key)| Step::Unlink { caller, key }),
		]
	}

	#[derive(Default)]
	struct Model {
		owner: BTreeMap<u32, IdentityId>,
		nonce: BTreeMap<u32, u32>,
	}

	impl Model {
		fn count(&self, identity: IdentityId) -> u32 {
			self.owner.values().filter(|id| **id == identity).count() as u32
		}
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
		#[test]
		fn evm_links_follow_the_model(steps in prop::collection::vec(step(), 1..40)) {
			new_test_ext().execute_with(|| {
				let identities: Vec<IdentityId> = CALLERS[..3].iter().map(|who| register(*who)).collect();
				let mut model = Model::default();
				for step in steps {
					match step {
						Step::Link { caller, key, signer, other_identity, stale } => {
							let who = CALLERS[caller];
							let own = identities.get(caller).copied();
							// The identity the signature names: the caller's, or the next one.
							let named = if other_identity { identities[(caller + 1) % 3] } else { own.unwrap_or(identities[0]) };
							let nonce = model.nonce.get(&key).copied().unwrap_or(0);
							let signed_nonce = if stale { nonce.wrapping_add(1) } else { nonce };
							let genesis = System::block_hash(0);
							let text = evm::link_message(&evm_address(key), named, genesis.as_ref(), signed_nonce);
							let result = Identity::link_evm_wallet(RuntimeOrigin::signed(who), evm_address(key), sign_text(signer, &text));
							let expected: Result<(), Error<Test>> = match own {
								None => Err(Error::<Test>::NoIdentity),
								Some(_) if model.owner.contains_key(&key) => Err(Error::<Test>::EvmWalletLinked),
								Some(id) if model.count(id) >= MAX_EVM_WALLETS => Err(Error::<Test>::TooManyEvmWallets),
								Some(id) if signer != key || named != id || stale => Err(Error::<Test>::BadEvmSignature),
								Some(id) => {
									model.owner.insert(key, id);
									model.nonce.insert(key, nonce + 1);
									Ok(())
								},
							};
							prop_assert_eq!(result, expected.map_err(Into::into), "link {:?}", (who, key, signer, named, stale));
						},
						Step::Unlink { caller, key } => {
							let origin = match caller {
								Some(caller) => RuntimeOrigin::signed(CALLERS[caller]),
								None => RuntimeOrigin::root(),
							};
							let result = Identity::unlink_evm_wallet(origin, evm_address(key));
							let expected: Result<(), Error<Test>> = match (model.owner.get(&key).copied(), caller) {
								(None, _) => Err(Error::<Test>::EvmWalletNotLinked),
								(Some(_), Some(3)) => Err(Error::<Test>::NoIdentity),
								(Some(owner), Some(caller)) if identities[caller] != owner => Err(Error::<Test>::NotPrimary),
								(Some(_), _) => {
									model.owner.remove(&key);
									Ok(())
								},
							};
							prop_assert_eq!(result, expected.map_err(Into::into), "unlink {:?}", (caller, key));
						},
					}
					for key in 0..KEYS {
						prop_assert_eq!(IdentityOfEvm::<Test>::get(evm_address(key)), model.owner.get(&key).copied());
						prop_assert_eq!(EvmLinkNonce::<Test>::get(evm_address(key)), model.nonce.get(&key).copied().unwrap_or(0));
					}
					for (n, id) in identities.iter().enumerate() {
						prop_assert_eq!(EvmWalletCount::<Test>::get(id), model.count(*id));
						// Each primary pays for its identity's links, and nothing else is held from it.
						prop_assert_eq!(held(CALLERS[n]), WALLET_DEPOSIT * u64::from(model.count(*id)));
					}
					Identity::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
				}
				Ok(())
			})?;
		}
	}
}
