//! Property test: random sequences of registrations, wallet links and unlinks, claims,
//! revocations, issuer withdrawals and the passing of time, checked against a plain model
//! written here. After every step the registry's invariants hold, a call succeeds exactly when
//! the model says it may, and every claim check answers what the model answers.

use crate::{mock::*, *};
use polkadot_sdk::{frame_support::BoundedVec, sp_core::H256};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Accounts the sequences use (all funded in the mock).
const ACCOUNTS: [u64; 9] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
/// Topics the sequences claim: KYC_PROVIDER is trusted for the first three, ACCREDITOR for the
/// last two.
const TOPICS: [ClaimTopic; 5] = [
	ClaimTopic::Kyc,
	ClaimTopic::Aml,
	ClaimTopic::Jurisdiction(CountryCode(*b"DE")),
	ClaimTopic::Accredited,
	ClaimTopic::Retail,
];

#[derive(Clone, Debug)]
enum Step {
	Register { primary: usize },
	Link { primary: usize, wallet: usize },
	Unlink { wallet: usize },
	AddClaim { subject: usize, topic: usize, lifetime: Option<u64> },
	Revoke { subject: usize, topic: usize },
	ToggleKycIssuer,
	Advance { ms: u64 },
}

fn step() -> impl Strategy<Value = Step> {
	let account = 0..ACCOUNTS.len();
	prop_oneof![
		account.clone().prop_map(|primary| Step::Register { primary }),
		(account.clone(), account.clone()).prop_map(|(primary, wallet)| Step::Link { primary, wallet }),
		account.clone().prop_map(|wallet| Step::Unlink { wallet }),
		(account.clone(), 0..TOPICS.len(), prop::option::of(1u64..5_000))
			.prop_map(|(subject, topic, lifetime)| Step::AddClaim { subject, topic, lifetime }),
		(account.clone(), 0..TOPICS.len()).prop_map(|(subject, topic)| Step::Revoke { subject, topic }),
		Just(Step::ToggleKycIssuer),
		(1u64..3_000).prop_map(|ms| Step::Advance { ms }),
	]
}

/// What the registry should hold.
#[derive(Default, Debug)]
struct Model {
	/// account -> identity
	identity_of: BTreeMap<u64, IdentityId>,
	/// identity -> primary
	primary: BTreeMap<IdentityId, u64>,
	/// (subject, topic index) -> expiry
	claims: BTreeMap<(IdentityId, usize), Option<u64>>,
	kyc_issuer_trusted: bool,
	next_identity: IdentityId,
}

impl Model {
	fn wallets(&self, identity: IdentityId) -> usize {
		self.identity_of.values().filter(|id| **id == identity).count()
	}

	fn issuer_of(topic: usize) -> (IdentityId, u64) {
		if topic < 3 {
			(KYC_PROVIDER, KYC_WALLET)
		} else {
			(ACCREDITOR, ACCREDITOR_WALLET)
		}
	}

	fn issuer_trusted(&self, topic: usize) -> bool {
		topic >= 3 || self.kyc_issuer_trusted
	}

	fn claim_status(&self, subject: IdentityId, topic: usize, now: u64) -> ClaimStatus {
		if !self.issuer_trusted(topic) {
			return ClaimStatus::Missing;
		}
		match self.claims.get(&(subject, topic)) {
			None => ClaimStatus::Missing,
			Some(Some(expiry)) if now >= *expiry => ClaimStatus::Expired,
			Some(_) => ClaimStatus::Valid,
		}
	}
}

fn run(steps: Vec<Step>) -> Result<(), TestCaseError> {
	new_test_ext().execute_with(|| {
		let mut model = Model { kyc_issuer_trusted: true, next_identity: 3, ..Default::default() };
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
				Step::AddClaim { subject, topic, lifetime } => {
					let subject = model.identity_of.get(&ACCOUNTS[subject]).copied().unwrap_or(77);
					let (_, wallet) = Model::issuer_of(topic);
					let claims_held = model.claims.keys().filter(|(s, _)| *s == subject).count();
					let expected = model.primary.contains_key(&subject) &&
						model.issuer_trusted(topic) &&
						!model.claims.contains_key(&(subject, topic)) &&
						claims_held < MAX_CLAIMS as usize;
					let expiry = lifetime.map(|ms| now + ms);
					let result = Identity::add_claim(
						RuntimeOrigin::signed(wallet),
						subject,
						TOPICS[topic],
						ClaimScope::Global,
						expiry,
						H256::repeat_byte(topic as u8),
					);
					prop_assert_eq!(result.is_ok(), expected, "add claim {:?}: {:?}", TOPICS[topic], result);
					if expected {
						model.claims.insert((subject, topic), expiry);
					}
				},
				Step::Revoke { subject, topic } => {
					let subject = model.identity_of.get(&ACCOUNTS[subject]).copied().unwrap_or(77);
					let (issuer, wallet) = Model::issuer_of(topic);
					let expected = model.claims.contains_key(&(subject, topic));
					let result = Identity::revoke_claim(RuntimeOrigin::signed(wallet), subject, TOPICS[topic], issuer);
					prop_assert_eq!(result.is_ok(), expected, "revoke {:?}: {:?}", TOPICS[topic], result);
					model.claims.remove(&(subject, topic));
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
				Step::Advance { ms } => Now::set(now + ms),
			}

			Identity::do_try_state().map_err(|e| TestCaseError::fail(format!("invariant: {e:?}")))?;
			let now = Now::get();
			for (account, identity) in &model.identity_of {
				prop_assert_eq!(IdentityOf::<Test>::get(account), Some(*identity));
			}
			for identity in model.primary.keys() {
				for topic in 0..TOPICS.len() {
					let got = <Identity as IdentityProvider<u64, u64>>::claim_status(
						*identity,
						TOPICS[topic],
						None,
						Issuers::Trusted,
						now,
					);
					prop_assert_eq!(got, model.claim_status(*identity, topic, now), "{:?} of {}", TOPICS[topic], identity);
				}
				let expected_type = [(3usize, InvestorType::Accredited), (4, InvestorType::Retail)]
					.into_iter()
					.filter(|(topic, _)| model.claims.contains_key(&(*identity, *topic)))
					.map(|(_, category)| category)
					.max();
				// The index names the highest category; it counts only while that claim is valid.
				let indexed_valid = expected_type.is_some_and(|category| {
					let topic = if category == InvestorType::Accredited { 3 } else { 4 };
					model.claim_status(*identity, topic, now) == ClaimStatus::Valid
				});
				prop_assert_eq!(
					<Identity as IdentityProvider<u64, u64>>::investor_type(*identity, now),
					expected_type.filter(|_| indexed_valid)
				);
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
