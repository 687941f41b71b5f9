//! The fuzzer's checks bite: each is shown to fail on a state or an event stream that breaks
//! what it checks (a fuzzer whose checks never fail proves nothing). The state is broken by
//! writing storage directly, as no call should be able to.

use polkadot_sdk::{
	frame_support::dispatch::DispatchClass, frame_system, pallet_balances, sp_keyring::Sr25519Keyring as K,
	sp_runtime::transaction_validity::InvalidTransaction,
};
use sto_fuzz::{checks, harness::State, Harness};
use sto_runtime::{Runtime, RuntimeEvent};

/// The start state passes every check.
#[test]
fn the_start_state_passes_every_check() {
	let mut harness = Harness::new();
	harness.with_state(|state| {
		checks::after_block().expect("the setup keeps the invariants");
		state.model.compare(state.block.now).expect("the events rebuild the setup");
	});
	assert!(harness.state.model.holders(0) > 5, "the setup issued ACME to several identities");
}

/// A balance changed without a `Moved` event: the cap table rebuilt from events differs.
#[test]
fn a_balance_changed_without_an_event_is_found() {
	let mut harness = Harness::new();
	let message = harness.with_state(|state| {
		let dave = pallet_identity_registry::IdentityOf::<Runtime>::get(K::Dave.to_account_id()).unwrap();
		pallet_security_token::Positions::<Runtime>::mutate(dave, 0, |position| {
			let position = position.as_mut().unwrap();
			position.holdings[0].balance += 1;
			position.total += 1;
		});
		state.model.compare(state.block.now).unwrap_err()
	});
	assert!(message.contains("balance (token, partition, wallet)"), "{message}");
}

/// A claim written without an event: the identities rebuilt from events differ.
#[test]
fn a_claim_revoked_without_an_event_is_found() {
	let mut harness = Harness::new();
	let message = harness.with_state(|state| {
		pallet_identity_registry::Claims::<Runtime>::remove(3);
		state.model.compare(state.block.now).unwrap_err()
	});
	assert!(message.contains("claim"), "{message}");
}

fn moved(to: &sto_runtime::AccountId, amount: u128) -> RuntimeEvent {
	RuntimeEvent::SecurityToken(pallet_security_token::Event::Moved {
		token: 0,
		partition: 0,
		to_partition: 0,
		from: None,
		to: Some(to.clone()),
		amount,
		kind: pallet_security_token::MovementKind::Issue,
		operator: None,
		reference: None,
	})
}

/// Tokens reaching an identity that is not verified at that moment.
#[test]
fn a_receipt_by_an_unverified_identity_is_found() {
	let mut harness = Harness::new();
	let (no_identity, unverified) = harness.with_state(|state: &mut State| {
		let now = state.block.now;
		let no_identity = state.model.on_event(&moved(&K::Two.to_account_id(), 1), now).unwrap_err();
		// Dave's KYC claim revoked (as its event says), then Dave receives.
		let revoked = RuntimeEvent::IdentityRegistry(pallet_identity_registry::Event::ClaimRevoked {
			subject: 3,
			topic: sto_primitives::identity::ClaimTopic::Kyc,
			issuer: 1,
			scope: sto_primitives::identity::ClaimScope::Global,
		});
		state.model.on_event(&revoked, now).unwrap();
		let unverified = state.model.on_event(&moved(&K::Dave.to_account_id(), 1), now).unwrap_err();
		(no_identity, unverified)
	});
	assert!(no_identity.contains("a wallet of no identity"), "{no_identity}");
	assert!(unverified.contains("while not verified"), "{unverified}");
}

/// A movement that leaves a limit violated (ACME's `MaxBalance` of 150,000 for Dave, who is
/// not exempt), and one that is grandfathered (Charlie's treasury is exempt).
#[test]
fn a_movement_past_a_limit_is_found() {
	let mut harness = Harness::new();
	let (over, exempt) = harness.with_state(|state: &mut State| {
		let now = state.block.now;
		let over = state.model.on_event(&moved(&K::Dave.to_account_id(), 200_000), now).unwrap_err();
		let exempt = state.model.on_event(&moved(&K::Charlie.to_account_id(), 100), now);
		(over, exempt)
	});
	assert!(over.contains("a limit is left violated") && over.contains("the limit is 150000"), "{over}");
	exempt.expect("an exempt identity is not bound");
}

/// A pallet invariant broken in storage: its `try_state` says so.
#[test]
fn a_broken_pallet_invariant_is_found() {
	let mut harness = Harness::new();
	let message = harness.with(|| {
		pallet_security_token::Tokens::<Runtime>::mutate(0, |token| token.as_mut().unwrap().holder_count += 1);
		checks::after_block().unwrap_err()
	});
	assert!(message.contains("security-token try_state") && message.contains("holder count"), "{message}");
}

/// More frozen than held (what a forced move past a partial freeze would leave).
#[test]
fn a_freeze_above_the_balance_is_found() {
	let mut harness = Harness::new();
	let message = harness.with(|| {
		let dave = pallet_identity_registry::IdentityOf::<Runtime>::get(K::Dave.to_account_id()).unwrap();
		pallet_security_token::Positions::<Runtime>::mutate(dave, 0, |position| {
			let holding = &mut position.as_mut().unwrap().holdings[0];
			holding.frozen = holding.balance + 1;
		});
		checks::holdings().unwrap_err()
	});
	assert!(message.contains("frozen"), "{message}");
}

/// Normal-class weight above the class's maximum.
#[test]
fn an_overweight_block_is_found() {
	let mut harness = Harness::new();
	let message = harness.with(|| {
		let max = sto_runtime::configs::RuntimeBlockWeights::get().max_block;
		frame_system::BlockWeight::<Runtime>::mutate(|weight| weight.set(max, DispatchClass::Normal));
		checks::block_weight().unwrap_err()
	});
	assert!(message.contains("Normal"), "{message}");
}

/// Issuance that the accounts do not hold, and a deposit held without its record.
#[test]
fn fee_token_and_deposit_discrepancies_are_found() {
	let mut harness = Harness::new();
	let (issuance, deposit) = harness.with(|| {
		pallet_balances::TotalIssuance::<Runtime>::mutate(|issuance| *issuance += 1);
		let issuance = checks::fee_token_issuance().unwrap_err();
		use polkadot_sdk::frame_support::traits::fungible::MutateHold;
		let reason = pallet_identity_registry::HoldReason::Claim.into();
		<sto_runtime::Balances as MutateHold<_>>::hold(&reason, &K::Eve.to_account_id(), 1).unwrap();
		(issuance, checks::deposits().unwrap_err())
	});
	assert!(issuance.contains("total issuance"), "{issuance}");
	assert!(deposit.contains("held 1, recorded none"), "{deposit}");
}

/// The pool refusing (compliance) a transaction whose dispatch succeeds fails the run.
#[test]
fn a_false_pool_refusal_fails_the_run() {
	let mut harness = Harness::new();
	let call = sto_runtime::RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	let message = harness.with_state(|state| {
		state.open_block(6_000).unwrap();
		state.included(&call, Err(InvalidTransaction::Custom(0x53).into()), Ok(())).unwrap_err()
	});
	assert!(message.starts_with("false refusal"), "{message}");
}

/// For a movement call signed directly, the pool's code must be the refusal of the dispatch's
/// error: a wrong code, and a policy failure the pool accepted, fail the run.
#[test]
fn a_pool_code_other_than_the_dispatchs_refusal_is_found() {
	let mut harness = Harness::new();
	let call = sto_runtime::RuntimeCall::SecurityToken(pallet_security_token::Call::transfer_by_partition {
		token: 0,
		partition: 0,
		to: K::Eve.to_account_id(),
		amount: 1,
		data: None,
	});
	let paused: polkadot_sdk::sp_runtime::DispatchError = pallet_security_token::Error::<Runtime>::Paused.into();
	let (wrong_code, accepted) = harness.with_state(|state| {
		state.open_block(6_000).unwrap();
		let code = sto_primitives::refusal::Refusal::Paused.code();
		state.included(&call, Err(InvalidTransaction::Custom(code).into()), Err(paused)).unwrap();
		let wrong_code = state.included(&call, Err(InvalidTransaction::Custom(code + 1).into()), Err(paused)).unwrap_err();
		let accepted = state.included(&call, Ok(Default::default()), Err(paused)).unwrap_err();
		(wrong_code, accepted)
	});
	assert!(wrong_code.starts_with("the pool's code Some(6)"), "{wrong_code}");
	assert!(accepted.starts_with("the pool's code None"), "{accepted}");
}

/// `prune_volumes` removing a counter the token's volume rule still reads is found (ACME, token 0, has
/// a daily volume limit; the counter the events gave Dave is gone from storage).
#[test]
fn a_pruned_counter_a_rule_still_reads_is_found() {
	let mut harness = Harness::new();
	let message = harness.with_state(|state: &mut State| {
		let now = state.block.now;
		let bucket = now / <<Runtime as pallet_compliance::Config>::VolumeBucketMs as polkadot_sdk::frame_support::traits::Get<u64>>::get();
		state.model.volumes.insert((0, 3), [(bucket, 500)].into());
		let removed = polkadot_sdk::frame_support::BoundedVec::truncate_from(vec![3]);
		let pruned = RuntimeEvent::Compliance(pallet_compliance::Event::VolumesPruned { token: 0, removed, next: None });
		state.model.on_event(&pruned, now).unwrap_err()
	});
	assert!(message.starts_with("prune_volumes removed the counter of identity 3"), "{message}");
}

/// A counter gone from storage that `VolumesPruned` does not name is found (the event must say
/// which counters went: docs/ARCHITECTURE.md rule 7).
#[test]
fn a_counter_pruned_without_being_named_is_found() {
	let mut harness = Harness::new();
	let message = harness.with_state(|state: &mut State| {
		let now = state.block.now;
		state.model.volumes.insert((0, 3), [(0, 500)].into());
		let pruned = RuntimeEvent::Compliance(pallet_compliance::Event::VolumesPruned {
			token: 0,
			removed: Default::default(),
			next: None,
		});
		state.model.on_event(&pruned, now).unwrap_err()
	});
	assert!(message.starts_with("counters of identities [3] on token 0 went without VolumesPruned naming them"), "{message}");
}

/// A movement the token's state forbids: a transfer while the token is paused.
#[test]
fn a_movement_the_token_forbids_is_found() {
	let mut harness = Harness::new();
	let message = harness.with_state(|state: &mut State| {
		let now = state.block.now;
		let paused = RuntimeEvent::SecurityToken(pallet_security_token::Event::PauseSet { token: 0, paused: true });
		state.model.on_event(&paused, now).unwrap();
		let transfer = RuntimeEvent::SecurityToken(pallet_security_token::Event::Moved {
			token: 0,
			partition: 0,
			to_partition: 0,
			from: Some(K::Dave.to_account_id()),
			to: Some(K::Eve.to_account_id()),
			amount: 1,
			kind: pallet_security_token::MovementKind::Transfer,
			operator: None,
			reference: None,
		});
		state.model.on_event(&transfer, now).unwrap_err()
	});
	assert!(message.contains("while the token is paused"), "{message}");
}

/// A settlement leg under a suspended mandate (Dave's mandate to Bob's exchange for ACME).
#[test]
fn a_leg_under_a_suspended_mandate_is_found() {
	let mut harness = Harness::new();
	let message = harness.with_state(|state: &mut State| {
		let now = state.block.now;
		let suspended = RuntimeEvent::Custody(pallet_custody::Event::MandateSuspended { investor: 3, custodian: 6, token: 0 });
		state.model.on_event(&suspended, now).unwrap();
		let leg = RuntimeEvent::SecurityToken(pallet_security_token::Event::Moved {
			token: 0,
			partition: 0,
			to_partition: 0,
			from: Some(K::Dave.to_account_id()),
			to: Some(K::Eve.to_account_id()),
			amount: 1,
			kind: pallet_security_token::MovementKind::Settlement,
			operator: Some(K::Bob.to_account_id()),
			reference: None,
		});
		state.model.on_event(&leg, now).unwrap();
		let settled = RuntimeEvent::Custody(pallet_custody::Event::LegSettled {
			custodian: 6,
			batch_ref: Default::default(),
			leg: 0,
			investor: 3,
			mandate_remaining: Some(1_999),
		});
		state.model.on_event(&settled, now).unwrap_err()
	});
	assert!(message.contains("suspended"), "{message}");
}

/// An identity's chain-wide jurisdiction that its claims do not give (Dave's global DE claim
/// gone from the claims the events gave: `jurisdiction()` still says DE).
#[test]
fn a_profile_its_claims_do_not_give_is_found() {
	use sto_primitives::identity::{ClaimTopic, CountryCode};
	let mut harness = Harness::new();
	let message = harness.with_state(|state: &mut State| {
		let tokens = pallet_security_token::Tokens::<Runtime>::iter_keys().collect();
		state.model.check_profiles(&tokens, state.block.now).unwrap();
		state.model.claims.retain(|(subject, topic, _, scope), _| {
			!(*subject == 3 && *topic == ClaimTopic::Jurisdiction(CountryCode(*b"DE")) && scope.is_none())
		});
		state.model.check_profiles(&tokens, state.block.now).unwrap_err()
	});
	assert!(message.contains("identity 3: jurisdiction() is Some(\"DE\")"), "{message}");
}
