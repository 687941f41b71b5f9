//! Property test of distributions against a reference model in U256 arithmetic: random
//! holdings in two partitions (one identity with two wallets), movements before and after the
//! record date, a random payout form (pro rata, per unit, coupon, waterfall), a random tax
//! table, jurisdictions and overrides, and claims, claims to a second wallet and pushes in a
//! random order. After every call every pallet's invariants hold and each identity is paid
//! exactly what the model computes (so the result cannot depend on the order of claims); the
//! dust left is at most one unit per holder and partition; reclaim, sweep and clear leave
//! nothing held.

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{assert_ok, traits::fungibles::Mutate as _, BoundedVec},
	sp_core::{H256, U256},
	sp_runtime::{Perbill, Permill},
};
use proptest::prelude::*;
use std::collections::BTreeMap;
use sto_primitives::identity::{ClaimTopic, CountryCode};

/// The holders' primary wallets (A's identity also has `A2`).
const HOLDERS: [u64; 6] = [A, B, C, D, E, F];
/// Every wallet that holds units.
const WALLETS: [u64; 7] = [A, A2, B, C, D, E, F];
const EXPIRY: u64 = START + 1_000;

#[derive(Clone, Debug)]
enum Form {
	ProRata { total: u128, both: bool },
	PerUnit { rates: [(u128, u128); 2] },
	Coupon { nominal: (u128, u128), rates: [u32; 2] },
	Waterfall { total: u128, senior: PartitionId, rate: (u128, u128) },
}

#[derive(Clone, Debug)]
enum How {
	Claim,
	/// Claimed by the holder's primary wallet to its second wallet (A only; others claim).
	ClaimToSecond,
	Push,
}

#[derive(Clone, Debug)]
struct Case {
	issued: Vec<(usize, PartitionId, u128)>,
	before: Vec<(usize, usize, PartitionId, u128)>,
	after: Vec<(usize, usize, PartitionId, u128)>,
	form: Form,
	/// Default, DE and CH rates (parts per million).
	rates: [u32; 3],
	/// Per holder: 0 none, 1 DE, 2 CH, 3 FR (not in the table).
	jurisdictions: Vec<u8>,
	overrides: Vec<(usize, u32)>,
	order: Vec<(usize, How)>,
	extra_funding: u128,
}

fn form() -> impl Strategy<Value = Form> {
	let rate = (0u128..1_000_000_000_000, 1u128..1_000);
	prop_oneof![
		(0u128..10_000_000, any::<bool>()).prop_map(|(total, both)| Form::ProRata { total, both }),
		(rate.clone(), rate.clone()).prop_map(|(a, b)| Form::PerUnit { rates: [a, b] }),
		((1u128..10_000_000, 1u128..100), 0u32..1_000_000_000, 0u32..1_000_000_000)
			.prop_map(|(nominal, a, b)| Form::Coupon { nominal, rates: [a, b] }),
		(0u128..10_000_000, 0u16..2, (0u128..100_000, 1u128..100))
			.prop_map(|(total, senior, rate)| Form::Waterfall { total, senior, rate }),
	]
}

fn case() -> impl Strategy<Value = Case> {
	let holder = 0usize..HOLDERS.len();
	let wallet = 0usize..WALLETS.len();
	let how = prop_oneof![Just(How::Claim), Just(How::ClaimToSecond), Just(How::Push)];
	(
		prop::collection::vec((wallet.clone(), 0u16..2, 1u128..1_000), 1..12),
		prop::collection::vec((wallet.clone(), wallet.clone(), 0u16..2, 1u128..500), 0..8),
		prop::collection::vec((wallet.clone(), wallet, 0u16..2, 1u128..500), 0..8),
		form(),
		[0u32..=1_000_000, 0u32..=1_000_000, 0u32..=1_000_000],
		prop::collection::vec(0u8..4, HOLDERS.len()),
		prop::collection::vec((holder.clone(), 0u32..=1_000_000), 0..3),
		prop::collection::vec((holder, how), 1..10),
		0u128..1_000,
	)
		.prop_map(|(issued, before, after, form, rates, jurisdictions, overrides, order, extra_funding)| Case {
			issued,
			before,
			after,
			form,
			rates,
			jurisdictions,
			overrides,
			order,
			extra_funding,
		})
}

/// ⌊a × b / c⌋ in U256 (the model's own arithmetic).
fn floor(a: u128, b: u128, c: u128) -> u128 {
	if c == 0 {
		return 0;
	}
	(U256::from(a) * U256::from(b) / U256::from(c)).as_u128()
}

/// What the model says a distribution pays: per partition (amount, per).
fn model_shares(form: &Form, supply: [u128; 2]) -> Vec<(PartitionId, u128, u128)> {
	match form {
		Form::ProRata { total, both } => {
			let partitions: Vec<PartitionId> = if *both { vec![0, 1] } else { vec![0] };
			let units: u128 = partitions.iter().map(|p| supply[*p as usize]).sum();
			if units == 0 || *total == 0 {
				return vec![];
			}
			partitions.into_iter().map(|p| (p, *total, units)).collect()
		},
		Form::PerUnit { rates } => vec![(0, rates[0].0, rates[0].1), (1, rates[1].0, rates[1].1)],
		Form::Coupon { nominal, rates } => (0..2)
			.map(|p| (p, nominal.0 * rates[p as usize] as u128, nominal.1 * 1_000_000_000))
			.collect(),
		Form::Waterfall { total, senior, rate } => {
			let junior = 1 - senior;
			let owed = floor(supply[*senior as usize], rate.0, rate.1);
			let paid = owed.min(*total);
			let left = total - paid;
			let mut shares = vec![];
			if supply[*senior as usize] > 0 && paid > 0 {
				shares.push((*senior, paid, supply[*senior as usize]));
			}
			if supply[junior as usize] > 0 && left > 0 {
				shares.push((junior, left, supply[junior as usize]));
			}
			shares
		},
	}
}

fn payout(form: &Form) -> PayoutOf<Test> {
	match form {
		Form::ProRata { total, both } =>
			Payout::ProRata { total: *total, partitions: BoundedVec::truncate_from(if *both { vec![0, 1] } else { vec![0] }) },
		Form::PerUnit { rates } => Payout::PerUnit {
			rates: BoundedVec::truncate_from(vec![(0, UnitRate { amount: rates[0].0, per: rates[0].1 }), (1, UnitRate { amount: rates[1].0, per: rates[1].1 })]),
		},
		Form::Coupon { nominal, rates } => Payout::Coupon {
			nominal: UnitRate { amount: nominal.0, per: nominal.1 },
			rates: BoundedVec::truncate_from(vec![(0, Perbill::from_parts(rates[0])), (1, Perbill::from_parts(rates[1]))]),
		},
		Form::Waterfall { total, senior, rate } => Payout::Waterfall {
			total: *total,
			tiers: BoundedVec::truncate_from(vec![(*senior, UnitRate { amount: rate.0, per: rate.1 })]),
			residual: BoundedVec::truncate_from(vec![1 - *senior]),
		},
	}
}

fn run(case: Case) -> Result<(), TestCaseError> {
	new_test_ext().execute_with(|| {
		assert_ok!(Assets::mint_into(USD, &ISSUER, 1_000_000_000_000_000_000));
		let token = token();
		let mut book: BTreeMap<(u64, PartitionId), u128> = BTreeMap::new();
		for (wallet, partition, amount) in case.issued.iter() {
			issue(token, *partition, WALLETS[*wallet], *amount);
			*book.entry((WALLETS[*wallet], *partition)).or_default() += amount;
		}
		let moves = |transfers: &[(usize, usize, PartitionId, u128)], book: &mut BTreeMap<(u64, PartitionId), u128>| {
			for (from, to, partition, amount) in transfers.iter() {
				let (from, to) = (WALLETS[*from], WALLETS[*to]);
				let held = book.get(&(from, *partition)).copied().unwrap_or(0);
				if from == to || held < *amount {
					continue;
				}
				transfer(token, *partition, from, to, *amount);
				*book.entry((from, *partition)).or_default() -= amount;
				*book.entry((to, *partition)).or_default() += amount;
			}
		};
		moves(&case.before, &mut book);
		let checkpoint = create(token);
		let at_record = book.clone();
		moves(&case.after, &mut book);

		// The model: units per holder identity at the record date, supplies, shares.
		let units = |holder: u64, partition: PartitionId| {
			let own = at_record.get(&(holder, partition)).copied().unwrap_or(0);
			own + if holder == A { at_record.get(&(A2, partition)).copied().unwrap_or(0) } else { 0 }
		};
		let supply = [0, 1].map(|p| at_record.iter().filter(|((_, q), _)| *q == p).map(|(_, n)| n).sum::<u128>());
		let shares = model_shares(&case.form, supply);
		let required: u128 = shares.iter().map(|(p, amount, per)| floor(supply[*p as usize], *amount, *per)).sum();
		let gross_of = |holder: u64| -> u128 {
			shares.iter().map(|(p, amount, per)| floor(units(holder, *p), *amount, *per)).sum()
		};

		// Jurisdictions and the tax table.
		let countries = [None, Some(*b"DE"), Some(*b"CH"), Some(*b"FR")];
		for (holder, pick) in HOLDERS.iter().zip(case.jurisdictions.iter()) {
			if let Some(country) = countries[*pick as usize] {
				claim_by(KYC_WALLET, *holder, ClaimTopic::Jurisdiction(CountryCode(country)), None);
			}
		}
		let [default, de, ch] = case.rates.map(Permill::from_parts);
		let tax = TaxTable {
			default,
			rates: BoundedVec::truncate_from(vec![(CountryCode(*b"DE"), de), (CountryCode(*b"CH"), ch)]),
		};
		let id = NextDistributionId::<Test>::get();
		assert_ok!(CorporateActions::create_distribution(
			RuntimeOrigin::signed(ISSUER),
			token,
			checkpoint,
			USD,
			payout(&case.form),
			START,
			EXPIRY,
			tax,
			TAX_OFFICE,
			required + case.extra_funding,
			H256::zero(),
		));
		let distribution = Distributions::<Test>::get(id).expect("created");
		prop_assert_eq!(distribution.required, required);
		prop_assert_eq!(distribution.funded, required);
		let mut overrides = BTreeMap::new();
		for (holder, rate) in case.overrides.iter() {
			let rate = Permill::from_parts(*rate);
			assert_ok!(CorporateActions::set_tax_override(
				RuntimeOrigin::signed(AGENT),
				id,
				identity(HOLDERS[*holder]),
				Some(rate)
			));
			overrides.insert(*holder, rate);
		}
		let rate_of = |holder: usize| -> Permill {
			overrides.get(&holder).copied().unwrap_or(match case.jurisdictions[holder] {
				1 => de,
				2 => ch,
				_ => default,
			})
		};

		// Claims and pushes in the case's order.
		let mut paid: BTreeMap<usize, (u128, u128)> = BTreeMap::new();
		for (holder, how) in case.order.iter() {
			let account = HOLDERS[*holder];
			let gross = gross_of(account);
			let (wallet, result) = match how {
				How::ClaimToSecond if account == A => (A2, CorporateActions::claim(RuntimeOrigin::signed(A), id, Some(A2)).map(|_| ())),
				How::Push => (
					account,
					CorporateActions::push(
						RuntimeOrigin::signed(AGENT),
						id,
						BoundedVec::truncate_from(vec![identity(account)]),
					)
					.map(|_| ()),
				),
				_ => (account, CorporateActions::claim(RuntimeOrigin::signed(account), id, None).map(|_| ())),
			};
			let before = paid.contains_key(holder);
			let expected_tax = (U256::from(gross) * U256::from(rate_of(*holder).deconstruct()) + U256::from(999_999u32)) /
				U256::from(1_000_000u32);
			let expected_tax = expected_tax.as_u128();
			let payment = Payments::<Test>::get(id, identity(account));
			match how {
				How::Push => prop_assert!(result.is_ok()),
				_ if before => prop_assert!(result.is_err(), "paid twice"),
				_ if gross == 0 => prop_assert!(result.is_err(), "paid while owed nothing"),
				_ => prop_assert!(result.is_ok(), "claim refused: {:?}", result),
			}
			if !before && gross > 0 {
				prop_assert_eq!(payment, Some(Payment { gross, rate: rate_of(*holder), tax: expected_tax }));
				paid.insert(*holder, (gross, expected_tax));
				let _ = wallet;
			} else if gross == 0 {
				prop_assert_eq!(payment, None);
			}
			check_invariants();
		}

		// Totals, dust.
		let distribution = Distributions::<Test>::get(id).expect("open");
		let net: u128 = paid.values().map(|(gross, tax)| gross - tax).sum();
		let withheld: u128 = paid.values().map(|(_, tax)| tax).sum();
		prop_assert_eq!(distribution.paid_net, net);
		prop_assert_eq!(distribution.tax_withheld, withheld);
		prop_assert_eq!(distribution.funded, net + withheld + distribution.remaining());
		let owed_to_all: u128 = HOLDERS.iter().map(|holder| gross_of(*holder)).sum();
		prop_assert!(owed_to_all <= required);
		prop_assert!(required - owed_to_all <= (HOLDERS.len() * 2) as u128, "dust beyond one unit per holder and partition");

		// Close: everything held goes back or to the tax office; the records go.
		Now::set(EXPIRY);
		assert_ok!(CorporateActions::reclaim(RuntimeOrigin::signed(ISSUER), id));
		if withheld > 0 {
			assert_ok!(CorporateActions::sweep_tax(RuntimeOrigin::signed(OUTSIDER), id));
		}
		prop_assert_eq!(Assets::balance(USD, TAX_OFFICE), withheld);
		assert_ok!(CorporateActions::clear_distribution(RuntimeOrigin::signed(OUTSIDER), id, 50));
		prop_assert!(Distributions::<Test>::get(id).is_none());
		check_invariants();
		Ok(())
	})
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

	#[test]
	fn every_holder_is_paid_what_the_model_says_in_any_order(case in case()) {
		run(case)?;
	}
}
