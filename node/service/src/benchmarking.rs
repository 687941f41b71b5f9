//! `sto-node benchmark ...` (built with `--features runtime-benchmarks`): extrinsic builders and
//! inherent data for the overhead and extrinsic benchmarks, and the subcommand dispatch.

use crate::{cli::Cli, service, service::FullClient};
use polkadot_sdk::{
	frame_benchmarking_cli::{self, BenchmarkCmd, ExtrinsicFactory, SUBSTRATE_REFERENCE_HARDWARE},
	frame_system,
	sc_cli::{self, SubstrateCli},
	sc_client_api::{BlockBackend, StorageProvider},
	sc_service::PartialComponents,
	sp_api::ProvideRuntimeApi,
	sp_core::{crypto::DeriveJunction, sr25519, storage::StorageKey, Decode, Encode, Pair},
	sp_inherents::{InherentData, InherentDataProvider},
	sp_keyring::Sr25519Keyring,
	sp_runtime::{self, OpaqueExtrinsic, SaturatedConversion},
	sp_timestamp,
};
use std::{sync::Arc, time::Duration};
use pallet_security_token::runtime_api::TokenApi;
use sto_runtime::{self as runtime, AccountId, Balance, Block, EXISTENTIAL_DEPOSIT};

/// Run a `benchmark` subcommand.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) => cmd
			.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(config.chain_spec)),
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		},
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_cache)
		},
		BenchmarkCmd::Overhead(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let ext_builder = RemarkBuilder::new(client.clone());
			cmd.run(
				config.chain_spec.name().into(),
				client,
				inherent_benchmark_data()?,
				Vec::new(),
				&ext_builder,
				false,
			)
		},
		BenchmarkCmd::Extrinsic(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let load = Arc::new(LoadAccounts::find(&client));
			let ext_factory = ExtrinsicFactory(vec![
				Box::new(RemarkBuilder::new(client.clone())),
				Box::new(TransferKeepAliveBuilder {
					client: client.clone(),
					dest: Sr25519Keyring::Alice.to_account_id(),
					value: EXISTENTIAL_DEPOSIT,
					load: load.clone(),
				}),
				Box::new(TokenTransferBuilder { client: client.clone(), load }),
			]);
			cmd.run(client, inherent_benchmark_data()?, Vec::new(), &ext_factory)
		},
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
	})
}

/// Builds `system.remark` transactions for `benchmark overhead`.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let call = runtime::RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		Ok(create_benchmark_extrinsic(self.client.as_ref(), Sr25519Keyring::Bob.pair(), call, nonce)
			.into())
	}
}

/// Builds `balances.transfer_keep_alive` transactions for `benchmark extrinsic`: on a chain
/// with the load accounts ([`LoadAccounts`]), load account `n` sends `value` to account `n + 1`;
/// otherwise Bob sends `value` to `dest` (nonce `n`).
pub struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: AccountId,
	value: Balance,
	load: Arc<Result<LoadAccounts, String>>,
}

impl frame_benchmarking_cli::ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let (sender, dest, nonce) = match self.load.as_ref() {
			Ok(load) => {
				let (sender, to) = load.parties(nonce)?;
				(sender, to, 0)
			},
			Err(_) => (Sr25519Keyring::Bob.pair(), self.dest.clone(), nonce),
		};
		let call = runtime::RuntimeCall::Balances(
			polkadot_sdk::pallet_balances::Call::transfer_keep_alive { dest: dest.into(), value: self.value },
		);
		Ok(create_benchmark_extrinsic(self.client.as_ref(), sender, call, nonce).into())
	}
}
/// The load accounts of a chain from `sto-load spec`: `//sto-load/<i>`, funded, verified and
/// holding the token `LOAD` under the typical rules. With them, transaction `n` of a benchmark
/// block is sent by account `n` (nonce 0) to account `n + 1`, as `sto-load run` sends on the
/// network: each transaction reads and writes another sender's records, so that the block does
/// not measure one account's records kept warm in the block's overlay.
pub struct LoadAccounts {
	pairs: Vec<sr25519::Pair>,
	/// The id of `LOAD`.
	token: u32,
}

impl LoadAccounts {
	/// Accounts derived (more than a block holds transactions of either kind).
	const COUNT: u32 = 4_000;
	const SYMBOL: &'static [u8] = b"LOAD";

	/// The load accounts, if the client's chain has them (checked: account 0 may send `LOAD`
	/// to account 1 now).
	pub fn find(client: &FullClient) -> Result<Self, String> {
		let best = client.chain_info().best_hash;
		let symbol = Self::SYMBOL.to_vec().encode();
		let key = [
			polkadot_sdk::sp_io::hashing::twox_128(b"SecurityToken").as_slice(),
			&polkadot_sdk::sp_io::hashing::twox_128(b"Symbols"),
			&polkadot_sdk::sp_io::hashing::blake2_128(&symbol),
			&symbol,
		]
		.concat();
		let token = client
			.storage(best, &StorageKey(key))
			.map_err(|e| format!("reading SecurityToken::Symbols: {e}"))?
			.ok_or("no token LOAD on this chain (a spec from `sto-load spec` has it)")?;
		let token = u32::decode(&mut &token.0[..]).map_err(|e| format!("decoding the token id: {e}"))?;
		let base = sr25519::Pair::from_string("//sto-load", None).map_err(|e| format!("deriving //sto-load: {e:?}"))?;
		let pairs = (0..Self::COUNT)
			.map(|index| {
				base.derive(std::iter::once(DeriveJunction::from(index.to_string())), None)
					.map(|(pair, _)| pair)
					.map_err(|e| format!("deriving //sto-load/{index}: {e:?}"))
			})
			.collect::<Result<Vec<_>, _>>()?;
		let (status, failure) = client
			.runtime_api()
			.can_transfer(best, token, 0, pairs[0].public().into(), pairs[1].public().into(), 1)
			.map_err(|e| format!("SecurityTokenApi::can_transfer: {e}"))?;
		if let Some(failure) = failure {
			return Err(format!("//sto-load/0 may not send LOAD to //sto-load/1: status {status:#x}, {failure:?}"));
		}
		Ok(Self { pairs, token })
	}

	/// Transaction `n`'s sender and receiver.
	fn parties(&self, n: u32) -> Result<(sr25519::Pair, AccountId), &'static str> {
		if n + 1 >= Self::COUNT {
			return Err("more transactions than load accounts derived for one block");
		}
		Ok((self.pairs[n as usize].clone(), self.pairs[n as usize + 1].public().into()))
	}
}

/// Builds compliant `security_token.transfer_by_partition` transactions for `benchmark
/// extrinsic` (load account `n` sends 1 `LOAD` to load account `n + 1`; every rule of the
/// typical set is checked).
pub struct TokenTransferBuilder {
	client: Arc<FullClient>,
	load: Arc<Result<LoadAccounts, String>>,
}

impl frame_benchmarking_cli::ExtrinsicBuilder for TokenTransferBuilder {
	fn pallet(&self) -> &str {
		"security_token"
	}

	fn extrinsic(&self) -> &str {
		"transfer_by_partition"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let load = self.load.as_ref().as_ref().map_err(|problem| {
			log::error!("security_token::transfer_by_partition needs the load accounts: {problem}");
			"no load accounts on this chain (see the error above)"
		})?;
		let (sender, to) = load.parties(nonce)?;
		let call = runtime::RuntimeCall::SecurityToken(pallet_security_token::Call::transfer_by_partition {
			token: load.token,
			partition: 0,
			to,
			amount: 1,
			data: None,
		});
		Ok(create_benchmark_extrinsic(self.client.as_ref(), sender, call, 0).into())
	}
}

/// A signed transaction of `call` by `sender`, valid on top of the client's best block.
pub fn create_benchmark_extrinsic(
	client: &FullClient,
	sender: polkadot_sdk::sp_core::sr25519::Pair,
	call: runtime::RuntimeCall,
	nonce: u32,
) -> runtime::UncheckedExtrinsic {
	let genesis_hash = client.block_hash(0).ok().flatten().expect("Genesis block exists; qed");
	let best_hash = client.chain_info().best_hash;
	let best_block = client.chain_info().best_number;

	let period = runtime::configs::BlockHashCount::get()
		.checked_next_power_of_two()
		.map(|c| c / 2)
		.unwrap_or(2) as u64;
	let era = sp_runtime::generic::Era::mortal(period, best_block.saturated_into());
	let tx_ext = runtime::tx_extension(nonce, era, 0);

	let raw_payload = runtime::SignedPayload::from_raw(
		call.clone(),
		tx_ext.clone(),
		(
			(),
			(),
			runtime::VERSION.spec_version,
			runtime::VERSION.transaction_version,
			genesis_hash,
			best_hash,
			(),
			(),
			(),
			None,
			(),
			(),
		),
	);
	let signature = raw_payload.using_encoded(|e| sender.sign(e));

	runtime::UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::AccountId32::from(sender.public()).into(),
		runtime::Signature::Sr25519(signature),
		tx_ext,
	)
}

/// Inherent data for the overhead benchmark: a timestamp.
pub fn inherent_benchmark_data() -> sc_cli::Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(Duration::from_millis(0).into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating inherent data: {e:?}"))?;
	Ok(inherent_data)
}
