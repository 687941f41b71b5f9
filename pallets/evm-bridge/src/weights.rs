
//! PLACEHOLDER, NOT MEASURED: `scripts/bench.sh evm-bridge` overwrites this file with the
//! measured weights. Never commit it in this state.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// Weight functions needed for `pallet_evm_bridge`.
pub trait WeightInfo {
	fn set_signers(n: u32, ) -> Weight;
	fn set_route() -> Weight;
	fn remove_route() -> Weight;
	fn pause() -> Weight;
	fn unpause() -> Weight;
	fn export() -> Weight;
	fn attest(n: u32, ) -> Weight;
	fn refund_expired() -> Weight;
	fn retry_quarantined() -> Weight;
	fn attest_import(n: u32, ) -> Weight;
	fn resume_imports() -> Weight;
	fn bounce_quarantined() -> Weight;
}

/// Measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_signers(_n: u32, ) -> Weight {
		Weight::MAX
	}
	fn set_route() -> Weight {
		Weight::MAX
	}
	fn remove_route() -> Weight {
		Weight::MAX
	}
	fn pause() -> Weight {
		Weight::MAX
	}
	fn unpause() -> Weight {
		Weight::MAX
	}
	fn export() -> Weight {
		Weight::MAX
	}
	fn attest(_n: u32, ) -> Weight {
		Weight::MAX
	}
	fn refund_expired() -> Weight {
		Weight::MAX
	}
	fn retry_quarantined() -> Weight {
		Weight::MAX
	}
	fn attest_import(_n: u32, ) -> Weight {
		Weight::MAX
	}
	fn resume_imports() -> Weight {
		Weight::MAX
	}
	fn bounce_quarantined() -> Weight {
		Weight::MAX
	}
}

impl WeightInfo for () {
	fn set_signers(_n: u32, ) -> Weight {
		Weight::zero()
	}
	fn set_route() -> Weight {
		Weight::zero()
	}
	fn remove_route() -> Weight {
		Weight::zero()
	}
	fn pause() -> Weight {
		Weight::zero()
	}
	fn unpause() -> Weight {
		Weight::zero()
	}
	fn export() -> Weight {
		Weight::zero()
	}
	fn attest(_n: u32, ) -> Weight {
		Weight::zero()
	}
	fn refund_expired() -> Weight {
		Weight::zero()
	}
	fn retry_quarantined() -> Weight {
		Weight::zero()
	}
	fn attest_import(_n: u32, ) -> Weight {
		Weight::zero()
	}
	fn resume_imports() -> Weight {
		Weight::zero()
	}
	fn bounce_quarantined() -> Weight {
		Weight::zero()
	}
}
