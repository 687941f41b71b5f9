//! Symbolic actions to concrete calls, from the chain's state when the action runs (inside the
//! externalities). Each symbolic reference falls back to something concrete when nothing fits
//! (no holder yet: any pool account), so every action makes a call.

use crate::{action::*, chain, keys};
use codec::{Compact, Encode};
use pallet_compliance::{HolderClass, IssuerSource, Requirement, Rule, RuleKind, RuleOf, Side, TradingWindow};
use pallet_identity_registry::ConsentAction;
use pallet_security_token::{
	Identifier, InstrumentType, OperatorScope, PartitionRights, Roles, TokenBalance, TokenStatus, Underlying,
};
use polkadot_sdk::{
	frame_support::{dispatch::GetDispatchInfo, BoundedVec},
	pallet_assets, pallet_balances, pallet_collective, pallet_multisig, pallet_proxy, pallet_session, pallet_sudo,
	pallet_preimage, pallet_utility, pallet_whitelist,
	sp_core::H256,
	sp_runtime::MultiAddress,
};
use std::collections::BTreeSet;
use sto_primitives::{
	identity::{ClaimScope, ClaimTopic, CountryCode, IdentityId, IdentityKind, IdentityProvider, InvestorType, TopicClass},
	token::TokenId,
	token::PartitionId,
};
use sto_runtime::{
	configs::ProxyType, AccountId, Runtime, RuntimeCall, SessionKeys, MILLI_UNIT, UNIT,
};

type Registry = pallet_identity_registry::Pallet<Runtime>;
type Token = pallet_security_token::Pallet<Runtime>;
type Council = pallet_collective::Instance1;

/// Multisig groups: pool indices of the signatories and the threshold of `as_multi` (the
/// `as_multi_threshold_1` calls use the same signatories with threshold one).
pub const MULTISIG_GROUPS: [(&[usize], u16); 3] = [(&[0, 1, 2], 2), (&[3, 4], 2), (&[12, 13, 5], 3)];

/// Cash asset ids the fuzzer uses (the setup creates the first).
pub const ASSETS: [u32; 3] = [1, 2, 7];

/// The countries claims and rules name (the last one malformed).
pub const COUNTRIES: [[u8; 2]; 8] = [*b"DE", *b"US", *b"FR", *b"GB", *b"CH", *b"KP", *b"LU", *b"d1"];

/// What resolution remembers between actions (generator state, not an oracle).
#[derive(Clone, Debug, Default)]
pub struct Memory {
	/// The calls of multisig operations opened (multisig account, call hash, call), in the
	/// order they were opened (not by hash: a call carrying a signature, such as a consent,
	/// hashes differently in each process, sr25519 signatures being randomized): later
	/// approvals carry the same call.
	pub multisig_calls: Vec<(AccountId, [u8; 32], RuntimeCall)>,
	/// Batch references made so far (most settlements get a fresh one).
	pub batch_refs: u64,
	/// The calls proposed for whitelisting, in the order proposed (as `multisig_calls`: not
	/// by hash), for their dispatch, removal and preimage.
	pub whitelist_calls: Vec<RuntimeCall>,
}

/// The origin a call is resolved for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
	Signed(AccountId),
	Root,
}

/// A signed transaction: the signer's account and its call.
pub fn transaction(signer: &Signer, call: &Call, now: u64, memory: &mut Memory) -> (AccountId, RuntimeCall) {
	let (who, hint) = signer_of(signer);
	let mut ctx = Ctx { origin: Origin::Signed(who.clone()), hint, now, memory };
	let call = ctx.call(call);
	(who, call)
}

struct Ctx<'m> {
	origin: Origin,
	/// The token the signer was chosen for.
	hint: Option<TokenId>,
	now: u64,
	memory: &'m mut Memory,
}

// --- Queries of the chain's state ----------------------------------------------------------

fn nth<T: Clone>(items: &[T], k: u8) -> Option<T> {
	(!items.is_empty()).then(|| items[k as usize % items.len()].clone())
}

fn tokens() -> Vec<TokenId> {
	let mut tokens: Vec<_> = pallet_security_token::Tokens::<Runtime>::iter_keys().collect();
	tokens.sort();
	tokens
}

fn granularity(token: TokenId) -> TokenBalance {
	pallet_security_token::Tokens::<Runtime>::get(token).map_or(1, |details| details.granularity.max(1))
}

fn partition_count(token: TokenId) -> u16 {
	pallet_security_token::Tokens::<Runtime>::get(token).map_or(1, |details| details.partitions.len().max(1) as u16)
}

/// Every (wallet, partition, balance) of `token`, in a stable order.
fn holdings(token: TokenId) -> Vec<(AccountId, PartitionId, TokenBalance)> {
	let mut holdings: Vec<_> = pallet_security_token::Positions::<Runtime>::iter()
		.filter(|(_, of, _)| *of == token)
		.flat_map(|(_, _, position)| {
			position.holdings.into_iter().filter(|h| h.balance > 0).map(|h| (h.account, h.partition, h.balance))
		})
		.collect();
	holdings.sort();
	holdings
}

fn holders(token: TokenId) -> Vec<AccountId> {
	let set: BTreeSet<AccountId> = holdings(token).into_iter().map(|(account, _, _)| account).collect();
	set.into_iter().collect()
}

fn identities() -> Vec<IdentityId> {
	let mut ids: Vec<_> = pallet_identity_registry::Identities::<Runtime>::iter_keys().collect();
	ids.sort();
	ids
}

fn identity_of(account: &AccountId) -> Option<IdentityId> {
	pallet_identity_registry::IdentityOf::<Runtime>::get(account)
}

fn primary(identity: IdentityId) -> Option<AccountId> {
	pallet_identity_registry::Identities::<Runtime>::get(identity).map(|record| record.primary)
}

fn wallets(identity: IdentityId) -> Vec<AccountId> {
	let mut wallets = Registry::wallets_of(identity);
	wallets.sort();
	wallets
}

fn balance(token: TokenId, partition: PartitionId, account: &AccountId) -> TokenBalance {
	Token::balance_of(token, partition, account)
}

fn custodians() -> Vec<IdentityId> {
	let mut ids: Vec<_> = pallet_custody::Custodians::<Runtime>::iter_keys().collect();
	ids.sort();
	ids
}

/// Identities holding `role` for `token` (the owner first).
fn role_holders(token: TokenId, role: Role) -> Vec<IdentityId> {
	let Some(details) = pallet_security_token::Tokens::<Runtime>::get(token) else { return Vec::new() };
	let bit = match role {
		Role::Owner => return vec![details.owner],
		Role::Supply => Roles::SUPPLY_MANAGER,
		Role::TransferAgent => Roles::TRANSFER_AGENT,
		Role::Compliance => Roles::COMPLIANCE_MANAGER,
		Role::Documents => Roles::DOCUMENT_MANAGER,
		Role::Freezer => Roles::FREEZER,
	};
	let mut agents: Vec<_> = pallet_security_token::Agents::<Runtime>::iter_prefix(token)
		.filter(|(_, roles)| roles.contains(bit))
		.map(|(agent, _)| agent)
		.collect();
	agents.sort();
	agents.insert(0, details.owner);
	agents
}

fn proxy_pairs() -> Vec<(AccountId, AccountId)> {
	let mut pairs: Vec<_> = pallet_proxy::Proxies::<Runtime>::iter()
		.flat_map(|(real, (definitions, _))| definitions.into_iter().map(move |d| (real.clone(), d.delegate)))
		.collect();
	pairs.sort();
	pairs
}

fn group(g: u8) -> (Vec<AccountId>, u16) {
	let (members, threshold) = MULTISIG_GROUPS[g as usize % MULTISIG_GROUPS.len()];
	let mut accounts: Vec<_> = members.iter().map(|i| keys::account(*i)).collect();
	accounts.sort();
	(accounts, threshold)
}

fn multisig_account(members: &[AccountId], threshold: u16) -> AccountId {
	pallet_multisig::Pallet::<Runtime>::multi_account_id(members, threshold)
}

/// The claims (subject, topic, issuer, scope) issued by `issuer` (all claims if `None`), global
/// and token-scoped.
fn claims_by(issuer: Option<IdentityId>) -> Vec<(IdentityId, ClaimTopic, IdentityId, ClaimScope)> {
	let global = pallet_identity_registry::Claims::<Runtime>::iter();
	let scoped = pallet_identity_registry::TokenClaims::<Runtime>::iter().map(|(subject, _, book)| (subject, book));
	let mut claims: Vec<_> = global
		.chain(scoped)
		.flat_map(|(subject, book)| book.claims.into_iter().map(move |(topic, by, record)| (subject, topic, by, record.scope)))
		.filter(|(_, _, by, _)| issuer.is_none_or(|issuer| *by == issuer))
		.collect();
	claims.sort_by_key(|(subject, topic, by, scope)| (*subject, *topic, *by, crate::model::scoped(*scope)));
	claims
}

/// A council motion's votes (`pallet_collective::Votes`, whose fields are private, decoded
/// from its encoding).
#[derive(codec::Decode)]
struct Votes {
	index: u32,
	threshold: u32,
	ayes: Vec<AccountId>,
	nays: Vec<AccountId>,
	end: u32,
}

fn votes(hash: H256) -> Option<Votes> {
	let encoded = pallet_collective::Voting::<Runtime, Council>::get(hash)?.encode();
	codec::Decode::decode(&mut &encoded[..]).ok()
}

/// The hash the whitelist pallet keys a call by (the runtime's hashing of its encoding).
fn whitelist_hash(call: &RuntimeCall) -> H256 {
	H256(polkadot_sdk::sp_io::hashing::blake2_256(&call.encode()))
}

/// The accounts holders of `token` made their operators (`spenders`: gave an allowance).
fn operators(token: TokenId, spenders: bool) -> Vec<AccountId> {
	let holders: BTreeSet<AccountId> = holders(token).into_iter().collect();
	let operators: BTreeSet<AccountId> = if spenders {
		pallet_security_token::Allowances::<Runtime>::iter()
			.filter(|((t, _, holder), _, allowance)| *t == token && allowance.amount > 0 && holders.contains(holder))
			.map(|(_, spender, _)| spender)
			.collect()
	} else {
		pallet_security_token::Operators::<Runtime>::iter_keys()
			.filter(|((t, holder), _)| *t == token && holders.contains(holder))
			.map(|(_, (operator, _))| operator)
			.collect()
	};
	operators.into_iter().collect()
}

/// (holder, partition, allowance) of the allowances `spender` has for `token`.
fn allowances(token: TokenId, spender: &AccountId) -> Vec<(AccountId, PartitionId, TokenBalance)> {
	let mut found: Vec<_> = pallet_security_token::Allowances::<Runtime>::iter()
		.filter(|((t, _, _), s, allowance)| *t == token && s == spender && allowance.amount > 0)
		.map(|((_, partition, holder), _, allowance)| (holder, partition, allowance.amount))
		.collect();
	found.sort();
	found
}

/// Mandates: (investor, custodian, token).
fn mandates() -> Vec<(IdentityId, IdentityId, TokenId)> {
	let mut all: Vec<_> = pallet_custody::Mandates::<Runtime>::iter_keys().collect();
	all.sort();
	all
}

// --- The signer -----------------------------------------------------------------------------

fn token_of(tok: Tok, hint: Option<TokenId>) -> TokenId {
	let all = tokens();
	match tok {
		Tok::Hint => hint.or_else(|| all.first().copied()).unwrap_or(0),
		Tok::Nth(k) => nth(&all, k).unwrap_or(0),
		Tok::Unknown => 999,
	}
}

fn signer_of(signer: &Signer) -> (AccountId, Option<TokenId>) {
	let fallback = |k: u8| keys::account(k as usize);
	match *signer {
		Signer::Acc(Acc(k)) => (fallback(k), None),
		Signer::Holder(tok, k) => {
			let token = token_of(tok, None);
			(nth(&holders(token), k).unwrap_or_else(|| fallback(k)), Some(token))
		},
		Signer::Role(tok, role, k) => {
			let token = token_of(tok, None);
			let wallets: Vec<AccountId> = role_holders(token, role).into_iter().flat_map(wallets).collect();
			(nth(&wallets, k).unwrap_or_else(|| fallback(k)), Some(token))
		},
		Signer::Sudo => (pallet_sudo::Key::<Runtime>::get().unwrap_or_else(|| fallback(0)), None),
		Signer::Council(k) => {
			let members = pallet_collective::Members::<Runtime, Council>::get();
			(nth(&members, k).unwrap_or_else(|| fallback(k)), None)
		},
		Signer::Issuer(k) => {
			let mut issuers: Vec<(IdentityId, Option<TokenId>)> =
				pallet_identity_registry::TrustedIssuers::<Runtime>::get().into_iter().map(|(id, _)| (id, None)).collect();
			let mut of_tokens: Vec<_> = pallet_identity_registry::TokenIssuers::<Runtime>::iter()
				.flat_map(|(token, _, ids)| ids.into_iter().map(move |id| (id, Some(token))))
				.collect();
			of_tokens.sort();
			issuers.extend(of_tokens);
			match nth(&issuers, k).and_then(|(id, token)| primary(id).map(|wallet| (wallet, token))) {
				Some((wallet, token)) => (wallet, token),
				None => (fallback(k), None),
			}
		},
		Signer::Registrar(k) => {
			let mut registrars: Vec<_> = pallet_identity_registry::Registrars::<Runtime>::iter_keys().collect();
			registrars.sort();
			(nth(&registrars, k).and_then(primary).unwrap_or_else(|| fallback(k)), None)
		},
		Signer::Custodian(k) => (nth(&custodians(), k).and_then(primary).unwrap_or_else(|| fallback(k)), None),
		Signer::Delegate(k) => (nth(&proxy_pairs(), k).map(|(_, delegate)| delegate).unwrap_or_else(|| fallback(k)), None),
		Signer::Operator(tok, k) => {
			let token = token_of(tok, None);
			(nth(&operators(token, false), k).unwrap_or_else(|| fallback(k)), Some(token))
		},
		Signer::Spender(tok, k) => {
			let token = token_of(tok, None);
			(nth(&operators(token, true), k).unwrap_or_else(|| fallback(k)), Some(token))
		},
		Signer::Primary(k) => (nth(&identities(), k).and_then(primary).unwrap_or_else(|| fallback(k)), None),
		Signer::Member(g, k) => (nth(&group(g).0, k).unwrap_or_else(|| fallback(k)), None),
	}
}

// --- Calls ------------------------------------------------------------------------------------

/// An account argument that should be of no identity yet (a holder, a verified account or
/// a wallet of the origin already has one): a fresh pool account instead.
fn fresh(who: Who) -> Who {
	match who {
		Who::Holder(k) | Who::Verified(k) | Who::Principal(k) | Who::Mine(k) => Who::Fresh(k),
		other => other,
	}
}

/// An account argument that should be a wallet of the origin's identity.
fn mine(who: Who) -> Who {
	match who {
		Who::Holder(k) | Who::Verified(k) | Who::Principal(k) | Who::Fresh(k) => Who::Mine(k),
		other => other,
	}
}

fn addr(account: AccountId) -> MultiAddress<AccountId, ()> {
	MultiAddress::Id(account)
}

fn bounded<T, S: polkadot_sdk::frame_support::traits::Get<u32>>(items: Vec<T>) -> BoundedVec<T, S> {
	BoundedVec::truncate_from(items)
}

fn country(Country(k): Country) -> CountryCode {
	CountryCode(COUNTRIES[k as usize % COUNTRIES.len()])
}

fn topic(Topic(k): Topic) -> ClaimTopic {
	match k % 32 {
		0..=11 => ClaimTopic::Kyc,
		12..=15 => ClaimTopic::Aml,
		16..=22 => ClaimTopic::Jurisdiction(country(Country(k / 32 + k))),
		23 => ClaimTopic::Accredited,
		24 => ClaimTopic::QualifiedPurchaser,
		25 => ClaimTopic::Institutional,
		26..=27 => ClaimTopic::Retail,
		28..=29 => ClaimTopic::Exempted,
		_ => ClaimTopic::Custom((k / 32) as u32),
	}
}

fn class(Class(k): Class) -> TopicClass {
	const CLASSES: [TopicClass; 9] = [
		TopicClass::Kyc,
		TopicClass::Aml,
		TopicClass::Accredited,
		TopicClass::QualifiedPurchaser,
		TopicClass::Institutional,
		TopicClass::Retail,
		TopicClass::Jurisdiction,
		TopicClass::Exempted,
		TopicClass::Custom(1),
	];
	CLASSES[k as usize % CLASSES.len()]
}

fn investor_type(k: u8) -> InvestorType {
	[InvestorType::Retail, InvestorType::Accredited, InvestorType::QualifiedPurchaser, InvestorType::Institutional]
		[k as usize % 4]
}

fn rights(bits: u8) -> PartitionRights {
	PartitionRights { voting: bits & 1 != 0, dividends: bits & 2 != 0, transferable: bits & 0b1100 != 0 }
}

fn identifiers(bits: u8) -> Vec<Identifier> {
	let mut ids = Vec::new();
	if bits & 1 != 0 {
		ids.push(Identifier::Isin(*b"US0378331005"));
	}
	if bits & 2 != 0 {
		ids.push(Identifier::Cusip(*b"037833100"));
	}
	if bits & 4 != 0 {
		ids.push(Identifier::Lei(*b"529900T8BM49AURSDO55"));
	}
	if bits & 8 != 0 {
		// Malformed (lower case).
		ids.push(Identifier::Figi(*b"bbg000b9xry4"));
	}
	if bits & 16 != 0 {
		// A second ISIN: a scheme twice.
		ids.push(Identifier::Isin(*b"DE0007164600"));
	}
	ids
}

impl Ctx<'_> {
	fn signed(&self) -> Option<&AccountId> {
		match &self.origin {
			Origin::Signed(who) => Some(who),
			Origin::Root => None,
		}
	}

	/// The origin's account (a pool account under root).
	fn me(&self) -> AccountId {
		self.signed().cloned().unwrap_or_else(|| keys::account(0))
	}

	fn my_identity(&self) -> Option<IdentityId> {
		self.signed().and_then(identity_of)
	}

	fn token(&self, tok: Tok) -> TokenId {
		token_of(tok, self.hint)
	}

	fn when(&self, when: When) -> u64 {
		match when {
			When::Past => self.now.saturating_sub(1),
			When::Minutes(k) => self.now + 60_000 * (k as u64 + 1),
			When::Hours(k) => self.now + 3_600_000 * (k as u64 + 1),
			When::Days(k) => self.now + 86_400_000 * k as u64,
		}
	}

	fn id(&self, id: Id) -> IdentityId {
		match id {
			Id::Nth(k) => nth(&identities(), k).unwrap_or(1),
			Id::Of(Acc(k)) => identity_of(&keys::account(k as usize)).unwrap_or(1_000),
			Id::Mine => self.my_identity().unwrap_or(1_000),
			Id::Unknown => 1_000_000,
		}
	}

	/// An account argument for a call about `token`.
	fn who(&self, who: Who, token: Option<TokenId>) -> AccountId {
		let pool = keys::accounts();
		let fallback = |k: u8| keys::account(k as usize);
		match who {
			Who::Acc(Acc(k)) => fallback(k),
			Who::Holder(k) => token.and_then(|t| nth(&holders(t), k)).unwrap_or_else(|| fallback(k)),
			Who::Verified(k) => {
				let verified: Vec<AccountId> = pool
					.iter()
					.filter(|account| {
						identity_of(account).is_some_and(|id| Registry::is_verified(id, token, self.now))
					})
					.cloned()
					.collect();
				nth(&verified, k).unwrap_or_else(|| fallback(k))
			},
			Who::Mine(k) => self.my_identity().and_then(|id| nth(&wallets(id), k)).unwrap_or_else(|| self.me()),
			Who::Principal(k) => {
				let principals: Vec<AccountId> = match (token, self.signed()) {
					(Some(t), Some(me)) => holders(t)
						.into_iter()
						.filter(|holder| {
							(0..partition_count(t)).any(|p| {
								Token::is_operator(t, holder, me, p) ||
									pallet_security_token::Allowances::<Runtime>::get((t, p, holder.clone()), me)
										.is_some_and(|allowance| allowance.amount > 0)
							})
						})
						.collect(),
					_ => Vec::new(),
				};
				nth(&principals, k).or_else(|| token.and_then(|t| nth(&holders(t), k))).unwrap_or_else(|| fallback(k))
			},
			Who::Fresh(k) => {
				let fresh: Vec<AccountId> = pool.iter().filter(|a| identity_of(a).is_none()).cloned().collect();
				nth(&fresh, k).unwrap_or_else(|| fallback(k))
			},
		}
	}

	/// A partition of `token`, preferring those `holder` holds.
	fn part(&self, token: TokenId, Part(k): Part, holder: Option<&AccountId>) -> PartitionId {
		if k >= 240 {
			return k as PartitionId;
		}
		if let Some(holder) = holder {
			let held: Vec<PartitionId> = (0..partition_count(token)).filter(|p| balance(token, *p, holder) > 0).collect();
			if let Some(p) = nth(&held, k) {
				return p;
			}
		}
		k as PartitionId % partition_count(token)
	}

	/// An amount of `token` relative to `base` (the relevant balance).
	fn amount(&self, token: TokenId, amount: Amount, base: TokenBalance) -> TokenBalance {
		let g = granularity(token);
		match amount {
			Amount::Part(k) => ((base / 8).saturating_mul(k.clamp(1, 8) as u128) / g * g).max(g),
			Amount::Units(k) => g.saturating_mul(k as u128),
			Amount::All => base,
			Amount::Raw(raw) => raw as u128,
			Amount::Huge => u128::MAX - g + 1,
		}
	}

	fn money(&self, money: Money) -> u128 {
		match money {
			Money::Milli(k) => MILLI_UNIT * k as u128,
			Money::Units(k) => UNIT * k as u128,
			Money::Part(k) => {
				let free = polkadot_sdk::frame_system::Account::<Runtime>::get(self.me()).data.free;
				free / 8 * (k % 9) as u128
			},
			Money::Raw(raw) => raw as u128,
		}
	}

	/// Resolve `call` for another origin (a proxied, derivative or multisig account, root).
	fn nested(&mut self, origin: Origin, hint: Option<TokenId>, call: &Call) -> RuntimeCall {
		let (saved_origin, saved_hint) = (core::mem::replace(&mut self.origin, origin), self.hint);
		self.hint = hint.or(saved_hint);
		let call = self.call(call);
		self.origin = saved_origin;
		self.hint = saved_hint;
		call
	}

	fn call(&mut self, call: &Call) -> RuntimeCall {
		match call {
			Call::Identity(call) => RuntimeCall::IdentityRegistry(self.identity(call)),
			Call::Move(call) => RuntimeCall::SecurityToken(self.movement(call)),
			Call::Token(call) => RuntimeCall::SecurityToken(self.token_call(call)),
			Call::Lifecycle(call) => RuntimeCall::SecurityToken(self.lifecycle(call)),
			Call::Compliance(call) => RuntimeCall::Compliance(self.compliance(call)),
			Call::Custody(call) => RuntimeCall::Custody(self.custody(call)),
			Call::Balances(call) => RuntimeCall::Balances(self.balances(call)),
			Call::Assets(call) => RuntimeCall::Assets(self.assets(call)),
			Call::Validators(call) => self.validators(call),
			Call::Batch(kind, calls) => {
				let calls: Vec<RuntimeCall> = calls.iter().map(|call| self.call(call)).collect();
				RuntimeCall::Utility(match kind {
					BatchKind::Batch => pallet_utility::Call::batch { calls },
					BatchKind::BatchAll => pallet_utility::Call::batch_all { calls },
					BatchKind::ForceBatch => pallet_utility::Call::force_batch { calls },
				})
			},
			Call::IfElse(main, fallback) => RuntimeCall::Utility(pallet_utility::Call::if_else {
				main: Box::new(self.call(main)),
				fallback: Box::new(self.call(fallback)),
			}),
			Call::AsDerivative(index, call) => {
				let derivative = pallet_utility::derivative_account_id(self.me(), *index as u16);
				let call = self.nested(Origin::Signed(derivative), None, call);
				RuntimeCall::Utility(pallet_utility::Call::as_derivative { index: *index as u16, call: Box::new(call) })
			},
			Call::Proxy(k, call) => {
				let me = self.me();
				let reals: Vec<AccountId> =
					proxy_pairs().into_iter().filter(|(_, delegate)| *delegate == me).map(|(real, _)| real).collect();
				let real = nth(&reals, *k).unwrap_or_else(|| keys::account(*k as usize));
				let hint = tokens().into_iter().find(|t| holders(*t).contains(&real));
				let call = self.nested(Origin::Signed(real.clone()), hint, call);
				RuntimeCall::Proxy(pallet_proxy::Call::proxy { real: addr(real), force_proxy_type: None, call: Box::new(call) })
			},
			Call::Proxies(call) => RuntimeCall::Proxy(self.proxies(call)),
			Call::Multisig(g, call) => self.multisig(*g, call),
			Call::MultisigApprove(k) => self.multisig_pending(*k, PendingAction::Approve),
			Call::MultisigApproveHash(k) => self.multisig_pending(*k, PendingAction::ApproveHash),
			Call::MultisigCancel(k) => self.multisig_pending(*k, PendingAction::Cancel),
			Call::MultisigThreshold1(g, call) => {
				let (members, _) = group(*g);
				let account = multisig_account(&members, 1);
				let call = self.nested(Origin::Signed(account), None, call);
				let me = self.me();
				let others = members.into_iter().filter(|m| *m != me).collect();
				RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 { other_signatories: others, call: Box::new(call) })
			},
			Call::CouncilPropose(call) => {
				let proposal = self.nested(Origin::Root, None, call);
				self.council_motion(proposal, false)
			},
			Call::CouncilVote(k, approve) => {
				let me = self.me();
				let (proposal, index) = self.proposal(*k, |votes| !votes.ayes.contains(&me) && !votes.nays.contains(&me));
				RuntimeCall::Council(pallet_collective::Call::vote { proposal, index, approve: *approve })
			},
			Call::CouncilClose(k) => {
				let members = pallet_collective::Members::<Runtime, Council>::get().len() as u32;
				let block = polkadot_sdk::frame_system::Pallet::<Runtime>::block_number();
				let (proposal_hash, index) = self.proposal(*k, |votes| {
					votes.ayes.len() as u32 >= votes.threshold ||
						members.saturating_sub(votes.nays.len() as u32) < votes.threshold ||
						block >= votes.end
				});
				let (weight, length) = pallet_collective::ProposalOf::<Runtime, Council>::get(proposal_hash)
					.map(|call| (call.get_dispatch_info().call_weight, call.encoded_size() as u32))
					.unwrap_or_default();
				RuntimeCall::Council(pallet_collective::Call::close {
					proposal_hash,
					index,
					proposal_weight_bound: weight,
					length_bound: length,
				})
			},
			Call::CouncilWhitelist(call) => {
				let call = self.nested(Origin::Root, None, call);
				let call_hash = whitelist_hash(&call);
				if !self.memory.whitelist_calls.contains(&call) {
					self.memory.whitelist_calls.push(call);
				}
				self.council_motion(RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash }), true)
			},
			Call::CouncilDispatchWhitelisted(k, with_preimage) => {
				let dispatch = self.whitelisted_dispatch(*k, *with_preimage);
				self.council_motion(dispatch, false)
			},
			Call::RelayWhitelisted(k, with_preimage) => self.whitelisted_dispatch(*k, *with_preimage),
			Call::RemoveDeferred(k) => {
				let call_hash = nth(&self.memory.whitelist_calls, *k).map_or(H256::repeat_byte(*k), |call| whitelist_hash(&call));
				RuntimeCall::Whitelist(pallet_whitelist::Call::remove_deferred_dispatch { call_hash })
			},
			Call::CouncilRemoveWhitelisted(k) => {
				let call_hash = nth(&self.memory.whitelist_calls, *k).map_or(H256::repeat_byte(*k), |call| whitelist_hash(&call));
				self.council_motion(RuntimeCall::Whitelist(pallet_whitelist::Call::remove_whitelisted_call { call_hash }), true)
			},
			Call::Preimage(call) => {
				let (k, junk) = match call {
					PreimageCall::Note { call, junk } |
					PreimageCall::Unnote { call, junk } |
					PreimageCall::Request { call, junk } |
					PreimageCall::Unrequest { call, junk } => (*call, *junk),
				};
				let bytes = match nth(&self.memory.whitelist_calls, k) {
					Some(call) if !junk => call.encode(),
					_ => vec![k; 1 + k as usize % 40],
				};
				let hash = H256(polkadot_sdk::sp_io::hashing::blake2_256(&bytes));
				RuntimeCall::Preimage(match call {
					PreimageCall::Note { .. } => pallet_preimage::Call::note_preimage { bytes },
					PreimageCall::Unnote { .. } => pallet_preimage::Call::unnote_preimage { hash },
					PreimageCall::Request { .. } => pallet_preimage::Call::request_preimage { hash },
					PreimageCall::Unrequest { .. } => pallet_preimage::Call::unrequest_preimage { hash },
				})
			},
			Call::Sudo(call) => {
				let call = self.nested(Origin::Root, None, call);
				RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
			},
			Call::SudoAs(Acc(k), call) => {
				let who = keys::account(*k as usize);
				let hint = tokens().into_iter().find(|t| holders(*t).contains(&who));
				let call = self.nested(Origin::Signed(who.clone()), hint, call);
				RuntimeCall::Sudo(pallet_sudo::Call::sudo_as { who: addr(who), call: Box::new(call) })
			},
			// To a funded development account (a key without funds for fees ends sudo for
			// the rest of the run).
			Call::SudoKey(SudoKey::Set(Acc(k))) =>
				RuntimeCall::Sudo(pallet_sudo::Call::set_key { new: addr(keys::account(*k as usize % keys::FUNDED)) }),
			Call::SudoKey(SudoKey::Remove) => RuntimeCall::Sudo(pallet_sudo::Call::remove_key {}),
		}
	}

	/// The dispatch of the k-th call remembered for whitelisting (a remark if none): with its
	/// preimage, or by hash.
	fn whitelisted_dispatch(&self, k: u8, with_preimage: bool) -> RuntimeCall {
		let call = nth(&self.memory.whitelist_calls, k)
			.unwrap_or_else(|| RuntimeCall::System(polkadot_sdk::frame_system::Call::remark { remark: vec![k] }));
		RuntimeCall::Whitelist(if with_preimage {
			pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage { call: Box::new(call) }
		} else {
			pallet_whitelist::Call::dispatch_whitelisted_call {
				call_hash: whitelist_hash(&call),
				call_encoded_len: call.encoded_size() as u32,
				call_weight_witness: call.get_dispatch_info().call_weight,
			}
		})
	}

	/// `council.propose` of `proposal`: unanimous, or with the usual threshold (two thirds).
	fn council_motion(&self, proposal: RuntimeCall, unanimous: bool) -> RuntimeCall {
		let members = pallet_collective::Members::<Runtime, Council>::get().len() as u32;
		let threshold = if unanimous { members.max(1) } else { (2 * members).div_ceil(3).max(1) };
		let length_bound = proposal.encoded_size() as u32;
		RuntimeCall::Council(pallet_collective::Call::propose { threshold, proposal: Box::new(proposal), length_bound })
	}

	/// The k-th open proposal: mostly (`k < 192`) one of the four newest that `fits` (a vote:
	/// one the signer has not voted on; a close: one that can close), so that a motion is voted
	/// on and closed while it is fresh (a whitelisting, then its dispatch), else any.
	fn proposal(&self, k: u8, fits: impl Fn(&Votes) -> bool) -> (H256, u32) {
		let proposals = pallet_collective::Proposals::<Runtime, Council>::get().into_inner();
		let fitting: Vec<H256> = proposals
			.iter()
			.rev()
			.filter(|hash| votes(**hash).is_some_and(|votes| fits(&votes)))
			.take(4)
			.copied()
			.collect();
		let chosen = if k < 192 && !fitting.is_empty() { nth(&fitting, k) } else { nth(&proposals, k) };
		match chosen {
			Some(hash) => (hash, votes(hash).map_or(0, |votes| votes.index)),
			None => (H256::repeat_byte(k), k as u32),
		}
	}

	fn identity(&mut self, call: &IdentityCall) -> pallet_identity_registry::Call<Runtime> {
		use pallet_identity_registry::Call as C;
		let consent = |action: ConsentAction, identity: IdentityId, account: &AccountId, bad: bool| {
			let payload = Registry::consent_payload(action, identity, account.clone());
			// An account that is not ours (a multisig, derivative account) cannot consent: any
			// pool key signs instead (a bad consent).
			let signer = match keys::index_of(account) {
				Some(index) if !bad => keys::account(index),
				Some(index) => keys::account(index + 1),
				None => keys::account(0),
			};
			keys::sign(&signer, &payload.encode()).expect("pool accounts sign")
		};
		let witness = |identity: Option<IdentityId>, Witness(w): Witness| {
			let positions =
				identity.map_or(0, |id| pallet_security_token::Positions::<Runtime>::iter_prefix(id).count() as u32);
			match w % 4 {
				0 => positions,
				1 => positions.saturating_sub(1),
				2 => 0,
				_ => 64,
			}
		};
		let scope = |ctx: &Self, scope: Scope| match scope {
			Scope::Global => ClaimScope::Global,
			Scope::Token(tok) => ClaimScope::Token(ctx.token(tok)),
		};
		let my_claims = || claims_by(if self.signed().is_some() { self.my_identity().or(Some(0)) } else { None });
		match call {
			IdentityCall::RegisterIdentity { primary, kind, bad_consent } => {
				let primary = self.who(fresh(*primary), None);
				let kind = [
					IdentityKind::NaturalPerson,
					IdentityKind::Company,
					IdentityKind::Fund,
					IdentityKind::Exchange,
					IdentityKind::Issuer,
					IdentityKind::ClaimIssuer,
				][*kind as usize % 6];
				let consent = consent(ConsentAction::CreateIdentity, 0, &primary, *bad_consent);
				C::register_identity { primary, kind, consent }
			},
			IdentityCall::LinkWallet { wallet, bad_consent } => {
				let wallet = self.who(fresh(*wallet), None);
				let consent = consent(ConsentAction::LinkWallet, self.my_identity().unwrap_or(0), &wallet, *bad_consent);
				C::link_wallet { wallet, consent }
			},
			IdentityCall::UnlinkWallet { wallet, witness: w } => {
				let wallet = self.who(mine(*wallet), None);
				let identity = identity_of(&wallet).or(self.my_identity());
				C::unlink_wallet { positions: witness(identity, *w), wallet }
			},
			IdentityCall::SetPrimaryWallet { new_primary } => C::set_primary_wallet { new_primary: self.who(mine(*new_primary), None) },
			IdentityCall::RecoverIdentity { identity, new_primary, bad_consent, witness: w } => {
				let identity = self.id(*identity);
				// A fresh account, or another wallet of the identity.
				let new_primary = match *new_primary {
					Who::Mine(k) => nth(&wallets(identity), k).unwrap_or_else(|| keys::account(k as usize)),
					other => self.who(fresh(other), None),
				};
				let consent = consent(ConsentAction::Recover, identity, &new_primary, *bad_consent);
				C::recover_identity { identity, new_primary, consent, positions: witness(Some(identity), *w) }
			},
			IdentityCall::AddClaim { subject, topic: t, scope: s, expiry } => C::add_claim {
				subject: self.id(*subject),
				topic: topic(*t),
				scope: scope(self, *s),
				expiry: expiry.map(|when| self.when(when)),
				evidence: H256::repeat_byte(7),
			},
			IdentityCall::UpdateClaim { claim, scope: s, expiry } => {
				// The claim's own scope mostly; sometimes another (a claim not in that book).
				let (subject, topic, _, held) = nth(&my_claims(), *claim).unwrap_or((1, ClaimTopic::Kyc, 1, ClaimScope::Global));
				C::update_claim {
					subject,
					topic,
					scope: if *claim % 4 == 3 { scope(self, *s) } else { held },
					expiry: expiry.map(|when| self.when(when)),
					evidence: H256::repeat_byte(8),
				}
			},
			IdentityCall::RevokeClaim { claim } => {
				let (subject, topic, issuer, scope) = nth(&my_claims(), *claim).unwrap_or((1, ClaimTopic::Kyc, 1, ClaimScope::Global));
				C::revoke_claim { subject, topic, scope, issuer }
			},
			IdentityCall::SetTrustedIssuer { issuer, classes } => {
				let topics: Vec<TopicClass> = (0..9u8).filter(|bit| classes & (1 << bit) != 0).map(|bit| class(Class(bit))).collect();
				C::set_trusted_issuer { issuer: self.id(*issuer), topics: bounded(topics) }
			},
			IdentityCall::RemoveTrustedIssuer { issuer } => C::remove_trusted_issuer { issuer: self.id(*issuer) },
			IdentityCall::SetTokenIssuers { token, class: c, issuers } => C::set_token_issuers {
				token: self.token(*token),
				topic: class(*c),
				issuers: bounded(issuers.iter().take(9).map(|id| self.id(*id)).collect()),
			},
			IdentityCall::AddRegistrar { identity } => C::add_registrar { identity: self.id(*identity) },
			IdentityCall::RemoveRegistrar { identity } => C::remove_registrar { identity: self.id(*identity) },
		}
	}

	fn movement(&mut self, call: &MoveCall) -> pallet_security_token::Call<Runtime> {
		use pallet_security_token::Call as C;
		let me = self.me();
		match call {
			MoveCall::Issue { token, part, to, amount, lockup } => {
				let token = self.token(*token);
				let partition = self.part(token, *part, None);
				let to = self.who(*to, Some(token));
				let supply = pallet_security_token::Tokens::<Runtime>::get(token).map_or(0, |d| d.total_supply);
				let amount = self.amount(token, *amount, (supply / 4).max(1_000 * granularity(token)));
				C::issue { token, partition, to, amount, lockup_until: lockup.map(|when| self.when(when)) }
			},
			MoveCall::Redeem { token, part, amount } => {
				let token = self.token(*token);
				let partition = self.part(token, *part, Some(&me));
				let amount = self.amount(token, *amount, balance(token, partition, &me));
				C::redeem { token, partition, amount }
			},
			MoveCall::RedeemFrom { token, part, holder, amount } => {
				let token = self.token(*token);
				let holder = self.who(*holder, Some(token));
				let partition = self.part(token, *part, Some(&holder));
				let amount = self.amount(token, *amount, balance(token, partition, &holder));
				C::redeem_from { token, partition, holder, amount }
			},
			MoveCall::ControllerRedeem { token, part, holder, amount } => {
				let token = self.token(*token);
				let holder = self.who(*holder, Some(token));
				let partition = self.part(token, *part, Some(&holder));
				let amount = self.amount(token, *amount, balance(token, partition, &holder));
				C::controller_redeem { token, partition, holder, amount, reason: H256::repeat_byte(1) }
			},
			MoveCall::Transfer { token, part, to, amount, data } => {
				let token = self.token(*token);
				let partition = self.part(token, *part, Some(&me));
				let to = self.who(*to, Some(token));
				let amount = self.amount(token, *amount, balance(token, partition, &me));
				C::transfer_by_partition { token, partition, to, amount, data: data.then(|| H256::repeat_byte(2)) }
			},
			MoveCall::OperatorTransfer { token, part, holder, to, amount } => {
				let token = self.token(*token);
				let holder = self.who(*holder, Some(token));
				let partition = self.part(token, *part, Some(&holder));
				let to = self.who(*to, Some(token));
				let amount = self.amount(token, *amount, balance(token, partition, &holder));
				C::operator_transfer_by_partition { token, partition, holder, to, amount, data: None }
			},
			MoveCall::TransferFrom { token, part, holder, to, amount } => {
				let token = self.token(*token);
				// A principal: one of the origin's allowances, with its partition.
				let given = match holder {
					Who::Principal(k) => nth(&allowances(token, &me), *k),
					_ => None,
				};
				let (holder, partition) = match given {
					Some((holder, partition, _)) => (holder, partition),
					None => {
						let holder = self.who(*holder, Some(token));
						let partition = self.part(token, *part, Some(&holder));
						(holder, partition)
					},
				};
				let to = self.who(*to, Some(token));
				let allowance = pallet_security_token::Allowances::<Runtime>::get((token, partition, holder.clone()), &me)
					.map_or(0, |allowance| allowance.amount);
				let amount = self.amount(token, *amount, balance(token, partition, &holder).min(allowance.max(1)));
				C::transfer_from { token, partition, holder, to, amount }
			},
			MoveCall::ControllerTransfer { token, part, from, to, amount } => {
				let token = self.token(*token);
				let from = self.who(*from, Some(token));
				let partition = self.part(token, *part, Some(&from));
				let to = self.who(*to, Some(token));
				let amount = self.amount(token, *amount, balance(token, partition, &from));
				C::controller_transfer { token, partition, from, to, amount, reason: H256::repeat_byte(3) }
			},
			MoveCall::Reclassify { token, from, to, account, amount } => {
				let token = self.token(*token);
				let account = self.who(*account, Some(token));
				let from_partition = self.part(token, *from, Some(&account));
				// Another partition, mostly.
				let count = partition_count(token);
				let to_partition = match to.0 {
					k if k >= 240 || count < 2 => self.part(token, *to, None),
					k => (from_partition + 1 + k as PartitionId % (count - 1)) % count,
				};
				let amount = self.amount(token, *amount, balance(token, from_partition, &account));
				C::reclassify { token, from_partition, to_partition, account, amount }
			},
			MoveCall::BuyBack { token, part, holder, amount } => {
				let token = self.token(*token);
				let holder = self.who(*holder, Some(token));
				let partition = self.part(token, *part, Some(&holder));
				let amount = self.amount(token, *amount, balance(token, partition, &holder));
				C::buy_back { token, partition, holder, amount, reference: H256::repeat_byte(4) }
			},
		}
	}

	fn lifecycle(&mut self, call: &LifecycleCall) -> pallet_security_token::Call<Runtime> {
		use pallet_security_token::Call as C;
		const SYMBOLS: [&[u8]; 8] = [b"ACME", b"BOND", b"FUND", b"REIT", b"NOTE", b"X1", b"SPV7", b"bad!"];
		match call {
			LifecycleCall::CreateToken { symbol, granularity: g, cap, controllable, rights: r, identifiers: ids } => {
				let granularity = 10u128.pow((*g % 4) as u32);
				C::create_token {
					terms: pallet_security_token::TokenTerms {
						symbol: bounded(SYMBOLS[*symbol as usize % SYMBOLS.len()].to_vec()),
						name: bounded(b"Fuzz token".to_vec()),
						decimals: 0,
						granularity,
						instrument: InstrumentType::Equity,
						underlying: Underlying { numerator: 1, denominator: 1, unit: H256::zero() },
						identifiers: bounded(identifiers(*ids)),
						supply_cap: cap.map(|k| granularity * 1_000 * k as u128),
						controllable: *controllable,
						default_partition: bounded(b"default".to_vec()),
						rights: rights(*r),
					},
				}
			},
			LifecycleCall::SetStatus { token, status } => {
				let status = match status % 16 {
					0 => TokenStatus::Draft,
					1..=3 => TokenStatus::Issuing,
					4..=10 => TokenStatus::Active,
					11..=14 => TokenStatus::Halted,
					_ => TokenStatus::Closed,
				};
				C::set_status { token: self.token(*token), status }
			},
			LifecycleCall::OfferOwnership { token, to } => C::offer_ownership { token: self.token(*token), to: self.id(*to) },
			LifecycleCall::AcceptOwnership { token } => {
				let mine = self.my_identity();
				let offered = pallet_security_token::PendingOwner::<Runtime>::iter().find(|(_, to)| Some(*to) == mine);
				C::accept_ownership { token: offered.map_or_else(|| self.token(*token), |(token, _)| token) }
			},
			LifecycleCall::FinishIssuance { token } => C::finish_issuance { token: self.token(*token) },
			LifecycleCall::RenounceControl { token } => C::renounce_control { token: self.token(*token) },
		}
	}

	fn token_call(&mut self, call: &TokenCall) -> pallet_security_token::Call<Runtime> {
		use pallet_security_token::Call as C;
		const PARTITIONS: [&[u8]; 4] = [b"default", b"locked", b"class-b", b""];
		const DOCUMENTS: [&[u8]; 4] = [b"prospectus", b"terms", b"audit", b""];
		let me = self.me();
		match call {
			TokenCall::SetPaused { token, pause } => C::set_paused { token: self.token(*token), paused: pause % 4 == 0 },
			TokenCall::GrantRoles { token, agent, roles } =>
				C::grant_roles { token: self.token(*token), agent: self.id(*agent), roles: Roles(*roles & 0x3f) },
			TokenCall::RevokeRoles { token, agent, roles } =>
				C::revoke_roles { token: self.token(*token), agent: self.id(*agent), roles: Roles(*roles & 0x3f) },
			TokenCall::AddPartition { token, name, rights: r } => C::add_partition {
				token: self.token(*token),
				name: bounded(PARTITIONS[*name as usize % PARTITIONS.len()].to_vec()),
				rights: rights(*r),
			},
			TokenCall::SetPartitionRights { token, part, rights: r } => {
				let token = self.token(*token);
				C::set_partition_rights { token, partition: self.part(token, *part, None), rights: rights(*r) }
			},
			TokenCall::SetSupplyCap { token, cap } => {
				let token = self.token(*token);
				let supply = pallet_security_token::Tokens::<Runtime>::get(token).map_or(0, |d| d.total_supply);
				let cap = cap.map(|k| match k {
					255 => supply.saturating_sub(1),
					k => supply + granularity(token) * k as u128,
				});
				C::set_supply_cap { token, cap }
			},
			TokenCall::SetIdentifiers { token, identifiers: ids } =>
				C::set_identifiers { token: self.token(*token), identifiers: bounded(identifiers(*ids)) },
			TokenCall::AuthorizeOperator { token, operator, scope } => {
				let token = self.token(*token);
				let scope = scope.map_or(OperatorScope::AllPartitions, |p| OperatorScope::Partition(self.part(token, p, None)));
				C::authorize_operator { token, operator: self.who(*operator, Some(token)), scope }
			},
			TokenCall::RevokeOperator { token, operator, scope } => {
				let token = self.token(*token);
				let scope = scope.map_or(OperatorScope::AllPartitions, |p| OperatorScope::Partition(self.part(token, p, None)));
				C::revoke_operator { token, operator: self.who(*operator, Some(token)), scope }
			},
			TokenCall::Approve { token, part, spender, amount } => {
				let token = self.token(*token);
				let partition = self.part(token, *part, Some(&me));
				let amount = self.amount(token, *amount, balance(token, partition, &me));
				C::approve { token, partition, spender: self.who(*spender, Some(token)), amount }
			},
			TokenCall::FreezeAccount { token, account } => {
				let token = self.token(*token);
				C::freeze_account { token, account: self.who(*account, Some(token)) }
			},
			TokenCall::UnfreezeAccount { token, account } => {
				let token = self.token(*token);
				let frozen: Vec<AccountId> = pallet_security_token::Positions::<Runtime>::iter()
					.filter(|(_, of, _)| *of == token)
					.flat_map(|(_, _, position)| position.frozen_accounts.into_inner())
					.collect();
				let account = match account {
					Who::Holder(k) if !frozen.is_empty() => nth(&frozen, *k).expect("not empty"),
					other => self.who(*other, Some(token)),
				};
				C::unfreeze_account { token, account }
			},
			TokenCall::FreezePartial { token, part, account, amount } => {
				let token = self.token(*token);
				let account = self.who(*account, Some(token));
				let partition = self.part(token, *part, Some(&account));
				let amount = self.amount(token, *amount, balance(token, partition, &account));
				C::freeze_partial { token, partition, account, amount }
			},
			TokenCall::UnfreezePartial { token, part, account, amount } => {
				let token = self.token(*token);
				let account = self.who(*account, Some(token));
				let partition = self.part(token, *part, Some(&account));
				let frozen = Token::holdings_of(token, &account)
					.into_iter()
					.find(|holding| holding.partition == partition)
					.map_or(0, |holding| holding.frozen);
				let amount = self.amount(token, *amount, frozen);
				C::unfreeze_partial { token, partition, account, amount }
			},
			TokenCall::AddLockup { token, part, account, amount, release } => {
				let token = self.token(*token);
				let account = self.who(*account, Some(token));
				let partition = self.part(token, *part, Some(&account));
				let amount = self.amount(token, *amount, balance(token, partition, &account));
				C::add_lockup { token, partition, account, amount, release: self.when(*release) }
			},
			TokenCall::SetDocument { token, name, uri } => C::set_document {
				token: self.token(*token),
				name: bounded(DOCUMENTS[*name as usize % DOCUMENTS.len()].to_vec()),
				uri: bounded(vec![b'u'; *uri as usize]),
				hash: H256::repeat_byte(*uri),
			},
			TokenCall::RemoveDocument { token, name } => C::remove_document {
				token: self.token(*token),
				name: bounded(DOCUMENTS[*name as usize % DOCUMENTS.len()].to_vec()),
			},
		}
	}

	fn rule(&self, token: TokenId, spec: &RuleSpec) -> RuleOf<Runtime> {
		let g = granularity(token);
		let kind = match &spec.kind {
			RuleSpecKind::Claims { side, all, topics, issuers } => RuleKind::Claims {
				side: [Side::Sender, Side::Receiver, Side::Both][*side as usize % 3],
				requirement: if *all { Requirement::AllOf } else { Requirement::AnyOf },
				topics: bounded(topics.iter().take(4).map(|t| topic(*t)).collect()),
				issuers: match issuers {
					None => IssuerSource::Trusted,
					Some(ids) => IssuerSource::Only(bounded(ids.iter().take(4).map(|id| self.id(*id)).collect())),
				},
			},
			RuleSpecKind::AllowJurisdictions(countries) =>
				RuleKind::AllowJurisdictions(bounded(countries.iter().take(8).map(|c| country(*c)).collect())),
			RuleSpecKind::BlockJurisdictions(countries) =>
				RuleKind::BlockJurisdictions(bounded(countries.iter().take(8).map(|c| country(*c)).collect())),
			RuleSpecKind::AllowInvestorTypes(bits) =>
				RuleKind::AllowInvestorTypes(bounded((0..4).filter(|bit| bits & (1 << bit) != 0).map(investor_type).collect())),
			RuleSpecKind::MaxHolders(k) => {
				let holders = pallet_security_token::Tokens::<Runtime>::get(token).map_or(0, |d| d.holder_count);
				RuleKind::MaxHolders((holders + (*k % 6) as u32).saturating_sub(2))
			},
			RuleSpecKind::MaxHoldersInJurisdiction(c, k) =>
				RuleKind::MaxHoldersIn { class: HolderClass::Jurisdiction(country(*c)), limit: (*k % 5) as u32 },
			RuleSpecKind::MaxHoldersInType(t, k) =>
				RuleKind::MaxHoldersIn { class: HolderClass::InvestorType(investor_type(*t)), limit: (*k % 5) as u32 },
			RuleSpecKind::MaxBalance(k) => RuleKind::MaxBalance(g * 100 * *k as u128),
			RuleSpecKind::MaxOwnership(k) => RuleKind::MaxOwnership((*k % 101) as u32 * 10_000),
			RuleSpecKind::HoldingPeriod(when) => RuleKind::HoldingPeriod { until: self.when(*when) },
			RuleSpecKind::TradingWindow { days, open, close } => RuleKind::TradingWindow(TradingWindow {
				days: *days & 0x7f,
				open: (*open % 24) as u32 * 3_600_000,
				close: (*close % 24) as u32 * 3_600_000,
			}),
			RuleSpecKind::VolumeLimit { window, max } =>
				RuleKind::VolumeLimit { window: (*window % 26) as u32, max: g * 100 * *max as u128 },
		};
		Rule { partition: spec.partition.map(|p| self.part(token, p, None)), kind }
	}

	fn compliance(&mut self, call: &ComplianceCall) -> pallet_compliance::Call<Runtime> {
		use pallet_compliance::Call as C;
		match call {
			ComplianceCall::SetRules { token, rules } => {
				let token = self.token(*token);
				C::set_rules { token, rules: bounded(rules.iter().take(8).map(|spec| self.rule(token, spec)).collect()) }
			},
			ComplianceCall::SetExemptions { token, exempt } =>
				C::set_exemptions { token: self.token(*token), exempt: bounded(exempt.iter().take(18).map(|id| self.id(*id)).collect()) },
			ComplianceCall::SetTradingPaused { token, pause } =>
				C::set_trading_paused { token: self.token(*token), paused: pause % 4 == 0 },
			ComplianceCall::PruneVolumes { token, after, limit } =>
				C::prune_volumes { token: self.token(*token), after: after.map(|id| self.id(id)), limit: *limit as u32 },
		}
	}

	fn custodian(&self, k: u8) -> IdentityId {
		nth(&custodians(), k).unwrap_or(1_000 + k as IdentityId)
	}

	fn custody(&mut self, call: &CustodyCall) -> pallet_custody::Call<Runtime> {
		use pallet_custody::{CashLeg, Call as C, Leg, LicensedRoles};
		let licence = |bits: u8| LicensedRoles {
			ats_operator: bits & 1 != 0,
			broker_dealer: bits & 2 != 0,
			clearing_agent: bits & 4 != 0,
			transfer_agent: bits & 8 != 0,
		};
		let me = self.me();
		match call {
			CustodyCall::RegisterCustodian { wallet, roles } =>
				C::register_custodian { wallet: self.who(*wallet, None), roles: licence(*roles) },
			CustodyCall::SetCustodianRoles { custodian, roles } =>
				C::set_custodian_roles { custodian: self.custodian(*custodian), roles: licence(*roles) },
			CustodyCall::SuspendCustodian { custodian } => C::suspend_custodian { custodian: self.custodian(*custodian) },
			CustodyCall::ReinstateCustodian { custodian } => C::reinstate_custodian { custodian: self.custodian(*custodian) },
			CustodyCall::RemoveCustodian { custodian } => C::remove_custodian { custodian: self.custodian(*custodian) },
			CustodyCall::PurgeCustodianAccounts { custodian, limit } =>
				C::purge_custodian_accounts { custodian: self.custodian(*custodian), limit: *limit as u32 % 40 },
			CustodyCall::BindVenueAccount { custodian, account_ref } =>
				C::bind_venue_account { custodian: self.custodian(*custodian), account_ref: H256::repeat_byte(*account_ref % 16) },
			CustodyCall::UnbindVenueAccount { custodian } => C::unbind_venue_account { custodian: self.custodian(*custodian) },
			CustodyCall::GrantMandate { custodian, token, part, cap, expiry } => {
				let token = self.token(*token);
				let total = self.my_identity().map_or(0, |id| Token::identity_balance(token, id));
				C::grant_mandate {
					custodian: self.custodian(*custodian),
					token,
					partition: part.map(|p| self.part(token, p, Some(&me))),
					cap: self.amount(token, *cap, total),
					expiry: expiry.map(|when| self.when(when)),
				}
			},
			CustodyCall::RevokeMandate { custodian, token } =>
				C::revoke_mandate { custodian: self.custodian(*custodian), token: self.token(*token) },
			CustodyCall::SuspendMandate { mandate } | CustodyCall::ResumeMandate { mandate } => {
				let managed: Vec<_> = mandates()
					.into_iter()
					.filter(|(_, _, token)| {
						<Token as sto_primitives::token::TokenAuthority<AccountId>>::can_manage_compliance(*token, &me)
					})
					.collect();
				let (investor, custodian, token) = nth(&managed, *mandate)
					.or_else(|| nth(&mandates(), *mandate))
					.unwrap_or((1, 1, 0));
				if matches!(call, CustodyCall::SuspendMandate { .. }) {
					C::suspend_mandate { investor, custodian, token }
				} else {
					C::resume_mandate { investor, custodian, token }
				}
			},
			CustodyCall::Settle { batch_ref, legs, cash } => {
				let custodian = self.my_identity();
				let given: Vec<_> = mandates().into_iter().filter(|(_, c, _)| Some(*c) == custodian).collect();
				let legs: Vec<_> = legs
					.iter()
					.take(6)
					.map(|spec| {
						let (token, from, capacity) = match nth(&given, spec.mandate) {
							Some((investor, custodian, token)) => {
								let from = wallets(investor)
									.into_iter()
									.find(|wallet| holders(token).contains(wallet))
									.or_else(|| primary(investor))
									.unwrap_or_else(|| me.clone());
								let capacity = pallet_custody::Mandates::<Runtime>::get((investor, custodian, token))
									.map_or(u128::MAX, |mandate| mandate.remaining());
								(token, from, capacity)
							},
							None => {
								let token = self.token(Tok::Hint);
								(token, nth(&holders(token), spec.mandate).unwrap_or_else(|| me.clone()), u128::MAX)
							},
						};
						let partition = self.part(token, spec.part, Some(&from));
						let to = self.who(spec.to, Some(token));
						let base = balance(token, partition, &from).min(capacity);
						let amount = self.amount(token, spec.amount, base);
						Leg { token, partition, from, to, amount }
					})
					.collect();
				let cash: Vec<_> = cash
					.iter()
					.take(4)
					.map(|spec| CashLeg {
						asset: ASSETS[spec.asset as usize % ASSETS.len()],
						from: me.clone(),
						to: keys::account(spec.to.0 as usize),
						amount: spec.amount as u128,
					})
					.collect();
				let batch_ref = if batch_ref % 4 == 0 {
					H256::repeat_byte(*batch_ref)
				} else {
					self.memory.batch_refs += 1;
					H256::from_low_u64_be(self.memory.batch_refs)
				};
				C::settle { batch_ref, legs: bounded(legs), cash_legs: bounded(cash) }
			},
		}
	}

	fn balances(&mut self, call: &BalancesCall) -> pallet_balances::Call<Runtime> {
		use pallet_balances::Call as C;
		let acc = |Acc(k): Acc| addr(keys::account(k as usize));
		match call {
			BalancesCall::TransferAllowDeath { to, amount } => C::transfer_allow_death { dest: acc(*to), value: self.money(*amount) },
			BalancesCall::TransferKeepAlive { to, amount } => C::transfer_keep_alive { dest: acc(*to), value: self.money(*amount) },
			BalancesCall::TransferAll { to, keep_alive } => C::transfer_all { dest: acc(*to), keep_alive: *keep_alive },
			BalancesCall::Burn { amount, keep_alive } => C::burn { value: self.money(*amount), keep_alive: *keep_alive },
			BalancesCall::ForceTransfer { from, to, amount } =>
				C::force_transfer { source: acc(*from), dest: acc(*to), value: self.money(*amount) },
			BalancesCall::ForceSetBalance { who, amount } => C::force_set_balance { who: acc(*who), new_free: self.money(*amount) },
		}
	}

	fn assets(&mut self, call: &AssetsCall) -> pallet_assets::Call<Runtime> {
		use pallet_assets::Call as C;
		let mut existing: Vec<u32> = pallet_assets::Asset::<Runtime>::iter_keys().collect();
		existing.sort();
		// An existing asset, mostly; any of ours otherwise (creating one, an unknown one).
		let id = |k: u8| Compact(if k % 8 != 7 { nth(&existing, k) } else { None }.unwrap_or(ASSETS[k as usize % ASSETS.len()]));
		let acc = |Acc(k): Acc| addr(keys::account(k as usize));
		match call {
			AssetsCall::Create { asset, min_balance } =>
				C::create { id: Compact(ASSETS[*asset as usize % ASSETS.len()]), admin: addr(self.me()), min_balance: (*min_balance % 4) as u128 },
			AssetsCall::Mint { asset, to, amount } => C::mint { id: id(*asset), beneficiary: acc(*to), amount: *amount as u128 },
			AssetsCall::Burn { asset, who, amount } => C::burn { id: id(*asset), who: acc(*who), amount: *amount as u128 },
			AssetsCall::Transfer { asset, to, amount } => C::transfer { id: id(*asset), target: acc(*to), amount: *amount as u128 },
			AssetsCall::TransferKeepAlive { asset, to, amount } =>
				C::transfer_keep_alive { id: id(*asset), target: acc(*to), amount: *amount as u128 },
			AssetsCall::ApproveTransfer { asset, delegate, amount } =>
				C::approve_transfer { id: id(*asset), delegate: acc(*delegate), amount: *amount as u128 },
			AssetsCall::TransferApproved { asset, owner, to, amount } => C::transfer_approved {
				id: id(*asset),
				owner: acc(*owner),
				destination: acc(*to),
				amount: *amount as u128,
			},
			AssetsCall::Freeze { asset, who } => C::freeze { id: id(*asset), who: acc(*who) },
			AssetsCall::Thaw { asset, who } => C::thaw { id: id(*asset), who: acc(*who) },
			AssetsCall::Touch { asset } => C::touch { id: id(*asset) },
			AssetsCall::Refund { asset, allow_burn } => C::refund { id: id(*asset), allow_burn: *allow_burn },
			AssetsCall::ForceCreate { asset, owner, sufficient } =>
				C::force_create { id: id(*asset), owner: acc(*owner), is_sufficient: *sufficient, min_balance: 1 },
		}
	}

	fn validators(&mut self, call: &ValidatorCall) -> RuntimeCall {
		match call {
			ValidatorCall::AddValidator { who } =>
				RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator { who: keys::account(who.0 as usize) }),
			ValidatorCall::RemoveValidator { who } =>
				RuntimeCall::ValidatorSet(pallet_validator_set::Call::remove_validator { who: keys::account(who.0 as usize) }),
			ValidatorCall::SetKeys { bad_proof } => {
				let me = self.me();
				let (aura, grandpa, mut proof) = keys::session_keys(keys::index_of(&me).unwrap_or(0), &me.encode());
				if *bad_proof {
					proof[0] ^= 1;
				}
				let keys = SessionKeys { aura: aura.into(), grandpa: grandpa.into() };
				RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof })
			},
			ValidatorCall::PurgeKeys => RuntimeCall::Session(pallet_session::Call::purge_keys {}),
		}
	}

	fn proxies(&mut self, call: &ProxyCall) -> pallet_proxy::Call<Runtime> {
		let kind = |k: u8| [ProxyType::Any, ProxyType::NonTransfer, ProxyType::Governance, ProxyType::CancelProxy][k as usize % 4];
		match call {
			ProxyCall::AddProxy { delegate, kind: k, delay } => pallet_proxy::Call::add_proxy {
				delegate: addr(keys::account(delegate.0 as usize)),
				proxy_type: kind(*k),
				delay: if *delay { 2 } else { 0 },
			},
			ProxyCall::RemoveProxy { delegate, kind: k, delay } => pallet_proxy::Call::remove_proxy {
				delegate: addr(keys::account(delegate.0 as usize)),
				proxy_type: kind(*k),
				delay: if *delay { 2 } else { 0 },
			},
			ProxyCall::RemoveProxies => pallet_proxy::Call::remove_proxies {},
		}
	}

	fn multisig(&mut self, g: u8, call: &Call) -> RuntimeCall {
		let (members, threshold) = group(g);
		let account = multisig_account(&members, threshold);
		let call = self.nested(Origin::Signed(account.clone()), None, call);
		let hash = chain::call_hash(&call).0;
		if !self.memory.multisig_calls.iter().any(|(of, h, _)| *of == account && *h == hash) {
			self.memory.multisig_calls.push((account.clone(), hash, call.clone()));
		}
		let me = self.me();
		let timepoint = pallet_multisig::Multisigs::<Runtime>::get(&account, hash).map(|op| op.when);
		RuntimeCall::Multisig(pallet_multisig::Call::as_multi {
			threshold,
			other_signatories: members.into_iter().filter(|m| *m != me).collect(),
			maybe_timepoint: timepoint,
			max_weight: call.get_dispatch_info().call_weight,
			call: Box::new(call),
		})
	}

	/// An action on the k-th open multisig operation of a group the origin belongs to.
	fn multisig_pending(&mut self, k: u8, action: PendingAction) -> RuntimeCall {
		let me = self.me();
		let open: Vec<(u8, AccountId, [u8; 32], RuntimeCall)> = (0..MULTISIG_GROUPS.len() as u8)
			.filter(|g| group(*g).0.contains(&me))
			.flat_map(|g| {
				let (members, threshold) = group(g);
				let account = multisig_account(&members, threshold);
				self.memory
					.multisig_calls
					.iter()
					.filter(|(of, hash, _)| *of == account && pallet_multisig::Multisigs::<Runtime>::contains_key(of, hash))
					.map(|(of, hash, call)| (g, of.clone(), *hash, call.clone()))
					.collect::<Vec<_>>()
			})
			.collect();
		let Some((g, account, hash, call)) = nth(&open, k) else {
			// Nothing open: a call about an operation that does not exist.
			let (members, threshold) = group(k);
			return RuntimeCall::Multisig(pallet_multisig::Call::cancel_as_multi {
				threshold,
				other_signatories: members.into_iter().filter(|m| *m != me).collect(),
				timepoint: Default::default(),
				call_hash: [k; 32],
			});
		};
		let (members, threshold) = group(g);
		let others: Vec<AccountId> = members.into_iter().filter(|m| *m != me).collect();
		let when = pallet_multisig::Multisigs::<Runtime>::get(&account, hash).map(|op| op.when).unwrap_or_default();
		let max_weight = call.get_dispatch_info().call_weight;
		RuntimeCall::Multisig(match action {
			PendingAction::Approve => pallet_multisig::Call::as_multi {
				threshold,
				other_signatories: others,
				maybe_timepoint: Some(when),
				call: Box::new(call),
				max_weight,
			},
			PendingAction::ApproveHash => pallet_multisig::Call::approve_as_multi {
				threshold,
				other_signatories: others,
				maybe_timepoint: Some(when),
				call_hash: hash,
				max_weight,
			},
			PendingAction::Cancel =>
				pallet_multisig::Call::cancel_as_multi { threshold, other_signatories: others, timepoint: when, call_hash: hash },
		})
	}
}

#[derive(Clone, Copy)]
enum PendingAction {
	Approve,
	ApproveHash,
	Cancel,
}
