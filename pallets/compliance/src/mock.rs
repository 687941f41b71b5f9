//! Test runtime: the real identity registry and the real security token, with this pallet as
//! the token's compliance hook, so that every test runs the one movement path end to end
//! (wired by `sto_test_support::impl_sto_pallets!`).
//!
//! Genesis identities (in order, so their ids are fixed): 1 = the KYC provider (wallet
//! `KYC_WALLET`, trusted for KYC, AML and jurisdiction, a registrar), 2 = the accreditor
//! (wallet `ACCREDITOR_WALLET`, trusted for investor types), 3 = the issuer (wallet `ISSUER`),
//! then investors `A`..`F` (accounts 1..=6, identities 4..=9). Investor `A` has a second
//! wallet `A2` once [`link_second_wallet`] ran. Only the issuer starts with claims (KYC).

use crate as pallet_compliance;
use crate::*;
use polkadot_sdk::{
	frame_support::traits::ConstU32,
	frame_system, pallet_balances,
	sp_io::TestExternalities,
};
pub use sto_test_support::{bounded, Genesis, Now, HOUR, START};
use sto_primitives::identity::IdentityKind;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Identity: pallet_identity_registry,
		Token: pallet_security_token,
		Compliance: pallet_compliance,
	}
);

sto_test_support::impl_system_and_balances!(Test);

pub const MAX_RULES: u32 = 8;
pub const MAX_COMPLEXITY: u32 = 16;
pub const MAX_EXEMPTIONS: u32 = 3;
pub const VOLUME_BUCKETS: u32 = 24;
pub const MAX_VOLUME_PRUNE: u32 = 4;

sto_test_support::impl_sto_pallets! {
	runtime: Test,
	issuer: ISSUER,
	benchmarks: MockBenchmarks,
	identity_registry: {
		type MaxClaimsPerIdentity = ConstU32<32>;
		type MaxTopicsPerIssuer = ConstU32<32>;
	},
	compliance: {
		type MaxRules = ConstU32<MAX_RULES>;
		type MaxComplexity = ConstU32<MAX_COMPLEXITY>;
		type MaxExemptions = ConstU32<MAX_EXEMPTIONS>;
		type VolumeBuckets = ConstU32<VOLUME_BUCKETS>;
		type MaxVolumePrune = ConstU32<MAX_VOLUME_PRUNE>;
	},
}

pub const KYC_PROVIDER: IdentityId = 1;
pub const KYC_WALLET: u64 = 10;
pub const ACCREDITOR: IdentityId = 2;
pub const ACCREDITOR_WALLET: u64 = 20;
pub const ISSUER_ID: IdentityId = 3;
pub const ISSUER: u64 = 100;
pub const A: u64 = 1;
pub const B: u64 = 2;
pub const C: u64 = 3;
pub const D: u64 = 4;
pub const E: u64 = 5;
pub const F: u64 = 6;
/// A's second wallet (after `link_second_wallet`).
pub const A2: u64 = 11;
/// An account without identity.
pub const STRANGER: u64 = 50;

pub const DE: CountryCode = CountryCode(*b"DE");
pub const FR: CountryCode = CountryCode(*b"FR");
pub const US: CountryCode = CountryCode(*b"US");

/// A claim of `topic` on `account`'s identity by the issuer trusted for it.
pub fn claim(account: u64, topic: ClaimTopic, expiry: Option<u64>) {
	let issuer = match topic.investor_type() {
		Some(_) => ACCREDITOR_WALLET,
		None => KYC_WALLET,
	};
	claim_by(issuer, account, topic, expiry);
}

/// KYC without expiry, and optionally a jurisdiction and an investor type.
pub fn investor(account: u64, country: Option<CountryCode>, kind: Option<InvestorType>) {
	claim(account, ClaimTopic::Kyc, None);
	if let Some(country) = country {
		claim(account, ClaimTopic::Jurisdiction(country), None);
	}
	if let Some(kind) = kind {
		claim(account, kind.into(), None);
	}
}

/// Link `A2` to A's identity (A2 signs its consent).
pub fn link_second_wallet() {
	link_wallet(A, A2);
}

pub fn issue(token: TokenId, to: u64, amount: TokenBalance) -> DispatchResultWithPostInfo {
	Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, to, amount, None)
}

pub fn transfer(token: TokenId, from: u64, to: u64, amount: TokenBalance) -> DispatchResultWithPostInfo {
	Token::transfer_by_partition(RuntimeOrigin::signed(from), token, 0, to, amount, None)
}

pub fn set_rules(token: TokenId, rules: Vec<RuleOf<Test>>) -> DispatchResult {
	Compliance::set_rules(RuntimeOrigin::signed(ISSUER), token, bounded(&rules))
}

pub fn rule(kind: RuleKind<ConstU32<4>, ConstU32<2>, ConstU32<4>>) -> RuleOf<Test> {
	Rule { partition: None, kind }
}

pub use polkadot_sdk::frame_support::dispatch::{DispatchResult, DispatchResultWithPostInfo};

pub fn new_test_ext() -> TestExternalities {
	let genesis: Genesis = Genesis::default()
		.fund([KYC_WALLET, ACCREDITOR_WALLET, ISSUER, A, B, C, D, E, F, A2], 1_000_000)
		.kyc_provider(KYC_WALLET)
		.accreditor(ACCREDITOR_WALLET)
		.identity(ISSUER, IdentityKind::Issuer)
		.identities([A, B, C, D, E, F], IdentityKind::NaturalPerson);
	let mut ext = TestExternalities::new(sto_test_support::build_storage!(Test, genesis, identity_registry));
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(START);
		claim(ISSUER, ClaimTopic::Kyc, None);
	});
	ext
}

/// Run `test` on the genesis state, then check every pallet's invariants and that the
/// compliance statistics match the token's holders.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		check_invariants();
	});
}

pub fn check_invariants() {
	check_sto_invariants();
	// Every classified holder holds the token, and every holder with a class is classified.
	for (token, holder, _) in HolderClasses::<Test>::iter() {
		assert!(Token::identity_balance(token, holder) > 0, "classified identity {holder} holds nothing");
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockBenchmarks {
	fn token_with_parties(topics: &[ClaimTopic]) -> crate::BenchmarkToken<u64> {
		use polkadot_sdk::frame_support::assert_ok;
		// A benchmark's repeated runs start from the genesis storage: the issuer's KYC claim
		// (added after genesis by `new_test_ext`) is gone, and a token's creator must be verified.
		if Identity::claims_of(ISSUER_ID).iter().all(|(topic, _, _)| *topic != ClaimTopic::Kyc) {
			claim(ISSUER, ClaimTopic::Kyc, None);
		}
		let token = active_token();
		// The KYC provider attests the custom topics too.
		let mut classes = sto_test_support::KYC_CLASSES.to_vec();
		for class in topics.iter().map(|topic| topic.class()) {
			if !classes.contains(&class) {
				classes.push(class);
			}
		}
		assert_ok!(Identity::set_trusted_issuer(RuntimeOrigin::root(), KYC_PROVIDER, bounded(&classes)));
		for account in [A, B] {
			for topic in topics.iter().chain([ClaimTopic::Kyc, ClaimTopic::Jurisdiction(DE), ClaimTopic::Accredited].iter()) {
				let held = Identity::claims_of(identity(account)).iter().any(|(held, _, _)| held == topic);
				if !held {
					claim(account, *topic, None);
				}
			}
		}
		assert_ok!(issue(token, A, 1_000));
		Identity::benchmark_token_scoped_profile(identity(B), token, DE, InvestorType::Institutional);
		crate::BenchmarkToken { token, manager: ISSUER, sender: A, receiver: B }
	}
	fn set_time(now: u64) {
		Now::set(now);
	}
}
