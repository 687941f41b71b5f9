//! Placeholder weights, replaced by `scripts/bench.sh` output.
#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_identity_registry`.
pub trait WeightInfo {
	fn register_identity() -> Weight;
	fn link_wallet() -> Weight;
	fn unlink_wallet() -> Weight;
	fn set_primary_wallet() -> Weight;
	fn recover_identity() -> Weight;
	fn add_claim() -> Weight;
	fn update_claim() -> Weight;
	fn revoke_claim(n: u32) -> Weight;
	fn set_trusted_issuer(t: u32) -> Weight;
	fn remove_trusted_issuer(t: u32) -> Weight;
	fn set_token_trusted_issuers(i: u32) -> Weight;
	fn add_registrar() -> Weight;
	fn remove_registrar() -> Weight;
}

fn flat(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(60_000_000, 8_000)
		.saturating_add(RocksDbWeight::get().reads(reads))
		.saturating_add(RocksDbWeight::get().writes(writes))
}

impl WeightInfo for () {
	fn register_identity() -> Weight { flat(6, 7) }
	fn link_wallet() -> Weight { flat(5, 5) }
	fn unlink_wallet() -> Weight { flat(4, 4) }
	fn set_primary_wallet() -> Weight { flat(3, 1) }
	fn recover_identity() -> Weight { flat(5, 6) }
	fn add_claim() -> Weight { flat(8, 5) }
	fn update_claim() -> Weight { flat(6, 2) }
	fn revoke_claim(n: u32) -> Weight { flat(5, 4).saturating_add(RocksDbWeight::get().reads(n as u64)) }
	fn set_trusted_issuer(t: u32) -> Weight { flat(2, 1).saturating_add(RocksDbWeight::get().reads_writes(2 * t as u64, 2 * t as u64)) }
	fn remove_trusted_issuer(t: u32) -> Weight { flat(1, 1).saturating_add(RocksDbWeight::get().reads_writes(t as u64, t as u64)) }
	fn set_token_trusted_issuers(i: u32) -> Weight { flat(1, 1).saturating_add(RocksDbWeight::get().reads(i as u64)) }
	fn add_registrar() -> Weight { flat(2, 1) }
	fn remove_registrar() -> Weight { flat(1, 1) }
}

/// Weights for the runtime (placeholder until generated).
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_identity() -> Weight { <() as WeightInfo>::register_identity() }
	fn link_wallet() -> Weight { <() as WeightInfo>::link_wallet() }
	fn unlink_wallet() -> Weight { <() as WeightInfo>::unlink_wallet() }
	fn set_primary_wallet() -> Weight { <() as WeightInfo>::set_primary_wallet() }
	fn recover_identity() -> Weight { <() as WeightInfo>::recover_identity() }
	fn add_claim() -> Weight { <() as WeightInfo>::add_claim() }
	fn update_claim() -> Weight { <() as WeightInfo>::update_claim() }
	fn revoke_claim(n: u32) -> Weight { <() as WeightInfo>::revoke_claim(n) }
	fn set_trusted_issuer(t: u32) -> Weight { <() as WeightInfo>::set_trusted_issuer(t) }
	fn remove_trusted_issuer(t: u32) -> Weight { <() as WeightInfo>::remove_trusted_issuer(t) }
	fn set_token_trusted_issuers(i: u32) -> Weight { <() as WeightInfo>::set_token_trusted_issuers(i) }
	fn add_registrar() -> Weight { <() as WeightInfo>::add_registrar() }
	fn remove_registrar() -> Weight { <() as WeightInfo>::remove_registrar() }
}
