//! Benchmarks of the identity registry: every call at its worst case (a full identity, a full
//! claim book, a full trusted-issuer list, an issuer trusted only by the claim's token).

use super::*;
use alloc::{vec, vec::Vec};
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Mutate, MutateHold},
		EnsureOrigin, Get,
	},
};
use frame_system::RawOrigin;
use polkadot_sdk::{frame_benchmarking, sp_core::H256};
use sp_runtime::traits::Bounded;

type Helper<T> = <T as Config>::BenchmarkHelper;

fn funded<T: Config>(seed: u32) -> T::AccountId {
	let who = Helper::<T>::account(seed);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 4u32.into());
	who
}

fn consent<T: Config>(action: ConsentAction, identity: IdentityId, who: &T::AccountId) -> T::OffchainSignature {
	let payload = Pallet::<T>::consent_payload(action, identity, who.clone());
	Helper::<T>::sign(who, &payload.encode())
}

/// A new identity whose primary wallet is a funded account.
fn identity<T: Config>(seed: u32) -> (IdentityId, T::AccountId) {
	let primary = funded::<T>(seed);
	let identity = Pallet::<T>::insert_identity(primary.clone(), IdentityKind::NaturalPerson, None, Default::default())
		.expect("fresh account");
	(identity, primary)
}

/// The EVM address of the helper's key `seed`.
fn evm_address<T: Config>(seed: u32) -> EvmAddress {
	let digest = [7u8; 32];
	sto_primitives::evm::recover(&digest, &Helper::<T>::evm_sign(seed, &digest))
		.expect("the helper signs as an EVM wallet does")
}

/// Give `identity` `count` EVM wallets (addresses no key signs for), their deposits held from
/// `depositor`.
fn fill_evm_wallets<T: Config>(identity: IdentityId, depositor: &T::AccountId, count: u32) {
	for n in 0..count {
		// `H160::from_low_u64_be` needs `std`; the benchmarks also run in the wasm runtime.
		let mut bytes = [0xe0u8; 20];
		bytes[16..].copy_from_slice(&n.to_be_bytes());
		let address = EvmAddress::from(bytes);
		let deposit = T::WalletDeposit::get();
		T::Currency::hold(&HoldReason::Wallet.into(), depositor, deposit).expect("funded");
		EvmWallets::<T>::insert(identity, address, WalletRecord { depositor: Some(depositor.clone()), deposit });
		IdentityOfEvm::<T>::insert(address, identity);
	}
	if count > 0 {
		EvmWalletCount::<T>::insert(identity, count);
	}
}

/// A claim issuer trusted for `classes`; returns its identity and wallet.
fn issuer<T: Config>(seed: u32, classes: Vec<TopicClass>) -> (IdentityId, T::AccountId) {
	let (id, wallet) = identity::<T>(seed);
	Pallet::<T>::do_set_trusted_issuer(id, BoundedVec::try_from(classes).expect("within bounds"))
		.expect("valid issuer");
	(id, wallet)
}

/// `count` distinct custom topic classes starting at `from`.
fn custom_classes(from: u32, count: u32) -> Vec<TopicClass> {
	(from..from + count).map(TopicClass::Custom).collect()
}

/// Fill the chain-wide trusted-issuer list to one below `MaxTrustedIssuers` with issuers of
/// `MaxTopicsPerIssuer` classes each; `MaxIssuersPerTopic - 1` of them are also trusted for
/// every class in `shared` (so adding one more issuer of those classes is still allowed).
fn crowd_issuers<T: Config>(shared: &[TopicClass], seed: u32) {
	let per_issuer = T::MaxTopicsPerIssuer::get();
	let mut list = TrustedIssuers::<T>::get();
	for n in 0..T::MaxTrustedIssuers::get().saturating_sub(1 + list.len() as u32) {
		// Unfunded: funding `MaxTrustedIssuers` accounts with a quarter of the maximum balance
		// would overflow the total issuance.
		let id = Pallet::<T>::insert_identity(Helper::<T>::account(seed + n), IdentityKind::ClaimIssuer, None, Default::default())
			.expect("fresh account");
		let mut classes = if n + 1 < T::MaxIssuersPerTopic::get() { shared.to_vec() } else { Vec::new() };
		classes.extend(custom_classes(100_000 + (seed + n) * per_issuer, per_issuer - classes.len() as u32));
		list.try_push((id, BoundedVec::try_from(classes).expect("within bounds"))).expect("below bound");
	}
	TrustedIssuers::<T>::put(list);
}

/// Give `subject` `count` claims of custom topics from `issuer` (straight into its book of
/// `scope`).
fn fill_book<T: Config>(subject: IdentityId, scope: ClaimScope, issuer: IdentityId, depositor: &T::AccountId, count: u32) {
	let mut book = Pallet::<T>::book_of(subject, scope);
	for n in 0..count {
		let claim = ClaimRecord {
			scope,
			issued_at: Default::default(),
			expiry: None,
			evidence: H256::zero(),
			depositor: depositor.clone(),
			deposit: Default::default(),
		};
		book.claims.try_push((ClaimTopic::Custom(50_000 + n), issuer, claim)).expect("below bound");
	}
	match scope {
		ClaimScope::Global => Claims::<T>::insert(subject, book),
		ClaimScope::Token(token) => TokenClaims::<T>::insert(subject, token, book),
	}
	Identities::<T>::mutate(subject, |record| {
		if let Some(record) = record {
			record.claim_count += count;
		}
	});
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_identity() -> Result<(), BenchmarkError> {
		let (registrar, registrar_wallet) = identity::<T>(1);
		Registrars::<T>::insert(registrar, ());
		let primary = Helper::<T>::account(2);
		let signature = consent::<T>(ConsentAction::CreateIdentity, 0, &primary);

		#[extrinsic_call]
		_(RawOrigin::Signed(registrar_wallet), primary.clone(), IdentityKind::Company, signature);

		assert!(IdentityOf::<T>::contains_key(&primary));
		Ok(())
	}

	#[benchmark]
	fn link_wallet() -> Result<(), BenchmarkError> {
		let (id, primary) = identity::<T>(1);
		for n in 0..T::MaxWalletsPerIdentity::get().saturating_sub(2) {
			let wallet = Helper::<T>::account(100 + n);
			Pallet::<T>::do_link_wallet(&primary, wallet.clone(), &consent::<T>(ConsentAction::LinkWallet, id, &wallet))?;
		}
		let wallet = Helper::<T>::account(2);
		let signature = consent::<T>(ConsentAction::LinkWallet, id, &wallet);

		#[extrinsic_call]
		_(RawOrigin::Signed(primary), wallet.clone(), signature);

		assert_eq!(IdentityOf::<T>::get(&wallet), Some(id));
		Ok(())
	}

	#[benchmark]
	fn unlink_wallet() -> Result<(), BenchmarkError> {
		let (id, primary) = identity::<T>(1);
		let wallet = Helper::<T>::account(2);
		Pallet::<T>::do_link_wallet(&primary, wallet.clone(), &consent::<T>(ConsentAction::LinkWallet, id, &wallet))?;

		// The guard's reading of the identity's positions is charged on top
		// (`WalletGuard::release_wallet_weight`, benchmarked by the guard's pallet).
		#[extrinsic_call]
		_(RawOrigin::Signed(primary), wallet.clone(), 0);

		assert!(!IdentityOf::<T>::contains_key(&wallet));
		Ok(())
	}

	#[benchmark]
	fn set_primary_wallet() -> Result<(), BenchmarkError> {
		let (id, primary) = identity::<T>(1);
		let wallet = Helper::<T>::account(2);
		Pallet::<T>::do_link_wallet(&primary, wallet.clone(), &consent::<T>(ConsentAction::LinkWallet, id, &wallet))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(primary), wallet.clone());

		assert_eq!(Identities::<T>::get(id).map(|r| r.primary), Some(wallet));
		Ok(())
	}

	/// The registry's part of a recovery: the lost primary was linked as a further wallet
	/// (its link deposit is released), the new primary is linked. Moving the lost wallet's
	/// holdings is charged on top (`WalletGuard::move_wallet_weight(positions)`, benchmarked by
	/// the guard's pallet at its worst case).
	#[benchmark]
	fn recover_identity() -> Result<(), BenchmarkError> {
		let (id, first) = identity::<T>(1);
		let lost = funded::<T>(3);
		Pallet::<T>::do_link_wallet(&first, lost.clone(), &consent::<T>(ConsentAction::LinkWallet, id, &lost))?;
		Pallet::<T>::do_set_primary(first, lost.clone())?;
		let new_primary = Helper::<T>::account(2);
		let signature = consent::<T>(ConsentAction::Recover, id, &new_primary);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, new_primary.clone(), signature, 0);

		assert_eq!(Identities::<T>::get(id).map(|r| r.primary), Some(new_primary));
		assert!(!IdentityOf::<T>::contains_key(&lost));
		Ok(())
	}

	#[benchmark]
	fn add_claim() -> Result<(), BenchmarkError> {
		// Trusted for the topic only by the token, last in a full chain-wide list: the issuer
		// check scans the whole list, then reads the token's list. The subject's book for the
		// token (as large as a global book) is one claim short of full.
		crowd_issuers::<T>(&[], 100);
		let (issuer_id, issuer_wallet) = issuer::<T>(1, vec![TopicClass::Kyc]);
		TokenIssuers::<T>::insert(1, TopicClass::Jurisdiction, BoundedVec::try_from(vec![issuer_id]).expect("one issuer"));
		let (subject, _) = identity::<T>(2);
		let scope = ClaimScope::Token(1);
		fill_book::<T>(subject, scope, issuer_id, &issuer_wallet, T::MaxClaimsPerIdentity::get() - 1);
		let topic = ClaimTopic::Jurisdiction(CountryCode(*b"DE"));

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer_wallet), subject, topic, scope, Some(MomentOf::<T>::max_value()), H256::repeat_byte(1));

		assert!(TokenClaims::<T>::get(subject, 1).get(topic, issuer_id).is_some());
		Ok(())
	}

	#[benchmark]
	fn update_claim() -> Result<(), BenchmarkError> {
		// The updated claim is the last of a full book for a token; its issuer is trusted for
		// the topic by the token only and is last in a full chain-wide list.
		crowd_issuers::<T>(&[], 100);
		let (issuer_id, issuer_wallet) = issuer::<T>(1, vec![TopicClass::Kyc]);
		TokenIssuers::<T>::insert(1, TopicClass::Jurisdiction, BoundedVec::try_from(vec![issuer_id]).expect("one issuer"));
		let (subject, _) = identity::<T>(2);
		let scope = ClaimScope::Token(1);
		fill_book::<T>(subject, scope, issuer_id, &issuer_wallet, T::MaxClaimsPerIdentity::get() - 1);
		let topic = ClaimTopic::Jurisdiction(CountryCode(*b"DE"));
		Pallet::<T>::do_add_claim(issuer_wallet.clone(), subject, topic, scope, None, H256::repeat_byte(1))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer_wallet), subject, topic, scope, Some(MomentOf::<T>::max_value()), H256::repeat_byte(2));

		assert_eq!(TokenClaims::<T>::get(subject, 1).get(topic, issuer_id).map(|c| c.evidence), Some(H256::repeat_byte(2)));
		Ok(())
	}

	/// `n`: other claims in the subject's book before the revoked one (scanned to find it,
	/// shifted to close the gap).
	#[benchmark]
	fn revoke_claim(n: Linear<0, { T::MaxClaimsPerIdentity::get() - 1 }>) -> Result<(), BenchmarkError> {
		let (issuer_id, issuer_wallet) = issuer::<T>(1, vec![TopicClass::Jurisdiction]);
		let (subject, _) = identity::<T>(2);
		for i in 0..n {
			let country = CountryCode([b'A' + (i / 26) as u8 % 26, b'A' + (i % 26) as u8]);
			Pallet::<T>::do_add_claim(issuer_wallet.clone(), subject, ClaimTopic::Jurisdiction(country), ClaimScope::Global, None, H256::zero())?;
		}
		let topic = ClaimTopic::Jurisdiction(CountryCode(*b"ZZ"));
		Pallet::<T>::do_add_claim(issuer_wallet.clone(), subject, topic, ClaimScope::Global, None, H256::zero())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer_wallet), subject, topic, ClaimScope::Global, issuer_id);

		assert!(Claims::<T>::get(subject).get(topic, issuer_id).is_none());
		Ok(())
	}

	/// `t`: topic classes; the issuer had `t` other classes before and is last in a full list;
	/// each new class already has `MaxIssuersPerTopic - 1` issuers.
	#[benchmark]
	fn set_trusted_issuer(t: Linear<1, { T::MaxTopicsPerIssuer::get() }>) -> Result<(), BenchmarkError> {
		let old = custom_classes(0, t);
		let new = custom_classes(1_000, t);
		crowd_issuers::<T>(&new, 100);
		let (id, _) = issuer::<T>(1, old);
		let topics = BoundedVec::try_from(new).map_err(|_| BenchmarkError::Stop("bounds"))?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, topics.clone());

		assert_eq!(Pallet::<T>::trusted_topics(id), Some(topics));
		Ok(())
	}

	/// `t`: topic classes of the removed issuer, last in a full list.
	#[benchmark]
	fn remove_trusted_issuer(t: Linear<1, { T::MaxTopicsPerIssuer::get() }>) -> Result<(), BenchmarkError> {
		let classes = custom_classes(0, t);
		crowd_issuers::<T>(&classes, 100);
		let (id, _) = issuer::<T>(1, classes);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(Pallet::<T>::trusted_topics(id).is_none());
		Ok(())
	}

	/// `i`: issuers named.
	#[benchmark]
	fn set_token_issuers(i: Linear<0, { T::MaxIssuersPerTopic::get() }>) -> Result<(), BenchmarkError> {
		let issuers: Vec<IdentityId> = (0..i).map(|n| identity::<T>(100 + n).0).collect();
		let issuers = BoundedVec::try_from(issuers).map_err(|_| BenchmarkError::Stop("bounds"))?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let token = T::BenchmarkHelper::token().ok_or(BenchmarkError::Stop("no token to name issuers for"))?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, token, TopicClass::Kyc, issuers.clone());

		assert_eq!(TokenIssuers::<T>::get(token, TopicClass::Kyc), issuers);
		Ok(())
	}

	#[benchmark]
	fn add_registrar() -> Result<(), BenchmarkError> {
		let (id, _) = identity::<T>(1);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(Registrars::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn remove_registrar() -> Result<(), BenchmarkError> {
		let (id, _) = identity::<T>(1);
		Registrars::<T>::insert(id, ());
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(!Registrars::<T>::contains_key(id));
		Ok(())
	}

	/// Worst case: the identity has one EVM wallet below the maximum, the signature is
	/// recovered and checked, the deposit held.
	#[benchmark]
	fn link_evm_wallet() -> Result<(), BenchmarkError> {
		let (id, primary) = identity::<T>(1);
		fill_evm_wallets::<T>(id, &primary, T::MaxEvmWalletsPerIdentity::get().saturating_sub(1));
		let address = evm_address::<T>(1);
		let digest = sto_primitives::evm::eip191_hash(&Pallet::<T>::evm_link_text(id, &address));
		let signature = Helper::<T>::evm_sign(1, &digest);

		#[extrinsic_call]
		_(RawOrigin::Signed(primary), address, signature);

		assert_eq!(IdentityOfEvm::<T>::get(address), Some(id));
		assert_eq!(EvmWalletCount::<T>::get(id), T::MaxEvmWalletsPerIdentity::get());
		Ok(())
	}

	/// The primary wallet unlinks one of a full set of EVM wallets, releasing its deposit.
	#[benchmark]
	fn unlink_evm_wallet() -> Result<(), BenchmarkError> {
		let (id, primary) = identity::<T>(1);
		fill_evm_wallets::<T>(id, &primary, T::MaxEvmWalletsPerIdentity::get().saturating_sub(1));
		let address = evm_address::<T>(1);
		let digest = sto_primitives::evm::eip191_hash(&Pallet::<T>::evm_link_text(id, &address));
		Pallet::<T>::do_link_evm_wallet(&primary, address, &Helper::<T>::evm_sign(1, &digest))
			.map_err(|_| BenchmarkError::Stop("the helper's EVM signature links"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(primary), address);

		assert_eq!(IdentityOfEvm::<T>::get(address), None);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
