//! Property test: random sequences of registrations, wallet links and unlinks, claims (global
//! or for a token, by a chain-trusted issuer or by the token's own issuer), renewals,
//! revocations, issuer withdrawals (chain-wide and by the token) and the passing of time,
//! checked against a plain model written here. After every step the registry's invariants
//! hold, a call succeeds exactly when the model says it may, and every claim check,
//! jurisdiction and investor type (chain-wide and for the token) answers what the model
//! answers.

use crate::{mock::*, *};
use polkadot_sdk::{frame_support::BoundedVec, sp_core::H256};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Accounts the sequences use (all funded in the mock).
const ACCOUNTS: [u64; 9] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
/// Topics the sequences claim: KYC_PROVIDER is trusted for the first four, ACCREDITOR for the
/// last two; the token's own issuer (identity `TOKEN_ISSUER`) is named by `TOKEN` for all.
const TOPICS: [ClaimTopic; 6] = [
	ClaimTopic::Kyc,
	ClaimTopic::Aml,
	ClaimTopic::Jurisdiction(CountryCode(*b"DE")),
	ClaimTopic::Jurisdiction(CountryCode(*b"US")),
	ClaimTopic::Accredited,
	ClaimTopic::Retail,
];
/// The chain-trusted issuers' topics.
const KYC_TOPICS: usize = 4;
/// The token's own issuer: its wallet, and its identity (registered first).
const TOKEN_ISSUER_WALLET: u64 = 100;
const TOKEN_ISSUER: IdentityId = 3;

#[derive(Clone, Debug)]
enum Step {
	Register { primary: usize },
	Link { primary: usize, wallet: usize },
	Unlink { wallet: usize },
	AddClaim { subject: usize, claim: ClaimKey, lifetime: Option<u64> },
	Renew { subject: usize, claim: ClaimKey, lifetime: Option<u64> },
	Revoke { subject: usize, claim: ClaimKey },
	ToggleKycIssuer,
	ToggleTokenIssuer,
	Advance { ms: u64 },
}

/// Which claim: its topic, whether it is scoped to `TOKEN` (else global), whether the token's
/// own issuer issues it (else the chain-trusted issuer of the topic).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ClaimKey {
	topic: usize,
	for_token: bool,
	by_token_issuer: bool,
}

fn claim_key() -> impl Strategy<Value = ClaimKey> {
	(0..TOPICS.len(), any::<bool>(), prop::bool::weighted(0.3))
		.prop_map(|(topic, for_token, by_token_issuer)| ClaimKey { topic, for_token, by_token_issuer })
}

fn step() -> impl Strategy<Value = Step> {
	let account = 0..ACCOUNTS.len();
	prop_oneof![
		1 => account.clone().prop_map(|primary| Step::Register { primary }),
		1 => (account.clone(), account.clone()).prop_map(|(primary, wallet)| Step::Link { primary, wallet }),
		1 => account.clone().prop_map(|wallet| Step::Unlink { wallet }),
		3 => (account.clone(), claim_key(), prop::option::of(1u64..5_000))
			.prop_map(|(subject, claim, lifetime)| Step::AddClaim { subject, claim, lifetime }),
		1 => (account.clone(), claim_key(), prop::option::of(1u64..5_000))
			.prop_map(|(subject, claim, lifetime)| Step::Renew { subject, claim, lifetime }),
		1 => (account.clone(), claim_key()).prop_map(|(subject, claim)| Step::Revoke { subject, claim }),
		1 => Just(Step::ToggleKycIssuer),
		1 => Just(Step::ToggleTokenIssuer),
		1 => (1u64..3_000).prop_map(|ms| Step::Advance { ms }),
	]
}

/// A claim the model holds: which, its expiry, when it was issued (or last renewed).
#[derive(Clone, Copy, Debug)]
struct Held {
	key: ClaimKey,
	expiry: Option<u64>,
	issued_at: u64,
}

/// What the registry should hold.
#[derive(Default, Debug)]
struct Model {
	/// account -> identity
	identity_of: BTreeMap<u64, IdentityId>,
	/// identity -> primary
	primary: BTreeMap<IdentityId, u64>,
	/// (subject, for the token?) -> the book's claims in the order they were added
	books: BTreeMap<(IdentityId, bool), Vec<Held>>,
	kyc_issuer_trusted: bool,
	token_issuer_trusted: bool,
	next_identity: IdentityId,
}

impl Model {
	fn wallets(&self, identity: IdentityId) -> usize {
		self.identity_of.values().filter(|id| **id == identity).count()
	}

	/// The issuer identity and wallet of a claim.
	fn issuer_of(key: ClaimKey) -> (IdentityId, u64) {
		if key.by_token_issuer {
			(TOKEN_ISSUER, TOKEN_ISSUER_WALLET)
		} else if key.topic < KYC_TOPICS {
			(KYC_PROVIDER, KYC_WALLET)
		} else {
			(ACCREDITOR, ACCREDITOR_WALLET)
		}
	}

	/// Whether the chain trusts the claim's issuer for its topic.
	fn chain_trusted(&self, key: ClaimKey) -> bool {
		!key.by_token_issuer && (key.topic >= KYC_TOPICS || self.kyc_issuer_trusted)
	}

	/// Whether the claim's issuer counts for a check (`for_token`: about the token).
	fn trusted(&self, key: ClaimKey, for_token: bool) -> bool {
		self.chain_trusted(key) || (for_token && key.by_token_issuer && self.token_issuer_trusted)
	}

	/// Whether the issuer may add or renew the claim: trusted chain-wide, or by the token for a
	/// claim scoped to it.
	fn may_issue(&self, key: ClaimKey) -> bool {
		self.trusted(key, key.for_token)
	}

	fn book(&self, subject: IdentityId, for_token: bool) -> &[Held] {
		self.books.get(&(subject, for_token)).map(Vec::as_slice).unwrap_or(&[])
	}

	fn find(&self, subject: IdentityId, key: ClaimKey) -> Option<usize> {
		self.book(subject, key.for_token).iter().position(|held| held.key == key)
	}

	/// The books a check reads, in order: the global book, and for the token its book.
	fn read_books(&self, subject: IdentityId, for_token: bool) -> Vec<Held> {
		let mut claims = self.book(subject, false).to_vec();
		if for_token {
			claims.extend_from_slice(self.book(subject, true));
		}
		claims
	}

	fn claim_status(&self, subject: IdentityId, topic: usize, for_token: bool, now: u64) -> ClaimStatus {
		let mut status = ClaimStatus::Missing;
		for held in self.read_books(subject, for_token) {
			if held.key.topic != topic || !self.trusted(held.key, for_token) {
				continue;
			}
			match held.expiry {
				Some(expiry) if now >= expiry => status = ClaimStatus::Expired,
				_ => return ClaimStatus::Valid,
			}
		}
		status
	}

	/// The best fact among the valid claims `counts` accepts: `fact` of a topic, ranked by
	/// `rank` (the last of equals wins).
	fn best<F: Copy, R: PartialOrd>(
		claims: &[Held],
		now: u64,
		fact: impl Fn(usize) -> Option<F>,
		rank: impl Fn(F, &Held) -> R,
		counts: impl Fn(ClaimKey) -> bool,
	) -> Option<F> {
		let mut best: Option<(F, R)> = None;
		for held in claims {
			let Some(stated) = fact(held.key.topic) else { continue };
			if held.expiry.is_some_and(|expiry| now >= expiry) || !counts(held.key) {
				continue;
			}
			let ranked = rank(stated, held);
			if best.as_ref().is_none_or(|(_, leader)| ranked >= *leader) {
				best = Some((stated, ranked));
			}
		}
		best.map(|(stated, _)| stated)
	}

	/// A profile fact: chain-wide from the global book's chain-trusted claims; for the token,
	/// where there is none, from every claim that counts for the token.
	fn fact<F: Copy, R: PartialOrd>(
		&self,
		subject: IdentityId,
		for_token: bool,
		now: u64,
		fact: impl Fn(usize) -> Option<F> + Copy,
		rank: impl Fn(F, &Held) -> R + Copy,
	) -> Option<F> {
		let chain_wide = Self::best(self.book(subject, false), now, fact, rank, |key| self.chain_trusted(key));
		if chain_wide.is_some() || !for_token {
			return chain_wide;
		}
		Self::best(&self.read_books(subject, true), now, fact, rank, |key| self.trusted(key, true))
	}

	fn jurisdiction(&self, subject: IdentityId, for_token: bool, now: u64) -> Option<CountryCode> {
		let country = |topic: usize| match TOPICS[topic] {
			ClaimTopic::Jurisdiction(country) => Some(country),
			_ => None,
		};
		self.fact(subject, for_token, now, country, |_, held| held.issued_at)
	}

	fn investor_type(&self, subject: IdentityId, for_token: bool, now: u64) -> Option<InvestorType> {
		self.fact(subject, for_token, now, |topic| TOPICS[topic].investor_type(), |category, _| category)
	}
}

fn scope_of(key: ClaimKey) -> ClaimScope {
	if key.for_token {
		ClaimScope::Token(TOKEN)
	} else {
		ClaimScope::Global
	}
}

/// `TOKEN`'s manager names (or withdraws) the token's own issuer for every topic class.
fn name_token_issuer(trusted: bool) {
	let issuers = if trusted { vec![TOKEN_ISSUER] } else { vec![] };
	for class in TOPICS.iter().map(|topic| topic.class()).collect::<BTreeSet<_>>() {
		Identity::set_token_issuers(
			RuntimeOrigin::signed(TOKEN_MANAGER),
			TOKEN,
			class,
			BoundedVec::try_from(issuers.clone()).expect("within bounds"),
		)
		.expect("the token's manager names its issuers");
	}
}

fn run(steps: Vec<Step>) -> Result<(), TestCaseError> {
	new_test_ext().execute_with(|| {
		Identity::register_identity(
			RuntimeOrigin::signed(KYC_WALLET),
			TOKEN_ISSUER_WALLET,
			IdentityKind::ClaimIssuer,
			consent(ConsentAction::CreateIdentity, 0, TOKEN_ISSUER_WALLET),
		)
		.expect("the token's issuer registers");
		prop_assert_eq!(IdentityOf::<Test>::get(TOKEN_ISSUER_WALLET), Some(TOKEN_ISSUER));
		name_token_issuer(true);
		let mut model = Model {
			kyc_issuer_trusted: true,
			token_issuer_trusted: true,
			next_identity: TOKEN_ISSUER + 1,
			..Default::default()
		};
		for step in steps {
			let now = Now::get();
			match step {
				Step::Register { primary } => {
					let who = ACCOUNTS[primary];
					let expected = !model.identity_of.contains_key(&who);
					let result = Identity::register_identity(
						RuntimeOrigin::signed(KYC_WALLET),
						who,
						IdentityKind::NaturalPerson,
						consent(ConsentAction::CreateIdentity, 0, who),
					);
					prop_assert_eq!(result.is_ok(), expected, "register {}: {:?}", who, result);
					if expected {
						model.identity_of.insert(who, model.next_identity);
						model.primary.insert(model.next_identity, who);
						model.next_identity += 1;
					}
				},
				Step::Link { primary, wallet } => {
					let (primary, wallet) = (ACCOUNTS[primary], ACCOUNTS[wallet]);
					let identity = model.identity_of.get(&primary).copied();
					let is_primary = identity.is_some_and(|id| model.primary.get(&id) == Some(&primary));
					let expected = is_primary &&
						!model.identity_of.contains_key(&wallet) &&
						model.wallets(identity.unwrap_or_default()) < MAX_WALLETS as usize;
					let result = Identity::link_wallet(
						RuntimeOrigin::signed(primary),
						wallet,
						consent(ConsentAction::LinkWallet, identity.unwrap_or_default(), wallet),
					);
					prop_assert_eq!(result.is_ok(), expected, "link {} to {}: {:?}", wallet, primary, result);
					if let (true, Some(id)) = (expected, identity) {
						model.identity_of.insert(wallet, id);
					}
				},
				Step::Unlink { wallet } => {
					let wallet = ACCOUNTS[wallet];
					let identity = model.identity_of.get(&wallet).copied();
					let expected = identity.is_some_and(|id| model.primary.get(&id) != Some(&wallet));
					let result = Identity::unlink_wallet(RuntimeOrigin::signed(wallet), wallet, 4);
					prop_assert_eq!(result.is_ok(), expected, "unlink {}: {:?}", wallet, result);
					if expected {
						model.identity_of.remove(&wallet);
					}
				},
				Step::AddClaim { subject, claim, lifetime } => {
					let subject = model.identity_of.get(&ACCOUNTS[subject]).copied().unwrap_or(77);
					let (_, wallet) = Model::issuer_of(claim);
					let expected = model.primary.contains_key(&subject) &&
						model.may_issue(claim) &&
						model.find(subject, claim).is_none() &&
						model.book(subject, claim.for_token).len() < MAX_CLAIMS as usize;
					let expiry = lifetime.map(|ms| now + ms);
					let result = Identity::add_claim(
						RuntimeOrigin::signed(wallet),
						subject,
						TOPICS[claim.topic],
						scope_of(claim),
						expiry,
						H256::repeat_byte(claim.topic as u8),
					);
					prop_assert_eq!(result.is_ok(), expected, "add claim {:?}: {:?}", claim, result);
					if expected {
						let held = Held { key: claim, expiry, issued_at: now };
						model.books.entry((subject, claim.for_token)).or_default().push(held);
					}
				},
				Step::Renew { subject, claim, lifetime } => {
					let subject = model.identity_of.get(&ACCOUNTS[subject]).copied().unwrap_or(77);
					let (_, wallet) = Model::issuer_of(claim);
					let at = model.find(subject, claim);
					let expected = model.primary.contains_key(&subject) && model.may_issue(claim) && at.is_some();
					let expiry = lifetime.map(|ms| now + ms);
					let result = Identity::update_claim(
						RuntimeOrigin::signed(wallet),
						subject,
						TOPICS[claim.topic],
						scope_of(claim),
						expiry,
						H256::repeat_byte(9),
					);
					prop_assert_eq!(result.is_ok(), expected, "renew {:?}: {:?}", claim, result);
					if let (true, Some(at)) = (expected, at) {
						let held = &mut model.books.get_mut(&(subject, claim.for_token)).expect("found")[at];
						held.expiry = expiry;
						held.issued_at = now;
					}
				},
				Step::Revoke { subject, claim } => {
					let subject = model.identity_of.get(&ACCOUNTS[subject]).copied().unwrap_or(77);
					let (issuer, wallet) = Model::issuer_of(claim);
					let at = model.find(subject, claim);
					let result = Identity::revoke_claim(
						RuntimeOrigin::signed(wallet),
						subject,
						TOPICS[claim.topic],
						scope_of(claim),
						issuer,
					);
					prop_assert_eq!(result.is_ok(), at.is_some(), "revoke {:?}: {:?}", claim, result);
					if let Some(at) = at {
						let book = model.books.get_mut(&(subject, claim.for_token)).expect("found");
						book.remove(at);
						if book.is_empty() {
							model.books.remove(&(subject, claim.for_token));
						}
					}
				},
				Step::ToggleKycIssuer => {
					if model.kyc_issuer_trusted {
						Identity::remove_trusted_issuer(RuntimeOrigin::root(), KYC_PROVIDER).expect("trusted");
					} else {
						let topics = BoundedVec::try_from(vec![TopicClass::Kyc, TopicClass::Aml, TopicClass::Jurisdiction])
							.expect("within bounds");
						Identity::set_trusted_issuer(RuntimeOrigin::root(), KYC_PROVIDER, topics).expect("valid");
					}
					model.kyc_issuer_trusted = !model.kyc_issuer_trusted;
				},
				Step::ToggleTokenIssuer => {
					model.token_issuer_trusted = !model.token_issuer_trusted;
					name_token_issuer(model.token_issuer_trusted);
				},
				Step::Advance { ms } => Now::set(now + ms),
			}

			Identity::do_try_state().map_err(|e| TestCaseError::fail(format!("invariant: {e:?}")))?;
			let now = Now::get();
			for (account, identity) in &model.identity_of {
				prop_assert_eq!(IdentityOf::<Test>::get(account), Some(*identity));
			}
			for identity in model.primary.keys() {
				for (token, for_token) in [(None, false), (Some(TOKEN), true)] {
					for topic in 0..TOPICS.len() {
						let got = <Identity as IdentityProvider<u64, u64>>::claim_status(
							*identity,
							TOPICS[topic],
							token,
							Issuers::Trusted,
							now,
						);
						prop_assert_eq!(
							got,
							model.claim_status(*identity, topic, for_token, now),
							"{:?} of {} for {:?}",
							TOPICS[topic],
							identity,
							token
						);
					}
					prop_assert_eq!(
						<Identity as IdentityProvider<u64, u64>>::jurisdiction(*identity, token, now),
						model.jurisdiction(*identity, for_token, now),
						"jurisdiction of {} for {:?}",
						identity,
						token
					);
					prop_assert_eq!(
						<Identity as IdentityProvider<u64, u64>>::investor_type(*identity, token, now),
						model.investor_type(*identity, for_token, now),
						"investor type of {} for {:?}",
						identity,
						token
					);
				}
				let held: usize = [false, true].iter().map(|for_token| model.book(*identity, *for_token).len()).sum();
				prop_assert_eq!(Identities::<Test>::get(identity).map(|record| record.claim_count as usize), Some(held));
			}
			let unique: BTreeSet<_> = model.identity_of.keys().collect();
			prop_assert_eq!(unique.len(), model.identity_of.len());
		}
		Ok(())
	})
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

	#[test]
	fn registry_matches_the_model(steps in prop::collection::vec(step(), 1..60)) {
		run(steps)?;
	}
}
