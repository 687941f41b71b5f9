//! The EVM side's vocabulary: addresses, secp256k1 signatures as Ethereum wallets produce them
//! (`r ‖ s ‖ v`), Keccak-256, EIP-191 personal messages, EIP-712 typed-data hashing (domain,
//! struct, digest, ABI words), and the one signature check the chain uses for them.
//!
//! `sp_io::crypto::secp256k1_ecdsa_recover` is permissive: it takes `v` as 0, 1, 27 or 28 and
//! accepts a high `s` (for every signature `(r, s)` the pair `(r, n − s)` with the other `v`
//! recovers the same key). [`recover`] is strict, as EIP-2 and the EVM side's verifier are:
//! `v` is 27 or 28, `r` and `s` are not zero, `r < n`, `s ≤ n/2`, and the recovered address is
//! not the zero address. So one message has one valid signature per key, and a malleated copy
//! is refused instead of counted again.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{sp_core::H160, sp_io};
use scale_info::TypeInfo;

/// An EVM account: the last 20 bytes of the Keccak-256 hash of its uncompressed public key.
pub type EvmAddress = H160;

/// A secp256k1 signature as Ethereum wallets give it: `r` (32 bytes, big-endian), `s` (32
/// bytes, big-endian), `v` (27 or 28).
pub type EvmSignature = [u8; 65];

/// The order `n` of secp256k1's group, big-endian.
pub const SECP256K1_N: [u8; 32] = hex32(*b"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

/// `n / 2`, rounded down: the largest `s` a signature may have (EIP-2).
pub const SECP256K1_HALF_N: [u8; 32] = hex32(*b"7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0");

/// Why [`recover`] refused a signature.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum EvmSignatureError {
	/// `v` is not 27 or 28.
	BadRecoveryId,
	/// `r` or `s` is zero, or `r` is not below the group order.
	OutOfRange,
	/// `s` is above `n / 2` (the malleated twin of a valid signature).
	HighS,
	/// No public key recovers from the signature and the message.
	Unrecoverable,
	/// The key recovered hashes to the zero address.
	ZeroAddress,
}

/// The identity an EVM address is linked to (the identity registry's EVM wallets): what the
/// EVM bridge judges a recipient on an EVM chain by.
pub trait EvmIdentity {
	/// The identity `address` is linked to, if any.
	fn identity_of_evm(address: &EvmAddress) -> Option<crate::identity::IdentityId>;
}

/// Keccak-256, as the EVM computes it.
pub fn keccak_256(data: &[u8]) -> [u8; 32] {
	sp_io::hashing::keccak_256(data)
}

/// The address of an uncompressed public key (`x ‖ y`, without the `0x04` prefix).
pub fn address_of(public: &[u8; 64]) -> EvmAddress {
	let hash = keccak_256(public);
	let mut address = [0u8; 20];
	address.copy_from_slice(&hash[12..]);
	EvmAddress::from(address)
}

/// The hash an EVM wallet signs for `personal_sign(message)` (EIP-191 version `0x45`):
/// `keccak256("\x19Ethereum Signed Message:\n" ‖ len(message) in decimal ‖ message)`.
pub fn eip191_hash(message: &[u8]) -> [u8; 32] {
	let mut data = Vec::with_capacity(message.len() + 32);
	data.extend_from_slice(b"\x19Ethereum Signed Message:\n");
	data.extend_from_slice(&decimal(message.len() as u64));
	data.extend_from_slice(message);
	keccak_256(&data)
}

/// The address that signed `digest`, checked strictly (module documentation).
pub fn recover(digest: &[u8; 32], signature: &EvmSignature) -> Result<EvmAddress, EvmSignatureError> {
	let v = match signature[64] {
		27 => 0,
		28 => 1,
		_ => return Err(EvmSignatureError::BadRecoveryId),
	};
	let (r, s) = (&signature[..32], &signature[32..64]);
	if r.iter().all(|byte| *byte == 0) || s.iter().all(|byte| *byte == 0) || r >= &SECP256K1_N[..] {
		return Err(EvmSignatureError::OutOfRange);
	}
	if s > &SECP256K1_HALF_N[..] {
		return Err(EvmSignatureError::HighS);
	}
	let mut normalized = *signature;
	normalized[64] = v;
	let public = sp_io::crypto::secp256k1_ecdsa_recover(&normalized, digest)
		.map_err(|_| EvmSignatureError::Unrecoverable)?;
	let address = address_of(&public);
	if address.is_zero() {
		return Err(EvmSignatureError::ZeroAddress);
	}
	Ok(address)
}

/// The text an EVM wallet signs (EIP-191 `personal_sign`) to be linked to `identity` on the
/// chain of genesis hash `genesis`, with its link nonce `nonce`. Lines end with `\n`, hex is
/// lower-case with `0x`, numbers are decimal:
///
/// ```text
/// Link this EVM wallet to identity 7 on the STO appchain.
/// Wallet: 0x2c7536e3605d9c16a7a3d7b1898e529396a65c23
/// Identity: 7
/// Chain: 0x<genesis hash>
/// Nonce: 0
/// ```
///
/// The wallet sees what it consents to; the genesis hash binds the consent to one chain and the
/// nonce (counted per address on chain) makes it single-use.
pub fn link_message(address: &EvmAddress, identity: u64, genesis: &[u8], nonce: u32) -> Vec<u8> {
	let mut text = Vec::with_capacity(200);
	text.extend_from_slice(b"Link this EVM wallet to identity ");
	text.extend_from_slice(&decimal(identity));
	text.extend_from_slice(b" on the STO appchain.\nWallet: ");
	text.extend_from_slice(&hex_lower(address.as_bytes()));
	text.extend_from_slice(b"\nIdentity: ");
	text.extend_from_slice(&decimal(identity));
	text.extend_from_slice(b"\nChain: ");
	text.extend_from_slice(&hex_lower(genesis));
	text.extend_from_slice(b"\nNonce: ");
	text.extend_from_slice(&decimal(u64::from(nonce)));
	text.extend_from_slice(b"\n");
	text
}

/// EIP-712: the type hash of the domain every bridge message is signed under.
pub const EIP712_DOMAIN_TYPE: &[u8] =
	b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

/// EIP-712's domain separator: `keccak256(abi.encode(typeHash, keccak256(name),
/// keccak256(version), chainId, verifyingContract))`. The chain id and the verifying contract
/// bind a signature to one EVM chain and one contract (a signature for another chain's gateway
/// does not verify on this one).
pub fn eip712_domain_separator(name: &[u8], version: &[u8], chain_id: u64, verifying_contract: &EvmAddress) -> [u8; 32] {
	let mut data = Vec::with_capacity(5 * 32);
	data.extend_from_slice(&keccak_256(EIP712_DOMAIN_TYPE));
	data.extend_from_slice(&keccak_256(name));
	data.extend_from_slice(&keccak_256(version));
	data.extend_from_slice(&abi_uint(u128::from(chain_id)));
	data.extend_from_slice(&abi_address(verifying_contract));
	keccak_256(&data)
}

/// The digest an EIP-712 signature signs: `keccak256("\x19\x01" ‖ domainSeparator ‖
/// hashStruct(message))`.
pub fn eip712_digest(domain_separator: &[u8; 32], struct_hash: &[u8; 32]) -> [u8; 32] {
	let mut data = [0u8; 66];
	data[..2].copy_from_slice(b"\x19\x01");
	data[2..34].copy_from_slice(domain_separator);
	data[34..].copy_from_slice(struct_hash);
	keccak_256(&data)
}

/// `hashStruct`: `keccak256(typeHash ‖ encodeData)`, the fields already ABI-encoded as 32-byte
/// words (`abi_uint`, `abi_address`, a nested struct's hash, `keccak_256` of a string or bytes).
pub fn eip712_hash_struct(type_text: &[u8], words: &[[u8; 32]]) -> [u8; 32] {
	let mut data = Vec::with_capacity(32 * (1 + words.len()));
	data.extend_from_slice(&keccak_256(type_text));
	for word in words {
		data.extend_from_slice(word);
	}
	keccak_256(&data)
}

/// An unsigned integer as one ABI word (big-endian, left-padded).
pub fn abi_uint(value: u128) -> [u8; 32] {
	let mut word = [0u8; 32];
	word[16..].copy_from_slice(&value.to_be_bytes());
	word
}

/// An address as one ABI word (left-padded).
pub fn abi_address(address: &EvmAddress) -> [u8; 32] {
	let mut word = [0u8; 32];
	word[12..].copy_from_slice(address.as_bytes());
	word
}

/// `bytes` as `0x` and lower-case hex digits.
pub fn hex_lower(bytes: &[u8]) -> Vec<u8> {
	const DIGITS: &[u8; 16] = b"0123456789abcdef";
	let mut out = Vec::with_capacity(2 + bytes.len() * 2);
	out.extend_from_slice(b"0x");
	for byte in bytes {
		out.push(DIGITS[usize::from(byte >> 4)]);
		out.push(DIGITS[usize::from(byte & 0x0f)]);
	}
	out
}

/// `value` in decimal digits.
fn decimal(mut value: u64) -> Vec<u8> {
	let mut digits = Vec::with_capacity(20);
	loop {
		digits.push(b'0' + (value % 10) as u8);
		value /= 10;
		if value == 0 {
			break;
		}
	}
	digits.reverse();
	digits
}

/// 64 hex digits as 32 bytes, at compile time (a bad digit fails the build).
const fn hex32(text: [u8; 64]) -> [u8; 32] {
	const fn nibble(digit: u8) -> u8 {
		match digit {
			b'0'..=b'9' => digit - b'0',
			b'a'..=b'f' => digit - b'a' + 10,
			b'A'..=b'F' => digit - b'A' + 10,
			_ => panic!("not a hex digit"),
		}
	}
	let mut out = [0u8; 32];
	let mut i = 0;
	while i < 32 {
		out[i] = nibble(text[2 * i]) << 4 | nibble(text[2 * i + 1]);
		i += 1;
	}
	out
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::sp_core::{ecdsa, Pair};

	/// The account of web3.js's documentation (`web3.eth.accounts.sign`), an independent
	/// vector: its address, and its signature of "Some data".
	const WEB3_ADDRESS: [u8; 20] = [
		0x2c, 0x75, 0x36, 0xe3, 0x60, 0x5d, 0x9c, 0x16, 0xa7, 0xa3, 0xd7, 0xb1, 0x89, 0x8e, 0x52, 0x93, 0x96, 0xa6,
		0x5c, 0x23,
	];

	fn unhex(text: &str) -> Vec<u8> {
		(0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
	}

	fn web3_signature() -> EvmSignature {
		unhex(
			"b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd\
			 6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a029\
			 1c"
			.replace(|c: char| c.is_whitespace(), "")
			.as_str(),
		)
		.try_into()
		.unwrap()
	}

	/// `n − s`, big-endian (the malleated twin's `s`).
	fn negate(s: &[u8]) -> [u8; 32] {
		let mut out = [0u8; 32];
		let mut borrow = 0i16;
		for i in (0..32).rev() {
			let mut digit = i16::from(SECP256K1_N[i]) - i16::from(s[i]) - borrow;
			borrow = if digit < 0 { 1 } else { 0 };
			if digit < 0 {
				digit += 256;
			}
			out[i] = digit as u8;
		}
		out
	}

	/// A wallet's signature of `digest` with `v` as 27 or 28.
	fn sign(pair: &ecdsa::Pair, digest: &[u8; 32]) -> EvmSignature {
		let mut signature: EvmSignature = pair.sign_prehashed(digest).0;
		signature[64] += 27;
		signature
	}

	#[test]
	fn the_eip191_hash_and_recovery_match_web3() {
		let digest = eip191_hash(b"Some data");
		assert_eq!(digest.to_vec(), unhex("1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655"));
		assert_eq!(recover(&digest, &web3_signature()), Ok(EvmAddress::from(WEB3_ADDRESS)));
	}

	#[test]
	fn the_constants_are_the_group_order_and_its_half() {
		// n / 2 rounded down, doubled, is n − 1 (n is odd).
		let mut doubled = [0u8; 32];
		let mut carry = 0u16;
		for i in (0..32).rev() {
			let sum = u16::from(SECP256K1_HALF_N[i]) * 2 + carry;
			doubled[i] = sum as u8;
			carry = sum >> 8;
		}
		let mut n_minus_one = SECP256K1_N;
		n_minus_one[31] -= 1;
		assert_eq!((doubled, carry), (n_minus_one, 0));
	}

	#[test]
	fn a_signature_recovers_its_signer_and_nothing_else_does() {
		let pair = ecdsa::Pair::from_seed(&[7u8; 32]);
		let digest = keccak_256(b"message");
		let signer = recover(&digest, &sign(&pair, &digest)).unwrap();
		let other = ecdsa::Pair::from_seed(&[8u8; 32]);
		assert_ne!(recover(&digest, &sign(&other, &digest)).unwrap(), signer);
		// The same signature over another message recovers some other key (or none).
		assert_ne!(recover(&keccak_256(b"other"), &sign(&pair, &digest)).ok(), Some(signer));
	}

	#[test]
	fn the_malleated_twin_is_refused_though_the_host_accepts_it() {
		let pair = ecdsa::Pair::from_seed(&[9u8; 32]);
		let digest = keccak_256(b"twin");
		let signature = sign(&pair, &digest);
		let signer = recover(&digest, &signature).unwrap();
		let mut twin = signature;
		twin[32..64].copy_from_slice(&negate(&signature[32..64]));
		twin[64] = if signature[64] == 27 { 28 } else { 27 };
		// The host function recovers the same key from the twin ...
		let mut host = twin;
		host[64] -= 27;
		let public = sp_io::crypto::secp256k1_ecdsa_recover(&host, &digest).ok().expect("the host recovers the twin");
		assert_eq!(address_of(&public), signer);
		// ... the chain's check does not.
		assert_eq!(recover(&digest, &twin), Err(EvmSignatureError::HighS));
	}

	#[test]
	fn only_v_27_and_28_are_accepted() {
		let pair = ecdsa::Pair::from_seed(&[10u8; 32]);
		let digest = keccak_256(b"v");
		let signature = sign(&pair, &digest);
		for v in [0u8, 1, 2, 3, 29, 35, 36, 255] {
			let mut other = signature;
			other[64] = v;
			assert_eq!(recover(&digest, &other), Err(EvmSignatureError::BadRecoveryId), "v = {v}");
		}
	}

	#[test]
	fn zero_and_out_of_range_values_are_refused() {
		let digest = keccak_256(b"range");
		let signature = web3_signature();
		let mut zero_r = signature;
		zero_r[..32].fill(0);
		let mut zero_s = signature;
		zero_s[32..64].fill(0);
		let mut big_r = signature;
		big_r[..32].copy_from_slice(&SECP256K1_N);
		let mut max_s = signature;
		max_s[32..64].fill(0xff);
		assert_eq!(recover(&digest, &zero_r), Err(EvmSignatureError::OutOfRange));
		assert_eq!(recover(&digest, &zero_s), Err(EvmSignatureError::OutOfRange));
		assert_eq!(recover(&digest, &big_r), Err(EvmSignatureError::OutOfRange));
		assert_eq!(recover(&digest, &max_s), Err(EvmSignatureError::HighS));
		// s = n / 2 exactly is the largest allowed: not refused for its size.
		let mut half = signature;
		half[32..64].copy_from_slice(&SECP256K1_HALF_N);
		assert_ne!(recover(&digest, &half), Err(EvmSignatureError::HighS));
	}

	/// The example of the EIP-712 specification ("Ether Mail"): its domain separator, the
	/// message's struct hash, the digest, and Cow's signature of it.
	#[test]
	fn eip712_hashing_matches_the_specification_example() {
		let address = |text: &str| EvmAddress::from_slice(&unhex(text));
		let domain = eip712_domain_separator(b"Ether Mail", b"1", 1, &address("cccccccccccccccccccccccccccccccccccccccc"));
		assert_eq!(domain.to_vec(), unhex("f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"));
		let person_type = b"Person(string name,address wallet)";
		let person = |name: &[u8], wallet: &str| {
			eip712_hash_struct(person_type, &[keccak_256(name), abi_address(&address(wallet))])
		};
		let mail_type = b"Mail(Person from,Person to,string contents)Person(string name,address wallet)";
		let mail = eip712_hash_struct(
			mail_type,
			&[
				person(b"Cow", "cd2a3d9f938e13cd947ec05abc7fe734df8dd826"),
				person(b"Bob", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
				keccak_256(b"Hello, Bob!"),
			],
		);
		assert_eq!(mail.to_vec(), unhex("c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e"));
		let digest = eip712_digest(&domain, &mail);
		assert_eq!(digest.to_vec(), unhex("be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"));
		let mut signature = [0u8; 65];
		signature[..32].copy_from_slice(&unhex("4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"));
		signature[32..64].copy_from_slice(&unhex("07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"));
		signature[64] = 28;
		assert_eq!(recover(&digest, &signature), Ok(address("cd2a3d9f938e13cd947ec05abc7fe734df8dd826")));
		// Another chain id or contract gives another domain, so the signature names another key.
		let other = eip712_domain_separator(b"Ether Mail", b"1", 2, &address("cccccccccccccccccccccccccccccccccccccccc"));
		assert_ne!(
			recover(&eip712_digest(&other, &mail), &signature).ok(),
			Some(address("cd2a3d9f938e13cd947ec05abc7fe734df8dd826"))
		);
		assert_eq!(abi_uint(1)[31], 1);
		assert_eq!(abi_uint(u128::MAX)[..16], [0u8; 16]);
	}

	#[test]
	fn the_link_message_reads_as_documented() {
		let text = link_message(&EvmAddress::from(WEB3_ADDRESS), 7, &[0xab; 32], 3);
		let expected = format!(
			"Link this EVM wallet to identity 7 on the STO appchain.\n\
			 Wallet: 0x2c7536e3605d9c16a7a3d7b1898e529396a65c23\n\
			 Identity: 7\n\
			 Chain: 0x{}\n\
			 Nonce: 3\n",
			"ab".repeat(32)
		);
		assert_eq!(String::from_utf8(text).unwrap(), expected);
		assert_eq!(decimal(0), b"0".to_vec());
		assert_eq!(decimal(u64::MAX), b"18446744073709551615".to_vec());
	}
}
