//! Unit tests: every call's success and failure paths, and the attacks an offering must resist.
//! Every test ends with every pallet's invariants (`run_test`).

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold as _, BoundedVec},
	sp_runtime::DispatchError,
};
use pallet_security_token::Event as TokenEvent;
use sto_primitives::{
	identity::{ClaimScope, ClaimStatus, ClaimTopic},
	refusal::Refusal,
	token::MovementKind,
};

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn supply(token: TokenId) -> TokenBalance {
	pallet_security_token::Tokens::<Test>::get(token).expect("token").total_supply
}

fn refused(refusal: Refusal) -> Error<Test> {
	Error::<Test>::TokenRefused(refusal)
}

#[test]
fn create_offering_reserves_the_tiers_against_the_cap_and_holds_a_deposit() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		assert_eq!(Token::reserved(token), 200);
		assert_eq!(Balances::balance_on_hold(&RuntimeHoldReason::Offer(HoldReason::Offering), &ISSUER), OFFERING_DEPOSIT);
		let record = offering(id);
		assert_eq!((record.status, record.sold, record.raised, record.reserved), (OfferingStatus::Open, 0, 0, 200));
		assert_eq!(record.filled.into_inner(), vec![0, 0]);
		assert_eq!(events(), vec![Event::OfferingCreated { offering: id, manager: ISSUER, terms: terms(token) }]);
		// Manual issuance now sees 1,600 of the cap.
		assert_noop!(
			Token::issue(signed(ISSUER), token, 0, A, 1_601, None),
			pallet_security_token::Error::<Test>::SupplyCapExceeded
		);
		assert_ok!(Token::issue(signed(ISSUER), token, 0, A, 1_600, None));
		// A second offering finds nothing left under the cap.
		assert_noop!(Offer::create_offering(signed(ISSUER), terms(token)), refused(Refusal::SupplyCapExceeded));
	});
}

#[test]
fn create_offering_refuses_bad_terms() {
	run_test(|| {
		let token = garage();
		let bad = |change: &dyn Fn(&mut TermsOf<Test>), error: Error<Test>| {
			let mut terms = terms(token);
			change(&mut terms);
			assert_noop!(Offer::create_offering(signed(ISSUER), terms), error);
		};
		assert_noop!(Offer::create_offering(signed(A), terms(token)), Error::<Test>::NotAuthorized);
		bad(&|t| t.tiers = BoundedVec::new(), Error::<Test>::BadTiers);
		bad(&|t| t.tiers[0].size = 0, Error::<Test>::BadTiers);
		bad(&|t| t.tiers[1].price = 0, Error::<Test>::BadTiers);
		bad(&|t| t.price_per = 0, Error::<Test>::BadTiers);
		bad(&|t| t.end = t.start, Error::<Test>::BadWindow);
		bad(&|t| (t.start, t.end) = (START - 2 * HOUR, START - HOUR), Error::<Test>::BadWindow);
		bad(&|t| t.lockup_until = Some(t.end), Error::<Test>::BadLockup);
		bad(&|t| t.max_raise = 0, Error::<Test>::BadLimits);
		bad(&|t| t.min_raise = t.max_raise + 1, Error::<Test>::BadLimits);
		bad(&|t| t.max_per_identity = 0, Error::<Test>::BadLimits);
		bad(&|t| t.min_ticket = t.max_per_identity + 1, Error::<Test>::BadLimits);
		bad(&|t| t.cash = 99, Error::<Test>::UnknownAsset);
		bad(&|t| t.partition = 7, refused(Refusal::UnknownPartition));
		bad(&|t| t.tiers[1].size = 1_701, refused(Refusal::SupplyCapExceeded));
		bad(&|t| t.token = 42, Error::<Test>::NotAuthorized);
		assert_eq!(NextOfferingId::<Test>::get(), 0);
		assert_eq!(Token::reserved(token), 0);
	});
}

#[test]
fn tiers_fill_in_order_and_each_tier_rounds_its_cost_up() {
	run_test(|| {
		let token = garage();
		let mut terms = terms(token);
		// 10 USD per 3 units in tier 0, 12 per 3 in tier 1.
		terms.price_per = 3;
		let id = create(terms);
		// 98 units of tier 0: ⌈98 × 10 / 3⌉ = 327.
		let first = subscribe(id, A, 98);
		assert_eq!(held(A), 327);
		assert_eq!(cash(A), CASH - 327);
		// 2 of tier 0 (⌈20/3⌉ = 7) and 8 of tier 1 (⌈96/3⌉ = 32).
		let second = subscribe(id, B, 10);
		assert_eq!(held(B), 39);
		let record = offering(id);
		assert_eq!(record.filled.clone().into_inner(), vec![100, 8]);
		assert_eq!((record.sold, record.raised, record.pending), (108, 366, 2));
		let subscribed = events().into_iter().filter(|event| matches!(event, Event::Subscribed { .. })).collect::<Vec<_>>();
		assert_eq!(
			subscribed,
			vec![
				Event::Subscribed {
					offering: id,
					subscription: first,
					subscriber: A,
					identity: identity(A),
					tokens: 98,
					cost: 327,
					fills: sto_test_support::bounded(&[98]),
				},
				Event::Subscribed {
					offering: id,
					subscription: second,
					subscriber: B,
					identity: identity(B),
					tokens: 10,
					cost: 39,
					fills: sto_test_support::bounded(&[2, 8]),
				},
			]
		);
		assert_eq!(
			Balances::balance_on_hold(&RuntimeHoldReason::Offer(HoldReason::SubscriptionDeposit), &B),
			SUBSCRIPTION_DEPOSIT
		);
		// The views agree with what was charged.
		assert_eq!(Offer::quote(id, 3), Some(Quote { tokens: 3, cost: 12, fills: vec![0, 3] }));
		assert_eq!(Offer::quote(id, 93), None);
		assert_eq!(Offer::can_subscribe(id, C, 92).map(|quote| quote.cost), Ok(368));
	});
}

#[test]
fn subscribe_refuses_with_the_named_reason_and_changes_nothing() {
	run_test(|| {
		let token = garage();
		let mut late = terms(token);
		late.start = START + HOUR;
		let later = create(late);
		let id = create(terms(token));
		let refuse = |who: u64, offering: OfferingId, tokens: TokenBalance, max_cost: CashBalance, refusal: SubscribeRefusal| {
			assert_eq!(Offer::can_subscribe(offering, who, tokens).err().filter(|_| max_cost == CashBalance::MAX), (max_cost == CashBalance::MAX).then_some(refusal));
			assert_noop!(Offer::subscribe(signed(who), offering, tokens, max_cost), Error::<Test>::from(refusal));
		};
		refuse(A, 9, 10, CashBalance::MAX, SubscribeRefusal::UnknownOffering);
		refuse(A, later, 10, CashBalance::MAX, SubscribeRefusal::NotStarted);
		refuse(A, id, 0, CashBalance::MAX, SubscribeRefusal::BelowMinimumTicket);
		refuse(A, id, 4, CashBalance::MAX, SubscribeRefusal::BelowMinimumTicket);
		refuse(A, id, 151, CashBalance::MAX, SubscribeRefusal::AboveIdentityMaximum);
		refuse(A, id, 100, 999, SubscribeRefusal::AboveMaximumCost);
		refuse(KYC_WALLET, id, 10, CashBalance::MAX, SubscribeRefusal::Token(TransferFailure::ReceiverNotVerified(ClaimStatus::Missing)));
		refuse(OUTSIDER, id, 10, CashBalance::MAX, SubscribeRefusal::Token(TransferFailure::ReceiverNotVerified(ClaimStatus::Missing)));
		refuse(999, id, 10, CashBalance::MAX, SubscribeRefusal::NoIdentity);
		// The maximum per identity counts every wallet of the identity.
		subscribe(id, A, 100);
		refuse(A2, id, 51, CashBalance::MAX, SubscribeRefusal::AboveIdentityMaximum);
		subscribe(id, A2, 50);
		subscribe(id, B, 40);
		refuse(C, id, 11, CashBalance::MAX, SubscribeRefusal::NotEnoughLeft);
		// Cash: C spends all but 50 elsewhere.
		assert_ok!(Assets::transfer(signed(C), USD, D, CASH - 50));
		refuse(C, id, 10, CashBalance::MAX, SubscribeRefusal::InsufficientCash);
		// After the end, and once closed.
		Now::set(START + 24 * HOUR);
		refuse(D, id, 5, CashBalance::MAX, SubscribeRefusal::Ended);
		assert_ok!(Offer::close(signed(D), id));
		refuse(D, id, 5, CashBalance::MAX, SubscribeRefusal::NotOpen);
	});
}

#[test]
fn the_maximum_raise_caps_the_cash_taken() {
	run_test(|| {
		let token = garage();
		let mut terms = terms(token);
		terms.max_raise = 1_000;
		let id = create(terms);
		subscribe(id, A, 100);
		assert_eq!(Offer::can_subscribe(id, B, 5), Err(SubscribeRefusal::AboveMaximumRaise));
		assert_noop!(Offer::subscribe(signed(B), id, 5, CashBalance::MAX), Error::<Test>::AboveMaximumRaise);
	});
}

#[test]
fn a_withdrawal_frees_its_units_at_their_tier_price() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		let first = subscribe(id, A, 100);
		subscribe(id, B, 50);
		assert_eq!(held(B), 600);
		assert_noop!(Offer::withdraw(signed(B), id, first), Error::<Test>::NotSubscriber);
		assert_noop!(Offer::withdraw(signed(A), id, 9), Error::<Test>::UnknownSubscription);
		assert_ok!(Offer::withdraw(signed(A), id, first));
		assert_eq!((held(A), cash(A)), (0, CASH));
		assert_eq!(Balances::balance_on_hold(&RuntimeHoldReason::Offer(HoldReason::SubscriptionDeposit), &A), 0);
		assert!(events().contains(&Event::Withdrawn { offering: id, subscription: first, subscriber: A, tokens: 100, cost: 1_000 }));
		// The first tier's units are back, at 10; B's price stays 12.
		subscribe(id, C, 50);
		assert_eq!(held(C), 500);
		assert_eq!(held(B), 600);
		assert_eq!(offering(id).filled.into_inner(), vec![50, 50]);
		// Not after the end.
		Now::set(START + 24 * HOUR);
		assert_noop!(Offer::withdraw(signed(B), id, 1), Error::<Test>::Ended);
	});
}

#[test]
fn close_needs_the_end_or_the_seller_with_the_minimum_met() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		subscribe(id, A, 40);
		assert_noop!(Offer::close(signed(A), id), Error::<Test>::TooEarly);
		// 400 raised, the minimum is 500.
		assert_noop!(Offer::close(signed(ISSUER), id), Error::<Test>::TooEarly);
		subscribe(id, B, 10);
		assert_noop!(Offer::close(signed(A), id), Error::<Test>::TooEarly);
		assert_ok!(Offer::close(signed(ISSUER), id));
		assert_eq!(offering(id).status, OfferingStatus::Succeeded);
		// The unsold part of the reservation is given back.
		assert_eq!(Token::reserved(token), 50);
		assert!(events().contains(&Event::OfferingClosed { offering: id, status: OfferingStatus::Succeeded, sold: 50, raised: 500 }));
		assert_noop!(Offer::close(signed(ISSUER), id), Error::<Test>::NotOpen);
		assert_noop!(Offer::close(signed(ISSUER), 9), Error::<Test>::UnknownOffering);
	});
}

#[test]
fn a_succeeded_offering_settles_in_pages_through_the_movement_path() {
	run_test(|| {
		let token = garage();
		let mut terms = terms(token);
		terms.lockup_until = Some(START + 100 * HOUR);
		let id = create(terms);
		let subscriptions: Vec<_> = [A, B, C, A2].into_iter().map(|who| (who, subscribe(id, who, 50))).collect();
		assert_noop!(Offer::settle(signed(D), id, 1), Error::<Test>::StillOpen);
		Now::set(START + 24 * HOUR);
		// Anyone closes after the end.
		assert_ok!(Offer::close(signed(D), id));
		assert_noop!(Offer::settle(signed(D), id, 0), Error::<Test>::BadPageSize);
		assert_noop!(Offer::settle(signed(D), id, 17), Error::<Test>::BadPageSize);
		assert_ok!(Offer::settle(signed(D), id, 3));
		assert_eq!(offering(id).pending, 1);
		assert_ok!(Offer::settle(signed(D), id, 3));
		assert_noop!(Offer::settle(signed(D), id, 3), Error::<Test>::NothingPending);
		// 100 at 10 then 100 at 12.
		assert_eq!(cash(PROCEEDS), 2_200);
		for (who, _) in &subscriptions {
			assert_eq!((units(token, *who), held(*who)), (50, 0));
		}
		assert_eq!(Token::reserved(token), 0);
		let record = offering(id);
		assert_eq!((record.issued, record.settled, record.refunded, record.pending), (200, 2_200, 0, 0));
		assert!(events().contains(&Event::OfferingFinished {
			offering: id,
			status: OfferingStatus::Succeeded,
			issued: 200,
			settled: 2_200,
			refunded: 0
		}));
		// Each issuance is a `Moved` of kind `Issue` naming the offering and subscription, and
		// the tokens are locked up.
		for (who, subscription) in &subscriptions {
			System::assert_has_event(
				TokenEvent::Moved {
					token,
					partition: 0,
					to_partition: 0,
					from: None,
					to: Some(*who),
					amount: 50,
					kind: MovementKind::Issue,
					operator: Some(D),
					reference: Some(subscription_reference(id, *subscription)),
				}
				.into(),
			);
		}
		assert_noop!(
			Token::transfer_by_partition(signed(A), token, 0, B, 1, None),
			pallet_security_token::Error::<Test>::InsufficientSpendable
		);
	});
}

#[test]
fn an_investor_who_fails_compliance_at_settlement_is_refunded_alone() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		subscribe(id, A, 50);
		let bad = subscribe(id, B, 50);
		subscribe(id, C, 50);
		Now::set(START + 24 * HOUR);
		assert_ok!(Offer::close(signed(ISSUER), id));
		// B's KYC claim is revoked before settlement.
		assert_ok!(Identity::revoke_claim(signed(KYC_WALLET), identity(B), ClaimTopic::Kyc, ClaimScope::Global, identity(KYC_WALLET)));
		assert_ok!(Offer::settle(signed(ISSUER), id, 16));
		assert_eq!((units(token, B), held(B), cash(B)), (0, 0, CASH));
		assert!(events().contains(&Event::Refunded {
			offering: id,
			subscription: bad,
			subscriber: B,
			tokens: 50,
			cost: 500,
			reason: RefundReason::Refused(TransferFailure::ReceiverNotVerified(ClaimStatus::Missing)),
		}));
		assert_eq!((units(token, A), units(token, C)), (50, 50));
		// A's 50 at 10 and C's 50 at 12 (B's were the cheaper ones: prices are fixed when made).
		assert_eq!(cash(PROCEEDS), 500 + 50 * 12);
		let record = offering(id);
		assert_eq!((record.issued, record.refunded_tokens, record.refunded), (100, 50, 500));
		assert_eq!(Token::reserved(token), 0);
	});
}

#[test]
fn a_token_wide_refusal_makes_settlement_wait_instead_of_refunding() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		subscribe(id, A, 60);
		Now::set(START + 24 * HOUR);
		assert_ok!(Offer::close(signed(ISSUER), id));
		assert_ok!(Token::set_paused(signed(ISSUER), token, true));
		assert_noop!(Offer::settle(signed(A), id, 5), refused(Refusal::Paused));
		assert_noop!(Offer::claim_allocation(signed(A), id, 0), refused(Refusal::Paused));
		// Nor can the token be closed under the offering.
		assert_noop!(
			Token::set_status(signed(ISSUER), token, pallet_security_token::TokenStatus::Closed),
			pallet_security_token::Error::<Test>::IssuanceReserved
		);
		assert_ok!(Token::set_paused(signed(ISSUER), token, false));
		assert_ok!(Offer::claim_allocation(signed(A2), id, 0));
		assert_eq!(units(token, A), 60);
	});
}

#[test]
fn a_failed_offering_refunds_everyone() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		subscribe(id, A, 10);
		subscribe(id, B, 20);
		subscribe(id, C, 5);
		Now::set(START + 24 * HOUR);
		assert_ok!(Offer::close(signed(B), id));
		assert_eq!(offering(id).status, OfferingStatus::Failed);
		assert_eq!(Token::reserved(token), 0);
		assert_noop!(Offer::claim_allocation(signed(A), id, 0), Error::<Test>::WrongOutcome);
		assert_noop!(Offer::claim_refund(signed(B), id, 0), Error::<Test>::NotSubscriber);
		assert_ok!(Offer::claim_refund(signed(A), id, 0));
		assert_ok!(Offer::settle(signed(D), id, 16));
		for who in [A, B, C] {
			assert_eq!((held(who), cash(who), units(token, who)), (0, CASH, 0));
		}
		assert_eq!(cash(PROCEEDS), 0);
		let refunds = events().into_iter().filter(|event| matches!(event, Event::Refunded { reason: RefundReason::OfferingFailed, .. })).count();
		assert_eq!(refunds, 3);
		assert_eq!(supply(token), 0);
	});
}

#[test]
fn cancellation_by_the_seller_while_open_and_by_governance_before_settlement() {
	run_test(|| {
		let token = garage();
		let open = create(terms(token));
		subscribe(open, A, 50);
		assert_noop!(Offer::cancel(signed(A), open), Error::<Test>::NotAuthorized);
		assert_ok!(Offer::cancel(signed(ISSUER), open));
		assert!(events().contains(&Event::OfferingCancelled { offering: open, by_governance: false }));
		assert_eq!(Token::reserved(token), 0);
		assert_noop!(Offer::cancel(signed(ISSUER), open), Error::<Test>::CannotCancel);
		assert_ok!(Offer::settle(signed(B), open, 1));
		assert_eq!(held(A), 0);
		assert!(events().contains(&Event::Refunded {
			offering: open,
			subscription: 0,
			subscriber: A,
			tokens: 50,
			cost: 500,
			reason: RefundReason::OfferingCancelled
		}));
		// Governance, after a successful close but before anything settled.
		let closed = create(terms(token));
		subscribe(closed, A, 60);
		subscribe(closed, B, 60);
		assert_ok!(Offer::close(signed(ISSUER), closed));
		assert_noop!(Offer::cancel(signed(ISSUER), closed), Error::<Test>::CannotCancel);
		assert_noop!(Offer::cancel(RuntimeOrigin::none(), closed), DispatchError::BadOrigin);
		assert_ok!(Offer::cancel(RuntimeOrigin::root(), closed));
		assert_eq!(Token::reserved(token), 0);
		assert_ok!(Offer::settle(signed(B), closed, 16));
		assert_eq!(supply(token), 0);
		// Not once something settled.
		let settled = create(terms(token));
		subscribe(settled, A, 60);
		subscribe(settled, B, 60);
		assert_ok!(Offer::close(signed(ISSUER), settled));
		assert_ok!(Offer::settle(signed(B), settled, 1));
		assert_noop!(Offer::cancel(RuntimeOrigin::root(), settled), Error::<Test>::CannotCancel);
	});
}

#[test]
fn clear_offering_removes_a_finished_record_and_releases_the_deposit() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		subscribe(id, A, 50);
		assert_noop!(Offer::clear_offering(signed(ISSUER), id), Error::<Test>::NotFinished);
		assert_ok!(Offer::cancel(signed(ISSUER), id));
		assert_noop!(Offer::clear_offering(signed(ISSUER), id), Error::<Test>::NotFinished);
		assert_ok!(Offer::settle(signed(ISSUER), id, 16));
		assert_noop!(Offer::clear_offering(signed(A), id), Error::<Test>::NotAuthorized);
		assert_ok!(Offer::clear_offering(signed(ISSUER), id));
		assert!(Offerings::<Test>::get(id).is_none());
		assert_eq!(Balances::balance_on_hold(&RuntimeHoldReason::Offer(HoldReason::Offering), &ISSUER), 0);
		assert!(events().contains(&Event::OfferingCleared { offering: id }));
		assert_eq!(Offer::offering(id), None);
	});
}

#[test]
fn the_views_show_the_offering_and_its_pending_subscriptions() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		subscribe(id, A, 50);
		subscribe(id, B, 5);
		let view = Offer::offering(id).unwrap();
		assert!(view.accepting);
		assert_eq!((view.available, view.minimum_met), (145, true));
		let listed: Vec<_> = Offer::subscriptions(id, 0).into_iter().map(|(id, record)| (id, record.subscriber)).collect();
		assert_eq!(listed, vec![(0, A), (1, B)]);
		assert_eq!(Offer::subscriptions(id, 1).len(), 1);
		Now::set(START + 24 * HOUR);
		assert!(!Offer::offering(id).unwrap().accepting);
	});
}

// --- attacks ---------------------------------------------------------------------------------

/// The cash of a subscription stays on the subscriber's account but cannot be spent: a
/// subscriber cannot subscribe and then empty its account before settlement.
#[test]
fn attack_spending_the_held_cash_before_settlement_fails() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		subscribe(id, A, 100);
		assert!(Assets::transfer(signed(A), USD, B, CASH - 999).is_err());
		assert!(<Assets as polkadot_sdk::frame_support::traits::fungibles::Mutate<u64>>::burn_from(
			USD,
			&A,
			CASH,
			polkadot_sdk::frame_support::traits::tokens::Preservation::Expendable,
			polkadot_sdk::frame_support::traits::tokens::Precision::Exact,
			polkadot_sdk::frame_support::traits::tokens::Fortitude::Polite,
		)
		.is_err());
		Now::set(START + 24 * HOUR);
		assert_ok!(Offer::close(signed(A), id));
		assert_ok!(Offer::settle(signed(A), id, 1));
		assert_eq!(cash(PROCEEDS), 1_000);
	});
}

/// An identity cannot buy past the maximum per identity by spreading over wallets, and the
/// issuer cannot issue the offering's units away from under its subscribers.
#[test]
fn attack_the_limits_across_wallets_and_manual_issuance() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		subscribe(id, A, 150);
		assert_noop!(Offer::subscribe(signed(A2), id, 5, CashBalance::MAX), Error::<Test>::AboveIdentityMaximum);
		assert_ok!(Token::issue(signed(ISSUER), token, 0, B, 1_600, None));
		assert_noop!(
			Token::issue(signed(ISSUER), token, 0, B, 1, None),
			pallet_security_token::Error::<Test>::SupplyCapExceeded
		);
		assert_noop!(
			Token::set_supply_cap(signed(ISSUER), token, Some(1_700)),
			pallet_security_token::Error::<Test>::CapBelowReserved
		);
		assert_noop!(Token::finish_issuance(signed(ISSUER), token), pallet_security_token::Error::<Test>::IssuanceReserved);
		Now::set(START + 24 * HOUR);
		assert_ok!(Offer::close(signed(ISSUER), id));
		assert_ok!(Offer::settle(signed(ISSUER), id, 16));
		assert_eq!(units(token, A), 150);
		assert_eq!(supply(token), 1_750);
	});
}

/// A subscription's cost is what `subscribe` quoted: a front-running subscription that takes
/// the cheap tier makes the next one fail against its `max_cost`, not pay more.
#[test]
fn attack_front_running_the_cheap_tier_cannot_raise_a_subscribers_price() {
	run_test(|| {
		let token = garage();
		let id = create(terms(token));
		let quote = Offer::quote(id, 50).unwrap();
		assert_eq!(quote.cost, 500);
		subscribe(id, B, 100);
		assert_noop!(Offer::subscribe(signed(A), id, 50, quote.cost), Error::<Test>::AboveMaximumCost);
		assert_eq!(held(A), 0);
	});
}

#[test]
fn calls_need_a_signed_origin() {
	run_test(|| {
		let token = garage();
		assert_noop!(Offer::create_offering(RuntimeOrigin::none(), terms(token)), DispatchError::BadOrigin);
		assert_noop!(Offer::subscribe(RuntimeOrigin::root(), 0, 5, 1), DispatchError::BadOrigin);
		assert_noop!(Offer::settle(RuntimeOrigin::none(), 0, 1), DispatchError::BadOrigin);
	});
}
