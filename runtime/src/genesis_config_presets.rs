//! Genesis presets: `development` (one validator, sudo), `local_testnet` (two validators, sudo)
//! and `consortium` (four validators, a four-member council, no sudo).
//!
//! The presets use the well-known development keys (Alice, Bob, ...), so they are for test
//! networks. In every preset Ferdie is identity 1: a KYC provider (registrar and trusted issuer
//! of every standard claim topic). A real consortium builds its spec from the `consortium` preset with its members'
//! own keys (see chain-specs/README.md).

use crate::{
	AccountId, BalancesConfig, CouncilConfig, IdentityRegistryConfig, RuntimeGenesisConfig,
	SessionConfig, SessionKeys, SudoConfig, ValidatorSetConfig, UNIT,
};
use pallet_identity_registry::{IdentityKind, TopicClass};
use alloc::{vec, vec::Vec};
use polkadot_sdk::{
	frame_support::build_struct_json_patch,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_consensus_grandpa::AuthorityId as GrandpaId,
	sp_genesis_builder::{self, PresetId},
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
};
use serde_json::Value;

/// Name of the four-validator consortium preset.
pub const CONSORTIUM_PRESET: &str = "consortium";

/// Balance of each endowed development account.
pub const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// A validator at genesis: its account and its session keys.
pub struct GenesisValidator {
	pub account: AccountId,
	pub aura: AuraId,
	pub grandpa: GrandpaId,
}

impl GenesisValidator {
	/// The validator of a development keyring member (`//Alice`, ...): sr25519 account and
	/// Aura key, ed25519 GRANDPA key, all derived from the same well-known seed.
	pub fn dev(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Self {
		Self {
			account: sr.to_account_id(),
			aura: sr.public().into(),
			grandpa: ed.public().into(),
		}
	}
}

/// Every topic class a development KYC provider attests.
pub fn all_topic_classes() -> Vec<TopicClass> {
	vec![
		TopicClass::Kyc,
		TopicClass::Aml,
		TopicClass::Accredited,
		TopicClass::QualifiedPurchaser,
		TopicClass::Institutional,
		TopicClass::Retail,
		TopicClass::Jurisdiction,
		TopicClass::Exempted,
	]
}

/// A claim issuer at genesis: an identity (a KYC provider) trusted chain-wide for `topics`,
/// and a registrar (it may create identities) when `registrar`.
pub struct GenesisClaimIssuer {
	pub account: AccountId,
	pub topics: Vec<TopicClass>,
	pub registrar: bool,
}

impl GenesisClaimIssuer {
	/// A KYC provider trusted for every standard topic, and a registrar.
	pub fn full(account: AccountId) -> Self {
		Self { account, topics: all_topic_classes(), registrar: true }
	}
}

/// What a chain's genesis is made of: its validators, its council, its endowed accounts, its
/// sudo key (development chains only) and its initial claim issuers (identities 1, 2, ... in
/// this order).
pub struct GenesisMembers {
	pub validators: Vec<GenesisValidator>,
	pub council: Vec<AccountId>,
	pub endowed: Vec<(AccountId, u128)>,
	pub sudo: Option<AccountId>,
	pub claim_issuers: Vec<GenesisClaimIssuer>,
}

/// The genesis config patch of `members`.
pub fn genesis(members: GenesisMembers) -> Value {
	let GenesisMembers { validators, council, endowed, sudo, claim_issuers } = members;
	let identities = claim_issuers.iter().map(|issuer| (issuer.account.clone(), IdentityKind::ClaimIssuer)).collect();
	// Identities get ids 1, 2, ... in the order they are listed.
	let trusted_issuers =
		claim_issuers.iter().enumerate().map(|(at, issuer)| (at as u64 + 1, issuer.topics.clone())).collect();
	let registrars = claim_issuers
		.iter()
		.enumerate()
		.filter(|(_, issuer)| issuer.registrar)
		.map(|(at, _)| at as u64 + 1)
		.collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		validator_set: ValidatorSetConfig {
			initial_validators: validators.iter().map(|v| v.account.clone()).collect(),
		},
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|v| {
					(
						v.account.clone(),
						v.account,
						SessionKeys { aura: v.aura, grandpa: v.grandpa },
					)
				})
				.collect(),
		},
		council: CouncilConfig { members: council },
		sudo: SudoConfig { key: sudo },
		identity_registry: IdentityRegistryConfig { identities, trusted_issuers, registrars },
	})
}

/// A development genesis: `endowed` get [`ENDOWMENT`] each; `kyc_provider` is identity 1, a
/// registrar trusted for every standard topic.
pub fn sto_genesis(
	validators: Vec<GenesisValidator>,
	council: Vec<AccountId>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
	kyc_provider: AccountId,
) -> Value {
	genesis(GenesisMembers {
		validators,
		council,
		endowed: endowed.into_iter().map(|account| (account, ENDOWMENT)).collect(),
		sudo,
		claim_issuers: vec![GenesisClaimIssuer::full(kyc_provider)],
	})
}

fn dev_validators(n: usize) -> Vec<GenesisValidator> {
	[
		(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	]
	.into_iter()
	.take(n)
	.map(|(sr, ed)| GenesisValidator::dev(sr, ed))
	.collect()
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter().map(|k| k.to_account_id()).collect()
}

/// One validator (Alice), sudo Alice, council Alice and Bob.
fn development_config_genesis() -> Value {
	sto_genesis(
		dev_validators(1),
		vec![Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id()],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		Sr25519Keyring::Ferdie.to_account_id(),
	)
}

/// Two validators (Alice, Bob), sudo Alice, council Alice and Bob.
fn local_testnet_genesis() -> Value {
	sto_genesis(
		dev_validators(2),
		vec![Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id()],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		Sr25519Keyring::Ferdie.to_account_id(),
	)
}

/// Four validators (Alice, Bob, Charlie, Dave) who also form the council; no sudo:
/// every privileged change goes through a two-thirds council motion.
fn consortium_genesis() -> Value {
	let validators = dev_validators(4);
	let council = validators.iter().map(|v| v.account.clone()).collect();
	sto_genesis(validators, council, dev_accounts(), None, Sr25519Keyring::Ferdie.to_account_id())
}

/// The JSON of the named preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		CONSORTIUM_PRESET => consortium_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(CONSORTIUM_PRESET),
	]
}
