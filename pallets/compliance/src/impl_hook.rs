//! The compliance hook the security token calls on every movement: the check before, the
//! statistics after, and what both cost.

use crate::*;
use frame_support::{traits::Get, weights::Weight};
use sto_primitives::token::ComplianceHook;

impl<T: Config> ComplianceHook<T::AccountId, TokenBalance, Moment> for Pallet<T> {
	fn check(movement: &MovementOf<T>) -> Result<(), (u32, RuleFailure)> {
		Self::first_failure(movement)
	}

	fn admits(movement: &MovementOf<T>) -> Result<(), (u32, RuleFailure)> {
		Self::first_receiver_failure(movement)
	}

	fn report(movement: &MovementOf<T>) -> alloc::vec::Vec<RuleReport> {
		Self::report_movement(movement)
	}

	/// Holder classes when an identity starts or stops holding; the sender's volume when the
	/// token limits volumes. O(1).
	fn moved(movement: &MovementOf<T>) {
		let crosses = match (&movement.from, &movement.to) {
			(Some(from), Some(to)) => from.identity != to.identity,
			_ => true,
		};
		if !crosses {
			return;
		}
		if let Some(from) = &movement.from {
			if from.holding_before == movement.amount {
				Self::uncount_holder(movement.token, from.identity);
			}
		}
		if let Some(to) = &movement.to {
			if to.holding_before == 0 {
				Self::count_holder(movement.token, to.identity, movement.now);
			}
		}
		// An export's receiver is the escrow, which the statistics do not see (`to` is `None`).
		let trading = crate::evaluate::trades(movement.kind) &&
			(movement.to.is_some() || movement.kind == MovementKind::BridgeOut);
		if let (true, Some(from)) = (trading, &movement.from) {
			if TokenSettings::<T>::get(movement.token).is_some_and(|settings| settings.tracks_volume()) {
				let bucket = Self::bucket_of(movement.now);
				Volumes::<T>::mutate(movement.token, from.identity, |counter| {
					let mut next = counter.take().unwrap_or_default();
					next.record(bucket, movement.amount);
					*counter = Some(next);
				});
			}
		}
	}

	/// Every movement of every token pays the hook's fixed part (the holder statistics are
	/// kept for tokens without rules too), then each of the token's rules its own cost.
	fn movement_weight(token: TokenId) -> Weight {
		TokenSettings::<T>::get(token)
			.map_or_else(Self::fixed_weight, |settings| Self::rules_weight(&settings.rules))
	}

	/// Every rule costs at least one complexity unit and adds at most [`Self::unit_weight`]
	/// per unit to the hook's fixed part: `MaxComplexity` such units bound any rule set.
	fn max_movement_weight() -> Weight {
		Self::fixed_weight().saturating_add(Self::unit_weight().saturating_mul(T::MaxComplexity::get() as u64))
	}
}

impl<T: Config> Pallet<T> {
	/// What checking and recording a movement under `rules` costs: the hook's fixed part once
	/// ([`Self::fixed_weight`]: the token's settings, both parties' classification and class
	/// counters) plus each rule's own cost (its benchmark less the fixed part its benchmark
	/// carries). For a token without rules, the fixed part alone: the statistics are kept for
	/// every token.
	pub fn rules_weight(rules: &[RuleOf<T>]) -> Weight {
		rules.iter().fold(Self::fixed_weight(), |sum, rule| sum.saturating_add(Self::rule_weight(rule)))
	}

	/// The hook's fixed part, charged for every movement of every token: the worst-case
	/// statistics (`hook_statistics`: on a token without rules, the sender leaves and the
	/// receiver joins, each counted under two classes), or the fixed part every rule
	/// benchmark carries (`rule_arithmetic(0)`: settings, the receiver's classification, a
	/// joining holder's counters), whichever is more in each dimension (the first does all the
	/// second does and more; the maximum guards against measurement noise).
	pub fn fixed_weight() -> Weight {
		T::WeightInfo::hook_statistics().max(Self::hook_weight())
	}

	/// The fixed part the rule benchmarks carry besides their rule: the intercept of
	/// `rule_arithmetic(r)` (the hook with `r` rules that only compute), each computing rule
	/// its slope.
	fn hook_weight() -> Weight {
		T::WeightInfo::rule_arithmetic(0)
	}

	/// One rule's own cost: its benchmark less the hook's fixed part.
	fn rule_weight(rule: &RuleOf<T>) -> Weight {
		let measured = match &rule.kind {
			RuleKind::Claims { .. } => T::WeightInfo::rule_claims(rule.complexity()),
			RuleKind::AllowJurisdictions(_) | RuleKind::BlockJurisdictions(_) =>
				T::WeightInfo::rule_jurisdiction(),
			RuleKind::AllowInvestorTypes(_) => T::WeightInfo::rule_investor_type(),
			RuleKind::MaxHoldersIn { .. } => T::WeightInfo::rule_max_holders_in(),
			RuleKind::VolumeLimit { .. } => T::WeightInfo::rule_volume(),
			RuleKind::MaxHolders(_) |
			RuleKind::MaxBalance(_) |
			RuleKind::MaxOwnership(_) |
			RuleKind::HoldingPeriod { .. } |
			RuleKind::TradingWindow(_) => T::WeightInfo::rule_arithmetic(1),
		};
		measured.saturating_sub(Self::hook_weight())
	}

	/// The most any rule adds per complexity unit: a single-unit rule of any kind, a one-unit
	/// claim rule, or one more unit of a claim rule (so a claim rule of `c` units adds at most
	/// `c` of these).
	fn unit_weight() -> Weight {
		let hook = Self::hook_weight();
		[
			T::WeightInfo::rule_jurisdiction(),
			T::WeightInfo::rule_investor_type(),
			T::WeightInfo::rule_max_holders_in(),
			T::WeightInfo::rule_volume(),
			T::WeightInfo::rule_arithmetic(1),
			T::WeightInfo::rule_claims(1),
		]
		.into_iter()
		.map(|weight| weight.saturating_sub(hook))
		.chain(core::iter::once(T::WeightInfo::rule_claims(2).saturating_sub(T::WeightInfo::rule_claims(1))))
		.fold(Weight::zero(), |max, weight| max.max(weight))
	}

	/// Classify a new holder by its jurisdiction and investor type as the token sees them
	/// (what the token's rules judged it by when it joined).
	fn count_holder(token: TokenId, identity: IdentityId, now: Moment) {
		let classification = Classification {
			jurisdiction: T::Identity::jurisdiction(identity, Some(token), now),
			investor_type: T::Identity::investor_type(identity, Some(token), now),
		};
		for class in classification.classes() {
			HolderCounts::<T>::mutate(token, class, |count| *count = count.saturating_add(1));
		}
		if classification != Classification::default() {
			HolderClasses::<T>::insert(token, identity, classification);
		}
	}

	fn uncount_holder(token: TokenId, identity: IdentityId) {
		let Some(classification) = HolderClasses::<T>::take(token, identity) else { return };
		for class in classification.classes() {
			HolderCounts::<T>::mutate_exists(token, class, |count| {
				*count = count.and_then(|count| count.checked_sub(1)).filter(|count| *count > 0);
			});
		}
	}
}
