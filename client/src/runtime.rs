//! The chain's interface, generated at compile time by subxt's codegen from the committed
//! metadata (`client/metadata/sto-runtime.scale`, what the runtime serves; the end-to-end test
//! `metadata` fails when the two differ, and `scripts/metadata.sh` regenerates the file).
//!
//! - [`api::transactions()`]: every call of every pallet, typed (`api::transactions()
//!   .security_token().transfer_by_partition(..)`); [`crate::chain::Sto::call`] turns one into
//!   call data.
//! - [`api::runtime_apis()`], [`api::view_functions()`]: the free reads, typed arguments and
//!   answers ([`crate::chain::Sto::read`]).
//! - [`api::runtime_types`]: the runtime's types (`TokenTerms`, `Rule`, `ClaimTopic`, ...), so
//!   the client has no hand-written copies of them: a runtime change that breaks the client
//!   breaks its build.
//!
//! Each generated call, read and event carries the hash of its shape in the metadata it was
//! generated from; subxt refuses it against a node whose runtime changed that shape (a runtime
//! upgrade that adds a pallet leaves the other calls usable).
//!
//! Names given on the command line (an instrument, a status, a claim topic) are matched
//! against the variants the metadata lists ([`parse_variant`]), so the lists are never written
//! out by hand either.

use anyhow::{anyhow, bail, Result};
use std::sync::OnceLock;
use scale_info::{form::PortableForm, PortableRegistry, TypeDef, Variant};
use subxt::{
	ext::{codec::Decode, scale_decode::DecodeAsType},
	Metadata,
};

#[subxt::subxt(runtime_metadata_path = "metadata/sto-runtime.scale", derive_for_all_types = "Clone, PartialEq, Eq")]
pub mod api {}

pub use api::runtime_types::{
	pallet_compliance::types::{Rule, RuleKind},
	pallet_security_token::types::{InstrumentType, PartitionRights, TokenStatus, TokenTerms},
	sto_primitives::identity::{ClaimTopic, CountryCode, IdentityKind},
};

/// The generated `BoundedVec` (the runtime checks the bound; the client sends a `Vec`).
pub type BoundedVec<T> = api::runtime_types::bounded_collections::bounded_vec::BoundedVec<T>;

/// The metadata the interface was generated from (SCALE, `RuntimeMetadataPrefixed`).
pub const METADATA: &[u8] = include_bytes!("../metadata/sto-runtime.scale");

/// The committed metadata, decoded once.
pub fn metadata() -> &'static Metadata {
	static METADATA_DECODED: OnceLock<Metadata> = OnceLock::new();
	// The file is checked at build time by the codegen macro, which decodes the same bytes:
	// decoding cannot fail here for a crate that compiled.
	METADATA_DECODED.get_or_init(|| Metadata::decode(&mut &METADATA[..]).expect("the committed metadata decodes"))
}

/// The metadata's type id of the generated type `T` (found by its path under `runtime_types`,
/// which is the runtime's own path of the type).
pub fn type_id_of<T: ?Sized>() -> Option<u32> {
	let name = std::any::type_name::<T>();
	let path = name.split("::runtime_types::").nth(1)?;
	// Generic parameters are not part of a path.
	let path = path.split('<').next()?;
	let types = metadata().types();
	types.types.iter().find(|t| t.ty.path.segments.join("::") == path).map(|t| t.id)
}

fn variants_of(types: &PortableRegistry, id: u32) -> Option<&[Variant<PortableForm>]> {
	match &types.resolve(id)?.type_def {
		TypeDef::Variant(v) => Some(&v.variants),
		_ => None,
	}
}

/// The names of the variants of the generated enum `T`, as the runtime spells them.
pub fn variant_names<T: ?Sized>() -> Vec<&'static str> {
	let types = metadata().types();
	type_id_of::<T>()
		.and_then(|id| variants_of(types, id))
		.map(|variants| variants.iter().map(|v| v.name.as_str()).collect())
		.unwrap_or_default()
}

/// Loose spelling of a name: lower case, without `-`, `_` and spaces (`real-estate`,
/// `RealEstate` and `real_estate` are one name).
fn loose(text: &str) -> String {
	text.trim().to_ascii_lowercase().replace(['-', '_', ' '], "")
}

/// The field-less variant of the generated enum `T` named `text` (any case, with or without
/// `-`/`_`), e.g. `parse_variant::<InstrumentType>("real-estate", "instrument")`. An unknown
/// name is refused with the list of names the runtime has; a variant with fields is refused
/// too (build it in code).
pub fn parse_variant<T: DecodeAsType>(text: &str, what: &str) -> Result<T> {
	let types = metadata().types();
	let id = type_id_of::<T>().ok_or_else(|| anyhow!("the metadata has no type for {what}"))?;
	let variants = variants_of(types, id).ok_or_else(|| anyhow!("{what} is not an enum in the metadata"))?;
	let wanted = loose(text);
	let Some(variant) = variants.iter().find(|v| loose(&v.name) == wanted) else {
		let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
		bail!("unknown {what} {text:?} (expected one of {})", names.join(", "));
	};
	if !variant.fields.is_empty() {
		bail!("{what} {} needs a value", variant.name);
	}
	let bytes = [variant.index];
	T::decode_as_type(&mut &bytes[..], id, types).map_err(|e| anyhow!("{what} {}: {e}", variant.name))
}

/// The runtime's name of the variant `value` is (the inverse of [`parse_variant`], for display).
pub fn variant_name<T: subxt::ext::scale_encode::EncodeAsType>(value: &T) -> Option<&'static str> {
	let types = metadata().types();
	let id = type_id_of::<T>()?;
	let bytes = value.encode_as_type(id, types).ok()?;
	let index = *bytes.first()?;
	variants_of(types, id)?.iter().find(|v| v.index == index).map(|v| v.name.as_str())
}

/// A value of a generated type in words, with the runtime's documentation of its variants
/// (`MaxBalance (The receiving identity's balance, over all its wallets, would exceed the
/// maximum.)`), taken from the metadata: what a person reads in a refusal.
pub fn describe<T: subxt::ext::scale_encode::EncodeAsType + std::fmt::Debug>(value: &T) -> String {
	let types = metadata().types();
	let decoded = type_id_of::<T>().and_then(|id| {
		let bytes = value.encode_as_type(id, types).ok()?;
		crate::value::decode_all(types, id, &bytes).ok()
	});
	let Some(decoded) = decoded else {
		return format!("{value:?}");
	};
	let text = crate::value::to_text(types, &decoded);
	let docs = crate::value::reason_docs(types, &decoded);
	if docs.is_empty() {
		text
	} else {
		format!("{text} ({docs})")
	}
}

/// A country code: two upper-case ASCII letters (`DE`); lower case is accepted and raised.
pub fn parse_country(text: &str) -> Result<CountryCode> {
	let upper = text.trim().to_ascii_uppercase();
	let bytes = upper.as_bytes();
	if bytes.len() != 2 || !bytes.iter().all(|b| b.is_ascii_uppercase()) {
		bail!("not a country code: {text:?} (expected ISO 3166-1 alpha-2, e.g. DE)");
	}
	Ok(CountryCode([bytes[0], bytes[1]]))
}

/// A claim topic by name: `kyc`, `aml`, `accredited`, `qualified-purchaser`, `institutional`,
/// `retail`, `exempted` (every field-less topic the runtime has), `jurisdiction:DE`,
/// `custom:7` (any case, `-` or `_`).
pub fn parse_claim_topic(text: &str) -> Result<ClaimTopic> {
	let trimmed = text.trim();
	if let Some((name, value)) = trimmed.split_once(':') {
		return match loose(name).as_str() {
			"jurisdiction" => Ok(ClaimTopic::Jurisdiction(parse_country(value)?)),
			"custom" => {
				let n = value.trim().parse::<u32>().map_err(|_| anyhow!("custom claim topic needs a number: {text:?}"))?;
				Ok(ClaimTopic::Custom(n))
			},
			_ => bail!("unknown claim topic {text:?} (only jurisdiction:CC and custom:N take a value)"),
		};
	}
	parse_variant(trimmed, "claim topic")
}

/// A claim topic as [`parse_claim_topic`] reads it.
pub fn claim_topic_name(topic: &ClaimTopic) -> String {
	match topic {
		ClaimTopic::Jurisdiction(CountryCode(code)) => format!("jurisdiction:{}", String::from_utf8_lossy(code)),
		ClaimTopic::Custom(n) => format!("custom:{n}"),
		other => variant_name(other).unwrap_or("?").to_string(),
	}
}

/// Bytes as the runtime's bounded vector (the runtime refuses what is over its bound, at decode).
pub fn bounded<T>(items: impl Into<Vec<T>>) -> BoundedVec<T> {
	api::runtime_types::bounded_collections::bounded_vec::BoundedVec(items.into())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn names_come_from_the_metadata_and_are_matched_loosely() {
		assert_eq!(parse_variant::<InstrumentType>("real-estate", "instrument").unwrap(), InstrumentType::RealEstate);
		assert_eq!(parse_variant::<TokenStatus>("ACTIVE", "status").unwrap(), TokenStatus::Active);
		let error = parse_variant::<TokenStatus>("live", "status").unwrap_err().to_string();
		assert!(error.contains("Draft, Issuing, Active, Halted, Closed"), "{error}");
		assert_eq!(parse_variant::<IdentityKind>("claim_issuer", "kind").unwrap(), IdentityKind::ClaimIssuer);
		assert_eq!(variant_name(&InstrumentType::Debt), Some("Debt"));
		assert_eq!(variant_names::<TokenStatus>().len(), 5);
		use api::runtime_types::{
			pallet_custody::pallet::Error as CustodyError,
			sto_primitives::{compliance::RuleFailure, token::TransferFailure},
		};
		// The failure enums carry their documentation in the metadata (spec 109).
		let words = describe(&TransferFailure::Compliance(2, RuleFailure::MaxBalance));
		assert!(words.starts_with("Compliance(2, MaxBalance) (A compliance rule of the token refuses"), "{words}");
		let words = describe(&CustodyError::DuplicateBatchRef);
		assert!(words.starts_with("DuplicateBatchRef ("), "{words}");
		assert!(words.contains("reference"), "the variant's documentation: {words}");
	}

	#[test]
	fn claim_topics_and_countries_parse() {
		assert_eq!(parse_claim_topic("KYC").unwrap(), ClaimTopic::Kyc);
		assert_eq!(parse_claim_topic("qualified-purchaser").unwrap(), ClaimTopic::QualifiedPurchaser);
		assert_eq!(parse_claim_topic("Jurisdiction:de").unwrap(), ClaimTopic::Jurisdiction(CountryCode(*b"DE")));
		assert_eq!(parse_claim_topic("custom:7").unwrap(), ClaimTopic::Custom(7));
		assert!(parse_claim_topic("jurisdiction:DEU").unwrap_err().to_string().contains("country code"));
		assert!(parse_claim_topic("vip").unwrap_err().to_string().contains("unknown claim topic"));
		assert!(parse_claim_topic("jurisdiction").unwrap_err().to_string().contains("needs a value"));
		assert_eq!(claim_topic_name(&ClaimTopic::Jurisdiction(CountryCode(*b"LU"))), "jurisdiction:LU");
		assert_eq!(claim_topic_name(&ClaimTopic::QualifiedPurchaser), "QualifiedPurchaser");
		assert!(parse_country("d1").is_err());
	}
}
