//! Why the chain refused something, in one clear line.
//!
//! A dispatch error arrives as SCALE bytes: a `DispatchError`, whose `Module` variant carries the
//! pallet's index and four bytes (the error's index and its fields). [`explain_dispatch_error`]
//! decodes them against the metadata, so that the settlement errors that name a leg read as
//! `leg 3 refused: not compliant: MaxBalance (The receiving identity's balance, over all its
//! wallets, would exceed the maximum.)`, and every other error as
//! `Custody.DuplicateBatchRef: The custodian already settled a batch with this reference.`
//! The words after the reason are the error's own documentation, taken from the metadata.

use crate::value::{self, TypedValue};
use serde::Serialize;
use std::fmt;
use subxt::Metadata;
use sto_primitives::refusal::Refusal;

/// A refusal by the runtime, explained.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ChainError {
	/// The pallet whose error it is (`None` for errors of the dispatch itself, e.g. `BadOrigin`).
	pub pallet: Option<String>,
	/// The error's name (`LegNonCompliant`, `BadOrigin`, ...).
	pub error: String,
	/// The token leg the error names (settlement errors).
	pub leg: Option<u32>,
	/// The cash leg the error names (settlement errors).
	pub cash_leg: Option<u32>,
	/// The reason the error carries (`MaxBalance`, `Exhausted`, `ReceiverKycMissing`).
	pub reason: Option<String>,
	/// One line for people.
	pub message: String,
}

impl fmt::Display for ChainError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(&self.message)
	}
}

impl std::error::Error for ChainError {}

/// Explain a decoded `DispatchError` (`System.ExtrinsicFailed`'s `dispatch_error`, or the `Err`
/// of a `Sudo.Sudid` result).
pub fn explain_dispatch_error(metadata: &Metadata, error: &TypedValue) -> ChainError {
	let types = metadata.types();
	let Some((name, fields)) = value::variant(error) else {
		return unknown(format!("the transaction failed: {}", value::to_text(types, error)));
	};
	if name == "Module" {
		let module = value::first_field(fields);
		let index = module.and_then(|m| value::field(m, "index")).and_then(value::as_u128);
		let bytes = module.and_then(|m| value::field(m, "error")).and_then(value::bytes_of);
		if let (Some(index), Some(bytes)) = (index, bytes) {
			return explain_module_error(metadata, index as u8, &bytes);
		}
		return unknown(format!("the transaction failed: {}", value::to_text(types, error)));
	}
	// An error of the dispatch itself (`BadOrigin`, `Token(FundsUnavailable)`, ...).
	let reason = value::first_field(fields);
	let mut docs = value::variant_docs(types, error.context, name).unwrap_or_default();
	if let Some(reason) = reason {
		let inner = value::reason_docs(types, reason);
		if !inner.is_empty() {
			docs = format!("{docs} {inner}").trim().to_string();
		}
	}
	let text = value::to_text(types, error);
	ChainError {
		pallet: None,
		error: name.to_string(),
		leg: None,
		cash_leg: None,
		reason: reason.map(|r| value::to_text(types, r)),
		message: if docs.is_empty() { text } else { format!("{text}: {docs}") },
	}
}

fn unknown(message: String) -> ChainError {
	ChainError { pallet: None, error: "Unknown".into(), leg: None, cash_leg: None, reason: None, message }
}

/// Explain a module error: the pallet at `pallet_index` of the runtime, and the error's bytes
/// (the error's index within the pallet, then its fields).
pub fn explain_module_error(metadata: &Metadata, pallet_index: u8, error: &[u8]) -> ChainError {
	let types = metadata.types();
	let Some(pallet) = metadata.pallet_by_error_index(pallet_index) else {
		return unknown(format!("error of unknown pallet #{pallet_index}: 0x{}", hex::encode(error)));
	};
	let pallet_name = pallet.name().to_string();
	let Some(error_index) = error.first().copied() else {
		return unknown(format!("{pallet_name}: empty error"));
	};
	let Some(variant) = pallet.error_variant_by_index(error_index) else {
		return unknown(format!("{pallet_name}: unknown error #{error_index}"));
	};
	let name = variant.name.clone();
	let docs = value::join_docs(&variant.docs);
	// The error's fields, decoded as the pallet's error enum (its unused trailing bytes are
	// padding: a module error is always four bytes).
	let decoded = pallet.error_ty_id().and_then(|ty| value::decode(types, ty, &mut &error[..]).ok());
	let leg = decoded.as_ref().and_then(|d| value::field(d, "leg")).and_then(value::as_u128).map(|n| n as u32);
	let reason_value = decoded.as_ref().and_then(|d| value::field(d, "reason"));
	let reason = reason_value.map(|r| value::to_text(types, r));
	let reason_docs = reason_value.map(|r| value::reason_docs(types, r)).unwrap_or_default();
	let because = |reason: &str| {
		if reason_docs.is_empty() {
			reason.to_string()
		} else {
			format!("{reason} ({reason_docs})")
		}
	};

	let mut explained = ChainError {
		pallet: Some(pallet_name.clone()),
		error: name.clone(),
		leg: None,
		cash_leg: None,
		reason: reason.clone(),
		message: String::new(),
	};
	match (pallet_name.as_str(), name.as_str(), leg, reason.as_deref()) {
		("Custody", "LegNotAuthorized", Some(leg), Some(reason)) => {
			explained.leg = Some(leg);
			explained.message = format!("leg {leg} not authorized by a mandate: {}", because(reason));
		},
		("Custody", "LegRefused", Some(leg), Some(reason)) => {
			explained.leg = Some(leg);
			explained.message = format!("leg {leg} refused by the token: {}", because(reason));
		},
		("Custody", "LegNonCompliant", Some(leg), Some(reason)) => {
			explained.leg = Some(leg);
			explained.message = format!("leg {leg} refused: not compliant: {}", because(reason));
		},
		("Custody", "CashLegFailed", Some(leg), Some(reason)) => {
			explained.cash_leg = Some(leg);
			explained.message = format!("cash leg {leg} failed: {}", because(reason));
		},
		_ => {
			let fields = decoded
				.as_ref()
				.and_then(value::variant)
				.filter(|(_, fields)| !fields.is_empty())
				.map(|_| value::to_text(types, decoded.as_ref().expect("matched Some above; qed")));
			let head = match fields {
				Some(fields) => format!("{pallet_name}.{fields}"),
				None => format!("{pallet_name}.{name}"),
			};
			explained.message = if docs.is_empty() { head } else { format!("{head}: {docs}") };
		},
	}
	explained
}

/// The meaning of an ERC-1066 status byte, as the security token answers `can_transfer`.
pub fn erc1066_meaning(status: u8) -> Option<&'static str> {
	Some(match status {
		0x50 => "transfer failure (a compliance rule)",
		0x51 => "transfer success",
		0x52 => "insufficient balance",
		0x53 => "invalid receiver",
		0x54 => "invalid sender",
		0x55 => "invalid operator",
		0x56 => "invalid approval",
		0x57 => "invalid data (e.g. an expired claim)",
		0x58 => "transfers halted",
		_ => return None,
	})
}

/// A transaction the node refused to accept (the pool's validation), in one line. Names the
/// exact reason, in words and by its name, when the refusal carries one of the security token's
/// codes (`Custom error: 18` is 0x12 `ReceiverKycMissing`: the receiver has no valid KYC claim;
/// the codes are in docs/TOKENS.md).
pub fn explain_pool_refusal(message: &str) -> String {
	let message = one_line(message);
	// `Custom error: 18` (the pool's JSON-RPC error data) or `custom error: 18` (its message).
	let custom = message
		.to_ascii_lowercase()
		.find("custom error: ")
		.map(|at| &message[at + "custom error: ".len()..])
		.and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
		.and_then(|digits| digits.parse::<u8>().ok());
	match custom.and_then(Refusal::from_code) {
		Some(refusal) => format!(
			"the node refused the transaction: {} (refusal {:#04x} {refusal:?}, {message})",
			refusal.meaning(),
			refusal.code()
		),
		None => format!("the node refused the transaction: {message}"),
	}
}

/// Whether an error of a submission is the node's refusal of the transaction (the pool's JSON-RPC
/// errors 1010 to 1016: invalid, unknown validity, banned, priority too low, outdated, already
/// imported, immediately dropped) rather than a failure to reach the node.
pub fn is_pool_refusal(message: &str) -> bool {
	(1010..=1016).any(|code| message.contains(&code.to_string())) ||
		["Invalid Transaction", "Invalid transaction", "Custom error", "Inability to pay", "outdated", "Priority is too low"]
			.iter()
			.any(|needle| message.contains(needle))
}

/// Text on one line (errors end up in one-line messages and logs).
pub fn one_line(text: &str) -> String {
	text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn pool_refusals_name_the_status() {
		let text = explain_pool_refusal("Invalid Transaction (1010)\n Custom error: 18");
		assert!(text.contains("no valid KYC claim from a trusted issuer (refusal 0x12 ReceiverKycMissing,"), "{text}");
		let text = explain_pool_refusal("Invalid Transaction (1010): Custom error: 8");
		assert!(text.contains("supply cap would be exceeded"), "{text}");
		assert!(!text.contains('\n'));
		// The form subxt 0.51 reports (the transaction pool's message, lower case).
		let text = explain_pool_refusal("Invalid transaction with custom error: 8");
		assert!(text.contains("(refusal 0x08 SupplyCapExceeded,"), "{text}");
		let text = explain_pool_refusal("Transaction is outdated");
		assert_eq!(text, "the node refused the transaction: Transaction is outdated");
		assert_eq!(erc1066_meaning(0x58), Some("transfers halted"));
		assert!(is_pool_refusal("RPC error: Invalid Transaction (1010): Inability to pay some fees"));
		assert!(!is_pool_refusal("RPC error: the background task closed; restart required"));
		assert_eq!(erc1066_meaning(0x10), None);
	}
}
