//! Values the chain hands back (events, errors, runtime API answers), decoded against the
//! metadata's type registry and shown to people (compact text) or programs (JSON).
//!
//! Decoding keeps each value's type id, so that the rendering knows what a value *is*: an
//! `AccountId32` is shown as an SS58 address, a `H256` or a byte array as `0x…` hex, a byte
//! vector (and a country code or a security identifier such as an ISIN) as text when it is
//! printable, `Option` as the value or nothing, and an enum variant
//! as its name (with its documentation available through [`variant_docs`]).

use anyhow::{anyhow, Result};
use scale_info::{PortableRegistry, TypeDef, TypeDefPrimitive};
use serde_json::json;
use subxt::{
	ext::scale_value::{self, Composite, Primitive, Value, ValueDef},
	utils::AccountId32,
};

/// A value decoded with the type id of every part.
pub type TypedValue = Value<u32>;

/// Decode `bytes` as type `ty` of the registry (consuming what it reads).
pub fn decode(types: &PortableRegistry, ty: u32, bytes: &mut &[u8]) -> Result<TypedValue> {
	scale_value::scale::decode_as_type(bytes, ty, types).map_err(|e| anyhow!("cannot decode type #{ty}: {e}"))
}

/// Decode `bytes` as exactly one value of type `ty` (nothing may be left over).
pub fn decode_all(types: &PortableRegistry, ty: u32, bytes: &[u8]) -> Result<TypedValue> {
	let mut cursor = bytes;
	let value = decode(types, ty, &mut cursor)?;
	if !cursor.is_empty() {
		return Err(anyhow!("{} bytes left over after decoding type #{ty}", cursor.len()));
	}
	Ok(value)
}

/// The last segment of a type's path (`AccountId32`, `Option`, `H256`, ...), if it has one.
pub fn type_name(types: &PortableRegistry, ty: u32) -> Option<&str> {
	types.resolve(ty).and_then(|t| t.path.segments.last()).map(|s| s.as_str())
}

/// The documentation of variant `name` of the enum type `ty`, as one line.
pub fn variant_docs(types: &PortableRegistry, ty: u32, name: &str) -> Option<String> {
	let TypeDef::Variant(def) = &types.resolve(ty)?.type_def else { return None };
	let variant = def.variants.iter().find(|v| v.name == name)?;
	let docs = join_docs(&variant.docs);
	(!docs.is_empty()).then_some(docs)
}

/// Documentation lines as one line.
pub fn join_docs(docs: &[String]) -> String {
	docs.iter().map(|line| line.trim()).filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Whether `ty` is a sequence or an array of `u8`; `Some(true)` for a sequence.
fn byte_container(types: &PortableRegistry, ty: u32) -> Option<bool> {
	let is_u8 = |id: u32| {
		matches!(types.resolve(id).map(|t| &t.type_def), Some(TypeDef::Primitive(TypeDefPrimitive::U8)))
	};
	match &types.resolve(ty)?.type_def {
		TypeDef::Sequence(seq) if is_u8(seq.type_param.id) => Some(true),
		TypeDef::Array(array) if is_u8(array.type_param.id) => Some(false),
		_ => None,
	}
}

/// The bytes of a composite of `u8` primitives.
pub fn bytes_of<T>(value: &Value<T>) -> Option<Vec<u8>> {
	let values: Vec<&Value<T>> = match &value.value {
		ValueDef::Composite(Composite::Unnamed(values)) => values.iter().collect(),
		ValueDef::Composite(Composite::Named(fields)) if fields.len() == 1 => return bytes_of(&fields[0].1),
		_ => return None,
	};
	// A newtype around bytes (`H256([u8; 32])`, `AccountId32([u8; 32])`).
	if values.len() == 1 {
		if let ValueDef::Composite(_) = values[0].value {
			return bytes_of(values[0]);
		}
	}
	values
		.iter()
		.map(|v| match v.value {
			ValueDef::Primitive(Primitive::U128(n)) if n <= 255 => Some(n as u8),
			_ => None,
		})
		.collect()
}

/// The unsigned integer in a value (possibly wrapped in single-field composites, as
/// `Compact<u32>` or a newtype).
pub fn as_u128<T>(value: &Value<T>) -> Option<u128> {
	match &value.value {
		ValueDef::Primitive(Primitive::U128(n)) => Some(*n),
		ValueDef::Composite(Composite::Unnamed(values)) if values.len() == 1 => as_u128(&values[0]),
		ValueDef::Composite(Composite::Named(fields)) if fields.len() == 1 => as_u128(&fields[0].1),
		_ => None,
	}
}

/// Field `name` of a named composite or of a variant with named fields.
pub fn field<'a, T>(value: &'a Value<T>, name: &str) -> Option<&'a Value<T>> {
	let composite = match &value.value {
		ValueDef::Composite(composite) => composite,
		ValueDef::Variant(variant) => &variant.values,
		_ => return None,
	};
	match composite {
		Composite::Named(fields) => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
		Composite::Unnamed(_) => None,
	}
}

/// The variant name and its fields, if the value is an enum variant.
pub fn variant<T>(value: &Value<T>) -> Option<(&str, &Composite<T>)> {
	match &value.value {
		ValueDef::Variant(variant) => Some((variant.name.as_str(), &variant.values)),
		_ => None,
	}
}

/// The only (or first) value inside a variant's fields.
pub fn first_field<T>(composite: &Composite<T>) -> Option<&Value<T>> {
	match composite {
		Composite::Named(fields) => fields.first().map(|(_, v)| v),
		Composite::Unnamed(values) => values.first(),
	}
}

/// Whether `ty` is a sequence, an array or a tuple: shown as a list even with one element (a
/// struct with one unnamed field is a newtype, shown as its field).
fn is_list(types: &PortableRegistry, ty: u32) -> bool {
	matches!(
		types.resolve(ty).map(|t| &t.type_def),
		Some(TypeDef::Sequence(_) | TypeDef::Array(_) | TypeDef::Tuple(_))
	)
}

/// A text that is safe and readable to show as such: printable ASCII.
fn printable(bytes: &[u8]) -> Option<&str> {
	(!bytes.is_empty() && bytes.iter().all(|b| (0x20..0x7f).contains(b)))
		.then(|| std::str::from_utf8(bytes).ok())
		.flatten()
}

/// How a part of a value is shown, by its type.
enum Shape {
	Account([u8; 32]),
	Text(String),
	Hex(Vec<u8>),
	/// A security identifier (the token's `Identifier`: ISIN, CUSIP, LEI, FIGI): its kind and
	/// its code as text.
	Code(String, String),
	Plain,
}

fn shape(types: &PortableRegistry, value: &TypedValue) -> Shape {
	let name = type_name(types, value.context);
	if name == Some("AccountId32") {
		if let Some(bytes) = bytes_of(value).and_then(|b| <[u8; 32]>::try_from(b).ok()) {
			return Shape::Account(bytes);
		}
	}
	if name == Some("CountryCode") {
		if let Some(text) = bytes_of(value).as_deref().and_then(printable) {
			return Shape::Text(text.to_string());
		}
	}
	if name == Some("Identifier") {
		if let Some((kind, fields)) = variant(value) {
			if let Some(text) = first_field(fields).and_then(bytes_of).as_deref().and_then(printable) {
				return Shape::Code(kind.to_string(), text.to_string());
			}
		}
	}
	match byte_container(types, value.context) {
		Some(true) => match bytes_of(value) {
			Some(bytes) => match printable(&bytes) {
				Some(text) => Shape::Text(text.to_string()),
				None => Shape::Hex(bytes),
			},
			None => Shape::Plain,
		},
		Some(false) => bytes_of(value).map(Shape::Hex).unwrap_or(Shape::Plain),
		None => {
			// A newtype around a byte array (`H256`): shown as the bytes.
			if let ValueDef::Composite(Composite::Unnamed(values)) = &value.value {
				if values.len() == 1 && byte_container(types, values[0].context) == Some(false) {
					if let Some(bytes) = bytes_of(value) {
						return Shape::Hex(bytes);
					}
				}
			}
			Shape::Plain
		},
	}
}

/// An unsigned integer as JSON: a number while exact in a double, a string above.
pub fn json_u128(n: u128) -> serde_json::Value {
	if n <= (1u128 << 53) {
		json!(n as u64)
	} else {
		json!(n.to_string())
	}
}

/// A value as JSON, by its types: accounts as SS58, bytes as text or `0x…`, `Option` as the
/// value or `null`, a variant without fields as its name, one with fields as
/// `{ "Name": fields }`, large integers as strings.
pub fn to_json(types: &PortableRegistry, value: &TypedValue) -> serde_json::Value {
	match shape(types, value) {
		Shape::Account(bytes) => return json!(AccountId32(bytes).to_string()),
		Shape::Text(text) => return json!(text),
		Shape::Hex(bytes) => return json!(format!("0x{}", hex::encode(bytes))),
		Shape::Code(kind, code) => return json!({ kind: code }),
		Shape::Plain => {},
	}
	match &value.value {
		ValueDef::Primitive(primitive) => match primitive {
			Primitive::Bool(b) => json!(b),
			Primitive::Char(c) => json!(c.to_string()),
			Primitive::String(s) => json!(s),
			Primitive::U128(n) => json_u128(*n),
			Primitive::I128(n) if n.unsigned_abs() <= (1u128 << 53) => json!(*n as i64),
			Primitive::I128(n) => json!(n.to_string()),
			Primitive::U256(b) | Primitive::I256(b) => json!(format!("0x{}", hex::encode(b))),
		},
		ValueDef::BitSequence(bits) => json!(format!("{bits:?}")),
		ValueDef::Composite(composite) if is_list(types, value.context) => {
			serde_json::Value::Array(composite.values().map(|v| to_json(types, v)).collect())
		},
		ValueDef::Composite(composite) => composite_json(types, composite),
		ValueDef::Variant(variant) => {
			if type_name(types, value.context) == Some("Option") {
				return match variant.name.as_str() {
					"Some" => first_field(&variant.values).map(|v| to_json(types, v)).unwrap_or(json!(null)),
					_ => json!(null),
				};
			}
			if variant.values.is_empty() {
				json!(variant.name)
			} else {
				json!({ variant.name.clone(): composite_json(types, &variant.values) })
			}
		},
	}
}

fn composite_json(types: &PortableRegistry, composite: &Composite<u32>) -> serde_json::Value {
	match composite {
		Composite::Named(fields) => {
			serde_json::Value::Object(fields.iter().map(|(n, v)| (n.clone(), to_json(types, v))).collect())
		},
		Composite::Unnamed(values) if values.len() == 1 => to_json(types, &values[0]),
		Composite::Unnamed(values) => serde_json::Value::Array(values.iter().map(|v| to_json(types, v)).collect()),
	}
}

/// A value as compact text: `MaxBalance`, `Compliance(2, MaxBalance)`, `{ leg: 1, amount: 5 }`,
/// accounts as SS58, bytes as text or `0x…`, `None` / the value for options.
pub fn to_text(types: &PortableRegistry, value: &TypedValue) -> String {
	match shape(types, value) {
		Shape::Account(bytes) => return AccountId32(bytes).to_string(),
		Shape::Text(text) => return format!("{text:?}"),
		Shape::Hex(bytes) => return format!("0x{}", hex::encode(bytes)),
		Shape::Code(kind, code) => return format!("{kind}({code:?})"),
		Shape::Plain => {},
	}
	match &value.value {
		ValueDef::Primitive(primitive) => match primitive {
			Primitive::Bool(b) => b.to_string(),
			Primitive::Char(c) => c.to_string(),
			Primitive::String(s) => format!("{s:?}"),
			Primitive::U128(n) => n.to_string(),
			Primitive::I128(n) => n.to_string(),
			Primitive::U256(b) | Primitive::I256(b) => format!("0x{}", hex::encode(b)),
		},
		ValueDef::BitSequence(bits) => format!("{bits:?}"),
		ValueDef::Composite(composite) if is_list(types, value.context) => {
			format!("[{}]", composite.values().map(|v| to_text(types, v)).collect::<Vec<_>>().join(", "))
		},
		ValueDef::Composite(composite) => composite_text(types, composite, true),
		ValueDef::Variant(variant) => {
			if type_name(types, value.context) == Some("Option") && variant.name == "Some" {
				if let Some(inner) = first_field(&variant.values) {
					return to_text(types, inner);
				}
			}
			if variant.values.is_empty() {
				variant.name.clone()
			} else {
				format!("{}{}", variant.name, composite_text(types, &variant.values, false))
			}
		},
	}
}

fn composite_text(types: &PortableRegistry, composite: &Composite<u32>, bare: bool) -> String {
	match composite {
		Composite::Named(fields) => {
			let inner: Vec<String> = fields.iter().map(|(n, v)| format!("{n}: {}", to_text(types, v))).collect();
			format!(" {{ {} }}", inner.join(", ")).trim_start_matches(if bare { " " } else { "" }).to_string()
		},
		Composite::Unnamed(values) if bare && values.len() == 1 => to_text(types, &values[0]),
		Composite::Unnamed(values) => {
			let inner: Vec<String> = values.iter().map(|v| to_text(types, v)).collect();
			if bare {
				format!("[{}]", inner.join(", "))
			} else {
				format!("({})", inner.join(", "))
			}
		},
	}
}

/// The documentation of the innermost enum variant of `value` (`ReceiverNotVerified(Missing)`:
/// the docs of `ReceiverNotVerified`, then of `Missing`), joined.
pub fn reason_docs(types: &PortableRegistry, value: &TypedValue) -> String {
	let mut docs = Vec::new();
	let mut current = Some(value);
	while let Some(value) = current {
		current = None;
		if let ValueDef::Variant(variant) = &value.value {
			if let Some(text) = variant_docs(types, value.context, &variant.name) {
				docs.push(text);
			}
			current = first_field(&variant.values);
		}
	}
	docs.join(" ")
}

#[cfg(test)]
mod tests {
	use super::*;
	use scale_info::{meta_type, Registry, TypeInfo};

	#[allow(dead_code)]
	#[derive(TypeInfo)]
	enum Reason {
		/// The receiving identity's balance would exceed the maximum.
		MaxBalance,
		/// The receiver is not verified.
		ReceiverNotVerified(Status),
	}

	#[allow(dead_code)]
	#[derive(TypeInfo)]
	enum Status {
		/// No claim of the topic.
		Missing,
	}

	#[allow(dead_code)]
	#[derive(TypeInfo)]
	struct Wrapped(u32);

	/// The token's identifiers are codes of a fixed length, shown as text.
	#[allow(dead_code)]
	#[derive(TypeInfo)]
	enum Identifier {
		Isin([u8; 12]),
	}

	#[allow(dead_code)]
	#[derive(TypeInfo)]
	struct Record {
		leg: u8,
		reason: Reason,
		name: Vec<u8>,
		hash: [u8; 4],
		cap: Option<u128>,
		one: Vec<Wrapped>,
		ids: Vec<Identifier>,
	}

	fn registry() -> (PortableRegistry, u32) {
		let mut registry = Registry::new();
		let id = registry.register_type(&meta_type::<Record>()).id;
		(registry.into(), id)
	}

	#[test]
	fn values_render_by_their_types() {
		let (types, id) = registry();
		// leg 3, ReceiverNotVerified(Missing), name "GARAGE", hash 01020304, cap Some(7)
		let mut bytes = vec![3u8, 1, 0];
		bytes.extend([24u8]); // compact length 6
		bytes.extend(b"GARAGE");
		bytes.extend([1, 2, 3, 4]);
		bytes.extend([1]);
		bytes.extend(7u128.to_le_bytes());
		bytes.extend([4u8]); // one element
		bytes.extend(9u32.to_le_bytes());
		bytes.extend([4u8, 0]); // one identifier: Isin
		bytes.extend(b"US0378331005");
		let value = decode_all(&types, id, &bytes).expect("decodes");
		assert_eq!(
			to_json(&types, &value),
			json!({"leg": 3, "reason": {"ReceiverNotVerified": "Missing"}, "name": "GARAGE", "hash": "0x01020304", "cap": 7, "one": [9],
				"ids": [{"Isin": "US0378331005"}]})
		);
		assert_eq!(
			to_text(&types, &value),
			"{ leg: 3, reason: ReceiverNotVerified(Missing), name: \"GARAGE\", hash: 0x01020304, cap: 7, one: [9], \
			 ids: [Isin(\"US0378331005\")] }"
		);
		let reason = field(&value, "reason").expect("a reason");
		assert_eq!(reason_docs(&types, reason), "The receiver is not verified. No claim of the topic.");
		assert!(decode_all(&types, id, &bytes[..bytes.len() - 1]).is_err(), "short input is refused");
	}
}
