//! The state rebuilt from events alone (`docs/ARCHITECTURE.md`, rule 7), and the invariants judged on it
//! at each movement.
//!
//! The model starts from the genesis state (read once: block 0's events are discarded) and
//! then follows only events, in the order they were deposited:
//! - the cap table: every balance by token, partition and wallet, supplies, identity totals
//!   and holders, from security-token `Moved` events;
//! - who is who: wallet links from identity-registry `WalletLinked` / `WalletUnlinked`;
//! - claims (`ClaimAdded` / `ClaimUpdated` / `ClaimRevoked`), chain-wide trusted issuers
//!   (`TrustedIssuerSet` / `TrustedIssuerRemoved`) and tokens' own issuers
//!   (`TokenIssuersSet`): enough to tell whether an identity is verified (a valid KYC
//!   claim of an accepted issuer, in scope, not expired) for a token at any instant;
//! - compliance rules and exemptions (`RulesSet`, `ExemptionsSet`, which carry the whole set).
//!
//! Because it follows the events in order, the model knows the state *at each movement*, also
//! inside one extrinsic that both changes claims or rules and moves tokens (a batch, a
//! multisig or proxy call): the "verified at receipt" and "limits" checks are exact there.
//! One input comes from the chain instead of events: the holder classes (jurisdiction,
//! investor type) an identity is counted under when it starts holding, read from the
//! compliance pallet's `HolderClasses` right after the extrinsic (see [`classify`]); which
//! profile claim gives an identity's jurisdiction is the registry's business (issue 15, defect
//! 2), not the cap table's.
//!
//! At every block's end [`Model::compare`] holds the model against storage: a difference means
//! either that events do not carry what changed, or a defect on one side.

use crate::keys;
use pallet_compliance::{Classification, HolderClass, RuleKind, RuleOf};
use polkadot_sdk::sp_core::U256;
use std::collections::{BTreeMap, BTreeSet};
use sto_primitives::{
	identity::{ClaimScope, ClaimTopic, CountryCode, IdentityId, IdentityProvider, InvestorType, TopicClass},
	token::TokenId,
	token::{MovementKind, PartitionId},
};
use pallet_security_token::TokenStatus;
use sto_runtime::{AccountId, Runtime, RuntimeEvent};

type Registry = pallet_identity_registry::Pallet<Runtime>;

/// Width of a compliance volume bucket in the runtime (ms).
fn bucket_ms() -> u64 {
	<<Runtime as pallet_compliance::Config>::VolumeBucketMs as polkadot_sdk::frame_support::traits::Get<u64>>::get()
}

/// Buckets the runtime keeps per identity.
fn buckets() -> u64 {
	<<Runtime as pallet_compliance::Config>::VolumeBuckets as polkadot_sdk::frame_support::traits::Get<u32>>::get()
		as u64
}

/// The state rebuilt from genesis and events.
#[derive(Clone, Debug, Default)]
pub struct Model {
	/// Balances by (token, partition, wallet) (no zero entries).
	pub balances: BTreeMap<(TokenId, PartitionId, AccountId), u128>,
	/// Identity totals by (token, identity at the time of each movement) (no zero entries).
	pub totals: BTreeMap<(TokenId, IdentityId), u128>,
	pub supplies: BTreeMap<TokenId, u128>,
	pub partition_supplies: BTreeMap<(TokenId, PartitionId), u128>,
	pub identity_of: BTreeMap<AccountId, IdentityId>,
	/// Claims: (subject, topic, issuer, scope) -> expiry (a subject's books: one global, one
	/// per token; scope `None`: global, `Some(token)`: scoped to the token).
	pub claims: BTreeMap<(IdentityId, ClaimTopic, IdentityId, Option<TokenId>), Option<u64>>,
	pub trusted: BTreeMap<IdentityId, Vec<TopicClass>>,
	pub token_issuers: BTreeMap<(TokenId, TopicClass), Vec<IdentityId>>,
	pub rules: BTreeMap<TokenId, Vec<RuleOf<Runtime>>>,
	pub exempt: BTreeMap<TokenId, Vec<IdentityId>>,
	/// Outgoing volume by (token, identity) and bucket, recorded as the runtime records it
	/// (trading movements between identities, while the token has a volume rule).
	pub volumes: BTreeMap<(TokenId, IdentityId), BTreeMap<u64, u128>>,
	/// The classes each holder identity is counted under.
	pub classes: BTreeMap<(TokenId, IdentityId), Classification>,
	/// Each token's state as far as it governs movements.
	pub tokens: BTreeMap<TokenId, TokenState>,
	/// Wallets frozen per token.
	pub frozen: BTreeSet<(TokenId, AccountId)>,
	/// Custody mandates by (investor, custodian, token).
	pub mandates: BTreeMap<(IdentityId, IdentityId, TokenId), MandateState>,
	/// Mandates a token authority suspended and did not resume: a suspension survives the
	/// investor's revoke and grant (issue 15, defect 4).
	pub suspended: BTreeSet<(IdentityId, IdentityId, TokenId)>,
	/// The settlement leg just moved (its `LegSettled` follows): token, partition, sender,
	/// amount.
	pending_leg: Option<(TokenId, PartitionId, AccountId, u128)>,
	/// What the per-movement checks saw.
	pub stats: MovementStats,
}

/// What of a token governs its movements: status, pause, issuance, partitions' rights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenState {
	pub status: TokenStatus,
	pub paused: bool,
	pub issuance_finished: bool,
	/// Whether each partition's tokens may be transferred by holders.
	pub transferable: Vec<bool>,
}

impl TokenState {
	fn of(details: &pallet_security_token::TokenDetailsOf<Runtime>) -> Self {
		Self {
			status: details.status,
			paused: details.paused,
			issuance_finished: details.issuance_finished,
			transferable: details.partitions.iter().map(|partition| partition.rights.transferable).collect(),
		}
	}
}

/// A custody mandate as its events describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MandateState {
	pub partition: Option<PartitionId>,
	pub cap: u128,
	pub consumed: u128,
	pub expiry: Option<u64>,
}

/// Counters of the movements the model judged.
#[derive(Clone, Debug, Default)]
pub struct MovementStats {
	/// `Moved` events by kind.
	pub moved: BTreeMap<String, u64>,
	/// Receipts by another identity (judged "verified at receipt").
	pub receipts: u64,
	/// Limit checks that applied (the movement increased what the limit limits), by rule kind.
	pub limits_checked: BTreeMap<&'static str, u64>,
}

impl Model {
	/// The model of the current (genesis) state. Inside the externalities.
	pub fn from_chain() -> Self {
		let mut model = Model::default();
		for (identity, token, position) in pallet_security_token::Positions::<Runtime>::iter() {
			for holding in position.holdings.iter().filter(|holding| holding.balance > 0) {
				model.credit(token, holding.partition, &holding.account, identity, holding.balance);
			}
		}
		for (_, token, position) in pallet_security_token::Positions::<Runtime>::iter() {
			for account in position.frozen_accounts {
				model.frozen.insert((token, account));
			}
		}
		model.tokens = pallet_security_token::Tokens::<Runtime>::iter().map(|(id, details)| (id, TokenState::of(&details))).collect();
		for (key, mandate) in pallet_custody::Mandates::<Runtime>::iter() {
			if mandate.suspended {
				model.suspended.insert(key);
			}
			model.mandates.insert(
				key,
				MandateState { partition: mandate.partition, cap: mandate.cap, consumed: mandate.consumed, expiry: mandate.expiry },
			);
		}
		model.identity_of = pallet_identity_registry::IdentityOf::<Runtime>::iter().collect();
		model.claims = chain_claims();
		for (issuer, classes) in pallet_identity_registry::TrustedIssuers::<Runtime>::get() {
			model.trusted.insert(issuer, classes.into_inner());
		}
		for (token, class, issuers) in pallet_identity_registry::TokenIssuers::<Runtime>::iter() {
			model.token_issuers.insert((token, class), issuers.into_inner());
		}
		for (token, settings) in pallet_compliance::TokenSettings::<Runtime>::iter() {
			model.rules.insert(token, settings.rules.into_inner());
			model.exempt.insert(token, settings.exempt.into_inner());
		}
		model.classes = pallet_compliance::HolderClasses::<Runtime>::iter().map(|(t, i, c)| ((t, i), c)).collect();
		for (token, identity, counter) in pallet_compliance::Volumes::<Runtime>::iter() {
			let size = buckets();
			let amounts: BTreeMap<u64, u128> = (0..size.min(counter.last + 1))
				.map(|back| counter.last - back)
				.filter_map(|bucket| {
					let amount = counter.amounts.get((bucket % size) as usize).copied().unwrap_or(0);
					(amount > 0).then_some((bucket, amount))
				})
				.collect();
			model.volumes.insert((token, identity), amounts);
		}
		model
	}

	fn credit(&mut self, token: TokenId, partition: PartitionId, account: &AccountId, identity: IdentityId, amount: u128) {
		*self.balances.entry((token, partition, account.clone())).or_default() += amount;
		*self.totals.entry((token, identity)).or_default() += amount;
		*self.supplies.entry(token).or_default() += amount;
		*self.partition_supplies.entry((token, partition)).or_default() += amount;
	}

	fn debit(
		&mut self,
		token: TokenId,
		partition: PartitionId,
		account: &AccountId,
		identity: IdentityId,
		amount: u128,
	) -> Result<(), String> {
		let short = |what: &str| format!("`Moved` takes {amount} of token {token} partition {partition} from {} beyond its {what}", keys::name(account));
		take(&mut self.balances, (token, partition, account.clone()), amount).map_err(|_| short("balance"))?;
		take(&mut self.totals, (token, identity), amount).map_err(|_| short("identity total"))?;
		take(&mut self.supplies, token, amount).map_err(|_| short("token's supply"))?;
		take(&mut self.partition_supplies, (token, partition), amount).map_err(|_| short("partition's supply"))?;
		Ok(())
	}

	/// Identities holding `token`.
	pub fn holders(&self, token: TokenId) -> u32 {
		self.totals.range((token, 0)..=(token, IdentityId::MAX)).count() as u32
	}

	fn total(&self, token: TokenId, identity: IdentityId) -> u128 {
		self.totals.get(&(token, identity)).copied().unwrap_or(0)
	}

	fn class_count(&self, token: TokenId, class: &HolderClass) -> u32 {
		self.classes
			.range((token, 0)..=(token, IdentityId::MAX))
			.filter(|(_, classification)| classification.contains(class))
			.count() as u32
	}

	/// Whether `issuer` is accepted for `class` on `token`: trusted chain-wide for the class,
	/// or named by the token.
	fn accepts(&self, token: TokenId, class: TopicClass, issuer: IdentityId) -> bool {
		self.trusted.get(&issuer).is_some_and(|classes| classes.contains(&class)) ||
			self.token_issuers.get(&(token, class)).is_some_and(|issuers| issuers.contains(&issuer))
	}

	/// Whether `identity` is verified for `token` at `now`: a KYC claim of an accepted issuer,
	/// covering the token, not expired.
	pub fn verified(&self, identity: IdentityId, token: TokenId, now: u64) -> bool {
		self.claims
			.range((identity, ClaimTopic::Kyc, 0, None)..=(identity, ClaimTopic::Kyc, IdentityId::MAX, Some(TokenId::MAX)))
			.any(|((_, _, issuer, scope), expiry)| {
				scope.is_none_or(|scope| scope == token) &&
					expiry.is_none_or(|expiry| now < expiry) &&
					self.accepts(token, TopicClass::Kyc, *issuer)
			})
	}

	/// The profile `identity`'s claims give at `now` (`token` `None`: chain-wide, from global
	/// claims of chain-trusted issuers; `Some`: from every claim that counts for the token):
	/// the countries its jurisdiction may be (one of the valid claims'; the registry takes
	/// the latest issued) and its highest investor category.
	fn profile(&self, identity: IdentityId, token: Option<TokenId>, now: u64) -> (BTreeSet<CountryCode>, Option<InvestorType>) {
		let counted = self
			.claims
			.range((identity, ClaimTopic::Kyc, 0, None)..=(identity, ClaimTopic::Custom(u32::MAX), IdentityId::MAX, Some(TokenId::MAX)))
			.filter(|((_, topic, issuer, scope), expiry)| {
				expiry.is_none_or(|expiry| now < expiry) &&
					match token {
						None => scope.is_none() && self.trusted.get(issuer).is_some_and(|classes| classes.contains(&topic.class())),
						Some(token) => scope.is_none_or(|scope| scope == token) && self.accepts(token, topic.class(), *issuer),
					}
			})
			.map(|((_, topic, _, _), _)| *topic);
		let mut countries = BTreeSet::new();
		let mut best = None;
		for topic in counted {
			if let ClaimTopic::Jurisdiction(country) = topic {
				countries.insert(country);
			}
			best = best.max(topic.investor_type());
		}
		(countries, best)
	}

	fn exempt(&self, token: TokenId, identity: IdentityId) -> bool {
		self.exempt.get(&token).is_some_and(|exempt| exempt.contains(&identity))
	}

	fn tracks_volume(&self, token: TokenId) -> bool {
		self.rules.get(&token).is_some_and(|rules| rules.iter().any(|rule| matches!(rule.kind, RuleKind::VolumeLimit { .. })))
	}

	/// What `identity` sent of `token` in the `window` buckets ending with `now`'s.
	pub fn sent_within(&self, token: TokenId, identity: IdentityId, window: u32, now: u64) -> u128 {
		let now_bucket = now / bucket_ms();
		let window = (window as u64).min(buckets());
		self.volumes.get(&(token, identity)).map_or(0, |amounts| {
			amounts
				.range(now_bucket.saturating_sub(window.saturating_sub(1))..=now_bucket)
				.filter(|(bucket, _)| now_bucket - **bucket < window)
				.map(|(_, amount)| *amount)
				.sum()
		})
	}

	/// The profile: chain-wide, an identity's jurisdiction is the country of one of its valid
	/// global jurisdiction claims from issuers trusted chain-wide for jurisdictions (none
	/// without such a claim), its investor type the highest of its valid global claims from
	/// issuers trusted chain-wide for that type (issue 15, defect 2: token-scoped claims
	/// count only for their token). For a token: the chain-wide answer when there is one,
	/// else the same over every claim that counts for the token (global or scoped to it, by
	/// an issuer the token accepts: trusted chain-wide or named by the token).
	pub fn check_profiles(&self, tokens: &BTreeSet<TokenId>, now: u64) -> Result<(), String> {
		for identity in pallet_identity_registry::Identities::<Runtime>::iter_keys().filter(|_| !crate::checks::skipped("profile")) {
			let (countries, best) = self.profile(identity, None, now);
			let jurisdiction = Registry::jurisdiction(identity, None, now);
			let investor_type = Registry::investor_type(identity, None, now);
			let name = |country: &CountryCode| String::from_utf8_lossy(&country.0).into_owned();
			let fits = |jurisdiction: Option<CountryCode>, countries: &BTreeSet<CountryCode>| match jurisdiction {
				Some(country) => countries.contains(&country),
				None => countries.is_empty(),
			};
			if !fits(jurisdiction, &countries) {
				let countries: Vec<String> = countries.iter().map(name).collect();
				return Err(format!(
					"identity {identity}: jurisdiction() is {:?}; its valid global jurisdiction claims from chain-trusted issuers name {countries:?}",
					jurisdiction.as_ref().map(name)
				));
			}
			if investor_type != best {
				return Err(format!(
					"identity {identity}: investor_type() is {investor_type:?}; its best valid global claim from a chain-trusted issuer is {best:?}"
				));
			}
			for token in tokens {
				let (token_countries, token_best) = match (jurisdiction, investor_type) {
					(Some(_), Some(_)) => continue,
					_ => self.profile(identity, Some(*token), now),
				};
				let (countries, chain_jurisdiction) = match jurisdiction {
					Some(country) => (BTreeSet::from([country]), Registry::jurisdiction(identity, Some(*token), now)),
					None => (token_countries, Registry::jurisdiction(identity, Some(*token), now)),
				};
				if !fits(chain_jurisdiction, &countries) {
					let countries: Vec<String> = countries.iter().map(name).collect();
					return Err(format!(
						"identity {identity} on token {token}: jurisdiction() is {:?}; the claims that count for the token name {countries:?}",
						chain_jurisdiction.as_ref().map(name)
					));
				}
				let expected = investor_type.or(token_best);
				let chain_type = Registry::investor_type(identity, Some(*token), now);
				if chain_type != expected {
					return Err(format!(
						"identity {identity} on token {token}: investor_type() is {chain_type:?}; the claims that count for the token give {expected:?}"
					));
				}
			}
		}
		Ok(())
	}

	/// Follow one event deposited at block time `now`. `Err` names a broken invariant.
	/// Inside the externalities, right after the extrinsic that deposited it (see [`classify`]).
	pub fn on_event(&mut self, event: &RuntimeEvent, now: u64) -> Result<(), String> {
		use pallet_compliance::Event as Compliance;
		use pallet_identity_registry::Event as Identity;
		use pallet_security_token::Event as Token;
		match event {
			RuntimeEvent::SecurityToken(Token::Moved { token, partition, to_partition, from, to, amount, kind, .. }) =>
				self.on_moved(*token, *partition, *to_partition, from.as_ref(), to.as_ref(), *amount, *kind, now)?,
			RuntimeEvent::SecurityToken(event) => self.on_token_event(event)?,
			RuntimeEvent::IdentityRegistry(event) => match event {
				Identity::WalletLinked { identity, wallet } => {
					if let Some(other) = self.identity_of.insert(wallet.clone(), *identity) {
						return Err(format!("{} linked to identity {identity} while linked to {other}", keys::name(wallet)));
					}
				},
				#[allow(clippy::collapsible_match)]
				Identity::WalletUnlinked { identity, wallet } => {
					if self.identity_of.remove(wallet) != Some(*identity) {
						return Err(format!("{} unlinked from identity {identity}, which it was not linked to", keys::name(wallet)));
					}
				},
				Identity::ClaimAdded { subject, topic, issuer, scope, expiry, .. } |
				Identity::ClaimUpdated { subject, topic, issuer, scope, expiry, .. } => {
					self.claims.insert((*subject, *topic, *issuer, scoped(*scope)), *expiry);
				},
				Identity::ClaimRevoked { subject, topic, issuer, scope } => {
					self.claims.remove(&(*subject, *topic, *issuer, scoped(*scope)));
				},
				Identity::TrustedIssuerSet { issuer, topics } => {
					self.trusted.insert(*issuer, topics.clone().into_inner());
				},
				Identity::TrustedIssuerRemoved { issuer } => {
					self.trusted.remove(issuer);
				},
				Identity::TokenIssuersSet { token, topic, issuers } =>
					if issuers.is_empty() {
						self.token_issuers.remove(&(*token, *topic));
					} else {
						self.token_issuers.insert((*token, *topic), issuers.clone().into_inner());
					},
				_ => {},
			},
			RuntimeEvent::Custody(event) => self.on_custody_event(event, now)?,
			RuntimeEvent::Compliance(Compliance::RulesSet { token, rules, .. }) => {
				self.rules.insert(*token, rules.clone().into_inner());
			},
			RuntimeEvent::Compliance(Compliance::ExemptionsSet { token, exempt }) => {
				self.exempt.insert(*token, exempt.clone().into_inner());
			},
			RuntimeEvent::Compliance(Compliance::VolumesPruned { token, removed, .. }) => self.on_pruned(*token, removed, now)?,
			_ => {},
		}
		Ok(())
	}

	/// `VolumesPruned`: the event names the identities whose counters of `token` went. Each must
	/// be one no rule reads (every counter while the token has no volume rule, else one with
	/// nothing sent within the longest window) and gone from storage; and no counter the model
	/// holds may have gone without being named.
	fn on_pruned(&mut self, token: TokenId, removed: &[IdentityId], now: u64) -> Result<(), String> {
		let now_bucket = now / bucket_ms();
		let tracks = self.tracks_volume(token);
		for identity in removed {
			if pallet_compliance::Volumes::<Runtime>::contains_key(token, identity) {
				return Err(format!("VolumesPruned names identity {identity} on token {token}, whose counter is still stored"));
			}
			let amounts = self.volumes.remove(&(token, *identity)).unwrap_or_default();
			let live = amounts.iter().any(|(bucket, amount)| *amount > 0 && now_bucket < bucket + buckets());
			if tracks && live {
				return Err(format!(
					"prune_volumes removed the counter of identity {identity} on token {token}, which the volume rule still reads: {amounts:?} (bucket now {now_bucket})"
				));
			}
		}
		let unnamed: Vec<IdentityId> = self
			.volumes
			.keys()
			.filter(|(t, identity)| *t == token && !pallet_compliance::Volumes::<Runtime>::contains_key(token, identity))
			.map(|(_, identity)| *identity)
			.collect();
		if !unnamed.is_empty() {
			return Err(format!("counters of identities {unnamed:?} on token {token} went without VolumesPruned naming them"));
		}
		Ok(())
	}

	/// Mandates granted, revoked, suspended, resumed; settled legs judged against them.
	fn on_custody_event(&mut self, event: &pallet_custody::Event<Runtime>, now: u64) -> Result<(), String> {
		use pallet_custody::Event as Custody;
		match event {
			Custody::MandateGranted { investor, custodian, token, partition, cap, expiry } => {
				let mandate = MandateState { partition: *partition, cap: *cap, consumed: 0, expiry: *expiry };
				self.mandates.insert((*investor, *custodian, *token), mandate);
			},
			Custody::MandateRevoked { investor, custodian, token } => {
				self.mandates.remove(&(*investor, *custodian, *token));
			},
			Custody::MandateSuspended { investor, custodian, token } => {
				self.suspended.insert((*investor, *custodian, *token));
			},
			Custody::MandateResumed { investor, custodian, token } => {
				self.suspended.remove(&(*investor, *custodian, *token));
			},
			Custody::LegSettled { custodian, investor, mandate_remaining, leg, .. } => {
				let (token, partition, from, amount) = self
					.pending_leg
					.take()
					.ok_or_else(|| format!("leg {leg} of custodian {custodian} settled without a settlement movement"))?;
				let sender = self.identity_of.get(&from).copied();
				let Some(remaining) = mandate_remaining else {
					// The custodian's own inventory.
					if sender != Some(*custodian) {
						return Err(format!(
							"leg {leg}: {} (identity {sender:?}) sent {amount} of token {token} without a mandate, not being custodian {custodian}",
							keys::name(&from)
						));
					}
					return Ok(());
				};
				let key = (*investor, *custodian, token);
				let why = if sender != Some(*investor) {
					Some(format!("the sender is identity {sender:?}, not the investor"))
				} else if self.suspended.contains(&key) && !crate::checks::skipped("mandate_suspension") {
					Some("the mandate is suspended (a suspension survives revoke and grant)".into())
				} else {
					match self.mandates.get_mut(&key) {
						None => Some("no mandate".into()),
						Some(mandate) if mandate.expiry.is_some_and(|expiry| now >= expiry) => Some("the mandate expired".into()),
						Some(mandate) if mandate.partition.is_some_and(|covered| covered != partition) =>
							Some(format!("the mandate covers partition {:?}, not {partition}", mandate.partition)),
						Some(mandate) if mandate.consumed.saturating_add(amount) > mandate.cap =>
							Some(format!("the mandate has {} left", mandate.cap - mandate.consumed)),
						Some(mandate) => {
							mandate.consumed += amount;
							(mandate.cap - mandate.consumed != *remaining)
								.then(|| format!("the event says {remaining} remain, the mandate's events {}", mandate.cap - mandate.consumed))
						},
					}
				};
				if let Some(why) = why {
					return Err(format!(
						"leg {leg}: {amount} of token {token} partition {partition} from {} settled by custodian {custodian} under investor {investor}'s mandate: {why}",
						keys::name(&from)
					));
				}
			},
			_ => {},
		}
		Ok(())
	}

	/// A token's state changed (other than by a movement).
	fn on_token_event(&mut self, event: &pallet_security_token::Event<Runtime>) -> Result<(), String> {
		use pallet_security_token::Event as Token;
		fn token<'m>(tokens: &'m mut BTreeMap<TokenId, TokenState>, id: &TokenId) -> Result<&'m mut TokenState, String> {
			tokens.get_mut(id).ok_or_else(|| format!("an event about token {id}, which no event created"))
		}
		match event {
			Token::TokenCreated { token: id, .. } => {
				let created = TokenState { status: TokenStatus::Draft, paused: false, issuance_finished: false, transferable: vec![] };
				if self.tokens.insert(*id, created).is_some() {
					return Err(format!("token {id} created twice"));
				}
			},
			Token::StatusChanged { token: id, status } => token(&mut self.tokens, id)?.status = *status,
			Token::PauseSet { token: id, paused } => token(&mut self.tokens, id)?.paused = *paused,
			Token::IssuanceFinished { token: id } => token(&mut self.tokens, id)?.issuance_finished = true,
			Token::PartitionAdded { token: id, partition, rights, .. } => {
				let state = token(&mut self.tokens, id)?;
				if *partition as usize != state.transferable.len() {
					return Err(format!("token {id}: partition {partition} added after {} partitions", state.transferable.len()));
				}
				state.transferable.push(rights.transferable);
			},
			Token::PartitionRightsSet { token: id, partition, rights } => {
				let state = token(&mut self.tokens, id)?;
				let slot = state
					.transferable
					.get_mut(*partition as usize)
					.ok_or_else(|| format!("token {id}: rights of partition {partition}, which no event added"))?;
				*slot = rights.transferable;
			},
			Token::AccountFrozen { token: id, account } => {
				self.frozen.insert((*id, account.clone()));
			},
			Token::AccountUnfrozen { token: id, account } => {
				self.frozen.remove(&(*id, account.clone()));
			},
			_ => {},
		}
		Ok(())
	}

	/// Whether the token's state allowed a movement of `kind` (the transfer agent's forced
	/// moves ignore pause, halt, freezes and transferability; a kind this model does not know
	/// is not judged).
	fn policy_allows(&self, token: TokenId, partition: PartitionId, from: Option<&AccountId>, to: Option<&AccountId>, kind: MovementKind) -> Result<(), String> {
		use MovementKind::*;
		let state = self.tokens.get(&token).ok_or_else(|| format!("a movement of token {token}, which no event created"))?;
		let forced = kind == Controller;
		let wanted: &[TokenStatus] = match kind {
			Issue | Reclassify => &[TokenStatus::Issuing, TokenStatus::Active],
			Transfer | Operator | Settlement | Redeem => &[TokenStatus::Active],
			Controller => &[TokenStatus::Draft, TokenStatus::Issuing, TokenStatus::Active, TokenStatus::Halted],
			#[allow(unreachable_patterns)]
			_ => return Ok(()),
		};
		if !wanted.contains(&state.status) {
			return Err(format!("a {kind:?} movement while the token is {:?}", state.status));
		}
		if kind == Issue && state.issuance_finished {
			return Err("an issuance after issuance finished".into());
		}
		if forced {
			return Ok(());
		}
		if state.paused {
			return Err(format!("a {kind:?} movement while the token is paused"));
		}
		for account in [from, to].into_iter().flatten() {
			if self.frozen.contains(&(token, account.clone())) {
				return Err(format!("a {kind:?} movement of {}, frozen for the token", keys::name(account)));
			}
		}
		let holder_move = from.is_some() && to.is_some() && kind != Reclassify;
		if holder_move && !state.transferable.get(partition as usize).copied().unwrap_or(false) {
			return Err(format!("a {kind:?} movement out of partition {partition}, which is not transferable"));
		}
		Ok(())
	}

	/// A movement: judge it on the state just before it, then apply it.
	#[allow(clippy::too_many_arguments)]
	fn on_moved(
		&mut self,
		token: TokenId,
		partition: PartitionId,
		to_partition: PartitionId,
		from: Option<&AccountId>,
		to: Option<&AccountId>,
		amount: u128,
		kind: MovementKind,
		now: u64,
	) -> Result<(), String> {
		*self.stats.moved.entry(format!("{kind:?}")).or_default() += 1;
		if kind == MovementKind::Settlement {
			if let Some(from) = from {
				if self.pending_leg.replace((token, partition, from.clone(), amount)).is_some() {
					return Err("a settlement movement without its LegSettled".into());
				}
			}
		}
		let identity = |account: &AccountId, side: &str| {
			self.identity_of
				.get(account)
				.copied()
				.ok_or_else(|| format!("`Moved` ({kind:?}) {side} {}, a wallet of no identity", keys::name(account)))
		};
		let from_id = from.map(|account| identity(account, "from")).transpose()?;
		let to_id = to.map(|account| identity(account, "to")).transpose()?;
		// Tokens reach another identity (issuance included).
		let receipt = to_id.filter(|receiver| from_id != Some(*receiver));
		let describe = || {
			format!(
				"{kind:?} of {amount} of token {token} (partition {partition}->{to_partition}) from {} to {}",
				from.map_or("-".into(), keys::name),
				to.map_or("-".into(), keys::name)
			)
		};

		// The token's state allowed the movement.
		self.policy_allows(token, partition, from, to, kind).map_err(|why| format!("{why}: {}", describe()))?;

		// Identity before ownership: the receiver is verified at the time of receipt.
		if let Some(receiver) = receipt {
			self.stats.receipts += 1;
			if !self.verified(receiver, token, now) {
				return Err(format!("identity {receiver} received tokens while not verified for token {token}: {}", describe()));
			}
		}

		let holders_before = self.holders(token);
		let receiver_before = receipt.map_or(0, |receiver| self.total(token, receiver));
		if let (Some(account), Some(identity)) = (from, from_id) {
			self.debit(token, partition, account, identity, amount)?;
		}
		if let (Some(account), Some(identity)) = (to, to_id) {
			self.credit(token, to_partition, account, identity, amount);
		}
		// Holder classes, as the compliance pallet keeps them: a crossing movement uncounts a
		// sender that stops holding and counts a receiver that starts.
		let crosses = from_id.is_none() || to_id.is_none() || from_id != to_id;
		let mut class_before = BTreeMap::new();
		if crosses {
			let joined = receipt.filter(|_| receiver_before == 0).map(|receiver| (receiver, classify(token, receiver, now)));
			if let Some((_, classification)) = &joined {
				for class in classification.classes() {
					class_before.insert(class, self.class_count(token, &class));
				}
			}
			if let Some(sender) = from_id {
				if self.total(token, sender) == 0 {
					self.classes.remove(&(token, sender));
				}
			}
			if let Some((receiver, classification)) = joined {
				if classification != Classification::default() {
					self.classes.insert((token, receiver), classification);
				}
			}
		}

		// Limits: each binds the movements that increase what it limits, for a receiver that
		// is not exempt (grandfathering).
		let rules = self.rules.get(&token).cloned().unwrap_or_default();
		if let Some(receiver) = receipt.filter(|receiver| !self.exempt(token, *receiver)) {
			let after = self.total(token, receiver);
			let supply = self.supplies.get(&token).copied().unwrap_or(0);
			let holders = self.holders(token);
			for rule in &rules {
				let broken = match &rule.kind {
					RuleKind::MaxHolders(limit) if holders > holders_before => {
						self.note("MaxHolders");
						(holders > *limit).then(|| format!("{holders} holders, the limit is {limit}"))
					},
					RuleKind::MaxHoldersIn { class, limit } if class_before.contains_key(class) => {
						let count = self.class_count(token, class);
						if count > class_before[class] {
							self.note("MaxHoldersIn");
							(count > *limit).then(|| format!("{count} holders in {class:?}, the limit is {limit}"))
						} else {
							None
						}
					},
					RuleKind::MaxBalance(limit) => {
						self.note("MaxBalance");
						(after > *limit).then(|| format!("identity {receiver} holds {after}, the limit is {limit}"))
					},
					RuleKind::MaxOwnership(share) => {
						self.note("MaxOwnership");
						let over = U256::from(after) * U256::from(pallet_compliance::PARTS_PER_MILLION) >
							U256::from(supply) * U256::from(*share);
						over.then(|| format!("identity {receiver} holds {after} of {supply}, the limit is {share} ppm"))
					},
					_ => None,
				};
				if let Some(broken) = broken {
					return Err(format!("a limit is left violated: {broken}, after {}", describe()));
				}
			}
		}

		// Volumes: recorded for trading movements between identities while the token limits
		// volumes, and bound by each volume limit for a sender that is not exempt.
		let trading = matches!(kind, MovementKind::Transfer | MovementKind::Operator | MovementKind::Settlement);
		if let (true, Some(sender), Some(_)) = (trading && crosses, from_id, to_id) {
			if self.tracks_volume(token) {
				*self.volumes.entry((token, sender)).or_default().entry(now / bucket_ms()).or_default() += amount;
			}
			if !self.exempt(token, sender) {
				for rule in &rules {
					if let RuleKind::VolumeLimit { window, max } = rule.kind {
						self.note("VolumeLimit");
						let sent = self.sent_within(token, sender, window, now);
						if sent > max {
							return Err(format!(
								"a limit is left violated: identity {sender} sent {sent} within {window} buckets, the limit is {max}, after {}",
								describe()
							));
						}
					}
				}
			}
		}
		Ok(())
	}

	fn note(&mut self, rule: &'static str) {
		*self.stats.limits_checked.entry(rule).or_default() += 1;
	}

	/// Hold the model against storage at block time `now`. Inside the externalities.
	pub fn compare(&self, now: u64) -> Result<(), String> {
		use pallet_security_token::{Positions, Tokens};
		// The cap table.
		let mut balances = BTreeMap::new();
		let mut totals = BTreeMap::new();
		for (identity, token, position) in Positions::<Runtime>::iter() {
			for holding in position.holdings.iter().filter(|holding| holding.balance > 0) {
				balances.insert((token, holding.partition, holding.account.clone()), holding.balance);
			}
			if position.total > 0 {
				totals.insert((token, identity), position.total);
			}
		}
		same("balance (token, partition, wallet)", &self.balances, &balances)?;
		same("identity total (token, identity)", &self.totals, &totals)?;
		for (token, details) in Tokens::<Runtime>::iter() {
			let supply = self.supplies.get(&token).copied().unwrap_or(0);
			if supply != details.total_supply {
				return Err(format!("token {token}: events say a supply of {supply}, storage {}", details.total_supply));
			}
			for (index, partition) in details.partitions.iter().enumerate() {
				let rebuilt = self.partition_supplies.get(&(token, index as PartitionId)).copied().unwrap_or(0);
				if rebuilt != partition.supply {
					return Err(format!("token {token} partition {index}: events say a supply of {rebuilt}, storage {}", partition.supply));
				}
			}
			if self.holders(token) != details.holder_count {
				return Err(format!("token {token}: events say {} holders, storage {}", self.holders(token), details.holder_count));
			}
		}
		let states: BTreeMap<_, _> = Tokens::<Runtime>::iter().map(|(id, details)| (id, TokenState::of(&details))).collect();
		same("token state (status, pause, issuance, transferable partitions)", &self.tokens, &states)?;
		let frozen: BTreeSet<(TokenId, AccountId)> = Positions::<Runtime>::iter()
			.flat_map(|(_, token, position)| position.frozen_accounts.into_iter().map(move |account| (token, account)))
			.collect();
		if frozen != self.frozen {
			let events: Vec<_> = self.frozen.difference(&frozen).map(|(t, a)| (t, keys::name(a))).collect();
			let storage: Vec<_> = frozen.difference(&self.frozen).map(|(t, a)| (t, keys::name(a))).collect();
			return Err(format!("frozen wallets: only by events {events:?}, only in storage {storage:?}"));
		}
		let tokens: BTreeSet<TokenId> = Tokens::<Runtime>::iter_keys().collect();
		if let Some(token) = self.supplies.iter().find(|(token, supply)| **supply > 0 && !tokens.contains(token)) {
			return Err(format!("events give a supply to token {}, which storage does not have", token.0));
		}

		// Identities, claims and issuers.
		let identity_of: BTreeMap<_, _> = pallet_identity_registry::IdentityOf::<Runtime>::iter().collect();
		same("wallet link (wallet -> identity)", &self.identity_of, &identity_of)?;
		same("claim (subject, topic, issuer, scope) -> expiry", &self.claims, &chain_claims())?;
		let trusted: BTreeMap<_, _> = pallet_identity_registry::TrustedIssuers::<Runtime>::get()
			.into_iter()
			.map(|(issuer, classes)| (issuer, classes.into_inner()))
			.collect();
		same("trusted issuer (issuer -> classes)", &self.trusted, &trusted)?;
		let token_issuers: BTreeMap<_, _> = pallet_identity_registry::TokenIssuers::<Runtime>::iter()
			.map(|(token, class, issuers)| ((token, class), issuers.into_inner()))
			.collect();
		same("token issuer ((token, class) -> issuers)", &self.token_issuers, &token_issuers)?;
		for identity in pallet_identity_registry::Identities::<Runtime>::iter_keys() {
			for token in &tokens {
				let chain = Registry::is_verified(identity, Some(*token), now);
				if chain != self.verified(identity, *token, now) {
					return Err(format!(
						"identity {identity} on token {token}: the registry says verified = {chain}, the claims the events carry say {}",
						!chain
					));
				}
			}
		}

		self.check_profiles(&tokens, now)?;

		// Custody mandates.
		let mut mandates = BTreeMap::new();
		for (key, mandate) in pallet_custody::Mandates::<Runtime>::iter() {
			if mandate.suspended != self.suspended.contains(&key) && !crate::checks::skipped("mandate_suspension") {
				return Err(format!(
					"mandate {key:?} (investor, custodian, token): suspended is {} in storage, {} by the events (a suspension survives revoke and grant)",
					mandate.suspended,
					!mandate.suspended
				));
			}
			mandates.insert(
				key,
				MandateState { partition: mandate.partition, cap: mandate.cap, consumed: mandate.consumed, expiry: mandate.expiry },
			);
		}
		same("custody mandate (investor, custodian, token)", &self.mandates, &mandates)?;

		// Compliance.
		for (token, settings) in pallet_compliance::TokenSettings::<Runtime>::iter() {
			if self.rules.get(&token).map(Vec::as_slice).unwrap_or_default() != settings.rules.as_slice() {
				return Err(format!("token {token}: the rules the events carry differ from storage"));
			}
			if self.exempt.get(&token).map(Vec::as_slice).unwrap_or_default() != settings.exempt.as_slice() {
				return Err(format!("token {token}: the exemptions the events carry differ from storage"));
			}
		}
		let classes: BTreeMap<_, _> =
			pallet_compliance::HolderClasses::<Runtime>::iter().map(|(t, i, c)| ((t, i), c)).collect();
		same("holder classes (token, identity)", &self.classes, &classes)?;
		let mut counts: BTreeMap<(TokenId, HolderClass), u32> = BTreeMap::new();
		for ((token, _), classification) in &self.classes {
			for class in classification.classes() {
				*counts.entry((*token, class)).or_default() += 1;
			}
		}
		let chain_counts: BTreeMap<_, _> =
			pallet_compliance::HolderCounts::<Runtime>::iter().map(|(t, c, n)| ((t, c), n)).collect();
		same("holder count (token, class)", &counts, &chain_counts)?;
		let mut volume_keys: BTreeSet<(TokenId, IdentityId)> = self.volumes.keys().copied().collect();
		volume_keys.extend(pallet_compliance::Volumes::<Runtime>::iter_keys());
		for (token, identity) in volume_keys {
			for window in [1, buckets() as u32] {
				let chain = pallet_compliance::Pallet::<Runtime>::sent_within(token, identity, window);
				let rebuilt = self.sent_within(token, identity, window, now);
				if chain != rebuilt {
					return Err(format!(
						"token {token}, identity {identity}: sent {chain} within {window} buckets by storage, {rebuilt} by the events"
					));
				}
			}
		}
		Ok(())
	}
}

/// Subtract `amount` from `map[key]` (no entry: zero), removing a zero.
fn take<K: Ord>(map: &mut BTreeMap<K, u128>, key: K, amount: u128) -> Result<(), ()> {
	let slot = map.get_mut(&key).ok_or(())?;
	*slot = slot.checked_sub(amount).ok_or(())?;
	if *slot == 0 {
		map.remove(&key);
	}
	Ok(())
}

/// A claim scope as a key: `None` global, `Some(token)` scoped to the token.
pub fn scoped(scope: ClaimScope) -> Option<TokenId> {
	match scope {
		ClaimScope::Global => None,
		ClaimScope::Token(token) => Some(token),
	}
}

/// Every claim in storage.
fn chain_claims() -> BTreeMap<(IdentityId, ClaimTopic, IdentityId, Option<TokenId>), Option<u64>> {
	let mut claims = BTreeMap::new();
	let global = pallet_identity_registry::Claims::<Runtime>::iter().map(|(subject, book)| (subject, ClaimScope::Global, book));
	let of_tokens = pallet_identity_registry::TokenClaims::<Runtime>::iter()
		.map(|(subject, token, book)| (subject, ClaimScope::Token(token), book));
	for (subject, book_scope, book) in global.chain(of_tokens) {
		for (topic, issuer, record) in book.claims {
			// A claim lies in the book of its scope (else a key no event makes).
			let scope = if record.scope == book_scope { scoped(record.scope) } else { Some(TokenId::MAX) };
			claims.insert((subject, topic, issuer, scope), record.expiry);
		}
	}
	claims
}

/// The classes `identity`, which starts holding `token` in the extrinsic just applied, is
/// counted under: the compliance pallet's record when it still holds; otherwise (it held only
/// within the extrinsic) its profile now.
pub fn classify(token: TokenId, identity: IdentityId, now: u64) -> Classification {
	if let Some(classification) = pallet_compliance::HolderClasses::<Runtime>::get(token, identity) {
		return classification;
	}
	if pallet_security_token::Positions::<Runtime>::get(identity, token).is_some_and(|position| position.total > 0) {
		return Classification::default();
	}
	Classification {
		jurisdiction: Registry::jurisdiction(identity, Some(token), now),
		investor_type: Registry::investor_type(identity, Some(token), now),
	}
}

/// `Ok` when `rebuilt` (from events) and `stored` agree; else the first differences.
fn same<K: Ord + std::fmt::Debug, V: PartialEq + std::fmt::Debug>(
	what: &str,
	rebuilt: &BTreeMap<K, V>,
	stored: &BTreeMap<K, V>,
) -> Result<(), String> {
	if rebuilt == stored {
		return Ok(());
	}
	let mut differences = Vec::new();
	for (key, value) in rebuilt {
		match stored.get(key) {
			Some(other) if other == value => {},
			other => differences.push(format!("{key:?}: events {value:?}, storage {other:?}")),
		}
	}
	for (key, value) in stored {
		if !rebuilt.contains_key(key) {
			differences.push(format!("{key:?}: events none, storage {value:?}"));
		}
	}
	differences.truncate(4);
	Err(format!("the state rebuilt from events differs from storage ({what}): {}", differences.join("; ")))
}
