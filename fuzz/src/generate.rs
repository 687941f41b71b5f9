//! Bytes to actions: the one generator both runs use (proptest hands it bytes from its random
//! source, libFuzzer from its corpus), built on `arbitrary::Unstructured`.
//!
//! The mix is biased toward calls that can succeed: movements are the most frequent calls,
//! each call gets the signer that may make it (a holder transfers, the supply manager
//! issues, a registrar registers, governance calls run under sudo or a council motion), and
//! one transaction in ten has a random signer instead (the refusal paths).

use crate::action::*;
use arbitrary::{Result, Unstructured};

/// How deep wrappers nest (a batch in a proxy call in a multisig operation ...).
const MAX_DEPTH: u32 = 2;

/// The most calls in one generated batch.
const MAX_BATCH: usize = 6;

/// The most actions one input makes.
pub const MAX_ACTIONS: usize = 2_000;

/// One action from `u` (when `u` runs out of bytes, the rest of the choices are the first
/// option of each).
pub fn action(u: &mut Unstructured<'_>) -> Result<Action> {
	if weighted(u, &[92, 8])? == 1 {
		return Ok(Action::NextBlock(u.arbitrary()?));
	}
	let (signer, call) = transaction(u, 0)?;
	Ok(Action::Tx { signer, call })
}

/// Every action `bytes` make (at most [`MAX_ACTIONS`]).
pub fn actions(bytes: &[u8]) -> Vec<Action> {
	let mut u = Unstructured::new(bytes);
	let mut actions = Vec::new();
	while !u.is_empty() && actions.len() < MAX_ACTIONS {
		match action(&mut u) {
			Ok(action) => actions.push(action),
			Err(_) => break,
		}
	}
	actions
}

/// The action of one chunk of bytes (the proptest run generates one chunk per action, so that
/// shrinking removes whole actions).
pub fn action_of(bytes: &[u8]) -> Action {
	action(&mut Unstructured::new(bytes)).unwrap_or(Action::NextBlock(Jump::Slot))
}

/// A call and the signer that may make it.
pub fn transaction(u: &mut Unstructured<'_>, depth: u32) -> Result<(Signer, Call)> {
	let wrappers = depth < MAX_DEPTH;
	// Categories: movements, token administration, identities, compliance, custody, balances,
	// assets, batches, if_else, proxy calls, proxy administration, multisig, as_derivative,
	// sudo, council, validators, token life cycle, preimages.
	let weights = [
		30,
		8,
		10,
		5,
		8,
		3,
		3,
		if wrappers { 7 } else { 0 },
		if wrappers { 1 } else { 0 },
		if wrappers { 3 } else { 0 },
		1,
		if wrappers { 3 } else { 0 },
		if wrappers { 1 } else { 0 },
		if wrappers { 6 } else { 0 },
		if wrappers { 5 } else { 0 },
		1,
		2,
		2,
	];
	let call = match weighted(u, &weights)? {
		0 => Call::Move(u.arbitrary()?),
		1 => Call::Token(u.arbitrary()?),
		2 => Call::Identity(u.arbitrary()?),
		3 => Call::Compliance(u.arbitrary()?),
		4 => Call::Custody(custody(u)?),
		5 => Call::Balances(u.arbitrary()?),
		6 => Call::Assets(u.arbitrary()?),
		7 => {
			let (signer, first) = transaction(u, depth + 1)?;
			let mut calls = vec![first];
			let more = u.int_in_range(0..=MAX_BATCH - 1)?;
			for _ in 0..more {
				calls.push(transaction(u, depth + 1)?.1);
			}
			return Ok((signer, Call::Batch(u.arbitrary()?, calls)));
		},
		8 => {
			let (signer, main) = transaction(u, depth + 1)?;
			let (_, fallback) = transaction(u, depth + 1)?;
			return Ok((signer, Call::IfElse(Box::new(main), Box::new(fallback))));
		},
		9 => {
			let inner = transaction(u, depth + 1)?.1;
			return Ok((Signer::Delegate(u.arbitrary()?), Call::Proxy(u.arbitrary()?, Box::new(inner))));
		},
		10 => Call::Proxies(u.arbitrary()?),
		11 => return multisig(u, depth),
		12 => {
			let (signer, inner) = transaction(u, depth + 1)?;
			return Ok((signer, Call::AsDerivative(u.arbitrary()?, Box::new(inner))));
		},
		13 => return sudo(u, depth),
		14 => return council(u, depth),
		15 => Call::Validators(u.arbitrary()?),
		17 => match weighted(u, &[6, 3, 1])? {
			0 => Call::Preimage(u.arbitrary()?),
			1 => Call::RelayWhitelisted(u.arbitrary()?, u.arbitrary()?),
			_ => Call::RemoveDeferred(u.arbitrary()?),
		},
		_ => Call::Lifecycle(u.arbitrary()?),
	};
	let signer = if weighted(u, &[90, 10])? == 0 { natural_signer(&call, u)? } else { Signer::Acc(u.arbitrary()?) };
	// A root-only call goes through sudo or a council motion, mostly.
	if signer == Signer::Sudo && !matches!(call, Call::Validators(ValidatorCall::SetKeys { .. } | ValidatorCall::PurgeKeys)) {
		return Ok(match weighted(u, &[84, 10, 6])? {
			0 => (Signer::Sudo, Call::Sudo(Box::new(call))),
			1 => (Signer::Council(u.arbitrary()?), Call::CouncilPropose(Box::new(call))),
			_ => (Signer::Sudo, call),
		});
	}
	Ok((signer, call))
}

/// Custody calls, settlements the most frequent.
fn custody(u: &mut Unstructured<'_>) -> Result<CustodyCall> {
	if weighted(u, &[55, 45])? == 0 {
		let legs = (0..u.int_in_range(1..=4)?).map(|_| u.arbitrary()).collect::<Result<_>>()?;
		let cash = (0..u.int_in_range(0..=2)?).map(|_| u.arbitrary()).collect::<Result<_>>()?;
		return Ok(CustodyCall::Settle { batch_ref: u.arbitrary()?, legs, cash });
	}
	u.arbitrary()
}

/// A governance call: what sudo and council motions carry (root-only calls mostly, any call
/// sometimes).
fn governance(u: &mut Unstructured<'_>, depth: u32) -> Result<Call> {
	Ok(match weighted(u, &[30, 20, 12, 10, 6, 4, 18])? {
		0 => Call::Identity(match weighted(u, &[25, 25, 15, 15, 10, 10])? {
			0 => IdentityCall::RecoverIdentity {
				identity: u.arbitrary()?,
				new_primary: u.arbitrary()?,
				bad_consent: weighted(u, &[9, 1])? == 1,
				witness: u.arbitrary()?,
			},
			1 => IdentityCall::SetTrustedIssuer { issuer: u.arbitrary()?, classes: u.arbitrary()? },
			2 => IdentityCall::RemoveTrustedIssuer { issuer: u.arbitrary()? },
			3 => IdentityCall::RevokeClaim { claim: u.arbitrary()? },
			4 => IdentityCall::AddRegistrar { identity: u.arbitrary()? },
			_ => IdentityCall::RemoveRegistrar { identity: u.arbitrary()? },
		}),
		1 => Call::Custody(match weighted(u, &[30, 10, 20, 15, 10, 15])? {
			0 => CustodyCall::RegisterCustodian { wallet: u.arbitrary()?, roles: u.arbitrary()? },
			1 => CustodyCall::SetCustodianRoles { custodian: u.arbitrary()?, roles: u.arbitrary()? },
			2 => CustodyCall::SuspendCustodian { custodian: u.arbitrary()? },
			3 => CustodyCall::ReinstateCustodian { custodian: u.arbitrary()? },
			4 => CustodyCall::RemoveCustodian { custodian: u.arbitrary()? },
			_ => CustodyCall::PurgeCustodianAccounts { custodian: u.arbitrary()?, limit: u.arbitrary()? },
		}),
		2 => Call::Validators(match weighted(u, &[1, 1])? {
			0 => ValidatorCall::AddValidator { who: u.arbitrary()? },
			_ => ValidatorCall::RemoveValidator { who: u.arbitrary()? },
		}),
		3 => Call::Balances(match weighted(u, &[1, 1])? {
			0 => BalancesCall::ForceTransfer { from: u.arbitrary()?, to: u.arbitrary()?, amount: u.arbitrary()? },
			_ => BalancesCall::ForceSetBalance { who: u.arbitrary()?, amount: u.arbitrary()? },
		}),
		4 => Call::Assets(AssetsCall::ForceCreate { asset: u.arbitrary()?, owner: u.arbitrary()?, sufficient: u.arbitrary()? }),
		5 if depth < MAX_DEPTH => Call::Batch(u.arbitrary()?, vec![governance(u, depth + 1)?, governance(u, depth + 1)?]),
		_ => transaction(u, depth + 1)?.1,
	})
}

fn sudo(u: &mut Unstructured<'_>, depth: u32) -> Result<(Signer, Call)> {
	Ok(match weighted(u, &[82, 15, 3])? {
		0 => (Signer::Sudo, Call::Sudo(Box::new(governance(u, depth + 1)?))),
		1 => {
			let (signer, inner) = transaction(u, depth + 1)?;
			let who = match signer {
				Signer::Acc(acc) => acc,
				_ => u.arbitrary()?,
			};
			(Signer::Sudo, Call::SudoAs(who, Box::new(inner)))
		},
		_ => (if weighted(u, &[9, 1])? == 0 { Signer::Sudo } else { Signer::Acc(u.arbitrary()?) }, Call::SudoKey(u.arbitrary()?)),
	})
}

fn council(u: &mut Unstructured<'_>, depth: u32) -> Result<(Signer, Call)> {
	let member = Signer::Council(u.arbitrary()?);
	// Votes and closes outnumber motions: a motion passes with two votes and a close.
	Ok(match weighted(u, &[14, 45, 25, 6, 7, 3])? {
		0 => (member, Call::CouncilPropose(Box::new(governance(u, depth + 1)?))),
		1 => (member, Call::CouncilVote(u.arbitrary()?, weighted(u, &[85, 15])? == 0)),
		2 => (member, Call::CouncilClose(u.arbitrary()?)),
		3 => (member, Call::CouncilWhitelist(Box::new(governance(u, depth + 1)?))),
		4 => (member, Call::CouncilDispatchWhitelisted(u.arbitrary()?, u.arbitrary()?)),
		_ => (member, Call::CouncilRemoveWhitelisted(u.arbitrary()?)),
	})
}

fn multisig(u: &mut Unstructured<'_>, depth: u32) -> Result<(Signer, Call)> {
	let group: u8 = u.arbitrary()?;
	let member = Signer::Member(group, u.arbitrary()?);
	Ok(match weighted(u, &[30, 35, 10, 10, 15])? {
		0 => (member, Call::Multisig(group, Box::new(transaction(u, depth + 1)?.1))),
		1 => (member, Call::MultisigApprove(u.arbitrary()?)),
		2 => (member, Call::MultisigApproveHash(u.arbitrary()?)),
		3 => (member, Call::MultisigCancel(u.arbitrary()?)),
		_ => (member, Call::MultisigThreshold1(group, Box::new(transaction(u, depth + 1)?.1))),
	})
}

/// The signer that may make `call` (the token it names is the signer's token: `Tok::Hint`).
pub fn natural_signer(call: &Call, u: &mut Unstructured<'_>) -> Result<Signer> {
	let token = Tok::Nth(u.arbitrary()?);
	let holder = Signer::Holder(token, u.arbitrary()?);
	let any = Signer::Acc(u.arbitrary()?);
	let pick: u8 = u.arbitrary()?;
	Ok(match call {
		Call::Move(call) => match call {
			MoveCall::Issue { .. } => Signer::Role(token, Role::Supply, pick),
			MoveCall::Redeem { .. } | MoveCall::Transfer { .. } => holder,
			MoveCall::ControllerRedeem { .. } |
			MoveCall::ControllerTransfer { .. } |
			MoveCall::Reclassify { .. } => Signer::Role(token, Role::TransferAgent, pick),
			MoveCall::BuyBack { .. } => Signer::Role(token, Role::Supply, pick),
			// Operators and spenders: an account a holder authorized.
			MoveCall::OperatorTransfer { .. } => Signer::Operator(token, pick),
			MoveCall::TransferFrom { .. } => Signer::Spender(token, pick),
			MoveCall::RedeemFrom { .. } =>
				if weighted(u, &[1, 1])? == 0 { Signer::Operator(token, pick) } else { Signer::Spender(token, pick) },
		},
		Call::Lifecycle(call) => match call {
			LifecycleCall::CreateToken { .. } => holder,
			LifecycleCall::SetStatus { .. } | LifecycleCall::OfferOwnership { .. } | LifecycleCall::RenounceControl { .. } =>
				Signer::Role(token, Role::Owner, pick),
			LifecycleCall::AcceptOwnership { .. } => Signer::Primary(pick),
			LifecycleCall::FinishIssuance { .. } => Signer::Role(token, Role::Supply, pick),
		},
		Call::Token(call) => match call {
			TokenCall::GrantRoles { .. } |
			TokenCall::RevokeRoles { .. } |
			TokenCall::AddPartition { .. } |
			TokenCall::SetPartitionRights { .. } |
			TokenCall::SetIdentifiers { .. } => Signer::Role(token, Role::Owner, pick),
			TokenCall::SetSupplyCap { .. } => Signer::Role(token, Role::Supply, pick),
			TokenCall::SetPaused { .. } |
			TokenCall::FreezeAccount { .. } |
			TokenCall::UnfreezeAccount { .. } |
			TokenCall::FreezePartial { .. } |
			TokenCall::UnfreezePartial { .. } => Signer::Role(token, Role::Freezer, pick),
			TokenCall::AddLockup { .. } => Signer::Role(token, Role::TransferAgent, pick),
			TokenCall::SetDocument { .. } | TokenCall::RemoveDocument { .. } => Signer::Role(token, Role::Documents, pick),
			TokenCall::AuthorizeOperator { .. } | TokenCall::RevokeOperator { .. } | TokenCall::Approve { .. } => holder,
		},
		Call::Identity(call) => match call {
			IdentityCall::RegisterIdentity { .. } => Signer::Registrar(u.arbitrary()?),
			IdentityCall::AddClaim { .. } | IdentityCall::UpdateClaim { .. } | IdentityCall::RevokeClaim { .. } =>
				if weighted(u, &[4, 1])? == 0 { Signer::Issuer(u.arbitrary()?) } else { Signer::Role(token, Role::Compliance, pick) },
			IdentityCall::SetTokenIssuers { .. } => Signer::Role(token, Role::Compliance, pick),
			IdentityCall::RecoverIdentity { .. } |
			IdentityCall::SetTrustedIssuer { .. } |
			IdentityCall::RemoveTrustedIssuer { .. } |
			IdentityCall::AddRegistrar { .. } |
			IdentityCall::RemoveRegistrar { .. } => Signer::Sudo,
			// Wallet management: the identity's primary wallet.
			_ => Signer::Primary(pick),
		},
		Call::Compliance(ComplianceCall::PruneVolumes { .. }) => any,
		Call::Compliance(_) => Signer::Role(token, Role::Compliance, pick),
		Call::Preimage(PreimageCall::Request { .. } | PreimageCall::Unrequest { .. }) => Signer::Sudo,
		Call::Preimage(_) => if weighted(u, &[1, 1])? == 0 { Signer::Council(pick) } else { any },
		Call::Custody(call) => match call {
			CustodyCall::Settle { .. } => Signer::Custodian(u.arbitrary()?),
			CustodyCall::SuspendMandate { .. } | CustodyCall::ResumeMandate { .. } => Signer::Role(token, Role::Compliance, pick),
			CustodyCall::BindVenueAccount { .. } |
			CustodyCall::UnbindVenueAccount { .. } |
			CustodyCall::GrantMandate { .. } |
			CustodyCall::RevokeMandate { .. } => holder,
			_ => Signer::Sudo,
		},
		Call::Balances(BalancesCall::ForceTransfer { .. } | BalancesCall::ForceSetBalance { .. }) => Signer::Sudo,
		Call::Assets(AssetsCall::ForceCreate { .. }) => Signer::Sudo,
		Call::Assets(_) => if weighted(u, &[1, 1])? == 0 { Signer::Custodian(u.arbitrary()?) } else { any },
		Call::Validators(ValidatorCall::AddValidator { .. } | ValidatorCall::RemoveValidator { .. }) => Signer::Sudo,
		_ => any,
	})
}
