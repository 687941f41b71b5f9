//! Imports: a burn on an EVM chain, attested by a threshold of signers, releases its tokens
//! from the escrow here through the token's movement path (`BridgeIn`), or quarantines them;
//! a conflicting attestation halts imports; governance bounces a quarantined import back.

use crate::*;
use codec::{Decode, Encode};
use frame_support::{dispatch::DispatchResult, ensure, traits::Get};
use sp_runtime::traits::TrailingZeroInput;
use sto_primitives::evm;

/// The EIP-712 type of the gateway's release message (a burn asking for its tokens back).
pub const RELEASE_TYPE: &[u8] =
	b"Release(bytes32 appchain,uint64 nonce,address wrapped,address from,bytes32 recipient,uint256 amount)";

/// How many out-of-order imports one import folds into its gateway's `ImportedThrough` at
/// most (the rest are folded by later imports).
pub const MAX_FOLD: u32 = 8;

impl<T: Config> Pallet<T> {
	/// The digest of the release message for `import` at `route`'s gateway.
	pub fn release_digest(route: &Route, import: &Import) -> [u8; 32] {
		let message = evm::eip712_hash_struct(
			RELEASE_TYPE,
			&[
				Self::appchain_id(),
				evm::abi_uint(u128::from(import.nonce)),
				evm::abi_address(&route.wrapped),
				evm::abi_address(&import.from),
				import.recipient,
				evm::abi_uint(import.amount),
			],
		);
		evm::eip712_digest(&Self::domain_separator(import.chain, &route.gateway), &message)
	}

	/// The account an import's 32 recipient bytes name (`None` if they name none).
	pub fn import_recipient(recipient: &[u8; 32]) -> Option<T::AccountId> {
		let mut input = TrailingZeroInput::new(recipient);
		let account = T::AccountId::decode(&mut input).ok()?;
		// Every byte must be the account's: a shorter account id followed by anything but
		// zeros would let two messages name one account.
		let mut back = [0u8; 32];
		let encoded = account.encode();
		if encoded.len() > 32 {
			return None;
		}
		back[..encoded.len()].copy_from_slice(&encoded);
		(&back == recipient).then_some(account)
	}

	/// Whether burn `nonce` at `gateway` on `chain` was imported.
	pub fn is_imported(chain: EvmChainId, gateway: &EvmAddress, nonce: ImportNonce) -> bool {
		nonce <= ImportedThrough::<T>::get((chain, *gateway))
			|| ImportedAbove::<T>::contains_key((chain, *gateway), nonce)
	}

	/// Record burn `nonce` imported: raise the gateway's `ImportedThrough` over it and over up
	/// to `MAX_FOLD` burns imported out of order just above it.
	fn mark_imported(chain: EvmChainId, gateway: EvmAddress, nonce: ImportNonce) {
		let key = (chain, gateway);
		let mut through = ImportedThrough::<T>::get(key);
		if nonce != through.saturating_add(1) {
			ImportedAbove::<T>::insert(key, nonce, ());
			return;
		}
		through = nonce;
		for _ in 0..MAX_FOLD {
			let next = through.saturating_add(1);
			if ImportedAbove::<T>::take(key, next).is_none() {
				break;
			}
			through = next;
		}
		ImportedThrough::<T>::insert(key, through);
	}

	pub(crate) fn do_attest_import(
		who: T::AccountId,
		import: Import,
		set_id: SetId,
		signature: EvmSignature,
	) -> DispatchResult {
		ensure!(!Paused::<T>::get(), Error::<T>::BridgePaused);
		ensure!(!ImportsHalted::<T>::get(), Error::<T>::ImportsHalted);
		ensure!(import.nonce > 0, Error::<T>::ZeroNonce);
		ensure!(import.amount > 0, Error::<T>::ZeroAmount);
		let set = Self::valid_set(set_id).ok_or(Error::<T>::SetNotValid)?;
		let index = set.signers.iter().position(|signer| signer.account == who).ok_or(Error::<T>::NotASigner)?;
		let route = Routes::<T>::get((import.token, import.partition), import.chain).ok_or(Error::<T>::NoSuchRoute)?;
		let gateway = route.gateway;
		ensure!(!Self::is_imported(import.chain, &gateway, import.nonce), Error::<T>::AlreadyImported);
		let to = Self::import_recipient(&import.recipient).ok_or(Error::<T>::BadRecipient)?;
		let outstanding = Outstanding::<T>::get((import.token, import.partition), import.chain);
		ensure!(import.amount <= outstanding, Error::<T>::AboveOutstanding);
		let digest = Self::release_digest(&route, &import);
		let signer = set.signers[index].key;
		ensure!(evm::recover(&digest, &signature) == Ok(signer), Error::<T>::BadSignature);
		let key = (import.chain, gateway);
		let ballot = ImportVotes::<T>::get(key, import.nonce);
		if let Some(ballot) = &ballot {
			// One wrapped token per route makes the digest name the burn; the claim is compared
			// whole all the same, so the ballot's claim is the one released.
			if ballot.votes.digest != digest || ballot.import != import {
				// A valid signature of another message for the same burn: a signer is faulty or
				// compromised. Stop every import until governance looks (this call succeeds, so
				// the halt stays).
				ImportsHalted::<T>::put(true);
				Self::deposit_event(Event::ImportEquivocation {
					chain: import.chain,
					gateway,
					nonce: import.nonce,
					digest: ballot.votes.digest,
					conflicting: import,
					signer,
					signature,
				});
				return Ok(());
			}
		}
		let index = index as u32;
		let mut votes = match (Self::ballot_for(ballot.as_ref().map(|ballot| ballot.votes.set_id), set_id)?, ballot) {
			(Ballot::Join, Some(ballot)) => ballot.votes,
			_ => Votes { set_id, digest, signatures: Default::default() },
		};
		ensure!(votes.signatures.iter().all(|(i, _)| *i != index), Error::<T>::AlreadyAttested);
		votes.signatures.try_push((index, signature)).map_err(|_| Error::<T>::WrongState)?;
		Self::deposit_event(Event::ImportVoted {
			chain: import.chain,
			gateway,
			nonce: import.nonce,
			set_id,
			signer,
			digest,
			import,
		});
		if (votes.signatures.len() as u32) < set.threshold {
			ImportVotes::<T>::insert(key, import.nonce, ImportBallot { import, votes });
			return Ok(());
		}
		ImportVotes::<T>::remove(key, import.nonce);
		Self::mark_imported(import.chain, gateway, import.nonce);
		Outstanding::<T>::mutate_exists((import.token, import.partition), import.chain, |slot| {
			let left = slot.unwrap_or_default().saturating_sub(import.amount);
			*slot = (left > 0).then_some(left);
		});
		Self::deposit_event(Event::Imported {
			chain: import.chain,
			gateway,
			nonce: import.nonce,
			token: import.token,
			partition: import.partition,
			from: import.from,
			to: to.clone(),
			amount: import.amount,
		});
		Self::release_or_quarantine(
			ReleaseCause::Import { chain: import.chain, gateway, nonce: import.nonce, from: import.from },
			import.token,
			import.partition,
			to,
			import.amount,
			digest,
		);
		Ok(())
	}

	pub(crate) fn do_bounce_quarantined(id: QuarantineId) -> DispatchResult {
		let entry = Quarantine::<T>::get(id).ok_or(Error::<T>::NoSuchQuarantine)?;
		let ReleaseCause::Import { chain, from, .. } = entry.cause else {
			return Err(Error::<T>::NotAnImport.into());
		};
		let route = Routes::<T>::get((entry.token, entry.partition), chain).ok_or(Error::<T>::NoSuchRoute)?;
		ensure!(CurrentSet::<T>::get() > 0, Error::<T>::NoSignerSet);
		let nonce = LastExport::<T>::get().checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deadline = Self::now_seconds().saturating_add(T::ExportTimeout::get());
		let digest = Self::mint_digest(chain, &route.gateway, &route.wrapped, nonce, &from, entry.amount, deadline);
		// The tokens stay in the escrow: owed to the quarantine before, in flight now.
		Quarantine::<T>::remove(id);
		LastExport::<T>::put(nonce);
		InFlight::<T>::mutate((entry.token, entry.partition), chain, |in_flight| {
			*in_flight = in_flight.saturating_add(entry.amount)
		});
		Exports::<T>::insert(
			nonce,
			Export {
				token: entry.token,
				partition: entry.partition,
				chain,
				gateway: route.gateway,
				holder: entry.to,
				recipient: from,
				identity: None,
				amount: entry.amount,
				deadline,
				digest,
				status: ExportStatus::Pending,
			},
		);
		Self::deposit_event(Event::QuarantineBounced {
			id,
			nonce,
			recipient: from,
			amount: entry.amount,
			deadline,
			digest,
		});
		Ok(())
	}

	/// The imports' invariants:
	/// - a ballot is for its key's burn, not imported yet, on an existing route whose gateway
	///   is the key's, with distinct signers of its set below the threshold;
	/// - burns imported out of order lie above their gateway's `ImportedThrough`.
	/// (The escrow's total, imports' part in it included, is checked with the exports'.)
	pub(crate) fn imports_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for ((chain, gateway), nonce, ballot) in ImportVotes::<T>::iter() {
			let import = ballot.import;
			ensure!(import.nonce == nonce && import.chain == chain, "a ballot under another burn's key");
			ensure!(!Self::is_imported(chain, &gateway, nonce), "a ballot for an imported burn");
			let set = SignerSets::<T>::get(ballot.votes.set_id);
			if let Some(set) = set {
				let signatures = &ballot.votes.signatures;
				ensure!((signatures.len() as u32) < set.threshold, "a complete ballot kept");
				ensure!(signatures.iter().all(|(index, _)| (*index as usize) < set.signers.len()), "vote of no signer");
				for (n, (index, _)) in signatures.iter().enumerate() {
					ensure!(signatures[..n].iter().all(|(other, _)| other != index), "a signer voted twice");
				}
			}
		}
		for ((chain, gateway), nonce, ()) in ImportedAbove::<T>::iter() {
			ensure!(nonce > ImportedThrough::<T>::get((chain, gateway)), "an import below its gateway's mark");
		}
		Ok(())
	}
}
