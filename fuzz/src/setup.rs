//! The setup every run starts from, on top of the `development` preset (Ferdie: identity 1, a
//! registrar and KYC provider; Alice: sudo; Alice and Bob: the council), made of ordinary
//! signed transactions so that the fuzzer starts in a deep state:
//!
//! | account | identity | |
//! |---|---|---|
//! | Charlie | 2 | issuer of ACME (token 0), registrar, ACME's own KYC and jurisdiction issuer |
//! | Dave (+ DaveStash) | 3 | retail investor (DE), two wallets |
//! | Eve (+ EveStash) | 4 | accredited investor (US), two wallets |
//! | Alice | 5 | issuer of BOND (token 1), ACME's compliance and document manager |
//! | Bob | 6 | exchange: the registered custodian; BOND's supply manager |
//! | AliceStash | 7 | qualified purchaser (LU), ACME's transfer agent and freezer |
//! | One | 8 | issuer of FUND (token 2, not controllable), chain-wide issuer of KYC, AML, accreditation |
//! | CharlieStash | 9 | accredited (US), KYC expiring after two days |
//! | BobStash | 10 | retail (KP), KYC expiring after five hours |
//!
//! FerdieStash, Two and Fuzz0..3 have no identity (Fuzz2 and Fuzz3 no funds either). ACME has three partitions
//! (common, locked, class-b) and rules set after its issuance (some limits start exceeded:
//! grandfathered), BOND a jurisdiction allow list, investor types and a trading window, FUND
//! none. Dave and Eve bound venue accounts at Bob's exchange and gave it mandates; Bob holds
//! cash asset 1; there are proxies, an operator and an allowance.

use crate::{harness::Harness, keys};
use codec::Encode;
use pallet_compliance::{HolderClass, IssuerSource, Requirement, Rule, RuleKind, Side, TradingWindow};
use pallet_identity_registry::ConsentAction;
use pallet_security_token::{OperatorScope, PartitionRights, Roles, TokenStatus, Underlying};
use polkadot_sdk::{
	frame_support::BoundedVec,
	pallet_assets, pallet_proxy, pallet_sudo,
	sp_core::H256,
	sp_keyring::Sr25519Keyring as K,
	sp_runtime::MultiAddress,
};
use sto_primitives::identity::{ClaimScope, ClaimTopic, CountryCode, IdentityId, IdentityKind, InvestorType, TopicClass};
use sto_runtime::{configs::ProxyType, AccountId, RuntimeCall};

type Registry = pallet_identity_registry::Pallet<sto_runtime::Runtime>;
type IdentityCall = pallet_identity_registry::Call<sto_runtime::Runtime>;
type TokenCall = pallet_security_token::Call<sto_runtime::Runtime>;
type ComplianceCall = pallet_compliance::Call<sto_runtime::Runtime>;
type CustodyCall = pallet_custody::Call<sto_runtime::Runtime>;

const ACME: u32 = 0;
const BOND: u32 = 1;
const FUND: u32 = 2;
const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;

fn id(account: &AccountId) -> IdentityId {
	pallet_identity_registry::IdentityOf::<sto_runtime::Runtime>::get(account).expect("registered by the setup")
}

fn consent(action: ConsentAction, identity: IdentityId, account: &AccountId) -> sto_runtime::Signature {
	let payload = Registry::consent_payload(action, identity, account.clone());
	keys::sign(account, &payload.encode()).expect("a pool account")
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

fn bounded<T, S: polkadot_sdk::frame_support::traits::Get<u32>>(items: Vec<T>) -> BoundedVec<T, S> {
	BoundedVec::try_from(items).unwrap_or_else(|_| panic!("the setup's lists fit their bounds"))
}

fn now() -> u64 {
	polkadot_sdk::pallet_timestamp::Now::<sto_runtime::Runtime>::get()
}

/// Build the setup on `harness` (right after genesis).
pub fn run(h: &mut Harness) -> Result<(), String> {
	let [alice, bob, charlie, dave, eve, ferdie, alice_stash, bob_stash, charlie_stash, dave_stash, eve_stash, one] = [
		K::Alice,
		K::Bob,
		K::Charlie,
		K::Dave,
		K::Eve,
		K::Ferdie,
		K::AliceStash,
		K::BobStash,
		K::CharlieStash,
		K::DaveStash,
		K::EveStash,
		K::One,
	]
	.map(|k| k.to_account_id());

	// --- identities and claims ---------------------------------------------------------------
	let people = [
		(&charlie, IdentityKind::Issuer),
		(&dave, IdentityKind::NaturalPerson),
		(&eve, IdentityKind::NaturalPerson),
		(&alice, IdentityKind::Company),
		(&bob, IdentityKind::Exchange),
		(&alice_stash, IdentityKind::Fund),
		(&one, IdentityKind::Issuer),
		(&charlie_stash, IdentityKind::NaturalPerson),
		(&bob_stash, IdentityKind::NaturalPerson),
	];
	for (who, kind) in people {
		h.submit(&ferdie, || {
			RuntimeCall::IdentityRegistry(IdentityCall::register_identity {
				primary: who.clone(),
				kind,
				consent: consent(ConsentAction::CreateIdentity, 0, who),
			})
		})?;
	}
	for (primary, wallet) in [(&dave, &dave_stash), (&eve, &eve_stash)] {
		h.submit(primary, || {
			RuntimeCall::IdentityRegistry(IdentityCall::link_wallet {
				wallet: wallet.clone(),
				consent: consent(ConsentAction::LinkWallet, id(primary), wallet),
			})
		})?;
	}
	let claim = |subject: &AccountId, topic: ClaimTopic, expiry: Option<u64>| {
		let subject = subject.clone();
		move || {
			RuntimeCall::IdentityRegistry(IdentityCall::add_claim {
				subject: id(&subject),
				topic,
				scope: ClaimScope::Global,
				expiry: expiry.map(|after| now() + after),
				evidence: H256::repeat_byte(0xe),
			})
		}
	};
	// (account, country, investor type, KYC expiry after).
	type Profile<'a> = (&'a AccountId, [u8; 2], Option<InvestorType>, Option<u64>);
	let profiles: [Profile; 9] = [
		(&charlie, *b"DE", None, None),
		(&dave, *b"DE", Some(InvestorType::Retail), None),
		(&eve, *b"US", Some(InvestorType::Accredited), None),
		(&alice, *b"FR", Some(InvestorType::Institutional), None),
		(&bob, *b"GB", Some(InvestorType::Institutional), None),
		(&alice_stash, *b"LU", Some(InvestorType::QualifiedPurchaser), None),
		(&one, *b"CH", None, None),
		(&charlie_stash, *b"US", Some(InvestorType::Accredited), Some(2 * DAY)),
		(&bob_stash, *b"KP", Some(InvestorType::Retail), Some(5 * HOUR)),
	];
	for (who, country, investor, kyc_expiry) in profiles {
		h.submit(&ferdie, claim(who, ClaimTopic::Kyc, kyc_expiry))?;
		h.submit(&ferdie, claim(who, ClaimTopic::Aml, None))?;
		h.submit(&ferdie, claim(who, ClaimTopic::Jurisdiction(CountryCode(country)), None))?;
		if let Some(investor) = investor {
			h.submit(&ferdie, claim(who, investor.into(), None))?;
		}
	}
	let (charlie_id, one_id) = h.with(|| (id(&charlie), id(&one)));
	h.submit(&alice, || sudo(RuntimeCall::IdentityRegistry(IdentityCall::add_registrar { identity: charlie_id })))?;
	h.submit(&alice, || {
		sudo(RuntimeCall::IdentityRegistry(IdentityCall::set_trusted_issuer {
			issuer: one_id,
			topics: bounded(vec![TopicClass::Kyc, TopicClass::Aml, TopicClass::Accredited]),
		}))
	})?;
	h.next_block(crate::action::Jump::Slot)?;

	// --- tokens --------------------------------------------------------------------------------
	let transferable = PartitionRights { voting: true, dividends: true, transferable: true };
	let create = |symbol: &[u8], granularity: u128, cap: Option<u128>, controllable: bool| {
		let symbol = symbol.to_vec();
		move || {
			RuntimeCall::SecurityToken(TokenCall::create_token {
				terms: pallet_security_token::TokenTerms {
					symbol: bounded(symbol.clone()),
					name: bounded(symbol),
					decimals: 0,
					granularity,
					instrument: pallet_security_token::InstrumentType::Equity,
					underlying: Underlying { numerator: 1, denominator: 1, unit: H256::zero() },
					identifiers: bounded(vec![]),
					supply_cap: cap,
					controllable,
					default_partition: bounded(b"common".to_vec()),
					rights: transferable,
				},
			})
		}
	};
	h.submit(&charlie, create(b"ACME", 1, Some(10_000_000), true))?;
	h.submit(&alice, create(b"BOND", 100, None, true))?;
	h.submit(&one, create(b"FUND", 1, None, false))?;
	let token = |call: TokenCall| move || RuntimeCall::SecurityToken(call.clone());
	for (name, rights) in [
		(b"locked".to_vec(), PartitionRights { voting: true, dividends: true, transferable: false }),
		(b"class-b".to_vec(), PartitionRights { voting: false, dividends: true, transferable: true }),
	] {
		h.submit(&charlie, token(TokenCall::add_partition { token: ACME, name: bounded(name), rights }))?;
	}
	let ids = h.with(|| [&alice, &bob, &alice_stash].map(id));
	let [alice_id, bob_id, alice_stash_id] = ids;
	h.submit(&charlie, token(TokenCall::grant_roles { token: ACME, agent: alice_stash_id, roles: Roles(Roles::TRANSFER_AGENT | Roles::FREEZER) }))?;
	h.submit(&charlie, token(TokenCall::grant_roles { token: ACME, agent: alice_id, roles: Roles(Roles::COMPLIANCE_MANAGER | Roles::DOCUMENT_MANAGER) }))?;
	h.submit(&alice, token(TokenCall::grant_roles { token: BOND, agent: bob_id, roles: Roles(Roles::SUPPLY_MANAGER) }))?;
	for class in [TopicClass::Kyc, TopicClass::Jurisdiction] {
		h.submit(&alice, move || {
			RuntimeCall::IdentityRegistry(IdentityCall::set_token_issuers {
				token: ACME,
				topic: class,
				issuers: bounded(vec![charlie_id]),
			})
		})?;
	}
	h.submit(&charlie, token(TokenCall::set_status { token: ACME, status: TokenStatus::Active }))?;
	h.submit(&alice, token(TokenCall::set_status { token: BOND, status: TokenStatus::Issuing }))?;
	h.submit(&one, token(TokenCall::set_status { token: FUND, status: TokenStatus::Issuing }))?;
	let issue = |token: u32, to: &AccountId, partition: u16, amount: u128| {
		let to = to.clone();
		move || {
			RuntimeCall::SecurityToken(TokenCall::issue { token, partition, to: to.clone(), amount, lockup_until: None })
		}
	};
	for (to, partition, amount) in [
		(&charlie, 0, 100_000),
		(&dave, 0, 5_000),
		(&dave_stash, 2, 1_000),
		(&eve, 0, 3_000),
		(&eve_stash, 0, 500),
		(&alice_stash, 1, 2_000),
		(&charlie_stash, 0, 1_000),
		(&bob_stash, 0, 200),
	] {
		h.submit(&charlie, issue(ACME, to, partition, amount))?;
	}
	for (to, amount) in [(&dave, 100_000), (&eve, 50_000), (&alice, 500_000), (&bob, 20_000)] {
		h.submit(&bob, issue(BOND, to, 0, amount))?;
	}
	h.submit(&alice, token(TokenCall::set_status { token: BOND, status: TokenStatus::Active }))?;
	for (to, amount) in [(&one, 1_000_000), (&alice_stash, 10_000)] {
		h.submit(&one, issue(FUND, to, 0, amount))?;
	}
	h.submit(&one, token(TokenCall::set_status { token: FUND, status: TokenStatus::Active }))?;
	h.next_block(crate::action::Jump::Slot)?;

	// --- compliance ------------------------------------------------------------------------------
	let holders = h.with(|| pallet_security_token::Tokens::<sto_runtime::Runtime>::get(ACME).map_or(0, |d| d.holder_count));
	let acme_rules = vec![
		Rule {
			partition: None,
			kind: RuleKind::Claims {
				side: Side::Both,
				requirement: Requirement::AllOf,
				topics: bounded(vec![ClaimTopic::Kyc]),
				issuers: IssuerSource::Trusted,
			},
		},
		Rule { partition: None, kind: RuleKind::MaxHolders(holders + 2) },
		Rule { partition: None, kind: RuleKind::MaxBalance(150_000) },
		// Charlie's treasury holds most of the supply: above this share already.
		Rule { partition: None, kind: RuleKind::MaxOwnership(600_000) },
		Rule { partition: None, kind: RuleKind::MaxHoldersIn { class: HolderClass::Jurisdiction(CountryCode(*b"US")), limit: 3 } },
		Rule { partition: None, kind: RuleKind::BlockJurisdictions(bounded(vec![CountryCode(*b"KP")])) },
		Rule { partition: None, kind: RuleKind::VolumeLimit { window: 24, max: 4_000 } },
	];
	h.submit(&alice, move || RuntimeCall::Compliance(ComplianceCall::set_rules { token: ACME, rules: bounded(acme_rules.clone()) }))?;
	h.submit(&alice, move || RuntimeCall::Compliance(ComplianceCall::set_exemptions { token: ACME, exempt: bounded(vec![charlie_id]) }))?;
	let bond_rules = vec![
		Rule {
			partition: None,
			kind: RuleKind::AllowJurisdictions(bounded([*b"DE", *b"US", *b"FR", *b"GB", *b"LU"].map(CountryCode).to_vec())),
		},
		Rule {
			partition: None,
			kind: RuleKind::AllowInvestorTypes(bounded(vec![
				InvestorType::Retail,
				InvestorType::Accredited,
				InvestorType::QualifiedPurchaser,
				InvestorType::Institutional,
			])),
		},
		Rule { partition: None, kind: RuleKind::MaxHoldersIn { class: HolderClass::InvestorType(InvestorType::Retail), limit: 2 } },
		Rule {
			partition: None,
			kind: RuleKind::TradingWindow(TradingWindow { days: TradingWindow::ALL_DAYS, open: 0, close: 23 * HOUR as u32 }),
		},
	];
	h.submit(&alice, move || RuntimeCall::Compliance(ComplianceCall::set_rules { token: BOND, rules: bounded(bond_rules.clone()) }))?;

	// --- custody and cash ----------------------------------------------------------------------
	let roles = pallet_custody::LicensedRoles { ats_operator: true, broker_dealer: true, clearing_agent: true, transfer_agent: true };
	let bob_wallet = bob.clone();
	h.submit(&alice, move || sudo(RuntimeCall::Custody(CustodyCall::register_custodian { wallet: bob_wallet.clone(), roles })))?;
	for (investor, account_ref) in [(&dave, 0x11), (&eve, 0x12)] {
		h.submit(investor, move || {
			RuntimeCall::Custody(CustodyCall::bind_venue_account { custodian: bob_id, account_ref: H256::repeat_byte(account_ref) })
		})?;
	}
	let expiry = h.with(now) + 3 * DAY;
	for (investor, token, partition, cap, expiry) in
		[(&dave, ACME, None, 2_000, None), (&eve, ACME, Some(0), 1_000, Some(expiry)), (&dave, BOND, None, 50_000, None)]
	{
		h.submit(investor, move || {
			RuntimeCall::Custody(CustodyCall::grant_mandate { custodian: bob_id, token, partition, cap, expiry })
		})?;
	}
	h.submit(&bob, || {
		RuntimeCall::Assets(pallet_assets::Call::create { id: codec::Compact(1), admin: MultiAddress::Id(bob.clone()), min_balance: 1 })
	})?;
	h.submit(&bob, || {
		RuntimeCall::Assets(pallet_assets::Call::mint {
			id: codec::Compact(1),
			beneficiary: MultiAddress::Id(bob.clone()),
			amount: 1_000_000,
		})
	})?;

	// --- funds for two of the accounts no preset endows ----------------------------------------
	for fuzz in [14, 15] {
		let to = keys::account(fuzz);
		h.submit(&alice, move || {
			RuntimeCall::Balances(polkadot_sdk::pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(to.clone()),
				value: 10_000 * sto_runtime::UNIT,
			})
		})?;
	}

	// --- proxies, operators, allowances ----------------------------------------------------------
	for (real, delegate, proxy_type) in [
		(&dave, K::Two.to_account_id(), ProxyType::Any),
		(&eve, one.clone(), ProxyType::NonTransfer),
		(&alice, bob.clone(), ProxyType::Governance),
	] {
		h.submit(real, move || {
			RuntimeCall::Proxy(pallet_proxy::Call::add_proxy { delegate: MultiAddress::Id(delegate.clone()), proxy_type, delay: 0 })
		})?;
	}
	let eve_wallet = eve.clone();
	h.submit(&dave, move || {
		RuntimeCall::SecurityToken(TokenCall::authorize_operator {
			token: ACME,
			operator: eve_wallet.clone(),
			scope: OperatorScope::AllPartitions,
		})
	})?;
	let dave_wallet = dave.clone();
	h.submit(&eve, move || {
		RuntimeCall::SecurityToken(TokenCall::approve { token: ACME, partition: 0, spender: dave_wallet.clone(), amount: 1_000 })
	})?;
	Ok(())
}
