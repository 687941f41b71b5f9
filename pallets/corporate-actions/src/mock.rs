//! Test runtime: the real identity registry, security token and compliance engine (wired by
//! `sto_test_support::impl_sto_pallets!`, the token's checkpoint observer being this pallet),
//! and this pallet, so that every checkpoint is written by the token's one movement path.
//!
//! Genesis identities (in order, so their ids are fixed): 1 = the KYC provider (wallet
//! `KYC_WALLET`), 2 = the issuer (wallet `ISSUER`), 3 = the transfer agent (wallet `AGENT`,
//! granted the role on each token by [`token`]), then holders `A`..`F` (accounts 1..=6,
//! identities 4..=9; A also has wallet `A2`), and `OUTSIDER` (identity 10, no role). Everyone
//! has a KYC claim without expiry.

use crate as pallet_corporate_actions;
use crate::*;
use polkadot_sdk::{
	frame_support::{assert_ok, derive_impl},
	frame_system,
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
		CorporateActions: pallet_corporate_actions,
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
	security_token: { type Checkpoints = CorporateActions; },
	compliance_parties: (A, B),
}

#[derive_impl(pallet_corporate_actions::config_preludes::TestDefaultConfig)]
impl pallet_corporate_actions::Config for Test {
	type Currency = Balances;
	type Tokens = Token;
	type Identity = Identity;
	type Time = MockTime;
	type Cash = AssetsHolder;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarks;
}

pub const KYC_WALLET: u64 = 10;
pub const ISSUER: u64 = 100;
pub const AGENT: u64 = 101;
pub const AGENT_ID: IdentityId = 3;
pub const OUTSIDER: u64 = 102;
pub const A: u64 = 1;
pub const B: u64 = 2;
pub const C: u64 = 3;
pub const D: u64 = 4;
pub const E: u64 = 5;
pub const F: u64 = 6;
/// A's second wallet.
pub const A2: u64 = 11;
/// Every account's free balance at genesis.
pub const FUNDS: u64 = 1_000_000;
/// The checkpoint deposit (the prelude's).
pub const DEPOSIT: u64 = 3;

/// The cash asset (minimum balance 1), and what the issuer and `AGENT` hold of it at genesis.
pub const USD: u32 = 7;
pub const CASH: u128 = 1_000_000_000;
/// Where withheld tax goes.
pub const TAX_OFFICE: u64 = 200;

pub fn new_test_ext() -> TestExternalities {
	let genesis: Genesis = Genesis::default()
		.fund([KYC_WALLET, ISSUER, AGENT, OUTSIDER, A, B, C, D, E, F, A2], FUNDS)
		.kyc_provider(KYC_WALLET)
		.identity(ISSUER, IdentityKind::Issuer)
		.identity(AGENT, IdentityKind::Company)
		.identities([A, B, C, D, E, F], IdentityKind::NaturalPerson)
		.identity(OUTSIDER, IdentityKind::NaturalPerson);
	let mut storage = sto_test_support::build_storage!(Test, genesis, identity_registry);
	sto_test_support::cash_genesis!(Test, &mut storage, asset: USD, owner: ISSUER, accounts: vec![(USD, ISSUER, CASH), (USD, AGENT, CASH)]);
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(START);
		for account in [ISSUER, AGENT, OUTSIDER, A, B, C, D, E, F] {
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
	CorporateActions::do_try_state().expect("corporate-actions invariants hold");
	check_sto_invariants();
}

/// An active token of the issuer with partitions 0 and 1, `AGENT` its transfer agent.
pub fn token() -> TokenId {
	let token = active_token();
	assert_ok!(Token::grant_roles(
		RuntimeOrigin::signed(ISSUER),
		token,
		AGENT_ID,
		pallet_security_token::Roles(pallet_security_token::Roles::TRANSFER_AGENT),
	));
	token
}

pub fn issue(token: TokenId, partition: PartitionId, to: u64, amount: TokenBalance) {
	assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, partition, to, amount, None));
}

pub fn transfer(token: TokenId, partition: PartitionId, from: u64, to: u64, amount: TokenBalance) {
	assert_ok!(Token::transfer_by_partition(RuntimeOrigin::signed(from), token, partition, to, amount, None));
}

pub fn create(token: TokenId) -> CheckpointId {
	let id = NextCheckpointId::<Test>::get(token);
	assert_ok!(CorporateActions::create_checkpoint(RuntimeOrigin::signed(ISSUER), token));
	id
}

pub fn schedule(token: TokenId, record_date: u64) -> CheckpointId {
	let id = NextCheckpointId::<Test>::get(token);
	assert_ok!(CorporateActions::schedule_checkpoint(RuntimeOrigin::signed(ISSUER), token, record_date));
	id
}

pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::CorporateActions(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// What `account` has on hold for checkpoints.
pub fn held(account: u64) -> u64 {
	use polkadot_sdk::frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&RuntimeHoldReason::CorporateActions(HoldReason::Checkpoint), &account)
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, u32> for MockBenchmarks {
	fn token_and_manager() -> (TokenId, u64) {
		// A benchmark's repeated runs start from the genesis storage: the issuer's KYC claim
		// (added after genesis by `new_test_ext`) is gone, and a token's creator must be verified.
		if Identity::claims_of(2).iter().all(|(topic, _, _)| *topic != ClaimTopic::Kyc) {
			claim_by(KYC_WALLET, ISSUER, ClaimTopic::Kyc, None);
		}
		let token = active_token();
		let rights = pallet_security_token::PartitionRights { voting: true, dividends: true, transferable: true };
		assert_ok!(Token::add_partition(RuntimeOrigin::signed(ISSUER), token, sto_test_support::bounded(b"third"), rights));
		(token, ISSUER)
	}

	fn holder(seed: u32) -> (u64, IdentityId) {
		sto_test_support::verified_account::<Balances>(30_000, seed, None, Identity::benchmark_verified)
	}

	fn cash(to: &u64, amount: u128) -> u32 {
		use polkadot_sdk::frame_support::traits::fungibles::Mutate;
		assert_ok!(Assets::mint_into(USD, to, amount));
		USD
	}

	fn voter(token: TokenId, manager: &u64, partitions: u32, amount: TokenBalance) -> u64 {
		let have = pallet_security_token::Tokens::<Test>::get(token).map_or(0, |details| details.partitions.len() as u32);
		let rights = pallet_security_token::PartitionRights { voting: true, dividends: true, transferable: true };
		for partition in have..partitions {
			let name = format!("voting{partition}");
			assert_ok!(Token::add_partition(
				RuntimeOrigin::signed(*manager),
				token,
				sto_test_support::bounded(name.as_bytes()),
				rights
			));
		}
		// As for the issuer: repeated runs start from the genesis storage, without A's claim.
		if Identity::claims_of(identity(A)).iter().all(|(topic, _, _)| *topic != ClaimTopic::Kyc) {
			claim_by(KYC_WALLET, A, ClaimTopic::Kyc, None);
		}
		for partition in 0..partitions {
			assert_ok!(Token::issue(RuntimeOrigin::signed(*manager), token, partition as PartitionId, A, amount, None));
		}
		A
	}
}

