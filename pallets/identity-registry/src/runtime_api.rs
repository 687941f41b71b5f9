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
	/// Version 2 adds the reads of an identity's claims for one token and of the facts a
	/// token's rules see.
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
		/// The global claims about an identity: topic, issuer identity, record (its claims for
		/// a token: `token_claims`).
		fn claims(identity: IdentityId) -> Vec<(ClaimTopic, IdentityId, ClaimRecord<AccountId, Balance, Moment>)>;
		/// Whether the identity holds a valid KYC claim from a trusted issuer (for `token`).
		fn is_verified(identity: IdentityId, token: Option<TokenId>) -> bool;
		/// Whether the identity holds a valid claim of `topic` from a trusted issuer (for
		/// `token`), and if not, why.
		fn claim_status(identity: IdentityId, topic: ClaimTopic, token: Option<TokenId>) -> ClaimStatus;
		/// The identity's chain-wide jurisdiction: its latest issued valid global jurisdiction
		/// claim by a chain-trusted issuer.
		fn jurisdiction(identity: IdentityId) -> Option<CountryCode>;
		/// The identity's chain-wide investor category: the highest it holds a valid global
		/// claim for by a chain-trusted issuer.
		fn investor_type(identity: IdentityId) -> Option<InvestorType>;
		/// The exact bytes `account` signs to consent to `action` on `identity` (0 for a new
		/// identity): the SCALE encoding of a `ConsentPayload` with the account's next nonce.
		fn consent_payload(action: ConsentAction, identity: IdentityId, account: AccountId) -> Vec<u8>;
		/// The claims about an identity scoped to `token`: topic, issuer identity, record.
		#[api_version(2)]
		fn token_claims(identity: IdentityId, token: TokenId) -> Vec<(ClaimTopic, IdentityId, ClaimRecord<AccountId, Balance, Moment>)>;
		/// The identity's jurisdiction as `token`'s rules see it: the chain-wide one, or where
		/// there is none, the latest issued valid one its claims for the token attest.
		#[api_version(2)]
		fn token_jurisdiction(identity: IdentityId, token: TokenId) -> Option<CountryCode>;
		/// The identity's investor category as `token`'s rules see it: the chain-wide one, or
		/// where there is none, the highest valid one its claims for the token attest.
		#[api_version(2)]
		fn token_investor_type(identity: IdentityId, token: TokenId) -> Option<InvestorType>;
	}
}
