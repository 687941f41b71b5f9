//! Property test: random rule sets, investors (jurisdictions and investor types chain-wide, for
//! the token only (attested by the token's own issuer) and for another token, AML claims that
//! may expire), exemptions and sequences of issuances, transfers, redemptions and clock moves,
//! checked against a reference model written here from the rules' definitions (plain lists,
//! no buckets, no aggregates). For every step:
//! - the model, `can_transfer`, the compliance report and the real call agree on success and
//!   on the first failing rule; the report's failing rules are exactly the model's;
//! - after every successful movement no rule is left violated by it (limits hold for the
//!   receiver unless grandfathered or exempt);
//! - the pallets' invariants hold and the holder statistics match the model.

use crate::{mock::*, *};
use polkadot_sdk::frame_support::{traits::ConstU32, BoundedVec};
use proptest::prelude::*;
use std::collections::BTreeMap;
use sto_primitives::{
	compliance::RuleOutcome,
	identity::{ClaimScope, ClaimStatus, TopicClass},
	token::TransferStatus,
};

const INVESTORS: [u64; 6] = [A, B, C, D, E, F];
const COUNTRIES: [CountryCode; 3] = [DE, FR, US];
const KINDS: [InvestorType; 3] = [InvestorType::Retail, InvestorType::Accredited, InvestorType::Institutional];

#[derive(Clone, Debug, Default)]
struct Investor {
	/// Chain-wide jurisdiction and investor type (global claims of chain-trusted issuers).
	country: Option<CountryCode>,
	kind: Option<InvestorType>,
	/// AML claim: absent, or with an expiry in hours from the start (None: never).
	aml: Option<Option<u64>>,
	/// Jurisdiction and investor type attested for the token only, by its own issuer.
	token_country: Option<CountryCode>,
	token_kind: Option<InvestorType>,
	/// Jurisdiction and investor type attested for another token (never seen by this one).
	elsewhere: Option<(CountryCode, InvestorType)>,
}

impl Investor {
	/// The jurisdiction the token sees: the chain-wide one, else its own issuer's.
	fn country(&self) -> Option<CountryCode> {
		self.country.or(self.token_country)
	}

	/// The investor type the token sees.
	fn kind(&self) -> Option<InvestorType> {
		self.kind.or(self.token_kind)
	}
}

#[derive(Clone, Debug)]
enum Step {
	Issue { to: usize, amount: u128 },
	Transfer { from: usize, to: usize, amount: u128 },
	Redeem { from: usize, amount: u128 },
	Advance { hours: u64 },
}

fn investor_strategy() -> impl Strategy<Value = Investor> {
	(
		proptest::option::of(0..3usize),
		proptest::option::of(0..3usize),
		proptest::option::of(proptest::option::of(1..6u64)),
		proptest::option::weighted(0.3, 0..3usize),
		proptest::option::weighted(0.3, 0..3usize),
		proptest::option::weighted(0.3, (0..3usize, 0..3usize)),
	)
		.prop_map(|(country, kind, aml, token_country, token_kind, elsewhere)| Investor {
			country: country.map(|i| COUNTRIES[i]),
			kind: kind.map(|i| KINDS[i]),
			aml,
			token_country: token_country.map(|i| COUNTRIES[i]),
			token_kind: token_kind.map(|i| KINDS[i]),
			elsewhere: elsewhere.map(|(c, k)| (COUNTRIES[c], KINDS[k])),
		})
}

fn rule_strategy() -> impl Strategy<Value = RuleOf<Test>> {
	let country_list = proptest::sample::subsequence(COUNTRIES.to_vec(), 1..=3);
	let kind_list = proptest::sample::subsequence(KINDS.to_vec(), 1..=3);
	prop_oneof![
		(0..3usize).prop_map(|side| rule(RuleKind::Claims {
			side: [Side::Sender, Side::Receiver, Side::Both][side],
			requirement: Requirement::AllOf,
			topics: bounded(&[ClaimTopic::Aml]),
			issuers: IssuerSource::Trusted,
		})),
		country_list.clone().prop_map(|list| rule(RuleKind::AllowJurisdictions(bounded(&list)))),
		country_list.prop_map(|list| rule(RuleKind::BlockJurisdictions(bounded(&list)))),
		kind_list.prop_map(|list| rule(RuleKind::AllowInvestorTypes(bounded(&list)))),
		(1..5u32).prop_map(|limit| rule(RuleKind::MaxHolders(limit))),
		(0..3usize, 1..3u32)
			.prop_map(|(c, limit)| rule(RuleKind::MaxHoldersIn { class: HolderClass::Jurisdiction(COUNTRIES[c]), limit })),
		(0..3usize, 1..3u32)
			.prop_map(|(k, limit)| rule(RuleKind::MaxHoldersIn { class: HolderClass::InvestorType(KINDS[k]), limit })),
		// Limits and amounts in tens, so that movements land exactly on limits often.
		(5..40u128).prop_map(|tens| rule(RuleKind::MaxBalance(tens * 10))),
		(1..8u32).prop_map(|tenths| rule(RuleKind::MaxOwnership(tenths * 100_000))),
		(1..5u64).prop_map(|hours| rule(RuleKind::HoldingPeriod { until: START + hours * HOUR })),
		(1..4u32, 2..20u128).prop_map(|(window, tens)| rule(RuleKind::VolumeLimit { window, max: tens * 10 })),
	]
}

fn step_strategy() -> impl Strategy<Value = Step> {
	prop_oneof![
		2 => (0..6usize, 1..15u128).prop_map(|(to, tens)| Step::Issue { to, amount: tens * 10 }),
		6 => (0..6usize, 0..6usize, 1..15u128).prop_map(|(from, to, tens)| Step::Transfer { from, to, amount: tens * 10 }),
		1 => (0..6usize, 1..10u128).prop_map(|(from, tens)| Step::Redeem { from, amount: tens * 10 }),
		1 => (1..3u64).prop_map(|hours| Step::Advance { hours }),
	]
}

/// The reference model: balances per identity (one wallet each), the classes each holder was
/// counted under, and every trading movement's (time, sender, amount).
#[derive(Default, Debug)]
struct Model {
	investors: Vec<Investor>,
	rules: Vec<RuleOf<Test>>,
	exempt: Vec<usize>,
	balance: BTreeMap<usize, u128>,
	counted_as: BTreeMap<usize, (Option<CountryCode>, Option<InvestorType>)>,
	sent: Vec<(u64, usize, u128)>,
	now: u64,
}

impl Model {
	fn supply(&self) -> u128 {
		self.balance.values().sum()
	}
	fn holders(&self) -> usize {
		self.balance.values().filter(|b| **b > 0).count()
	}
	fn held(&self, who: usize) -> u128 {
		self.balance.get(&who).copied().unwrap_or(0)
	}
	fn aml_status(&self, who: usize) -> ClaimStatus {
		match self.investors[who].aml {
			None => ClaimStatus::Missing,
			Some(Some(hours)) if self.now >= START + hours * HOUR => ClaimStatus::Expired,
			Some(_) => ClaimStatus::Valid,
		}
	}
	fn class_count(&self, class: &HolderClass) -> u32 {
		self.counted_as
			.values()
			.filter(|(country, kind)| match class {
				HolderClass::Jurisdiction(c) => *country == Some(*c),
				HolderClass::InvestorType(k) => *kind == Some(*k),
			})
			.count() as u32
	}

	/// Each rule's outcome for a movement (`from: None` issuance, `to: None` redemption).
	fn outcomes(&self, from: Option<usize>, to: Option<usize>, amount: u128) -> Vec<RuleOutcome> {
		let trading = from.is_some() && to.is_some();
		let crosses = to.is_some() && from != to;
		let joins = crosses && to.is_some_and(|t| self.held(t) == 0);
		let leaves = crosses && from.is_some_and(|f| self.held(f) == amount);
		let sender_exempt = from.is_some_and(|f| self.exempt.contains(&f));
		let receiver_exempt = to.is_some_and(|t| self.exempt.contains(&t));
		let fail = |failed: bool, failure| if failed { RuleOutcome::Fail(failure) } else { RuleOutcome::Pass };
		let mut outcomes = vec![if !trading {
			RuleOutcome::NotApplicable
		} else if sender_exempt {
			RuleOutcome::Exempt
		} else {
			RuleOutcome::Pass
		}];
		for rule in &self.rules {
			let outcome = match &rule.kind {
				RuleKind::Claims { side, .. } => {
					let check_sender = side.sender() && trading;
					let check_receiver = side.receiver() && to.is_some();
					if !check_sender && !check_receiver {
						RuleOutcome::NotApplicable
					} else if (!check_sender || sender_exempt) && (!check_receiver || receiver_exempt) {
						RuleOutcome::Exempt
					} else {
						let sender = (check_sender && !sender_exempt)
							.then(|| self.aml_status(from.unwrap()))
							.filter(|s| *s != ClaimStatus::Valid);
						let receiver = (check_receiver && !receiver_exempt)
							.then(|| self.aml_status(to.unwrap()))
							.filter(|s| *s != ClaimStatus::Valid);
						match (sender, receiver) {
							(Some(status), _) => RuleOutcome::Fail(RuleFailure::SenderClaim(status)),
							(None, Some(status)) => RuleOutcome::Fail(RuleFailure::ReceiverClaim(status)),
							_ => RuleOutcome::Pass,
						}
					}
				},
				RuleKind::AllowJurisdictions(list) | RuleKind::BlockJurisdictions(list) => match to {
					None => RuleOutcome::NotApplicable,
					Some(_) if receiver_exempt => RuleOutcome::Exempt,
					Some(t) => {
						let allow = matches!(rule.kind, RuleKind::AllowJurisdictions(_));
						match (self.investors[t].country(), allow) {
							// Allow and block lists alike refuse a receiver without one.
							(None, _) => RuleOutcome::Fail(RuleFailure::JurisdictionUnknown),
							(Some(c), true) => fail(!list.contains(&c), RuleFailure::JurisdictionNotAllowed),
							(Some(c), false) => fail(list.contains(&c), RuleFailure::JurisdictionBlocked),
						}
					},
				},
				RuleKind::AllowInvestorTypes(list) => match to {
					None => RuleOutcome::NotApplicable,
					Some(_) if receiver_exempt => RuleOutcome::Exempt,
					Some(t) => fail(
						!self.investors[t].kind().is_some_and(|k| list.contains(&k)),
						RuleFailure::InvestorTypeNotAllowed,
					),
				},
				RuleKind::MaxHolders(limit) =>
					if !joins {
						RuleOutcome::NotApplicable
					} else if receiver_exempt {
						RuleOutcome::Exempt
					} else {
						fail(self.holders() as u32 + 1 - leaves as u32 > *limit, RuleFailure::MaxHolders)
					},
				RuleKind::MaxHoldersIn { class, limit } =>
					if !joins {
						RuleOutcome::NotApplicable
					} else if receiver_exempt {
						RuleOutcome::Exempt
					} else {
						let t = to.unwrap();
						let in_class = match class {
							HolderClass::Jurisdiction(c) => self.investors[t].country() == Some(*c),
							HolderClass::InvestorType(k) => self.investors[t].kind() == Some(*k),
						};
						let frees = leaves &&
							from.and_then(|f| self.counted_as.get(&f)).is_some_and(|(country, kind)| match class {
								HolderClass::Jurisdiction(c) => *country == Some(*c),
								HolderClass::InvestorType(k) => *kind == Some(*k),
							});
						fail(
							in_class && self.class_count(class) + 1 - frees as u32 > *limit,
							RuleFailure::MaxHoldersInClass,
						)
					},
				RuleKind::MaxBalance(limit) =>
					if !crosses {
						RuleOutcome::NotApplicable
					} else if receiver_exempt {
						RuleOutcome::Exempt
					} else {
						fail(self.held(to.unwrap()) + amount > *limit, RuleFailure::MaxBalance)
					},
				RuleKind::MaxOwnership(share) =>
					if !crosses {
						RuleOutcome::NotApplicable
					} else if receiver_exempt {
						RuleOutcome::Exempt
					} else {
						let supply = self.supply() + if from.is_none() { amount } else { 0 };
						let after = self.held(to.unwrap()) + amount;
						fail(after * 1_000_000 > supply * *share as u128, RuleFailure::MaxOwnership)
					},
				RuleKind::HoldingPeriod { until } =>
					if !trading {
						RuleOutcome::NotApplicable
					} else if sender_exempt {
						RuleOutcome::Exempt
					} else {
						fail(self.now < *until, RuleFailure::HoldingPeriod)
					},
				RuleKind::TradingWindow(_) => unreachable!("not generated"),
				RuleKind::VolumeLimit { window, max } =>
					if !trading || !crosses {
						RuleOutcome::NotApplicable
					} else if sender_exempt {
						RuleOutcome::Exempt
					} else {
						let now_bucket = self.now / HOUR;
						let first = now_bucket.saturating_sub(*window as u64 - 1);
						let sent: u128 = self
							.sent
							.iter()
							.filter(|(at, who, _)| *who == from.unwrap() && (first..=now_bucket).contains(&(at / HOUR)))
							.map(|(_, _, amount)| amount)
							.sum();
						fail(sent + amount > *max, RuleFailure::VolumeLimit)
					},
			};
			outcomes.push(outcome);
		}
		outcomes
	}

	/// The model's verdict: Ok or the first (rule index, failure); token-level refusals first.
	fn verdict(&self, from: Option<usize>, to: Option<usize>, amount: u128) -> Result<(), TransferFailure> {
		if let Some(f) = from {
			if self.held(f) < amount {
				return Err(TransferFailure::InsufficientBalance);
			}
		}
		for (index, outcome) in self.outcomes(from, to, amount).into_iter().enumerate() {
			if let RuleOutcome::Fail(failure) = outcome {
				let rule = if index == 0 { PAUSE_RULE } else { index as u32 - 1 };
				return Err(TransferFailure::Compliance(rule, failure));
			}
		}
		Ok(())
	}

	fn apply(&mut self, from: Option<usize>, to: Option<usize>, amount: u128) {
		let crosses = from != to;
		if let Some(f) = from {
			*self.balance.entry(f).or_default() -= amount;
			if crosses && self.held(f) == 0 {
				self.counted_as.remove(&f);
			}
		}
		if let Some(t) = to {
			if crosses && self.held(t) == 0 {
				let investor = &self.investors[t];
				if investor.country().is_some() || investor.kind().is_some() {
					self.counted_as.insert(t, (investor.country(), investor.kind()));
				}
			}
			*self.balance.entry(t).or_default() += amount;
		}
		if let (Some(f), Some(_), true) = (from, to, crosses) {
			if self.rules.iter().any(|rule| matches!(rule.kind, RuleKind::VolumeLimit { .. })) {
				self.sent.push((self.now, f, amount));
			}
		}
	}
}

fn run(investors: Vec<Investor>, rules: Vec<RuleOf<Test>>, exempt: Vec<usize>, steps: Vec<Step>) -> Result<(), TestCaseError> {
	let mut result = Ok(());
	new_test_ext().execute_with(|| {
		result = (|| {
			let token = active_token();
			let other = active_token();
			// The issuer names itself each token's own jurisdiction and investor-type issuer.
			for named in [token, other] {
				for class in [TopicClass::Jurisdiction, TopicClass::Retail, TopicClass::Accredited, TopicClass::Institutional] {
					polkadot_sdk::frame_support::assert_ok!(Identity::set_token_issuers(
						RuntimeOrigin::signed(ISSUER),
						named,
						class,
						bounded(&[ISSUER_ID])
					));
				}
			}
			let for_token = |account: u64, topic: ClaimTopic, scope: TokenId| {
				polkadot_sdk::frame_support::assert_ok!(Identity::add_claim(
					RuntimeOrigin::signed(ISSUER),
					identity(account),
					topic,
					ClaimScope::Token(scope),
					None,
					polkadot_sdk::sp_core::H256::zero(),
				));
			};
			for (index, investor) in investors.iter().enumerate() {
				let account = INVESTORS[index];
				claim(account, ClaimTopic::Kyc, None);
				if let Some(country) = investor.country {
					claim(account, ClaimTopic::Jurisdiction(country), None);
				}
				if let Some(kind) = investor.kind {
					claim(account, kind.into(), None);
				}
				if let Some(expiry) = investor.aml {
					claim(account, ClaimTopic::Aml, expiry.map(|hours| START + hours * HOUR));
				}
				if let Some(country) = investor.token_country {
					for_token(account, ClaimTopic::Jurisdiction(country), token);
				}
				if let Some(kind) = investor.token_kind {
					for_token(account, kind.into(), token);
				}
				if let Some((country, kind)) = investor.elsewhere {
					for_token(account, ClaimTopic::Jurisdiction(country), other);
					for_token(account, kind.into(), other);
				}
			}
			// Rules the pallet refuses (a country both allowed and blocked, too complex) are
			// dropped from the model too.
			let rules = if set_rules(token, rules.clone()).is_ok() { rules } else { Vec::new() };
			let exempt_ids: Vec<IdentityId> = exempt.iter().map(|i| identity(INVESTORS[*i])).collect();
			polkadot_sdk::frame_support::assert_ok!(Compliance::set_exemptions(
				RuntimeOrigin::signed(ISSUER),
				token,
				crate::mock::bounded(&exempt_ids)
			));
			let mut model = Model { investors, rules, exempt, now: START, ..Default::default() };
			for step in steps {
				let (from, to, amount) = match step {
					Step::Advance { hours } => {
						model.now += hours * HOUR;
						Now::set(model.now);
						continue;
					},
					Step::Issue { to, amount } => (None, Some(to), amount),
					Step::Transfer { from, to, amount } => (Some(from), Some(to), amount),
					Step::Redeem { from, amount } => (Some(from), None, amount),
				};
				let expected = model.verdict(from, to, amount);
				let account = |i: usize| INVESTORS[i];
				let actual = match (from, to) {
					(None, Some(t)) => issue(token, account(t), amount),
					(Some(f), Some(t)) => {
						let (status, reason) = Token::can_transfer(token, 0, account(f), account(t), amount);
						prop_assert_eq!(reason, expected.err(), "can_transfer");
						prop_assert_eq!(status == TransferStatus::Success, expected.is_ok());
						let report = Compliance::transfer_report(token, 0, account(f), account(t), amount)
							.map_err(|e| TestCaseError::fail(format!("undescribable: {e:?}")))?;
						let outcomes: Vec<RuleOutcome> = report.iter().map(|line| line.outcome).collect();
						prop_assert_eq!(outcomes, model.outcomes(from, to, amount), "report");
						transfer(token, account(f), account(t), amount)
					},
					(Some(f), None) => Token::redeem(RuntimeOrigin::signed(account(f)), token, 0, amount),
					(None, None) => unreachable!(),
				};
				let expected = match (from, to) {
					// Redemption is not governed by rules; issuance has no balance check.
					(Some(f), None) =>
						if model.held(f) < amount { Err(TransferFailure::InsufficientBalance) } else { Ok(()) },
					_ => expected,
				};
				match (&expected, &actual) {
					(Ok(()), Ok(_)) => {
						model.apply(from, to, amount);
						// No rule is left violated by this movement.
						if let (Some(t), true) = (to, from != to) {
							let joined = model.held(t) == amount;
							if !model.exempt.contains(&t) {
								for rule in &model.rules {
									match rule.kind {
										RuleKind::MaxBalance(limit) => prop_assert!(model.held(t) <= limit),
										RuleKind::MaxOwnership(share) => prop_assert!(
											model.held(t) * 1_000_000 <= model.supply() * share as u128
										),
										RuleKind::MaxHolders(limit) if joined =>
											prop_assert!(model.holders() as u32 <= limit),
										_ => {},
									}
								}
							}
						}
					},
					(Err(TransferFailure::Compliance(_, failure)), Err(error)) => {
						let error: polkadot_sdk::sp_runtime::DispatchError = error.error;
						let expected_error: polkadot_sdk::sp_runtime::DispatchError =
							pallet_security_token::Error::<Test>::ComplianceFailed(*failure).into();
						prop_assert_eq!(error, expected_error);
					},
					(Err(_), Err(_)) => {},
					_ => prop_assert!(false, "model {:?}, chain {:?} for {:?}", expected, actual, step),
				}
				for (index, account) in INVESTORS.iter().enumerate().take(model.investors.len()) {
					prop_assert_eq!(Token::identity_balance(token, identity(*account)), model.held(index));
				}
				for class in COUNTRIES
					.iter()
					.map(|c| HolderClass::Jurisdiction(*c))
					.chain(KINDS.iter().map(|k| HolderClass::InvestorType(*k)))
				{
					prop_assert_eq!(Compliance::holders_in(token, class), model.class_count(&class));
				}
				check_invariants();
			}
			Ok(())
		})();
	});
	result
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

	#[test]
	fn rules_model_and_chain_agree(
		investors in proptest::collection::vec(investor_strategy(), 6),
		rules in proptest::collection::vec(rule_strategy(), 0..5),
		exempt in proptest::sample::subsequence((0..6usize).collect::<Vec<_>>(), 0..=1),
		steps in proptest::collection::vec(step_strategy(), 1..40),
	) {
		run(investors, rules, exempt, steps)?;
	}
}

#[test]
fn the_model_runs_a_known_sequence() {
	let investors = vec![
		Investor { country: Some(DE), kind: Some(InvestorType::Accredited), aml: Some(None), ..Default::default() },
		Investor { country: Some(US), kind: None, aml: Some(Some(1)), token_country: Some(DE), ..Default::default() },
		Investor { country: None, kind: Some(InvestorType::Retail), aml: None, token_country: Some(DE), ..Default::default() },
		Investor { country: Some(DE), kind: None, aml: Some(None), elsewhere: Some((US, InvestorType::Retail)), ..Default::default() },
		Investor { country: Some(FR), kind: None, aml: None, ..Default::default() },
		Investor { country: None, kind: None, aml: None, ..Default::default() },
	];
	let rules = vec![
		rule(RuleKind::MaxHoldersIn { class: HolderClass::Jurisdiction(DE), limit: 1 }),
		rule(RuleKind::VolumeLimit { window: 2, max: 50 }),
		rule(RuleKind::Claims {
			side: Side::Receiver,
			requirement: Requirement::AllOf,
			topics: BoundedVec::<_, ConstU32<4>>::truncate_from(vec![ClaimTopic::Aml]),
			issuers: IssuerSource::Trusted,
		}),
	];
	let steps = vec![
		Step::Issue { to: 0, amount: 100 },
		Step::Transfer { from: 0, to: 3, amount: 10 },
		Step::Transfer { from: 0, to: 1, amount: 40 },
		Step::Transfer { from: 0, to: 1, amount: 20 },
		Step::Advance { hours: 2 },
		Step::Transfer { from: 0, to: 1, amount: 20 },
		Step::Transfer { from: 1, to: 0, amount: 40 },
		Step::Redeem { from: 0, amount: 100 },
	];
	run(investors, rules, vec![], steps).expect("model and chain agree");
}
