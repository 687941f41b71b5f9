//! Test runtime: the real identity registry, security token and compliance engine (wired by
//! `sto_test_support::impl_sto_pallets!`) and the bridge, so that every export and release
//! runs the token's one movement path; governance is root.
//!
//! Genesis identities (in order): 1 = the KYC provider (wallet `KYC_WALLET`), 2 = the issuer
//! (wallet `ISSUER`), then investors `A`, `B`, `C` (identities 3, 4, 5). Everyone but `C` has a
//! KYC claim without expiry. `B` links the EVM address of key `B_EVM`; `C` links `C_EVM`.
//! Signers: accounts `SIGNERS` with the EVM keys of seeds `SIGNER_SEEDS` (2 of 3).

use crate as pallet_evm_bridge;
use crate::*;
use polkadot_sdk::{
	frame_support::{assert_ok, parameter_types, traits::ConstU32, PalletId},
	frame_system::{self, EnsureRoot},
	pallet_balances,
	sp_io::TestExternalities,
};
use sto_primitives::{
	bridge::TokenBridge,
	evm,
	identity::{ClaimTopic, IdentityKind},
};
pub use sto_test_support::{bounded, evm_address, evm_sign, Genesis, MockTime, Now, START};

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Identity: pallet_identity_registry,
		Token: pallet_security_token,
		Compliance: pallet_compliance,
		Bridge: pallet_evm_bridge,
	}
);

sto_test_support::impl_system_and_balances!(Test);

sto_test_support::impl_sto_pallets! {
	runtime: Test,
	issuer: ISSUER,
	benchmarks: MockBenchmarks,
	compliance_parties: (A, B),
}

pub const MAX_SIGNERS: u32 = 9;
pub const GRACE: u64 = 10;
/// Seconds an export may be minted.
pub const TIMEOUT: u64 = 3_600;
/// Blocks in a limit window.
pub const WINDOW: u64 = 100;
/// Seconds an allow-list entry lasts at most.
pub const ALLOW_TERM: u64 = 30 * 86_400;
/// Seconds the outgoing set stays valid on the EVM chains.
pub const GRACE_SECONDS: u64 = 60;

parameter_types! {
	pub const GracePeriod: u64 = GRACE;
	pub const BridgePalletId: PalletId = PalletId(*b"sto/brdg");
	pub const ExportTimeout: u64 = TIMEOUT;
	pub const LimitWindow: u64 = WINDOW;
	pub const AllowTerm: u64 = ALLOW_TERM;
	pub const GraceSeconds: u64 = GRACE_SECONDS;
}

impl pallet_evm_bridge::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxSigners = ConstU32<MAX_SIGNERS>;
	type GracePeriod = GracePeriod;
	type Tokens = Token;
	type EvmIdentity = Identity;
	type PalletId = BridgePalletId;
	type Time = MockTime;
	type ExportTimeout = ExportTimeout;
	type LimitWindow = LimitWindow;
	type AllowTerm = AllowTerm;
	type GraceSeconds = GraceSeconds;
	type MaxCommittees = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BridgeBench;
}

/// The benchmarks' helper on the mock: verified accounts from the token's helper, tokens of
/// `ISSUER`, EVM keys of `sto_test_support::evm_sign`, the mock clock.
#[cfg(feature = "runtime-benchmarks")]
pub struct BridgeBench;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for BridgeBench {
	fn verified_account(seed: u32) -> u64 {
		<MockBenchmarks as pallet_security_token::BenchmarkHelper<u64>>::verified_account(seed, None).0
	}
	fn token(holder: &u64, amount: TokenBalance) -> (TokenId, u64) {
		let token = active_token();
		assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, *holder, amount, None));
		(token, ISSUER)
	}
	fn link_evm(who: &u64, seed: u32) -> EvmAddress {
		link_evm(*who, seed);
		evm_address(seed)
	}
	fn evm_sign(seed: u32, digest: &[u8; 32]) -> EvmSignature {
		evm_sign(seed, digest)
	}
	fn set_time(now: u64) {
		Now::set(now);
	}
}

pub const KYC_WALLET: u64 = 10;
pub const ISSUER: u64 = 100;
pub const A: u64 = 1;
pub const B: u64 = 2;
/// Never verified.
pub const C: u64 = 3;
/// The EVM keys (seeds) of B's and C's linked EVM wallets, and of a wallet linked to nobody.
pub const B_EVM: u32 = 501;
pub const C_EVM: u32 = 502;
pub const NOBODY_EVM: u32 = 503;
/// The signers' accounts, and their EVM keys' seeds.
pub const SIGNERS: [u64; 3] = [71, 72, 73];
pub const SIGNER_SEEDS: [u32; 3] = [601, 602, 603];
/// The EVM chain of the test routes.
pub const CHAIN: EvmChainId = 31_337;

/// The signers as a set: keys ascending, as `set_signers` wants them.
pub fn signer_set(accounts: &[u64], seeds: &[u32]) -> SignersOf<Test> {
	let mut signers: alloc::vec::Vec<_> = accounts
		.iter()
		.zip(seeds)
		.map(|(account, seed)| (Signer { account: *account, key: evm_address(*seed) }, *seed))
		.collect();
	signers.sort_by_key(|(signer, _)| signer.key);
	bounded(&signers.into_iter().map(|(signer, _)| signer).collect::<alloc::vec::Vec<_>>())
}

/// The seed of the signer with account `account`.
pub fn seed_of(account: u64) -> u32 {
	SIGNER_SEEDS[SIGNERS.iter().position(|a| *a == account).expect("a signer")]
}

pub fn route() -> Route {
	Route {
		gateway: evm::EvmAddress::repeat_byte(0x6a),
		wrapped: evm::EvmAddress::repeat_byte(0x77),
		enabled: true,
		limits: Limits { per_export: 500, per_window: 1_000, per_identity_window: 800 },
	}
}

/// Link the EVM wallet of key `seed` to `primary`'s identity (the wallet signs the text).
pub fn link_evm(primary: u64, seed: u32) {
	let address = evm_address(seed);
	let text = Identity::evm_link_message(identity(primary), address);
	assert_ok!(Identity::link_evm_wallet(
		RuntimeOrigin::signed(primary),
		address,
		evm_sign(seed, &evm::eip191_hash(&text))
	));
}

/// An active token (partitions 0 and 1), `A` holding 1,000 of partition 0, routed to `CHAIN`,
/// with the signer set in place.
pub fn bridged_token() -> TokenId {
	let token = active_token();
	assert_ok!(Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, A, 1_000, None));
	assert_ok!(Bridge::set_route(RuntimeOrigin::root(), token, 0, CHAIN, route()));
	assert_ok!(Bridge::set_signers(RuntimeOrigin::root(), signer_set(&SIGNERS, &SIGNER_SEEDS)));
	token
}

/// What the escrow holds of `token`'s partition 0.
pub fn escrowed(token: TokenId) -> TokenBalance {
	<Token as TokenBridge<u64>>::escrowed(token, 0, &Bridge::account_id())
}

pub fn balance(token: TokenId, account: u64) -> TokenBalance {
	Token::balance_of(token, 0, &account)
}

/// `A` exports `amount` of partition 0 to the EVM wallet of key `seed`; the export's nonce.
pub fn export(token: TokenId, amount: TokenBalance, seed: u32) -> ExportNonce {
	assert_ok!(Bridge::export(RuntimeOrigin::signed(A), token, 0, CHAIN, amount, evm_address(seed)));
	LastExport::<Test>::get()
}

/// `signer`'s attestation of `kind` for export `nonce` (for `Message`, message `nonce`) by the
/// current set, signed with its key.
pub fn attest(
	signer: u64,
	kind: AttestationKind,
	nonce: ExportNonce,
) -> polkadot_sdk::frame_support::dispatch::DispatchResultWithPostInfo {
	let digest = match kind {
		AttestationKind::Message => Messages::<Test>::get(nonce).expect("message").digest,
		AttestationKind::Export => Exports::<Test>::get(nonce).expect("export in flight").digest,
		AttestationKind::ExportOutcome { minted } => {
			Bridge::outcome_digest(&Exports::<Test>::get(nonce).expect("export in flight"), nonce, minted)
		},
	};
	Bridge::attest(
		RuntimeOrigin::signed(signer),
		kind,
		nonce,
		CurrentSet::<Test>::get(),
		evm_sign(seed_of(signer), &digest),
	)
}

/// Move the clock past export `nonce`'s deadline.
pub fn past_deadline(nonce: ExportNonce) {
	let deadline = Exports::<Test>::get(nonce).expect("export").deadline;
	Now::set((deadline + 1) * 1_000);
}

/// Export `amount` to `B`'s EVM wallet and see it attested and minted (2 of 3 each time):
/// the route then has `amount` more outstanding.
pub fn export_minted(token: TokenId, amount: TokenBalance) -> ExportNonce {
	let nonce = export(token, amount, B_EVM);
	assert_ok!(attest(SIGNERS[0], AttestationKind::Export, nonce));
	assert_ok!(attest(SIGNERS[1], AttestationKind::Export, nonce));
	past_deadline(nonce);
	assert_ok!(attest(SIGNERS[0], AttestationKind::ExportOutcome { minted: true }, nonce));
	assert_ok!(attest(SIGNERS[1], AttestationKind::ExportOutcome { minted: true }, nonce));
	nonce
}

pub fn new_test_ext() -> TestExternalities {
	let genesis: Genesis = Genesis::default()
		.fund([KYC_WALLET, ISSUER, A, B, C], 1_000_000)
		.fund(SIGNERS, 1_000)
		.kyc_provider(KYC_WALLET)
		.identity(ISSUER, IdentityKind::Issuer)
		.identities([A, B, C], IdentityKind::NaturalPerson);
	let storage = sto_test_support::build_storage!(Test, genesis, identity_registry);
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(START);
		for account in [ISSUER, A, B] {
			claim_by(KYC_WALLET, account, ClaimTopic::Kyc, None);
		}
		link_evm(B, B_EVM);
		link_evm(C, C_EVM);
	});
	// Into the backend: a benchmark's state is wiped back to it after each run.
	ext.commit_all().expect("the genesis overlay commits");
	ext
}

/// Run `test` from block 1, then check every pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Bridge::do_try_state().expect("bridge invariants hold");
		check_sto_invariants();
	});
}
