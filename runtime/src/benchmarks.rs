//! The runtime's benchmark list (`sto-node benchmark pallet`), built with the
//! `runtime-benchmarks` feature only.

use crate::*;
use alloc::vec::Vec;
use codec::Decode;
use polkadot_sdk::{
	frame_benchmarking::{self, BenchmarkBatch, BenchmarkConfig, BenchmarkList},
	frame_support::traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys},
	frame_system_benchmarking::Pallet as SystemBench,
	sp_runtime::traits::TrailingZeroInput,
	sp_storage::TrackedStorageKey,
};

use frame_benchmarking::baseline::Pallet as BaselineBench;

polkadot_sdk::frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_validator_set, ValidatorSet]
	[pallet_identity_registry, IdentityRegistry]
	[pallet_security_token, SecurityToken]
);

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}

pub fn benchmark_metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	let storage_info = AllPalletsWithSystem::storage_info();
	(list, storage_info)
}

pub fn dispatch_benchmark(
	config: BenchmarkConfig,
) -> Result<Vec<BenchmarkBatch>, alloc::string::String> {
	let mut whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
	// `Timestamp::Now` is written by the timestamp inherent at the start of every block, before
	// any transaction: a transaction reading it hits the block's overlay, never the database.
	whitelist.push(
		polkadot_sdk::pallet_timestamp::Now::<Runtime>::hashed_key().to_vec().into(),
	);
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}

/// Registers deterministic session keys derived from the account, as `session.set_keys` would.
pub struct ValidatorSetBenchmarkHelper;
impl pallet_validator_set::BenchmarkHelper<AccountId> for ValidatorSetBenchmarkHelper {
	fn register_session_keys(who: &AccountId) {
		let raw: &[u8] = who.as_ref();
		let keys = SessionKeys::decode(&mut TrailingZeroInput::new(raw))
			.expect("session keys decode from any input padded with zeros; qed");
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}

/// Key type of the throw-away keys benchmarks sign consents with.
const BENCH_KEY: polkadot_sdk::sp_core::crypto::KeyTypeId =
	polkadot_sdk::sp_core::crypto::KeyTypeId(*b"stob");

/// Signs identity consents with sr25519 keys generated in the benchmark's keystore.
pub struct IdentityBenchmarkHelper;
impl pallet_identity_registry::BenchmarkHelper<AccountId, Signature> for IdentityBenchmarkHelper {
	fn account(seed: u32) -> AccountId {
		use polkadot_sdk::sp_runtime::{traits::IdentifyAccount, MultiSigner};
		let suri = alloc::format!("//sto-bench-{seed}").into_bytes();
		let public = polkadot_sdk::sp_io::crypto::sr25519_generate(BENCH_KEY, Some(suri));
		MultiSigner::Sr25519(public).into_account()
	}

	fn sign(signer: &AccountId, message: &[u8]) -> Signature {
		let raw: [u8; 32] = signer.clone().into();
		let public = polkadot_sdk::sp_core::sr25519::Public::from_raw(raw);
		let signature = polkadot_sdk::sp_io::crypto::sr25519_sign(BENCH_KEY, &public, message)
			.expect("the key was generated in this keystore by `account`; qed");
		Signature::Sr25519(signature)
	}

	fn token() -> Option<pallet_identity_registry::TokenId> {
		use pallet_security_token::{InstrumentType, PartitionRights, Underlying};
		use pallet_security_token::BenchmarkHelper as _;
		let (owner, _) = TokenBenchmarkHelper::verified_account(u32::MAX, None);
		let id = pallet_security_token::NextTokenId::<Runtime>::get();
		SecurityToken::create_token(
			RuntimeOrigin::signed(owner),
			b"IDBENCH".to_vec().try_into().ok()?,
			b"Identity registry benchmark".to_vec().try_into().ok()?,
			0,
			1,
			InstrumentType::Other,
			Underlying { numerator: 1, denominator: 1, unit: Default::default() },
			Default::default(),
			None,
			true,
			b"default".to_vec().try_into().ok()?,
			PartitionRights { voting: true, dividends: true, transferable: true },
		)
		.ok()?;
		Some(id)
	}
}

/// Verified accounts for the token benchmarks: identities and KYC claims straight from the
/// identity registry, funded for deposits.
pub struct TokenBenchmarkHelper;
impl pallet_security_token::BenchmarkHelper<AccountId> for TokenBenchmarkHelper {
	fn verified_account(
		seed: u32,
		identity: Option<pallet_identity_registry::IdentityId>,
	) -> (AccountId, pallet_identity_registry::IdentityId) {
		use polkadot_sdk::frame_support::traits::fungible::Mutate;
		let account: AccountId = frame_benchmarking::account("token-bench", seed, 0);
		let _ = Balances::mint_into(&account, 1_000 * UNIT);
		let identity = IdentityRegistry::benchmark_verified(account.clone(), identity);
		(account, identity)
	}
}
