//! Defects the fuzzer found, each as the (minimized) action sequence that showed it, replayed
//! on the start state ([`sto_fuzz::setup`]: Dave is identity 3 with a second wallet DaveStash
//! linked on his deposit; AliceStash is ACME's transfer agent and freezer). Each test fails
//! while its defect is open and keeps it fixed afterwards.
//!
//! Pool indices: 0 Alice, 1 Bob, 2 Charlie, 3 Dave, 4 Eve, 5 Ferdie, 6 AliceStash, 7 BobStash,
//! 8 CharlieStash, 9 DaveStash, 10 EveStash, 11 FerdieStash, 12 One, 13 Two.

use sto_fuzz::{action::*, Harness};

/// Run `actions` from the start state; every one must succeed (a step that failed would not
/// reproduce anything), and every check must pass.
fn replay(actions: &[Action]) {
	let mut harness = Harness::new();
	harness.state.strict = true;
	if let Err(failure) = harness.run(actions) {
		panic!("{failure}");
	}
}

/// identity-registry, `recover_identity`: the lost primary wallet is unlinked without releasing
/// the deposit its link holds. A primary wallet that was linked as a further wallet (and made
/// primary with `set_primary_wallet`) has a link deposit, held from the primary that linked
/// it; recovery removes the link record and leaves that deposit held for good ("deposits held
/// differ from the records: IdentityRegistry(Wallet) of Dave: held 49600000000, recorded
/// none"). Found by the fuzzer as `[link_wallet, set_primary_wallet, recover_identity]`.
#[test]
fn recovery_releases_the_lost_wallets_link_deposit() {
	let (dave, ferdie_stash, two) = (Acc(3), Acc(11), Acc(13));
	replay(&[
		Action::Tx {
			signer: Signer::Acc(dave),
			call: Call::Identity(IdentityCall::LinkWallet { wallet: Who::Acc(ferdie_stash), bad_consent: false }),
		},
		Action::Tx {
			signer: Signer::Acc(dave),
			call: Call::Identity(IdentityCall::SetPrimaryWallet { new_primary: Who::Acc(ferdie_stash) }),
		},
		Action::Tx {
			signer: Signer::Sudo,
			call: Call::Sudo(Box::new(Call::Identity(IdentityCall::RecoverIdentity {
				identity: Id::Of(dave),
				new_primary: Who::Acc(two),
				bad_consent: false,
				witness: Witness(0),
			}))),
		},
	]);
}

/// security-token, forced redemption (issue 15, defect 8): `controller_redeem` ignores partial
/// freezes and leaves the holding with more frozen than its balance ("has 2500 frozen ... but
/// a balance of 0"). Found by the fuzzer as `[freeze_partial, batch[controller_redeem, ..]]`.
#[test]
fn a_forced_redemption_leaves_no_freeze_above_the_balance() {
	let (agent, dave) = (Acc(6), Acc(3));
	replay(&[
		Action::Tx {
			signer: Signer::Acc(agent),
			call: Call::Token(TokenCall::FreezePartial {
				token: Tok::Nth(0),
				part: Part(0),
				account: Who::Acc(dave),
				amount: Amount::Part(4),
			}),
		},
		Action::Tx {
			signer: Signer::Acc(agent),
			call: Call::Move(MoveCall::ControllerRedeem {
				token: Tok::Nth(0),
				part: Part(0),
				holder: Who::Acc(dave),
				amount: Amount::All,
			}),
		},
	]);
}

/// security-token, forced transfer (issue 15, defect 8): `controller_transfer` ignores
/// lock-ups and leaves the sender's holding with more locked up than its balance (the stale
/// lock-up then binds the next tokens it receives). Found by the fuzzer as
/// `[issue with a lock-up, controller_transfer]`.
#[test]
fn a_forced_transfer_leaves_no_lockup_above_the_balance() {
	let (agent, dave, eve) = (Acc(6), Acc(3), Acc(4));
	replay(&[
		Action::Tx {
			signer: Signer::Acc(agent),
			call: Call::Token(TokenCall::AddLockup {
				token: Tok::Nth(0),
				part: Part(0),
				account: Who::Acc(dave),
				amount: Amount::Part(4),
				release: When::Days(5),
			}),
		},
		Action::Tx {
			signer: Signer::Acc(agent),
			call: Call::Move(MoveCall::ControllerTransfer {
				token: Tok::Nth(0),
				part: Part(0),
				from: Who::Acc(dave),
				to: Who::Acc(eve),
				amount: Amount::All,
			}),
		},
	]);
}

/// identity-registry (issue 15, defect 2): a token-scoped jurisdiction claim rewrites the
/// subject's chain-wide profile. Charlie, ACME's own jurisdiction issuer, says Dave is in the US
/// for ACME only; Dave's jurisdiction (DE, a global claim of the chain's KYC provider) then
/// reads as none on every token ("identity 3: jurisdiction() is None; its valid global
/// jurisdiction claims from chain-trusted issuers name {DE}"). Found by the fuzzer as
/// `[set_trusted_issuer, add_claim (token scope)]`.
#[test]
fn token_scoped_jurisdiction_claims_leave_the_chain_wide_profile_alone() {
	let (charlie, dave) = (Acc(2), Acc(3));
	replay(&[Action::Tx {
		signer: Signer::Acc(charlie),
		call: Call::Identity(IdentityCall::AddClaim {
			subject: Id::Of(dave),
			// Jurisdiction(US).
			topic: Topic(17),
			scope: Scope::Token(Tok::Nth(0)),
			expiry: None,
		}),
	}]);
}

/// identity-registry (issue 15, defect 2): the same for investor types. Ferdie (trusted
/// chain-wide for every topic) says Dave is accredited for ACME only; Dave's chain-wide
/// investor type (retail, a global claim) then reads as none ("identity 3: investor_type() is
/// None; its best valid global claim from a chain-trusted issuer is Some(Retail)").
#[test]
fn token_scoped_investor_type_claims_leave_the_chain_wide_profile_alone() {
	let (ferdie, dave) = (Acc(5), Acc(3));
	replay(&[Action::Tx {
		signer: Signer::Acc(ferdie),
		call: Call::Identity(IdentityCall::AddClaim {
			subject: Id::Of(dave),
			// Accredited.
			topic: Topic(23),
			scope: Scope::Token(Tok::Nth(0)),
			expiry: None,
		}),
	}]);
}
