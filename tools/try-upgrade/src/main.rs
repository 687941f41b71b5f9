//! `sto-try-upgrade <ws://node:port>`: download the live chain's state at its latest finalized
//! block and run this checkout's runtime upgrade on a copy of it, with every try-runtime check:
//! each migration's `pre_upgrade` and `post_upgrade`, each pallet's storage version and
//! `try_state` invariants. Prints what ran and the migrations' weight against a block's; exits
//! with an error naming the failed check. Nothing is written to the chain.
//!
//! Run it from the commit whose wasm the council is asked to authorize (docs/CONSORTIUM.md).

use polkadot_sdk::{
	frame_remote_externalities::{Builder, Mode, OnlineConfig},
	frame_support::weights::Weight,
	frame_system,
	frame_try_runtime::UpgradeCheckSelect,
};
use sto_runtime::{Block, Executive, Runtime, VERSION};

#[tokio::main]
async fn main() -> Result<(), String> {
	let uri = std::env::args()
		.nth(1)
		.ok_or("usage: sto-try-upgrade <ws://host:port of a node of the chain (an archive node, or a recent block)>")?;
	eprintln!("downloading the state of {uri}'s latest finalized block ...");
	let mut ext = Builder::<Block>::new()
		.mode(Mode::Online(OnlineConfig::from(uri.clone())))
		.build()
		.await
		.map_err(|e| format!("downloading the state from {uri}: {e}"))?;
	let outcome: Result<(Option<u32>, Weight), String> = ext.execute_with(|| {
		let running = frame_system::LastRuntimeUpgrade::<Runtime>::get().map(|last| last.spec_version.0);
		let weight = Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.map_err(|e| format!("the upgrade fails a check: {e:?}"))?;
		Ok((running, weight))
	});
	let (running, weight) = outcome?;
	let max = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
	println!(
		"upgrade from spec version {} to {}: every migration's pre_upgrade/post_upgrade and every pallet's \
		 try_state passed; the migrations weigh {} ps and {} bytes of proof ({:.2}% of a block's compute)",
		running.map_or("unknown".to_string(), |v| v.to_string()),
		VERSION.spec_version,
		weight.ref_time(),
		weight.proof_size(),
		100.0 * weight.ref_time() as f64 / max.ref_time() as f64,
	);
	if weight.any_gt(max) {
		return Err("the migrations do not fit one block: split them (pallet-migrations)".into());
	}
	Ok(())
}
