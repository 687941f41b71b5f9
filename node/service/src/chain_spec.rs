//! Chain specifications: `dev`, `local` and `consortium` are built from the runtime's genesis
//! presets; anything else is read as a chain-spec JSON file (e.g. chain-specs/consortium.json).

use polkadot_sdk::{
	sc_chain_spec::{ChainType, Properties},
	sc_service,
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
};
use sto_runtime::genesis_config_presets::CONSORTIUM_PRESET;
use sto_runtime_wasm::WASM_BINARY;

/// The chain specification of an STO chain.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol and decimals shown by wallets and explorers.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), "STO".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"The runtime's wasm is not available: build without SKIP_WASM_BUILD".to_string()
	})?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// A single-validator development chain (Alice), with sudo.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset("STO Development", "sto_dev", ChainType::Development, DEV_RUNTIME_PRESET)
}

/// A two-validator local test network (Alice, Bob), with sudo.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset("STO Local Testnet", "sto_local", ChainType::Local, LOCAL_TESTNET_RUNTIME_PRESET)
}

/// The four-validator consortium network (Alice, Bob, Charlie, Dave), governed by its council,
/// without sudo. A real consortium replaces the development keys (chain-specs/README.md).
pub fn consortium_chain_spec() -> Result<ChainSpec, String> {
	from_preset("STO Consortium", "sto_consortium", ChainType::Live, CONSORTIUM_PRESET)
}

/// Load the chain spec named by `--chain`.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" | "" => Box::new(development_chain_spec()?),
		"local" => Box::new(local_chain_spec()?),
		"consortium" => Box::new(consortium_chain_spec()?),
		path => Box::new(ChainSpec::from_json_file(std::path::PathBuf::from(path))?),
	})
}

