//! Runtime tests of the hardening that lives in the runtime itself: the transaction pool's
//! check of security-token movements through wrappers ([`sto_runtime::compliance_extension`]), the
//! `NonTransfer` proxy's filter and the fee policy ([`sto_runtime::configs::fees`]). Each test
//! reproduces an attack or a hole from the adversarial review (issue 15).

use sto_runtime::{
	compliance_extension::RefuseNonCompliant, configs::{fees, ProxyType}, tx_extension, AccountId, Balances,
	Executive, Header, IdentityRegistry, Proxy, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	SecurityToken, SignedPayload, System, TransactionPayment, UncheckedExtrinsic, SLOT_DURATION,
	UNIT,
};
use codec::Encode;
use pallet_identity_registry::{ClaimScope, ClaimTopic, ConsentAction, IdentityKind};
use pallet_security_token::{InstrumentType, OperatorScope, PartitionRights, TokenStatus, Underlying};
use polkadot_sdk::{
	frame_support::dispatch::GetDispatchInfo,
	pallet_multisig, pallet_proxy, pallet_timestamp, pallet_transaction_payment, pallet_utility,
	sp_consensus_aura::{Slot, AURA_ENGINE_ID},
	sp_core::H256,
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring,
	sp_runtime::{
		generic::{Digest, DigestItem, Era},
		traits::Header as HeaderT,
		transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
		FixedPointNumber, MultiAddress, MultiSignature,
	},
};
use sto_primitives::refusal::Refusal;

use Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};

const TOKEN: u32 = 0;

fn account(key: Sr25519Keyring) -> AccountId {
	key.to_account_id()
}

/// A signed transaction of `call` by `signer` at its current nonce.
fn signed(signer: Sr25519Keyring, call: RuntimeCall) -> UncheckedExtrinsic {
	signed_at(signer, System::account_nonce(account(signer)), call)
}

/// A signed transaction of `call` by `signer` at `nonce`.
fn signed_at(signer: Sr25519Keyring, nonce: u32, call: RuntimeCall) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce, Era::Immortal, 0);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("valid payload");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(account(signer)),
		MultiSignature::Sr25519(signature),
		extension,
	)
}

/// What the pool says of `call` signed by `signer`: `Ok` or the refusal's code.
fn pool(signer: Sr25519Keyring, call: RuntimeCall) -> Result<(), TransactionValidityError> {
	let xt = signed(signer, call);
	Executive::validate_transaction(TransactionSource::External, xt, System::parent_hash()).map(|_| ())
}

fn refused(refusal: Refusal) -> Result<(), TransactionValidityError> {
	Err(InvalidTransaction::Custom(refusal.code()).into())
}

fn ok<E: core::fmt::Debug>(result: Result<impl Sized, E>) {
	result.expect("the call succeeds");
}

fn register(who: Sr25519Keyring) {
	let payload = IdentityRegistry::consent_payload(ConsentAction::CreateIdentity, 0, account(who));
	let consent = MultiSignature::Sr25519(who.sign(&payload.encode()));
	ok(IdentityRegistry::register_identity(
		RuntimeOrigin::signed(account(Ferdie)),
		account(who),
		IdentityKind::NaturalPerson,
		consent,
	));
}

fn identity(who: Sr25519Keyring) -> u64 {
	pallet_identity_registry::IdentityOf::<Runtime>::get(account(who)).expect("registered")
}

fn kyc(who: Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::IdentityRegistry(pallet_identity_registry::Call::add_claim {
		subject: identity(who),
		topic: ClaimTopic::Kyc,
		scope: ClaimScope::Global,
		expiry: None,
		evidence: H256::repeat_byte(1),
	})
}

fn transfer(to: Sr25519Keyring, amount: u128) -> RuntimeCall {
	RuntimeCall::SecurityToken(pallet_security_token::Call::transfer_by_partition {
		token: TOKEN,
		partition: 0,
		to: account(to),
		amount,
		data: None,
	})
}

fn issue(to: Sr25519Keyring, partition: u16, amount: u128) -> RuntimeCall {
	RuntimeCall::SecurityToken(pallet_security_token::Call::issue {
		token: TOKEN,
		partition,
		to: account(to),
		amount,
		lockup_until: None,
	})
}

fn batch(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch { calls })
}

fn batch_all(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

fn force_batch(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::force_batch { calls })
}

fn dispatch(who: Sr25519Keyring, call: RuntimeCall) {
	use polkadot_sdk::sp_runtime::traits::Dispatchable;
	ok(call.dispatch(RuntimeOrigin::signed(account(who))));
}

/// The development genesis plus: identities for Alice (the issuer), Bob, Charlie, Dave and Eve
/// (Ferdie, identity 1, is the KYC provider); KYC for Alice, Bob, Dave and Ferdie (not Charlie:
/// a registered but unverified investor; Eve has no KYC either); token 0 owned by Alice, supply
/// cap 1,000, active, 100 issued to Alice and 100 to Ferdie.
fn chain() -> TestExternalities {
	let mut ext = crate::genesis_ext("development");
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(1_000_000);
		for who in [Alice, Bob, Charlie, Dave, Eve] {
			register(who);
		}
		for who in [Alice, Bob, Dave, Ferdie] {
			dispatch(Ferdie, kyc(who));
		}
		ok(SecurityToken::create_token(
			RuntimeOrigin::signed(account(Alice)),
			pallet_security_token::TokenTerms {
				symbol: b"GARAGE".to_vec().try_into().expect("short"),
				name: b"Parking garage units".to_vec().try_into().expect("short"),
				decimals: 0,
				granularity: 1,
				instrument: InstrumentType::RealEstate,
				underlying: Underlying { numerator: 1, denominator: 1_800, unit: H256::zero() },
				identifiers: Default::default(),
				supply_cap: Some(1_000),
				controllable: true,
				default_partition: b"units".to_vec().try_into().expect("short"),
				rights: PartitionRights { voting: true, dividends: true, transferable: true },
			},
		));
		ok(SecurityToken::set_status(RuntimeOrigin::signed(account(Alice)), TOKEN, TokenStatus::Active));
		dispatch(Alice, issue(Alice, 0, 100));
		dispatch(Alice, issue(Ferdie, 0, 100));
	});
	ext
}

#[test]
fn direct_movement_calls_are_refused_with_their_exact_reason() {
	chain().execute_with(|| {
		assert_eq!(pool(Alice, transfer(Bob, 10)), Ok(()));
		assert_eq!(pool(Alice, transfer(Charlie, 10)), refused(Refusal::ReceiverKycMissing));
		assert_eq!(pool(Alice, transfer(Ferdie, 0)), refused(Refusal::ZeroAmount));
		// An issue beyond the supply cap names the cap, not only the ERC-1066 class.
		assert_eq!(pool(Alice, issue(Bob, 0, 900)), refused(Refusal::SupplyCapExceeded));
		// Issuance by someone without the supply-manager role.
		assert_eq!(pool(Bob, issue(Bob, 0, 1)), refused(Refusal::CallerNotAuthorized));
		// A forced transfer by someone who is not the transfer agent.
		let forced = RuntimeCall::SecurityToken(pallet_security_token::Call::controller_transfer {
			token: TOKEN,
			partition: 0,
			from: account(Alice),
			to: account(Bob),
			amount: 1,
			reason: H256::zero(),
		});
		assert_eq!(pool(Bob, forced.clone()), refused(Refusal::CallerNotAuthorized));
		assert_eq!(pool(Alice, forced), Ok(()));
		// An operator transfer by someone who is not an operator.
		let operator = RuntimeCall::SecurityToken(pallet_security_token::Call::operator_transfer_by_partition {
			token: TOKEN,
			partition: 0,
			holder: account(Alice),
			to: account(Bob),
			amount: 1,
			data: None,
		});
		assert_eq!(pool(Bob, operator), refused(Refusal::NotOperator));
		// A shortfall is not refused: a pending transaction may still bring the balance.
		assert_eq!(pool(Bob, transfer(Alice, 5)), Ok(()));
		assert_eq!(pool(Alice, transfer(Bob, 500)), Ok(()));
	});
}

#[test]
fn movements_inside_batches_are_judged() {
	chain().execute_with(|| {
		let to_charlie = transfer(Charlie, 10);
		assert_eq!(pool(Alice, batch(vec![transfer(Bob, 1), to_charlie.clone()])), refused(Refusal::ReceiverKycMissing));
		assert_eq!(pool(Alice, batch_all(vec![transfer(Bob, 1), to_charlie.clone()])), refused(Refusal::ReceiverKycMissing));
		// Nested wrappers are followed.
		assert_eq!(
			pool(Alice, batch(vec![batch(vec![transfer(Bob, 1)]), batch(vec![to_charlie.clone()])])),
			refused(Refusal::ReceiverKycMissing)
		);
		// `force_batch` skips a failing call: it is not refused for it.
		assert_eq!(pool(Alice, force_batch(vec![to_charlie.clone(), transfer(Bob, 1)])), Ok(()));
		// A batch interrupted by another failure before the movement does not reach it.
		let remark_fails = RuntimeCall::System(polkadot_sdk::frame_system::Call::set_heap_pages { pages: 1 });
		assert_eq!(pool(Alice, batch(vec![remark_fails, to_charlie])), Ok(()));
	});
}

#[test]
fn each_inner_movement_sees_the_calls_before_it() {
	chain().execute_with(|| {
		// Ferdie (KYC provider and holder) verifies Charlie, then pays him: alone the payment is
		// refused, after the claim in the same batch it is fine.
		assert_eq!(pool(Ferdie, transfer(Charlie, 10)), refused(Refusal::ReceiverKycMissing));
		assert_eq!(pool(Ferdie, batch_all(vec![kyc(Charlie), transfer(Charlie, 10)])), Ok(()));
		assert_eq!(pool(Ferdie, batch_all(vec![transfer(Charlie, 10), kyc(Charlie)])), refused(Refusal::ReceiverKycMissing));
		// The issuer adds a tranche and issues into it in one batch.
		let tranche = RuntimeCall::SecurityToken(pallet_security_token::Call::add_partition {
			token: TOKEN,
			name: b"class B".to_vec().try_into().expect("short"),
			rights: PartitionRights { voting: false, dividends: true, transferable: true },
		});
		assert_eq!(pool(Alice, issue(Bob, 1, 10)), refused(Refusal::UnknownPartition));
		assert_eq!(pool(Alice, batch_all(vec![tranche, issue(Bob, 1, 10)])), Ok(()));
		// Nothing of the simulation stays.
		assert!(!pallet_identity_registry::Pallet::<Runtime>::claims_of(identity(Charlie))
			.iter()
			.any(|(topic, _, _)| *topic == ClaimTopic::Kyc));
		assert_eq!(SecurityToken::balance_of(TOKEN, 0, &account(Charlie)), 0);
	});
}

#[test]
fn proxied_calls_are_judged_as_the_real_account() {
	chain().execute_with(|| {
		ok(Proxy::add_proxy(RuntimeOrigin::signed(account(Alice)), MultiAddress::Id(account(Dave)), ProxyType::Any, 0));
		let proxied = |call| RuntimeCall::Proxy(pallet_proxy::Call::proxy { real: MultiAddress::Id(account(Alice)), force_proxy_type: None, call: Box::new(call) });
		assert_eq!(pool(Dave, proxied(transfer(Bob, 5))), Ok(()));
		assert_eq!(pool(Dave, proxied(transfer(Charlie, 5))), refused(Refusal::ReceiverKycMissing));
		// Judged as Alice: she may issue, but not beyond the cap.
		assert_eq!(pool(Dave, proxied(issue(Bob, 0, 950))), refused(Refusal::SupplyCapExceeded));
		// Bob is no proxy of Alice: the call fails at dispatch, nothing to judge.
		assert_eq!(pool(Bob, proxied(transfer(Charlie, 5))), Ok(()));
		// Inside a batch, as a derivative account: the derivative has no identity.
		let derivative = RuntimeCall::Utility(pallet_utility::Call::as_derivative { index: 0, call: Box::new(transfer(Bob, 1)) });
		assert_eq!(pool(Alice, derivative), refused(Refusal::SenderNoIdentity));
	});
}

#[test]
fn multisig_movements_are_judged_when_the_approval_executes() {
	chain().execute_with(|| {
		// Alice and Bob's 2-of-2 multisig is Alice's operator.
		let mut signatories = vec![account(Alice), account(Bob)];
		signatories.sort();
		let multisig = pallet_multisig::Pallet::<Runtime>::multi_account_id(&signatories, 2);
		ok(SecurityToken::authorize_operator(RuntimeOrigin::signed(account(Alice)), TOKEN, multisig.clone(), OperatorScope::AllPartitions));
		ok(Balances::transfer_keep_alive(RuntimeOrigin::signed(account(Alice)), MultiAddress::Id(multisig.clone()), UNIT));
		let pay = |to: Sr25519Keyring| RuntimeCall::SecurityToken(pallet_security_token::Call::operator_transfer_by_partition {
			token: TOKEN,
			partition: 0,
			holder: account(Alice),
			to: account(to),
			amount: 3,
			data: None,
		});
		let approve = |who: Sr25519Keyring, call: RuntimeCall, timepoint| {
			let other = if who == Alice { account(Bob) } else { account(Alice) };
			RuntimeCall::Multisig(pallet_multisig::Call::as_multi {
				threshold: 2,
				other_signatories: vec![other],
				maybe_timepoint: timepoint,
				call: Box::new(call),
				max_weight: polkadot_sdk::frame_support::weights::Weight::from_parts(10_000_000_000, 1_000_000),
			})
		};
		// The first approval only records itself: accepted whatever the call.
		assert_eq!(pool(Alice, approve(Alice, pay(Charlie), None)), Ok(()));
		dispatch(Alice, approve(Alice, pay(Charlie), None));
		let timepoint = Some(pallet_multisig::Pallet::<Runtime>::timepoint());
		// The approval that executes is judged, as the multisig account: an operator must be a
		// wallet of an identity to act (since recovery evicts stolen keys), and the multisig's
		// account has none. As Bob it would have been `NotOperator`.
		assert_eq!(pool(Bob, approve(Bob, pay(Charlie), timepoint)), refused(Refusal::CallerNoIdentity));
		// A 1-of-n multisig executes at once.
		let single = RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
			other_signatories: vec![account(Bob)],
			call: Box::new(transfer(Bob, 1)),
		});
		assert_eq!(pool(Alice, single), refused(Refusal::SenderNoIdentity));
	});
}

#[test]
fn a_non_transfer_proxy_moves_no_security_token_and_grants_no_mandate() {
	chain().execute_with(|| {
		ok(Proxy::add_proxy(
			RuntimeOrigin::signed(account(Alice)),
			MultiAddress::Id(account(Dave)),
			ProxyType::NonTransfer,
			0,
		));
		let proxied = |call| {
			RuntimeCall::Proxy(pallet_proxy::Call::proxy {
				real: MultiAddress::Id(account(Alice)),
				force_proxy_type: None,
				call: Box::new(call),
			})
		};
		let filtered = |call: RuntimeCall| {
			System::reset_events();
			dispatch(Dave, proxied(call));
			System::events().iter().any(|record| {
				matches!(
					&record.event,
					RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result: Err(error) })
						if *error == polkadot_sdk::frame_system::Error::<Runtime>::CallFiltered.into()
				)
			})
		};
		assert!(filtered(transfer(Bob, 10)), "a transfer");
		assert!(filtered(issue(Bob, 0, 10)), "an issue");
		assert!(filtered(RuntimeCall::SecurityToken(pallet_security_token::Call::authorize_operator {
			token: TOKEN,
			operator: account(Dave),
			scope: OperatorScope::AllPartitions,
		})), "an operator");
		assert!(filtered(RuntimeCall::SecurityToken(pallet_security_token::Call::approve {
			token: TOKEN,
			partition: 0,
			spender: account(Dave),
			amount: 10,
		})), "an allowance");
		assert!(filtered(RuntimeCall::Custody(pallet_custody::Call::grant_mandate {
			custodian: identity(Bob),
			token: TOKEN,
			partition: None,
			cap: 10,
			expiry: None,
		})), "a custody mandate");
		assert!(filtered(RuntimeCall::SecurityToken(pallet_security_token::Call::grant_roles {
			token: TOKEN,
			agent: identity(Dave),
			roles: pallet_security_token::Roles(pallet_security_token::Roles::ALL),
		})), "a role");
		// Administration that moves nothing stays possible.
		assert!(!filtered(RuntimeCall::SecurityToken(pallet_security_token::Call::set_document {
			token: TOKEN,
			name: b"prospectus".to_vec().try_into().expect("short"),
			uri: b"https://example.invalid/p.pdf".to_vec().try_into().expect("short"),
			hash: H256::repeat_byte(3),
		})), "a document");
		assert_eq!(SecurityToken::balance_of(TOKEN, 0, &account(Bob)), 0);
		assert_eq!(SecurityToken::balance_of(TOKEN, 0, &account(Alice)), 100);
	});
}

/// Build the next block with `transactions` (each must apply; dispatch errors are allowed), as
/// a block author would.
fn next_block(transactions: Vec<UncheckedExtrinsic>) -> Header {
	let number = System::block_number() + 1;
	let now = (number as u64 + 1_000) * SLOT_DURATION;
	let slot = Slot::from(now / SLOT_DURATION);
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	let header = Header::new(number, H256::zero(), H256::zero(), System::parent_hash(), digest);
	Executive::initialize_block(&header);
	let timestamp = UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set { now }));
	Executive::apply_extrinsic(timestamp).expect("inherent applies").expect("inherent dispatches");
	for xt in transactions {
		Executive::apply_extrinsic(xt).expect("the transaction is valid").ok();
	}
	let header = Executive::finalize_block();
	let hash = header.hash();
	polkadot_sdk::frame_system::BlockHash::<Runtime>::insert(number, hash);
	header
}

fn remark(bytes: usize) -> RuntimeCall {
	RuntimeCall::System(polkadot_sdk::frame_system::Call::remark { remark: vec![7u8; bytes] })
}

#[test]
fn length_is_priced_like_the_compute_it_displaces() {
	crate::genesis_ext("development").execute_with(|| {
		let per_byte = fees::LengthFeePerByte::get();
		let normal_fee = fees::normal_block_ref_time() as u128;
		let full_by_length = per_byte * fees::normal_block_length() as u128;
		// Filling the normal class with bytes costs what filling it with compute costs (within
		// the rounding of the division).
		assert!(full_by_length <= normal_fee && normal_fee - full_by_length < fees::normal_block_length() as u128);
		// A 3 MB call pays about 1.2 STO for its length alone; a transfer about 0.0001 STO in all.
		let big = remark(3_000_000);
		let big_fee = TransactionPayment::compute_fee(3_000_100, &big.get_dispatch_info(), 0);
		assert!(big_fee > UNIT, "a 3 MB transaction pays {big_fee}");
		let transfer = RuntimeCall::Balances(polkadot_sdk::pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(account(Bob)),
			value: UNIT,
		});
		let transfer_fee = TransactionPayment::compute_fee(150, &transfer.get_dispatch_info(), 0);
		assert!(transfer_fee < UNIT / 1_000, "a transfer pays {transfer_fee}");
		assert!(big_fee / transfer_fee > 1_000);
	});
}

#[test]
fn a_flood_of_large_transactions_is_paid_for_and_raises_the_price() {
	crate::genesis_ext("development").execute_with(|| {
		let eve = account(Eve);
		let start = Balances::free_balance(&eve);
		let one = pallet_transaction_payment::NextFeeMultiplier::<Runtime>::get();
		let per_block = 3;
		let size = (fees::normal_block_length() as usize) / per_block - 1_000;
		let mut paid_for_length = 0u128;
		let mut multipliers = vec![one];
		for _ in 0..5 {
			let multiplier = pallet_transaction_payment::NextFeeMultiplier::<Runtime>::get();
			let nonce = System::account_nonce(&eve);
			let transactions: Vec<_> =
				(0..per_block as u32).map(|n| signed_at(Eve, nonce + n, remark(size))).collect();
			for xt in &transactions {
				paid_for_length +=
					multiplier.saturating_mul_int(fees::LengthFeePerByte::get() * xt.encoded_size() as u128);
			}
			next_block(transactions);
			assert_eq!(System::account_nonce(&eve), nonce + per_block as u32, "every transaction was included");
			multipliers.push(pallet_transaction_payment::NextFeeMultiplier::<Runtime>::get());
		}
		let spent = start - Balances::free_balance(&eve);
		assert!(spent >= paid_for_length, "spent {spent}, length alone costs {paid_for_length}");
		assert!(spent > 5 * UNIT, "five blocks of bytes cost {spent}");
		assert!(multipliers.windows(2).all(|pair| pair[1] > pair[0]), "the price rises under full blocks: {multipliers:?}");
		// Empty blocks bring it back down, never below the base price.
		for _ in 0..2_000 {
			next_block(vec![]);
		}
		assert_eq!(pallet_transaction_payment::NextFeeMultiplier::<Runtime>::get(), one);
	});
}

#[test]
fn the_multiplier_follows_the_fuller_of_weight_and_length() {
	use polkadot_sdk::sp_runtime::Perquintill;
	let one = pallet_transaction_payment::Multiplier::from_u32(1);
	let at = |percent| fees::CongestionMultiplier::next(one, Perquintill::from_percent(percent));
	assert_eq!(at(0), one, "never below the base price");
	assert_eq!(at(25), one, "steady at the target");
	assert!(at(100) > one && at(100) < pallet_transaction_payment::Multiplier::saturating_from_rational(1010, 1000));
	let mut m = one;
	for _ in 0..100 {
		m = fees::CongestionMultiplier::next(m, Perquintill::from_percent(100));
	}
	assert!(m > pallet_transaction_payment::Multiplier::from_u32(2), "100 full blocks double the price: {m}");
	// A block full of bytes counts as full.
	crate::genesis_ext("development").execute_with(|| {
		polkadot_sdk::frame_system::BlockSize::<Runtime>::put(fees::normal_block_length() as u32);
		assert_eq!(fees::CongestionMultiplier::block_fullness(), Perquintill::one());
	});
}

/// Everything the pool refused above was refused by the dispatch too (the pool and the block
/// agree): the direct check's verdict equals the real dispatch's error.
#[test]
fn the_pool_and_the_dispatch_agree() {
	chain().execute_with(|| {
		let weight = transfer(Charlie, 1).get_dispatch_info().call_weight;
		assert_eq!(RefuseNonCompliant::check(&account(Alice), &transfer(Charlie, 1), weight), Err(Refusal::ReceiverKycMissing));
		let result = SecurityToken::transfer_by_partition(RuntimeOrigin::signed(account(Alice)), TOKEN, 0, account(Charlie), 1, None);
		let error = result.expect_err("refused").error;
		assert_eq!(error, pallet_security_token::Error::<Runtime>::ReceiverNotVerified.into());
	});
}

/// docs/TOKENS.md lists every refusal code with its meaning, exactly as the code has them.
#[test]
fn the_refusal_table_in_the_docs_is_true() {
	let docs = include_str!("../../../docs/TOKENS.md");
	let rows: Vec<(u8, &str)> = docs
		.lines()
		.filter_map(|line| {
			let cells: Vec<&str> = line.split('|').map(str::trim).collect();
			let code = cells.get(1)?.strip_prefix("0x")?.split_whitespace().next()?;
			Some((u8::from_str_radix(code, 16).ok()?, *cells.get(2)?))
		})
		.collect();
	let expected: Vec<(u8, &str)> = Refusal::ALL.iter().map(|refusal| (refusal.code(), refusal.meaning())).collect();
	assert_eq!(rows, expected);
}
