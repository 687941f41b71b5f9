//! Identity and claim types, and the [`IdentityProvider`] trait through which the token and
//! compliance pallets ask who an account is and what it may be.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::{weights::Weight, PalletError};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// An identity: one investor or institution, however many wallets it holds. Numbered from 1
/// in creation order; never reused.
pub type IdentityId = u64;

/// A security token's id (assigned by the security-token pallet).
pub type TokenId = u32;

/// An ISO 3166-1 alpha-2 country code, two upper-case ASCII letters (`*b"DE"`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[derive(Serialize, Deserialize)]
pub struct CountryCode(pub [u8; 2]);

impl CountryCode {
	/// Whether both bytes are upper-case ASCII letters (the form ISO 3166-1 alpha-2 uses).
	pub fn is_well_formed(&self) -> bool {
		self.0.iter().all(|b| b.is_ascii_uppercase())
	}
}

/// What kind of party an identity stands for.
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
#[derive(Serialize, Deserialize)]
pub enum IdentityKind {
	/// A natural person.
	NaturalPerson,
	/// A company or other legal entity.
	Company,
	/// An investment fund.
	Fund,
	/// An exchange, broker-dealer or custodian.
	Exchange,
	/// An issuer of securities.
	Issuer,
	/// A KYC provider or other claim issuer.
	ClaimIssuer,
}

/// Investor categories that securities law distinguishes, from least to most qualified.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[derive(Serialize, Deserialize)]
pub enum InvestorType {
	/// A retail investor.
	Retail,
	/// An accredited investor (e.g. Reg D 501(a)).
	Accredited,
	/// A qualified purchaser (e.g. Investment Company Act 2(a)(51)).
	QualifiedPurchaser,
	/// An institutional investor.
	Institutional,
}

/// What a claim asserts about an identity.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[derive(Serialize, Deserialize)]
pub enum ClaimTopic {
	/// Know-your-customer checks passed.
	Kyc,
	/// Anti-money-laundering screening passed.
	Aml,
	/// An accredited investor.
	Accredited,
	/// A qualified purchaser.
	QualifiedPurchaser,
	/// An institutional investor.
	Institutional,
	/// A retail investor.
	Retail,
	/// Resident of (or incorporated in) a country.
	Jurisdiction(CountryCode),
	/// Exempted from a token's restrictions (e.g. the issuer's treasury).
	Exempted,
	/// A topic a consortium defines for itself.
	Custom(u32),
}

impl ClaimTopic {
	/// The class of the topic, which trusted issuers are accredited for (a jurisdiction
	/// issuer may attest any country).
	pub fn class(&self) -> TopicClass {
		match self {
			ClaimTopic::Kyc => TopicClass::Kyc,
			ClaimTopic::Aml => TopicClass::Aml,
			ClaimTopic::Accredited => TopicClass::Accredited,
			ClaimTopic::QualifiedPurchaser => TopicClass::QualifiedPurchaser,
			ClaimTopic::Institutional => TopicClass::Institutional,
			ClaimTopic::Retail => TopicClass::Retail,
			ClaimTopic::Jurisdiction(_) => TopicClass::Jurisdiction,
			ClaimTopic::Exempted => TopicClass::Exempted,
			ClaimTopic::Custom(id) => TopicClass::Custom(*id),
		}
	}

	/// The investor category the topic asserts, if it is one.
	pub fn investor_type(&self) -> Option<InvestorType> {
		match self {
			ClaimTopic::Retail => Some(InvestorType::Retail),
			ClaimTopic::Accredited => Some(InvestorType::Accredited),
			ClaimTopic::QualifiedPurchaser => Some(InvestorType::QualifiedPurchaser),
			ClaimTopic::Institutional => Some(InvestorType::Institutional),
			_ => None,
		}
	}
}

impl From<InvestorType> for ClaimTopic {
	/// The topic of a claim asserting the investor category.
	fn from(kind: InvestorType) -> Self {
		match kind {
			InvestorType::Retail => ClaimTopic::Retail,
			InvestorType::Accredited => ClaimTopic::Accredited,
			InvestorType::QualifiedPurchaser => ClaimTopic::QualifiedPurchaser,
			InvestorType::Institutional => ClaimTopic::Institutional,
		}
	}
}

/// A claim topic without its data: what a trusted issuer is accredited to attest.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[derive(Serialize, Deserialize)]
pub enum TopicClass {
	Kyc,
	Aml,
	Accredited,
	QualifiedPurchaser,
	Institutional,
	Retail,
	Jurisdiction,
	Exempted,
	Custom(u32),
}

/// Where a claim applies.
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
#[derive(Serialize, Deserialize)]
pub enum ClaimScope {
	/// Everywhere on the chain.
	Global,
	/// Only for one token.
	Token(TokenId),
}

impl ClaimScope {
	/// Whether a claim of this scope counts for `token` (`None`: a chain-wide question).
	pub fn covers(&self, token: Option<TokenId>) -> bool {
		match (self, token) {
			(ClaimScope::Global, _) => true,
			(ClaimScope::Token(scope), Some(token)) => *scope == token,
			(ClaimScope::Token(_), None) => false,
		}
	}
}

/// The outcome of checking one claim, naming why it does not count.
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
	PalletError,
)]
#[derive(Serialize, Deserialize)]
pub enum ClaimStatus {
	/// A claim from an accepted issuer, in scope and not expired.
	Valid,
	/// No claim of the topic from any accepted issuer.
	Missing,
	/// The only claims of the topic from accepted issuers have expired.
	Expired,
	/// Claims of the topic exist, but not for this token. Not answered by the registry since
	/// it keeps each scope's claims apart (a check reads only the claims that could count);
	/// kept so that the encoding of the other statuses does not change.
	OutOfScope,
	/// The account or identity is unknown.
	NoIdentity,
}

/// Which issuers a claim check accepts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Issuers<'a> {
	/// The issuers the chain's registry trusts for the topic, plus the token's own trusted
	/// issuers for the topic when the check is about a token.
	Trusted,
	/// Exactly these issuers (each must still be trusted for the topic by the registry or the
	/// token).
	Only(&'a [IdentityId]),
}

/// Who an account is and what it may be: implemented by the identity registry, used by the
/// security-token and compliance pallets. Every method is a bounded number of storage reads.
///
/// Claims scoped to a token count for that token only. An identity's chain-wide facts
/// (jurisdiction, investor type) come only from its global claims by issuers the chain trusts
/// for the topic; a token's rules see those facts, and only when the identity has no such fact
/// chain-wide, the fact its claims for the token attest (a token's own issuers can fill a gap,
/// never contradict what the chain's accredited issuers attest).
pub trait IdentityProvider<AccountId, Moment> {
	/// The identity `who` belongs to, if any.
	fn identity_of(who: &AccountId) -> Option<IdentityId>;

	/// Whether `identity` holds a claim of `topic` from an accepted issuer that covers `token`
	/// and has not expired at `now`; if not, why.
	fn claim_status(
		identity: IdentityId,
		topic: ClaimTopic,
		token: Option<TokenId>,
		issuers: Issuers<'_>,
		now: Moment,
	) -> ClaimStatus;

	/// `claim_status(..) == Valid`.
	fn has_valid_claim(
		identity: IdentityId,
		topic: ClaimTopic,
		token: Option<TokenId>,
		issuers: Issuers<'_>,
		now: Moment,
	) -> bool {
		Self::claim_status(identity, topic, token, issuers, now) == ClaimStatus::Valid
	}

	/// Verified: a valid KYC claim from a trusted issuer (for `token`, if given).
	fn is_verified(identity: IdentityId, token: Option<TokenId>, now: Moment) -> bool {
		Self::has_valid_claim(identity, ClaimTopic::Kyc, token, Issuers::Trusted, now)
	}

	/// The identity's jurisdiction at `now`: the country of its latest issued valid global
	/// jurisdiction claim by a chain-trusted issuer; failing that, and only for a `token`, of
	/// its latest issued valid claim for the token by an issuer the token accepts (chain-wide
	/// or its own). `None`: no valid jurisdiction.
	fn jurisdiction(identity: IdentityId, token: Option<TokenId>, now: Moment) -> Option<CountryCode>;

	/// The identity's investor category at `now`: the highest it holds a valid global claim for
	/// by a chain-trusted issuer; failing that, and only for a `token`, the highest among its
	/// valid claims that count for the token (by an issuer the token accepts).
	fn investor_type(identity: IdentityId, token: Option<TokenId>, now: Moment) -> Option<InvestorType>;
}

/// Who may name a token's own trusted claim issuers: answered by the security-token pallet
/// (the token's compliance manager). `()` answers "nobody" (only governance may).
pub trait TokenAuthority<AccountId> {
	/// Whether `who` may manage `token`'s compliance settings.
	fn can_manage_compliance(token: TokenId, who: &AccountId) -> bool;
	/// Whether `token` exists.
	fn token_exists(token: TokenId) -> bool;
}

impl<AccountId> TokenAuthority<AccountId> for () {
	fn can_manage_compliance(_: TokenId, _: &AccountId) -> bool {
		false
	}
	fn token_exists(_: TokenId) -> bool {
		true
	}
}

/// The token side of a wallet leaving its identity, implemented by the security-token pallet.
/// A holding's wallet must belong to the identity whose position counts it, so a wallet leaves
/// its identity only when it holds nothing ([`Self::release_wallet`]) or when its holdings move
/// with it to another wallet of the identity ([`Self::move_wallet`], governed recovery).
///
/// The token keeps no per-wallet counter (a counter would be written by every transfer that
/// opens or empties a wallet's holding): both read the identity's positions, at most
/// `max_positions` of them (the caller's witness, which its weight was charged for), and
/// return how many they read (for the refund). `()` holds no tokens: every wallet may leave.
pub trait WalletGuard<AccountId> {
	/// `account`, a wallet of `identity`, is about to leave it: `Err(WalletInUse)` when it holds
	/// a balance of any token. A wallet that holds nothing leaves freely: its account freezes
	/// are dropped (a freeze of a wallet that holds nothing does not keep it in its identity;
	/// once unlinked it can receive no token at all).
	fn release_wallet(identity: IdentityId, account: &AccountId, max_positions: u32) -> Result<u32, WalletGuardError>;

	/// The most [`Self::release_wallet`] costs when it reads `positions` positions.
	fn release_wallet_weight(positions: u32) -> Weight;

	/// Governed recovery: move every holding of `from` (every token, every partition) to `to`,
	/// both wallets of `identity`, through the token's one movement path (kind `Recovery`, one
	/// event per holding), with the holdings' lock-ups and partial freezes; an account freeze
	/// of `from` carries to `to`. Afterwards `from` holds nothing and is frozen nowhere.
	fn move_wallet(
		identity: IdentityId,
		from: &AccountId,
		to: &AccountId,
		max_positions: u32,
	) -> Result<u32, WalletGuardError>;

	/// The most [`Self::move_wallet`] costs when it reads `positions` positions.
	fn move_wallet_weight(positions: u32) -> Weight;
}

/// Why a [`WalletGuard`] refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WalletGuardError {
	/// The identity holds positions in more tokens than the caller's witness said.
	PositionsWitnessTooLow,
	/// The wallet holds tokens.
	WalletInUse,
	/// A holding could not be moved (the token refused the movement).
	Movement(crate::token::TransferFailure),
}

impl<AccountId> WalletGuard<AccountId> for () {
	fn release_wallet(_: IdentityId, _: &AccountId, _: u32) -> Result<u32, WalletGuardError> {
		Ok(0)
	}

	fn release_wallet_weight(_: u32) -> Weight {
		Weight::zero()
	}

	fn move_wallet(_: IdentityId, _: &AccountId, _: &AccountId, _: u32) -> Result<u32, WalletGuardError> {
		Ok(0)
	}

	fn move_wallet_weight(_: u32) -> Weight {
		Weight::zero()
	}
}
