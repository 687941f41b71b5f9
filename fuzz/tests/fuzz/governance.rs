//! The council's path to `Root` as the fuzzer drives it (issue 16: pallet-whitelist with
//! pallet-preimage): a unanimous motion whitelists a call's hash, a two-thirds motion
//! dispatches it (with its preimage, or by hash once the preimage is noted); a dispatch motion
//! that comes before the whitelisting is deferred, and any account relays it afterwards.
//! Replayed strictly: every step must succeed, every check must pass.
//!
//! Pool indices: 0 Alice, 1 Bob (the council), 2 Charlie, ... 12 One.

use sto_fuzz::{action::*, Harness};

fn replay(actions: &[Action]) {
	let mut harness = Harness::new();
	harness.state.strict = true;
	if let Err(failure) = harness.run(actions) {
		panic!("{failure}");
	}
}

fn tx(signer: Signer, call: Call) -> Action {
	Action::Tx { signer, call }
}

/// A member proposes, both vote aye (a proposer's vote is not implied), one closes (the
/// newest motion each time).
fn motion(proposal: Call) -> Vec<Action> {
	vec![
		tx(Signer::Council(0), proposal),
		tx(Signer::Council(0), Call::CouncilVote(0, true)),
		tx(Signer::Council(1), Call::CouncilVote(0, true)),
		tx(Signer::Council(0), Call::CouncilClose(0)),
	]
}

/// The call governance runs: One's balance set by force.
fn governance_call() -> Call {
	Call::Balances(BalancesCall::ForceSetBalance { who: Acc(12), amount: Money::Units(77) })
}

#[test]
fn a_whitelisted_call_is_dispatched_with_its_preimage() {
	let mut actions = motion(Call::CouncilWhitelist(Box::new(governance_call())));
	actions.extend(motion(Call::CouncilDispatchWhitelisted(0, true)));
	replay(&actions);
}

#[test]
fn a_whitelisted_call_is_dispatched_by_hash_once_its_preimage_is_noted() {
	let mut actions = motion(Call::CouncilWhitelist(Box::new(governance_call())));
	actions.push(tx(Signer::Acc(Acc(2)), Call::Preimage(PreimageCall::Note { call: 0, junk: false })));
	actions.extend(motion(Call::CouncilDispatchWhitelisted(0, false)));
	replay(&actions);
}

#[test]
fn a_deferred_dispatch_is_relayed_by_anyone_once_whitelisted() {
	// The dispatch motion first (deferred), then the whitelisting, then Charlie relays.
	let mut actions = vec![tx(Signer::Council(0), Call::CouncilWhitelist(Box::new(governance_call())))];
	// The whitelisting motion stays open; the dispatch motion passes first.
	actions.extend(motion(Call::CouncilDispatchWhitelisted(0, true)));
	actions.push(tx(Signer::Council(0), Call::CouncilVote(0, true)));
	actions.push(tx(Signer::Council(1), Call::CouncilVote(0, true)));
	actions.push(tx(Signer::Council(0), Call::CouncilClose(0)));
	actions.push(tx(Signer::Acc(Acc(2)), Call::RelayWhitelisted(0, true)));
	replay(&actions);
}
