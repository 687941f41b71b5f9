//! Native runtime tests: every genesis preset builds, and a block carrying a signed balances
//! transfer is built on one copy of the genesis state and imported (re-executed, state root
//! checked) on another.
//!
//! The runtime's tests are integration tests of `sto-runtime`, one test binary (`runtime`):
//! this file (presets, blocks, decoding, metadata, declared weights, the benchmark helpers),
//! [`pool`] (the transaction pool's compliance check, the proxy filter, the fee policy) and
//! [`migrations`] (the migrations through `Executive`). They use the crate as every other
//! crate does, so the test build compiles `sto-runtime` once, not again in its test
//! configuration (docs/BUILD.md). The benchmark helpers' tests need `--features
//! runtime-benchmarks` (scripts/test.sh, the benchmark step).

mod migrations;
mod pool;

use sto_runtime::{
	configs::RuntimeBlockWeights, genesis_config_presets, tx_extension, AccountId, Balances, Block,
	Compliance, Executive, Header, Runtime, RuntimeCall, RuntimeGenesisConfig, SignedPayload, System,
	TxExtension, UncheckedExtrinsic, ValidatorSet, SLOT_DURATION, UNIT,
};
use codec::Encode;
use polkadot_sdk::{
	frame_support::genesis_builder_helper::build_state,
	pallet_aura, pallet_balances, pallet_collective, pallet_grandpa, pallet_session, pallet_sudo,
	pallet_timestamp,
	sp_consensus_aura::{Slot, AURA_ENGINE_ID},
	sp_core::H256,
	sp_genesis_builder::PresetId,
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring,
	sp_runtime::{
		generic::{Digest, DigestItem, Era},
		traits::{Block as BlockT, Header as HeaderT},
		transaction_validity::{InvalidTransaction, TransactionSource},
		MultiAddress, MultiSignature,
	},
};

/// Apply a JSON patch as the node does: objects merge key by key, anything else replaces.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// A fresh state built from the named genesis preset (a patch on the default config).
fn genesis_ext(preset: &str) -> TestExternalities {
	let patch = genesis_config_presets::get_preset(&PresetId::from(preset))
		.unwrap_or_else(|| panic!("preset {preset} exists"));
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializable");
	merge(&mut config, serde_json::from_slice(&patch).expect("presets are JSON"));
	let json = serde_json::to_vec(&config).expect("serializable");
	let mut ext = TestExternalities::default();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(json).expect("preset builds"));
	ext
}

#[test]
fn every_preset_builds_a_consistent_genesis() {
	let expected = [
		("development", 1usize, true, 2usize),
		("local_testnet", 2, true, 2),
		("consortium", 4, false, 4),
	];
	let names = genesis_config_presets::preset_names();
	assert_eq!(names.len(), expected.len());
	for (preset, validators, has_sudo, council) in expected {
		assert!(names.contains(&PresetId::from(preset)));
		genesis_ext(preset).execute_with(|| {
			assert_eq!(ValidatorSet::validators().len(), validators, "{preset}: validator set");
			assert_eq!(pallet_session::Validators::<Runtime>::get().len(), validators);
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), validators);
			assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), validators);
			assert_eq!(pallet_sudo::Key::<Runtime>::get().is_some(), has_sudo, "{preset}: sudo");
			assert_eq!(
				pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get().len(),
				council
			);
			let alice = Sr25519Keyring::Alice.to_account_id();
			assert_eq!(
				pallet_balances::Pallet::<Runtime>::free_balance(&alice),
				genesis_config_presets::ENDOWMENT
			);
			ValidatorSet::do_try_state().expect("validator set invariants");
			// Ferdie is identity 1: a registrar and trusted KYC issuer.
			let ferdie = Sr25519Keyring::Ferdie.to_account_id();
			assert_eq!(pallet_identity_registry::IdentityOf::<Runtime>::get(&ferdie), Some(1));
			assert!(pallet_identity_registry::Registrars::<Runtime>::contains_key(1));
			assert!(pallet_identity_registry::Pallet::<Runtime>::issuers_of(
				pallet_identity_registry::TopicClass::Kyc
			)
			.contains(&1));
			pallet_identity_registry::Pallet::<Runtime>::do_try_state().expect("registry invariants");
		});
	}
	assert!(genesis_config_presets::get_preset(&PresetId::from("unknown")).is_none());
}

/// A signed transfer of `amount` from Alice to Bob with Alice's `nonce`.
fn signed_transfer(amount: u128, nonce: u32) -> UncheckedExtrinsic {
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: MultiAddress::Id(Sr25519Keyring::Bob.to_account_id()),
		value: amount,
	});
	let extension = tx_extension(nonce, Era::Immortal, 0);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("valid payload");
	let signature = payload.using_encoded(|bytes| Sr25519Keyring::Alice.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(Sr25519Keyring::Alice.to_account_id()),
		MultiSignature::Sr25519(signature),
		extension,
	)
}

/// Build block 1 on `ext`: the timestamp inherent, then the `transactions` (made inside the
/// state, as signing reads the genesis hash).
fn build_block(
	ext: &mut TestExternalities,
	transactions: impl FnOnce() -> Vec<UncheckedExtrinsic>,
) -> Block {
	ext.execute_with(|| {
		let transactions = transactions();
		let now = 6 * SLOT_DURATION * 1_000_000;
		let slot = Slot::from(now / SLOT_DURATION);
		let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
		let header = Header::new(1, H256::zero(), H256::zero(), System::block_hash(0), digest);
		Executive::initialize_block(&header);

		let timestamp =
			UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
				now,
			}));
		let mut extrinsics = vec![timestamp];
		extrinsics.extend(transactions);
		for xt in &extrinsics {
			Executive::apply_extrinsic(xt.clone())
				.expect("transaction is valid")
				.expect("transaction dispatches");
		}
		assert_eq!(pallet_aura::CurrentSlot::<Runtime>::get(), slot);
		let header = Executive::finalize_block();
		Block::new(header, extrinsics)
	})
}

#[test]
fn a_block_with_a_transfer_is_built_and_imported() {
	let amount = 42 * UNIT;
	let bob = Sr25519Keyring::Bob.to_account_id();
	let mut builder = genesis_ext("development");
	let bob_before = builder.execute_with(|| Balances::free_balance(&bob));

	let block = build_block(&mut builder, || vec![signed_transfer(amount, 0)]);
	assert_eq!(block.extrinsics().len(), 2);
	assert_ne!(*block.header().state_root(), H256::zero());

	// Another node imports it: re-executes it and checks the state root.
	let mut importer = genesis_ext("development");
	importer.execute_with(|| {
		Executive::execute_block(block.clone().into());
		assert_eq!(System::block_number(), 1);
		assert_eq!(Balances::free_balance(&bob), bob_before + amount);
		assert_eq!(System::account_nonce(Sr25519Keyring::Alice.to_account_id()), 1);
		let weight = System::block_weight().total();
		assert!(weight.all_lte(RuntimeBlockWeights::get().max_block));
	});
}

#[test]
#[should_panic(expected = "Storage root must match that calculated")]
fn a_block_with_a_wrong_state_root_is_refused() {
	let mut builder = genesis_ext("development");
	let block = build_block(&mut builder, || vec![signed_transfer(UNIT, 0)]);
	let (mut header, extrinsics) = block.deconstruct();
	header.set_state_root(H256::repeat_byte(7));
	let tampered = Block::new(header, extrinsics);
	genesis_ext("development").execute_with(|| Executive::execute_block(tampered.into()));
}

#[test]
fn a_replayed_transfer_is_refused_by_the_pool() {
	let mut builder = genesis_ext("development");
	let transfer = builder.execute_with(|| signed_transfer(UNIT, 0));
	let block = build_block(&mut builder, || vec![transfer.clone()]);
	builder.execute_with(|| {
		let validity = Executive::validate_transaction(
			TransactionSource::External,
			transfer,
			block.header().hash(),
		);
		assert_eq!(validity, Err(InvalidTransaction::Stale.into()));
	});
}

/// The runtime's benchmark helpers give what our pallets' benchmarks assume: accounts whose
/// consents verify, verified identities, and a token the identity registry accepts (the
/// pallets' own benchmark tests run against mocks, which stub these couplings). The full
/// benchmarks need the node's benchmarking state (`scripts/bench.sh`).
#[cfg(feature = "runtime-benchmarks")]
#[test]
fn runtime_benchmark_helpers_serve_our_pallets() {
	use sto_runtime::{
		benchmarks::{IdentityBenchmarkHelper, TokenBenchmarkHelper},
		IdentityRegistry, SecurityToken,
	};
	use pallet_identity_registry::BenchmarkHelper as _;
	use pallet_security_token::BenchmarkHelper as _;
	use polkadot_sdk::sp_runtime::traits::Verify;
	use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
	use sto_primitives::{identity::IdentityProvider, token::TokenAuthority};

	let mut ext = genesis_ext("development");
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		let signer = IdentityBenchmarkHelper::account(7);
		assert_ne!(signer, IdentityBenchmarkHelper::account(8), "one account per seed");
		let signature = IdentityBenchmarkHelper::sign(&signer, b"consent");
		assert!(signature.verify(&b"consent"[..], &signer), "the helper's signatures verify");
		// EVM keys: one per seed, signing as an EVM wallet does (v 27/28, low s).
		let digest = [9u8; 32];
		let evm = |seed| sto_primitives::evm::recover(&digest, &IdentityBenchmarkHelper::evm_sign(seed, &digest));
		assert!(evm(1).is_ok(), "the helper's EVM signature recovers strictly: {:?}", evm(1));
		assert_eq!(evm(1), evm(1), "the same key for a seed");
		assert_ne!(evm(1), evm(2), "one key per seed");

		let (account, identity) = TokenBenchmarkHelper::verified_account(1, None);
		assert_eq!(<IdentityRegistry as IdentityProvider<_, _>>::identity_of(&account), Some(identity));
		let (second, same) = TokenBenchmarkHelper::verified_account(2, Some(identity));
		assert_eq!((same, <IdentityRegistry as IdentityProvider<_, _>>::identity_of(&second)), (identity, Some(identity)));

		let token = IdentityBenchmarkHelper::token().expect("the helper creates a token");
		assert!(<SecurityToken as TokenAuthority<AccountId>>::token_exists(token), "the registry's token authority knows it");
	});
}

/// The custody helper's parties settle as its benchmark assumes: a crowded receiver takes one
/// more holding (its position is then full), and a cash leg reaches a fresh account.
#[cfg(feature = "runtime-benchmarks")]
#[test]
fn custody_benchmark_helper_builds_a_settleable_batch() {
	use sto_runtime::{benchmarks::CustodyBenchmarkHelper, Assets, Custody, IdentityRegistry, RuntimeOrigin};
	use pallet_custody::{BenchmarkHelper, CashLeg, Leg, LicensedRoles};
	use polkadot_sdk::{frame_support::traits::Get, sp_core::H256};
	use sto_primitives::identity::IdentityProvider;

	genesis_ext("development").execute_with(|| {
		let (exchange, _) = CustodyBenchmarkHelper::verified_account(1, None);
		let roles = LicensedRoles { ats_operator: true, broker_dealer: true, clearing_agent: true, transfer_agent: true };
		Custody::register_custodian(RuntimeOrigin::root(), exchange.clone(), roles).expect("root registers");
		let custodian = <IdentityRegistry as IdentityProvider<_, _>>::identity_of(&exchange).expect("verified");
		let (seller, _) = CustodyBenchmarkHelper::verified_account(2, None);
		let (token, _) = CustodyBenchmarkHelper::token(&[seller.clone()], 100);
		let buyer = CustodyBenchmarkHelper::crowded_receiver(token, 3);
		let buyer_identity = <IdentityRegistry as IdentityProvider<_, _>>::identity_of(&buyer).expect("verified");
		Custody::bind_venue_account(RuntimeOrigin::signed(seller.clone()), custodian, H256::repeat_byte(2)).expect("binds");
		Custody::grant_mandate(RuntimeOrigin::signed(seller.clone()), custodian, token, None, 100, None).expect("grants");
		let asset = CustodyBenchmarkHelper::cash(&exchange, 1_000);
		let paid: AccountId = polkadot_sdk::frame_benchmarking::account::<AccountId>("cash", 0, 0);
		let legs = vec![Leg { token, partition: 0, from: seller, to: buyer, amount: 40 }];
		let cash = vec![CashLeg { asset, from: exchange.clone(), to: paid.clone(), amount: 1_000 }];
		Custody::settle(
			RuntimeOrigin::signed(exchange),
			H256::repeat_byte(9),
			legs.try_into().expect("one leg"),
			cash.try_into().expect("one cash leg"),
		)
		.expect("the batch settles");
		let full = <<Runtime as pallet_security_token::Config>::MaxHoldingsPerIdentity as Get<u32>>::get();
		let holdings = pallet_security_token::Positions::<Runtime>::get(buyer_identity, token)
			.map_or(0, |position| position.holdings.len() as u32);
		assert_eq!(holdings, full, "the receiver's position is full after the leg");
		assert_eq!(<Assets as polkadot_sdk::frame_support::traits::fungibles::Inspect<AccountId>>::balance(asset, &paid), 1_000);
	});
}

/// The bytes of `compliance.set_exemptions(token, [0, 1, .., count - 1])` built by hand, as an
/// attacker would (pallet index, call index, token, compact length, ids), so that nothing in
/// the runtime's types bounds them. With `with_ids: false` only the length prefix follows.
fn set_exemptions_call_bytes(token: u32, count: u32, with_ids: bool) -> Vec<u8> {
	use codec::Compact;
	let pallet = <Compliance as polkadot_sdk::frame_support::traits::PalletInfoAccess>::index() as u8;
	let mut call = vec![pallet, 1];
	token.encode_to(&mut call);
	Compact(count).encode_to(&mut call);
	if with_ids {
		for id in 0..count as u64 {
			id.encode_to(&mut call);
		}
	}
	call
}

/// A signed extrinsic of Alice at `nonce` carrying the raw `call` bytes, encoded as a wallet
/// submits it (version 4: address, signature, extensions, call; prefixed with its length).
/// The signature covers the payload as `SignedPayload` builds it.
fn signed_raw_extrinsic(call: &[u8], nonce: u32) -> Vec<u8> {
	use codec::Compact;
	use polkadot_sdk::{sp_io::hashing::blake2_256, sp_runtime::traits::TransactionExtension};
	let extension = tx_extension(nonce, Era::Immortal, 0);
	let implicit = <TxExtension as TransactionExtension<RuntimeCall>>::implicit(&extension)
		.expect("the extensions' implicit data");
	let mut payload = call.to_vec();
	extension.encode_to(&mut payload);
	implicit.encode_to(&mut payload);
	let signature = if payload.len() > 256 {
		Sr25519Keyring::Alice.sign(&blake2_256(&payload))
	} else {
		Sr25519Keyring::Alice.sign(&payload)
	};
	let mut body = vec![0x84u8];
	MultiAddress::<AccountId, ()>::Id(Sr25519Keyring::Alice.to_account_id()).encode_to(&mut body);
	MultiSignature::Sr25519(signature).encode_to(&mut body);
	extension.encode_to(&mut body);
	body.extend_from_slice(call);
	let mut extrinsic = Compact(body.len() as u32).encode();
	extrinsic.extend(body);
	extrinsic
}

/// Defect 1 of the hardening review: `compliance.set_exemptions` took an unbounded list and
/// checked it for duplicates (O(n²)) before its length, so a 3 MB call of 300,000 ids cost
/// almost nothing and ran for seconds in every block author that tried it. The list is a
/// `BoundedVec` now: decoding reads the length prefix and refuses it before any element is
/// decoded, so neither the pool (whose `validate_transaction` must decode the bytes first) nor
/// a block ever dispatches it, and the next block carries an ordinary transfer.
#[test]
fn an_oversized_exemption_list_is_refused_at_decoding() {
	use codec::Decode;
	let mut builder = genesis_ext("development");
	let (oversized, truncated, small) = builder.execute_with(|| {
		(
			signed_raw_extrinsic(&set_exemptions_call_bytes(1, 300_000, true), 0),
			signed_raw_extrinsic(&set_exemptions_call_bytes(1, 300_000, false), 0),
			signed_raw_extrinsic(&set_exemptions_call_bytes(1, 2, true), 0),
		)
	});
	assert!(oversized.len() > 2_400_000, "the attack's call is about 3 MB");

	// The hand-made encoding is right: a short list decodes to the call it names.
	let decoded = UncheckedExtrinsic::decode(&mut &small[..]).expect("a short list decodes");
	assert_eq!(
		decoded.function,
		RuntimeCall::Compliance(pallet_compliance::Call::set_exemptions {
			token: 1,
			exempt: vec![0, 1].try_into().expect("two ids fit"),
		})
	);

	// The oversized list is refused by its length prefix: the same error whether the ids
	// follow or not, so no element was decoded before the refusal.
	for bytes in [&oversized, &truncated] {
		let error = UncheckedExtrinsic::decode(&mut &bytes[..]).expect_err("an oversized list does not decode");
		assert!(error.to_string().contains("BoundedVec exceeds its limit"), "refused by the bound: {error}");
	}

	// The pool's entry point decodes its input first, and refuses (the node reports the
	// runtime call's failure as an invalid transaction): nothing is validated or dispatched.
	let refused = builder.execute_with(|| {
		let input = (TransactionSource::External, RawBytes(&oversized), System::block_hash(0)).encode();
		std::panic::catch_unwind(|| {
			sto_runtime::apis::api::dispatch("TaggedTransactionQueue_validate_transaction", &input)
		})
	});
	let message = refused.expect_err("the pool's validation refuses the bytes");
	let message = message
		.downcast_ref::<String>()
		.cloned()
		.or_else(|| message.downcast_ref::<&str>().map(|text| text.to_string()))
		.unwrap_or_default();
	assert!(message.contains("Bad input data"), "refused while decoding: {message}");

	// Block production goes on: the next block carries an ordinary signed transfer.
	let bob = Sr25519Keyring::Bob.to_account_id();
	let bob_before = builder.execute_with(|| Balances::free_balance(&bob));
	let block = build_block(&mut builder, || vec![signed_transfer(UNIT, 0)]);
	assert_eq!(block.extrinsics().len(), 2);
	builder.execute_with(|| assert_eq!(Balances::free_balance(&bob), bob_before + UNIT));
}

/// Bytes encoded as they are (an extrinsic's own encoding carries its length prefix).
struct RawBytes<'a>(&'a [u8]);

impl codec::Encode for RawBytes<'_> {
	fn size_hint(&self) -> usize {
		self.0.len()
	}
	fn encode_to<O: codec::Output + ?Sized>(&self, dest: &mut O) {
		dest.write(self.0)
	}
}

/// The sweep of defect 1's class: no call, view function or runtime API of this chain's own
/// pallets takes a list without a bound, at any depth of its argument types (a rule's lists
/// inside the rule set, a leg inside a batch). Read from the runtime's metadata (v16: calls,
/// view functions, runtime APIs), so that a new unbounded argument fails here. Genesis
/// configurations and answers may hold plain lists (they are not attacker input).
#[test]
fn no_call_view_or_api_of_our_pallets_takes_an_unbounded_list() {
	use codec::Decode;
	use polkadot_sdk::frame_support::__private::{
		metadata::{RuntimeMetadata, RuntimeMetadataPrefixed},
		scale_info::{PortableRegistry, TypeDef},
	};

	/// Every unbounded sequence reachable from type `id`, named by the path that reaches it.
	fn unbounded(types: &PortableRegistry, id: u32, at: String, seen: &mut Vec<u32>, found: &mut Vec<String>) {
		if seen.contains(&id) {
			return;
		}
		seen.push(id);
		let ty = types.resolve(id).expect("types resolve");
		let name = ty.path.segments.last().cloned().unwrap_or_default();
		let bounded = matches!(name.as_str(), "BoundedVec" | "WeakBoundedVec" | "BoundedBTreeSet" | "BoundedBTreeMap");
		let mut field = |inner: u32, label: &str, found: &mut Vec<String>| {
			unbounded(types, inner, format!("{at}.{label}"), seen, found)
		};
		match &ty.type_def {
			TypeDef::Composite(composite) if bounded => {
				// The bound's own sequence: its elements still count.
				for f in &composite.fields {
					match &types.resolve(f.ty.id).expect("types resolve").type_def {
						TypeDef::Sequence(sequence) => field(sequence.type_param.id, "[bounded]", found),
						_ => field(f.ty.id, "[bounded]", found),
					}
				}
			},
			TypeDef::Composite(composite) =>
				for f in &composite.fields {
					field(f.ty.id, f.name.as_deref().unwrap_or("_"), found);
				},
			TypeDef::Variant(variant) =>
				for v in &variant.variants {
					for f in &v.fields {
						field(f.ty.id, &format!("{}.{}", v.name, f.name.as_deref().unwrap_or("_")), found);
					}
				},
			TypeDef::Sequence(_) | TypeDef::BitSequence(_) => found.push(format!("{at} ({name})")),
			TypeDef::Array(array) => field(array.type_param.id, "[array]", found),
			TypeDef::Tuple(tuple) =>
				for (i, t) in tuple.fields.iter().enumerate() {
					field(t.id, &i.to_string(), found);
				},
			TypeDef::Compact(_) | TypeDef::Primitive(_) => {},
		}
		seen.pop();
	}

	// In a state, as the node builds it: constants such as `Timestamp.MinimumPeriod` read storage.
	let opaque = TestExternalities::default()
		.execute_with(|| Runtime::metadata_at_version(16))
		.expect("metadata v16");
	let RuntimeMetadataPrefixed(_, RuntimeMetadata::V16(metadata)) =
		RuntimeMetadataPrefixed::decode(&mut &opaque[..]).expect("metadata decodes")
	else {
		panic!("v16 metadata")
	};
	let ours = ["IdentityRegistry", "SecurityToken", "Compliance", "Custody", "ValidatorSet"];
	let our_apis = ["IdentityApi", "TokenApi", "ComplianceApi", "CustodyApi"];
	let mut checked = 0;
	let mut found = Vec::new();
	for pallet in metadata.pallets.iter().filter(|pallet| ours.contains(&pallet.name.as_str())) {
		if let Some(calls) = &pallet.calls {
			unbounded(&metadata.types, calls.ty.id, format!("{}::call", pallet.name), &mut Vec::new(), &mut found);
			checked += 1;
		}
		for view in &pallet.view_functions {
			for input in &view.inputs {
				let at = format!("{}::{}({})", pallet.name, view.name, input.name);
				unbounded(&metadata.types, input.ty.id, at, &mut Vec::new(), &mut found);
				checked += 1;
			}
		}
	}
	for api in metadata.apis.iter().filter(|api| our_apis.contains(&api.name.as_str())) {
		for method in &api.methods {
			for input in &method.inputs {
				let at = format!("{}_{}({})", api.name, method.name, input.name);
				unbounded(&metadata.types, input.ty.id, at, &mut Vec::new(), &mut found);
				checked += 1;
			}
		}
	}
	assert!(checked > 40, "the pallets, views and APIs were found ({checked} checked)");
	// The walk finds what it looks for: `System::remark` takes an unbounded `Vec<u8>`.
	let system = metadata.pallets.iter().find(|pallet| pallet.name == "System").and_then(|p| p.calls.as_ref());
	let mut in_system = Vec::new();
	unbounded(&metadata.types, system.expect("system calls").ty.id, "System::call".into(), &mut Vec::new(), &mut in_system);
	assert!(in_system.iter().any(|at| at.contains("remark")), "{in_system:?}");
	assert!(found.is_empty(), "unbounded lists in arguments: {found:#?}");
}

/// The compliance helper's receiver is known to the token only through its claims for the
/// token (the slowest path the rule and statistics benchmarks must measure), and the transfer
/// the benchmarks run is compliant.
#[cfg(feature = "runtime-benchmarks")]
#[test]
fn compliance_benchmark_helper_gives_the_receiver_token_scoped_facts() {
	use sto_runtime::{benchmarks::ComplianceBenchmarkHelper, IdentityRegistry, SecurityToken, Timestamp};
	use pallet_compliance::{BenchmarkHelper, CountryCode, InvestorType};
	use polkadot_sdk::frame_support::traits::Time;
	use sto_primitives::identity::IdentityProvider;

	genesis_ext("development").execute_with(|| {
		let setup = ComplianceBenchmarkHelper::token_with_parties(&[]);
		let receiver = <IdentityRegistry as IdentityProvider<_, _>>::identity_of(&setup.receiver).expect("verified");
		let now = Timestamp::now();
		let jurisdiction = |token| <IdentityRegistry as IdentityProvider<_, _>>::jurisdiction(receiver, token, now);
		let investor_type = |token| <IdentityRegistry as IdentityProvider<_, _>>::investor_type(receiver, token, now);
		assert_eq!((jurisdiction(None), investor_type(None)), (None, None), "nothing chain-wide");
		assert_eq!(jurisdiction(Some(setup.token)), Some(CountryCode(*b"DE")));
		assert_eq!(investor_type(Some(setup.token)), Some(InvestorType::Institutional));
		let (status, reason) = SecurityToken::can_transfer(setup.token, 0, setup.sender, setup.receiver, 1);
		assert_eq!(reason, None, "the benchmarked transfer is compliant (status {status:?})");
		IdentityRegistry::do_try_state().expect("registry invariants hold");
	});
}

/// Recovery as the runtime wires it (the identity registry's wallet guard is the security
/// token, whose compliance hook is the compliance pallet), set up with the benchmark helpers
/// the `move_wallet` benchmark uses: a lost wallet holding a regulated token (the typical
/// compliance profile, a lock-up) is unlinked and its holding reaches the new primary wallet,
/// with its lock-up. (Named for the benchmark step of `scripts/test.sh`, which runs it.)
#[cfg(feature = "runtime-benchmarks")]
#[test]
fn benchmark_helpers_serve_a_recovery_as_the_runtime_wires_it() {
	use sto_runtime::{
		benchmarks::{IdentityBenchmarkHelper, TokenBenchmarkHelper},
		IdentityRegistry, RuntimeOrigin, SecurityToken,
	};
	use pallet_identity_registry::{BenchmarkHelper as _, ConsentAction};
	use pallet_security_token::{BenchmarkHelper as _, InstrumentType, PartitionRights, TokenStatus, Underlying};
	use sp_keystore::{testing::MemoryKeystore, KeystoreExt};

	let mut ext = genesis_ext("development");
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		pallet_timestamp::Now::<Runtime>::put(1_000);
		let (owner, _) = TokenBenchmarkHelper::verified_account(10, None);
		let (lost, identity) = TokenBenchmarkHelper::verified_account(11, None);
		let token = pallet_security_token::NextTokenId::<Runtime>::get();
		SecurityToken::create_token(
			RuntimeOrigin::signed(owner.clone()),
			pallet_security_token::TokenTerms {
				symbol: b"RECOVER".to_vec().try_into().unwrap(),
				name: b"Recovery".to_vec().try_into().unwrap(),
				decimals: 0,
				granularity: 1,
				instrument: InstrumentType::Equity,
				underlying: Underlying { numerator: 1, denominator: 1, unit: Default::default() },
				identifiers: Default::default(),
				supply_cap: None,
				controllable: true,
				default_partition: b"default".to_vec().try_into().unwrap(),
				rights: PartitionRights { voting: true, dividends: true, transferable: true },
			},
		)
		.expect("a verified owner creates a token");
		SecurityToken::set_status(RuntimeOrigin::signed(owner.clone()), token, TokenStatus::Active).expect("activated");
		TokenBenchmarkHelper::typical_compliance(token, &owner, &[lost.clone()]);
		SecurityToken::issue(RuntimeOrigin::signed(owner), token, 0, lost.clone(), 100, Some(1_000_000)).expect("issued");

		let new_primary = IdentityBenchmarkHelper::account(1);
		let payload = IdentityRegistry::consent_payload(ConsentAction::Recover, identity, new_primary.clone());
		let consent = IdentityBenchmarkHelper::sign(&new_primary, &payload.encode());
		IdentityRegistry::recover_identity(RuntimeOrigin::root(), identity, new_primary.clone(), consent, 1)
			.expect("governance recovers");

		assert_eq!(pallet_identity_registry::IdentityOf::<Runtime>::get(&lost), None);
		assert_eq!(SecurityToken::balance_of(token, 0, &new_primary), 100);
		let holding = SecurityToken::holdings_of(token, &new_primary).pop().expect("a holding");
		assert_eq!((holding.spendable, holding.lockups), (0, vec![(100, 1_000_000)]));
		pallet_identity_registry::Pallet::<Runtime>::do_try_state().expect("registry invariants");
		SecurityToken::do_try_state().expect("token invariants");
		Compliance::do_try_state().expect("compliance invariants");
	});
}

/// Governance can recover an identity that holds positions in 100 tokens: the call's declared
/// weight (its witness of positions, each at the worst case) fits a council proposal.
#[test]
fn a_recovery_of_100_positions_fits_a_council_proposal() {
	use sto_runtime::configs::MaxCouncilProposalWeight;
	use polkadot_sdk::frame_support::dispatch::GetDispatchInfo;
	let call = pallet_identity_registry::Call::<Runtime>::recover_identity {
		identity: 1,
		new_primary: Sr25519Keyring::Bob.to_account_id(),
		consent: MultiSignature::Sr25519(polkadot_sdk::sp_core::sr25519::Signature::from_raw([0u8; 64])),
		positions: 100,
	};
	let declared = call.get_dispatch_info().call_weight;
	assert!(
		declared.all_lte(MaxCouncilProposalWeight::get()),
		"recover_identity with 100 positions declares {declared:?}, above a council proposal's {:?}",
		MaxCouncilProposalWeight::get()
	);
}

/// The slot is [`SLOT_DURATION`] unless a test chain sets it: with the `MinimumPeriod` key absent (every
/// preset, hence every production chain spec) the timestamp's minimum period is
/// `SLOT_DURATION / 2` and Aura's slot is `SLOT_DURATION`; a test chain that writes the key at
/// genesis (harness/) gets its own slot from the same runtime, and the node, which asks the
/// runtime (`AuraApi::slot_duration`), follows.
#[test]
fn the_slot_is_the_default_unless_a_test_chain_sets_the_minimum_period() {
	use sto_runtime::configs::MinimumPeriod;
	use polkadot_sdk::{
		frame_support::storage::unhashed,
		sp_consensus_aura::{runtime_decl_for_aura_api::AuraApiV1, sr25519::AuthorityId as AuraId},
		sp_io::hashing::twox_128,
	};
	// The key test chains write (harness/src/lib.rs computes it from the same name).
	assert_eq!(MinimumPeriod::key(), twox_128(b":MinimumPeriod:"));
	for preset in ["development", "local_testnet", "consortium"] {
		genesis_ext(preset).execute_with(|| {
			assert_eq!(unhashed::get_raw(&MinimumPeriod::key()), None, "{preset}: no slot override");
			assert_eq!(<Runtime as pallet_timestamp::Config>::MinimumPeriod::get(), SLOT_DURATION / 2);
			assert_eq!(pallet_aura::Pallet::<Runtime>::slot_duration(), SLOT_DURATION);
			assert_eq!(<Runtime as AuraApiV1<Block, AuraId>>::slot_duration().as_millis(), SLOT_DURATION);
		});
	}
	genesis_ext("development").execute_with(|| {
		unhashed::put(&MinimumPeriod::key(), &1_000u64);
		assert_eq!(<Runtime as pallet_timestamp::Config>::MinimumPeriod::get(), 1_000);
		assert_eq!(pallet_aura::Pallet::<Runtime>::slot_duration(), 2_000);
		assert_eq!(<Runtime as AuraApiV1<Block, AuraId>>::slot_duration().as_millis(), 2_000);
	});
}

/// The bridge's time limits are a day unless a test chain sets them: with the keys absent
/// (every preset) the grace period is [`DAYS`] blocks, the same day in seconds on the EVM
/// chains, and an export's deadline a day; a test chain that writes the keys at genesis
/// (harness/) shortens them, and the grace period in seconds follows its blocks and its slot.
#[test]
fn the_bridges_time_limits_are_a_day_unless_a_test_chain_sets_them() {
	use polkadot_sdk::{
		frame_support::{storage::unhashed, traits::Get},
		sp_io::hashing::twox_128,
	};
	use sto_runtime::configs::{BridgeExportTimeout, BridgeGracePeriod, MinimumPeriod};
	type Grace = <Runtime as pallet_evm_bridge::Config>::GracePeriod;
	type Timeout = <Runtime as pallet_evm_bridge::Config>::ExportTimeout;
	type Seconds = <Runtime as pallet_evm_bridge::Config>::GraceSeconds;
	// The keys test chains write (harness/src/lib.rs computes them from the same names).
	assert_eq!(BridgeGracePeriod::key(), twox_128(b":BridgeGracePeriod:"));
	assert_eq!(BridgeExportTimeout::key(), twox_128(b":BridgeExportTimeout:"));
	for preset in ["development", "local_testnet", "consortium"] {
		genesis_ext(preset).execute_with(|| {
			for key in [BridgeGracePeriod::key(), BridgeExportTimeout::key()] {
				assert_eq!(unhashed::get_raw(&key), None, "{preset}: no override of the bridge's limits");
			}
			assert_eq!(Grace::get(), sto_runtime::DAYS);
			assert_eq!(Seconds::get(), 86_400);
			assert_eq!(Timeout::get(), 86_400);
		});
	}
	genesis_ext("development").execute_with(|| {
		unhashed::put(&MinimumPeriod::key(), &1_000u64);
		unhashed::put(&BridgeGracePeriod::key(), &30u32);
		unhashed::put(&BridgeExportTimeout::key(), &90u64);
		assert_eq!((Grace::get(), Seconds::get(), Timeout::get()), (30, 60, 90));
	});
}

/// A full settlement page of an offering (`MaxSettlePerCall` subscriptions, each declaring the
/// most the token's compliance rules and checkpoint work can add to an issuance) fits in a
/// block's normal class, so no offering can be left unsettleable.
#[test]
fn a_full_settlement_page_fits_a_block() {
	use polkadot_sdk::frame_support::{dispatch::{DispatchClass, GetDispatchInfo}, traits::Get};
	let page = <<Runtime as pallet_offering::Config>::MaxSettlePerCall as Get<u32>>::get();
	let declared = pallet_offering::Call::<Runtime>::settle { offering: 0, max: page }.get_dispatch_info().call_weight;
	let normal = RuntimeBlockWeights::get()
		.get(DispatchClass::Normal)
		.max_extrinsic
		.expect("the normal class has a per-extrinsic limit");
	assert!(declared.all_lte(normal), "settle({page}) declares {declared:?}, above a normal extrinsic's {normal:?}");
}

/// Every bridge call at its declared worst case (a full signer set; for the calls that move
/// tokens, the token's worst movement on top) fits a normal extrinsic, so no attestation, import
/// or refund can be left undispatchable.
#[test]
fn every_bridge_call_fits_a_block() {
	use pallet_evm_bridge::{AttestationKind, Call, Import, Limits, Route};
	use polkadot_sdk::frame_support::dispatch::{DispatchClass, GetDispatchInfo};
	let normal = RuntimeBlockWeights::get()
		.get(DispatchClass::Normal)
		.max_extrinsic
		.expect("the normal class has a per-extrinsic limit");
	let address = sto_primitives::evm::EvmAddress::repeat_byte(1);
	let import = Import { token: 1, partition: 0, chain: 1, nonce: 1, from: address, recipient: [1; 32], amount: 1 };
	let route = Route {
		gateway: address,
		wrapped: address,
		enabled: true,
		limits: Limits { per_export: 1, per_window: 1, per_identity_window: 1 },
	};
	let signers = (0..16u8)
		.map(|n| pallet_evm_bridge::Signer {
			account: AccountId::new([n; 32]),
			key: sto_primitives::evm::EvmAddress::repeat_byte(n),
		})
		.collect::<Vec<_>>()
		.try_into()
		.expect("MaxSigners signers");
	let calls: Vec<Call<Runtime>> = vec![
		Call::set_signers { signers },
		Call::set_route { token: 1, partition: 0, chain: 1, route },
		Call::remove_route { token: 1, partition: 0, chain: 1 },
		Call::pause {},
		Call::unpause {},
		Call::export { token: 1, partition: 0, chain: 1, amount: 1, recipient: address },
		Call::attest { kind: AttestationKind::Export, nonce: 1, set_id: 1, signature: [0; 65] },
		Call::refund_expired { nonce: 1 },
		Call::retry_quarantined { id: 1 },
		Call::attest_import { import, set_id: 1, signature: [0; 65] },
		Call::resume_imports { discard: None },
		Call::bounce_quarantined { id: 1 },
		Call::request_allow { token: 1, partition: 0, chain: 1, wallet: address },
		Call::control {
			token: 1,
			partition: 0,
			chain: 1,
			action: pallet_evm_bridge::ControlAction::ForcedTransfer,
			account: address,
			to: address,
			amount: 1,
		},
		Call::set_committee { chain: 1, verifier: Some(address) },
		Call::attest { kind: AttestationKind::Message, nonce: 1, set_id: 1, signature: [0; 65] },
	];
	for call in calls {
		let declared = call.get_dispatch_info().call_weight;
		assert!(declared.ref_time() > 0, "{call:?} declares no weight");
		assert!(declared.all_lte(normal), "{call:?} declares {declared:?}, above a normal extrinsic's {normal:?}");
	}
}
