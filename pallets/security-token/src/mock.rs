//! Test runtime: system, balances (the creation deposit), the token pallet, a mock identity
//! provider and a mock compliance hook the tests steer.
//!
//! Identities: account `n` in 1..=9 is identity `n`; accounts 10 and 11 are two wallets of
//! identity 10; ISSUER (100) owns the tokens tests create; AGENT (101) is an agent identity.
//! Every identity starts verified (KYC without expiry) except UNVERIFIED (7); account 50 has
//! no identity. ISSUER and AGENT hold 10,000 of the deposit currency, accounts 1..=11 1,000.

use crate as pallet_security_token;
use crate::*;
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{ConstU32, ConstU64},
		weights::Weight,
		BoundedVec,
	},
	frame_system, pallet_balances,
	sp_core::H256,
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};
use std::collections::BTreeMap;
pub use sto_test_support::{MockTime, Now};
use sto_primitives::{
	compliance::{RuleOutcome, RuleReport},
	identity::{ClaimTopic, CountryCode, InvestorType, Issuers},
};

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Token: pallet_security_token,
	}
);

sto_test_support::impl_system_and_balances!(Test);

pub const ISSUER: u64 = 100;
pub const AGENT: u64 = 101;
pub const UNVERIFIED: u64 = 7;
pub const NO_IDENTITY: u64 = 50;
pub const TOKEN_DEPOSIT: u64 = 100;
pub const APPROVAL_DEPOSIT: u64 = 5;
pub const MAX_HOLDINGS: u32 = 4;
pub const MAX_LOCKUPS: u32 = 2;
pub const MAX_PARTITIONS: u32 = 3;
pub const MAX_DOCUMENTS: u32 = 2;

parameter_types! {
	/// account -> identity.
	pub static IdentityOf: BTreeMap<u64, IdentityId> = BTreeMap::new();
	/// identity -> KYC claim expiry (`None`: never expires); absent: no KYC claim.
	pub static Kyc: BTreeMap<IdentityId, Option<u64>> = BTreeMap::new();
	/// Makes the compliance hook refuse every movement with this rule index.
	pub static RefuseWithRule: Option<u32> = None;
	/// Movements the compliance hook was told about.
	pub static MovedCount: u32 = 0;
	/// The last movement the compliance hook checked, and the last it was told about.
	pub static LastChecked: Option<Movement<u64, TokenBalance, u64>> = None;
	pub static LastMoved: Option<Movement<u64, TokenBalance, u64>> = None;
}

pub struct MockIdentity;
impl IdentityProvider<u64, u64> for MockIdentity {
	fn identity_of(who: &u64) -> Option<IdentityId> {
		IdentityOf::get().get(who).copied()
	}

	fn primary_wallet(identity: IdentityId) -> Option<u64> {
		IdentityOf::get().into_iter().find_map(|(wallet, id)| (id == identity).then_some(wallet))
	}

	fn claim_status(identity: IdentityId, topic: ClaimTopic, _: Option<TokenId>, _: Issuers<'_>, now: u64) -> ClaimStatus {
		if topic != ClaimTopic::Kyc {
			return ClaimStatus::Missing;
		}
		if !IdentityOf::get().values().any(|id| *id == identity) {
			return ClaimStatus::NoIdentity;
		}
		match Kyc::get().get(&identity) {
			None => ClaimStatus::Missing,
			Some(Some(expiry)) if now >= *expiry => ClaimStatus::Expired,
			Some(_) => ClaimStatus::Valid,
		}
	}

	fn claim_valid_until(
		identity: IdentityId,
		topic: ClaimTopic,
		token: Option<TokenId>,
		issuers: Issuers<'_>,
		now: u64,
	) -> Result<Option<u64>, ClaimStatus> {
		match Self::claim_status(identity, topic, token, issuers, now) {
			ClaimStatus::Valid => Ok(Kyc::get().get(&identity).copied().flatten()),
			status => Err(status),
		}
	}

	fn jurisdiction(_: IdentityId, _: Option<TokenId>, _: u64) -> Option<CountryCode> {
		None
	}

	fn investor_type(_: IdentityId, _: Option<TokenId>, _: u64) -> Option<InvestorType> {
		None
	}
}

pub struct MockCompliance;
impl ComplianceHook<u64, TokenBalance, u64> for MockCompliance {
	fn check(movement: &Movement<u64, TokenBalance, u64>) -> Result<(), (u32, RuleFailure)> {
		LastChecked::set(Some(movement.clone()));
		RefuseWithRule::get().map_or(Ok(()), |rule| Err((rule, RuleFailure::MaxBalance)))
	}
	fn moved(movement: &Movement<u64, TokenBalance, u64>) {
		MovedCount::mutate(|count| *count += 1);
		LastMoved::set(Some(movement.clone()));
	}
	fn movement_weight(_: TokenId) -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn max_movement_weight() -> Weight {
		Weight::from_parts(5_000, 0)
	}
	fn admits(movement: &Movement<u64, TokenBalance, u64>) -> Result<(), (u32, RuleFailure)> {
		LastChecked::set(Some(movement.clone()));
		RefuseWithRule::get().map_or(Ok(()), |rule| Err((rule, RuleFailure::InvestorTypeNotAllowed)))
	}
	fn report(movement: &Movement<u64, TokenBalance, u64>) -> Vec<RuleReport> {
		LastChecked::set(Some(movement.clone()));
		RefuseWithRule::get()
			.map(|rule| RuleReport { rule, outcome: RuleOutcome::Fail(RuleFailure::MaxBalance) })
			.into_iter()
			.collect()
	}
}

#[derive_impl(pallet_security_token::config_preludes::TestDefaultConfig)]
impl pallet_security_token::Config for Test {
	type Currency = Balances;
	type Identity = MockIdentity;
	type Compliance = MockCompliance;
	type Time = MockTime;
	type TokenDeposit = ConstU64<TOKEN_DEPOSIT>;
	type ApprovalDeposit = ConstU64<APPROVAL_DEPOSIT>;
	type MaxPartitions = ConstU32<MAX_PARTITIONS>;
	type MaxHoldingsPerIdentity = ConstU32<MAX_HOLDINGS>;
	type MaxLockupsPerHolding = ConstU32<MAX_LOCKUPS>;
	type MaxDocuments = ConstU32<MAX_DOCUMENTS>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockAccounts;
}

/// Benchmark accounts: `10_000 + seed`, each its own verified identity unless given one.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockAccounts;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockAccounts {
	fn verified_account(seed: u32, identity: Option<IdentityId>) -> (u64, IdentityId) {
		let account = 10_000 + seed as u64;
		let identity = identity.unwrap_or(account);
		IdentityOf::mutate(|map| map.insert(account, identity));
		Kyc::mutate(|map| map.insert(identity, None));
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), account, 1_000_000);
		(account, identity)
	}
}

pub fn bounded<S: polkadot_sdk::frame_support::traits::Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::try_from(bytes.to_vec()).expect("test input within bounds")
}

pub fn rights(transferable: bool) -> PartitionRights {
	PartitionRights { voting: true, dividends: true, transferable }
}

/// The terms of an equity token `symbol` (named "Name", granularity 1, one unit of underlying,
/// no identifiers, no cap, controllable, default partition "common" transferable): what the
/// creation tests vary one field of.
pub fn equity_terms(symbol: &[u8]) -> TokenTermsOf<Test> {
	TokenTerms {
		symbol: bounded(symbol),
		name: bounded(b"Name"),
		decimals: 0,
		granularity: 1,
		instrument: InstrumentType::Equity,
		underlying: Underlying { numerator: 1, denominator: 1, unit: H256::zero() },
		identifiers: BoundedVec::new(),
		supply_cap: None,
		controllable: true,
		default_partition: bounded(b"common"),
		rights: rights(true),
	}
}

/// Create token `symbol` owned by ISSUER (status Draft, default partition "common").
pub fn create(symbol: &[u8]) -> TokenId {
	let id = NextTokenId::<Test>::get();
	Token::create_token(
		RuntimeOrigin::signed(ISSUER),
		TokenTerms {
			symbol: bounded(symbol),
			name: bounded(b"Garage Units"),
			decimals: 0,
			granularity: 1,
			instrument: InstrumentType::RealEstate,
			underlying: Underlying { numerator: 1, denominator: 1, unit: H256::repeat_byte(9) },
			identifiers: BoundedVec::new(),
			supply_cap: Some(1_800),
			controllable: true,
			default_partition: bounded(b"common"),
			rights: rights(true),
		},
	)
	.expect("token created");
	id
}

/// An `Active` token with `amounts` issued to the given accounts in partition 0.
pub fn active_token(holdings: &[(u64, TokenBalance)]) -> TokenId {
	let token = create(b"GAR");
	Token::set_status(RuntimeOrigin::signed(ISSUER), token, TokenStatus::Active).expect("activated");
	for (account, amount) in holdings {
		Token::issue(RuntimeOrigin::signed(ISSUER), token, 0, *account, *amount, None).expect("issued");
	}
	token
}

pub fn new_test_ext() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [(ISSUER, 10_000), (AGENT, 10_000)].into_iter().chain((1..=11).map(|account| (account, 1_000))).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(1_000_000);
		RefuseWithRule::set(None);
		MovedCount::set(0);
		let mut identities = BTreeMap::new();
		for account in 1..=9u64 {
			identities.insert(account, account);
		}
		identities.insert(10, 10);
		identities.insert(11, 10);
		identities.insert(ISSUER, ISSUER);
		identities.insert(AGENT, AGENT);
		IdentityOf::set(identities.clone());
		Kyc::set(
			identities.values().filter(|id| **id != UNVERIFIED).map(|id| (*id, None)).collect(),
		);
	});
	ext
}

/// Run `test` on a fresh state, then check the pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Token::do_try_state().expect("token invariants hold");
	});
}

/// The cap-table guarantee: replaying the `Moved` events deposited so far (from genesis of the
/// test) rebuilds every wallet's balance per partition and every partition's supply exactly.
pub fn cap_table_from_events(token: TokenId) -> Result<(), String> {
	let mut rebuilt: BTreeMap<(PartitionId, u64), i128> = BTreeMap::new();
	let mut supply: BTreeMap<PartitionId, i128> = BTreeMap::new();
	for record in System::events() {
		let RuntimeEvent::Token(Event::Moved { token: t, partition, to_partition, from, to, amount, .. }) =
			record.event
		else {
			continue;
		};
		if t != token {
			continue;
		}
		let amount = amount as i128;
		match from {
			Some(from) => *rebuilt.entry((partition, from)).or_default() -= amount,
			None => *supply.entry(partition).or_default() += amount,
		}
		match to {
			Some(to) => *rebuilt.entry((to_partition, to)).or_default() += amount,
			None => *supply.entry(partition).or_default() -= amount,
		}
		if from.is_some() && to.is_some() && partition != to_partition {
			*supply.entry(partition).or_default() -= amount;
			*supply.entry(to_partition).or_default() += amount;
		}
	}
	for ((partition, account), amount) in &rebuilt {
		let on_chain = Token::balance_of(token, *partition, account) as i128;
		if *amount != on_chain {
			return Err(format!("account {account} partition {partition}: events say {amount}, chain {on_chain}"));
		}
	}
	let details = Tokens::<Test>::get(token).ok_or("no token")?;
	for (index, partition) in details.partitions.iter().enumerate() {
		let from_events = supply.get(&(index as PartitionId)).copied().unwrap_or(0);
		if from_events != partition.supply as i128 {
			return Err(format!("partition {index}: events say supply {from_events}, chain {}", partition.supply));
		}
	}
	// Every non-zero balance on chain is in the rebuilt table.
	for (_, _, position) in Positions::<Test>::iter().filter(|(_, of, _)| *of == token) {
		for holding in position.holdings.iter().filter(|h| h.balance > 0) {
			let from_events = rebuilt.get(&(holding.partition, holding.account)).copied();
			if from_events != Some(holding.balance as i128) {
				return Err(format!("holding {:?} missing from the events ({from_events:?})", holding.account));
			}
		}
	}
	Ok(())
}
