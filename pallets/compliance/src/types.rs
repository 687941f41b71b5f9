//! Rules, the per-token settings record and the statistics the rules need.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::{
	traits::{ConstU32, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sto_primitives::{
	identity::{ClaimTopic, CountryCode, IdentityId, InvestorType},
	token::PartitionId,
};

/// Token amounts and the chain's time: the one definition of each, in the primitives.
pub use sto_primitives::{token::TokenBalance, Moment};

/// A whole share of the supply in parts per million (100 %).
pub const PARTS_PER_MILLION: u32 = 1_000_000;

/// Milliseconds in a day.
pub const DAY_MS: u64 = 86_400_000;

/// Which party of a movement a claim rule checks.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
#[derive(Serialize, Deserialize)]
pub enum Side {
	/// The identity tokens leave (checked on trading movements only: transfers, operator
	/// transfers, settlement legs).
	Sender,
	/// The identity tokens arrive at (every movement with a receiver: issuance, transfers,
	/// forced transfers, reclassification).
	Receiver,
	/// Both.
	Both,
}

impl Side {
	pub fn sender(&self) -> bool {
		matches!(self, Side::Sender | Side::Both)
	}
	pub fn receiver(&self) -> bool {
		matches!(self, Side::Receiver | Side::Both)
	}
}

/// How a claim rule's topics combine.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
#[derive(Serialize, Deserialize)]
pub enum Requirement {
	/// A valid claim of every topic.
	AllOf,
	/// A valid claim of at least one topic.
	AnyOf,
}

/// Whose claims a claim rule accepts.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[derive(Serialize, Deserialize)]
#[serde(bound = "")]
#[scale_info(skip_type_params(MaxIssuers))]
#[codec(mel_bound())]
pub enum IssuerSource<MaxIssuers: Get<u32>> {
	/// The chain's trusted issuers of the topic and the token's own trusted issuers.
	Trusted,
	/// Only these issuers (each must still be trusted for the topic, chain-wide or by the
	/// token).
	Only(BoundedVec<IdentityId, MaxIssuers>),
}

/// A class of holders counted separately.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
#[derive(Serialize, Deserialize)]
pub enum HolderClass {
	/// Holders whose jurisdiction claim names this country.
	Jurisdiction(CountryCode),
	/// Holders of this investor type.
	InvestorType(InvestorType),
}

/// When trading is open: on the days of `days` (bit 0 Monday ... bit 6 Sunday, UTC), from
/// `open` to `close` milliseconds after midnight UTC (`open > close`: the window spans
/// midnight and the day is the day it opened).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
#[derive(Serialize, Deserialize)]
pub struct TradingWindow {
	pub days: u8,
	pub open: u32,
	pub close: u32,
}

impl TradingWindow {
	/// Every day of the week.
	pub const ALL_DAYS: u8 = 0b111_1111;

	/// Whether the window is well formed: some day, both times within a day, not empty.
	pub fn is_well_formed(&self) -> bool {
		self.days != 0 &&
			self.days & !Self::ALL_DAYS == 0 &&
			(self.open as u64) < DAY_MS &&
			(self.close as u64) < DAY_MS &&
			self.open != self.close
	}

	/// Whether trading is open at `now`.
	pub fn is_open(&self, now: Moment) -> bool {
		let day = now / DAY_MS;
		let time = (now % DAY_MS) as u32;
		// 1970-01-01 was a Thursday (bit 3).
		let weekday = |day: u64| ((day + 3) % 7) as u8;
		let open_on = |day: u64| self.days & (1 << weekday(day)) != 0;
		if self.open < self.close {
			open_on(day) && time >= self.open && time < self.close
		} else {
			// Spans midnight: the evening part belongs to today, the morning part to the
			// day before.
			(time >= self.open && open_on(day)) ||
				(time < self.close && day > 0 && open_on(day - 1))
		}
	}
}

/// What a rule requires.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[derive(Serialize, Deserialize)]
#[serde(bound = "")]
#[scale_info(skip_type_params(MaxTopics, MaxIssuers, MaxCountries))]
#[codec(mel_bound())]
pub enum RuleKind<MaxTopics: Get<u32>, MaxIssuers: Get<u32>, MaxCountries: Get<u32>> {
	/// Valid claims of `topics` (all or any) from accepted issuers, for the sender, the
	/// receiver or both.
	Claims {
		side: Side,
		requirement: Requirement,
		topics: BoundedVec<ClaimTopic, MaxTopics>,
		issuers: IssuerSource<MaxIssuers>,
	},
	/// The receiver's jurisdiction (as the token sees it: the chain-wide one, else what its
	/// claims for the token attest) must be one of these; a receiver without a valid
	/// jurisdiction is refused.
	AllowJurisdictions(BoundedVec<CountryCode, MaxCountries>),
	/// The receiver's jurisdiction must not be one of these; a receiver without a valid
	/// jurisdiction is refused too (fail-closed: a block list cannot be passed by having no
	/// jurisdiction claim, or letting it expire).
	BlockJurisdictions(BoundedVec<CountryCode, MaxCountries>),
	/// The receiver's investor type (as the token sees it, like its jurisdiction) must be one
	/// of these.
	AllowInvestorTypes(BoundedVec<InvestorType, ConstU32<4>>),
	/// At most this many identities hold the token (counted over all wallets).
	MaxHolders(u32),
	/// At most `limit` identities of `class` hold the token (a holder is of the classes its
	/// jurisdiction and investor type, as the token sees them, named when it joined; one
	/// without a valid jurisdiction is in no jurisdiction class: pair this with a rule that
	/// requires one).
	MaxHoldersIn { class: HolderClass, limit: u32 },
	/// No identity holds more than this, over all its wallets and partitions.
	MaxBalance(TokenBalance),
	/// No identity holds more than this share of the supply (parts per million).
	MaxOwnership(u32),
	/// No transfers before `until` (ms since the Unix epoch); with a partition, of that
	/// partition only.
	HoldingPeriod { until: Moment },
	/// Transfers only within the window.
	TradingWindow(TradingWindow),
	/// An identity sends at most `max` within the last `window` volume buckets (see the
	/// pallet's `VolumeBucketMs`), over all its wallets.
	VolumeLimit { window: u32, max: TokenBalance },
}

/// One rule of a token, optionally restricted to one partition.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[derive(Serialize, Deserialize)]
#[serde(bound = "")]
#[scale_info(skip_type_params(MaxTopics, MaxIssuers, MaxCountries))]
#[codec(mel_bound())]
pub struct Rule<MaxTopics: Get<u32>, MaxIssuers: Get<u32>, MaxCountries: Get<u32>> {
	/// `Some(p)`: the rule governs movements out of (sender-side rules) or into
	/// (receiver-side rules) partition `p` only.
	pub partition: Option<PartitionId>,
	pub kind: RuleKind<MaxTopics, MaxIssuers, MaxCountries>,
}

impl<MaxTopics: Get<u32>, MaxIssuers: Get<u32>, MaxCountries: Get<u32>> Rule<MaxTopics, MaxIssuers, MaxCountries> {
	/// The rule's cost in complexity units: one per claim look-up (topic × named issuer ×
	/// side), one per other check, two for the checks that read statistics.
	pub fn complexity(&self) -> u32 {
		match &self.kind {
			RuleKind::Claims { side, topics, issuers, .. } => {
				let issuers = match issuers {
					IssuerSource::Trusted => 1,
					IssuerSource::Only(list) => list.len().max(1) as u32,
				};
				let sides = if *side == Side::Both { 2 } else { 1 };
				(topics.len() as u32).saturating_mul(issuers).saturating_mul(sides)
			},
			RuleKind::MaxHoldersIn { .. } | RuleKind::VolumeLimit { .. } => 2,
			_ => 1,
		}
	}
}

/// A token's compliance settings: its rules, the identities exempt from them, the trading
/// pause. One record, read once per movement.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxRules, MaxTopics, MaxIssuers, MaxCountries, MaxExempt))]
#[codec(mel_bound())]
pub struct Settings<
	MaxRules: Get<u32>,
	MaxTopics: Get<u32>,
	MaxIssuers: Get<u32>,
	MaxCountries: Get<u32>,
	MaxExempt: Get<u32>,
> {
	pub rules: BoundedVec<Rule<MaxTopics, MaxIssuers, MaxCountries>, MaxRules>,
	/// Sum of the rules' complexity.
	pub complexity: u32,
	/// Identities the rules do not bind (e.g. the issuer's treasury, the transfer agent).
	pub exempt: BoundedVec<IdentityId, MaxExempt>,
	/// Trading (transfers, operator transfers, settlement legs) is paused.
	pub paused: bool,
	/// Incremented each time the rules are replaced.
	pub version: u32,
}

impl<MaxRules, MaxTopics, MaxIssuers, MaxCountries, MaxExempt> Default
	for Settings<MaxRules, MaxTopics, MaxIssuers, MaxCountries, MaxExempt>
where
	MaxRules: Get<u32>,
	MaxTopics: Get<u32>,
	MaxIssuers: Get<u32>,
	MaxCountries: Get<u32>,
	MaxExempt: Get<u32>,
{
	fn default() -> Self {
		Self { rules: Default::default(), complexity: 0, exempt: Default::default(), paused: false, version: 0 }
	}
}

impl<MaxRules, MaxTopics, MaxIssuers, MaxCountries, MaxExempt>
	Settings<MaxRules, MaxTopics, MaxIssuers, MaxCountries, MaxExempt>
where
	MaxRules: Get<u32>,
	MaxTopics: Get<u32>,
	MaxIssuers: Get<u32>,
	MaxCountries: Get<u32>,
	MaxExempt: Get<u32>,
{
	/// Whether volumes must be counted (some rule limits them).
	pub fn tracks_volume(&self) -> bool {
		self.rules.iter().any(|rule| matches!(rule.kind, RuleKind::VolumeLimit { .. }))
	}

	pub fn is_exempt(&self, identity: IdentityId) -> bool {
		self.exempt.contains(&identity)
	}

	/// Nothing set: the record need not be kept.
	pub fn is_empty(&self) -> bool {
		self.rules.is_empty() && self.exempt.is_empty() && !self.paused
	}
}

/// Under which classes a holder identity was counted when it became a holder (so that it is
/// uncounted from the same classes when it stops holding, whatever its claims say then).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug, Default)]
pub struct Classification {
	pub jurisdiction: Option<CountryCode>,
	pub investor_type: Option<InvestorType>,
}

impl Classification {
	pub fn classes(&self) -> impl Iterator<Item = HolderClass> {
		self.jurisdiction
			.map(HolderClass::Jurisdiction)
			.into_iter()
			.chain(self.investor_type.map(HolderClass::InvestorType))
	}

	pub fn contains(&self, class: &HolderClass) -> bool {
		match class {
			HolderClass::Jurisdiction(country) => self.jurisdiction == Some(*country),
			HolderClass::InvestorType(kind) => self.investor_type == Some(*kind),
		}
	}
}

/// What an identity sent of a token, in buckets of `VolumeBucketMs`: a ring of `Buckets`
/// amounts, `amounts[b % Buckets]` holding bucket `b` for the `Buckets` buckets up to
/// `last`. Constant size, constant time: no list of transfers.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(Buckets))]
#[codec(mel_bound())]
pub struct VolumeCounter<Buckets: Get<u32>> {
	/// The newest bucket written.
	pub last: u64,
	pub amounts: BoundedVec<TokenBalance, Buckets>,
}

impl<Buckets: Get<u32>> Default for VolumeCounter<Buckets> {
	fn default() -> Self {
		Self { last: 0, amounts: Default::default() }
	}
}

impl<Buckets: Get<u32>> VolumeCounter<Buckets> {
	fn size() -> u64 {
		Buckets::get().max(1) as u64
	}

	/// The amount recorded for bucket `bucket` (zero when it is older than the ring keeps,
	/// or newer than the last write).
	fn amount_in(&self, bucket: u64) -> TokenBalance {
		if bucket > self.last || self.last - bucket >= Self::size() {
			return 0;
		}
		self.amounts.get((bucket % Self::size()) as usize).copied().unwrap_or(0)
	}

	/// Sent within the `window` buckets ending with `now_bucket` (inclusive).
	pub fn sent_within(&self, now_bucket: u64, window: u32) -> TokenBalance {
		(0..(window as u64).min(Self::size()))
			.take_while(|back| *back <= now_bucket)
			.map(|back| self.amount_in(now_bucket - back))
			.fold(0, |sum: TokenBalance, amount| sum.saturating_add(amount))
	}

	/// Add `amount` to bucket `now_bucket`, forgetting buckets that left the ring.
	pub fn record(&mut self, now_bucket: u64, amount: TokenBalance) {
		let size = Self::size();
		if self.amounts.len() as u64 != size {
			self.amounts = BoundedVec::truncate_from(alloc::vec![0; size as usize]);
		}
		if now_bucket > self.last {
			let stale = (now_bucket - self.last).min(size);
			for back in 0..stale {
				let bucket = now_bucket - back;
				if let Some(slot) = self.amounts.get_mut((bucket % size) as usize) {
					*slot = 0;
				}
			}
			self.last = now_bucket;
		} else if self.last - now_bucket >= size {
			// The clock went back beyond the ring (cannot happen with a monotonic clock):
			// nothing to record into.
			return;
		}
		if let Some(slot) = self.amounts.get_mut((now_bucket % size) as usize) {
			*slot = slot.saturating_add(amount);
		}
	}

	/// Nothing within the ring as of `now_bucket`: the record need not be kept.
	pub fn is_stale(&self, now_bucket: u64) -> bool {
		now_bucket >= self.last.saturating_add(Self::size()) || self.amounts.iter().all(|a| *a == 0)
	}
}
