//! Identity and claim types, and the [`IdentityProvider`] trait through which the token and
//! compliance pallets ask who an account is and what it may be.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use crate::token::TokenId;
use polkadot_sdk::frame_support::PalletError;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// An identity: one investor or institution, however many wallets it holds. Numbered from 1
/// in creation order; never reused.
pub type IdentityId = u64;

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
#[scale_info(capture_docs = "always")]
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

	/// The identity's primary wallet (where payments to the identity go unless it names
	/// another of its wallets); `None`: no such identity.
	fn primary_wallet(identity: IdentityId) -> Option<AccountId>;

	/// Whether `identity` holds a claim of `topic` from an accepted issuer that covers `token`
	/// and has not expired at `now`; if not, why.
	fn claim_status(
		identity: IdentityId,
		topic: ClaimTopic,
		token: Option<TokenId>,
		issuers: Issuers<'_>,
		now: Moment,
	) -> ClaimStatus;

	/// Until when `identity`'s claims of `topic` keep [`Self::claim_status`] valid: the latest
	/// expiry among its valid claims from accepted issuers that cover `token` (`Ok(None)`: one
	/// of them never expires); `Err` with the status when none is valid now. What an answer
	/// that rests on the claim (the EVM bridge's allow-list entries) may last.
	fn claim_valid_until(
		identity: IdentityId,
		topic: ClaimTopic,
		token: Option<TokenId>,
		issuers: Issuers<'_>,
		now: Moment,
	) -> Result<Option<Moment>, ClaimStatus>;

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
