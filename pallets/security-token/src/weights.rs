//! Placeholder weights, replaced by `scripts/bench.sh` output.
#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// Weight functions needed for `pallet_security_token`.
pub trait WeightInfo {
	fn create_token() -> Weight;
	fn set_status() -> Weight;
	fn set_paused() -> Weight;
	fn grant_roles() -> Weight;
	fn revoke_roles() -> Weight;
	fn offer_ownership() -> Weight;
	fn accept_ownership() -> Weight;
	fn add_partition() -> Weight;
	fn set_partition_rights() -> Weight;
	fn set_supply_cap() -> Weight;
	fn finish_issuance() -> Weight;
	fn renounce_control() -> Weight;
	fn set_identifiers() -> Weight;
	fn issue() -> Weight;
	fn redeem() -> Weight;
	fn redeem_from() -> Weight;
	fn controller_redeem() -> Weight;
	fn buy_back() -> Weight;
	fn transfer_by_partition() -> Weight;
	fn transfer_plain() -> Weight;
	fn operator_transfer_by_partition() -> Weight;
	fn authorize_operator() -> Weight;
	fn revoke_operator() -> Weight;
	fn approve() -> Weight;
	fn transfer_from() -> Weight;
	fn controller_transfer() -> Weight;
	fn reclassify() -> Weight;
	fn freeze_account() -> Weight;
	fn unfreeze_account() -> Weight;
	fn freeze_partial() -> Weight;
	fn unfreeze_partial() -> Weight;
	fn add_lockup() -> Weight;
	fn set_document() -> Weight;
	fn remove_document() -> Weight;
}

fn flat(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(80_000_000, 20_000)
		.saturating_add(ParityDbWeight::get().reads(reads))
		.saturating_add(ParityDbWeight::get().writes(writes))
}

/// Until generated: conservative flat weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_token() -> Weight { <() as WeightInfo>::create_token() }
	fn set_status() -> Weight { <() as WeightInfo>::set_status() }
	fn set_paused() -> Weight { <() as WeightInfo>::set_paused() }
	fn grant_roles() -> Weight { <() as WeightInfo>::grant_roles() }
	fn revoke_roles() -> Weight { <() as WeightInfo>::revoke_roles() }
	fn offer_ownership() -> Weight { <() as WeightInfo>::offer_ownership() }
	fn accept_ownership() -> Weight { <() as WeightInfo>::accept_ownership() }
	fn add_partition() -> Weight { <() as WeightInfo>::add_partition() }
	fn set_partition_rights() -> Weight { <() as WeightInfo>::set_partition_rights() }
	fn set_supply_cap() -> Weight { <() as WeightInfo>::set_supply_cap() }
	fn finish_issuance() -> Weight { <() as WeightInfo>::finish_issuance() }
	fn renounce_control() -> Weight { <() as WeightInfo>::renounce_control() }
	fn set_identifiers() -> Weight { <() as WeightInfo>::set_identifiers() }
	fn issue() -> Weight { <() as WeightInfo>::issue() }
	fn redeem() -> Weight { <() as WeightInfo>::redeem() }
	fn redeem_from() -> Weight { <() as WeightInfo>::redeem_from() }
	fn controller_redeem() -> Weight { <() as WeightInfo>::controller_redeem() }
	fn buy_back() -> Weight { <() as WeightInfo>::buy_back() }
	fn transfer_by_partition() -> Weight { <() as WeightInfo>::transfer_by_partition() }
	fn transfer_plain() -> Weight { <() as WeightInfo>::transfer_plain() }
	fn operator_transfer_by_partition() -> Weight { <() as WeightInfo>::operator_transfer_by_partition() }
	fn authorize_operator() -> Weight { <() as WeightInfo>::authorize_operator() }
	fn revoke_operator() -> Weight { <() as WeightInfo>::revoke_operator() }
	fn approve() -> Weight { <() as WeightInfo>::approve() }
	fn transfer_from() -> Weight { <() as WeightInfo>::transfer_from() }
	fn controller_transfer() -> Weight { <() as WeightInfo>::controller_transfer() }
	fn reclassify() -> Weight { <() as WeightInfo>::reclassify() }
	fn freeze_account() -> Weight { <() as WeightInfo>::freeze_account() }
	fn unfreeze_account() -> Weight { <() as WeightInfo>::unfreeze_account() }
	fn freeze_partial() -> Weight { <() as WeightInfo>::freeze_partial() }
	fn unfreeze_partial() -> Weight { <() as WeightInfo>::unfreeze_partial() }
	fn add_lockup() -> Weight { <() as WeightInfo>::add_lockup() }
	fn set_document() -> Weight { <() as WeightInfo>::set_document() }
	fn remove_document() -> Weight { <() as WeightInfo>::remove_document() }
}

impl WeightInfo for () {
	fn create_token() -> Weight { flat(4, 6) }
	fn set_status() -> Weight { flat(2, 1) }
	fn set_paused() -> Weight { flat(3, 1) }
	fn grant_roles() -> Weight { flat(3, 1) }
	fn revoke_roles() -> Weight { flat(3, 1) }
	fn offer_ownership() -> Weight { flat(2, 1) }
	fn accept_ownership() -> Weight { flat(3, 2) }
	fn add_partition() -> Weight { flat(2, 1) }
	fn set_partition_rights() -> Weight { flat(2, 1) }
	fn set_supply_cap() -> Weight { flat(3, 1) }
	fn finish_issuance() -> Weight { flat(3, 1) }
	fn renounce_control() -> Weight { flat(2, 1) }
	fn set_identifiers() -> Weight { flat(2, 1) }
	fn issue() -> Weight { flat(10, 4) }
	fn redeem() -> Weight { flat(4, 3) }
	fn redeem_from() -> Weight { flat(7, 4) }
	fn controller_redeem() -> Weight { flat(6, 3) }
	fn buy_back() -> Weight { flat(8, 4) }
	fn transfer_by_partition() -> Weight { flat(9, 5) }
	fn transfer_plain() -> Weight { flat(7, 2) }
	fn operator_transfer_by_partition() -> Weight { flat(11, 5) }
	fn authorize_operator() -> Weight { flat(1, 1) }
	fn revoke_operator() -> Weight { flat(1, 1) }
	fn approve() -> Weight { flat(1, 1) }
	fn transfer_from() -> Weight { flat(10, 6) }
	fn controller_transfer() -> Weight { flat(11, 5) }
	fn reclassify() -> Weight { flat(10, 3) }
	fn freeze_account() -> Weight { flat(4, 1) }
	fn unfreeze_account() -> Weight { flat(4, 1) }
	fn freeze_partial() -> Weight { flat(4, 1) }
	fn unfreeze_partial() -> Weight { flat(4, 1) }
	fn add_lockup() -> Weight { flat(3, 1) }
	fn set_document() -> Weight { flat(4, 2) }
	fn remove_document() -> Weight { flat(4, 2) }
}
