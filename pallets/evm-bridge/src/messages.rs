//! Messages from the appchain to the EVM contracts, beside exports: allow-list entries
//! (`Allow`, by the gateway), control of the wrapped token (`Control`, by the gateway) and
//! signer-set rotations (`SignerSet`, by each chain's committee verifier). Each is computed
//! here from state, signed by a threshold of signers (`attest` with `AttestationKind::Message`)
//! and relayed by anyone; the EVM contract verifies it and refuses a stale one (allow-list
//! sequence numbers per wallet, control sequence numbers per gateway, the next set id).

use crate::*;
use frame_support::{dispatch::DispatchResult, ensure, traits::Get};
use sto_primitives::{
	bridge::TokenBridge,
	evm::{self, EvmIdentity},
	identity::ClaimStatus,
	token::TransferFailure,
};

/// The EIP-712 type of an allow-list update (the gateway's domain).
pub const ALLOW_TYPE: &[u8] = b"Allow(bytes32 appchain,address wrapped,address wallet,uint64 expiry,uint64 sequence)";
/// The EIP-712 type of a control message (the gateway's domain).
pub const CONTROL_TYPE: &[u8] =
	b"Control(bytes32 appchain,address wrapped,uint64 sequence,uint8 action,address account,address to,uint256 amount)";
/// The EIP-712 type of a rotation (the committee verifier's domain).
pub const SIGNER_SET_TYPE: &[u8] = b"SignerSet(bytes32 appchain,uint32 setId,address[] signers,uint64 previousValidUntil)";
/// The EIP-712 domain's name and version of the committee verifier.
pub const COMMITTEE_DOMAIN_NAME: &[u8] = b"STO Bridge Committee";
pub const COMMITTEE_DOMAIN_VERSION: &[u8] = b"1";

impl ControlAction {
	/// The gateway's code of the action.
	pub fn code(self) -> u8 {
		match self {
			ControlAction::Freeze => 1,
			ControlAction::Unfreeze => 2,
			ControlAction::ForcedTransfer => 3,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The digest of an allow-list update at `gateway` on `chain`.
	pub fn allow_digest(
		chain: EvmChainId,
		gateway: &EvmAddress,
		wrapped: &EvmAddress,
		wallet: &EvmAddress,
		expiry: u64,
		sequence: u64,
	) -> [u8; 32] {
		let message = evm::eip712_hash_struct(
			ALLOW_TYPE,
			&[
				Self::appchain_id(),
				evm::abi_address(wrapped),
				evm::abi_address(wallet),
				evm::abi_uint(u128::from(expiry)),
				evm::abi_uint(u128::from(sequence)),
			],
		);
		evm::eip712_digest(&Self::domain_separator(chain, gateway), &message)
	}

	/// The digest of a control message at `gateway` on `chain`.
	#[allow(clippy::too_many_arguments)]
	pub fn control_digest(
		chain: EvmChainId,
		gateway: &EvmAddress,
		wrapped: &EvmAddress,
		sequence: u64,
		action: ControlAction,
		account: &EvmAddress,
		to: &EvmAddress,
		amount: TokenBalance,
	) -> [u8; 32] {
		let message = evm::eip712_hash_struct(
			CONTROL_TYPE,
			&[
				Self::appchain_id(),
				evm::abi_address(wrapped),
				evm::abi_uint(u128::from(sequence)),
				evm::abi_uint(u128::from(action.code())),
				evm::abi_address(account),
				evm::abi_address(to),
				evm::abi_uint(amount),
			],
		);
		evm::eip712_digest(&Self::domain_separator(chain, gateway), &message)
	}

	/// The digest of a rotation to set `set_id` at the committee `verifier` on `chain`
	/// (EIP-712 encodes an array as the hash of its 32-byte words).
	pub fn signer_set_digest(
		chain: EvmChainId,
		verifier: &EvmAddress,
		set_id: SetId,
		signers: &[EvmAddress],
		previous_valid_until: u64,
	) -> [u8; 32] {
		let words: alloc::vec::Vec<u8> = signers.iter().flat_map(|key| evm::abi_address(key)).collect();
		let message = evm::eip712_hash_struct(
			SIGNER_SET_TYPE,
			&[
				Self::appchain_id(),
				evm::abi_uint(u128::from(set_id)),
				evm::keccak_256(&words),
				evm::abi_uint(u128::from(previous_valid_until)),
			],
		);
		let domain = evm::eip712_domain_separator(COMMITTEE_DOMAIN_NAME, COMMITTEE_DOMAIN_VERSION, chain, verifier);
		evm::eip712_digest(&domain, &message)
	}

	/// Store a new message for the signers to attest; its id.
	fn queue(message: Message<T>) -> Result<MessageId, Error<T>> {
		let id = LastMessage::<T>::get().checked_add(1).ok_or(Error::<T>::Overflow)?;
		LastMessage::<T>::put(id);
		Messages::<T>::insert(id, message);
		Ok(id)
	}

	/// Remove message `id` and the signatures collected for it.
	fn forget(id: MessageId) {
		Messages::<T>::remove(id);
		Attestations::<T>::remove(AttestationKind::Message, id);
	}

	/// What `wallet`'s allow-list entry for the route should say now: `Some(expiry)` (Unix
	/// seconds) while its identity passes the token's receiver rules, else why not.
	fn allow_verdict(
		token: TokenId,
		partition: PartitionId,
		wallet: &EvmAddress,
	) -> (Option<IdentityId>, Result<u64, Error<T>>) {
		let Some(identity) = T::EvmIdentity::identity_of_evm(wallet) else {
			return (None, Err(Error::<T>::RecipientNotLinked));
		};
		let now = Self::now_seconds();
		let verdict = match T::Tokens::admits(token, partition, identity) {
			Ok(until) => {
				let term_end = now.saturating_add(T::AllowTerm::get());
				// A claim that expires within the second it is read admits nobody.
				let expiry = until.map_or(term_end, |ms| term_end.min(ms.saturating_sub(1) / 1_000));
				let expired = TransferFailure::ReceiverNotVerified(ClaimStatus::Expired);
				(expiry > now).then_some(expiry).ok_or(Error::<T>::TokenRefused { reason: Refusal::of(expired) })
			},
			Err(failure) => Err(Error::<T>::TokenRefused { reason: Refusal::of(failure) }),
		};
		(Some(identity), verdict)
	}

	pub(crate) fn do_request_allow(
		token: TokenId,
		partition: PartitionId,
		chain: EvmChainId,
		wallet: EvmAddress,
	) -> DispatchResult {
		ensure!(!wallet.is_zero(), Error::<T>::ZeroAddress);
		let route = Routes::<T>::get((token, partition), chain).ok_or(Error::<T>::NoSuchRoute)?;
		ensure!(CurrentSet::<T>::get() > 0, Error::<T>::NoSignerSet);
		let key = (chain, route.wrapped);
		let entry = AllowEntries::<T>::get(key, wallet);
		let now = Self::now_seconds();
		let (identity, verdict) = Self::allow_verdict(token, partition, &wallet);
		let expiry = match (verdict, &entry) {
			(Ok(expiry), None) => expiry,
			(Ok(expiry), Some(entry)) => {
				// A shorter entry at once (a claim's expiry moved closer); a longer one only
				// once the entry is in the second half of its term: nobody makes the signers
				// sign every block.
				let shorter = expiry < entry.expiry;
				let due = entry.expiry.saturating_sub(now) < T::AllowTerm::get() / 2;
				ensure!(shorter || (due && expiry > entry.expiry), Error::<T>::AllowUnchanged);
				expiry
			},
			// The wallet may not hold the token: an entry still open is removed (expiry 0; the
			// allow-list admits through the expiry's second).
			(Err(_), Some(entry)) if entry.expiry >= now => 0,
			(Err(_), Some(_)) => return Err(Error::<T>::AllowUnchanged.into()),
			(Err(refusal), None) => return Err(refusal.into()),
		};
		let sequence = entry.as_ref().map_or(0, |entry| entry.sequence).checked_add(1).ok_or(Error::<T>::Overflow)?;
		let digest = Self::allow_digest(chain, &route.gateway, &route.wrapped, &wallet, expiry, sequence);
		let id = Self::queue(Message {
			chain,
			contract: route.gateway,
			wrapped: route.wrapped,
			body: MessageBody::Allow { wallet, expiry, sequence },
			digest,
			signed_by: None,
			attested: false,
		})?;
		// The newer entry supersedes the older one on the EVM chain (its sequence is higher):
		// the older message is no longer worth signing or relaying.
		if let Some(entry) = entry {
			Self::forget(entry.message);
		}
		AllowEntries::<T>::insert(key, wallet, AllowEntry { expiry, sequence, message: id });
		Self::deposit_event(Event::AllowRequested {
			id,
			token,
			partition,
			chain,
			wallet,
			identity,
			expiry,
			sequence,
			digest,
		});
		Ok(())
	}

	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_control(
		who: T::AccountId,
		token: TokenId,
		partition: PartitionId,
		chain: EvmChainId,
		action: ControlAction,
		account: EvmAddress,
		to: EvmAddress,
		amount: TokenBalance,
	) -> DispatchResult {
		let forced = action == ControlAction::ForcedTransfer;
		ensure!(T::Tokens::may_control(token, &who, forced), Error::<T>::NotController);
		let route = Routes::<T>::get((token, partition), chain).ok_or(Error::<T>::NoSuchRoute)?;
		ensure!(CurrentSet::<T>::get() > 0, Error::<T>::NoSignerSet);
		ensure!(!account.is_zero(), Error::<T>::ZeroAddress);
		// A forced transfer names where to and how much; a freeze names neither.
		if forced {
			ensure!(!to.is_zero() && to != account, Error::<T>::BadControl);
			ensure!(amount > 0, Error::<T>::ZeroAmount);
		} else {
			ensure!(to.is_zero() && amount == 0, Error::<T>::BadControl);
		}
		let key = (chain, route.wrapped);
		let sequence = ControlSequence::<T>::get(key).checked_add(1).ok_or(Error::<T>::Overflow)?;
		let digest = Self::control_digest(chain, &route.gateway, &route.wrapped, sequence, action, &account, &to, amount);
		let id = Self::queue(Message {
			chain,
			contract: route.gateway,
			wrapped: route.wrapped,
			body: MessageBody::Control { sequence, action, account, to, amount },
			digest,
			signed_by: None,
			attested: false,
		})?;
		ControlSequence::<T>::insert(key, sequence);
		Self::deposit_event(Event::ControlRequested {
			id,
			token,
			partition,
			chain,
			sequence,
			action,
			account,
			to,
			amount,
			digest,
		});
		Ok(())
	}

	pub(crate) fn do_set_committee(chain: EvmChainId, verifier: Option<EvmAddress>) -> DispatchResult {
		ensure!(chain != 0, Error::<T>::ZeroChainId);
		let mut committees = Committees::<T>::get();
		let before = committees.len();
		committees.retain(|(c, _)| *c != chain);
		ensure!(verifier.is_some() || committees.len() < before, Error::<T>::NoSuchCommittee);
		if let Some(verifier) = verifier {
			ensure!(!verifier.is_zero(), Error::<T>::ZeroAddress);
			ensure!(CurrentSet::<T>::get() > 0, Error::<T>::NoSignerSet);
			committees.try_push((chain, verifier)).map_err(|_| Error::<T>::TooManyCommittees)?;
		}
		Committees::<T>::put(committees);
		Self::deposit_event(Event::CommitteeSet { chain, verifier, set_id: CurrentSet::<T>::get() });
		Ok(())
	}

	/// At a rotation from set `outgoing` to `set_id`: a `SignerSet` message for each chain's
	/// committee verifier, to be signed by the outgoing set while it is valid (the verifier
	/// accepts a rotation only from its current set), the outgoing set valid on the EVM chain
	/// for `GraceSeconds` from now.
	pub(crate) fn queue_rotations(outgoing: SetId, set_id: SetId, signers: &SignersOf<T>) -> DispatchResult {
		let keys: alloc::vec::Vec<EvmAddress> = signers.iter().map(|signer| signer.key).collect();
		let bounded: frame_support::BoundedVec<EvmAddress, T::MaxSigners> =
			keys.clone().try_into().map_err(|_| Error::<T>::TooFewSigners)?;
		let previous_valid_until = Self::now_seconds().saturating_add(T::GraceSeconds::get());
		let mut queued = frame_support::BoundedVec::<MessageId, T::MaxCommittees>::default();
		for (chain, verifier) in Committees::<T>::get() {
			let digest = Self::signer_set_digest(chain, &verifier, set_id, &keys, previous_valid_until);
			let id = Self::queue(Message {
				chain,
				contract: verifier,
				wrapped: EvmAddress::default(),
				body: MessageBody::SignerSet { set_id, signers: bounded.clone(), previous_valid_until },
				digest,
				signed_by: Some(outgoing),
				attested: false,
			})?;
			queued.try_push(id).map_err(|_| Error::<T>::TooManyCommittees)?;
			Self::deposit_event(Event::RotationRequested {
				id,
				chain,
				verifier,
				set_id,
				signers: bounded.clone(),
				previous_valid_until,
				digest,
			});
		}
		LastRotation::<T>::put(queued);
		Ok(())
	}

	/// `RotationPending` while a message of the last rotation to a verifier still named is
	/// unattested and its outgoing set can still sign it.
	pub(crate) fn ensure_no_rotation_pending() -> DispatchResult {
		let committees = Committees::<T>::get();
		for id in LastRotation::<T>::get() {
			if let Some(message) = Messages::<T>::get(id) {
				let named = committees.contains(&(message.chain, message.contract));
				let signable = message.signed_by.is_some_and(|set| Self::valid_set(set).is_some());
				ensure!(message.attested || !signable || !named, Error::<T>::RotationPending);
			}
		}
		Ok(())
	}

	/// A signer's attestation of message `id` (`do_attest` with `AttestationKind::Message`).
	pub(crate) fn do_attest_message(
		who: T::AccountId,
		id: MessageId,
		set_id: SetId,
		signature: EvmSignature,
	) -> DispatchResult {
		let set = Self::valid_set(set_id).ok_or(Error::<T>::SetNotValid)?;
		let index = set.signers.iter().position(|signer| signer.account == who).ok_or(Error::<T>::NotASigner)?;
		let mut message = Messages::<T>::get(id).ok_or(Error::<T>::NoSuchMessage)?;
		if let Some(required) = message.signed_by {
			ensure!(required == set_id, Error::<T>::WrongSet);
		}
		let signer = set.signers[index].key;
		ensure!(evm::recover(&message.digest, &signature) == Ok(signer), Error::<T>::BadSignature);
		let index = index as u32;
		let kind = AttestationKind::Message;
		let ballot = Attestations::<T>::get(kind, id);
		// An attested message stays attested while its set is valid; once that set's grace
		// period is over (its signatures no longer verify on the EVM chain either), the current
		// set attests it again.
		let attested_by_valid_set =
			message.attested && ballot.as_ref().is_some_and(|votes| Self::valid_set(votes.set_id).is_some());
		ensure!(!attested_by_valid_set, Error::<T>::WrongState);
		let mut votes = match (Self::ballot_for(ballot.as_ref().map(|votes| votes.set_id), set_id)?, ballot) {
			(Ballot::Join, Some(votes)) => votes,
			_ => Votes { set_id, digest: message.digest, signatures: Default::default() },
		};
		ensure!(votes.signatures.iter().all(|(i, _)| *i != index), Error::<T>::AlreadyAttested);
		votes.signatures.try_push((index, signature)).map_err(|_| Error::<T>::WrongState)?;
		Self::deposit_event(Event::Attested { kind, nonce: id, set_id, signer });
		let complete = votes.signatures.len() as u32 >= set.threshold;
		let mut ordered = votes.signatures.clone().into_inner();
		Attestations::<T>::insert(kind, id, votes);
		if message.attested != complete {
			message.attested = complete;
			Messages::<T>::insert(id, &message);
		}
		if complete {
			ordered.sort_by_key(|(i, _)| *i);
			Self::deposit_event(Event::MessageAttested {
				id,
				set_id,
				signatures: ordered.into_iter().map(|(_, signature)| signature).collect(),
			});
		}
		Ok(())
	}

	/// The messages' invariants: each stored message has a digest recomputed from its body;
	/// each allow-list entry points at a stored `Allow` message saying the same; the votes for
	/// a message are of its digest, by distinct signers of their set, and complete exactly when
	/// it is attested (while that set lives); an attested message has votes; at most one
	/// committee per chain, none with a zero address.
	pub(crate) fn messages_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let last = LastMessage::<T>::get();
		for (id, message) in Messages::<T>::iter() {
			ensure!(id >= 1 && id <= last, "a message above the last id");
			let digest = match &message.body {
				MessageBody::Allow { wallet, expiry, sequence } => {
					let entry = AllowEntries::<T>::get((message.chain, message.wrapped), wallet);
					ensure!(
						entry.is_some_and(|entry| entry.message == id &&
							entry.expiry == *expiry && entry.sequence == *sequence),
						"an allow message that is not its wallet's entry"
					);
					Self::allow_digest(message.chain, &message.contract, &message.wrapped, wallet, *expiry, *sequence)
				},
				MessageBody::Control { sequence, action, account, to, amount } => Self::control_digest(
					message.chain,
					&message.contract,
					&message.wrapped,
					*sequence,
					*action,
					account,
					to,
					*amount,
				),
				MessageBody::SignerSet { set_id, signers, previous_valid_until } => Self::signer_set_digest(
					message.chain,
					&message.contract,
					*set_id,
					signers,
					*previous_valid_until,
				),
			};
			ensure!(digest == message.digest, "a message's digest is not its body's");
			let votes = Attestations::<T>::get(AttestationKind::Message, id);
			ensure!(!message.attested || votes.is_some(), "an attested message without votes");
			let Some(votes) = votes else { continue };
			ensure!(votes.digest == message.digest, "votes for another digest than the message's");
			ensure!(message.signed_by.is_none_or(|set| set == votes.set_id), "votes of a set that may not sign it");
			let Some(set) = SignerSets::<T>::get(votes.set_id) else { continue };
			for (n, (index, _)) in votes.signatures.iter().enumerate() {
				ensure!((*index as usize) < set.signers.len(), "a vote of no signer");
				ensure!(votes.signatures[..n].iter().all(|(other, _)| other != index), "a signer voted twice");
			}
			ensure!(message.attested == (votes.signatures.len() as u32 >= set.threshold), "a message's threshold state");
		}
		for (kind, id, _) in Attestations::<T>::iter() {
			ensure!(kind != AttestationKind::Message || Messages::<T>::contains_key(id), "votes for no message");
		}
		for (_, _, entry) in AllowEntries::<T>::iter() {
			ensure!(Messages::<T>::contains_key(entry.message), "an allow-list entry without its message");
		}
		let committees = Committees::<T>::get();
		for (n, (chain, verifier)) in committees.iter().enumerate() {
			ensure!(*chain != 0 && !verifier.is_zero(), "a committee with a zero value");
			ensure!(committees[..n].iter().all(|(other, _)| other != chain), "two committees on one chain");
		}
		Ok(())
	}
}
