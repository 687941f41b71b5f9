//! `IdentityApi`: what wallets, exchanges and compliance tools read from the registry, free of
//! charge, over JSON-RPC `state_call`.

use crate::{
	ClaimRecord, ClaimStatus, ClaimTopic, ConsentAction, CountryCode, IdentityId, IdentityRecord,
	InvestorType, TokenId,
};
use alloc::vec::Vec;
use codec::Codec;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Reads of the identity registry. Claim checks are evaluated at the state's current time.
	pub trait IdentityApi<AccountId, Balance, Moment>
	where
		AccountId: Codec,
		Balance: Codec,
		Moment: Codec,
	{
		/// The identity `account` belongs to.
		fn identity_of(account: AccountId) -> Option<IdentityId>;
		/// An identity's record.
		fn identity(identity: IdentityId) -> Option<IdentityRecord<AccountId, Balance, Moment>>;
		/// An identity's wallets, its primary included.
		fn wallets(identity: IdentityId) -> Vec<AccountId>;
		/// The claims about an identity: topic, issuer identity, record.
		fn claims(identity: IdentityId) -> Vec<(ClaimTopic, IdentityId, ClaimRecord<AccountId, Balance, Moment>)>;
		/// Whether the identity holds a valid KYC claim from a trusted issuer (for `token`).
		fn is_verified(identity: IdentityId, token: Option<TokenId>) -> bool;
		/// Whether the identity holds a valid claim of `topic` from a trusted issuer (for
		/// `token`), and if not, why.
		fn claim_status(identity: IdentityId, topic: ClaimTopic, token: Option<TokenId>) -> ClaimStatus;
		/// The identity's jurisdiction, from its valid jurisdiction claim.
		fn jurisdiction(identity: IdentityId) -> Option<CountryCode>;
		/// The identity's highest valid investor category.
		fn investor_type(identity: IdentityId) -> Option<InvestorType>;
		/// The exact bytes `account` signs to consent to `action` on `identity` (0 for a new
		/// identity): the SCALE encoding of a `ConsentPayload` with the account's next nonce.
		fn consent_payload(action: ConsentAction, identity: IdentityId, account: AccountId) -> Vec<u8>;
	}
}
