//! Test runtime: the real identity registry, security token and compliance engine (wired by
//! `sto_test_support::impl_sto_pallets!`), pallet-assets with pallet-assets-holder for cash,
//! and this pallet, so that every issuance runs the token's one movement path and every
//! subscription's cash is held on the subscriber's own account.
//!
//! Genesis identities (in order, so their ids are fixed): 1 = the KYC provider (wallet
//! `KYC_WALLET`), 2 = the issuer (wallet `ISSUER`), then investors `A`..`F` (accounts 1..=6,
//! identities 3..=8; A also has wallet `A2`), and `OUTSIDER` (identity 9) who is never
//! verified. Everyone else has a KYC claim without expiry. Cash asset `USD`: each investor
//! and A2 hold `CASH`.

use crate as pallet_offering;
use crate::*;
use polkadot_sdk::{
	frame_support::{assert_ok, derive_impl, traits::fungibles::InspectHold},
	frame_system::{self, EnsureRoot},
	pallet_assets, pallet_assets_holder, pallet_balances,
	sp_io::TestExternalities,
};
pub use sto_test_support::{Genesis, MockTime, Now, HOUR, START};
use sto_primitives::identity::{ClaimTopic, IdentityKind};

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Identity: pallet_identity_registry,
		Token: pallet_security_token,
		Compliance: pallet_compliance,
		Offer: pallet_offering,
		Assets: pallet_assets,
		AssetsHolder: pallet_assets_holder,
	}
);

sto_test_support::impl_system_and_balances!(Test);
sto_test_support::impl_cash_assets!(runtime: Test, holder: AssetsHolder);
sto_test_support::impl_sto_pallets! {
	runtime: Test,
	issuer: ISSUER,
	benchmarks: MockBenchmarks,
	compliance_parties: (A, B),
}

#[derive_impl(pallet_offering::config_preludes::TestDefaultConfig)]
impl pallet_offering::Config for Test {
	type Currency = Balances;
	type Cash = AssetsHolder;
	type Tokens = Token;
	type Identity = Identity;
	type Time = MockTime;
	type GovernanceOrigin = EnsureRoot<u64>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarks;
}

pub const KYC_WALLET: u64 = 10;
pub const ISSUER: u64 = 100;
pub const OUTSIDER: u64 = 102;
pub const PROCEEDS: u64 = 300;
pub const A: u64 = 1;
pub const B: u64 = 2;
pub const C: u64 = 3;
pub const D: u64 = 4;
pub const E: u64 = 5;
pub const F: u64 = 6;
/// A's second wallet.
pub const A2: u64 = 11;
pub const INVESTORS: [u64; 6] = [A, B, C, D, E, F];
/// Every account's free native balance at genesis.
pub const FUNDS: u64 = 1_000_000;
/// The deposits (the prelude's).
pub const OFFERING_DEPOSIT: u64 = 10;
pub const SUBSCRIPTION_DEPOSIT: u64 = 2;
/// The cash asset, and what each investor holds of it at genesis.
pub const USD: u32 = 7;
pub const CASH: u128 = 1_000_000;

pub fn new_test_ext() -> TestExternalities {
	let genesis: Genesis = Genesis::default()
		.fund([KYC_WALLET, ISSUER, OUTSIDER, A, B, C, D, E, F, A2], FUNDS)
		.kyc_provider(KYC_WALLET)
		.identity(ISSUER, IdentityKind::Issuer)
		.identities(INVESTORS, IdentityKind::NaturalPerson)
		.identity(OUTSIDER, IdentityKind::NaturalPerson);
	let mut storage = sto_test_support::build_storage!(Test, genesis, identity_registry);
	let accounts = INVESTORS.into_iter().chain([A2, OUTSIDER]).map(|account| (USD, account, CASH)).collect();
	sto_test_support::cash_genesis!(Test, &mut storage, asset: USD, owner: ISSUER, accounts: accounts);
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(START);
		for account in [ISSUER, A, B, C, D, E, F] {
			claim_by(KYC_WALLET, account, ClaimTopic::Kyc, None);
		}
		link_wallet(A, A2);
	});
	ext
}

/// Run `test` on the genesis state, then check every pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		check_invariants();
	});
}

pub fn check_invariants() {
	Offer::do_try_state().expect("offering invariants hold");
	check_sto_invariants();
}

/// The garage: an active token of the issuer, capped at 1,800 units.
pub fn garage() -> TokenId {
	let token = active_token();
	assert_ok!(Token::set_supply_cap(RuntimeOrigin::signed(ISSUER), token, Some(1_800)));
	token
}

/// Terms: 100 units at 10 USD then 100 at 12, per unit, open from `START` for a day, a
/// minimum raise of 500 USD, a maximum of 10,000, tickets of 5 to 150 units, no lock-up.
pub fn terms(token: TokenId) -> TermsOf<Test> {
	OfferingTerms {
		token,
		partition: 0,
		cash: USD,
		proceeds: PROCEEDS,
		tiers: sto_test_support::bounded(&[Tier { size: 100, price: 10 }, Tier { size: 100, price: 12 }]),
		price_per: 1,
		start: START,
		end: START + 24 * HOUR,
		min_raise: 500,
		max_raise: 10_000,
		min_ticket: 5,
		max_per_identity: 150,
		lockup_until: None,
	}
}

pub fn create(terms: TermsOf<Test>) -> OfferingId {
	let id = NextOfferingId::<Test>::get();
	assert_ok!(Offer::create_offering(RuntimeOrigin::signed(ISSUER), terms));
	id
}

pub fn subscribe(offering: OfferingId, who: u64, tokens: TokenBalance) -> SubscriptionId {
	let id = Offerings::<Test>::get(offering).expect("offering").next_subscription;
	assert_ok!(Offer::subscribe(RuntimeOrigin::signed(who), offering, tokens, CashBalance::MAX));
	id
}

pub fn offering(id: OfferingId) -> OfferingOf<Test> {
	Offerings::<Test>::get(id).expect("offering exists")
}

/// What `account` has on hold for subscriptions.
pub fn held(account: u64) -> u128 {
	AssetsHolder::balance_on_hold(USD, &RuntimeHoldReason::Offer(HoldReason::Subscription), &account)
}

pub fn cash(account: u64) -> u128 {
	Assets::balance(USD, account)
}

pub fn units(token: TokenId, account: u64) -> TokenBalance {
	Token::partition_balance(token, 0, account)
}

pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Offer(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// A verified account for the benchmarks (accounts from 30,000).
#[cfg(feature = "runtime-benchmarks")]
fn verified(seed: u32, identity: Option<IdentityId>) -> (u64, IdentityId) {
	sto_test_support::verified_account::<Balances>(30_000, seed, identity, Identity::benchmark_verified)
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, u32> for MockBenchmarks {
	fn token_and_manager() -> (TokenId, u64) {
		// A benchmark's repeated runs start from the genesis storage: the issuer's KYC claim
		// (added after genesis by `new_test_ext`) is gone, and a token's creator must be verified.
		if Identity::claims_of(2).iter().all(|(topic, _, _)| *topic != ClaimTopic::Kyc) {
			claim_by(KYC_WALLET, ISSUER, ClaimTopic::Kyc, None);
		}
		(active_token(), ISSUER)
	}

	fn investor(seed: u32) -> u64 {
		verified(seed, None).0
	}

	fn crowded_investor(token: TokenId, seed: u32) -> u64 {
		crowded_wallet(token, seed, verified)
	}

	fn cash(to: &[u64], amount: u128) -> u32 {
		use polkadot_sdk::frame_support::traits::fungibles::Mutate;
		for account in to {
			assert_ok!(Assets::mint_into(USD, account, amount));
		}
		USD
	}

	fn set_time(now: u64) {
		Now::set(now);
	}
}
