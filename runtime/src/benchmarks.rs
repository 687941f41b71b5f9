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
	[pallet_compliance, Compliance]
	[pallet_custody, Custody]
	[pallet_corporate_actions, CorporateActions]
	[pallet_offering, Offering]
	[pallet_evm_bridge, EvmBridge]
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

	fn evm_sign(seed: u32, digest: &[u8; 32]) -> sto_primitives::evm::EvmSignature {
		let suri = alloc::format!("//sto-bench-evm-{seed}").into_bytes();
		let public = polkadot_sdk::sp_io::crypto::ecdsa_generate(BENCH_KEY, Some(suri));
		let mut signature = polkadot_sdk::sp_io::crypto::ecdsa_sign_prehashed(BENCH_KEY, &public, digest)
			.expect("the key was generated in this keystore just now; qed")
			.0;
		// The keystore signs with `v` 0 or 1; EVM wallets (and the registry) use 27 or 28.
		signature[64] += 27;
		signature
	}

	fn token() -> Option<pallet_identity_registry::TokenId> {
		use pallet_security_token::{InstrumentType, PartitionRights, Underlying};
		use pallet_security_token::BenchmarkHelper as _;
		let (owner, _) = TokenBenchmarkHelper::verified_account(u32::MAX, None);
		let id = pallet_security_token::NextTokenId::<Runtime>::get();
		SecurityToken::create_token(
			RuntimeOrigin::signed(owner),
			pallet_security_token::TokenTerms {
				symbol: b"IDBENCH".to_vec().try_into().ok()?,
				name: b"Identity registry benchmark".to_vec().try_into().ok()?,
				decimals: 0,
				granularity: 1,
				instrument: InstrumentType::Other,
				underlying: Underlying { numerator: 1, denominator: 1, unit: Default::default() },
				identifiers: Default::default(),
				supply_cap: None,
				controllable: true,
				default_partition: b"default".to_vec().try_into().ok()?,
				rights: PartitionRights { voting: true, dividends: true, transferable: true },
			},
		)
		.ok()?;
		Some(id)
	}
}

/// Benchmark account `seed` of `name` (as `frame_benchmarking::account` makes them), funded for
/// deposits, a wallet of `identity` or the primary of a new identity, with a KYC claim straight
/// from the identity registry. What the token's and custody's helpers return.
fn verified_account(
	name: &'static str,
	seed: u32,
	identity: Option<pallet_identity_registry::IdentityId>,
) -> (AccountId, pallet_identity_registry::IdentityId) {
	use polkadot_sdk::frame_support::traits::fungible::Mutate;
	let account: AccountId = frame_benchmarking::account(name, seed, 0);
	let _ = Balances::mint_into(&account, 1_000 * UNIT);
	let identity = IdentityRegistry::benchmark_verified(account.clone(), identity);
	(account, identity)
}

/// Verified accounts for the token benchmarks: identities and KYC claims straight from the
/// identity registry, funded for deposits.
/// A token of `owner` for a pallet's benchmarks (symbol `prefix` and its id), with
/// `partitions` partitions carrying every right, in `status`.
fn benchmark_token(
	owner: &AccountId,
	prefix: &[u8],
	partitions: u32,
	status: pallet_security_token::TokenStatus,
) -> pallet_security_token::TokenId {
	let id = pallet_security_token::NextTokenId::<Runtime>::get();
	let mut symbol = prefix.to_vec();
	symbol.extend_from_slice(alloc::format!("{id}").as_bytes());
	let rights = pallet_security_token::PartitionRights { voting: true, dividends: true, transferable: true };
	SecurityToken::create_token(
		RuntimeOrigin::signed(owner.clone()),
		pallet_security_token::TokenTerms {
			symbol: symbol.try_into().expect("a short symbol; qed"),
			name: b"Benchmark token".to_vec().try_into().expect("a short name; qed"),
			decimals: 0,
			granularity: 1,
			instrument: pallet_security_token::InstrumentType::Equity,
			underlying: pallet_security_token::Underlying { numerator: 1, denominator: 1, unit: Default::default() },
			identifiers: Default::default(),
			supply_cap: None,
			controllable: true,
			default_partition: b"common".to_vec().try_into().expect("a short name; qed"),
			rights,
		},
	)
	.expect("the benchmark token is created; qed");
	for partition in 1..partitions {
		let name = alloc::format!("tranche {partition}").into_bytes();
		SecurityToken::add_partition(RuntimeOrigin::signed(owner.clone()), id, name.try_into().expect("a short name; qed"), rights)
			.expect("room for the token's partitions; qed");
	}
	SecurityToken::set_status(RuntimeOrigin::signed(owner.clone()), id, status).expect("the owner sets its token's status; qed");
	id
}

/// Corporate actions: a token created by the token benchmarks' owner (who may manage its
/// checkpoints), active.
pub struct CorporateActionsBenchmarkHelper;
impl pallet_corporate_actions::BenchmarkHelper<AccountId, u32> for CorporateActionsBenchmarkHelper {
	fn token_and_manager() -> (pallet_security_token::TokenId, AccountId) {
		let (owner, _) = verified_account("corporate-actions-bench", 0, None);
		let partitions =
			<<Runtime as pallet_security_token::Config>::MaxPartitions as polkadot_sdk::frame_support::traits::Get<u32>>::get();
		let id = benchmark_token(&owner, b"CABENCH", partitions, pallet_security_token::TokenStatus::Active);
		(id, owner)
	}

	fn holder(seed: u32) -> (AccountId, pallet_identity_registry::IdentityId) {
		verified_account("corporate-actions-holder", seed, None)
	}

	/// Asset 1_000_001, created on first use (min balance 1), `amount` minted to `to`.
	fn cash(to: &AccountId, amount: u128) -> u32 {
		use polkadot_sdk::frame_support::traits::fungibles::{Create, Inspect, Mutate};
		const CASH: u32 = 1_000_001;
		if !<Assets as Inspect<AccountId>>::asset_exists(CASH) {
			<Assets as Create<AccountId>>::create(CASH, to.clone(), true, 1).expect("a new asset; qed");
		}
		<Assets as Mutate<AccountId>>::mint_into(CASH, to, amount).expect("minted; qed");
		CASH
	}

	fn voter(
		token: pallet_security_token::TokenId,
		owner: &AccountId,
		partitions: u32,
		amount: pallet_security_token::TokenBalance,
	) -> AccountId {
		let have = pallet_security_token::Tokens::<Runtime>::get(token).map_or(0, |details| details.partitions.len() as u32);
		for partition in have..partitions {
			SecurityToken::add_partition(
				RuntimeOrigin::signed(owner.clone()),
				token,
				alloc::format!("voting{partition}").into_bytes().try_into().expect("a short name; qed"),
				pallet_security_token::PartitionRights { voting: true, dividends: true, transferable: true },
			)
			.expect("the owner adds partitions up to the bound; qed");
		}
		let (voter, _) = verified_account("corporate-actions-voter", token, None);
		for partition in 0..partitions {
			SecurityToken::issue(
				RuntimeOrigin::signed(owner.clone()),
				token,
				partition as pallet_security_token::PartitionId,
				voter.clone(),
				amount,
				None,
			)
			.expect("the owner issues to a verified holder; qed");
		}
		voter
	}
}

/// A verified wallet (made by `verified`) of a new identity whose position in `token` is one
/// holding short of `MaxHoldingsPerIdentity` (further wallets of the identity hold a unit in
/// each partition, issued by the token's owner): the costliest receiver of a movement.
fn crowded_account(
	token: pallet_security_token::TokenId,
	seed: u32,
	verified: impl Fn(u32, Option<pallet_identity_registry::IdentityId>) -> (AccountId, pallet_identity_registry::IdentityId),
) -> AccountId {
	use polkadot_sdk::frame_support::traits::Get;
	let (receiver, identity) = verified(seed, None);
	let owner = pallet_security_token::Tokens::<Runtime>::get(token)
		.map(|details| details.owner)
		.and_then(|owner| pallet_identity_registry::Wallets::<Runtime>::iter_key_prefix(owner).next())
		.expect("benchmark tokens have a verified owner; qed");
	let partitions = pallet_security_token::Tokens::<Runtime>::get(token).map_or(1, |t| t.partitions.len() as u32);
	let full = <Runtime as pallet_security_token::Config>::MaxHoldingsPerIdentity::get();
	let (mut made, mut wallet) = (0u32, 0u32);
	while made + 1 < full {
		wallet += 1;
		let (account, _) = verified(4_000_000u32.saturating_add(seed.saturating_mul(64)).saturating_add(wallet), Some(identity));
		for partition in 0..partitions {
			if made + 1 >= full {
				break;
			}
			SecurityToken::issue(RuntimeOrigin::signed(owner.clone()), token, partition as u16, account.clone(), 1, None)
				.expect("issued to a verified wallet");
			made += 1;
		}
	}
	receiver
}

/// An offering's investor: a verified account whose new identity's claim book is full.
fn investor(
	seed: u32,
	identity: Option<pallet_identity_registry::IdentityId>,
) -> (AccountId, pallet_identity_registry::IdentityId) {
	let fresh = identity.is_none();
	let (account, identity) = verified_account("offering-investor", seed, identity);
	if fresh {
		IdentityRegistry::benchmark_fill_claim_records(&[identity]);
	}
	(account, identity)
}

/// Offerings: a token in its issuing phase (no compliance rules: what they add is declared
/// separately), its owner as the seller, verified investors, a cash asset.
pub struct OfferingBenchmarkHelper;
impl pallet_offering::BenchmarkHelper<AccountId, u32> for OfferingBenchmarkHelper {
	fn token_and_manager() -> (pallet_security_token::TokenId, AccountId) {
		let (owner, _) = verified_account("offering-bench", 0, None);
		let id = benchmark_token(&owner, b"OFBENCH", 1, pallet_security_token::TokenStatus::Issuing);
		(id, owner)
	}

	/// With its claim book full (the KYC check at its costliest).
	fn investor(seed: u32) -> AccountId {
		investor(seed, None).0
	}

	fn crowded_investor(token: pallet_security_token::TokenId, seed: u32) -> AccountId {
		crowded_account(token, seed, investor)
	}

	/// Asset 1_000_002, created on first use (min balance 1), `amount` minted to each of `to`.
	fn cash(to: &[AccountId], amount: u128) -> u32 {
		use polkadot_sdk::frame_support::traits::fungibles::{Create, Inspect, Mutate};
		const CASH: u32 = 1_000_002;
		let admin: AccountId = frame_benchmarking::account("offering-cash", 0, 0);
		if !<Assets as Inspect<AccountId>>::asset_exists(CASH) {
			<Assets as Create<AccountId>>::create(CASH, admin, true, 1).expect("a new asset; qed");
		}
		for account in to {
			<Assets as Mutate<AccountId>>::mint_into(CASH, account, amount).expect("minted; qed");
		}
		CASH
	}

	fn set_time(now: u64) {
		polkadot_sdk::pallet_timestamp::Now::<Runtime>::put(now);
	}
}

/// The EVM bridge: verified accounts, a token of its own owner (no compliance rules), EVM keys
/// of the benchmark keystore (as the identity registry's), the timestamp.
pub struct BridgeBenchmarkHelper;
impl pallet_evm_bridge::BenchmarkHelper<AccountId> for BridgeBenchmarkHelper {
	fn verified_account(seed: u32) -> AccountId {
		verified_account("bridge-bench", seed, None).0
	}

	fn token(holder: &AccountId, amount: u128) -> (pallet_security_token::TokenId, AccountId) {
		let (owner, _) = verified_account("bridge-owner", 0, None);
		let id = benchmark_token(&owner, b"BRBENCH", 1, pallet_security_token::TokenStatus::Active);
		SecurityToken::issue(RuntimeOrigin::signed(owner.clone()), id, 0, holder.clone(), amount, None)
			.expect("the owner issues to a verified holder; qed");
		(id, owner)
	}

	fn link_evm(who: &AccountId, seed: u32) -> sto_primitives::evm::EvmAddress {
		use pallet_identity_registry::BenchmarkHelper as _;
		let probe = [7u8; 32];
		let address = sto_primitives::evm::recover(&probe, &IdentityBenchmarkHelper::evm_sign(seed, &probe))
			.expect("the keystore signs strictly; qed");
		let identity = pallet_identity_registry::IdentityOf::<Runtime>::get(who).expect("a verified account; qed");
		let text = IdentityRegistry::evm_link_message(identity, address);
		let signature = IdentityBenchmarkHelper::evm_sign(seed, &sto_primitives::evm::eip191_hash(&text));
		IdentityRegistry::link_evm_wallet(RuntimeOrigin::signed(who.clone()), address, signature)
			.expect("the primary wallet links its EVM wallet; qed");
		address
	}

	fn evm_sign(seed: u32, digest: &[u8; 32]) -> sto_primitives::evm::EvmSignature {
		use pallet_identity_registry::BenchmarkHelper as _;
		IdentityBenchmarkHelper::evm_sign(seed, digest)
	}

	fn set_time(now: u64) {
		polkadot_sdk::pallet_timestamp::Now::<Runtime>::put(now);
	}
}

pub struct TokenBenchmarkHelper;
impl pallet_security_token::BenchmarkHelper<AccountId> for TokenBenchmarkHelper {
	fn verified_account(
		seed: u32,
		identity: Option<pallet_identity_registry::IdentityId>,
	) -> (AccountId, pallet_identity_registry::IdentityId) {
		verified_account("token-bench", seed, identity)
	}

	/// A checkpoint of the corporate-actions pallet, taken now by the token's owner.
	fn checkpoint(token: pallet_security_token::TokenId, owner: &AccountId) {
		CorporateActions::create_checkpoint(RuntimeOrigin::signed(owner.clone()), token)
			.expect("the owner of an active token takes a checkpoint; qed");
	}

	/// KYC and AML on both sides, a jurisdiction allow list (the parties are DE), at most
	/// 10,000 holders, a maximum balance: 7 complexity units. The parties' claim books and the
	/// trusted-issuer list are filled to their bounds.
	fn typical_compliance(token: pallet_security_token::TokenId, owner: &AccountId, accounts: &[AccountId]) {
		use pallet_compliance::{ClaimTopic, CountryCode, IssuerSource, Requirement, Rule, RuleKind, Side};
		let de = CountryCode(*b"DE");
		let topics = [ClaimTopic::Aml, ClaimTopic::Jurisdiction(de)];
		let attest = trusted_issuers(1_500_000u32.saturating_add(token.saturating_mul(8)), &topics);
		let mut identities = Vec::new();
		for account in accounts {
			let identity = pallet_identity_registry::IdentityOf::<Runtime>::get(account).expect("benchmark accounts are verified; qed");
			attest(identity);
			identities.push(identity);
		}
		// The weight is measured with the records a check decodes at their largest.
		IdentityRegistry::benchmark_fill_claim_records(&identities);
		let countries = [*b"DE", *b"FR", *b"LU", *b"NL", *b"AT", *b"BE", *b"IT", *b"ES"].map(CountryCode);
		let rules = alloc::vec![
			Rule {
				partition: None,
				kind: RuleKind::Claims {
					side: Side::Both,
					requirement: Requirement::AllOf,
					topics: alloc::vec![ClaimTopic::Kyc, ClaimTopic::Aml].try_into().expect("2 of 4; qed"),
					issuers: IssuerSource::Trusted,
				},
			},
			Rule { partition: None, kind: RuleKind::AllowJurisdictions(countries.to_vec().try_into().expect("8 of 64; qed")) },
			Rule { partition: None, kind: RuleKind::MaxHolders(10_000) },
			Rule { partition: None, kind: RuleKind::MaxBalance(u128::MAX / 2) },
		];
		let rules = rules.try_into().expect("4 of 16 rules; qed");
		Compliance::set_rules(RuntimeOrigin::signed(owner.clone()), token, rules)
			.expect("the owner manages compliance and the rules are well formed; qed");
	}
}

/// Trusted issuers (as many as `MaxTopicsPerIssuer` requires) for `topics`, created from
/// benchmark accounts `seed..`; returns a function that gives an identity a claim of each
/// topic (global, no expiry).
fn trusted_issuers(
	seed: u32,
	topics: &[pallet_compliance::ClaimTopic],
) -> impl Fn(pallet_identity_registry::IdentityId) + '_ {
	use pallet_identity_registry::{ClaimScope, TopicClass};
	use pallet_security_token::BenchmarkHelper as _;
	use polkadot_sdk::frame_support::traits::Get;
	let per_issuer =
		<<Runtime as pallet_identity_registry::Config>::MaxTopicsPerIssuer as Get<u32>>::get() as usize;
	let mut wallets = Vec::new();
	for (index, chunk) in topics.chunks(per_issuer).enumerate() {
		let (wallet, issuer) = TokenBenchmarkHelper::verified_account(seed + index as u32, None);
		let classes: Vec<TopicClass> = chunk.iter().map(|topic| topic.class()).collect();
		IdentityRegistry::set_trusted_issuer(
			RuntimeOrigin::root(),
			issuer,
			classes.try_into().expect("chunked to the bound; qed"),
		)
		.expect("root sets trusted issuers");
		wallets.push(wallet);
	}
	move |subject| {
		for (index, topic) in topics.iter().enumerate() {
			IdentityRegistry::add_claim(
				RuntimeOrigin::signed(wallets[index / per_issuer].clone()),
				subject,
				*topic,
				ClaimScope::Global,
				None,
				Default::default(),
			)
			.expect("a trusted issuer adds a claim");
		}
	}
}

/// Tokens and parties for the compliance benchmarks: an active token, a sender holding it and
/// a receiver that does not, both verified, with every claim topic asked for from chain-wide
/// trusted issuers (as many issuers as `MaxTopicsPerIssuer` requires). The sender's
/// jurisdiction (DE) and investor type (accredited) are chain-wide; the receiver's (DE,
/// institutional) are attested for the token only, at the end of a full book for the token
/// (`benchmark_token_scoped_profile`). Their global books and the trusted-issuer list are
/// filled to their bounds.
pub struct ComplianceBenchmarkHelper;
impl pallet_compliance::BenchmarkHelper<AccountId> for ComplianceBenchmarkHelper {
	fn token_with_parties(
		topics: &[pallet_compliance::ClaimTopic],
	) -> pallet_compliance::BenchmarkToken<AccountId> {
		use pallet_compliance::{ClaimTopic, CountryCode};
		use pallet_security_token::{BenchmarkHelper as _, InstrumentType, PartitionRights, TokenStatus, Underlying};
		let token = pallet_security_token::NextTokenId::<Runtime>::get();
		let seed = 1_000_000u32.saturating_add(token.saturating_mul(8));
		let verified = |offset: u32| TokenBenchmarkHelper::verified_account(seed + offset, None);
		let mut wanted: Vec<ClaimTopic> =
			alloc::vec![ClaimTopic::Jurisdiction(CountryCode(*b"DE")), ClaimTopic::Accredited];
		wanted.extend(topics.iter().copied().filter(|topic| *topic != ClaimTopic::Kyc));
		let attest = trusted_issuers(seed + 4, &wanted);
		let (owner, _) = verified(0);
		let (sender, sender_id) = verified(1);
		let (receiver, receiver_id) = verified(2);
		attest(sender_id);
		attest(receiver_id);
		let rights = PartitionRights { voting: true, dividends: true, transferable: true };
		SecurityToken::create_token(
			RuntimeOrigin::signed(owner.clone()),
			pallet_security_token::TokenTerms {
				symbol: alloc::format!("CB{token}").into_bytes().try_into().expect("short symbol; qed"),
				name: b"Compliance benchmark".to_vec().try_into().expect("short name; qed"),
				decimals: 0,
				granularity: 1,
				instrument: InstrumentType::Equity,
				underlying: Underlying { numerator: 1, denominator: 1, unit: Default::default() },
				identifiers: Default::default(),
				supply_cap: None,
				controllable: true,
				default_partition: b"default".to_vec().try_into().expect("short name; qed"),
				rights: rights,
			},
		)
		.expect("a verified owner creates a token");
		SecurityToken::set_status(RuntimeOrigin::signed(owner.clone()), token, TokenStatus::Active)
			.expect("the owner activates");
		SecurityToken::issue(RuntimeOrigin::signed(owner.clone()), token, 0, sender.clone(), 1_000_000, None)
			.expect("issued to a verified sender");
		IdentityRegistry::benchmark_token_scoped_profile(
			receiver_id,
			token,
			CountryCode(*b"DE"),
			pallet_compliance::InvestorType::Institutional,
		);
		IdentityRegistry::benchmark_fill_claim_records(&[sender_id, receiver_id]);
		pallet_compliance::BenchmarkToken { token, manager: owner, sender, receiver }
	}

	fn set_time(now: u64) {
		polkadot_sdk::pallet_timestamp::Now::<Runtime>::put(now);
	}
}

/// Parties, tokens and cash for the custody benchmarks. Every verified account's claim book
/// (and the trusted-issuer list) is filled to its bound, so the receiver checks of each leg
/// decode their largest records.
pub struct CustodyBenchmarkHelper;
impl pallet_custody::BenchmarkHelper<AccountId, u32, Balance> for CustodyBenchmarkHelper {
	fn verified_account(
		seed: u32,
		identity: Option<pallet_identity_registry::IdentityId>,
	) -> (AccountId, pallet_identity_registry::IdentityId) {
		let fresh = identity.is_none();
		let (account, identity) = verified_account("custody-bench", seed, identity);
		if fresh {
			IdentityRegistry::benchmark_fill_claim_records(&[identity]);
		}
		(account, identity)
	}

	fn token(holders: &[AccountId], amount: pallet_security_token::TokenBalance) -> (pallet_security_token::TokenId, AccountId) {
		use pallet_security_token::{InstrumentType, PartitionRights, TokenStatus, Underlying};
		use polkadot_sdk::frame_support::traits::Get;
		let token = pallet_security_token::NextTokenId::<Runtime>::get();
		let (owner, _) = Self::verified_account(3_000_000u32.saturating_add(token), None);
		let rights = PartitionRights { voting: true, dividends: true, transferable: true };
		let name = |prefix: &str, n: u32| alloc::format!("{prefix}{n}").into_bytes();
		SecurityToken::create_token(
			RuntimeOrigin::signed(owner.clone()),
			pallet_security_token::TokenTerms {
				symbol: name("CU", token).try_into().expect("short symbol; qed"),
				name: b"Custody benchmark".to_vec().try_into().expect("short name; qed"),
				decimals: 0,
				granularity: 1,
				instrument: InstrumentType::Equity,
				underlying: Underlying { numerator: 1, denominator: 1, unit: Default::default() },
				identifiers: Default::default(),
				supply_cap: None,
				controllable: true,
				default_partition: name("p", 0).try_into().expect("short name; qed"),
				rights: rights,
			},
		)
		.expect("a verified owner creates a token");
		for partition in 1..<Runtime as pallet_security_token::Config>::MaxPartitions::get() {
			SecurityToken::add_partition(
				RuntimeOrigin::signed(owner.clone()),
				token,
				name("p", partition).try_into().expect("short name; qed"),
				rights,
			)
			.expect("the owner adds partitions up to the bound");
		}
		SecurityToken::set_status(RuntimeOrigin::signed(owner.clone()), token, TokenStatus::Active)
			.expect("the owner activates");
		for holder in holders {
			SecurityToken::issue(RuntimeOrigin::signed(owner.clone()), token, 0, holder.clone(), amount, None)
				.expect("issued to a verified holder");
		}
		(token, owner)
	}

	fn crowded_receiver(token: pallet_security_token::TokenId, seed: u32) -> AccountId {
		crowded_account(token, seed, |seed, identity| Self::verified_account(seed, identity))
	}

	fn cash(payer: &AccountId, amount: Balance) -> u32 {
		use polkadot_sdk::frame_support::traits::fungibles::{Create, Mutate};
		const ASSET: u32 = 0xC0DE;
		if !<Assets as polkadot_sdk::frame_support::traits::fungibles::Inspect<AccountId>>::asset_exists(ASSET) {
			<Assets as Create<AccountId>>::create(ASSET, payer.clone(), true, 1)
				.expect("a new asset id; qed");
		}
		<Assets as Mutate<AccountId>>::mint_into(ASSET, payer, amount).expect("minted to the payer");
		ASSET
	}
}
