//! The runtime's migrations as `Executive` runs them on a chain that ran spec 105 (every pallet
//! of ours at storage version 0, records in the spec-105 encoding) and on one that ran spec 107
//! (every pallet at version 1; the token's records without the checkpoint markers).

use crate::genesis_ext;
use sto_runtime::{configs::RuntimeBlockWeights, Executive, Runtime};
use polkadot_sdk::{
	frame_support::{
		traits::{GetStorageVersion, StorageVersion},
		BoundedVec,
	},
	sp_core::H256,
	sp_keyring::Sr25519Keyring,
};
use pallet_identity_registry::{
	migrations::v0 as identity_v0, ClaimRecord, ClaimScope, ClaimTopic, Claims, Identities, TokenClaims,
};
use pallet_security_token::{
	migrations::v0 as token_v0, Allowance, Allowances, OperatorScope, Operators,
};

type IdentityRegistry = pallet_identity_registry::Pallet<Runtime>;
type SecurityToken = pallet_security_token::Pallet<Runtime>;
type Compliance = pallet_compliance::Pallet<Runtime>;
type Custody = pallet_custody::Pallet<Runtime>;
type ValidatorSet = pallet_validator_set::Pallet<Runtime>;

fn versions() -> [StorageVersion; 5] {
	[
		IdentityRegistry::on_chain_storage_version(),
		SecurityToken::on_chain_storage_version(),
		Compliance::on_chain_storage_version(),
		Custody::on_chain_storage_version(),
		ValidatorSet::on_chain_storage_version(),
	]
}

/// The security token at version 2 (spec 108), every other pallet of ours at version 1.
fn current() -> [StorageVersion; 5] {
	let mut versions = [StorageVersion::new(1); 5];
	versions[1] = StorageVersion::new(2);
	versions
}

fn put_version_0() {
	StorageVersion::new(0).put::<IdentityRegistry>();
	StorageVersion::new(0).put::<SecurityToken>();
	StorageVersion::new(0).put::<Compliance>();
	StorageVersion::new(0).put::<Custody>();
	StorageVersion::new(0).put::<ValidatorSet>();
}

#[test]
fn the_runtime_migrates_a_spec_105_chain_once() {
	genesis_ext("development").execute_with(|| {
		assert_eq!(versions(), current(), "a new chain starts at the current versions");
		let (alice, bob) = (Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id());
		// Identity 1 (the KYC provider) with its global claims and one claim for token 0, in
		// one spec-105 book.
		let global = Claims::<Runtime>::get(1).claims.into_inner();
		let scoped = (
			ClaimTopic::Aml,
			1,
			ClaimRecord {
				scope: ClaimScope::Token(0),
				issued_at: 1,
				expiry: None,
				evidence: H256::repeat_byte(1),
				depositor: alice.clone(),
				deposit: 0,
			},
		);
		let mut claims = global.clone();
		claims.push(scoped.clone());
		Claims::<Runtime>::remove(1);
		identity_v0::Claims::<Runtime>::insert(
			1,
			identity_v0::ClaimBook { profile: Default::default(), claims: BoundedVec::try_from(claims).unwrap() },
		);
		Identities::<Runtime>::mutate(1, |record| record.as_mut().unwrap().claim_count += 1);
		token_v0::Operators::<Runtime>::insert((0, alice.clone()), (bob.clone(), OperatorScope::AllPartitions), ());
		token_v0::Allowances::<Runtime>::insert((0, 0, alice.clone()), bob.clone(), 500);
		put_version_0();

		let weight = Executive::execute_on_runtime_upgrade();

		assert_eq!(versions(), current());
		assert_eq!(Claims::<Runtime>::get(1).claims.into_inner(), global);
		assert_eq!(TokenClaims::<Runtime>::get(1, 0).claims.into_inner(), vec![scoped]);
		assert_eq!(Operators::<Runtime>::get((0, alice.clone()), (bob.clone(), OperatorScope::AllPartitions)), Some(0));
		assert_eq!(Allowances::<Runtime>::get((0, 0, alice), bob), Some(Allowance { amount: 500, deposit: 0 }));
		IdentityRegistry::do_try_state().expect("registry invariants");
		SecurityToken::do_try_state().expect("token invariants");
		assert!(weight.all_lte(RuntimeBlockWeights::get().max_block), "the migrations fit one block");

		// Left in the list, they do nothing on the next upgrade.
		let root = polkadot_sdk::sp_io::storage::root(polkadot_sdk::sp_runtime::StateVersion::V1);
		Executive::execute_on_runtime_upgrade();
		assert_eq!(polkadot_sdk::sp_io::storage::root(polkadot_sdk::sp_runtime::StateVersion::V1), root);
	});
}

#[test]
fn the_runtime_adds_the_checkpoint_marks_to_a_spec_107_chain() {
	use pallet_security_token::{migrations::v2, Positions, Tokens};
	use pallet_security_token::{
		Holding, InstrumentType, Partition, PartitionRights, Position, Symbols, TokenDetails, TokenStatus, Underlying,
	};
	genesis_ext("development").execute_with(|| {
		// A spec-107 token of the KYC provider's identity, held by its wallet.
		let ferdie = Sr25519Keyring::Ferdie.to_account_id();
		let identity = pallet_identity_registry::IdentityOf::<Runtime>::get(&ferdie).expect("the KYC provider's identity");
		let symbol: BoundedVec<u8, _> = b"MIG".to_vec().try_into().unwrap();
		let rights = PartitionRights { voting: true, dividends: true, transferable: true };
		Tokens::<Runtime>::insert(
			0,
			TokenDetails {
				owner: identity,
				symbol: symbol.clone(),
				name: b"Migration".to_vec().try_into().unwrap(),
				decimals: 0,
				granularity: 1,
				instrument: InstrumentType::Equity,
				underlying: Underlying { numerator: 1, denominator: 1, unit: H256::zero() },
				identifiers: Default::default(),
				supply_cap: None,
				total_supply: 100,
				holder_count: 1,
				status: TokenStatus::Active,
				paused: false,
				issuance_finished: false,
				controllable: true,
				partitions: vec![Partition { name: b"common".to_vec().try_into().unwrap(), rights, supply: 100 }]
					.try_into()
					.unwrap(),
				document_count: 0,
				checkpoints: Default::default(),
			},
		);
		Symbols::<Runtime>::insert(symbol, 0);
		let holding = Holding { account: ferdie, partition: 0, balance: 100, frozen: 0, locks: Default::default() };
		Positions::<Runtime>::insert(
			identity,
			0,
			Position {
				total: 100,
				holdings: vec![holding].try_into().unwrap(),
				frozen_accounts: Default::default(),
				checkpoint_epoch: 0,
			},
		);
		SecurityToken::do_try_state().expect("a consistent token");
		let tokens: Vec<_> = Tokens::<Runtime>::iter().collect();
		let positions: Vec<_> = Positions::<Runtime>::iter().collect();
		for (id, details) in &tokens {
			v2::v1::Tokens::<Runtime>::insert(id, v2::WithoutTail::new(details.clone()));
		}
		for (identity, token, position) in &positions {
			v2::v1::Positions::<Runtime>::insert(identity, token, v2::WithoutTail::new(position.clone()));
		}
		StorageVersion::new(1).put::<SecurityToken>();

		let weight = Executive::execute_on_runtime_upgrade();

		assert_eq!(versions(), current());
		assert_eq!(Tokens::<Runtime>::iter().collect::<Vec<_>>(), tokens);
		assert_eq!(Positions::<Runtime>::iter().collect::<Vec<_>>(), positions);
		SecurityToken::do_try_state().expect("token invariants");
		pallet_corporate_actions::Pallet::<Runtime>::do_try_state().expect("corporate-actions invariants");
		pallet_offering::Pallet::<Runtime>::do_try_state().expect("offering invariants");
		pallet_evm_bridge::Pallet::<Runtime>::do_try_state().expect("bridge invariants");
		assert!(weight.all_lte(RuntimeBlockWeights::get().max_block), "the migration fits one block");
	});
}
