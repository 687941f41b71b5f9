//! Distributions: every call's success and failure paths, rounding, tax, record dates, and the
//! attacks a holder or a manager could try. `run_test` checks the invariants after each test.

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		dispatch::{DispatchResult, DispatchResultWithPostInfo},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::{DispatchError, Perbill, Permill},
};
use sto_primitives::identity::{ClaimTopic, CountryCode};

type Payout = PayoutOf<Test>;
type Tax = TaxTableOf<Test>;

const DAY: u64 = 24 * HOUR;

fn bounded<T, S: polkadot_sdk::frame_support::traits::Get<u32>>(items: Vec<T>) -> BoundedVec<T, S> {
	BoundedVec::try_from(items).ok().expect("within the bound")
}

fn pro_rata(total: u128, partitions: Vec<PartitionId>) -> Payout {
	Payout::ProRata { total, partitions: bounded(partitions) }
}

fn per_unit(rates: Vec<(PartitionId, u128, u128)>) -> Payout {
	Payout::PerUnit {
		rates: bounded(rates.into_iter().map(|(partition, amount, per)| (partition, UnitRate { amount, per })).collect()),
	}
}

fn no_tax() -> Tax {
	TaxTable { default: Permill::zero(), rates: BoundedVec::new() }
}

/// 30 % by default, 15 % for DE, 0 % for CH.
fn tax_table() -> Tax {
	TaxTable {
		default: Permill::from_percent(30),
		rates: bounded(vec![
			(CountryCode(*b"DE"), Permill::from_percent(15)),
			(CountryCode(*b"CH"), Permill::zero()),
		]),
	}
}

fn usd(account: u64) -> u128 {
	Assets::balance(USD, account)
}

fn usd_held(account: u64) -> u128 {
	use polkadot_sdk::frame_support::traits::fungibles::InspectHold;
	AssetsHolder::balance_on_hold(USD, &RuntimeHoldReason::CorporateActions(HoldReason::DistributionFunds), &account)
}

struct Terms {
	checkpoint: CheckpointId,
	payout: Payout,
	pay_date: u64,
	expiry: u64,
	tax: Tax,
	funding: u128,
}

impl Terms {
	fn new(checkpoint: CheckpointId, payout: Payout, funding: u128) -> Self {
		Terms { checkpoint, payout, pay_date: START, expiry: START + 30 * DAY, tax: no_tax(), funding }
	}
}

fn create_as(who: u64, token: TokenId, terms: Terms) -> DispatchResult {
	CorporateActions::create_distribution(
		RuntimeOrigin::signed(who),
		token,
		terms.checkpoint,
		USD,
		terms.payout,
		terms.pay_date,
		terms.expiry,
		terms.tax,
		TAX_OFFICE,
		terms.funding,
		H256::repeat_byte(1),
	)
}

fn distribute(token: TokenId, terms: Terms) -> DistributionId {
	let id = NextDistributionId::<Test>::get();
	assert_ok!(create_as(ISSUER, token, terms));
	id
}

fn claim(who: u64, id: DistributionId) -> DispatchResultWithPostInfo {
	CorporateActions::claim(RuntimeOrigin::signed(who), id, None)
}

/// A: 600 of partition 0, B: 300, C: 100; a checkpoint now.
fn garage() -> (TokenId, CheckpointId) {
	let token = token();
	issue(token, 0, A, 600);
	issue(token, 0, B, 300);
	issue(token, 0, C, 100);
	let checkpoint = create(token);
	(token, checkpoint)
}

fn paid(id: DistributionId, account: u64) -> Payment {
	Payments::<Test>::get(id, identity(account)).expect("paid")
}

#[test]
fn a_pro_rata_distribution_opens_at_once_and_pays_each_holder_its_share() {
	run_test(|| {
		let (token, checkpoint) = garage();
		let issuer_cash = usd(ISSUER);
		let id = distribute(token, Terms::new(checkpoint, pro_rata(10_000, vec![0]), 12_000));
		// Held, not moved; the excess over what the record date's supply is owed released.
		assert_eq!(usd_held(ISSUER), 10_000);
		assert_eq!(usd(ISSUER), issuer_cash - 10_000);
		let distribution = Distributions::<Test>::get(id).unwrap();
		assert_eq!(distribution.state, DistributionState::Open);
		assert_eq!(distribution.required, 10_000);
		assert_eq!(distribution.shares.to_vec(), vec![Share { partition: 0, amount: 10_000, per: 1_000 }]);
		assert!(events().contains(&Event::DistributionOpened {
			distribution: id,
			shares: vec![Share { partition: 0, amount: 10_000, per: 1_000 }],
			required: 10_000,
			released: 2_000,
		}));
		assert_ok!(claim(A, id));
		assert_ok!(claim(B, id));
		assert_eq!(usd(A), 6_000);
		assert_eq!(usd(B), 3_000);
		assert_eq!(usd_held(ISSUER), 1_000);
		assert!(events().contains(&Event::Paid {
			distribution: id,
			identity: identity(A),
			wallet: A,
			gross: 6_000,
			tax: 0,
			rate: Permill::zero(),
			pushed: false,
		}));
		// The checkpoint is read: it cannot be retired.
		assert_noop!(
			CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, checkpoint),
			Error::<Test>::Referenced
		);
	});
}

#[test]
fn units_bought_after_the_record_date_earn_nothing_and_units_sold_still_do() {
	run_test(|| {
		let (token, checkpoint) = garage();
		transfer(token, 0, A, D, 600);
		let id = distribute(token, Terms::new(checkpoint, per_unit(vec![(0, 5, 1)]), 5_000));
		assert_noop!(claim(D, id), Error::<Test>::NothingOwed);
		assert_ok!(claim(A, id));
		assert_eq!(usd(A), 3_000);
	});
}

#[test]
fn an_identity_is_paid_once_over_all_its_wallets_and_may_choose_its_wallet() {
	run_test(|| {
		let (token, checkpoint) = garage();
		// A's second wallet holds units too: the identity's balance is the sum.
		issue(token, 0, A2, 400);
		let id = distribute(token, Terms::new(checkpoint, per_unit(vec![(0, 1, 1)]), 1_000));
		// Not a wallet of A's identity.
		assert_noop!(CorporateActions::claim(RuntimeOrigin::signed(A), id, Some(B)), Error::<Test>::NotYourWallet);
		assert_ok!(CorporateActions::claim(RuntimeOrigin::signed(A), id, Some(A2)));
		assert_eq!(usd(A2), 600);
		// Claiming again through the other wallet.
		assert_noop!(claim(A2, id), Error::<Test>::AlreadyPaid);
		assert_noop!(claim(A, id), Error::<Test>::AlreadyPaid);
		assert_eq!(paid(id, A), Payment { gross: 600, rate: Permill::zero(), tax: 0 });
	});
}

#[test]
fn the_record_date_is_the_checkpoint_not_the_issue_date() {
	run_test(|| {
		let (token, checkpoint) = garage();
		// 400 issued to A2 after the checkpoint.
		issue(token, 0, A2, 400);
		let id = distribute(token, Terms::new(checkpoint, per_unit(vec![(0, 1, 1)]), 1_000));
		assert_ok!(claim(A2, id));
		assert_eq!(usd(A2), 600, "A's identity held 600 at the record date");
	});
}

#[test]
fn withholding_follows_the_jurisdiction_at_claim_time_rounded_up() {
	run_test(|| {
		let (token, checkpoint) = garage();
		claim_by(KYC_WALLET, A, ClaimTopic::Jurisdiction(CountryCode(*b"DE")), None);
		claim_by(KYC_WALLET, B, ClaimTopic::Jurisdiction(CountryCode(*b"CH")), None);
		// C has no jurisdiction claim: the default rate.
		let mut terms = Terms::new(checkpoint, per_unit(vec![(0, 7, 3)]), 10_000);
		terms.tax = tax_table();
		let id = distribute(token, terms);
		assert_ok!(claim(A, id));
		assert_ok!(claim(B, id));
		assert_ok!(claim(C, id));
		// A: ⌊600 × 7 / 3⌋ = 1400, tax ⌈15 % × 1400⌉ = 210.
		assert_eq!(paid(id, A), Payment { gross: 1_400, rate: Permill::from_percent(15), tax: 210 });
		assert_eq!(usd(A), 1_190);
		// B: 700, no tax.
		assert_eq!(usd(B), 700);
		// C: ⌊100 × 7 / 3⌋ = 233, tax ⌈30 % × 233⌉ = ⌈69.9⌉ = 70.
		assert_eq!(paid(id, C), Payment { gross: 233, rate: Permill::from_percent(30), tax: 70 });
		assert_eq!(usd(C), 163);
		let distribution = Distributions::<Test>::get(id).unwrap();
		assert_eq!(distribution.tax_withheld, 280);
		assert_eq!(distribution.paid_net, 1_190 + 700 + 163);
		// Swept by anyone, to the fixed tax account.
		assert_ok!(CorporateActions::sweep_tax(RuntimeOrigin::signed(OUTSIDER), id));
		assert_eq!(usd(TAX_OFFICE), 280);
		assert_noop!(CorporateActions::sweep_tax(RuntimeOrigin::signed(OUTSIDER), id), Error::<Test>::NothingToSweep);
	});
}

#[test]
fn an_override_replaces_the_jurisdiction_rate_until_the_identity_is_paid() {
	run_test(|| {
		let (token, checkpoint) = garage();
		let mut terms = Terms::new(checkpoint, per_unit(vec![(0, 1, 1)]), 1_000);
		terms.tax = tax_table();
		let id = distribute(token, terms);
		let set = |who: u64, account: u64, rate: Option<Permill>| {
			CorporateActions::set_tax_override(RuntimeOrigin::signed(who), id, identity(account), rate)
		};
		assert_noop!(set(A, A, Some(Permill::zero())), Error::<Test>::NotAuthorized);
		assert_ok!(set(AGENT, A, Some(Permill::from_percent(5))));
		assert_ok!(set(AGENT, B, Some(Permill::from_percent(5))));
		assert_ok!(set(AGENT, B, None));
		assert_eq!(Distributions::<Test>::get(id).unwrap().overrides, 1);
		assert_ok!(claim(A, id));
		assert_eq!(paid(id, A).tax, 30);
		assert_noop!(set(AGENT, A, None), Error::<Test>::AlreadyPaid);
		assert_ok!(claim(B, id));
		assert_eq!(paid(id, B).tax, 90, "the default 30 % again");
		// The bound.
		for account in [C, D, E] {
			assert_ok!(set(AGENT, account, Some(Permill::one())));
		}
		assert_noop!(set(AGENT, F, Some(Permill::one())), Error::<Test>::TooManyOverrides);
		// A full exemption pays nothing to the holder: all tax.
		assert_ok!(claim(C, id));
		assert_eq!(paid(id, C), Payment { gross: 100, rate: Permill::one(), tax: 100 });
		assert_eq!(usd(C), 0);
	});
}

#[test]
fn claims_wait_for_the_pay_date_and_stop_at_the_expiry() {
	run_test(|| {
		let (token, checkpoint) = garage();
		let mut terms = Terms::new(checkpoint, per_unit(vec![(0, 1, 1)]), 1_000);
		terms.pay_date = START + DAY;
		terms.expiry = START + 2 * DAY;
		let id = distribute(token, terms);
		assert_noop!(claim(A, id), Error::<Test>::BeforePayDate);
		Now::set(START + DAY);
		assert_ok!(claim(A, id));
		Now::set(START + 2 * DAY);
		assert_noop!(claim(B, id), Error::<Test>::Expired);
		assert_noop!(
			CorporateActions::cancel_distribution(RuntimeOrigin::signed(ISSUER), id),
			Error::<Test>::TooLate
		);
	});
}

#[test]
fn creation_refuses_bad_terms_and_changes_nothing() {
	run_test(|| {
		let (token, checkpoint) = garage();
		// A partition without the dividends right.
		let rights = pallet_security_token::PartitionRights { voting: true, dividends: false, transferable: true };
		assert_ok!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, sto_test_support::bounded(b"voting only"), rights));
		let attempts: Vec<(u64, Terms, DispatchError)> = vec![
			(A, Terms::new(checkpoint, per_unit(vec![(0, 1, 1)]), 1_000), Error::<Test>::NotAuthorized.into()),
			(ISSUER, Terms::new(checkpoint + 1, per_unit(vec![(0, 1, 1)]), 1_000), Error::<Test>::UnknownCheckpoint.into()),
			(ISSUER, Terms::new(checkpoint, per_unit(vec![(2, 1, 1)]), 1_000), Error::<Test>::NoDividendRight.into()),
			(ISSUER, Terms::new(checkpoint, per_unit(vec![(5, 1, 1)]), 1_000), Error::<Test>::NoDividendRight.into()),
			(ISSUER, Terms::new(checkpoint, per_unit(vec![(0, 1, 1), (0, 2, 1)]), 1_000), Error::<Test>::Duplicate.into()),
			(ISSUER, Terms::new(checkpoint, pro_rata(10, vec![]), 1_000), Error::<Test>::EmptyPayout.into()),
			(ISSUER, Terms::new(checkpoint, per_unit(vec![(0, 1, 0)]), 1_000), Error::<Test>::InvalidRate.into()),
			// Σ supply × rate = 1000 × 2 > 1999.
			(ISSUER, Terms::new(checkpoint, per_unit(vec![(0, 2, 1)]), 1_999), Error::<Test>::Underfunded.into()),
			// More than the payer holds.
			(ISSUER, Terms::new(checkpoint, pro_rata(10, vec![0]), CASH + 1), polkadot_sdk::sp_runtime::TokenError::FundsUnavailable.into()),
		];
		for (who, terms, error) in attempts {
			assert_noop!(create_as(who, token, terms), error);
		}
		let mut early = Terms::new(checkpoint, per_unit(vec![(0, 1, 1)]), 1_000);
		early.pay_date = START - 1;
		assert_noop!(create_as(ISSUER, token, early), Error::<Test>::InvalidDates);
		let mut no_window = Terms::new(checkpoint, per_unit(vec![(0, 1, 1)]), 1_000);
		no_window.expiry = no_window.pay_date;
		assert_noop!(create_as(ISSUER, token, no_window), Error::<Test>::InvalidDates);
		let mut twice = Terms::new(checkpoint, per_unit(vec![(0, 1, 1)]), 1_000);
		twice.tax.rates = bounded(vec![(CountryCode(*b"DE"), Permill::zero()), (CountryCode(*b"DE"), Permill::one())]);
		assert_noop!(create_as(ISSUER, token, twice), Error::<Test>::Duplicate);
		// A retired checkpoint.
		let other = create(token);
		assert_ok!(CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, other));
		assert_noop!(
			create_as(ISSUER, token, Terms::new(other, per_unit(vec![(0, 1, 1)]), 1_000)),
			Error::<Test>::AlreadyRetired
		);
	});
}

#[test]
fn a_scheduled_record_date_is_funded_when_it_passes_or_the_distribution_cannot_open() {
	run_test(|| {
		let token = token();
		issue(token, 0, A, 100);
		let checkpoint = schedule(token, START + DAY);
		let mut terms = Terms::new(checkpoint, per_unit(vec![(0, 10, 1)]), 1_000);
		terms.pay_date = START + DAY;
		let id = distribute(token, terms);
		assert_eq!(Distributions::<Test>::get(id).unwrap().state, DistributionState::Pending);
		assert_noop!(CorporateActions::open_distribution(RuntimeOrigin::signed(OUTSIDER), id), Error::<Test>::NotOpen);
		// More issued before the record date: 300 units owe 3000.
		issue(token, 0, B, 200);
		Now::set(START + DAY);
		assert_noop!(claim(A, id), Error::<Test>::Underfunded);
		assert_noop!(CorporateActions::top_up(RuntimeOrigin::signed(AGENT), id, 2_000), Error::<Test>::NotPayer);
		// A top-up that is still short keeps it pending.
		assert_ok!(CorporateActions::top_up(RuntimeOrigin::signed(ISSUER), id, 1_000));
		assert_eq!(Distributions::<Test>::get(id).unwrap().state, DistributionState::Pending);
		assert_ok!(CorporateActions::top_up(RuntimeOrigin::signed(ISSUER), id, 1_500));
		let distribution = Distributions::<Test>::get(id).unwrap();
		assert_eq!(distribution.state, DistributionState::Open);
		assert_eq!((distribution.funded, distribution.required), (3_000, 3_000));
		assert_eq!(usd_held(ISSUER), 3_000, "the 500 over released");
		assert_noop!(CorporateActions::top_up(RuntimeOrigin::signed(ISSUER), id, 1), Error::<Test>::NotPending);
		// Units moved after the record date do not change it.
		transfer(token, 0, B, C, 200);
		assert_ok!(claim(B, id));
		assert_eq!(usd(B), 2_000);
		assert_noop!(claim(C, id), Error::<Test>::NothingOwed);
	});
}

#[test]
fn a_claim_opens_a_distribution_whose_record_date_passed_without_a_movement() {
	run_test(|| {
		let token = token();
		issue(token, 0, A, 100);
		let checkpoint = schedule(token, START + DAY);
		let mut terms = Terms::new(checkpoint, per_unit(vec![(0, 1, 1)]), 100);
		terms.pay_date = START + DAY;
		let id = distribute(token, terms);
		Now::set(START + 2 * DAY);
		// Nothing moved: the checkpoint was not taken yet; the claim takes it.
		assert_ok!(claim(A, id));
		assert_eq!(usd(A), 100);
		assert!(Checkpoints::<Test>::get(token)[0].epoch.is_some());
	});
}

#[test]
fn push_pays_primary_wallets_and_skips_what_cannot_be_paid() {
	run_test(|| {
		let (token, checkpoint) = garage();
		issue(token, 0, A2, 400);
		let id = distribute(token, Terms::new(checkpoint, per_unit(vec![(0, 2, 1)]), 2_000));
		assert_ok!(claim(B, id));
		let list: BoundedVec<IdentityId, _> =
			bounded(vec![identity(A), identity(B), identity(C), identity(D), 999]);
		assert_noop!(CorporateActions::push(RuntimeOrigin::signed(A), id, list.clone()), Error::<Test>::NotAuthorized);
		assert_ok!(CorporateActions::push(RuntimeOrigin::signed(AGENT), id, list));
		// A (primary wallet A) and C paid; B paid already, D owed nothing, 999 unknown.
		assert_eq!(usd(A), 1_200);
		assert_eq!(usd(C), 200);
		assert!(events().contains(&Event::Pushed { distribution: id, paid: 2, skipped: 3 }));
		assert!(paid(id, A).gross == 1_200);
	});
}

#[test]
fn cancel_before_the_pay_date_returns_everything_and_frees_the_checkpoint() {
	run_test(|| {
		let (token, checkpoint) = garage();
		let before = usd(ISSUER);
		let mut terms = Terms::new(checkpoint, pro_rata(5_000, vec![0]), 5_000);
		terms.pay_date = START + DAY;
		let id = distribute(token, terms);
		assert_noop!(
			CorporateActions::cancel_distribution(RuntimeOrigin::signed(A), id),
			Error::<Test>::NotPayer
		);
		assert_ok!(CorporateActions::cancel_distribution(RuntimeOrigin::signed(AGENT), id));
		assert_eq!(usd(ISSUER), before);
		assert_eq!(usd_held(ISSUER), 0);
		assert_noop!(claim(A, id), Error::<Test>::BeforePayDate);
		Now::set(START + DAY);
		assert_noop!(claim(A, id), Error::<Test>::Closed);
		assert_noop!(
			CorporateActions::cancel_distribution(RuntimeOrigin::signed(ISSUER), id),
			Error::<Test>::Closed
		);
		assert_ok!(CorporateActions::retire_checkpoint(RuntimeOrigin::signed(ISSUER), token, checkpoint));
		// Nothing held: it can be removed at once, deposit back.
		let deposit_held = Balances::reserved_balance(ISSUER);
		assert_ok!(CorporateActions::clear_distribution(RuntimeOrigin::signed(OUTSIDER), id, 10));
		assert!(Distributions::<Test>::get(id).is_none());
		assert_eq!(Balances::reserved_balance(ISSUER), deposit_held - 5);
	});
}

#[test]
fn reclaim_after_expiry_returns_the_unclaimed_and_the_dust_then_records_go() {
	run_test(|| {
		let (token, checkpoint) = garage();
		let before = usd(ISSUER);
		let mut terms = Terms::new(checkpoint, pro_rata(1_000, vec![0]), 1_000);
		terms.tax = tax_table();
		let id = distribute(token, terms);
		// 1000 units, 1000 cash: each unit 1; nobody but A and C claims.
		assert_ok!(claim(A, id));
		assert_ok!(claim(C, id));
		assert_noop!(
			CorporateActions::reclaim(RuntimeOrigin::signed(ISSUER), id),
			Error::<Test>::NotExpired
		);
		Now::set(START + 30 * DAY);
		assert_noop!(CorporateActions::reclaim(RuntimeOrigin::signed(B), id), Error::<Test>::NotPayer);
		assert_ok!(CorporateActions::reclaim(RuntimeOrigin::signed(ISSUER), id));
		// B's 300 back; the tax (30 % of 600 and of 100) still held for the tax account.
		assert!(events().contains(&Event::DistributionReclaimed { distribution: id, released: 300 }));
		assert_eq!(usd_held(ISSUER), 210);
		assert_noop!(
			CorporateActions::clear_distribution(RuntimeOrigin::signed(OUTSIDER), id, 10),
			Error::<Test>::TaxNotSwept
		);
		assert_ok!(CorporateActions::sweep_tax(RuntimeOrigin::signed(OUTSIDER), id));
		assert_eq!(usd(ISSUER), before - 1_000 + 300);
		// Removed in pages.
		assert_ok!(CorporateActions::clear_distribution(RuntimeOrigin::signed(OUTSIDER), id, 1));
		assert!(Distributions::<Test>::get(id).is_some());
		assert_noop!(
			CorporateActions::clear_distribution(RuntimeOrigin::signed(OUTSIDER), id, 51),
			Error::<Test>::LimitTooHigh
		);
		assert_ok!(CorporateActions::clear_distribution(RuntimeOrigin::signed(OUTSIDER), id, 10));
		assert!(Distributions::<Test>::get(id).is_none());
		assert_eq!(Payments::<Test>::iter_prefix(id).count(), 0);
		assert!(events().contains(&Event::DistributionRemoved { distribution: id }));
	});
}

#[test]
fn a_waterfall_pays_the_senior_tier_first_and_the_residual_pro_rata() {
	run_test(|| {
		let token = token();
		// Partition 1 senior (100 units, owed 10 each), partition 0 junior (A 300, B 100).
		issue(token, 1, C, 100);
		issue(token, 0, A, 300);
		issue(token, 0, B, 100);
		let checkpoint = create(token);
		let waterfall = Payout::Waterfall {
			total: 1_500,
			tiers: bounded(vec![(1, UnitRate { amount: 10, per: 1 })]),
			residual: bounded(vec![0]),
		};
		let id = distribute(token, Terms::new(checkpoint, waterfall, 1_500));
		assert_ok!(claim(C, id));
		assert_ok!(claim(A, id));
		assert_ok!(claim(B, id));
		assert_eq!((usd(C), usd(A), usd(B)), (1_000, 375, 125));
		// A short pot stops at the senior tier.
		let checkpoint = create(token);
		let short = Payout::Waterfall {
			total: 600,
			tiers: bounded(vec![(1, UnitRate { amount: 10, per: 1 })]),
			residual: bounded(vec![0]),
		};
		let id = distribute(token, Terms::new(checkpoint, short, 600));
		assert_eq!(Distributions::<Test>::get(id).unwrap().shares.to_vec(), vec![Share { partition: 1, amount: 600, per: 100 }]);
		assert_ok!(claim(C, id));
		assert_noop!(claim(A, id), Error::<Test>::NothingOwed);
	});
}

#[test]
fn a_coupon_pays_a_percentage_of_nominal() {
	run_test(|| {
		let token = token();
		issue(token, 0, A, 3);
		let checkpoint = create(token);
		// Nominal 1000.00 (cents) per unit, 1.03125 % per period.
		let coupon = Payout::Coupon {
			nominal: UnitRate { amount: 100_000, per: 1 },
			rates: bounded(vec![(0, Perbill::from_parts(10_312_500))]),
		};
		let id = distribute(token, Terms::new(checkpoint, coupon, 10_000));
		assert_ok!(claim(A, id));
		// ⌊3 × 100000 × 0.0103125⌋ = ⌊3093.75⌋.
		assert_eq!(usd(A), 3_093);
		assert_eq!(Distributions::<Test>::get(id).unwrap().required, 3_093);
	});
}

#[test]
fn pro_rata_dust_is_bounded_by_the_holders_and_reclaimable() {
	run_test(|| {
		let token = token();
		for account in [A, B, C] {
			issue(token, 0, account, 1);
		}
		let checkpoint = create(token);
		let id = distribute(token, Terms::new(checkpoint, pro_rata(100, vec![0]), 100));
		for account in [A, B, C] {
			assert_ok!(claim(account, id));
			assert_eq!(usd(account), 33);
		}
		let distribution = Distributions::<Test>::get(id).unwrap();
		assert_eq!(distribution.remaining(), 1);
		Now::set(START + 30 * DAY);
		assert_ok!(CorporateActions::reclaim(RuntimeOrigin::signed(ISSUER), id));
		assert!(events().contains(&Event::DistributionReclaimed { distribution: id, released: 1 }));
	});
}

#[test]
fn the_entitlement_view_matches_what_a_claim_pays() {
	run_test(|| {
		let (token, checkpoint) = garage();
		claim_by(KYC_WALLET, A, ClaimTopic::Jurisdiction(CountryCode(*b"DE")), None);
		let mut terms = Terms::new(checkpoint, per_unit(vec![(0, 3, 1)]), 3_000);
		terms.tax = tax_table();
		let id = distribute(token, terms);
		let before = CorporateActions::entitlement(id, identity(A)).unwrap();
		assert_eq!(
			before,
			Entitlement { gross: 1_800, rate: Permill::from_percent(15), tax: 270, net: 1_530, claimed: false }
		);
		assert_ok!(claim(A, id));
		assert_eq!(usd(A), before.net);
		assert_eq!(CorporateActions::entitlement(id, identity(A)).unwrap(), Entitlement { claimed: true, ..before });
		assert_eq!(CorporateActions::entitlement(id + 1, identity(A)), None);
	});
}

#[test]
fn a_holder_cannot_claim_without_an_identity_or_an_unknown_distribution() {
	run_test(|| {
		let (token, checkpoint) = garage();
		let id = distribute(token, Terms::new(checkpoint, per_unit(vec![(0, 1, 1)]), 1_000));
		assert_noop!(claim(999, id), Error::<Test>::NoIdentity);
		assert_noop!(claim(A, id + 1), Error::<Test>::UnknownDistribution);
		assert_noop!(
			CorporateActions::open_distribution(RuntimeOrigin::signed(A), id),
			Error::<Test>::NotPending
		);
	});
}
