//! Set-ups other pallets' benchmarks use (no consent, no deposits).

use crate::*;
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Time};
use polkadot_sdk::sp_core::H256;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// For other pallets' benchmarks: make `account` a wallet of `identity` (or the primary of
	/// a new identity) and give that identity a KYC claim from a trusted issuer (one is
	/// created if none is trusted for KYC). No consent, no deposits.
	pub fn benchmark_verified(account: T::AccountId, identity: Option<IdentityId>) -> IdentityId {
		let identity = match identity {
			Some(identity) => {
				IdentityOf::<T>::insert(&account, identity);
				Wallets::<T>::insert(identity, &account, WalletRecord { depositor: None, deposit: Zero::zero() });
				Identities::<T>::mutate(identity, |record| {
					if let Some(record) = record {
						record.wallet_count = record.wallet_count.saturating_add(1);
					}
				});
				return identity;
			},
			None => Self::insert_identity(account.clone(), IdentityKind::NaturalPerson, None, Zero::zero())
				.expect("benchmark accounts are fresh"),
		};
		let issuer = match Self::issuers_of(TopicClass::Kyc).first().copied() {
			Some(issuer) => issuer,
			None => {
				let issuer_account: T::AccountId = polkadot_sdk::frame_benchmarking::account("kyc-issuer", 0, 0);
				let issuer = Self::insert_identity(issuer_account, IdentityKind::ClaimIssuer, None, Zero::zero())
					.expect("fresh issuer account");
				let topics = BoundedVec::try_from(alloc::vec![TopicClass::Kyc]).expect("one topic");
				Self::do_set_trusted_issuer(issuer, topics).expect("valid issuer");
				issuer
			},
		};
		let claim = ClaimRecord {
			scope: ClaimScope::Global,
			issued_at: T::Time::now(),
			expiry: None,
			evidence: H256::zero(),
			depositor: account,
			deposit: Zero::zero(),
		};
		Claims::<T>::mutate(identity, |book| book.claims.try_push((ClaimTopic::Kyc, issuer, claim)))
			.expect("a new identity has room for a claim");
		Identities::<T>::mutate(identity, |record| {
			if let Some(record) = record {
				record.claim_count = record.claim_count.saturating_add(1);
			}
		});
		identity
	}

	/// For other pallets' benchmarks: the slowest way a token's rules and statistics learn
	/// `identity`'s jurisdiction (`country`) and investor type (`category`). Its global claims
	/// of those topics are revoked (no chain-wide answer), and they are attested for `token`
	/// only, by an issuer the token trusts and the chain does not (last in full token issuer
	/// lists), at the end of a full book for the token: a jurisdiction claim and a claim of
	/// each category up to `category`, lowest first (each outranks the one before, so each
	/// category's token issuer list is read). No deposits.
	pub fn benchmark_token_scoped_profile(identity: IdentityId, token: TokenId, country: CountryCode, category: InvestorType) {
		const PADDING: u32 = 0xE000_0000;
		let global = Claims::<T>::get(identity);
		for (topic, issuer, _) in global.claims.iter() {
			if matches!(topic, ClaimTopic::Jurisdiction(_)) || topic.investor_type().is_some() {
				let _ = Self::do_revoke_claim(None, identity, *topic, ClaimScope::Global, *issuer);
			}
		}
		let account: T::AccountId = polkadot_sdk::frame_benchmarking::account("token-profile-issuer", token, 0);
		let issuer = match IdentityOf::<T>::get(&account) {
			Some(issuer) => issuer,
			None => Self::insert_identity(account.clone(), IdentityKind::ClaimIssuer, None, Zero::zero())
				.expect("a fresh account; qed"),
		};
		let categories = [InvestorType::Retail, InvestorType::Accredited, InvestorType::QualifiedPurchaser, InvestorType::Institutional]
			.into_iter()
			.filter(|kind| *kind <= category);
		let topics: Vec<ClaimTopic> =
			core::iter::once(ClaimTopic::Jurisdiction(country)).chain(categories.map(ClaimTopic::from)).collect();
		for topic in &topics {
			TokenIssuers::<T>::mutate(token, topic.class(), |list| {
				if list.contains(&issuer) {
					return;
				}
				let mut filler = IdentityId::MAX;
				while (list.len() as u32) < T::MaxIssuersPerTopic::get().saturating_sub(1) {
					let _ = list.try_push(filler);
					filler = filler.saturating_sub(1);
				}
				let _ = list.try_push(issuer);
			});
		}
		let claim = || ClaimRecord {
			scope: ClaimScope::Token(token),
			issued_at: T::Time::now(),
			expiry: None,
			evidence: H256::zero(),
			depositor: account.clone(),
			deposit: Zero::zero(),
		};
		let mut book = TokenClaims::<T>::get(identity, token);
		let before = book.claims.len() as u32;
		let room = T::MaxClaimsPerIdentity::get().saturating_sub(topics.len() as u32);
		let mut n = 0;
		while (book.claims.len() as u32) < room {
			if book.claims.try_push((ClaimTopic::Custom(PADDING + n), issuer, claim())).is_err() {
				break;
			}
			n += 1;
		}
		for topic in topics {
			let _ = book.claims.try_push((topic, issuer, claim()));
		}
		let added = (book.claims.len() as u32).saturating_sub(before);
		TokenClaims::<T>::insert(identity, token, book);
		Identities::<T>::mutate(identity, |record| {
			if let Some(record) = record {
				record.claim_count = record.claim_count.saturating_add(added);
			}
		});
	}

	/// For other pallets' benchmarks: the worst case of the records a check decodes. Fills the
	/// chain-wide trusted-issuer list to `MaxTrustedIssuers` (new issuers, each with
	/// `MaxTopicsPerIssuer` custom classes no one else uses) and each of `identities`' claim
	/// books to `MaxClaimsPerIdentity` (custom topics from those issuers). Call it after the
	/// claims the benchmark needs are added.
	pub fn benchmark_fill_claim_records(identities: &[IdentityId]) {
		const PADDING: u32 = 0xF000_0000;
		let topics = T::MaxTopicsPerIssuer::get();
		let mut list = TrustedIssuers::<T>::get();
		let mut seed = list.len() as u32;
		while (list.len() as u32) < T::MaxTrustedIssuers::get() {
			let account: T::AccountId = polkadot_sdk::frame_benchmarking::account("padding-issuer", seed, 0);
			let Ok(issuer) = Self::insert_identity(account, IdentityKind::ClaimIssuer, None, Zero::zero()) else { break };
			let classes = (0..topics).map(|n| TopicClass::Custom(PADDING + seed * topics + n)).collect::<Vec<_>>();
			list.try_push((issuer, BoundedVec::truncate_from(classes))).expect("below the bound; qed");
			seed += 1;
		}
		let padder = list.last().map(|(issuer, _)| *issuer);
		TrustedIssuers::<T>::put(list);
		let Some(depositor) = padder.and_then(Identities::<T>::get).map(|record| record.primary) else { return };
		let issuer = padder.unwrap_or_default();
		for identity in identities {
			let mut book = Claims::<T>::get(identity);
			let before = book.claims.len() as u32;
			for n in 0..T::MaxClaimsPerIdentity::get() {
				let claim = ClaimRecord {
					scope: ClaimScope::Global,
					issued_at: T::Time::now(),
					expiry: None,
					evidence: H256::zero(),
					depositor: depositor.clone(),
					deposit: Zero::zero(),
				};
				if book.claims.try_push((ClaimTopic::Custom(PADDING - 1 - n), issuer, claim)).is_err() {
					break;
				}
			}
			let added = (book.claims.len() as u32).saturating_sub(before);
			Identities::<T>::mutate(identity, |record| {
				if let Some(record) = record {
					record.claim_count = record.claim_count.saturating_add(added);
				}
			});
			Claims::<T>::insert(identity, book);
		}
	}
}
