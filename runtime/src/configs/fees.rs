//! The fee policy: what block space costs.
//!
//! A block offers two scarce resources: compute (`RuntimeBlockWeights`, 2 s per block, 75 % of
//! it for normal transactions) and bytes (`RuntimeBlockLength`, 5 MiB, 75 % for normal
//! transactions). A transaction pays for both, at the same price:
//!
//! - **Weight**: one planck per picosecond of compute, so one STO buys one second of block
//!   compute ([`WeightToFee`]). A security-token transfer (≈ 0.1 ms) costs about 0.0001 STO.
//! - **Length**: a byte costs what the compute it displaces costs ([`LengthFeePerByte`]): the
//!   fee of the normal class's whole weight divided by the normal class's length. Filling the
//!   normal part of a block with bytes costs as much as filling it with compute (about 1.5 STO
//!   either way); a 3 MB transaction pays about 1.2 STO for its length.
//! - **Congestion**: both fees are multiplied by a multiplier that rises while blocks are fuller
//!   than a quarter of the normal class, by weight **or by length** (whichever is fuller), and
//!   falls back, never below one, when they are emptier ([`CongestionMultiplier`]). Sustained
//!   full blocks double the price in about 90 blocks (9 minutes) and raise it tenfold in about
//!   300 (half an hour); it halves again in about 280 empty blocks.
//!
//! Operational transactions (governance) pay `OperationalFeeMultiplier` times their weight fee
//! as their priority tip, as in FRAME's default.

use crate::{configs::{RuntimeBlockLength, RuntimeBlockWeights}, Balance, Runtime};
use polkadot_sdk::{
	frame_support::{dispatch::DispatchClass, parameter_types, weights::IdentityFee},
	frame_system,
	pallet_transaction_payment::{Multiplier, MultiplierUpdate},
	sp_runtime::{
		traits::Convert,
		FixedPointNumber, PerThing, Perquintill, Saturating,
	},
};

/// One planck per picosecond of compute: one STO (10¹² planck) per second.
pub type WeightToFee = IdentityFee<Balance>;

/// The most bytes normal transactions may fill in one block.
pub fn normal_block_length() -> u64 {
	*RuntimeBlockLength::get().max.get(DispatchClass::Normal) as u64
}

/// The most compute (ref time, ps) normal transactions may fill in one block.
pub fn normal_block_ref_time() -> u64 {
	let weights = RuntimeBlockWeights::get();
	weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block).ref_time()
}

parameter_types! {
	/// A byte costs the fee of the compute it displaces: the normal class's weight fee over
	/// the normal class's length (≈ 381,000 planck, 0.00000038 STO, per byte).
	pub LengthFeePerByte: Balance =
		normal_block_ref_time() as Balance / normal_block_length().max(1) as Balance;
	/// The multiplier aims at blocks a quarter full (of the normal class).
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier reacts: `v` of the W3F fee model (0.75 % per full block).
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(1, 100);
	/// Fees never fall below the policy's base price.
	pub MinimumMultiplier: Multiplier = Multiplier::from_u32(1);
	/// Nor rise above a million times it.
	pub MaximumMultiplier: Multiplier = Multiplier::from_u32(1_000_000);
}

/// The fee multiplier's update after each block: the W3F slow-adjusting model of
/// `pallet_transaction_payment::TargetedFeeAdjustment`, with the block's fullness measured by
/// weight (ref time and proof size) **and** by length, the fuller of the three deciding. FRAME's
/// adjustment looks at weight only, so blocks filled with bytes (large, cheap-to-execute
/// transactions) would never raise the price.
///
/// `next = previous × (1 + v·d + v²·d²/2)` when the block is fuller than the target `s*`
/// (`d = s − s*`), `previous × (1 − v·d + v²·d²/2)` (with `d = s* − s`) when emptier, clamped to
/// `[MinimumMultiplier, MaximumMultiplier]`.
pub struct CongestionMultiplier;

impl CongestionMultiplier {
	/// How full the block being finished is, as the fuller of its normal-class weight
	/// dimensions and of its length.
	pub fn block_fullness() -> Perquintill {
		let weights = RuntimeBlockWeights::get();
		let max = weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block);
		let used = frame_system::Pallet::<Runtime>::block_weight().get(DispatchClass::Normal).min(max);
		let ratio = |used: u64, max: u64| Perquintill::from_rational(used.min(max), max.max(1));
		let length = frame_system::Pallet::<Runtime>::block_size() as u64;
		ratio(used.ref_time(), max.ref_time())
			.max(ratio(used.proof_size(), max.proof_size()))
			.max(ratio(length, normal_block_length()))
	}

	/// The next multiplier after a block of `fullness`.
	pub fn next(previous: Multiplier, fullness: Perquintill) -> Multiplier {
		let (min, max) = (MinimumMultiplier::get(), MaximumMultiplier::get());
		let previous = previous.max(min);
		let target = TargetBlockFullness::get();
		let v = AdjustmentVariable::get();
		let fuller = fullness >= target;
		let d = if fuller { fullness - target } else { target - fullness };
		let d = Multiplier::saturating_from_rational(d.deconstruct(), Perquintill::ACCURACY);
		let first = v.saturating_mul(d);
		let second = v.saturating_mul(v).saturating_mul(d).saturating_mul(d) / Multiplier::from_u32(2);
		let next = if fuller {
			previous.saturating_add(first.saturating_add(second).saturating_mul(previous))
		} else {
			previous.saturating_sub(first.saturating_sub(second).saturating_mul(previous))
		};
		next.clamp(min, max)
	}
}

impl Convert<Multiplier, Multiplier> for CongestionMultiplier {
	fn convert(previous: Multiplier) -> Multiplier {
		Self::next(previous, Self::block_fullness())
	}
}

impl MultiplierUpdate for CongestionMultiplier {
	fn min() -> Multiplier {
		MinimumMultiplier::get()
	}
	fn max() -> Multiplier {
		MaximumMultiplier::get()
	}
	fn target() -> Perquintill {
		TargetBlockFullness::get()
	}
	fn variability() -> Multiplier {
		AdjustmentVariable::get()
	}
}
