//! What an exchange (a custodian) and its investors do with the custody pallet: venue
//! bindings, mandates, the free pre-checks, and atomic batch settlement; and the governance
//! calls that register custodians.
//!
//! Reads go to the runtime API `CustodyApi` over `state_call` (free, no transaction), or to the
//! pallet's view functions of the same names when the runtime does not implement the API.

use crate::{
	batch::Batch,
	chain::{Answer, At, Call, Event, Outcome, Stage, Sto, TxError, Wait},
	runtime::{
		api::{
			self,
			runtime_types::{
				pallet_custody::types::{CashLegStatus, LegStatus as RuntimeLegStatus, SettlementPreview},
				sto_primitives::token::TransferFailure,
			},
		},
		bounded, describe, variant_name,
	},
	token,
};
use anyhow::{anyhow, bail, Result};
use serde_json::{json, Value as Json};
use subxt::{
	ext::frame_decode::runtime_apis::IntoEncodableValues,
	utils::{AccountId32, H256},
};
use subxt_signer::sr25519::Keypair;

pub use crate::runtime::api::runtime_types::pallet_custody::types::LicensedRoles;

/// The runtime's name of the custody pallet.
pub const PALLET: &str = "Custody";
/// The runtime API of the custody reads.
pub const API: &str = "CustodyApi";

/// A custodian's licences (only ATS operators, broker-dealers and clearing agents may settle
/// trades) from a comma-separated list: `ats`, `broker`, `clearing`, `transfer` (or the
/// runtime's field names `ats_operator`, `broker_dealer`, `clearing_agent`, `transfer_agent`).
pub fn parse_roles(text: &str) -> Result<LicensedRoles> {
	let mut roles = LicensedRoles { ats_operator: false, broker_dealer: false, clearing_agent: false, transfer_agent: false };
	for role in text.split(',').map(|r| r.trim().to_ascii_lowercase().replace('-', "_")).filter(|r| !r.is_empty()) {
		match role.as_str() {
			"ats" | "ats_operator" => roles.ats_operator = true,
			"broker" | "broker_dealer" => roles.broker_dealer = true,
			"clearing" | "clearing_agent" => roles.clearing_agent = true,
			"transfer" | "transfer_agent" => roles.transfer_agent = true,
			other => bail!("unknown licensed role {other:?} (expected ats, broker, clearing, transfer)"),
		}
	}
	if !(roles.ats_operator || roles.broker_dealer || roles.clearing_agent || roles.transfer_agent) {
		bail!("name at least one licensed role (ats, broker, clearing, transfer)");
	}
	Ok(roles)
}

/// The reference of a venue account id at a custodian: BLAKE2b-256 of the id (no personal
/// data on chain), or the id itself when it is already `0x` + 64 hex digits.
pub fn venue_account_ref(venue_account: &str) -> Result<H256> {
	crate::chain::reference(venue_account)
}

// --- calls ---------------------------------------------------------------------------------

/// `Custody.register_custodian(wallet, roles)` (governance: wrap it in `Sudo.sudo` or a
/// council motion).
pub async fn register_custodian(sto: &Sto, wallet: &AccountId32, roles: LicensedRoles) -> Result<Call> {
	sto.call(&api::transactions().custody().register_custodian(*wallet, roles)).await
}

/// `Custody.set_custodian_roles(custodian, roles)` (governance).
pub async fn set_custodian_roles(sto: &Sto, custodian: u64, roles: LicensedRoles) -> Result<Call> {
	sto.call(&api::transactions().custody().set_custodian_roles(custodian, roles)).await
}

/// `Custody.suspend_custodian`, `reinstate_custodian` or `remove_custodian` (governance).
pub async fn custodian_status(sto: &Sto, call: &str, custodian: u64) -> Result<Call> {
	let custody = api::transactions().custody();
	match call {
		"suspend_custodian" => sto.call(&custody.suspend_custodian(custodian)).await,
		"reinstate_custodian" => sto.call(&custody.reinstate_custodian(custodian)).await,
		"remove_custodian" => sto.call(&custody.remove_custodian(custodian)).await,
		_ => bail!("not a custodian status call: {call}"),
	}
}

/// `Custody.bind_venue_account(custodian, account_ref)`, signed by a wallet of the investor.
pub async fn bind_venue_account(sto: &Sto, custodian: u64, account_ref: H256) -> Result<Call> {
	sto.call(&api::transactions().custody().bind_venue_account(custodian, account_ref)).await
}

/// `Custody.unbind_venue_account(custodian)`.
pub async fn unbind_venue_account(sto: &Sto, custodian: u64) -> Result<Call> {
	sto.call(&api::transactions().custody().unbind_venue_account(custodian)).await
}

/// `Custody.grant_mandate(custodian, token, partition, cap, expiry)`.
pub async fn grant_mandate(
	sto: &Sto,
	custodian: u64,
	token: u32,
	partition: Option<u16>,
	cap: u128,
	expiry: Option<u64>,
) -> Result<Call> {
	if cap == 0 {
		bail!("a mandate's cap must be above zero");
	}
	sto.call(&api::transactions().custody().grant_mandate(custodian, token, partition, cap, expiry)).await
}

/// `Custody.revoke_mandate(custodian, token)`.
pub async fn revoke_mandate(sto: &Sto, custodian: u64, token: u32) -> Result<Call> {
	sto.call(&api::transactions().custody().revoke_mandate(custodian, token)).await
}

/// `Custody.suspend_mandate` / `resume_mandate(investor, custodian, token)` (the token's issuer
/// or compliance manager).
pub async fn set_mandate_suspended(sto: &Sto, investor: u64, custodian: u64, token: u32, suspended: bool) -> Result<Call> {
	let custody = api::transactions().custody();
	if suspended {
		sto.call(&custody.suspend_mandate(investor, custodian, token)).await
	} else {
		sto.call(&custody.resume_mandate(investor, custodian, token)).await
	}
}

/// `Custody.settle(batch_ref, legs, cash_legs)`.
pub async fn settle_call(sto: &Sto, batch: &Batch) -> Result<Call> {
	sto.call(&api::transactions().custody().settle(batch.batch_ref, bounded(batch.legs.clone()), bounded(batch.cash_legs.clone())))
		.await
}

// --- reads ---------------------------------------------------------------------------------

/// A custody read: `CustodyApi_<method>` when the runtime implements it, else the view
/// function `Custody.<method>`.
pub async fn read(sto: &Sto, method: &str, args: impl IntoEncodableValues) -> Result<Answer> {
	read_at(sto, &sto.at().await?, method, args).await
}

/// [`read`] at block `at` (the best block, for one).
pub async fn read_at(sto: &Sto, at: &At, method: &str, args: impl IntoEncodableValues) -> Result<Answer> {
	let metadata = at.metadata_ref();
	if metadata.runtime_api_trait_by_name(API).is_some() {
		sto.runtime_api_at(at, API, method, args).await
	} else if metadata.pallet_by_name(PALLET).is_some() {
		sto.view_function_at(at, PALLET, method, args).await
	} else {
		bail!("the runtime at {} has no {PALLET} pallet", sto.url())
	}
}

/// The chain's batch size limits: (`Custody.MaxLegs`, `Custody.MaxCashLegs`).
pub async fn batch_limits(sto: &Sto) -> Result<(u32, u32)> {
	sto.require_pallet(PALLET).await?;
	Ok((sto.constant::<u32>(PALLET, "MaxLegs").await?, sto.constant::<u32>(PALLET, "MaxCashLegs").await?))
}

/// `identity`'s holding of `token` over all its wallets and partitions.
pub async fn identity_holding(sto: &Sto, token: u32, identity: u64) -> Result<u128> {
	if sto.has_runtime_api(API).await? {
		sto.api(api::runtime_apis().custody_api().identity_holding(token, identity)).await
	} else {
		sto.view(&api::view_functions().custody().identity_holding(token, identity)).await
	}
}

/// How much of `partition` of `token` `custodian` may still move for `investor`, or the
/// reason (`NoMandate`, `Expired`, `Suspended`, `WrongPartition`, ...) why nothing.
pub async fn mandate_capacity(
	sto: &Sto,
	investor: u64,
	custodian: u64,
	token: u32,
	partition: u16,
) -> Result<std::result::Result<u128, String>> {
	let answer = if sto.has_runtime_api(API).await? {
		sto.api(api::runtime_apis().custody_api().mandate_capacity(investor, custodian, token, partition)).await?
	} else {
		sto.view(&api::view_functions().custody().mandate_capacity(investor, custodian, token, partition)).await?
	};
	Ok(answer.map_err(|failure| variant_name(&failure).unwrap_or("unknown").to_string()))
}

/// A read as JSON (`null` for `None`).
pub async fn read_json(sto: &Sto, method: &str, args: impl IntoEncodableValues) -> Result<Json> {
	read(sto, method, args).await?.json()
}

// --- preview -------------------------------------------------------------------------------

/// How one leg fares in a preview (the runtime's `LegStatus` or `CashLegStatus`, in words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegStatus {
	/// Its position in the batch (token and cash legs are numbered separately).
	pub index: usize,
	pub settles: bool,
	/// The runtime's status (`Settles`, `NotAuthorized(Exhausted)`,
	/// `Refused(Compliance(1, MaxBalance))`, `Failed(InsufficientFunds)`).
	pub status: String,
	/// Why it does not settle, in words (`None` when it settles).
	pub reason: Option<String>,
}

/// What settling a batch would meet now: the batch-level verdict and every leg's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
	/// Why the whole batch would be refused (`NotCustodian: ...`), if it would.
	pub batch: Option<String>,
	pub legs: Vec<LegStatus>,
	pub cash_legs: Vec<LegStatus>,
}

impl Preview {
	/// Whether the whole batch would settle.
	pub fn settles(&self) -> bool {
		self.batch.is_none() && self.legs.iter().chain(&self.cash_legs).all(|leg| leg.settles)
	}

	/// Why the batch would be refused, in one line: the batch-level reason, or the first
	/// failing leg (as the chain's error would name it), with the count of other failures.
	pub fn refusal(&self) -> Option<String> {
		if let Some(batch) = &self.batch {
			return Some(format!("the batch would be refused: {batch}"));
		}
		let failing: Vec<&LegStatus> = self.legs.iter().chain(&self.cash_legs).filter(|leg| !leg.settles).collect();
		let first = failing.first()?;
		let more = match failing.len() {
			1 => String::new(),
			n => format!(" (and {} more failing legs)", n - 1),
		};
		Some(format!("{}{more}", first.reason.clone().unwrap_or_else(|| first.status.clone())))
	}

	/// The preview as JSON.
	pub fn to_json(&self) -> Json {
		let legs = |legs: &[LegStatus]| {
			legs.iter()
				.map(|leg| json!({"leg": leg.index, "settles": leg.settles, "status": leg.status, "reason": leg.reason}))
				.collect::<Vec<_>>()
		};
		json!({
			"settles": self.settles(),
			"batch": self.batch,
			"legs": legs(&self.legs),
			"cash_legs": legs(&self.cash_legs),
		})
	}
}

/// Preview `batch` as submitted by `submitter`: the very code of `settle`, rolled back.
pub async fn preview(sto: &Sto, submitter: &AccountId32, batch: &Batch) -> Result<Preview> {
	let (legs, cash_legs) = (bounded(batch.legs.clone()), bounded(batch.cash_legs.clone()));
	let answer: SettlementPreview = if sto.has_runtime_api(API).await? {
		sto.api(api::runtime_apis().custody_api().preview(*submitter, batch.batch_ref, legs, cash_legs)).await?
	} else {
		sto.view(&api::view_functions().custody().preview(*submitter, batch.batch_ref, legs, cash_legs)).await?
	};
	let verdict = answer.batch.as_ref().map(describe);
	let legs: Vec<LegStatus> = answer.legs.iter().enumerate().map(|(index, status)| leg_status(index, status)).collect();
	let cash_legs: Vec<LegStatus> =
		answer.cash_legs.iter().enumerate().map(|(index, status)| cash_leg_status(index, status)).collect();
	// Without a custodian the runtime judges no leg; with one it judges every leg.
	if verdict.is_none() && (legs.len() != batch.legs.len() || cash_legs.len() != batch.cash_legs.len()) {
		bail!(
			"CustodyApi_preview: {} token and {} cash leg verdicts for {} and {} legs",
			legs.len(),
			cash_legs.len(),
			batch.legs.len(),
			batch.cash_legs.len()
		);
	}
	Ok(Preview { batch: verdict, legs, cash_legs })
}

/// A token leg's status in words, the same words as the error `settle` would fail with.
fn leg_status(index: usize, status: &RuntimeLegStatus) -> LegStatus {
	let text = describe(status);
	let reason = match status {
		RuntimeLegStatus::Settles => return LegStatus { index, settles: true, status: "Settles".into(), reason: None },
		RuntimeLegStatus::NotAuthorized(failure) => format!("leg {index} not authorized by a mandate: {}", describe(failure)),
		RuntimeLegStatus::Refused(TransferFailure::Compliance(rule, failure)) => {
			format!("leg {index} refused: not compliant: {} (rule #{rule})", describe(failure))
		},
		RuntimeLegStatus::Refused(failure) => format!("leg {index} refused by the token: {}", describe(failure)),
	};
	LegStatus { index, settles: false, status: text, reason: Some(reason) }
}

/// A cash leg's status in words.
fn cash_leg_status(index: usize, status: &CashLegStatus) -> LegStatus {
	match status {
		CashLegStatus::Settles => LegStatus { index, settles: true, status: "Settles".into(), reason: None },
		CashLegStatus::Failed(failure) => LegStatus {
			index,
			settles: false,
			status: describe(status),
			reason: Some(format!("cash leg {index} failed: {}", describe(failure))),
		},
	}
}

// --- settlement ----------------------------------------------------------------------------

/// Why a settlement did not happen.
#[derive(Debug)]
pub enum SettleError {
	/// Refused before anything was sent: the batch is too large, or the preview says it
	/// would fail (the preview is included).
	NotSent { reason: String, preview: Option<Preview> },
	/// Sent, and refused by the node or the runtime (nothing moved).
	Refused(TxError),
	/// Settled on chain, but its events do not match the batch (what moved is on chain:
	/// reconcile against it).
	Unexpected { outcome: Box<Outcome>, reason: String },
}

impl std::fmt::Display for SettleError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			SettleError::NotSent { reason, .. } => write!(f, "{reason}; nothing was submitted"),
			SettleError::Refused(error) => write!(f, "settlement refused: {error}; nothing moved"),
			SettleError::Unexpected { outcome, reason } => write!(
				f,
				"settled in block {:?} (extrinsic {:?}), but the events do not match the batch: {reason}",
				outcome.block, outcome.extrinsic
			),
		}
	}
}

impl std::error::Error for SettleError {}

impl From<anyhow::Error> for SettleError {
	fn from(error: anyhow::Error) -> Self {
		SettleError::Refused(TxError::Other(error))
	}
}

/// A settled batch.
#[derive(Clone, Debug)]
pub struct Settlement {
	pub outcome: Outcome,
	/// The `LegSettled` events, in leg order.
	pub legs_settled: usize,
	/// The `CashLegSettled` events.
	pub cash_legs_settled: usize,
}

/// Settle `batch` signed by `signer` (a wallet of the custodian): the size is checked against
/// the chain's limits, then (with `preview_first`) the free preview must say every leg
/// settles, then the batch is submitted. A refusal names the failing leg; when the node
/// refuses the transaction without naming it, the preview is asked which leg fails.
pub async fn settle(
	sto: &Sto,
	signer: &Keypair,
	batch: &Batch,
	preview_first: bool,
	wait: Wait,
	progress: &mut dyn FnMut(&Stage),
) -> std::result::Result<Settlement, SettleError> {
	let (max_legs, max_cash_legs) = batch_limits(sto).await?;
	batch
		.check_size(max_legs, max_cash_legs)
		.map_err(|e| SettleError::NotSent { reason: e.to_string(), preview: None })?;
	let submitter = signer.public_key().to_account_id();
	if preview_first {
		let verdict = preview(sto, &submitter, batch).await?;
		if let Some(reason) = verdict.refusal() {
			return Err(SettleError::NotSent { reason, preview: Some(verdict) });
		}
	}
	let call = settle_call(sto, batch).await?;
	let outcome = match sto.submit(&call, signer, wait, progress).await {
		Ok(outcome) => outcome,
		Err(TxError::Refused(message)) => {
			// A refusal at the pool does not say which leg: ask the preview.
			let named = match preview(sto, &submitter, batch).await.ok().and_then(|p| p.refusal()) {
				Some(leg) => format!("{message}: {leg}"),
				None => message,
			};
			return Err(SettleError::Refused(TxError::Refused(named)));
		},
		Err(error) => return Err(SettleError::Refused(error)),
	};
	let legs_settled = outcome.events_named(PALLET, "LegSettled").count();
	let cash_legs_settled = outcome.events_named(PALLET, "CashLegSettled").count();
	let counted = if outcome.event(PALLET, "BatchSettled").is_none() ||
		legs_settled != batch.legs.len() ||
		cash_legs_settled != batch.cash_legs.len()
	{
		Err(anyhow!(
			"{legs_settled} of {} token legs and {cash_legs_settled} of {} cash legs settled",
			batch.legs.len(),
			batch.cash_legs.len()
		))
	} else {
		Ok(())
	};
	if let Err(error) = counted.and_then(|()| check_leg_events(&outcome.events, batch)) {
		return Err(SettleError::Unexpected { outcome: Box::new(outcome), reason: error.to_string() });
	}
	Ok(Settlement { outcome, legs_settled, cash_legs_settled })
}

/// The chain's account of every token leg must be the batch's: each `Custody.LegSettled`
/// follows the `SecurityToken.Moved` of its leg, which must move the leg's token, partition,
/// wallets and amount under the batch reference.
pub fn check_leg_events(events: &[Event], batch: &Batch) -> Result<()> {
	let mut moved: Option<&Event> = None;
	for event in events {
		match (event.pallet.as_str(), event.name.as_str()) {
			(token::PALLET, "Moved") => moved = Some(event),
			(PALLET, "LegSettled") => {
				let index = event.u128("leg").ok_or_else(|| anyhow!("LegSettled without a leg index"))? as usize;
				let leg = batch.legs.get(index).ok_or_else(|| anyhow!("LegSettled for leg {index}, not in the batch"))?;
				let moved = moved.take().ok_or_else(|| anyhow!("LegSettled {index} without the token's Moved before it"))?;
				let (from, to) = (moved.account("from"), moved.account("to"));
				let matches = moved.u128("token") == Some(leg.token as u128) &&
					moved.u128("partition") == Some(leg.partition as u128) &&
					from.as_ref() == Some(&leg.from) &&
					to.as_ref() == Some(&leg.to) &&
					moved.u128("amount") == Some(leg.amount) &&
					moved.bytes("reference").as_deref() == Some(batch.batch_ref.as_bytes());
				if !matches {
					let number = |name: &str| moved.u128(name).map_or_else(|| "?".to_string(), |n| n.to_string());
					let account = |a: Option<AccountId32>| a.map_or_else(|| "nobody".to_string(), |a| a.to_string());
					bail!(
						"leg {index}: the chain moved {} of token {}, partition {}, from {} to {} (reference {}); \
						 the batch says {} of token {}, partition {}, from {} to {}",
						number("amount"),
						number("token"),
						number("partition"),
						account(from),
						account(to),
						moved.bytes("reference").map_or_else(|| "none".to_string(), |r| format!("0x{}", hex::encode(r))),
						leg.amount,
						leg.token,
						leg.partition,
						leg.from,
						leg.to,
					);
				}
			},
			_ => {},
		}
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{batch::Leg, value::TypedValue};
	use subxt::dynamic::Value;

	fn value(v: Value) -> TypedValue {
		v.map_context(|_| 0u32)
	}

	fn some_bytes(bytes: &[u8]) -> TypedValue {
		value(Value::unnamed_variant("Some", [Value::from_bytes(bytes)]))
	}

	fn moved(leg: &Leg, reference: H256) -> Event {
		Event {
			pallet: token::PALLET.into(),
			name: "Moved".into(),
			fields: vec![
				("token".into(), value(Value::u128(leg.token as u128))),
				("partition".into(), value(Value::u128(leg.partition as u128))),
				("from".into(), some_bytes(&leg.from.0)),
				("to".into(), some_bytes(&leg.to.0)),
				("amount".into(), value(Value::u128(leg.amount))),
				("reference".into(), some_bytes(reference.as_bytes())),
			],
		}
	}

	fn leg_settled(index: u128) -> Event {
		Event {
			pallet: PALLET.into(),
			name: "LegSettled".into(),
			fields: vec![("leg".into(), value(Value::u128(index))), ("investor".into(), value(Value::u128(9)))],
		}
	}

	fn batch() -> Batch {
		let leg = |from: u8, amount| Leg {
			token: 1,
			partition: 1,
			from: AccountId32([from; 32]),
			to: AccountId32([2; 32]),
			amount,
		};
		Batch {
			batch_ref: H256([7; 32]),
			batch_ref_text: "run 7".into(),
			legs: vec![leg(1, 100), leg(3, 40)],
			cash_legs: vec![],
		}
	}

	#[test]
	fn each_leg_settled_must_follow_the_moved_of_its_leg() {
		let batch = batch();
		let other = Event { pallet: "Assets".into(), name: "Transferred".into(), fields: vec![] };
		let events = |first: Event| {
			vec![first, leg_settled(0), other.clone(), moved(&batch.legs[1], batch.batch_ref), leg_settled(1)]
		};
		check_leg_events(&events(moved(&batch.legs[0], batch.batch_ref)), &batch).expect("the events match");

		let mut more = batch.legs[0].clone();
		more.amount += 1;
		let error = check_leg_events(&events(moved(&more, batch.batch_ref)), &batch).expect_err("amount differs");
		assert!(error.to_string().starts_with("leg 0: the chain moved 101 of token 1, partition 1"), "{error}");
		let mut elsewhere = batch.legs[0].clone();
		elsewhere.to = AccountId32([9; 32]);
		assert!(check_leg_events(&events(moved(&elsewhere, batch.batch_ref)), &batch).is_err(), "receiver differs");
		let error = check_leg_events(&events(moved(&batch.legs[0], H256([8; 32]))), &batch).expect_err("reference differs");
		assert!(error.to_string().contains(&format!("(reference 0x{})", "08".repeat(32))), "{error}");

		// A LegSettled without its Moved, or for a leg the batch does not have.
		let error = check_leg_events(&[leg_settled(0)], &batch).expect_err("no Moved");
		assert_eq!(error.to_string(), "LegSettled 0 without the token's Moved before it");
		let error = check_leg_events(&[moved(&batch.legs[0], batch.batch_ref), leg_settled(5)], &batch)
			.expect_err("no leg 5");
		assert_eq!(error.to_string(), "LegSettled for leg 5, not in the batch");
		// One Moved does not vouch for two legs.
		let twice = [moved(&batch.legs[0], batch.batch_ref), leg_settled(0), leg_settled(1)];
		assert!(check_leg_events(&twice, &batch).is_err());
	}
}
