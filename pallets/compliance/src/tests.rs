//! Unit tests: each call's success and failures, each rule kind passing and failing through the
//! real token's movement path, the report, exemptions, statistics and weights.

use crate::{mock::*, *};
use polkadot_sdk::frame_support::{
	assert_noop, assert_ok, traits::ConstU32, weights::Weight, BoundedVec,
};
use sto_primitives::{
	compliance::RuleOutcome,
	identity::{ClaimStatus, Issuers},
	token::{ComplianceHook, TransferStatus},
};

type Kind = RuleKind<ConstU32<4>, ConstU32<2>, ConstU32<4>>;

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn topics(list: &[ClaimTopic]) -> BoundedVec<ClaimTopic, ConstU32<4>> {
	bounded(list)
}

fn countries(list: &[CountryCode]) -> BoundedVec<CountryCode, ConstU32<4>> {
	bounded(list)
}

fn claims(side: Side, requirement: Requirement, list: &[ClaimTopic]) -> Kind {
	RuleKind::Claims { side, requirement, topics: topics(list), issuers: IssuerSource::Trusted }
}

/// A token with verified investors A (DE, accredited) holding 100, B (FR, retail), C (US,
/// accredited), D (DE, no investor type).
fn setup() -> TokenId {
	let token = active_token();
	investor(A, Some(DE), Some(InvestorType::Accredited));
	investor(B, Some(FR), Some(InvestorType::Retail));
	investor(C, Some(US), Some(InvestorType::Accredited));
	investor(D, Some(DE), None);
	assert_ok!(issue(token, A, 100));
	token
}

fn failure_of(result: DispatchResultWithPostInfo) -> RuleFailure {
	match result.map_err(|e| e.error) {
		Err(error) => match error {
			polkadot_sdk::sp_runtime::DispatchError::Module(module) => {
				let decoded = <pallet_security_token::Error<Test> as codec::Decode>::decode(&mut &module.error[..])
					.expect("a token error");
				match decoded {
					pallet_security_token::Error::ComplianceFailed(failure) => failure,
					other => panic!("not a compliance failure: {other:?}"),
				}
			},
			other => panic!("not a module error: {other:?}"),
		},
		Ok(_) => panic!("the movement succeeded"),
	}
}

/// `transfer(..)` fails with `failure`, `can_transfer` says the same with `rule`, and nothing
/// changed.
fn refused(token: TokenId, from: u64, to: u64, amount: TokenBalance, rule: u32, failure: RuleFailure) {
	let (status, reason) = Token::can_transfer(token, 0, from, to, amount);
	assert_eq!(reason, Some(TransferFailure::Compliance(rule, failure)), "can_transfer reason");
	assert_eq!(status, TransferFailure::Compliance(rule, failure).status());
	let before = (Token::balance_of(token, 0, &from), Token::balance_of(token, 0, &to));
	assert_eq!(failure_of(transfer(token, from, to, amount)), failure);
	assert_eq!((Token::balance_of(token, 0, &from), Token::balance_of(token, 0, &to)), before);
	let report = Compliance::transfer_report(token, 0, from, to, amount).expect("describable");
	assert!(report.contains(&RuleReport { rule, outcome: RuleOutcome::Fail(failure) }), "report: {report:?}");
}

fn allowed(token: TokenId, from: u64, to: u64, amount: TokenBalance) {
	assert_eq!(Token::can_transfer(token, 0, from, to, amount), (TransferStatus::Success, None));
	let report = Compliance::transfer_report(token, 0, from, to, amount).expect("describable");
	assert!(report.iter().all(|line| !matches!(line.outcome, RuleOutcome::Fail(_))), "report: {report:?}");
	assert_ok!(transfer(token, from, to, amount));
}

// --- calls ---------------------------------------------------------------------------------

#[test]
fn set_rules_replaces_the_set_and_emits_the_whole_set() {
	run_test(|| {
		let token = setup();
		let first = vec![rule(RuleKind::MaxHolders(10)), rule(RuleKind::MaxBalance(500))];
		assert_ok!(set_rules(token, first.clone()));
		assert_eq!(
			last_event(),
			RuntimeEvent::Compliance(Event::RulesSet { token, version: 1, rules: bounded(&first) })
		);
		let second = vec![rule(RuleKind::MaxBalance(50))];
		assert_ok!(set_rules(token, second.clone()));
		let settings = TokenSettings::<Test>::get(token).expect("settings");
		assert_eq!(settings.rules.to_vec(), second);
		assert_eq!(settings.version, 2);
		assert_eq!(settings.complexity, 1);
		// An empty set removes every rule; the version keeps growing.
		assert_ok!(set_rules(token, vec![]));
		assert_eq!(TokenSettings::<Test>::get(token).expect("kept for its version").rules.len(), 0);
		assert_ok!(transfer(token, A, B, 100));
	});
}

#[test]
fn only_the_compliance_manager_sets_rules() {
	run_test(|| {
		let token = setup();
		let rules = vec![rule(RuleKind::MaxHolders(10))];
		assert_noop!(Compliance::set_rules(RuntimeOrigin::signed(A), token, bounded(&rules)), Error::<Test>::NotAuthorized);
		assert_noop!(
			Compliance::set_rules(RuntimeOrigin::signed(STRANGER), token, bounded(&rules)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(set_rules(token + 1, rules.clone()), Error::<Test>::UnknownToken);
		assert_noop!(Compliance::set_exemptions(RuntimeOrigin::signed(B), token, bounded(&[])), Error::<Test>::NotAuthorized);
		assert_noop!(Compliance::set_trading_paused(RuntimeOrigin::signed(B), token, true), Error::<Test>::NotAuthorized);
		assert_noop!(
			Compliance::set_rules(RuntimeOrigin::none(), token, bounded(&rules)),
			polkadot_sdk::sp_runtime::DispatchError::BadOrigin
		);
		// An agent granted the compliance role may.
		assert_ok!(Token::grant_roles(
			RuntimeOrigin::signed(ISSUER),
			token,
			identity(D),
			pallet_security_token::Roles(pallet_security_token::Roles::COMPLIANCE_MANAGER)
		));
		assert_ok!(Compliance::set_rules(RuntimeOrigin::signed(D), token, bounded(&[rule(RuleKind::MaxHolders(3))])));
	});
}

#[test]
fn malformed_rules_are_refused_with_named_errors() {
	run_test(|| {
		let token = setup();
		let cases: Vec<(Vec<RuleOf<Test>>, Error<Test>)> = vec![
			(vec![rule(claims(Side::Both, Requirement::AllOf, &[]))], Error::EmptyList),
			(vec![rule(claims(Side::Both, Requirement::AllOf, &[ClaimTopic::Kyc, ClaimTopic::Kyc]))], Error::DuplicateEntry),
			(
				vec![rule(claims(Side::Receiver, Requirement::AnyOf, &[ClaimTopic::Jurisdiction(CountryCode(*b"de"))]))],
				Error::BadCountryCode,
			),
			(
				vec![rule(RuleKind::Claims {
					side: Side::Receiver,
					requirement: Requirement::AllOf,
					topics: topics(&[ClaimTopic::Aml]),
					issuers: IssuerSource::Only(BoundedVec::new()),
				})],
				Error::EmptyList,
			),
			(vec![rule(RuleKind::AllowJurisdictions(BoundedVec::new()))], Error::EmptyList),
			(vec![rule(RuleKind::BlockJurisdictions(countries(&[DE, DE])))], Error::DuplicateEntry),
			(vec![rule(RuleKind::AllowJurisdictions(countries(&[CountryCode(*b"D1")])))], Error::BadCountryCode),
			(vec![rule(RuleKind::AllowInvestorTypes(BoundedVec::new()))], Error::EmptyList),
			(vec![rule(RuleKind::MaxHolders(0))], Error::ZeroLimit),
			(vec![rule(RuleKind::MaxHoldersIn { class: HolderClass::Jurisdiction(DE), limit: 0 })], Error::ZeroLimit),
			(vec![rule(RuleKind::MaxBalance(0))], Error::ZeroLimit),
			(vec![rule(RuleKind::MaxOwnership(PARTS_PER_MILLION + 1))], Error::BadPercentage),
			(vec![rule(RuleKind::MaxOwnership(0))], Error::BadPercentage),
			(vec![Rule { partition: Some(3), kind: RuleKind::HoldingPeriod { until: START } }], Error::UnknownPartition),
			(vec![Rule { partition: Some(1), kind: RuleKind::MaxBalance(5) }], Error::PartitionScopeUnsupported),
			(vec![Rule { partition: Some(1), kind: RuleKind::VolumeLimit { window: 1, max: 5 } }], Error::PartitionScopeUnsupported),
			(vec![rule(RuleKind::TradingWindow(TradingWindow { days: 0, open: 0, close: 1 }))], Error::BadTradingWindow),
			(vec![rule(RuleKind::TradingWindow(TradingWindow { days: 1, open: 5, close: 5 }))], Error::BadTradingWindow),
			(
				vec![rule(RuleKind::TradingWindow(TradingWindow { days: 1, open: 0, close: DAY_MS as u32 }))],
				Error::BadTradingWindow,
			),
			(vec![rule(RuleKind::VolumeLimit { window: 0, max: 5 })], Error::BadVolumeWindow),
			(vec![rule(RuleKind::VolumeLimit { window: VOLUME_BUCKETS + 1, max: 5 })], Error::BadVolumeWindow),
			(vec![rule(RuleKind::VolumeLimit { window: 1, max: 0 })], Error::ZeroLimit),
			(
				vec![
					rule(RuleKind::AllowJurisdictions(countries(&[DE, FR]))),
					rule(RuleKind::BlockJurisdictions(countries(&[US, FR]))),
				],
				Error::ContradictoryRules,
			),
			(
				// 4 topics × 2 named issuers × both sides = 16 units, plus one more rule.
				vec![
					rule(RuleKind::Claims {
						side: Side::Both,
						requirement: Requirement::AllOf,
						topics: topics(&[ClaimTopic::Kyc, ClaimTopic::Aml, ClaimTopic::Retail, ClaimTopic::Custom(1)]),
						issuers: IssuerSource::Only(bounded(&[KYC_PROVIDER, ACCREDITOR])),
					}),
					rule(RuleKind::MaxHolders(5)),
				],
				Error::TooComplex,
			),
		];
		for (rules, error) in cases {
			assert_noop!(set_rules(token, rules.clone()), error);
		}
		assert_eq!(TokenSettings::<Test>::get(token), None);
	});
}

#[test]
fn exemptions_are_bounded_distinct_and_replaced() {
	run_test(|| {
		let token = setup();
		assert_noop!(
			Compliance::set_exemptions(RuntimeOrigin::signed(ISSUER), token, bounded(&[4, 4])),
			Error::<Test>::DuplicateEntry
		);
		assert_ok!(Compliance::set_exemptions(RuntimeOrigin::signed(ISSUER), token, bounded(&[ISSUER_ID, identity(B)])));
		assert_eq!(
			last_event(),
			RuntimeEvent::Compliance(Event::ExemptionsSet { token, exempt: bounded(&[ISSUER_ID, identity(B)]) })
		);
		assert_ok!(Compliance::set_exemptions(RuntimeOrigin::signed(ISSUER), token, bounded(&[])));
		// Nothing left set: the record is gone.
		assert_eq!(TokenSettings::<Test>::get(token), None);
	});
}

/// Lists longer than their bound do not decode: such a call is refused before dispatch, before
/// any element is looked at (the hardening review's defect 1: an unbounded exemption list was
/// checked for duplicates, quadratically, before its length).
#[test]
fn oversized_lists_do_not_decode() {
	use codec::{Decode, Encode};
	run_test(|| {
		let token = setup();
		let call = |exempt: Vec<IdentityId>| {
			let mut bytes = RuntimeCall::Compliance(crate::Call::set_exemptions { token, exempt: bounded(&[]) }).encode();
			bytes.truncate(bytes.len() - 1);
			bytes.extend(exempt.encode());
			bytes
		};
		let full: Vec<IdentityId> = (0..MAX_EXEMPTIONS as u64).collect();
		assert!(RuntimeCall::decode(&mut &call(full)[..]).is_ok());
		let over: Vec<IdentityId> = (0..=MAX_EXEMPTIONS as u64).collect();
		assert!(RuntimeCall::decode(&mut &call(over)[..]).is_err());
		// A length prefix of a million ids, with no ids after it: refused by the prefix alone.
		let mut prefix_only = call(Vec::new());
		prefix_only.truncate(prefix_only.len() - 1);
		prefix_only.extend(codec::Compact(1_000_000u32).encode());
		let error = RuntimeCall::decode(&mut &prefix_only[..]).expect_err("refused");
		assert!(error.to_string().contains("BoundedVec exceeds its limit"), "{error}");

		let rules = |count: u32| -> Vec<u8> {
			let mut bytes = RuntimeCall::Compliance(crate::Call::set_rules { token, rules: bounded(&[]) }).encode();
			bytes.truncate(bytes.len() - 1);
			let list: Vec<RuleOf<Test>> = (0..count).map(|_| rule(RuleKind::MaxHolders(1))).collect();
			bytes.extend(list.encode());
			bytes
		};
		assert!(RuntimeCall::decode(&mut &rules(MAX_RULES)[..]).is_ok());
		assert!(RuntimeCall::decode(&mut &rules(MAX_RULES + 1)[..]).is_err());
		// Nested lists too: a jurisdiction list one longer than `MaxCountriesPerRule`.
		let mut nested = RuntimeCall::Compliance(crate::Call::set_rules {
			token,
			rules: bounded(&[rule(RuleKind::AllowJurisdictions(countries(&[DE])))]),
		})
		.encode();
		let countries_at = nested.len() - 3;
		nested.truncate(countries_at);
		nested.extend(vec![DE; 5].encode());
		assert!(RuntimeCall::decode(&mut &nested[..]).is_err());
		let mut four = nested[..countries_at].to_vec();
		four.extend(vec![DE; 4].encode());
		assert!(RuntimeCall::decode(&mut &four[..]).is_ok());
	});
}

#[test]
fn trading_pause_stops_trading_only() {
	run_test(|| {
		let token = setup();
		assert_noop!(
			Compliance::set_trading_paused(RuntimeOrigin::signed(ISSUER), token, false),
			Error::<Test>::PauseUnchanged
		);
		assert_ok!(Compliance::set_trading_paused(RuntimeOrigin::signed(ISSUER), token, true));
		assert_eq!(last_event(), RuntimeEvent::Compliance(Event::TradingPauseSet { token, paused: true }));
		refused(token, A, B, 10, PAUSE_RULE, RuleFailure::TradingPaused);
		assert_eq!(TransferFailure::Compliance(PAUSE_RULE, RuleFailure::TradingPaused).status(), TransferStatus::TransfersHalted);
		// Issuance, redemption and forced transfers continue.
		assert_ok!(issue(token, B, 5));
		assert_ok!(Token::redeem(RuntimeOrigin::signed(A), token, 0, 1));
		assert_ok!(Token::controller_transfer(
			RuntimeOrigin::signed(ISSUER),
			token,
			0,
			A,
			C,
			1,
			polkadot_sdk::sp_core::H256::zero()
		));
		// An exempt sender trades.
		assert_ok!(Compliance::set_exemptions(RuntimeOrigin::signed(ISSUER), token, bounded(&[identity(A)])));
		assert_ok!(transfer(token, A, B, 1));
		assert_ok!(Compliance::set_trading_paused(RuntimeOrigin::signed(ISSUER), token, false));
		allowed(token, B, C, 1);
	});
}

// --- rule kinds ----------------------------------------------------------------------------

#[test]
fn receiver_claims_all_of_and_any_of() {
	run_test(|| {
		let token = setup();
		assert_ok!(set_rules(token, vec![rule(claims(Side::Receiver, Requirement::AllOf, &[ClaimTopic::Kyc, ClaimTopic::Aml]))]));
		refused(token, A, B, 10, 0, RuleFailure::ReceiverClaim(ClaimStatus::Missing));
		// Issuance is checked too: identity before ownership.
		assert_eq!(failure_of(issue(token, B, 10)), RuleFailure::ReceiverClaim(ClaimStatus::Missing));
		claim(B, ClaimTopic::Aml, None);
		allowed(token, A, B, 10);
		assert_ok!(set_rules(
			token,
			vec![rule(claims(Side::Receiver, Requirement::AnyOf, &[ClaimTopic::Accredited, ClaimTopic::Institutional]))]
		));
		refused(token, A, B, 10, 0, RuleFailure::ReceiverClaim(ClaimStatus::Missing));
		allowed(token, A, C, 10);
	});
}

#[test]
fn sender_claims_bind_trading_only() {
	run_test(|| {
		let token = setup();
		claim(B, ClaimTopic::Aml, None);
		assert_ok!(set_rules(token, vec![rule(claims(Side::Sender, Requirement::AllOf, &[ClaimTopic::Aml]))]));
		refused(token, A, B, 10, 0, RuleFailure::SenderClaim(ClaimStatus::Missing));
		assert_eq!(
			TransferFailure::Compliance(0, RuleFailure::SenderClaim(ClaimStatus::Missing)).status(),
			TransferStatus::InvalidSender
		);
		// Redemption and issuance are not trading: the sender rule does not apply.
		assert_ok!(Token::redeem(RuntimeOrigin::signed(A), token, 0, 1));
		assert_ok!(issue(token, C, 5));
		claim(A, ClaimTopic::Aml, None);
		allowed(token, A, B, 10);
		// B (with AML) sends on; C (without) receives: fine for a sender-only rule.
		allowed(token, B, C, 5);
	});
}

#[test]
fn a_claim_that_expires_between_two_transfers_refuses_the_second() {
	run_test(|| {
		let token = setup();
		claim(B, ClaimTopic::Aml, Some(START + HOUR));
		assert_ok!(set_rules(token, vec![rule(claims(Side::Receiver, Requirement::AllOf, &[ClaimTopic::Aml]))]));
		allowed(token, A, B, 10);
		Now::set(START + HOUR);
		refused(token, A, B, 10, 0, RuleFailure::ReceiverClaim(ClaimStatus::Expired));
		assert_eq!(
			Token::can_transfer(token, 0, A, B, 10).0,
			TransferStatus::InvalidData,
			"an expired claim is invalid data (0x57)"
		);
	});
}

#[test]
fn named_issuers_restrict_whose_claims_count() {
	run_test(|| {
		let token = setup();
		claim(B, ClaimTopic::Aml, None);
		// Only the accreditor's AML claims count: the KYC provider's does not.
		assert_ok!(set_rules(
			token,
			vec![rule(RuleKind::Claims {
				side: Side::Receiver,
				requirement: Requirement::AllOf,
				topics: topics(&[ClaimTopic::Aml]),
				issuers: IssuerSource::Only(bounded(&[ACCREDITOR])),
			})]
		));
		refused(token, A, B, 10, 0, RuleFailure::ReceiverClaim(ClaimStatus::Missing));
		assert_ok!(set_rules(
			token,
			vec![rule(RuleKind::Claims {
				side: Side::Receiver,
				requirement: Requirement::AllOf,
				topics: topics(&[ClaimTopic::Aml]),
				issuers: IssuerSource::Only(bounded(&[ACCREDITOR, KYC_PROVIDER])),
			})]
		));
		allowed(token, A, B, 10);
		let _ = Issuers::Trusted;
	});
}

#[test]
fn allowed_and_blocked_jurisdictions() {
	run_test(|| {
		let token = setup();
		investor(E, None, None);
		assert_ok!(set_rules(token, vec![rule(RuleKind::AllowJurisdictions(countries(&[DE, FR])))]));
		allowed(token, A, B, 10);
		refused(token, A, C, 10, 0, RuleFailure::JurisdictionNotAllowed);
		refused(token, A, E, 10, 0, RuleFailure::JurisdictionUnknown);
		assert_ok!(set_rules(token, vec![rule(RuleKind::BlockJurisdictions(countries(&[US])))]));
		refused(token, A, C, 10, 0, RuleFailure::JurisdictionBlocked);
		// No jurisdiction claim: a block list refuses too (fail-closed).
		refused(token, A, E, 10, 0, RuleFailure::JurisdictionUnknown);
		allowed(token, A, D, 10);
	});
}

#[test]
fn investor_types_per_partition() {
	run_test(|| {
		let token = setup();
		// Partition 1 ("restricted") is for accredited investors only; partition 0 is open.
		assert_ok!(set_rules(
			token,
			vec![Rule {
				partition: Some(1),
				kind: RuleKind::AllowInvestorTypes(bounded(&[InvestorType::Accredited, InvestorType::Institutional])),
			}]
		));
		allowed(token, A, B, 10);
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 1, C, 10, None));
		assert_eq!(
			failure_of(Token::issue(RuntimeOrigin::signed(ISSUER), token, 1, B, 10, None)),
			RuleFailure::InvestorTypeNotAllowed
		);
		assert_eq!(
			failure_of(Token::issue(RuntimeOrigin::signed(ISSUER), token, 1, D, 10, None)),
			RuleFailure::InvestorTypeNotAllowed,
			"no investor type is not allowed"
		);
		// Reclassifying B's tokens into the accredited partition is refused too.
		assert_eq!(
			failure_of(Token::reclassify(RuntimeOrigin::signed(ISSUER), token, 0, 1, B, 5)),
			RuleFailure::InvestorTypeNotAllowed
		);
		assert_ok!(Token::reclassify(RuntimeOrigin::signed(ISSUER), token, 0, 1, A, 5));
	});
}

#[test]
fn max_holders_counts_identities_not_wallets() {
	run_test(|| {
		let token = setup();
		link_second_wallet();
		assert_ok!(set_rules(token, vec![rule(RuleKind::MaxHolders(2))]));
		// A's second wallet is the same holder.
		allowed(token, A, A2, 10);
		allowed(token, A, B, 10);
		refused(token, A, C, 10, 0, RuleFailure::MaxHolders);
		// A holder that leaves frees its place in the same movement.
		allowed(token, B, C, 10);
		assert_eq!(pallet_security_token::Tokens::<Test>::get(token).unwrap().holder_count, 2);
		// Issuance to a new holder counts as well.
		assert_eq!(failure_of(issue(token, D, 1)), RuleFailure::MaxHolders);
	});
}

#[test]
fn max_holders_per_jurisdiction_and_investor_type() {
	run_test(|| {
		let token = setup();
		assert_eq!(HolderCounts::<Test>::get(token, HolderClass::Jurisdiction(DE)), 1);
		assert_eq!(HolderCounts::<Test>::get(token, HolderClass::InvestorType(InvestorType::Accredited)), 1);
		assert_ok!(set_rules(
			token,
			vec![
				rule(RuleKind::MaxHoldersIn { class: HolderClass::Jurisdiction(DE), limit: 1 }),
				rule(RuleKind::MaxHoldersIn { class: HolderClass::InvestorType(InvestorType::Accredited), limit: 2 }),
			]
		));
		refused(token, A, D, 10, 0, RuleFailure::MaxHoldersInClass);
		allowed(token, A, C, 10);
		allowed(token, A, B, 10);
		assert_eq!(Compliance::holders_in(token, HolderClass::InvestorType(InvestorType::Accredited)), 2);
		// A (DE) leaves while D (DE) joins: the slot passes on.
		allowed(token, A, D, 80);
		assert_eq!(HolderCounts::<Test>::get(token, HolderClass::Jurisdiction(DE)), 1);
		assert_eq!(HolderClasses::<Test>::get(token, identity(A)), None);
		assert_eq!(
			HolderClasses::<Test>::get(token, identity(D)),
			Some(Classification { jurisdiction: Some(DE), investor_type: None })
		);
	});
}

#[test]
fn holder_classes_are_those_at_entry() {
	run_test(|| {
		let token = setup();
		// B becomes a holder as FR; its jurisdiction claim then changes to DE.
		assert_ok!(transfer(token, A, B, 10));
		claim(B, ClaimTopic::Jurisdiction(DE), None);
		assert_eq!(HolderCounts::<Test>::get(token, HolderClass::Jurisdiction(FR)), 1);
		// When B leaves it is uncounted from FR, where it was counted.
		assert_ok!(transfer(token, B, A, 10));
		assert_eq!(HolderCounts::<Test>::get(token, HolderClass::Jurisdiction(FR)), 0);
		assert_eq!(HolderCounts::<Test>::get(token, HolderClass::Jurisdiction(DE)), 1);
	});
}

#[test]
fn max_balance_sums_every_wallet_of_the_identity() {
	run_test(|| {
		let token = setup();
		link_second_wallet();
		assert_ok!(transfer(token, A, B, 60));
		// B holds 60, A's identity 40 over its first wallet.
		assert_ok!(set_rules(token, vec![rule(RuleKind::MaxBalance(70))]));
		assert_ok!(issue(token, A2, 30));
		// A's identity holds 70 now: 40 + 30. Each wallet is below the limit; the sum is at it.
		assert_eq!(Token::identity_balance(token, identity(A)), 70);
		refused(token, B, A2, 1, 0, RuleFailure::MaxBalance);
		refused(token, B, A, 1, 0, RuleFailure::MaxBalance);
		// Moving between A's own wallets is not a new position.
		allowed(token, A, A2, 10);
		allowed(token, A, B, 10);
		assert_eq!(failure_of(issue(token, B, 1)), RuleFailure::MaxBalance);
	});
}

#[test]
fn max_ownership_share_of_supply() {
	run_test(|| {
		let token = setup();
		// 30 % of the supply (100) at most.
		assert_ok!(set_rules(token, vec![rule(RuleKind::MaxOwnership(300_000))]));
		allowed(token, A, B, 30);
		refused(token, A, B, 1, 0, RuleFailure::MaxOwnership);
		// Issuance grows the supply it is measured against: 50 of 150 > 30 %, 40 of 140 ≤ 30 %.
		assert_eq!(failure_of(issue(token, C, 50)), RuleFailure::MaxOwnership);
		assert_ok!(issue(token, C, 40));
		// Grandfathered: A holds 70 % and may still sell.
		allowed(token, A, D, 10);
	});
}

#[test]
fn holding_period_per_partition() {
	run_test(|| {
		let token = setup();
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 1, A, 50, None));
		assert_ok!(set_rules(token, vec![Rule { partition: Some(1), kind: RuleKind::HoldingPeriod { until: START + HOUR } }]));
		// Partition 0 trades; partition 1 is held.
		allowed(token, A, B, 10);
		let held = Token::transfer_by_partition(RuntimeOrigin::signed(A), token, 1, B, 10, None);
		assert_eq!(failure_of(held), RuleFailure::HoldingPeriod);
		assert_eq!(TransferFailure::Compliance(0, RuleFailure::HoldingPeriod).status(), TransferStatus::TransfersHalted);
		Now::set(START + HOUR);
		assert_ok!(Token::transfer_by_partition(RuntimeOrigin::signed(A), token, 1, B, 10, None));
	});
}

#[test]
fn trading_window_weekdays_and_hours() {
	run_test(|| {
		let token = setup();
		// Monday to Friday, 09:00 to 17:00 UTC. START is Monday 12:00.
		let window = TradingWindow { days: 0b001_1111, open: 9 * HOUR as u32, close: 17 * HOUR as u32 };
		assert_ok!(set_rules(token, vec![rule(RuleKind::TradingWindow(window))]));
		allowed(token, A, B, 1);
		Now::set(START + 6 * HOUR); // Monday 18:00
		refused(token, A, B, 1, 0, RuleFailure::TradingWindowClosed);
		Now::set(START + 5 * 24 * HOUR); // Saturday 12:00
		refused(token, A, B, 1, 0, RuleFailure::TradingWindowClosed);
		Now::set(START + 7 * 24 * HOUR - 3 * HOUR); // Monday 09:00
		allowed(token, A, B, 1);
	});
}

#[test]
fn trading_window_across_midnight() {
	let window = TradingWindow { days: 0b000_0001, open: 22 * HOUR as u32, close: 2 * HOUR as u32 };
	assert!(window.is_open(START + 10 * HOUR)); // Monday 22:00
	assert!(window.is_open(START + 13 * HOUR)); // Tuesday 01:00, the Monday session
	assert!(!window.is_open(START + 14 * HOUR)); // Tuesday 02:00
	assert!(!window.is_open(START - 11 * HOUR)); // Monday 01:00, Sunday's session: closed
	assert!(!window.is_open(START)); // Monday 12:00
}

#[test]
fn volume_limit_over_a_rolling_window() {
	run_test(|| {
		let token = setup();
		link_second_wallet();
		assert_ok!(transfer(token, A, A2, 50));
		// At most 30 per identity within 3 hours, over all its wallets.
		assert_ok!(set_rules(token, vec![rule(RuleKind::VolumeLimit { window: 3, max: 30 })]));
		allowed(token, A, B, 20);
		refused(token, A2, B, 11, 0, RuleFailure::VolumeLimit);
		allowed(token, A2, C, 10);
		assert_eq!(Compliance::volume_sent(token, identity(A), 3), 30);
		// Own-wallet moves and incoming tokens do not count.
		allowed(token, A2, A, 5);
		Now::set(START + 2 * HOUR);
		refused(token, A, B, 1, 0, RuleFailure::VolumeLimit);
		// Three hours later the first bucket has left the window.
		Now::set(START + 3 * HOUR);
		allowed(token, A, B, 30);
		refused(token, A, B, 1, 0, RuleFailure::VolumeLimit);
		Now::set(START + 100 * HOUR);
		assert_eq!(Compliance::volume_sent(token, identity(A), 3), 0);
		allowed(token, A2, B, 30);
	});
}

#[test]
fn volume_counter_ring() {
	let mut counter = VolumeCounter::<ConstU32<4>>::default();
	counter.record(10, 5);
	counter.record(11, 7);
	assert_eq!(counter.sent_within(11, 1), 7);
	assert_eq!(counter.sent_within(11, 2), 12);
	assert_eq!(counter.sent_within(13, 3), 7);
	assert_eq!(counter.sent_within(14, 4), 7);
	assert_eq!(counter.sent_within(15, 4), 0);
	counter.record(20, 1);
	assert_eq!(counter.sent_within(20, 4), 1, "stale buckets are cleared");
	assert!(!counter.is_stale(20));
	assert!(counter.is_stale(24));
}

/// Defect 8 (compliance part) of the hardening review: volume counters were never removed.
/// Anyone removes those no rule reads any more: stale ones (every bucket older than the
/// longest window) while the token limits volumes, every one once it does not.
#[test]
fn volume_counters_no_rule_reads_are_pruned_by_anyone() {
	use crate::weights::WeightInfo;
	run_test(|| {
		let token = setup();
		assert_ok!(set_rules(token, vec![rule(RuleKind::VolumeLimit { window: 3, max: 1_000 })]));
		assert_ok!(transfer(token, A, B, 50));
		Now::set(START + 10 * HOUR);
		assert_ok!(transfer(token, B, C, 5));
		assert!(Volumes::<Test>::contains_key(token, identity(A)) && Volumes::<Test>::contains_key(token, identity(B)));
		// Within the ring both are kept.
		assert_ok!(Compliance::prune_volumes(RuntimeOrigin::signed(STRANGER), token, None, 10));
		assert_eq!(last_event(), RuntimeEvent::Compliance(Event::VolumesPruned { token, removed: bounded(&[]), next: None }));
		assert_eq!(Volumes::<Test>::iter_prefix(token).count(), 2);
		// A day after A's transfer its counter holds nothing any window can reach.
		Now::set(START + VOLUME_BUCKETS as u64 * HOUR);
		let info = Compliance::prune_volumes(RuntimeOrigin::signed(STRANGER), token, None, 10).expect("pruned");
		// The weight declared for 10 (at most MAX_VOLUME_PRUNE) is refunded to the two examined.
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::prune_volumes(2)));
		// The event names the counter removed, so an indexer of the statistics follows.
		assert_eq!(
			last_event(),
			RuntimeEvent::Compliance(Event::VolumesPruned { token, removed: bounded(&[identity(A)]), next: None })
		);
		assert!(!Volumes::<Test>::contains_key(token, identity(A)));
		assert_eq!(Compliance::volume_sent(token, identity(B), 24), 5);
		// Once the token stops limiting volumes, every counter goes.
		assert_ok!(set_rules(token, vec![rule(RuleKind::MaxHolders(50))]));
		assert_ok!(Compliance::prune_volumes(RuntimeOrigin::signed(A), token, None, 10));
		assert_eq!(Volumes::<Test>::iter().count(), 0);
		assert_noop!(
			Compliance::prune_volumes(RuntimeOrigin::none(), token, None, 10),
			polkadot_sdk::sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn volume_counters_are_pruned_page_by_page() {
	run_test(|| {
		let token = setup();
		let stale = || {
			let mut counter = VolumeCounter::<ConstU32<VOLUME_BUCKETS>>::default();
			counter.record(START / HOUR - VOLUME_BUCKETS as u64, 1);
			counter
		};
		for identity in 100..106 {
			Volumes::<Test>::insert(token, identity, stale());
		}
		Volumes::<Test>::insert(token + 1, 100, stale());
		// A page is at most MAX_VOLUME_PRUNE (4) counters, whatever the limit asked.
		assert_ok!(Compliance::prune_volumes(RuntimeOrigin::signed(STRANGER), token, None, 100));
		let RuntimeEvent::Compliance(Event::VolumesPruned { removed, next: Some(next), .. }) = last_event() else {
			panic!("a full page: {:?}", last_event())
		};
		assert_eq!(removed.len(), 4);
		assert!(removed.iter().all(|identity| (100..106).contains(identity) && !Volumes::<Test>::contains_key(token, identity)));
		assert_eq!(Volumes::<Test>::iter_prefix(token).count(), 2);
		// A limit of zero examines nothing and keeps the cursor.
		assert_ok!(Compliance::prune_volumes(RuntimeOrigin::signed(STRANGER), token, Some(next), 0));
		assert_eq!(last_event(), RuntimeEvent::Compliance(Event::VolumesPruned { token, removed: bounded(&[]), next: Some(next) }));
		let left: Vec<IdentityId> = Volumes::<Test>::iter_key_prefix(token).collect();
		assert_ok!(Compliance::prune_volumes(RuntimeOrigin::signed(STRANGER), token, Some(next), 4));
		assert_eq!(last_event(), RuntimeEvent::Compliance(Event::VolumesPruned { token, removed: bounded(&left), next: None }));
		assert_eq!(Volumes::<Test>::iter_prefix(token).count(), 0);
		// Another token's counters are not touched.
		assert!(Volumes::<Test>::contains_key(token + 1, 100));
		Volumes::<Test>::remove(token + 1, 100);
	});
}

#[test]
fn exempt_identities_skip_their_side() {
	run_test(|| {
		let token = setup();
		assert_ok!(set_rules(
			token,
			vec![
				rule(RuleKind::BlockJurisdictions(countries(&[US]))),
				rule(claims(Side::Both, Requirement::AllOf, &[ClaimTopic::Aml])),
				rule(RuleKind::MaxBalance(50)),
			]
		));
		refused(token, A, C, 10, 0, RuleFailure::JurisdictionBlocked);
		assert_ok!(Compliance::set_exemptions(RuntimeOrigin::signed(ISSUER), token, bounded(&[identity(A), identity(C)])));
		allowed(token, A, C, 60);
		let report = Compliance::transfer_report(token, 0, A, C, 1).unwrap();
		assert!(report.iter().skip(1).all(|line| line.outcome == RuleOutcome::Exempt), "{report:?}");
		// C exempt, B not: C sends, B's side is checked.
		refused(token, C, B, 1, 1, RuleFailure::ReceiverClaim(ClaimStatus::Missing));
	});
}

#[test]
fn controller_transfers_keep_receiver_rules_but_skip_trading_restrictions() {
	run_test(|| {
		let token = setup();
		assert_ok!(set_rules(
			token,
			vec![
				rule(RuleKind::HoldingPeriod { until: START + HOUR }),
				rule(RuleKind::BlockJurisdictions(countries(&[US]))),
			]
		));
		let force = |to| {
			Token::controller_transfer(RuntimeOrigin::signed(ISSUER), token, 0, A, to, 10, polkadot_sdk::sp_core::H256::zero())
		};
		assert_ok!(force(B));
		assert_eq!(failure_of(force(C)), RuleFailure::JurisdictionBlocked);
	});
}

// --- report --------------------------------------------------------------------------------

#[test]
fn report_lists_every_rule_not_only_the_first_failure() {
	run_test(|| {
		let token = setup();
		Now::set(START + 6 * HOUR); // Monday 18:00
		assert_ok!(set_rules(
			token,
			vec![
				rule(RuleKind::BlockJurisdictions(countries(&[US]))),
				rule(RuleKind::MaxHolders(10)),
				rule(RuleKind::MaxBalance(5)),
				Rule { partition: Some(1), kind: RuleKind::HoldingPeriod { until: u64::MAX } },
				rule(RuleKind::TradingWindow(TradingWindow { days: TradingWindow::ALL_DAYS, open: 0, close: 17 * HOUR as u32 })),
			]
		));
		let report = Compliance::transfer_report(token, 0, A, C, 10).unwrap();
		assert_eq!(
			report,
			vec![
				RuleReport { rule: PAUSE_RULE, outcome: RuleOutcome::Pass },
				RuleReport { rule: 0, outcome: RuleOutcome::Fail(RuleFailure::JurisdictionBlocked) },
				RuleReport { rule: 1, outcome: RuleOutcome::Pass },
				RuleReport { rule: 2, outcome: RuleOutcome::Fail(RuleFailure::MaxBalance) },
				RuleReport { rule: 3, outcome: RuleOutcome::NotApplicable },
				RuleReport { rule: 4, outcome: RuleOutcome::Fail(RuleFailure::TradingWindowClosed) },
			]
		);
		// can_transfer names the first of them.
		assert_eq!(
			Token::can_transfer(token, 0, A, C, 10).1,
			Some(TransferFailure::Compliance(0, RuleFailure::JurisdictionBlocked))
		);
		// The view function answers the same.
		assert_eq!(Compliance::report(token, 0, A, C, 10), Ok(report));
		// Undescribable transfers say why.
		assert_eq!(Compliance::transfer_report(token, 0, A, STRANGER, 1), Err(TransferFailure::ReceiverNoIdentity));
		assert_eq!(Compliance::transfer_report(token, 7, A, B, 1), Err(TransferFailure::UnknownPartition));
		assert_eq!(Compliance::transfer_report(99, 0, A, B, 1), Err(TransferFailure::UnknownToken));
	});
}

#[test]
fn report_evaluates_rules_even_when_the_token_refuses() {
	run_test(|| {
		let token = setup();
		investor(E, Some(US), None);
		assert_ok!(Identity::revoke_claim(
			RuntimeOrigin::signed(KYC_WALLET),
			identity(E),
			ClaimTopic::Kyc,
			sto_primitives::identity::ClaimScope::Global,
			KYC_PROVIDER
		));
		assert_ok!(set_rules(token, vec![rule(RuleKind::BlockJurisdictions(countries(&[US])))]));
		// The token refuses first (no KYC), the report still shows the jurisdiction rule.
		assert!(matches!(
			Token::can_transfer(token, 0, A, E, 1).1,
			Some(TransferFailure::ReceiverNotVerified(_))
		));
		let report = Compliance::transfer_report(token, 0, A, E, 1).unwrap();
		assert_eq!(report[1].outcome, RuleOutcome::Fail(RuleFailure::JurisdictionBlocked));
	});
}

// --- weights -------------------------------------------------------------------------------

#[test]
fn movement_weight_follows_the_rules_and_is_bounded() {
	run_test(|| {
		let token = setup();
		// Without rules: the fixed part (the statistics are kept for every token).
		assert_eq!(<Compliance as ComplianceHook<_, _, _>>::movement_weight(token), Compliance::fixed_weight());
		let rules = vec![
			rule(claims(Side::Both, Requirement::AllOf, &[ClaimTopic::Kyc, ClaimTopic::Aml])),
			rule(RuleKind::AllowJurisdictions(countries(&[DE, FR]))),
			rule(RuleKind::MaxHolders(50)),
			rule(RuleKind::MaxBalance(1_000)),
		];
		assert_ok!(set_rules(token, rules.clone()));
		let weight = <Compliance as ComplianceHook<_, _, _>>::movement_weight(token);
		assert_eq!(weight, Compliance::rules_weight(&rules));
		assert!(weight.all_gt(Weight::zero()));
		let max = <Compliance as ComplianceHook<_, _, _>>::max_movement_weight();
		assert!(weight.all_lte(max));
		// The heaviest sets the bounds allow stay within the declared maximum.
		let heavy_claims = vec![rule(RuleKind::Claims {
			side: Side::Both,
			requirement: Requirement::AllOf,
			topics: topics(&[ClaimTopic::Kyc, ClaimTopic::Aml, ClaimTopic::Retail, ClaimTopic::Custom(1)]),
			issuers: IssuerSource::Only(bounded(&[KYC_PROVIDER, ACCREDITOR])),
		})];
		assert_ok!(set_rules(token, heavy_claims.clone()));
		assert!(Compliance::rules_weight(&heavy_claims).all_lte(max));
		let heavy_stats: Vec<_> =
			(0..MAX_RULES).map(|_| rule(RuleKind::VolumeLimit { window: 1, max: 1_000 })).collect();
		assert_ok!(set_rules(token, heavy_stats.clone()));
		assert!(Compliance::rules_weight(&heavy_stats).all_lte(max));
	});
}

#[test]
fn the_hooks_fixed_part_is_charged_once_per_movement() {
	use crate::weights::WeightInfo;
	let hook = <() as WeightInfo>::rule_arithmetic(0);
	let fixed = Compliance::fixed_weight();
	let kyc_aml = rule(claims(Side::Both, Requirement::AllOf, &[ClaimTopic::Kyc, ClaimTopic::Aml]));
	let allow = rule(RuleKind::AllowJurisdictions(countries(&[DE, FR])));
	let holders = rule(RuleKind::MaxHolders(50));
	let balance = rule(RuleKind::MaxBalance(1_000));
	// No rule: the fixed part alone, the statistics at their worst.
	assert_eq!(Compliance::rules_weight(&[]), fixed);
	assert!(fixed.all_gte(<() as WeightInfo>::hook_statistics()) && fixed.all_gte(hook));
	// One rule: the fixed part and what its benchmark adds to the fixed part it carries.
	let allow_part = <() as WeightInfo>::rule_jurisdiction() - hook;
	assert_eq!(Compliance::rules_weight(&[allow.clone()]), fixed + allow_part);
	assert!(Compliance::rules_weight(&[holders.clone()]).all_gte(<() as WeightInfo>::rule_arithmetic(1)));
	// Four rules: the fixed part once, then what each rule adds to it.
	let set = [kyc_aml.clone(), allow, holders, balance];
	let claims_part = <() as WeightInfo>::rule_claims(kyc_aml.complexity()) - hook;
	let computing_part = <() as WeightInfo>::rule_arithmetic(1) - hook;
	assert_eq!(Compliance::rules_weight(&set), fixed + claims_part + allow_part + computing_part + computing_part);
	// Less than the four rules' benchmarks added up (each of which carries the fixed part).
	let summed = <() as WeightInfo>::rule_claims(kyc_aml.complexity()) +
		<() as WeightInfo>::rule_jurisdiction() +
		<() as WeightInfo>::rule_arithmetic(1) * 2;
	assert!(Compliance::rules_weight(&set).all_lt(summed));
	assert!(hook.all_gt(Weight::zero()));
}

/// Defect 5 (compliance part) of the hardening review: the hook writes holder statistics on
/// every movement of every token (a sender leaving, a receiver with a jurisdiction and an
/// investor type joining), yet a token without rules was charged nothing for it.
#[test]
fn a_movement_of_a_token_without_rules_is_charged_its_statistics() {
	use crate::weights::WeightInfo;
	run_test(|| {
		let token = setup();
		let statistics = <() as WeightInfo>::hook_statistics();
		assert!(statistics.all_gt(Weight::zero()));
		assert_eq!(TokenSettings::<Test>::get(token), None, "no rules");
		let charged = <Compliance as ComplianceHook<_, _, _>>::movement_weight(token);
		assert!(charged.all_gte(statistics), "a movement of a token without rules pays the statistics");
		assert!(<Compliance as ComplianceHook<_, _, _>>::max_movement_weight().all_gte(charged));
		// The worst case itself: A leaves (DE, accredited), C joins (US, accredited); the
		// transfer's refund stops at its benchmark plus the statistics.
		let info = transfer(token, A, C, 100).expect("transfer");
		assert_eq!(HolderClasses::<Test>::get(token, identity(A)), None);
		assert_eq!(HolderClasses::<Test>::get(token, identity(C)).map(|c| c.classes().count()), Some(2));
		let base = <() as pallet_security_token::WeightInfo>::transfer_by_partition();
		assert!(info.actual_weight.expect("refunded").all_gte(base + statistics));
		// A token whose rules were all removed keeps its (empty) record: the same charge.
		assert_ok!(set_rules(token, vec![rule(RuleKind::MaxHolders(50))]));
		assert_ok!(set_rules(token, vec![]));
		assert_eq!(<Compliance as ComplianceHook<_, _, _>>::movement_weight(token), charged);
		// With rules, the statistics are still covered.
		assert_ok!(set_rules(token, vec![rule(RuleKind::MaxHolders(50))]));
		assert!(<Compliance as ComplianceHook<_, _, _>>::movement_weight(token).all_gte(statistics));
	});
}

#[test]
fn movement_calls_refund_to_the_rules_weight() {
	run_test(|| {
		let token = setup();
		assert_ok!(set_rules(token, vec![rule(RuleKind::MaxHolders(50))]));
		let info = transfer(token, A, B, 1).expect("transfer");
		let expected = <() as pallet_security_token::WeightInfo>::transfer_by_partition()
			.saturating_add(Compliance::rules_weight(&[rule(RuleKind::MaxHolders(50))]));
		assert_eq!(info.actual_weight, Some(expected));
	});
}

// --- statistics ----------------------------------------------------------------------------

#[test]
fn statistics_follow_every_kind_of_movement() {
	run_test(|| {
		let token = setup();
		assert_ok!(issue(token, B, 10));
		assert_ok!(Token::controller_transfer(
			RuntimeOrigin::signed(ISSUER),
			token,
			0,
			B,
			C,
			10,
			polkadot_sdk::sp_core::H256::zero()
		));
		assert_eq!(HolderCounts::<Test>::get(token, HolderClass::Jurisdiction(FR)), 0);
		assert_eq!(HolderCounts::<Test>::get(token, HolderClass::Jurisdiction(US)), 1);
		assert_ok!(Token::redeem(RuntimeOrigin::signed(C), token, 0, 10));
		assert_eq!(HolderCounts::<Test>::get(token, HolderClass::Jurisdiction(US)), 0);
		assert_eq!(HolderCounts::<Test>::iter_prefix(token).count(), 2, "A's DE and accredited only");
		// No volume is kept for a token without a volume rule.
		assert_eq!(Volumes::<Test>::iter().count(), 0);
	});
}

#[test]
fn allow_and_block_of_different_partitions_do_not_contradict() {
	run_test(|| {
		let token = setup();
		let scoped = |partition, kind| Rule { partition: Some(partition), kind };
		assert_ok!(set_rules(
			token,
			vec![
				scoped(0, RuleKind::AllowJurisdictions(countries(&[DE, US]))),
				scoped(1, RuleKind::BlockJurisdictions(countries(&[US]))),
			]
		));
		allowed(token, A, C, 10);
		assert_eq!(
			failure_of(Token::issue(RuntimeOrigin::signed(ISSUER), token, 1, C, 10, None)),
			RuleFailure::JurisdictionBlocked
		);
		// The same pair where one rule covers every partition contradicts.
		assert_noop!(
			set_rules(
				token,
				vec![
					scoped(0, RuleKind::AllowJurisdictions(countries(&[DE, US]))),
					rule(RuleKind::BlockJurisdictions(countries(&[US]))),
				]
			),
			Error::<Test>::ContradictoryRules
		);
	});
}

// --- genesis ------------------------------------------------------------------------------------

/// A chain spec's genesis on the mock: the mock's identities, KYC, AML and DE for A and B
/// (KYC only for each of `kyc_only`), token 0 ("GEN", active, of the issuer) holding
/// `holdings` in partition 0, and `rules` for it.
fn genesis_ext(kyc_only: &[u64], holdings: &[(u64, TokenBalance)], rules: Vec<RuleOf<Test>>) -> polkadot_sdk::sp_io::TestExternalities {
	use crate as pallet_compliance;
	use sto_primitives::identity::IdentityKind;
	// Identities 1 (KYC provider), 2 (accreditor), 3 (issuer), then A..F as 4..9.
	let accounts = [KYC_WALLET, ACCREDITOR_WALLET, ISSUER, A, B, C, D, E, F];
	let id_of = |account: u64| accounts.iter().position(|a| *a == account).expect("a mock account") as IdentityId + 1;
	let rights = pallet_security_token::PartitionRights { voting: true, dividends: true, transferable: true };
	let mut genesis = Genesis::default()
		.fund([ISSUER, A, B], 1_000)
		.identities([KYC_WALLET, ACCREDITOR_WALLET], IdentityKind::NaturalPerson)
		.identity(ISSUER, IdentityKind::Issuer)
		.identities([A, B, C, D, E, F], IdentityKind::NaturalPerson)
		.trusted_issuer(KYC_PROVIDER, &sto_test_support::KYC_CLASSES)
		.registrar(KYC_PROVIDER)
		.claim(ISSUER_ID, ClaimTopic::Kyc, KYC_PROVIDER)
		.token(pallet_security_token::GenesisToken {
			owner: ISSUER,
			symbol: b"GEN".to_vec(),
			name: b"Genesis".to_vec(),
			decimals: 0,
			granularity: 1,
			instrument: pallet_security_token::InstrumentType::Equity,
			supply_cap: None,
			controllable: true,
			partitions: vec![(b"common".to_vec(), rights)],
			status: pallet_security_token::TokenStatus::Active,
			holdings: holdings.iter().map(|(account, amount)| (*account, 0, *amount)).collect(),
		})
		.rules(0, rules);
	for account in [A, B] {
		for topic in [ClaimTopic::Kyc, ClaimTopic::Aml, ClaimTopic::Jurisdiction(DE)] {
			genesis = genesis.claim(id_of(account), topic, KYC_PROVIDER);
		}
	}
	for account in kyc_only {
		genesis = genesis.claim(id_of(*account), ClaimTopic::Kyc, KYC_PROVIDER);
	}
	let storage = sto_test_support::build_storage!(Test, genesis, identity_registry, security_token, compliance);
	let mut ext = polkadot_sdk::sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(START);
	});
	ext
}

/// KYC and AML on both sides, DE or FR, at most 10 holders, at most 1,000 each.
fn typical_genesis_rules() -> Vec<RuleOf<Test>> {
	vec![
		rule(claims(Side::Both, Requirement::AllOf, &[ClaimTopic::Kyc, ClaimTopic::Aml])),
		rule(RuleKind::AllowJurisdictions(countries(&[DE, FR]))),
		rule(RuleKind::MaxHolders(10)),
		rule(RuleKind::MaxBalance(1_000)),
	]
}

#[test]
fn genesis_rules_govern_a_token_whose_holders_meet_them() {
	genesis_ext(&[], &[(A, 100), (B, 50)], typical_genesis_rules()).execute_with(|| {
		let settings = TokenSettings::<Test>::get(0).expect("rules set at genesis");
		assert_eq!((settings.rules.len(), settings.version), (4, 1));
		// The genesis issuances were counted by the hook.
		assert_eq!(HolderCounts::<Test>::get(0, HolderClass::Jurisdiction(DE)), 2);
		check_invariants();
		// Compliant holders trade from the first block; the rules refuse the rest.
		assert_ok!(transfer(0, A, B, 10));
		assert!(transfer(0, A, C, 10).is_err(), "C has no claims");
		assert!(transfer(0, B, A, 950).is_err(), "above the maximum balance");
		check_invariants();
	});
}

#[test]
#[should_panic(expected = "compliance genesis: token 0: the holding of 10 in partition 0 by Some((3, 6)) (account, identity) breaks rule 0: ReceiverClaim(Missing)")]
fn genesis_refuses_rules_a_holder_does_not_meet() {
	// C (account 3, identity 6) is verified (KYC), so the token issued to it at its genesis,
	// before the rules existed; it lacks the AML claim the rules require.
	genesis_ext(&[C], &[(A, 100), (C, 10)], typical_genesis_rules());
}

#[test]
#[should_panic(expected = "compliance genesis: token 0: the holding of 1200 in partition 0 by Some((1, 4)) (account, identity) breaks rule 3: MaxBalance")]
fn genesis_refuses_a_holding_above_a_genesis_limit() {
	genesis_ext(&[], &[(A, 1_200), (B, 50)], typical_genesis_rules());
}

#[test]
#[should_panic(expected = "compliance genesis: rules of token 0: Module(ModuleError { index: 4, error: [9, 0, 0, 0], message: Some(\"ZeroLimit\") })")]
fn genesis_refuses_a_malformed_rule() {
	genesis_ext(&[], &[(A, 100)], vec![rule(RuleKind::MaxHolders(0))]);
}

// --- Token-scoped claims cannot rewrite another token's view (hardening, defect 2) ---------

/// A token created by `owner` (who, as its owner, manages its compliance and so names its own
/// trusted issuers): the attacker's vehicle in the scenarios below.
fn token_created_by(owner: u64) -> TokenId {
	let token = pallet_security_token::NextTokenId::<Test>::get();
	let rights = pallet_security_token::PartitionRights { voting: true, dividends: true, transferable: true };
	assert_ok!(Token::create_token(
		RuntimeOrigin::signed(owner),
		pallet_security_token::TokenTerms {
			symbol: bounded(format!("ATK{token}").as_bytes()),
			name: bounded(b"Attacker"),
			decimals: 0,
			granularity: 1,
			instrument: pallet_security_token::InstrumentType::Equity,
			underlying: pallet_security_token::Underlying { numerator: 1, denominator: 1, unit: polkadot_sdk::sp_core::H256::zero() },
			identifiers: BoundedVec::new(),
			supply_cap: None,
			controllable: true,
			default_partition: bounded(b"common"),
			rights,
		},
	));
	token
}

/// `attacker` creates its own token and names itself that token's trusted issuer for
/// `classes`; returns the token.
fn attacker_issues_for_own_token(attacker: u64, classes: &[sto_primitives::identity::TopicClass]) -> TokenId {
	let own = token_created_by(attacker);
	for class in classes {
		assert_ok!(Identity::set_token_issuers(
			RuntimeOrigin::signed(attacker),
			own,
			*class,
			bounded(&[identity(attacker)])
		));
	}
	own
}

/// `issuer_wallet` adds a claim about `subject`'s identity scoped to `token`.
fn token_claim(issuer_wallet: u64, subject: u64, topic: ClaimTopic, token: TokenId) {
	assert_ok!(Identity::add_claim(
		RuntimeOrigin::signed(issuer_wallet),
		identity(subject),
		topic,
		sto_primitives::identity::ClaimScope::Token(token),
		None,
		polkadot_sdk::sp_core::H256::repeat_byte(0xA7),
	));
}

/// Attack (a): C (US) is blocked by the victim token's block list; C creates a token of its own,
/// names itself that token's jurisdiction issuer and attests itself a token-scoped
/// jurisdiction. That made C jurisdiction-less chain-wide, and a block list let it in.
#[test]
fn attack_a_own_token_scoped_jurisdiction_does_not_pass_a_block_list() {
	run_test(|| {
		let token = setup();
		assert_ok!(set_rules(token, vec![rule(RuleKind::BlockJurisdictions(countries(&[US])))]));
		refused(token, A, C, 10, 0, RuleFailure::JurisdictionBlocked);
		let own = attacker_issues_for_own_token(C, &[sto_primitives::identity::TopicClass::Jurisdiction]);
		token_claim(C, C, ClaimTopic::Jurisdiction(FR), own);
		refused(token, A, C, 10, 0, RuleFailure::JurisdictionBlocked);
	});
}

/// Attack (a), class counts: with one US holder already in, a second US investor escaped the
/// `MaxHoldersIn(US, 1)` count the same way.
#[test]
fn attack_a_own_token_scoped_jurisdiction_does_not_escape_class_counts() {
	run_test(|| {
		let token = setup();
		investor(E, Some(US), None);
		assert_ok!(issue(token, E, 10));
		assert_ok!(set_rules(
			token,
			vec![rule(RuleKind::MaxHoldersIn { class: HolderClass::Jurisdiction(US), limit: 1 })]
		));
		refused(token, A, C, 10, 0, RuleFailure::MaxHoldersInClass);
		let own = attacker_issues_for_own_token(C, &[sto_primitives::identity::TopicClass::Jurisdiction]);
		token_claim(C, C, ClaimTopic::Jurisdiction(FR), own);
		refused(token, A, C, 10, 0, RuleFailure::MaxHoldersInClass);
		assert_eq!(HolderCounts::<Test>::get(token, HolderClass::Jurisdiction(US)), 1);
	});
}

/// Attack (b): E creates a token, names itself its jurisdiction and investor-type issuer and
/// attests B (FR, retail) a token-scoped jurisdiction and category: B lost its chain-wide
/// jurisdiction and investor type, so every allow list refused B.
#[test]
fn attack_b_a_token_issuer_cannot_lock_an_investor_out_of_other_tokens() {
	use sto_primitives::identity::TopicClass;
	run_test(|| {
		let token = setup();
		investor(E, None, None);
		assert_ok!(set_rules(
			token,
			vec![
				rule(RuleKind::AllowJurisdictions(countries(&[DE, FR]))),
				rule(RuleKind::AllowInvestorTypes(bounded(&[InvestorType::Retail, InvestorType::Accredited]))),
			]
		));
		let own = attacker_issues_for_own_token(E, &[TopicClass::Jurisdiction, TopicClass::Institutional]);
		token_claim(E, B, ClaimTopic::Jurisdiction(US), own);
		token_claim(E, B, ClaimTopic::Institutional, own);
		allowed(token, A, B, 10);
		assert_eq!(HolderClasses::<Test>::get(token, identity(B)).and_then(|c| c.jurisdiction), Some(FR));
	});
}

/// Attack (c): E fills B's claim slots with claims scoped to E's token, so that the chain's
/// KYC provider could no longer attest B's AML screening, which the victim token requires.
#[test]
fn attack_c_a_token_issuer_cannot_fill_an_investors_claim_slots() {
	use sto_primitives::identity::TopicClass;
	run_test(|| {
		let token = setup();
		investor(E, None, None);
		assert_ok!(set_rules(token, vec![rule(claims(Side::Receiver, Requirement::AllOf, &[ClaimTopic::Aml]))]));
		let own = attacker_issues_for_own_token(E, &[TopicClass::Jurisdiction]);
		let max = <<Test as pallet_identity_registry::Config>::MaxClaimsPerIdentity as polkadot_sdk::frame_support::traits::Get<u32>>::get();
		let held = Identity::claims_of(identity(B)).len() as u32;
		for n in 0..max - held {
			token_claim(E, B, ClaimTopic::Jurisdiction(CountryCode([b'A' + (n / 26) as u8, b'A' + (n % 26) as u8])), own);
		}
		// The KYC provider screens B; B may receive.
		claim(B, ClaimTopic::Aml, None);
		allowed(token, A, B, 10);
	});
}

/// A block list refuses a receiver without a valid jurisdiction (fail-closed): an investor
/// whose jurisdiction claim is missing or expired cannot pass as "not from a blocked country".
#[test]
fn a_block_list_refuses_a_receiver_without_a_valid_jurisdiction() {
	run_test(|| {
		let token = setup();
		investor(E, None, None);
		investor(F, None, None);
		claim(F, ClaimTopic::Jurisdiction(US), Some(START + HOUR));
		claim(F, ClaimTopic::Jurisdiction(FR), Some(START + HOUR));
		assert_ok!(set_rules(token, vec![rule(RuleKind::BlockJurisdictions(countries(&[US])))]));
		refused(token, A, E, 10, 0, RuleFailure::JurisdictionUnknown);
		Now::set(START + HOUR);
		refused(token, A, F, 10, 0, RuleFailure::JurisdictionUnknown);
		allowed(token, A, B, 10);
	});
}
