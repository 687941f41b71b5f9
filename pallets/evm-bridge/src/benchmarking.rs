//! Benchmarks: each call at its worst path. The calls that move tokens (`export`, the
//! refunding outcome of `attest`, `refund_expired`, `retry_quarantined`, the releasing
//! `attest_import`) are measured with a real movement of a token without compliance rules,
//! and their declared weight adds the token's worst movement
//! (`TokenBridge::max_movement_weight`): the movement counts twice, on the safe side. Votes
//! already collected are written straight into storage (their signatures were checked when
//! they came); the measured vote is a real signature, recovered.

use super::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use polkadot_sdk::frame_benchmarking;
use sto_primitives::{
	bridge::TokenBridge,
	evm::{self, EvmIdentity},
};

type Helper<T> = <T as Config>::BenchmarkHelper;

/// The EVM chain of the benchmarks' route.
const CHAIN: EvmChainId = 31_337;
/// The amount each benchmark exports or imports.
const AMOUNT: TokenBalance = 100;
/// Start of the benchmarks' clock (milliseconds).
const NOW: u64 = 1_700_000_000_000;

/// The EVM address of the helper's key `seed`.
fn evm_address<T: Config>(seed: u32) -> EvmAddress {
	let digest = [7u8; 32];
	evm::recover(&digest, &Helper::<T>::evm_sign(seed, &digest)).expect("the helper signs as an EVM wallet does")
}

/// A signer set of `n` signers (each set `set` its own accounts and keys), keys ascending, and
/// each signer's key seed in the set's order.
fn signers<T: Config>(set: u32, n: u32) -> (SignersOf<T>, Vec<u32>) {
	let mut signers: Vec<(Signer<T::AccountId>, u32)> = (0..n)
		.map(|i| {
			let seed = 10_000 + 100 * set + i;
			(Signer { account: account("signer", seed, 0), key: evm_address::<T>(seed) }, seed)
		})
		.collect();
	signers.sort_by_key(|(signer, _)| signer.key);
	let seeds = signers.iter().map(|(_, seed)| *seed).collect();
	let set = BoundedVec::try_from(signers.into_iter().map(|(signer, _)| signer).collect::<Vec<_>>())
		.expect("at most MaxSigners; qed");
	(set, seeds)
}

/// Rotate to a new set of `n` signers; its key seeds in the set's order.
fn rotate<T: Config>(n: u32) -> Result<Vec<u32>, BenchmarkError> {
	let (set, seeds) = signers::<T>(CurrentSet::<T>::get() + 1, n);
	Pallet::<T>::do_set_signers(set).map_err(|_| BenchmarkError::Stop("a valid signer set"))?;
	Ok(seeds)
}

/// The current signer set.
fn current<T: Config>() -> Result<(SetId, SignerSetOf<T>), BenchmarkError> {
	let id = CurrentSet::<T>::get();
	Ok((id, SignerSets::<T>::get(id).ok_or(BenchmarkError::Stop("a signer set"))?))
}

/// Votes already collected from the signers at `indices` (dummy signatures).
fn votes<T: Config>(set_id: SetId, digest: [u8; 32], indices: core::ops::Range<u32>) -> Votes<T> {
	let signatures = indices.map(|i| (i, [1u8; 65])).collect::<Vec<_>>();
	Votes { set_id, digest, signatures: BoundedVec::try_from(signatures).expect("at most MaxSigners; qed") }
}

fn route() -> Route {
	let most = TokenBalance::MAX / 4;
	Route {
		gateway: EvmAddress::repeat_byte(0x6a),
		wrapped: EvmAddress::repeat_byte(0x77),
		enabled: true,
		limits: Limits { per_export: most, per_window: most, per_identity_window: most },
	}
}

/// A holder of a routed token, an EVM recipient linked to a verified identity, a set of `n`
/// signers, the clock running, and both limit windows with exports in them (rolled by the
/// next export). Returns the holder, the token, the recipient and the signers' key seeds.
fn exporting<T: Config>(n: u32) -> Result<(T::AccountId, TokenId, EvmAddress, Vec<u32>), BenchmarkError> {
	// Never back: the test suite runs a benchmark's components in one state, and claims
	// issued "later" would not be valid yet.
	if <T::Time as frame_support::traits::Time>::now() < NOW {
		Helper::<T>::set_time(NOW);
	}
	let holder = Helper::<T>::verified_account(1);
	let (token, _) = Helper::<T>::token(&holder, 10 * AMOUNT);
	let receiver = Helper::<T>::verified_account(2);
	let recipient = Helper::<T>::link_evm(&receiver, 1);
	Pallet::<T>::do_set_route(token, 0, CHAIN, route()).map_err(|_| BenchmarkError::Stop("a valid route"))?;
	let seeds = rotate::<T>(n)?;
	let used = WindowUsage { start: 0, previous: 1, current: 1 };
	RouteUsage::<T>::insert((token, 0), CHAIN, used);
	let identity = T::EvmIdentity::identity_of_evm(&recipient).ok_or(BenchmarkError::Stop("a linked wallet"))?;
	IdentityUsage::<T>::insert((token, 0, CHAIN), identity, used);
	Ok((holder, token, recipient, seeds))
}

/// `exporting`, then export 1 made.
fn exported<T: Config>(n: u32) -> Result<(T::AccountId, TokenId, EvmAddress, Vec<u32>), BenchmarkError> {
	let (holder, token, recipient, seeds) = exporting::<T>(n)?;
	Pallet::<T>::do_export(holder.clone(), token, 0, CHAIN, AMOUNT, recipient)?;
	Ok((holder, token, recipient, seeds))
}

/// `exported`, then export 1 minted: closed, its amount outstanding on the route.
fn minted<T: Config>(n: u32) -> Result<(TokenId, EvmAddress, Vec<u32>), BenchmarkError> {
	let (_, token, recipient, seeds) = exported::<T>(n)?;
	let record = Exports::<T>::get(1).ok_or(BenchmarkError::Stop("export 1"))?;
	Pallet::<T>::close_export(1, &record);
	Outstanding::<T>::insert((token, 0), CHAIN, AMOUNT);
	Ok((token, recipient, seeds))
}

/// The 32 bytes that name `who` in a burn.
fn account_bytes<T: Config>(who: &T::AccountId) -> [u8; 32] {
	let encoded = who.encode();
	let mut bytes = [0u8; 32];
	let n = encoded.len().min(32);
	bytes[..n].copy_from_slice(&encoded[..n]);
	bytes
}

/// A quarantined import of export 1's minted amount (the route has nothing outstanding left):
/// quarantine 1.
fn quarantined_import<T: Config>(n: u32) -> Result<(TokenId, T::AccountId), BenchmarkError> {
	let (token, recipient, _) = minted::<T>(n)?;
	let to = Helper::<T>::verified_account(3);
	Outstanding::<T>::remove((token, 0), CHAIN);
	LastQuarantine::<T>::put(1);
	Quarantine::<T>::insert(
		1,
		Quarantined {
			token,
			partition: 0,
			to: to.clone(),
			amount: AMOUNT,
			cause: ReleaseCause::Import { chain: CHAIN, gateway: route().gateway, nonce: 1, from: recipient },
			reference: [2u8; 32],
			reason: Refusal::ReceiverKycMissing,
		},
	);
	Ok((token, to))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A rotation with a previous set in its grace period and one before it (removed), and
	/// `c` chains' committee verifiers each getting a `SignerSet` message (the last rotation's
	/// `c` messages read, attested).
	#[benchmark]
	fn set_signers(
		n: Linear<2, { T::MaxSigners::get() }>,
		c: Linear<0, { T::MaxCommittees::get() }>,
	) -> Result<(), BenchmarkError> {
		rotate::<T>(T::MaxSigners::get())?;
		for chain in 0..c {
			Pallet::<T>::do_set_committee(u64::from(chain) + 1, Some(EvmAddress::repeat_byte(0x5c)))?;
		}
		rotate::<T>(T::MaxSigners::get())?;
		for id in LastRotation::<T>::get() {
			Messages::<T>::mutate(id, |message| {
				if let Some(message) = message {
					message.attested = true;
				}
			});
			let digest = Messages::<T>::get(id).map(|message| message.digest).unwrap_or_default();
			let threshold = threshold_for(T::MaxSigners::get());
			Attestations::<T>::insert(AttestationKind::Message, id, votes::<T>(1, digest, 0..threshold));
		}
		let (set, _) = signers::<T>(3, n);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, set);

		assert_eq!(CurrentSet::<T>::get(), 3);
		assert!(!SignerSets::<T>::contains_key(1));
		assert_eq!(LastMessage::<T>::get(), 2 * u64::from(c));
		Ok(())
	}

	/// A renewal in the second half of the term: the wallet's identity admitted by the token
	/// (KYC claim read, receiver rules), the older entry's message and its votes removed.
	#[benchmark]
	fn request_allow() -> Result<(), BenchmarkError> {
		let (_, token, recipient, _) = exporting::<T>(T::MaxSigners::get())?;
		Pallet::<T>::do_request_allow(token, 0, CHAIN, recipient)?;
		let (set_id, set) = current::<T>()?;
		let old = AllowEntries::<T>::get((CHAIN, route().wrapped), recipient).ok_or(BenchmarkError::Stop("entry"))?;
		let digest = Messages::<T>::get(old.message).ok_or(BenchmarkError::Stop("message"))?.digest;
		Attestations::<T>::insert(AttestationKind::Message, old.message, votes::<T>(set_id, digest, 0..set.threshold));
		let now = <T::Time as frame_support::traits::Time>::now();
		Helper::<T>::set_time(now + (T::AllowTerm::get() / 2 + 1) * 1_000);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), token, 0, CHAIN, recipient);

		assert!(!Messages::<T>::contains_key(old.message));
		assert_eq!(AllowEntries::<T>::get((CHAIN, route().wrapped), recipient).map(|e| e.sequence), Some(2));
		Ok(())
	}

	/// A forced transfer by the token's owner (its roles read).
	#[benchmark]
	fn control() -> Result<(), BenchmarkError> {
		if <T::Time as frame_support::traits::Time>::now() < NOW {
			Helper::<T>::set_time(NOW);
		}
		let holder = Helper::<T>::verified_account(1);
		let (token, owner) = Helper::<T>::token(&holder, AMOUNT);
		Pallet::<T>::do_set_route(token, 0, CHAIN, route()).map_err(|_| BenchmarkError::Stop("a valid route"))?;
		rotate::<T>(T::MaxSigners::get())?;
		let (from, to) = (EvmAddress::repeat_byte(0x11), EvmAddress::repeat_byte(0x22));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), token, 0, CHAIN, ControlAction::ForcedTransfer, from, to, AMOUNT);

		assert_eq!(ControlSequence::<T>::get((CHAIN, route().wrapped)), 1);
		Ok(())
	}

	/// A chain's verifier replaced among the most committees.
	#[benchmark]
	fn set_committee() -> Result<(), BenchmarkError> {
		rotate::<T>(T::MaxSigners::get())?;
		for chain in 0..T::MaxCommittees::get() {
			Pallet::<T>::do_set_committee(u64::from(chain) + 1, Some(EvmAddress::repeat_byte(0x5c)))?;
		}
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, Some(EvmAddress::repeat_byte(0x5d)));

		assert!(Committees::<T>::get().contains(&(1, EvmAddress::repeat_byte(0x5d))));
		Ok(())
	}

	/// A route's contracts change (it exists, nothing in flight or outstanding).
	#[benchmark]
	fn set_route() -> Result<(), BenchmarkError> {
		Pallet::<T>::do_set_route(1, 0, CHAIN, route()).map_err(|_| BenchmarkError::Stop("a valid route"))?;
		let moved = Route { gateway: EvmAddress::repeat_byte(0x6b), ..route() };
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, 0, CHAIN, moved);

		assert_eq!(Routes::<T>::get((1, 0), CHAIN), Some(moved));
		Ok(())
	}

	#[benchmark]
	fn remove_route() -> Result<(), BenchmarkError> {
		Pallet::<T>::do_set_route(1, 0, CHAIN, route()).map_err(|_| BenchmarkError::Stop("a valid route"))?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, 0, CHAIN);

		assert!(!Routes::<T>::contains_key((1, 0), CHAIN));
		Ok(())
	}

	/// The last signer of the previous set (in its grace period) pauses: both full sets are
	/// searched.
	#[benchmark]
	fn pause() -> Result<(), BenchmarkError> {
		rotate::<T>(T::MaxSigners::get())?;
		let previous = current::<T>()?.1;
		rotate::<T>(T::MaxSigners::get())?;
		let caller = previous.signers.last().ok_or(BenchmarkError::Stop("a signer"))?.account.clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller));

		assert!(Paused::<T>::get());
		Ok(())
	}

	#[benchmark]
	fn unpause() -> Result<(), BenchmarkError> {
		Paused::<T>::put(true);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);

		assert!(!Paused::<T>::get());
		Ok(())
	}

	/// Both limit windows roll; the tokens move into the escrow.
	#[benchmark]
	fn export() -> Result<(), BenchmarkError> {
		let (holder, token, recipient, _) = exporting::<T>(T::MaxSigners::get())?;
		frame_system::Pallet::<T>::reset_events();

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), token, 0, CHAIN, AMOUNT, recipient);

		assert_eq!(InFlight::<T>::get((token, 0), CHAIN), AMOUNT);
		Ok(())
	}

	/// The vote that completes "not minted" for an attested export of a set of `n` signers
	/// (the other outcome has a vote too): the export closes and its tokens go back to the
	/// holder.
	#[benchmark]
	fn attest(n: Linear<2, { T::MaxSigners::get() }>) -> Result<(), BenchmarkError> {
		let (_, token, _, seeds) = exported::<T>(n)?;
		let (set_id, set) = current::<T>()?;
		let mut record = Exports::<T>::get(1).ok_or(BenchmarkError::Stop("export 1"))?;
		record.status = ExportStatus::Attested;
		Exports::<T>::insert(1, &record);
		Attestations::<T>::insert(AttestationKind::Export, 1, votes::<T>(set_id, record.digest, 0..set.threshold));
		Helper::<T>::set_time((record.deadline + 1) * 1_000);
		let not_minted = AttestationKind::ExportOutcome { minted: false };
		let digest = Pallet::<T>::outcome_digest(&record, 1, false);
		Attestations::<T>::insert(not_minted, 1, votes::<T>(set_id, digest, 1..set.threshold));
		if set.threshold < n {
			let minted = AttestationKind::ExportOutcome { minted: true };
			let other = Pallet::<T>::outcome_digest(&record, 1, true);
			Attestations::<T>::insert(minted, 1, votes::<T>(set_id, other, n - 1..n));
		}
		let signature = Helper::<T>::evm_sign(seeds[0], &digest);
		let caller = set.signers[0].account.clone();
		frame_system::Pallet::<T>::reset_events();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), not_minted, 1, set_id, signature);

		assert!(Exports::<T>::get(1).is_none());
		assert_eq!(T::Tokens::escrowed(token, 0, &Pallet::<T>::account_id()), 0);
		Ok(())
	}

	/// An unattested export with a partial attestation, past its deadline: refunded.
	#[benchmark]
	fn refund_expired() -> Result<(), BenchmarkError> {
		let (holder, token, _, _) = exported::<T>(T::MaxSigners::get())?;
		let (set_id, set) = current::<T>()?;
		let record = Exports::<T>::get(1).ok_or(BenchmarkError::Stop("export 1"))?;
		Attestations::<T>::insert(AttestationKind::Export, 1, votes::<T>(set_id, record.digest, 1..set.threshold));
		Helper::<T>::set_time((record.deadline + 1) * 1_000);
		frame_system::Pallet::<T>::reset_events();

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), 1);

		assert!(Exports::<T>::get(1).is_none());
		assert_eq!(T::Tokens::escrowed(token, 0, &Pallet::<T>::account_id()), 0);
		Ok(())
	}

	/// A quarantined import released to its (now verified) recipient.
	#[benchmark]
	fn retry_quarantined() -> Result<(), BenchmarkError> {
		let (token, to) = quarantined_import::<T>(T::MaxSigners::get())?;
		frame_system::Pallet::<T>::reset_events();

		#[extrinsic_call]
		_(RawOrigin::Signed(to), 1);

		assert!(!Quarantine::<T>::contains_key(1));
		assert_eq!(T::Tokens::escrowed(token, 0, &Pallet::<T>::account_id()), 0);
		Ok(())
	}

	/// The vote that completes an import for a set of `n` signers: the burn is marked
	/// imported, folding the most out-of-order imports above it, and its tokens are released.
	#[benchmark]
	fn attest_import(n: Linear<2, { T::MaxSigners::get() }>) -> Result<(), BenchmarkError> {
		let (token, from, seeds) = minted::<T>(n)?;
		let (set_id, set) = current::<T>()?;
		let to = Helper::<T>::verified_account(3);
		let import = Import {
			token,
			partition: 0,
			chain: CHAIN,
			nonce: 1,
			from,
			recipient: account_bytes::<T>(&to),
			amount: AMOUNT,
		};
		let digest = Pallet::<T>::release_digest(&route(), &import);
		let gateway = (CHAIN, route().gateway);
		ImportVotes::<T>::insert(
			gateway,
			1,
			ImportBallot { import, votes: votes::<T>(set_id, digest, 1..set.threshold) },
		);
		for nonce in 2..=u64::from(crate::imports::MAX_FOLD) + 1 {
			ImportedAbove::<T>::insert(gateway, nonce, ());
		}
		let signature = Helper::<T>::evm_sign(seeds[0], &digest);
		let caller = set.signers[0].account.clone();
		frame_system::Pallet::<T>::reset_events();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), import, set_id, signature);

		assert_eq!(ImportedThrough::<T>::get(gateway), u64::from(crate::imports::MAX_FOLD) + 1);
		assert_eq!(T::Tokens::escrowed(token, 0, &Pallet::<T>::account_id()), 0);
		Ok(())
	}

	/// Imports halted; the ballot governance discards holds votes of all but one signer of a
	/// full set.
	#[benchmark]
	fn resume_imports() -> Result<(), BenchmarkError> {
		let (token, from, _) = minted::<T>(T::MaxSigners::get())?;
		let (set_id, _) = current::<T>()?;
		let import = Import { token, partition: 0, chain: CHAIN, nonce: 1, from, recipient: [1u8; 32], amount: AMOUNT };
		let gateway = (CHAIN, route().gateway);
		let digest = Pallet::<T>::release_digest(&route(), &import);
		ImportVotes::<T>::insert(
			gateway,
			1,
			ImportBallot { import, votes: votes::<T>(set_id, digest, 1..T::MaxSigners::get()) },
		);
		ImportsHalted::<T>::put(true);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Some((CHAIN, gateway.1, 1)));

		assert!(!ImportsHalted::<T>::get());
		assert!(ImportVotes::<T>::iter().next().is_none());
		Ok(())
	}

	#[benchmark]
	fn bounce_quarantined() -> Result<(), BenchmarkError> {
		let (token, _) = quarantined_import::<T>(T::MaxSigners::get())?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1);

		assert_eq!(InFlight::<T>::get((token, 0), CHAIN), AMOUNT);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
