//! Documents (ERC-1643): prospectus, terms, audit reports, anchored by URI and content hash.

use crate::*;
use frame_support::{pallet_prelude::*, traits::Time};
use polkadot_sdk::sp_core::H256;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_document(
		who: &T::AccountId,
		token_id: TokenId,
		name: DocumentName<T>,
		uri: BoundedVec<u8, T::MaxUriLength>,
		hash: H256,
	) -> DispatchResult {
		let mut token = Self::ensure_role(who, token_id, Roles::DOCUMENT_MANAGER)?;
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		if !Documents::<T>::contains_key(token_id, &name) {
			ensure!(token.document_count < T::MaxDocuments::get(), Error::<T>::TooManyDocuments);
			token.document_count = token.document_count.saturating_add(1);
			Tokens::<T>::insert(token_id, token);
		}
		Documents::<T>::insert(
			token_id,
			&name,
			Document { uri: uri.clone(), hash, updated_at: T::Time::now() },
		);
		Self::deposit_event(Event::DocumentSet { token: token_id, name, uri, hash });
		Ok(())
	}

	pub(crate) fn do_remove_document(who: &T::AccountId, token_id: TokenId, name: DocumentName<T>) -> DispatchResult {
		let mut token = Self::ensure_role(who, token_id, Roles::DOCUMENT_MANAGER)?;
		ensure!(Documents::<T>::take(token_id, &name).is_some(), Error::<T>::UnknownDocument);
		token.document_count = token.document_count.saturating_sub(1);
		Tokens::<T>::insert(token_id, token);
		Self::deposit_event(Event::DocumentRemoved { token: token_id, name });
		Ok(())
	}
}
