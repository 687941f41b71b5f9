//! The bridge's EIP-712 messages, computed here with alloy from their Solidity types (a second
//! implementation beside the pallet's: a signer signs only when both agree).

use alloy::{
	primitives::{Address, B256, U256},
	sol_types::{eip712_domain, Eip712Domain, SolStruct},
};

alloy::sol! {
	/// An export the gateway may mint.
	struct Mint { bytes32 appchain; uint64 nonce; address wrapped; address recipient; uint256 amount; uint64 deadline; }
	/// A burn the appchain may release.
	struct Release { bytes32 appchain; uint64 nonce; address wrapped; address from; bytes32 recipient; uint256 amount; }
	/// Whether an attested export was minted by its deadline.
	struct ExportOutcome { bytes32 appchain; uint64 nonce; bool minted; }
	/// An allow-list entry of a wrapped token (expiry 0 removes the wallet).
	struct Allow { bytes32 appchain; address wrapped; address wallet; uint64 expiry; uint64 sequence; }
	/// A control message of a wrapped token (freeze 1, unfreeze 2, forced transfer 3).
	struct Control { bytes32 appchain; address wrapped; uint64 sequence; uint8 action; address account; address to; uint256 amount; }
	/// A committee verifier's rotation to the next signer set.
	struct SignerSet { bytes32 appchain; uint32 setId; address[] signers; uint64 previousValidUntil; }
}

/// The committee verifier's EIP-712 domain.
pub fn committee_domain(chain: u64, verifier: Address) -> Eip712Domain {
	eip712_domain! {
		name: "STO Bridge Committee",
		version: "1",
		chain_id: chain,
		verifying_contract: verifier,
	}
}

/// The digest of a control message.
#[allow(clippy::too_many_arguments)]
pub fn control_digest(
	appchain: B256,
	chain: u64,
	gateway: Address,
	wrapped: Address,
	sequence: u64,
	action: u8,
	account: Address,
	to: Address,
	amount: u128,
) -> B256 {
	Control { appchain, wrapped, sequence, action, account, to, amount: U256::from(amount) }
		.eip712_signing_hash(&gateway_domain(chain, gateway))
}

/// The digest of a rotation of the committee `verifier` to set `set_id`.
pub fn signer_set_digest(
	appchain: B256,
	chain: u64,
	verifier: Address,
	set_id: u32,
	signers: Vec<Address>,
	previous_valid_until: u64,
) -> B256 {
	SignerSet { appchain, setId: set_id, signers, previousValidUntil: previous_valid_until }
		.eip712_signing_hash(&committee_domain(chain, verifier))
}

/// The gateway's EIP-712 domain.
pub fn gateway_domain(chain: u64, gateway: Address) -> Eip712Domain {
	eip712_domain! {
		name: "STO Bridge Gateway",
		version: "1",
		chain_id: chain,
		verifying_contract: gateway,
	}
}

/// The digest of the gateway's mint message for an export.
#[allow(clippy::too_many_arguments)]
pub fn mint_digest(
	appchain: B256,
	chain: u64,
	gateway: Address,
	wrapped: Address,
	nonce: u64,
	recipient: Address,
	amount: u128,
	deadline: u64,
) -> B256 {
	Mint { appchain, nonce, wrapped, recipient, amount: U256::from(amount), deadline }
		.eip712_signing_hash(&gateway_domain(chain, gateway))
}

/// The digest of the release message for a burn.
#[allow(clippy::too_many_arguments)]
pub fn release_digest(
	appchain: B256,
	chain: u64,
	gateway: Address,
	wrapped: Address,
	nonce: u64,
	from: Address,
	recipient: B256,
	amount: u128,
) -> B256 {
	Release { appchain, nonce, wrapped, from, recipient, amount: U256::from(amount) }
		.eip712_signing_hash(&gateway_domain(chain, gateway))
}

/// The digest of an export's outcome.
pub fn outcome_digest(appchain: B256, chain: u64, gateway: Address, nonce: u64, minted: bool) -> B256 {
	ExportOutcome { appchain, nonce, minted }.eip712_signing_hash(&gateway_domain(chain, gateway))
}

/// The digest of an allow-list update.
pub fn allow_digest(appchain: B256, chain: u64, gateway: Address, wrapped: Address, wallet: Address, expiry: u64, sequence: u64) -> B256 {
	Allow { appchain, wrapped, wallet, expiry, sequence }.eip712_signing_hash(&gateway_domain(chain, gateway))
}

/// The committee verifier's proof: `abi.encode(uint32 setId, bytes[] signatures)`.
pub fn proof(set_id: u32, signatures: &[[u8; 65]]) -> alloy::primitives::Bytes {
	use alloy::sol_types::SolValue;
	let signatures: Vec<alloy::primitives::Bytes> =
		signatures.iter().map(|s| alloy::primitives::Bytes::copy_from_slice(s)).collect();
	(set_id, signatures).abi_encode_params().into()
}

#[cfg(test)]
mod tests {
	use super::*;
	use sto_primitives::evm;

	fn h160(a: Address) -> evm::EvmAddress {
		evm::EvmAddress::from(a.0 .0)
	}

	// The pallet's hand-written EIP-712 (sto_primitives::evm) and alloy's agree on every message.
	#[test]
	fn the_digests_match_the_pallets() {
		let appchain = B256::repeat_byte(0x11);
		let (gateway, wrapped, who) =
			(Address::repeat_byte(0x6a), Address::repeat_byte(0x77), Address::repeat_byte(0xb0));
		let domain = evm::eip712_domain_separator(b"STO Bridge Gateway", b"1", 31_337, &h160(gateway));
		let mint = evm::eip712_hash_struct(
			b"Mint(bytes32 appchain,uint64 nonce,address wrapped,address recipient,uint256 amount,uint64 deadline)",
			&[
				appchain.0,
				evm::abi_uint(7),
				evm::abi_address(&h160(wrapped)),
				evm::abi_address(&h160(who)),
				evm::abi_uint(100),
				evm::abi_uint(1_800_000_000),
			],
		);
		assert_eq!(
			mint_digest(appchain, 31_337, gateway, wrapped, 7, who, 100, 1_800_000_000).0,
			evm::eip712_digest(&domain, &mint)
		);
		let recipient = B256::repeat_byte(0x42);
		let release = evm::eip712_hash_struct(
			b"Release(bytes32 appchain,uint64 nonce,address wrapped,address from,bytes32 recipient,uint256 amount)",
			&[
				appchain.0,
				evm::abi_uint(3),
				evm::abi_address(&h160(wrapped)),
				evm::abi_address(&h160(who)),
				recipient.0,
				evm::abi_uint(40),
			],
		);
		assert_eq!(
			release_digest(appchain, 31_337, gateway, wrapped, 3, who, recipient, 40).0,
			evm::eip712_digest(&domain, &release)
		);
		let outcome = evm::eip712_hash_struct(
			b"ExportOutcome(bytes32 appchain,uint64 nonce,bool minted)",
			&[appchain.0, evm::abi_uint(7), evm::abi_uint(1)],
		);
		assert_eq!(outcome_digest(appchain, 31_337, gateway, 7, true).0, evm::eip712_digest(&domain, &outcome));
		let allow = evm::eip712_hash_struct(
			b"Allow(bytes32 appchain,address wrapped,address wallet,uint64 expiry,uint64 sequence)",
			&[appchain.0, evm::abi_address(&h160(wrapped)), evm::abi_address(&h160(who)), evm::abi_uint(1_800_000_000), evm::abi_uint(2)],
		);
		assert_eq!(
			allow_digest(appchain, 31_337, gateway, wrapped, who, 1_800_000_000, 2).0,
			evm::eip712_digest(&domain, &allow)
		);
		let control = evm::eip712_hash_struct(
			b"Control(bytes32 appchain,address wrapped,uint64 sequence,uint8 action,address account,address to,uint256 amount)",
			&[
				appchain.0,
				evm::abi_address(&h160(wrapped)),
				evm::abi_uint(4),
				evm::abi_uint(3),
				evm::abi_address(&h160(who)),
				evm::abi_address(&h160(gateway)),
				evm::abi_uint(25),
			],
		);
		assert_eq!(
			control_digest(appchain, 31_337, gateway, wrapped, 4, 3, who, gateway, 25).0,
			evm::eip712_digest(&domain, &control)
		);
		// The array of signers: the hash of its 32-byte words (EIP-712), as the pallet writes it.
		let verifier = Address::repeat_byte(0x5c);
		let signers = vec![Address::repeat_byte(0x01), Address::repeat_byte(0x02)];
		let words: Vec<u8> = signers.iter().flat_map(|a| evm::abi_address(&h160(*a))).collect();
		let set = evm::eip712_hash_struct(
			b"SignerSet(bytes32 appchain,uint32 setId,address[] signers,uint64 previousValidUntil)",
			&[appchain.0, evm::abi_uint(2), evm::keccak_256(&words), evm::abi_uint(1_800_000_000)],
		);
		let committee = evm::eip712_domain_separator(b"STO Bridge Committee", b"1", 31_337, &h160(verifier));
		assert_eq!(
			signer_set_digest(appchain, 31_337, verifier, 2, signers, 1_800_000_000).0,
			evm::eip712_digest(&committee, &set)
		);
		// Another chain id is another digest.
		assert_ne!(
			mint_digest(appchain, 1, gateway, wrapped, 7, who, 100, 1_800_000_000),
			mint_digest(appchain, 31_337, gateway, wrapped, 7, who, 100, 1_800_000_000)
		);
	}

	#[test]
	fn a_proof_is_the_abi_encoding_of_the_set_and_signatures() {
		use alloy::sol_types::SolValue;
		let encoded = proof(2, &[[1u8; 65], [2u8; 65]]);
		let (set_id, signatures) =
			<(u32, Vec<alloy::primitives::Bytes>)>::abi_decode_params(&encoded).expect("decodes");
		assert_eq!(set_id, 2);
		assert_eq!(signatures.len(), 2);
		assert_eq!(signatures[1].as_ref(), &[2u8; 65][..]);
	}
}
