//! Evaluating a token's rules against a movement. One function judges one rule; the hook's
//! `check` stops at the first failure, the report collects every outcome. Both read the same
//! settings record and ask the same questions, so `can_transfer`, the report and the real
//! transfer cannot disagree.

use crate::*;
use alloc::vec::Vec;
use polkadot_sdk::sp_core::U256;
use sto_primitives::identity::{ClaimStatus, Issuers};

/// The report line (and failing rule index) of the trading pause, which is a setting, not a
/// rule of the list.
pub const PAUSE_RULE: u32 = u32::MAX;

/// What the evaluation of one movement learnt so far (each question is asked at most once).
pub(crate) struct Context<'a, T: Config> {
	pub movement: &'a MovementOf<T>,
	pub settings: &'a SettingsOf<T>,
	receiver_jurisdiction: Option<Option<CountryCode>>,
	receiver_investor_type: Option<Option<InvestorType>>,
}

impl<'a, T: Config> Context<'a, T> {
	pub fn new(movement: &'a MovementOf<T>, settings: &'a SettingsOf<T>) -> Self {
		Self { movement, settings, receiver_jurisdiction: None, receiver_investor_type: None }
	}

	/// Transfers, operator transfers, settlement legs and exports to an EVM chain: what
	/// sender-side rules govern.
	fn trading(&self) -> bool {
		trades(self.movement.kind) && self.movement.from.is_some()
	}

	/// The receiving identity, when tokens reach another identity (limits apply).
	fn new_tokens_for_receiver(&self) -> bool {
		match (&self.movement.from, &self.movement.to) {
			(_, None) => false,
			(Some(from), Some(to)) => from.identity != to.identity,
			(None, Some(_)) => true,
		}
	}

	fn sender_exempt(&self) -> bool {
		self.movement.from.as_ref().is_some_and(|party| self.settings.is_exempt(party.identity))
	}

	fn receiver_exempt(&self) -> bool {
		self.movement.to.as_ref().is_some_and(|party| self.settings.is_exempt(party.identity))
	}

	/// The receiver's jurisdiction as the token sees it (the chain-wide one, else what its
	/// claims for the token attest): the answer the hook classifies the receiver by, so that
	/// rules and class counts agree.
	fn receiver_jurisdiction(&mut self) -> Option<CountryCode> {
		let (movement, cached) = (self.movement, &mut self.receiver_jurisdiction);
		*cached.get_or_insert_with(|| {
			movement
				.to
				.as_ref()
				.and_then(|party| T::Identity::jurisdiction(party.identity, Some(movement.token), movement.now))
		})
	}

	/// The receiver's investor type as the token sees it (see `receiver_jurisdiction`).
	fn receiver_investor_type(&mut self) -> Option<InvestorType> {
		let (movement, cached) = (self.movement, &mut self.receiver_investor_type);
		*cached.get_or_insert_with(|| {
			movement
				.to
				.as_ref()
				.and_then(|party| T::Identity::investor_type(party.identity, Some(movement.token), movement.now))
		})
	}

	/// Whether the sending identity stops holding the token with this movement.
	fn sender_leaves(&self) -> bool {
		self.new_tokens_for_receiver() &&
			self.movement.from.as_ref().is_some_and(|party| party.holding_before == self.movement.amount)
	}

	/// Whether the receiving identity starts holding the token with this movement.
	fn receiver_joins(&self) -> bool {
		self.new_tokens_for_receiver() && self.movement.to.as_ref().is_some_and(|party| party.holding_before == 0)
	}
}

/// Movements that trade the sender's tokens away: sender-side rules (trading pause, holding
/// periods, trading windows, volume limits) govern them and volume statistics count them.
pub(crate) fn trades(kind: MovementKind) -> bool {
	matches!(kind, MovementKind::Transfer | MovementKind::Operator | MovementKind::Settlement | MovementKind::BridgeOut)
}

/// The trading pause's outcome.
pub(crate) fn pause_outcome<T: Config>(context: &Context<T>) -> RuleOutcome {
	if !context.trading() {
		RuleOutcome::NotApplicable
	} else if context.sender_exempt() {
		RuleOutcome::Exempt
	} else if context.settings.paused {
		RuleOutcome::Fail(RuleFailure::TradingPaused)
	} else {
		RuleOutcome::Pass
	}
}

/// One rule's outcome.
pub(crate) fn rule_outcome<T: Config>(rule: &RuleOf<T>, context: &mut Context<T>) -> RuleOutcome {
	let movement = context.movement;
	// Sender-side rules govern the partition tokens leave, receiver-side the one they enter.
	let leaves_partition = rule.partition.is_none_or(|p| p == movement.partition);
	let enters_partition = rule.partition.is_none_or(|p| p == movement.to_partition);
	let judged = |failed: bool, failure: RuleFailure| {
		if failed {
			RuleOutcome::Fail(failure)
		} else {
			RuleOutcome::Pass
		}
	};
	match &rule.kind {
		RuleKind::Claims { side, requirement, topics, issuers } => {
			let check_sender = side.sender() && context.trading() && leaves_partition;
			let check_receiver = side.receiver() && movement.to.is_some() && enters_partition;
			if !check_sender && !check_receiver {
				return RuleOutcome::NotApplicable;
			}
			let sender_exempt = check_sender && context.sender_exempt();
			let receiver_exempt = check_receiver && context.receiver_exempt();
			if (!check_sender || sender_exempt) && (!check_receiver || receiver_exempt) {
				return RuleOutcome::Exempt;
			}
			if check_sender && !sender_exempt {
				if let Some(party) = &movement.from {
					if let Some(status) = claims_fail::<T>(party.identity, *requirement, topics, issuers, movement) {
						return RuleOutcome::Fail(RuleFailure::SenderClaim(status));
					}
				}
			}
			if check_receiver && !receiver_exempt {
				if let Some(party) = &movement.to {
					if let Some(status) = claims_fail::<T>(party.identity, *requirement, topics, issuers, movement) {
						return RuleOutcome::Fail(RuleFailure::ReceiverClaim(status));
					}
				}
			}
			RuleOutcome::Pass
		},
		RuleKind::AllowJurisdictions(countries) | RuleKind::BlockJurisdictions(countries) => {
			if movement.to.is_none() || !enters_partition {
				return RuleOutcome::NotApplicable;
			}
			if context.receiver_exempt() {
				return RuleOutcome::Exempt;
			}
			let allow = matches!(rule.kind, RuleKind::AllowJurisdictions(_));
			// Fail-closed, for block lists too: a receiver without a valid jurisdiction (none
			// attested, or expired, or its issuer no longer trusted) is not known to be
			// outside the blocked countries.
			match (context.receiver_jurisdiction(), allow) {
				(None, _) => RuleOutcome::Fail(RuleFailure::JurisdictionUnknown),
				(Some(country), true) => judged(!countries.contains(&country), RuleFailure::JurisdictionNotAllowed),
				(Some(country), false) => judged(countries.contains(&country), RuleFailure::JurisdictionBlocked),
			}
		},
		RuleKind::AllowInvestorTypes(kinds) => {
			if movement.to.is_none() || !enters_partition {
				return RuleOutcome::NotApplicable;
			}
			if context.receiver_exempt() {
				return RuleOutcome::Exempt;
			}
			let allowed = context.receiver_investor_type().is_some_and(|kind| kinds.contains(&kind));
			judged(!allowed, RuleFailure::InvestorTypeNotAllowed)
		},
		RuleKind::MaxHolders(limit) => {
			if !context.receiver_joins() {
				return RuleOutcome::NotApplicable;
			}
			if context.receiver_exempt() {
				return RuleOutcome::Exempt;
			}
			let after = movement
				.holders_before
				.saturating_add(1)
				.saturating_sub(context.sender_leaves() as u32);
			judged(after > *limit, RuleFailure::MaxHolders)
		},
		RuleKind::MaxHoldersIn { class, limit } => {
			if !context.receiver_joins() {
				return RuleOutcome::NotApplicable;
			}
			if context.receiver_exempt() {
				return RuleOutcome::Exempt;
			}
			let receiver_in_class = match class {
				HolderClass::Jurisdiction(country) => context.receiver_jurisdiction() == Some(*country),
				HolderClass::InvestorType(kind) => context.receiver_investor_type() == Some(*kind),
			};
			if !receiver_in_class {
				return RuleOutcome::Pass;
			}
			let sender_frees_slot = context.sender_leaves() &&
				movement.from.as_ref().is_some_and(|party| {
					HolderClasses::<T>::get(movement.token, party.identity)
						.is_some_and(|classification| classification.contains(class))
				});
			let after = HolderCounts::<T>::get(movement.token, class)
				.saturating_add(1)
				.saturating_sub(sender_frees_slot as u32);
			judged(after > *limit, RuleFailure::MaxHoldersInClass)
		},
		RuleKind::MaxBalance(limit) => {
			if !context.new_tokens_for_receiver() {
				return RuleOutcome::NotApplicable;
			}
			if context.receiver_exempt() {
				return RuleOutcome::Exempt;
			}
			let after = movement.to.as_ref().map_or(0, |party| party.holding_before.saturating_add(movement.amount));
			judged(after > *limit, RuleFailure::MaxBalance)
		},
		RuleKind::MaxOwnership(share) => {
			if !context.new_tokens_for_receiver() {
				return RuleOutcome::NotApplicable;
			}
			if context.receiver_exempt() {
				return RuleOutcome::Exempt;
			}
			let after = movement.to.as_ref().map_or(0, |party| party.holding_before.saturating_add(movement.amount));
			// An import from the EVM bridge arrives from no sender too, but from the escrow:
			// the supply does not grow.
			let supply_after = if movement.kind == MovementKind::Issue {
				movement.supply_before.saturating_add(movement.amount)
			} else {
				movement.supply_before
			};
			// after / supply_after > share / 1_000_000, in 256 bits (no overflow, no rounding).
			let over = U256::from(after) * U256::from(PARTS_PER_MILLION) > U256::from(supply_after) * U256::from(*share);
			judged(over, RuleFailure::MaxOwnership)
		},
		RuleKind::HoldingPeriod { until } => {
			if !context.trading() || !leaves_partition {
				return RuleOutcome::NotApplicable;
			}
			if context.sender_exempt() {
				return RuleOutcome::Exempt;
			}
			judged(movement.now < *until, RuleFailure::HoldingPeriod)
		},
		RuleKind::TradingWindow(window) => {
			if !context.trading() || !leaves_partition {
				return RuleOutcome::NotApplicable;
			}
			if context.sender_exempt() {
				return RuleOutcome::Exempt;
			}
			judged(!window.is_open(movement.now), RuleFailure::TradingWindowClosed)
		},
		RuleKind::VolumeLimit { window, max } => {
			// An export leaves this chain whoever receives it: it counts as sent volume even
			// to the sender's own EVM wallet (as the statistics record it).
			let leaves = context.new_tokens_for_receiver() || movement.kind == MovementKind::BridgeOut;
			if !context.trading() || !leaves {
				return RuleOutcome::NotApplicable;
			}
			if context.sender_exempt() {
				return RuleOutcome::Exempt;
			}
			let sent = movement
				.from
				.as_ref()
				.and_then(|party| Volumes::<T>::get(movement.token, party.identity))
				.map_or(0, |counter| counter.sent_within(Pallet::<T>::bucket_of(movement.now), *window));
			judged(sent.saturating_add(movement.amount) > *max, RuleFailure::VolumeLimit)
		},
	}
}

/// `None` when `identity` meets the claim requirement; otherwise the status of the claim
/// that fails it (for `AnyOf`, the most telling status among the topics: an expired claim
/// says more than a missing one).
fn claims_fail<T: Config>(
	identity: IdentityId,
	requirement: Requirement,
	topics: &[ClaimTopic],
	issuers: &IssuerSource<T::MaxIssuersPerRule>,
	movement: &MovementOf<T>,
) -> Option<ClaimStatus> {
	let issuers = match issuers {
		IssuerSource::Trusted => Issuers::Trusted,
		IssuerSource::Only(list) => Issuers::Only(list),
	};
	let status =
		|topic: &ClaimTopic| T::Identity::claim_status(identity, *topic, Some(movement.token), issuers, movement.now);
	match requirement {
		Requirement::AllOf => topics.iter().map(status).find(|status| *status != ClaimStatus::Valid),
		Requirement::AnyOf => {
			let mut worst = ClaimStatus::Missing;
			for topic in topics {
				match status(topic) {
					ClaimStatus::Valid => return None,
					ClaimStatus::Expired => worst = ClaimStatus::Expired,
					ClaimStatus::OutOfScope if worst == ClaimStatus::Missing => worst = ClaimStatus::OutOfScope,
					ClaimStatus::NoIdentity => worst = ClaimStatus::NoIdentity,
					_ => {},
				}
			}
			Some(worst)
		},
	}
}

impl<T: Config> Pallet<T> {
	/// The first rule `movement` breaks (the trading pause first), if any.
	pub fn first_failure(movement: &MovementOf<T>) -> Result<(), (u32, RuleFailure)> {
		// A recovery moves a holding between two wallets of one identity: no owner changes
		// and nothing is traded, so no rule (nor the trading pause) judges it.
		if movement.kind == MovementKind::Recovery {
			return Ok(());
		}
		let Some(settings) = TokenSettings::<T>::get(movement.token) else { return Ok(()) };
		let mut context = Context::<T>::new(movement, &settings);
		if let RuleOutcome::Fail(failure) = pause_outcome(&context) {
			return Err((PAUSE_RULE, failure));
		}
		for (index, rule) in settings.rules.iter().enumerate() {
			if let RuleOutcome::Fail(failure) = rule_outcome::<T>(rule, &mut context) {
				return Err((index as u32, failure));
			}
		}
		Ok(())
	}

	/// The first rule about who `movement`'s receiver is that it fails, if any: receiver-side
	/// claims, allowed and blocked jurisdictions, allowed investor types (exemptions honoured;
	/// the rules about amounts, counts, time and the trading pause are not asked).
	pub fn first_receiver_failure(movement: &MovementOf<T>) -> Result<(), (u32, RuleFailure)> {
		let Some(settings) = TokenSettings::<T>::get(movement.token) else { return Ok(()) };
		let mut context = Context::<T>::new(movement, &settings);
		for (index, rule) in settings.rules.iter().enumerate() {
			let about_receiver = match &rule.kind {
				RuleKind::Claims { side, .. } => side.receiver(),
				RuleKind::AllowJurisdictions(_) |
				RuleKind::BlockJurisdictions(_) |
				RuleKind::AllowInvestorTypes(_) => true,
				_ => false,
			};
			if !about_receiver {
				continue;
			}
			if let RuleOutcome::Fail(failure) = rule_outcome::<T>(rule, &mut context) {
				return Err((index as u32, failure));
			}
		}
		Ok(())
	}

	/// Every rule's outcome for `movement`: the trading pause (as `PAUSE_RULE`), then each
	/// rule in order.
	pub fn report_movement(movement: &MovementOf<T>) -> Vec<RuleReport> {
		let settings = TokenSettings::<T>::get(movement.token).unwrap_or_default();
		let mut context = Context::<T>::new(movement, &settings);
		let mut report = Vec::with_capacity(settings.rules.len() + 1);
		report.push(RuleReport { rule: PAUSE_RULE, outcome: pause_outcome(&context) });
		for (index, rule) in settings.rules.iter().enumerate() {
			report.push(RuleReport { rule: index as u32, outcome: rule_outcome::<T>(rule, &mut context) });
		}
		report
	}
}
