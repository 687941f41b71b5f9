//! The calls' logic: who may manage, rule validation, settings writes, reads, invariants.

use crate::*;
use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use frame_support::{ensure, pallet_prelude::*, traits::Time};

impl<T: Config> Pallet<T> {
	/// `who` is a wallet of `token`'s compliance manager.
	pub(crate) fn ensure_manager(who: &T::AccountId, token: TokenId) -> DispatchResult {
		ensure!(T::Tokens::token_exists(token), Error::<T>::UnknownToken);
		ensure!(T::Tokens::can_manage_compliance(token, who), Error::<T>::NotAuthorized);
		Ok(())
	}

	/// Check every rule and the set as a whole; returns the set's complexity.
	pub fn validate_rules(token: TokenId, rules: &[RuleOf<T>]) -> Result<u32, Error<T>> {
		ensure!(rules.len() as u32 <= T::MaxRules::get(), Error::<T>::TooManyRules);
		let partitions = T::Tokens::partition_count(token).ok_or(Error::<T>::UnknownToken)?;
		let mut complexity = 0u32;
		// Countries allowed, with the partition scopes that allow them; countries blocked.
		let mut allowed: BTreeMap<CountryCode, BTreeSet<Option<PartitionId>>> = BTreeMap::new();
		let mut blocked: Vec<(Option<PartitionId>, CountryCode)> = Vec::new();
		for rule in rules {
			if let Some(partition) = rule.partition {
				ensure!((partition as u32) < partitions, Error::<T>::UnknownPartition);
				ensure!(
					!matches!(
						rule.kind,
						RuleKind::MaxHolders(_) |
							RuleKind::MaxHoldersIn { .. } |
							RuleKind::MaxBalance(_) |
							RuleKind::MaxOwnership(_) |
							RuleKind::VolumeLimit { .. }
					),
					Error::<T>::PartitionScopeUnsupported
				);
			}
			match &rule.kind {
				RuleKind::Claims { topics, issuers, .. } => {
					ensure!(!topics.is_empty(), Error::<T>::EmptyList);
					ensure_distinct::<T, _>(topics)?;
					for topic in topics.iter() {
						if let ClaimTopic::Jurisdiction(country) = topic {
							ensure!(country.is_well_formed(), Error::<T>::BadCountryCode);
						}
					}
					if let IssuerSource::Only(list) = issuers {
						ensure!(!list.is_empty(), Error::<T>::EmptyList);
						ensure_distinct::<T, _>(list)?;
					}
				},
				RuleKind::AllowJurisdictions(countries) | RuleKind::BlockJurisdictions(countries) => {
					ensure!(!countries.is_empty(), Error::<T>::EmptyList);
					ensure_distinct::<T, _>(countries)?;
					ensure!(countries.iter().all(CountryCode::is_well_formed), Error::<T>::BadCountryCode);
					if matches!(rule.kind, RuleKind::AllowJurisdictions(_)) {
						for country in countries.iter() {
							allowed.entry(*country).or_default().insert(rule.partition);
						}
					} else {
						blocked.extend(countries.iter().map(|country| (rule.partition, *country)));
					}
				},
				RuleKind::AllowInvestorTypes(kinds) => {
					ensure!(!kinds.is_empty(), Error::<T>::EmptyList);
					ensure_distinct::<T, _>(kinds)?;
				},
				RuleKind::MaxHolders(limit) => ensure!(*limit > 0, Error::<T>::ZeroLimit),
				RuleKind::MaxHoldersIn { class, limit } => {
					ensure!(*limit > 0, Error::<T>::ZeroLimit);
					if let HolderClass::Jurisdiction(country) = class {
						ensure!(country.is_well_formed(), Error::<T>::BadCountryCode);
					}
				},
				RuleKind::MaxBalance(limit) => ensure!(*limit > 0, Error::<T>::ZeroLimit),
				RuleKind::MaxOwnership(share) =>
					ensure!(*share > 0 && *share <= PARTS_PER_MILLION, Error::<T>::BadPercentage),
				RuleKind::HoldingPeriod { .. } => {},
				RuleKind::TradingWindow(window) =>
					ensure!(window.is_well_formed(), Error::<T>::BadTradingWindow),
				RuleKind::VolumeLimit { window, max } => {
					ensure!(*window > 0 && *window <= T::VolumeBuckets::get(), Error::<T>::BadVolumeWindow);
					ensure!(*max > 0, Error::<T>::ZeroLimit);
				},
			}
			complexity = complexity.saturating_add(rule.complexity());
		}
		// A country allowed by one rule and blocked by another of an overlapping partition
		// scope (the same partition, or either rule for every partition) could never receive.
		let contradiction = blocked.iter().any(|(scope, country)| {
			allowed.get(country).is_some_and(|scopes| {
				scope.is_none() || scopes.contains(&None) || scopes.contains(scope)
			})
		});
		ensure!(!contradiction, Error::<T>::ContradictoryRules);
		ensure!(complexity <= T::MaxComplexity::get(), Error::<T>::TooComplex);
		Ok(complexity)
	}

	pub(crate) fn do_set_rules(token: TokenId, rules: BoundedVec<RuleOf<T>, T::MaxRules>) -> DispatchResult {
		let complexity = Self::validate_rules(token, &rules)?;
		let mut settings = TokenSettings::<T>::get(token).unwrap_or_default();
		settings.rules = rules.clone();
		settings.complexity = complexity;
		settings.version = settings.version.saturating_add(1);
		let version = settings.version;
		TokenSettings::<T>::insert(token, settings);
		Self::deposit_event(Event::RulesSet { token, version, rules });
		Ok(())
	}

	/// `exempt` is bounded before anything looks at its elements: the quadratic duplicate
	/// check runs on at most `MaxExemptions` ids.
	pub(crate) fn do_set_exemptions(token: TokenId, exempt: BoundedVec<IdentityId, T::MaxExemptions>) -> DispatchResult {
		ensure_distinct::<T, _>(&exempt)?;
		Self::mutate_settings(token, |settings| settings.exempt = exempt.clone());
		Self::deposit_event(Event::ExemptionsSet { token, exempt });
		Ok(())
	}

	pub(crate) fn do_set_trading_paused(token: TokenId, paused: bool) -> DispatchResult {
		let current = TokenSettings::<T>::get(token).is_some_and(|settings| settings.paused);
		ensure!(current != paused, Error::<T>::PauseUnchanged);
		Self::mutate_settings(token, |settings| settings.paused = paused);
		Self::deposit_event(Event::TradingPauseSet { token, paused });
		Ok(())
	}

	/// Change a token's settings; a record left with nothing set is removed (the version is
	/// kept while rules were ever set, so it only ever grows).
	fn mutate_settings(token: TokenId, change: impl FnOnce(&mut SettingsOf<T>)) {
		TokenSettings::<T>::mutate_exists(token, |slot| {
			let mut settings = slot.take().unwrap_or_default();
			change(&mut settings);
			*slot = (!settings.is_empty() || settings.version > 0).then_some(settings);
		});
	}

	/// Examine up to `limit` volume counters of `token` after `after`'s (storage order) and
	/// remove those no rule reads any more; emits `VolumesPruned`. Returns how many were
	/// examined.
	pub(crate) fn do_prune_volumes(token: TokenId, after: Option<IdentityId>, limit: u32) -> u32 {
		let tracks_volume = TokenSettings::<T>::get(token).is_some_and(|settings| settings.tracks_volume());
		let now_bucket = Self::bucket_of(T::Time::now());
		let page = match after {
			Some(identity) => Volumes::<T>::iter_prefix_from(token, Volumes::<T>::hashed_key_for(token, identity)),
			None => Volumes::<T>::iter_prefix(token),
		};
		// Read the page first: removing keys while iterating them is not defined.
		let page: Vec<(IdentityId, VolumeCounter<T::VolumeBuckets>)> = page.take(limit as usize).collect();
		let examined = page.len() as u32;
		// A full page may have more after it; a short one reached the end.
		let next = if examined < limit { None } else { page.last().map(|(identity, _)| *identity).or(after) };
		let mut removed = Vec::new();
		for (identity, counter) in page {
			if !tracks_volume || counter.is_stale(now_bucket) {
				Volumes::<T>::remove(token, identity);
				removed.push(identity);
			}
		}
		// At most `limit` (<= MaxVolumePrune) were examined, so none is cut off.
		let removed = BoundedVec::truncate_from(removed);
		Self::deposit_event(Event::VolumesPruned { token, removed, next });
		examined
	}

	/// The volume bucket of `now`.
	pub(crate) fn bucket_of(now: Moment) -> u64 {
		now / T::VolumeBucketMs::get().max(1)
	}

	/// What `identity` sent of `token` within the last `window` buckets.
	pub fn sent_within(token: TokenId, identity: IdentityId, window: u32) -> TokenBalance {
		let now_bucket = Self::bucket_of(T::Time::now());
		Volumes::<T>::get(token, identity).map_or(0, |counter| counter.sent_within(now_bucket, window))
	}

	/// Every rule's outcome for a transfer from `from` to `to` now.
	pub fn transfer_report(
		token: TokenId,
		partition: PartitionId,
		from: T::AccountId,
		to: T::AccountId,
		amount: TokenBalance,
	) -> Result<Vec<RuleReport>, TransferFailure> {
		let movement =
			T::Tokens::describe(token, partition, partition, MovementKind::Transfer, Some(from), Some(to), amount)?;
		Ok(Self::report_movement(&movement))
	}

	/// Every holding `token` has (at genesis, before its rules could check the issuances) as
	/// its issuance would have been checked under the token's rules now: the holder's claims,
	/// jurisdiction and investor type, and the limits with the holding counted. Reads every
	/// position: genesis only.
	pub(crate) fn check_genesis_holdings(token: TokenId) -> Result<(), alloc::string::String> {
		for issuance in T::Tokens::holdings_as_issuances(token) {
			if let Err((rule, failure)) = Self::first_failure(&issuance) {
				let holder = issuance.to.as_ref().map(|party| (&party.account, party.identity));
				return Err(alloc::format!(
					"the holding of {} in partition {} by {holder:?} (account, identity) breaks rule {rule}: {failure:?}",
					issuance.amount, issuance.partition,
				));
			}
		}
		Ok(())
	}

	/// Invariants:
	/// - every settings record is well formed: its rules validate, its complexity is their
	///   sum, no identity is exempt twice;
	/// - per token, the holder counts per class are exactly the holders classified under it;
	///   no class count of zero is stored;
	/// - volume counters have the ring's size.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (token, settings) in TokenSettings::<T>::iter() {
			let complexity = Self::validate_rules(token, &settings.rules)
				.map_err(|_| "stored rules do not validate")?;
			ensure!(complexity == settings.complexity, "stored complexity is not the rules' sum");
			ensure!(ensure_distinct::<T, _>(&settings.exempt).is_ok(), "duplicate exemption");
		}
		let mut counted: BTreeMap<(TokenId, HolderClass), u32> = BTreeMap::new();
		for (token, _, classification) in HolderClasses::<T>::iter() {
			for class in classification.classes() {
				*counted.entry((token, class)).or_default() += 1;
			}
		}
		for (token, class, count) in HolderCounts::<T>::iter() {
			ensure!(count > 0, "zero holder count kept");
			ensure!(counted.remove(&(token, class)) == Some(count), "holder count per class mismatch");
		}
		ensure!(counted.is_empty(), "classified holders without a count");
		for (_, _, counter) in Volumes::<T>::iter() {
			ensure!(counter.amounts.len() as u32 == T::VolumeBuckets::get(), "volume ring of the wrong size");
		}
		Ok(())
	}
}

/// No entry twice.
fn ensure_distinct<T: Config, X: PartialEq>(list: &[X]) -> Result<(), Error<T>> {
	for (i, x) in list.iter().enumerate() {
		ensure!(!list[i + 1..].contains(x), Error::<T>::DuplicateEntry);
	}
	Ok(())
}
