//! Records the registry stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_core::H256;
use scale_info::TypeInfo;
use crate::{ClaimRecordOf, Config};
use sto_primitives::identity::{ClaimScope, ClaimTopic, IdentityId, IdentityKind};

/// One identity: an investor or institution.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct IdentityRecord<AccountId, Balance, Moment> {
	/// What kind of party it is.
	pub kind: IdentityKind,
	/// The wallet that manages the identity (links wallets, rotates itself).
	pub primary: AccountId,
	/// Linked wallets, the primary included.
	pub wallet_count: u32,
	/// Claims held about the identity: its global claims and its claims for every token.
	pub claim_count: u32,
	/// Who paid the identity deposit (`None`: created by governance, no deposit).
	pub depositor: Option<AccountId>,
	/// The deposit held from `depositor`.
	pub deposit: Balance,
	/// When it was created (ms since the Unix epoch).
	pub created_at: Moment,
}

/// A linked wallet and the deposit its link holds.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct WalletRecord<AccountId, Balance> {
	/// Who paid the link's deposit (`None`: no deposit, e.g. the primary wallet).
	pub depositor: Option<AccountId>,
	/// The deposit held from `depositor`.
	pub deposit: Balance,
}

/// A claim about an identity by an issuer. No personal data: the evidence stays off chain,
/// the chain keeps its hash.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct ClaimRecord<AccountId, Balance, Moment> {
	/// Where the claim applies.
	pub scope: ClaimScope,
	/// When the issuer issued (or last updated) it.
	pub issued_at: Moment,
	/// When it stops counting (`None`: until revoked).
	pub expiry: Option<Moment>,
	/// Hash of the off-chain evidence (KYC file, accreditation letter, ...).
	pub evidence: H256,
	/// The issuer's account that paid the claim deposit.
	pub depositor: AccountId,
	/// The deposit held from `depositor`.
	pub deposit: Balance,
}

impl<AccountId, Balance, Moment: PartialOrd + Copy> ClaimRecord<AccountId, Balance, Moment> {
	/// Whether the claim has expired at `now` (a claim expires at its expiry instant).
	pub fn is_expired(&self, now: Moment) -> bool {
		self.expiry.is_some_and(|expiry| now >= expiry)
	}
}

/// What an account consents to by signing a [`ConsentPayload`].
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ConsentAction {
	/// Become the primary wallet of a new identity.
	CreateIdentity,
	/// Be linked to an identity as one of its wallets.
	LinkWallet,
	/// Become the primary wallet of an identity through governed recovery.
	Recover,
}

/// The message an account signs to consent to being attached to an identity. The nonce makes
/// every consent single-use; the genesis hash binds it to one chain.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ConsentPayload<AccountId, Hash> {
	/// Always `b"sto/identity"`.
	pub domain: [u8; 12],
	pub action: ConsentAction,
	/// The identity (0 when creating one).
	pub identity: IdentityId,
	/// The consenting account.
	pub account: AccountId,
	/// The account's consent nonce (`ConsentNonce`), incremented when a consent is used.
	pub nonce: u32,
	/// The chain's genesis hash.
	pub genesis: Hash,
}

/// The domain of every [`ConsentPayload`].
pub const CONSENT_DOMAIN: [u8; 12] = *b"sto/identity";

/// A claim in an identity's [`ClaimBook`]: its topic, its issuer and the record.
pub type BookedClaimOf<T> = (ClaimTopic, IdentityId, ClaimRecordOf<T>);

/// The claims of one scope about one identity, in one storage record: one read answers every
/// topic (KYC, AML, jurisdiction, investor type, ...) of that scope for a transfer's party.
/// Holds at most `MaxClaimsPerIdentity` claims, one per (topic, issuer), in the order they
/// were added, each of the book's scope (global in [`Claims`], the token's in [`TokenClaims`]).
#[derive(
	polkadot_sdk::frame_support::CloneNoBound,
	polkadot_sdk::frame_support::PartialEqNoBound,
	polkadot_sdk::frame_support::EqNoBound,
	polkadot_sdk::frame_support::DebugNoBound,
	polkadot_sdk::frame_support::DefaultNoBound,
	codec::Encode,
	codec::Decode,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct ClaimBook<T: Config> {
	/// The claims.
	pub claims: polkadot_sdk::frame_support::BoundedVec<BookedClaimOf<T>, T::MaxClaimsPerIdentity>,
}

impl<T: Config> ClaimBook<T> {
	/// The claim of `topic` by `issuer`, if held.
	pub fn get(&self, topic: ClaimTopic, issuer: IdentityId) -> Option<&ClaimRecordOf<T>> {
		self.position(topic, issuer).map(|at| &self.claims[at].2)
	}

	/// Where the claim of `topic` by `issuer` is, if held.
	pub fn position(&self, topic: ClaimTopic, issuer: IdentityId) -> Option<usize> {
		self.claims.iter().position(|(t, i, _)| *t == topic && *i == issuer)
	}
}
