//! [`RefuseNonCompliant`]: the transaction pool refuses a transaction whose security-token
//! movement would fail by policy, so it never takes block space or its sender's fee.
//!
//! ## What is judged
//! At pool validation (a transaction arriving over RPC or the network, and each revalidation
//! after a new block) of a signed transaction that reaches a security-token **movement call**
//! (`issue`, `transfer_by_partition`, `operator_transfer_by_partition`, `transfer_from`,
//! `redeem`, `redeem_from`, `buy_back`, `controller_transfer`, `controller_redeem`,
//! `reclassify`), directly or through wrappers, the transaction is **simulated** in a storage
//! transaction that is always rolled back: each call is dispatched as the block would dispatch
//! it, with the origin that dispatches it, after the calls before it. A movement call that
//! fails by **policy** makes the transaction invalid with `InvalidTransaction::Custom(code)`,
//! the exact reason ([`Refusal`]; the codes are listed in docs/TOKENS.md): the token's state,
//! the parties' identities, KYC and freezes, the caller's authority (operator, role), and every
//! compliance rule. The dispatch runs the movement's own checks (authorization included), so the
//! pool and the block cannot disagree. A **shortfall** (balance, spendable balance, allowance)
//! is not refused: another pending transaction may cure it before this one is included.
//!
//! ## Wrappers
//! - `utility.batch` / `batch_all`: each call in order; a refused movement refuses the
//!   transaction; another failure stops the simulation (the batch stops there too; the dispatch
//!   decides).
//! - `utility.force_batch`: a failing call, refused or not, is skipped as the batch skips it.
//! - `utility.as_derivative`: as the derivative account, with the caller's filters.
//! - `utility.if_else`: the main call; the fallback only when the main call fails (a refused
//!   main call is not a refusal: the fallback runs).
//! - `proxy.proxy`: as the real account, with the proxy type's filter, when the proxy exists
//!   and has no announcement delay.
//! - `multisig.as_multi`: only the approval that executes the call is judged, as the multisig
//!   account; `as_multi_threshold_1` always executes.
//!
//! Other calls (`sudo`, `dispatch_as`, council motions, announced proxy calls, ...) are
//! dispatched as they are, for their effect on the calls after them, and never refused.
//!
//! ## Bounds
//! A transaction is simulated only when its declared weight is at most a tenth of the normal
//! class ([`simulation_weight_limit`]), through at most [`MAX_DEPTH`] levels of wrappers and
//! [`MAX_CALLS`] dispatched calls; beyond these bounds the rest is left to the dispatch (the
//! transaction is not refused). A transaction that reaches no movement call costs one walk over
//! its call tree and nothing else.
//!
//! ## Not simulated
//! - In a block (`TransactionSource::InBlock`) the extension does nothing: the dispatch runs the
//!   same checks, so blocks pay for them once.
//! - `custody.settle` is dispatch-only: a batch of up to 128 token legs and 128 cash legs,
//!   re-simulated at every revalidation, would cost the pool a block's share of compute per
//!   transaction; custodians run the free `CustodyApi::preview` first, which names every leg's
//!   failure, and a refused batch moves nothing (it is atomic).

use crate::{Runtime, RuntimeCall, RuntimeOrigin};
use codec::{Decode, DecodeWithMemTracking, Encode};
use polkadot_sdk::{
	frame_support::{
		pallet_prelude::TransactionSource,
		storage::{with_transaction, TransactionOutcome},
		traits::{InstanceFilter, OriginTrait, PalletInfoAccess},
		weights::Weight,
	},
	frame_system::{self, pallet_prelude::RuntimeCallFor},
	pallet_multisig, pallet_proxy, pallet_utility,
	sp_io::hashing::blake2_256,
	sp_runtime::{
		impl_tx_ext_default,
		traits::{DispatchInfoOf, Dispatchable, StaticLookup, TransactionExtension, ValidateResult, Zero},
		transaction_validity::{InvalidTransaction, ValidTransaction},
		DispatchError,
	},
};
use scale_info::TypeInfo;
use sto_primitives::refusal::Refusal;

type AccountId = <Runtime as frame_system::Config>::AccountId;

/// Most levels of wrappers the simulation follows.
pub const MAX_DEPTH: u32 = 4;

/// Most calls the simulation dispatches for one transaction.
pub const MAX_CALLS: u32 = 32;

/// The most declared weight of a transaction the pool simulates: a tenth of the normal class.
pub fn simulation_weight_limit() -> Weight {
	let weights = crate::configs::RuntimeBlockWeights::get();
	let normal = weights
		.get(polkadot_sdk::frame_support::dispatch::DispatchClass::Normal)
		.max_total
		.unwrap_or(weights.max_block);
	normal / 10
}

/// Refuses transactions whose security-token movements policy refuses, at pool validation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, Eq, PartialEq, Default, TypeInfo, Debug)]
pub struct RefuseNonCompliant;

/// How a simulated call ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
	/// Dispatched successfully.
	Ok,
	/// Failed, not by a movement's policy: what follows is the dispatch's business.
	Failed,
	/// A movement call failed by policy.
	Refused(Refusal),
	/// Beyond the simulation's bounds: nothing more is judged.
	Unchecked,
}

/// Whether `call` is a security-token movement call (not wrapped): the list of movement calls,
/// also used by the fuzzer's checks.
pub fn is_movement(call: &RuntimeCall) -> bool {
	use pallet_security_token::Call as Token;
	matches!(
		call,
		RuntimeCall::SecurityToken(
			Token::issue { .. } |
				Token::redeem { .. } |
				Token::redeem_from { .. } |
				Token::controller_redeem { .. } |
				Token::transfer_by_partition { .. } |
				Token::operator_transfer_by_partition { .. } |
				Token::transfer_from { .. } |
				Token::controller_transfer { .. } |
				Token::reclassify { .. } |
				Token::buy_back { .. }
		)
	)
}

/// The calls a wrapper dispatches (empty for anything else).
fn inner_calls(call: &RuntimeCall) -> alloc::vec::Vec<&RuntimeCall> {
	use pallet_multisig::Call as Multisig;
	use pallet_proxy::Call as Proxy;
	use pallet_utility::Call as Utility;
	match call {
		RuntimeCall::Utility(
			Utility::batch { calls } | Utility::batch_all { calls } | Utility::force_batch { calls },
		) => calls.iter().collect(),
		RuntimeCall::Utility(Utility::as_derivative { call, .. }) |
		RuntimeCall::Proxy(Proxy::proxy { call, .. }) |
		RuntimeCall::Multisig(Multisig::as_multi { call, .. }) |
		RuntimeCall::Multisig(Multisig::as_multi_threshold_1 { call, .. }) => alloc::vec![&**call],
		RuntimeCall::Utility(Utility::if_else { main, fallback }) => alloc::vec![&**main, &**fallback],
		_ => alloc::vec::Vec::new(),
	}
}

/// Whether `call` reaches a movement call through the wrappers the simulation follows.
fn reaches_movement(call: &RuntimeCall, depth: u32) -> bool {
	is_movement(call) || (depth < MAX_DEPTH && inner_calls(call).into_iter().any(|inner| reaches_movement(inner, depth + 1)))
}

/// The pool's refusal of a movement call that failed with `error`, if policy refused it.
fn refusal_of(error: &DispatchError) -> Option<Refusal> {
	let DispatchError::Module(module) = error else { return None };
	if module.index as usize != crate::SecurityToken::index() {
		return None;
	}
	pallet_security_token::Error::<Runtime>::decode(&mut &module.error[..]).ok()?.refusal()
}

/// Dispatches the calls of one transaction in turn, as the block would.
struct Simulation {
	calls_left: u32,
}

impl Simulation {
	/// Simulate `call` dispatched by `origin`, in its own storage layer (kept when the call
	/// succeeds, as a dispatch keeps its changes; dropped when it fails, as a failed dispatch
	/// leaves nothing).
	fn run(&mut self, origin: RuntimeOrigin, call: &RuntimeCall, depth: u32) -> Step {
		let step = with_transaction(|| {
			let step = self.step(origin, call, depth);
			let keep = matches!(step, Step::Ok | Step::Unchecked);
			let outcome = Ok::<Step, DispatchError>(step);
			if keep {
				TransactionOutcome::Commit(outcome)
			} else {
				TransactionOutcome::Rollback(outcome)
			}
		});
		// Only a storage layer beyond the nesting limit fails: leave it to the dispatch.
		step.unwrap_or(Step::Unchecked)
	}

	fn step(&mut self, origin: RuntimeOrigin, call: &RuntimeCall, depth: u32) -> Step {
		use pallet_multisig::Call as Multisig;
		use pallet_proxy::Call as Proxy;
		use pallet_utility::Call as Utility;
		if depth > MAX_DEPTH {
			return Step::Unchecked;
		}
		if !origin.filter_call(call) {
			return Step::Failed;
		}
		let signer = || origin.as_signer().cloned();
		match call {
			RuntimeCall::Utility(Utility::batch { calls }) => {
				for inner in calls {
					match self.run(origin.clone(), inner, depth + 1) {
						Step::Ok => {},
						// The batch stops at a failing call and succeeds.
						Step::Failed => return Step::Ok,
						other => return other,
					}
				}
				Step::Ok
			},
			RuntimeCall::Utility(Utility::batch_all { calls }) => {
				let mut inner_origin = origin.clone();
				inner_origin.add_filter(|call: &RuntimeCall| {
					!matches!(call, RuntimeCall::Utility(Utility::batch_all { .. }))
				});
				for inner in calls {
					match self.run(inner_origin.clone(), inner, depth + 1) {
						Step::Ok => {},
						other => return other,
					}
				}
				Step::Ok
			},
			RuntimeCall::Utility(Utility::force_batch { calls }) => {
				for inner in calls {
					if self.run(origin.clone(), inner, depth + 1) == Step::Unchecked {
						return Step::Unchecked;
					}
				}
				Step::Ok
			},
			RuntimeCall::Utility(Utility::as_derivative { index, call }) => {
				let Some(who) = signer() else { return Step::Failed };
				let mut inner_origin = origin.clone();
				inner_origin.set_caller_from(frame_system::RawOrigin::Signed(
					pallet_utility::derivative_account_id(who, *index),
				));
				self.run(inner_origin, call, depth + 1)
			},
			RuntimeCall::Utility(Utility::if_else { main, fallback }) => match self.run(origin.clone(), main, depth + 1) {
				Step::Failed | Step::Refused(_) => self.run(origin, fallback, depth + 1),
				other => other,
			},
			RuntimeCall::Proxy(Proxy::proxy { real, force_proxy_type, call }) => {
				let Some(delegate) = signer() else { return Step::Failed };
				let Ok(real) = <Runtime as frame_system::Config>::Lookup::lookup(real.clone()) else {
					return Step::Failed;
				};
				let Ok(proxy) = pallet_proxy::Pallet::<Runtime>::find_proxy(&real, &delegate, *force_proxy_type) else {
					return Step::Failed;
				};
				if !proxy.delay.is_zero() {
					return Step::Failed;
				}
				let proxy_type = proxy.proxy_type;
				let mut inner_origin: RuntimeOrigin = frame_system::RawOrigin::Signed(real).into();
				// The filter `pallet_proxy` puts on a proxied call.
				inner_origin.add_filter(move |call: &RuntimeCall| match call {
					RuntimeCall::Proxy(
						Proxy::add_proxy { proxy_type: other, .. } | Proxy::remove_proxy { proxy_type: other, .. },
					) if !proxy_type.is_superset(other) => false,
					RuntimeCall::Proxy(Proxy::remove_proxies { .. } | Proxy::kill_pure { .. })
						if proxy_type != Default::default() =>
						false,
					_ => proxy_type.filter(call),
				});
				// `proxy` succeeds whatever the proxied call does (the result is in its event).
				match self.run(inner_origin, call, depth + 1) {
					Step::Failed => Step::Ok,
					other => other,
				}
			},
			RuntimeCall::Multisig(Multisig::as_multi { threshold, other_signatories, call: inner, .. }) => {
				let Some(who) = signer() else { return Step::Failed };
				let Some(multisig) = multisig_account(&who, other_signatories, *threshold) else { return Step::Failed };
				let pending = pallet_multisig::Multisigs::<Runtime>::get(&multisig, blake2_256(&inner.encode()));
				let executes = pending.is_some_and(|pending| {
					let approvals = pending.approvals.len() + usize::from(!pending.approvals.contains(&who));
					approvals >= usize::from(*threshold)
				});
				if !executes {
					// An approval that only records itself.
					return self.dispatch(origin, call, false);
				}
				match self.run(frame_system::RawOrigin::Signed(multisig).into(), inner, depth + 1) {
					Step::Failed => Step::Ok,
					other => other,
				}
			},
			RuntimeCall::Multisig(Multisig::as_multi_threshold_1 { other_signatories, call }) => {
				let Some(who) = signer() else { return Step::Failed };
				let Some(multisig) = multisig_account(&who, other_signatories, 1) else { return Step::Failed };
				self.run(frame_system::RawOrigin::Signed(multisig).into(), call, depth + 1)
			},
			call => self.dispatch(origin, call, is_movement(call)),
		}
	}

	/// Dispatch one call; a movement call's policy failure is a refusal.
	fn dispatch(&mut self, origin: RuntimeOrigin, call: &RuntimeCall, movement: bool) -> Step {
		if self.calls_left == 0 {
			return Step::Unchecked;
		}
		self.calls_left -= 1;
		match call.clone().dispatch(origin) {
			Ok(_) => Step::Ok,
			Err(error) => match refusal_of(&error.error) {
				Some(refusal) if movement => Step::Refused(refusal),
				_ => Step::Failed,
			},
		}
	}
}

/// The account of the multisig of `who` and `others` with `threshold`, as `pallet_multisig`
/// derives it (signatories sorted); `None` when `who` is among `others` (the call fails).
fn multisig_account(who: &AccountId, others: &[AccountId], threshold: u16) -> Option<AccountId> {
	if others.contains(who) {
		return None;
	}
	let mut signatories = others.to_vec();
	signatories.push(who.clone());
	signatories.sort();
	Some(pallet_multisig::Pallet::<Runtime>::multi_account_id(&signatories, threshold))
}

impl RefuseNonCompliant {
	/// `Err(refusal)` when the pool refuses `call` signed by `who` (declared weight `weight`).
	pub fn check(who: &AccountId, call: &RuntimeCall, weight: Weight) -> Result<(), Refusal> {
		if !reaches_movement(call, 0) || weight.any_gt(simulation_weight_limit()) {
			return Ok(());
		}
		let step = with_transaction(|| {
			let step = Simulation { calls_left: MAX_CALLS }.run(
				frame_system::RawOrigin::Signed(who.clone()).into(),
				call,
				0,
			);
			TransactionOutcome::Rollback(Ok::<Step, DispatchError>(step))
		});
		match step {
			Ok(Step::Refused(refusal)) => Err(refusal),
			_ => Ok(()),
		}
	}
}

impl TransactionExtension<RuntimeCallFor<Runtime>> for RefuseNonCompliant {
	const IDENTIFIER: &'static str = "RefuseNonCompliant";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	/// Nothing in blocks (see the module docs).
	fn weight(&self, _: &RuntimeCall) -> Weight {
		Weight::zero()
	}

	fn validate(
		&self,
		origin: <Runtime as frame_system::Config>::RuntimeOrigin,
		call: &RuntimeCall,
		info: &DispatchInfoOf<RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		source: TransactionSource,
	) -> ValidateResult<Self::Val, RuntimeCall> {
		if source != TransactionSource::InBlock {
			if let Some(who) = origin.as_signer() {
				if let Err(refusal) = Self::check(who, call, info.call_weight) {
					return Err(InvalidTransaction::Custom(refusal.code()).into());
				}
			}
		}
		Ok((ValidTransaction::default(), (), origin))
	}

	impl_tx_ext_default!(RuntimeCall; prepare);
}
