//! Tokens at genesis: created, completed and issued through the same functions as the calls,
//! so that positions, holder counts, supplies and the compliance statistics
//! are exactly what the same transactions would have left.

use crate::*;
use alloc::{format, string::String};
use frame_support::pallet_prelude::*;
use polkadot_sdk::sp_core::H256;

impl<T: Config> Pallet<T> {
	/// Create `token` as its owner would by transactions: `create_token` (partition 0, the
	/// token deposit held from the owner), `add_partition` for the other partitions,
	/// `set_status(Issuing)`, an issuance of each holding (the one movement path: the
	/// receiver's verification, the supply cap, the compliance hook), then `set_status` to the
	/// final status. Returns the token's id, or what is wrong with the configuration.
	pub(crate) fn build_genesis_token(token: &GenesisToken<T::AccountId>) -> Result<TokenId, String> {
		let owner = &token.owner;
		let symbol = BoundedVec::<u8, T::MaxSymbolLength>::try_from(token.symbol.clone())
			.map_err(|_| format!("symbol longer than MaxSymbolLength ({})", T::MaxSymbolLength::get()))?;
		let name = Self::genesis_name(&token.name, "token name")?;
		let ((first, first_rights), others) =
			token.partitions.split_first().ok_or_else(|| String::from("no partitions: partition 0 is needed"))?;
		if token.status == TokenStatus::Draft && !token.holdings.is_empty() {
			return Err("a Draft token cannot have holdings (issuance needs Issuing or Active)".into());
		}

		let id = NextTokenId::<T>::get();
		let terms = TokenTerms {
			symbol,
			name,
			decimals: token.decimals,
			granularity: token.granularity,
			instrument: token.instrument,
			underlying: Underlying { numerator: 1, denominator: 1, unit: H256::zero() },
			identifiers: BoundedVec::new(),
			supply_cap: token.supply_cap,
			controllable: token.controllable,
			default_partition: Self::genesis_name(first, "partition name")?,
			rights: *first_rights,
		};
		Self::do_create_token(owner.clone(), terms)
		.map_err(|e| format!("create_token by {owner:?}: {e:?}"))?;
		for (name, rights) in others {
			Self::do_add_partition(owner, id, Self::genesis_name(name, "partition name")?, *rights)
				.map_err(|e| format!("add_partition {}: {e:?}", String::from_utf8_lossy(name)))?;
		}
		if token.status == TokenStatus::Draft {
			return Ok(id);
		}
		Self::do_set_status(owner, id, TokenStatus::Issuing).map_err(|e| format!("set_status(Issuing): {e:?}"))?;
		Self::ensure_role(owner, id, Roles::SUPPLY_MANAGER).map_err(|e| format!("issue: {e:?}"))?;
		for (account, partition, amount) in &token.holdings {
			Self::try_move(MoveRequest::issue(id, *partition, account.clone(), *amount), Some(owner.clone()), None)
				.map_err(|failure| format!("issue {amount} of partition {partition} to {account:?}: {failure:?}"))?;
		}
		if token.status != TokenStatus::Issuing {
			Self::do_set_status(owner, id, token.status)
				.map_err(|e| format!("set_status({:?}): {e:?}", token.status))?;
		}
		Ok(id)
	}

	fn genesis_name(bytes: &[u8], what: &str) -> Result<PartitionName<T>, String> {
		PartitionName::<T>::try_from(bytes.to_vec())
			.map_err(|_| format!("{what} longer than MaxNameLength ({})", T::MaxNameLength::get()))
	}
}
