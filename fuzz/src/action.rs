//! The action model: what the fuzzer does, in symbolic form.
//!
//! An [`Action`] is a signed transaction ([`Action::Tx`]: a [`Signer`] and a [`Call`]) or a
//! block boundary ([`Action::NextBlock`], with a time jump). Arguments are **symbolic**: they
//! name entities by role and index (`Who::Holder(2)`: the third wallet holding the call's
//! token, `Tok::Hint`: the token the signer was chosen for, `Amount::Part(4)`: half of the
//! sender's balance) and [`crate::resolve`] turns them into a concrete `RuntimeCall` when the
//! action runs, from the chain's state at that moment. So most generated calls pass their
//! first checks (the fuzzer reaches deep states), a sequence stays meaningful when the
//! shrinker removes actions from it, and replaying a sequence on the same start state is
//! deterministic.
//!
//! Adding a call of a pallet: a variant in that pallet's enum here (its fields implement
//! `Arbitrary`), an arm in [`crate::resolve`] building the `RuntimeCall`, and, if it needs a
//! particular signer, an arm in [`crate::generate::natural_signer`].

use arbitrary::{Arbitrary, Result, Unstructured};

/// An enum or struct of the action model, with an `Arbitrary` implementation: each variant
/// equally likely, each field from its own `Arbitrary`. (A `macro_rules!` instead of
/// `#[derive(Arbitrary)]`: the derive feature of `arbitrary` would change the feature set of a
/// crate the node's build shares, and rebuild the SDK for the workspace's tests.)
macro_rules! symbolic {
	(
		$(#[$meta:meta])*
		pub enum $name:ident {
			$(
				$(#[$vmeta:meta])*
				$variant:ident $({ $($field:ident: $ty:ty),* $(,)? })? $(($($tty:ty),* $(,)?))?
			),* $(,)?
		}
	) => {
		$(#[$meta])*
		#[derive(Clone, Debug, PartialEq, Eq)]
		pub enum $name {
			$($(#[$vmeta])* $variant $({ $($field: $ty),* })? $(($($tty),*))?),*
		}

		impl<'a> Arbitrary<'a> for $name {
			fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
				let variants: &[fn(&mut Unstructured<'a>) -> Result<$name>] = &[
					$(|_u| Ok($name::$variant $({ $($field: _u.arbitrary::<$ty>()?),* })? $(($(_u.arbitrary::<$tty>()?),*))?)),*
				];
				variants[u.choose_index(variants.len())?](u)
			}
		}
	};
	(
		$(#[$meta:meta])*
		pub struct $name:ident {
			$($(#[$fmeta:meta])* pub $field:ident: $ty:ty),* $(,)?
		}
	) => {
		$(#[$meta])*
		#[derive(Clone, Debug, PartialEq, Eq)]
		pub struct $name {
			$($(#[$fmeta])* pub $field: $ty),*
		}

		impl<'a> Arbitrary<'a> for $name {
			fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
				Ok($name { $($field: u.arbitrary::<$ty>()?),* })
			}
		}
	};
	(
		$(#[$meta:meta])*
		pub struct $name:ident(pub $ty:ty);
	) => {
		$(#[$meta])*
		#[derive(Clone, Copy, Debug, PartialEq, Eq)]
		pub struct $name(pub $ty);

		impl<'a> Arbitrary<'a> for $name {
			fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
				Ok($name(u.arbitrary()?))
			}
		}
	};
}

/// One step of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
	/// Sign `call` as `signer` (with its next nonce), check it as the pool would, and apply it
	/// in the current block (in the next one if the block is full).
	Tx { signer: Signer, call: Call },
	/// Close the current block (its invariants are checked) and open the next, `jump` later.
	NextBlock(Jump),
}

symbolic! {
	/// A pool account (index modulo [`crate::keys::POOL`]).
	pub struct Acc(pub u8);
}

/// A token: `Hint` is the token the transaction's signer was chosen for (or that the proxied
/// account holds), `Nth(k)` the k-th existing token, `Unknown` an id no token has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
	Hint,
	Nth(u8),
	Unknown,
}

/// An identity: the k-th existing one, the identity of a pool account, the origin's own, or an
/// id no identity has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id {
	Nth(u8),
	Of(Acc),
	Mine,
	Unknown,
}

/// An account argument, relative to the call's token and origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
	/// Any pool account.
	Acc(Acc),
	/// The k-th wallet holding the call's token.
	Holder(u8),
	/// The k-th pool account whose identity is verified for the call's token.
	Verified(u8),
	/// The k-th wallet of the origin's identity.
	Mine(u8),
	/// The k-th holder who made the origin its operator or spender for the call's token.
	Principal(u8),
	/// The k-th pool account without an identity.
	Fresh(u8),
}

symbolic! {
	/// A partition: below 240, the index modulo the token's partitions; otherwise that raw id
	/// (most likely unknown).
	pub struct Part(pub u8);
}

/// An amount of a token, in multiples of its granularity where that makes sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
	/// k/8 of the relevant balance (the sender's in the partition; for issuance, of the
	/// supply), at least one granule.
	Part(u8),
	/// k granules.
	Units(u8),
	/// The whole relevant balance.
	All,
	/// A raw amount (granularity not respected).
	Raw(u64),
	/// Close to `u128::MAX` (overflow paths).
	Huge,
}

/// A time relative to the block's timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
	Past,
	Minutes(u8),
	Hours(u8),
	Days(u8),
}

/// How far the next block is from the current one (at least one slot).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jump {
	Slot,
	Slots(u8),
	Hours(u8),
	Days(u8),
	Months(u8),
}

symbolic! {
	/// A `positions` witness (`unlink_wallet`, `recover_identity`): 0 the exact count, 1 one less,
	/// 2 zero, 3 a generous 64.
	pub struct Witness(pub u8);
}

symbolic! {
	/// A claim topic: mostly KYC, AML, jurisdictions and investor types.
	pub struct Topic(pub u8);
}

symbolic! {
	/// A topic class (for trusted issuers).
	pub struct Class(pub u8);
}

symbolic! {
	/// Where a claim applies.
	#[derive(Copy)]
	pub enum Scope {
		Global,
		Token(Tok),
	}
}

symbolic! {
	/// A country: a few real ones, and one malformed.
	pub struct Country(pub u8);
}

symbolic! {
	/// A role of a token (for signers).
	#[derive(Copy)]
	pub enum Role {
		Owner,
		Supply,
		TransferAgent,
		Compliance,
		Documents,
		Freezer,
	}
}

/// Who signs a transaction, chosen when it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signer {
	/// A pool account.
	Acc(Acc),
	/// The k-th wallet holding the token (any pool account if none).
	Holder(Tok, u8),
	/// The k-th wallet of an identity with the role for the token (the owner holds every role).
	Role(Tok, Role, u8),
	/// The sudo key.
	Sudo,
	/// The k-th council member.
	Council(u8),
	/// A wallet of the k-th claim issuer trusted chain-wide or by a token.
	Issuer(u8),
	/// A wallet of the k-th registrar.
	Registrar(u8),
	/// A wallet of the k-th custodian.
	Custodian(u8),
	/// The k-th account some account made its proxy.
	Delegate(u8),
	/// The k-th account a holder of the token made its operator.
	Operator(Tok, u8),
	/// The k-th account a holder of the token gave an allowance.
	Spender(Tok, u8),
	/// The primary wallet of the k-th identity.
	Primary(u8),
	/// The k-th signatory of multisig group `group` (see [`crate::resolve::MULTISIG_GROUPS`]).
	Member(u8, u8),
}

// --- Calls ----------------------------------------------------------------------------------

/// A call, possibly wrapping others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
	Identity(IdentityCall),
	/// Security-token calls that move tokens (the one movement path).
	Move(MoveCall),
	/// The other security-token calls.
	Token(TokenCall),
	Lifecycle(LifecycleCall),
	Compliance(ComplianceCall),
	Custody(CustodyCall),
	Balances(BalancesCall),
	Assets(AssetsCall),
	Validators(ValidatorCall),
	/// `utility.batch` / `batch_all` / `force_batch`.
	Batch(BatchKind, Vec<Call>),
	/// `utility.if_else`.
	IfElse(Box<Call>, Box<Call>),
	/// `utility.as_derivative`.
	AsDerivative(u8, Box<Call>),
	/// `proxy.proxy` for the k-th account that made the signer its proxy; the inner call is
	/// resolved for that (real) account.
	Proxy(u8, Box<Call>),
	Proxies(ProxyCall),
	/// `multisig.as_multi` of group `g` (a new operation, or the next approval of the same
	/// call); the inner call is resolved for the multisig account.
	Multisig(u8, Box<Call>),
	/// `multisig.as_multi` approving the k-th operation pending in the signer's groups (the
	/// approval that reaches the threshold executes it).
	MultisigApprove(u8),
	/// `multisig.approve_as_multi` (by hash) of the k-th pending operation.
	MultisigApproveHash(u8),
	/// `multisig.cancel_as_multi` of the k-th pending operation.
	MultisigCancel(u8),
	/// `multisig.as_multi_threshold_1` of group `g`.
	MultisigThreshold1(u8, Box<Call>),
	/// `council.propose` (threshold: two thirds of the members) of a call resolved for
	/// governance (root).
	CouncilPropose(Box<Call>),
	/// `council.vote` on the k-th open proposal.
	CouncilVote(u8, bool),
	/// `council.close` of the k-th open proposal.
	CouncilClose(u8),
	/// `council.propose` (unanimous) of `whitelist.whitelist_call` of the hash of a call
	/// resolved for governance (root); the call is remembered for its dispatch.
	CouncilWhitelist(Box<Call>),
	/// `council.propose` (two thirds) of `whitelist.dispatch_whitelisted_call_with_preimage`
	/// (`true`) or `dispatch_whitelisted_call` (by hash: its preimage noted) of the k-th call
	/// remembered for whitelisting.
	CouncilDispatchWhitelisted(u8, bool),
	/// `council.propose` (unanimous) of `whitelist.remove_whitelisted_call` of the k-th call
	/// remembered for whitelisting.
	CouncilRemoveWhitelisted(u8),
	/// A signed (relayed) `whitelist.dispatch_whitelisted_call_with_preimage` (`true`) or
	/// `dispatch_whitelisted_call` of the k-th call remembered for whitelisting: a dispatch the
	/// council's motion deferred (it came before the whitelisting), by any account.
	RelayWhitelisted(u8, bool),
	/// `whitelist.remove_deferred_dispatch` of the k-th call remembered for whitelisting.
	RemoveDeferred(u8),
	/// preimage calls.
	Preimage(PreimageCall),
	/// `sudo.sudo` of a call resolved for root.
	Sudo(Box<Call>),
	/// `sudo.sudo_as` of a call resolved for the account.
	SudoAs(Acc, Box<Call>),
	/// `sudo.set_key` / `sudo.remove_key`.
	SudoKey(SudoKey),
}

symbolic! {
	#[derive(Copy)]
	pub enum BatchKind {
		Batch,
		BatchAll,
		ForceBatch,
	}
}

symbolic! {
	#[derive(Copy)]
	pub enum SudoKey {
		Set(Acc),
		Remove,
	}
}

symbolic! {
	/// identity-registry.
	pub enum IdentityCall {
		/// A registrar creates an identity for `primary` (kind `kind % 6`), with its consent
		/// signature (a wrong one if `bad_consent`).
		RegisterIdentity { primary: Who, kind: u8, bad_consent: bool },
		LinkWallet { wallet: Who, bad_consent: bool },
		UnlinkWallet { wallet: Who, witness: Witness },
		SetPrimaryWallet { new_primary: Who },
		/// Governance: replace `identity`'s primary with `new_primary` (consent signed by it).
		RecoverIdentity { identity: Id, new_primary: Who, bad_consent: bool, witness: Witness },
		AddClaim { subject: Id, topic: Topic, scope: Scope, expiry: Option<When> },
		/// The k-th claim the origin's identity issued (any claim under root), rescoped.
		UpdateClaim { claim: u8, scope: Scope, expiry: Option<When> },
		RevokeClaim { claim: u8 },
		SetTrustedIssuer { issuer: Id, classes: u16 },
		RemoveTrustedIssuer { issuer: Id },
		SetTokenIssuers { token: Tok, class: Class, issuers: Vec<Id> },
		AddRegistrar { identity: Id },
		RemoveRegistrar { identity: Id },
	}
}

symbolic! {
	/// security-token calls that move tokens.
	pub enum MoveCall {
		Issue { token: Tok, part: Part, to: Who, amount: Amount, lockup: Option<When> },
		Redeem { token: Tok, part: Part, amount: Amount },
		RedeemFrom { token: Tok, part: Part, holder: Who, amount: Amount },
		ControllerRedeem { token: Tok, part: Part, holder: Who, amount: Amount },
		Transfer { token: Tok, part: Part, to: Who, amount: Amount, data: bool },
		OperatorTransfer { token: Tok, part: Part, holder: Who, to: Who, amount: Amount },
		TransferFrom { token: Tok, part: Part, holder: Who, to: Who, amount: Amount },
		ControllerTransfer { token: Tok, part: Part, from: Who, to: Who, amount: Amount },
		Reclassify { token: Tok, from: Part, to: Part, account: Who, amount: Amount },
		BuyBack { token: Tok, part: Part, holder: Who, amount: Amount },
	}
}

symbolic! {
	/// Security-token calls that change a token's life for good or for long (made less often).
	pub enum LifecycleCall {
		/// Symbol `symbol % 8` of a few (one malformed), granularity `10^(granularity % 4)`.
		CreateToken { symbol: u8, granularity: u8, cap: Option<u8>, controllable: bool, rights: u8, identifiers: u8 },
		SetStatus { token: Tok, status: u8 },
		OfferOwnership { token: Tok, to: Id },
		AcceptOwnership { token: Tok },
		FinishIssuance { token: Tok },
		RenounceControl { token: Tok },
	}
}

symbolic! {
	/// The other security-token calls.
	pub enum TokenCall {
		/// Pause when `pause % 4 == 0`, unpause otherwise (a token spends less time paused).
		SetPaused { token: Tok, pause: u8 },
		GrantRoles { token: Tok, agent: Id, roles: u8 },
		RevokeRoles { token: Tok, agent: Id, roles: u8 },
		AddPartition { token: Tok, name: u8, rights: u8 },
		SetPartitionRights { token: Tok, part: Part, rights: u8 },
		/// `None`: no cap; `Some(k)`: the supply plus k granules (k = 0: the supply; 255: below it).
		SetSupplyCap { token: Tok, cap: Option<u8> },
		SetIdentifiers { token: Tok, identifiers: u8 },
		AuthorizeOperator { token: Tok, operator: Who, scope: Option<Part> },
		RevokeOperator { token: Tok, operator: Who, scope: Option<Part> },
		Approve { token: Tok, part: Part, spender: Who, amount: Amount },
		FreezeAccount { token: Tok, account: Who },
		UnfreezeAccount { token: Tok, account: Who },
		FreezePartial { token: Tok, part: Part, account: Who, amount: Amount },
		UnfreezePartial { token: Tok, part: Part, account: Who, amount: Amount },
		AddLockup { token: Tok, part: Part, account: Who, amount: Amount, release: When },
		SetDocument { token: Tok, name: u8, uri: u8 },
		RemoveDocument { token: Tok, name: u8 },
	}
}

symbolic! {
	/// compliance.
	pub enum ComplianceCall {
		SetRules { token: Tok, rules: Vec<RuleSpec> },
		SetExemptions { token: Tok, exempt: Vec<Id> },
		/// Pause when `pause % 4 == 0`, resume otherwise.
		SetTradingPaused { token: Tok, pause: u8 },
		/// `limit`: up to 255 (the runtime examines at most `MaxVolumePrune`).
		PruneVolumes { token: Tok, after: Option<Id>, limit: u8 },
	}
}

symbolic! {
	/// One compliance rule, optionally for one partition.
	pub struct RuleSpec {
		pub partition: Option<Part>,
		pub kind: RuleSpecKind,
	}
}

symbolic! {
	pub enum RuleSpecKind {
		/// Claims of topics (`topics`: up to 3), `side % 3`, all (`all`) or any, from trusted
		/// issuers or only `issuers`.
		Claims { side: u8, all: bool, topics: Vec<Topic>, issuers: Option<Vec<Id>> },
		AllowJurisdictions(Vec<Country>),
		BlockJurisdictions(Vec<Country>),
		/// Investor types whose bits are set (bit 0 retail ... bit 3 institutional).
		AllowInvestorTypes(u8),
		/// The token's holder count plus `k - 2` (so some start violated: grandfathered).
		MaxHolders(u8),
		MaxHoldersInJurisdiction(Country, u8),
		MaxHoldersInType(u8, u8),
		/// `k` granules times 100.
		MaxBalance(u8),
		/// `k` percent (0: a bad percentage).
		MaxOwnership(u8),
		HoldingPeriod(When),
		/// Open on days `days` from `open` to `close` hours.
		TradingWindow { days: u8, open: u8, close: u8 },
		VolumeLimit { window: u8, max: u8 },
	}
}

symbolic! {
	/// custody.
	pub enum CustodyCall {
		RegisterCustodian { wallet: Who, roles: u8 },
		SetCustodianRoles { custodian: u8, roles: u8 },
		SuspendCustodian { custodian: u8 },
		ReinstateCustodian { custodian: u8 },
		RemoveCustodian { custodian: u8 },
		PurgeCustodianAccounts { custodian: u8, limit: u8 },
		BindVenueAccount { custodian: u8, account_ref: u8 },
		UnbindVenueAccount { custodian: u8 },
		GrantMandate { custodian: u8, token: Tok, part: Option<Part>, cap: Amount, expiry: Option<When> },
		RevokeMandate { custodian: u8, token: Tok },
		/// The k-th mandate granted for a token the origin manages.
		SuspendMandate { mandate: u8 },
		ResumeMandate { mandate: u8 },
		/// A batch of the origin's custodian: token legs from investors that gave it a mandate
		/// (or from its own wallets), cash legs from its own wallets.
		Settle { batch_ref: u8, legs: Vec<LegSpec>, cash: Vec<CashSpec> },
	}
}

symbolic! {
	pub struct LegSpec {
		/// The k-th mandate given to the custodian (its investor sends), or else any holder.
		pub mandate: u8,
		pub part: Part,
		pub to: Who,
		pub amount: Amount,
	}
}

symbolic! {
	pub struct CashSpec {
		pub asset: u8,
		pub to: Acc,
		pub amount: u8,
	}
}

symbolic! {
	/// balances.
	pub enum BalancesCall {
		TransferAllowDeath { to: Acc, amount: Money },
		TransferKeepAlive { to: Acc, amount: Money },
		TransferAll { to: Acc, keep_alive: bool },
		Burn { amount: Money, keep_alive: bool },
		ForceTransfer { from: Acc, to: Acc, amount: Money },
		ForceSetBalance { who: Acc, amount: Money },
	}
}

symbolic! {
	/// An amount of the fee token.
	#[derive(Copy)]
	pub enum Money {
		/// k milli-units.
		Milli(u8),
		/// k units.
		Units(u16),
		/// k/8 of the sender's free balance.
		Part(u8),
		Raw(u64),
	}
}

symbolic! {
	/// assets (cash for settlements).
	pub enum AssetsCall {
		Create { asset: u8, min_balance: u8 },
		Mint { asset: u8, to: Acc, amount: u16 },
		Burn { asset: u8, who: Acc, amount: u16 },
		Transfer { asset: u8, to: Acc, amount: u16 },
		TransferKeepAlive { asset: u8, to: Acc, amount: u16 },
		ApproveTransfer { asset: u8, delegate: Acc, amount: u16 },
		TransferApproved { asset: u8, owner: Acc, to: Acc, amount: u16 },
		Freeze { asset: u8, who: Acc },
		Thaw { asset: u8, who: Acc },
		Touch { asset: u8 },
		Refund { asset: u8, allow_burn: bool },
		ForceCreate { asset: u8, owner: Acc, sufficient: bool },
	}
}

symbolic! {
	/// validator-set and session.
	pub enum ValidatorCall {
		AddValidator { who: Acc },
		RemoveValidator { who: Acc },
		/// `session.set_keys` with the signer's derived keys and proof (`bad_proof`: a wrong one).
		SetKeys { bad_proof: bool },
		PurgeKeys,
	}
}

symbolic! {
	/// preimage: of the k-th call remembered for whitelisting (its encoding), or (`junk`) of
	/// bytes that are no call.
	pub enum PreimageCall {
		Note { call: u8, junk: bool },
		Unnote { call: u8, junk: bool },
		/// Root only.
		Request { call: u8, junk: bool },
		/// Root only.
		Unrequest { call: u8, junk: bool },
	}
}

symbolic! {
	/// proxy administration.
	pub enum ProxyCall {
		/// `kind % 4`: Any, NonTransfer, Governance, CancelProxy.
		AddProxy { delegate: Acc, kind: u8, delay: bool },
		RemoveProxy { delegate: Acc, kind: u8, delay: bool },
		RemoveProxies,
	}
}

// --- Biased generation of the small symbolic types ---------------------------------------------

/// A weighted choice: `weights[i]` is the weight of outcome `i`.
pub(crate) fn weighted(u: &mut Unstructured<'_>, weights: &[u32]) -> Result<usize> {
	let total: u32 = weights.iter().sum();
	let mut roll = u.int_in_range(0..=total - 1)?;
	for (index, weight) in weights.iter().enumerate() {
		if roll < *weight {
			return Ok(index);
		}
		roll -= weight;
	}
	Ok(weights.len() - 1)
}

impl<'a> Arbitrary<'a> for Tok {
	fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
		Ok(match weighted(u, &[80, 17, 3])? {
			0 => Tok::Hint,
			1 => Tok::Nth(u.arbitrary()?),
			_ => Tok::Unknown,
		})
	}
}

impl<'a> Arbitrary<'a> for Id {
	fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
		Ok(match weighted(u, &[45, 35, 15, 5])? {
			0 => Id::Nth(u.arbitrary()?),
			1 => Id::Of(u.arbitrary()?),
			2 => Id::Mine,
			_ => Id::Unknown,
		})
	}
}

impl<'a> Arbitrary<'a> for Who {
	fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
		Ok(match weighted(u, &[12, 25, 30, 10, 15, 8])? {
			0 => Who::Acc(u.arbitrary()?),
			1 => Who::Holder(u.arbitrary()?),
			2 => Who::Verified(u.arbitrary()?),
			3 => Who::Mine(u.arbitrary()?),
			4 => Who::Principal(u.arbitrary()?),
			_ => Who::Fresh(u.arbitrary()?),
		})
	}
}

impl<'a> Arbitrary<'a> for Amount {
	fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
		Ok(match weighted(u, &[45, 30, 12, 9, 4])? {
			0 => Amount::Part(u.int_in_range(1..=8)?),
			1 => Amount::Units(u.arbitrary()?),
			2 => Amount::All,
			3 => Amount::Raw(u.arbitrary()?),
			_ => Amount::Huge,
		})
	}
}

impl<'a> Arbitrary<'a> for When {
	fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
		Ok(match weighted(u, &[5, 25, 40, 30])? {
			0 => When::Past,
			1 => When::Minutes(u.arbitrary()?),
			2 => When::Hours(u.arbitrary()?),
			_ => When::Days(u.int_in_range(1..=60)?),
		})
	}
}

impl<'a> Arbitrary<'a> for Jump {
	fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
		Ok(match weighted(u, &[55, 15, 15, 12, 3])? {
			0 => Jump::Slot,
			1 => Jump::Slots(u.arbitrary()?),
			2 => Jump::Hours(u.int_in_range(1..=24)?),
			3 => Jump::Days(u.int_in_range(1..=10)?),
			_ => Jump::Months(u.int_in_range(1..=3)?),
		})
	}
}
