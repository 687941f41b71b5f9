//! Token amounts in the database: u128 as 39-digit zero-padded decimal text.
//!
//! u128 does not fit a 64-bit integer column, sqlx's `Any` driver has no decimal type, and
//! SQLite would store a large NUMERIC as a float. Fixed-width text is exact, compares and
//! sorts like the number in both databases, and sums are made in Rust.

use anyhow::{anyhow, Result};

/// Digits of `u128::MAX`.
pub const WIDTH: usize = 39;

/// `amount` as fixed-width text.
pub fn to_text(amount: u128) -> String {
	format!("{amount:0WIDTH$}")
}

/// The amount written by [`to_text`] (leading zeros optional).
pub fn from_text(text: &str) -> Result<u128> {
	let digits = text.trim_start_matches('0');
	if digits.is_empty() {
		return if text.is_empty() { Err(anyhow!("empty amount")) } else { Ok(0) };
	}
	digits.parse().map_err(|e| anyhow!("bad amount {text:?}: {e}"))
}

/// Zero as stored.
pub fn zero() -> String {
	to_text(0)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn round_trips_and_sorts_like_the_numbers() {
		let values = [0u128, 1, 9, 10, 1_800, u64::MAX as u128 + 1, u128::MAX - 1, u128::MAX];
		for v in values {
			let text = to_text(v);
			assert_eq!(text.len(), WIDTH);
			assert_eq!(from_text(&text).unwrap(), v);
		}
		let mut texts: Vec<String> = values.iter().rev().map(|v| to_text(*v)).collect();
		texts.sort();
		assert_eq!(texts, values.iter().map(|v| to_text(*v)).collect::<Vec<_>>());
		assert_eq!(from_text("42").unwrap(), 42);
		assert!(from_text("").is_err());
		assert!(from_text("12a").is_err());
		assert!(from_text(&format!("{}0", u128::MAX)).is_err());
	}
}
