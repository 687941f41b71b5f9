//! Attestations: a signer of a valid set signs a message about an export (EIP-712, strict
//! recovery: `sto_primitives::evm::recover`), one vote per signer; at the threshold the
//! attestation takes effect in the same call.

use crate::*;
use frame_support::{dispatch::DispatchResult, ensure};
use sto_primitives::evm;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_attest(
		who: T::AccountId,
		kind: AttestationKind,
		nonce: ExportNonce,
		set_id: SetId,
		signature: EvmSignature,
	) -> DispatchResult {
		if kind == AttestationKind::Message {
			return Self::do_attest_message(who, nonce, set_id, signature);
		}
		let set = Self::valid_set(set_id).ok_or(Error::<T>::SetNotValid)?;
		let index = set.signers.iter().position(|signer| signer.account == who).ok_or(Error::<T>::NotASigner)?;
		let mut export = Exports::<T>::get(nonce).ok_or(Error::<T>::NoSuchExport)?;
		let after_deadline = Self::now_seconds() > export.deadline;
		let digest = match kind {
			// A mint proof is worth signing only while the gateway may still mint.
			AttestationKind::Export => {
				ensure!(export.status == ExportStatus::Pending && !after_deadline, Error::<T>::WrongState);
				export.digest
			},
			// "Not minted" is final only after the deadline (until then the gateway may mint);
			// "minted" as soon as the EVM chain finalized the mint, which nothing undoes.
			AttestationKind::ExportOutcome { minted } => {
				ensure!(export.status == ExportStatus::Attested && (minted || after_deadline), Error::<T>::WrongState);
				Self::outcome_digest(&export, nonce, minted)
			},
			AttestationKind::Message => return Err(Error::<T>::WrongState.into()),
		};
		let signer = set.signers[index].key;
		ensure!(evm::recover(&digest, &signature) == Ok(signer), Error::<T>::BadSignature);
		let index = index as u32;
		if let AttestationKind::ExportOutcome { minted } = kind {
			// One outcome per signer: not both.
			let other = Attestations::<T>::get(AttestationKind::ExportOutcome { minted: !minted }, nonce);
			ensure!(
				!other.is_some_and(|votes| votes.set_id == set_id && votes.signatures.iter().any(|(i, _)| *i == index)),
				Error::<T>::AlreadyAttested
			);
		}
		let ballot = Attestations::<T>::get(kind, nonce);
		let mut votes = match (Self::ballot_for(ballot.as_ref().map(|votes| votes.set_id), set_id)?, ballot) {
			(Ballot::Join, Some(votes)) => votes,
			_ => Votes { set_id, digest, signatures: Default::default() },
		};
		ensure!(votes.signatures.iter().all(|(i, _)| *i != index), Error::<T>::AlreadyAttested);
		votes.signatures.try_push((index, signature)).map_err(|_| Error::<T>::WrongState)?;
		Self::deposit_event(Event::Attested { kind, nonce, set_id, signer });
		if (votes.signatures.len() as u32) < set.threshold {
			Attestations::<T>::insert(kind, nonce, votes);
			return Ok(());
		}
		match kind {
			AttestationKind::Export => {
				// The gateway checks signatures with their signers' keys ascending: the set's
				// order.
				let mut ordered = votes.signatures.clone().into_inner();
				ordered.sort_by_key(|(i, _)| *i);
				Attestations::<T>::insert(kind, nonce, votes);
				export.status = ExportStatus::Attested;
				Exports::<T>::insert(nonce, &export);
				Self::deposit_event(Event::ExportAttested {
					nonce,
					set_id,
					signatures: ordered.into_iter().map(|(_, signature)| signature).collect(),
				});
			},
			AttestationKind::ExportOutcome { minted: true } => {
				Self::close_export(nonce, &export);
				Outstanding::<T>::mutate((export.token, export.partition), export.chain, |outstanding| {
					*outstanding = outstanding.saturating_add(export.amount)
				});
				Self::deposit_event(Event::ExportMinted { nonce });
			},
			AttestationKind::ExportOutcome { minted: false } => Self::refund(nonce, export),
			AttestationKind::Message => {},
		}
		Ok(())
	}
}
