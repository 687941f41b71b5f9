//! Runtime APIs: what the node and clients may ask the runtime (JSON-RPC `state_call`).

use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{
		genesis_builder_helper::{build_state, get_preset},
		traits::Time,
		view_functions::{ViewFunctionDispatchError, ViewFunctionId},
		weights::Weight,
	},
	pallet_grandpa::AuthorityId as GrandpaId,
	pallet_transaction_payment, pallet_transaction_payment_rpc_runtime_api,
	sp_api::{self, impl_runtime_apis},
	sp_block_builder,
	sp_consensus_aura::{self, sr25519::AuthorityId as AuraId},
	sp_consensus_grandpa,
	sp_core::{crypto::KeyTypeId, OpaqueMetadata, H256},
	sp_genesis_builder, sp_inherents, sp_offchain,
	sp_runtime::{
		traits::{Block as BlockT, NumberFor},
		transaction_validity::{TransactionSource, TransactionValidity},
		ApplyExtrinsicResult, ExtrinsicInclusionMode,
	},
	sp_session, sp_transaction_pool,
	sp_version::RuntimeVersion,
	*,
};

use crate::{
	genesis_config_presets, AccountId, Aura, Balance, Block, Executive, Grandpa, InherentDataExt,
	Moment, Nonce, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys, System, Timestamp,
	TransactionPayment, VERSION,
};
use pallet_identity_registry::{
	ClaimRecord, ClaimStatus, ClaimTopic, ConsentAction, CountryCode, IdentityId,
	IdentityProvider, IdentityRecord, InvestorType, Issuers, TokenId,
};

type IdentityRegistry = pallet_identity_registry::Pallet<Runtime>;
type SecurityToken = pallet_security_token::Pallet<Runtime>;
type Custody = pallet_custody::Pallet<Runtime>;
/// The id of a cash asset (pallet-assets).
type AssetId = <Runtime as pallet_assets::Config>::AssetId;
/// The most token legs in a settlement batch.
type MaxLegs = <Runtime as pallet_custody::Config>::MaxLegs;
/// The most cash legs in a settlement batch.
type MaxCashLegs = <Runtime as pallet_custody::Config>::MaxCashLegs;
use pallet_security_token::{
	DocumentOf, PartitionId, TokenBalance, TokenDetailsOf, TransferFailure,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocations in a permissioned consortium are handled by governance (remove
			// the validator); no on-chain slashing.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[api_version(2)]
	impl pallet_identity_registry::runtime_api::IdentityApi<Block, AccountId, Balance, Moment> for Runtime {
		fn identity_of(account: AccountId) -> Option<IdentityId> {
			pallet_identity_registry::IdentityOf::<Runtime>::get(account)
		}

		fn identity(identity: IdentityId) -> Option<IdentityRecord<AccountId, Balance, Moment>> {
			pallet_identity_registry::Identities::<Runtime>::get(identity)
		}

		fn wallets(identity: IdentityId) -> Vec<AccountId> {
			IdentityRegistry::wallets_of(identity)
		}

		fn claims(identity: IdentityId) -> Vec<(ClaimTopic, IdentityId, ClaimRecord<AccountId, Balance, Moment>)> {
			IdentityRegistry::claims_of(identity)
		}

		fn is_verified(identity: IdentityId, token: Option<TokenId>) -> bool {
			IdentityRegistry::is_verified(identity, token, Timestamp::now())
		}

		fn claim_status(identity: IdentityId, topic: ClaimTopic, token: Option<TokenId>) -> ClaimStatus {
			IdentityRegistry::claim_status(identity, topic, token, Issuers::Trusted, Timestamp::now())
		}

		fn jurisdiction(identity: IdentityId) -> Option<CountryCode> {
			IdentityRegistry::jurisdiction(identity, None, Timestamp::now())
		}

		fn investor_type(identity: IdentityId) -> Option<InvestorType> {
			IdentityRegistry::investor_type(identity, None, Timestamp::now())
		}

		fn consent_payload(action: ConsentAction, identity: IdentityId, account: AccountId) -> Vec<u8> {
			codec::Encode::encode(&IdentityRegistry::consent_payload(action, identity, account))
		}

		fn token_claims(identity: IdentityId, token: TokenId) -> Vec<(ClaimTopic, IdentityId, ClaimRecord<AccountId, Balance, Moment>)> {
			IdentityRegistry::token_claims_of(identity, token)
		}

		fn token_jurisdiction(identity: IdentityId, token: TokenId) -> Option<CountryCode> {
			IdentityRegistry::jurisdiction(identity, Some(token), Timestamp::now())
		}

		fn token_investor_type(identity: IdentityId, token: TokenId) -> Option<InvestorType> {
			IdentityRegistry::investor_type(identity, Some(token), Timestamp::now())
		}
	}

	impl pallet_security_token::runtime_api::TokenApi<Block, AccountId, Moment, TokenDetailsOf<Runtime>, DocumentOf<Runtime>> for Runtime {
		fn can_transfer(
			token: TokenId,
			partition: PartitionId,
			from: AccountId,
			to: AccountId,
			amount: TokenBalance,
		) -> (u8, Option<TransferFailure>) {
			let (status, failure) = SecurityToken::can_transfer(token, partition, from, to, amount);
			(status.code(), failure)
		}

		fn token(token: TokenId) -> Option<TokenDetailsOf<Runtime>> {
			pallet_security_token::Tokens::<Runtime>::get(token)
		}

		fn balance_of(token: TokenId, partition: PartitionId, account: AccountId) -> TokenBalance {
			SecurityToken::balance_of(token, partition, &account)
		}

		fn identity_balance(token: TokenId, identity: IdentityId) -> TokenBalance {
			SecurityToken::identity_balance(token, identity)
		}

		fn holdings(token: TokenId, account: AccountId) -> Vec<pallet_security_token::HoldingView<Moment>> {
			SecurityToken::holdings_of(token, &account)
		}

		fn documents(token: TokenId) -> Vec<(Vec<u8>, DocumentOf<Runtime>)> {
			pallet_security_token::Documents::<Runtime>::iter_prefix(token)
				.map(|(name, document)| (name.into_inner(), document))
				.collect()
		}
	}

	impl pallet_compliance::runtime_api::ComplianceApi<Block, AccountId> for Runtime {
		fn transfer_report(
			token: TokenId,
			partition: PartitionId,
			from: AccountId,
			to: AccountId,
			amount: TokenBalance,
		) -> pallet_compliance::runtime_api::TransferReport {
			let (status, failure) = SecurityToken::can_transfer(token, partition, from.clone(), to.clone(), amount);
			let rules = pallet_compliance::Pallet::<Runtime>::transfer_report(token, partition, from, to, amount)
				.unwrap_or_default();
			pallet_compliance::runtime_api::TransferReport { status: status.code(), failure, rules }
		}
	}

	impl pallet_evm_bridge::runtime_api::EvmBridgeApi<
		Block,
		AccountId,
		pallet_evm_bridge::ExportView<AccountId>,
		pallet_evm_bridge::ImportStatus,
		pallet_evm_bridge::Error<Runtime>,
		pallet_evm_bridge::MessageView<Runtime>,
	> for Runtime {
		fn export(nonce: pallet_evm_bridge::ExportNonce) -> Option<pallet_evm_bridge::ExportView<AccountId>> {
			crate::EvmBridge::export_view(nonce)
		}

		fn exports_in_flight(from: pallet_evm_bridge::ExportNonce, max: u32) -> Vec<pallet_evm_bridge::ExportView<AccountId>> {
			crate::EvmBridge::exports_in_flight(from, max)
		}

		fn import_status(
			chain: pallet_evm_bridge::EvmChainId,
			gateway: pallet_evm_bridge::EvmAddress,
			nonce: pallet_evm_bridge::ImportNonce,
		) -> pallet_evm_bridge::ImportStatus {
			crate::EvmBridge::import_status(chain, gateway, nonce)
		}

		fn release_digest(import: pallet_evm_bridge::Import) -> Option<[u8; 32]> {
			crate::EvmBridge::release_digest_of(&import)
		}

		fn preview_export(
			who: AccountId,
			token: TokenId,
			partition: PartitionId,
			chain: pallet_evm_bridge::EvmChainId,
			amount: TokenBalance,
			recipient: pallet_evm_bridge::EvmAddress,
		) -> Vec<pallet_evm_bridge::Error<Runtime>> {
			crate::EvmBridge::preview_export(&who, token, partition, chain, amount, &recipient)
		}

		fn messages(from: pallet_evm_bridge::MessageId, max: u32) -> Vec<pallet_evm_bridge::MessageView<Runtime>> {
			crate::EvmBridge::messages_from(from, max)
		}

		fn preview_export_rules(
			who: AccountId,
			token: TokenId,
			partition: PartitionId,
			amount: TokenBalance,
			recipient: pallet_evm_bridge::EvmAddress,
		) -> Vec<sto_primitives::compliance::RuleReport> {
			crate::EvmBridge::preview_export_rules(&who, token, partition, amount, &recipient)
		}
	}

	impl pallet_custody::runtime_api::CustodyApi<Block, AccountId, AssetId, Balance, MaxLegs, MaxCashLegs> for Runtime {
		fn preview(
			submitter: AccountId,
			batch_ref: H256,
			legs: frame_support::BoundedVec<pallet_custody::Leg<AccountId>, MaxLegs>,
			cash_legs: frame_support::BoundedVec<pallet_custody::CashLeg<AssetId, AccountId, Balance>, MaxCashLegs>,
		) -> pallet_custody::SettlementPreview {
			Custody::preview(submitter, batch_ref, legs, cash_legs)
		}

		fn identity_holding(token: TokenId, identity: IdentityId) -> TokenBalance {
			Custody::identity_holding(token, identity)
		}

		fn mandate_capacity(
			investor: IdentityId,
			custodian: IdentityId,
			token: TokenId,
			partition: PartitionId,
		) -> Result<TokenBalance, pallet_custody::MandateFailure> {
			Custody::mandate_capacity(investor, custodian, token, partition)
		}

		fn mandate(investor: IdentityId, custodian: IdentityId, token: TokenId) -> Option<pallet_custody::Mandate> {
			Custody::mandate(investor, custodian, token)
		}

		fn custodian(custodian: IdentityId) -> Option<pallet_custody::Custodian> {
			Custody::custodian(custodian)
		}

		fn venue_account(investor: IdentityId, custodian: IdentityId) -> Option<pallet_custody::VenueBinding> {
			Custody::venue_account(investor, custodian)
		}

		fn investor_of_venue_account(custodian: IdentityId, account_ref: H256) -> Option<IdentityId> {
			Custody::investor_of_venue_account(custodian, account_ref)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::benchmark_metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch_benchmark(config)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// An error here must abort the try-runtime command with a backtrace.
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}
}
