// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IBridgeVerifier} from "./IBridgeVerifier.sol";

/// @title The consortium's signer committee, as the appchain's bridge pallet keeps it.
/// @notice A message is proven by the signatures of a threshold, `max(2, ceil(2n/3))`, of one
/// valid signer set: the current set, or the previous one until its grace period ends. A proof
/// is `abi.encode(uint32 setId, bytes[] signatures)`: 65-byte signatures (`v` 27 or 28, low
/// `s`, as OpenZeppelin's ECDSA requires) whose signers are strictly ascending, so no key
/// counts twice. Sets change only by a `SignerSet` message signed by the current set, one set
/// id after the other, as the pallet rotates them.
contract CommitteeVerifier is IBridgeVerifier, EIP712 {
	/// As the pallet's `MaxSigners` in the runtime.
	uint256 public constant MAX_SIGNERS = 16;
	bytes32 public constant SIGNER_SET_TYPEHASH =
		keccak256("SignerSet(bytes32 appchain,uint32 setId,address[] signers,uint64 previousValidUntil)");

	/// The appchain's genesis hash: named in every message.
	bytes32 public immutable appchain;
	uint32 public currentSetId;
	/// The set before the current one (0: none) and the end of its grace (Unix seconds).
	uint32 public previousSetId;
	uint64 public previousValidUntil;
	mapping(uint32 setId => address[]) private _signers;
	mapping(uint32 setId => mapping(address => bool)) public isSigner;

	event SignerSetRotated(
		uint32 indexed setId, address[] signers, uint256 threshold, uint32 previousSetId, uint64 previousValidUntil
	);

	error ZeroAppchain();
	/// A set with fewer than 2 or more than MAX_SIGNERS signers, a zero address, or signers not
	/// strictly ascending.
	error BadSignerSet();
	/// A rotation must name the set after the current one.
	error NotNextSet(uint32 expected, uint32 given);
	/// A rotation is proven by the current set only.
	error RotationNotByCurrentSet(uint32 currentSetId, uint32 given);
	error ZeroDigest();
	/// The proof names a set that is neither current nor in its grace period.
	error SetNotValid(uint32 setId);
	error TooFewSignatures(uint256 given, uint256 threshold);
	error TooManySignatures(uint256 given, uint256 signers);
	/// Signature `index` recovers to a signer not above the previous one (a duplicate, or the
	/// wrong order).
	error SignersNotAscending(uint256 index);
	/// Signature `index` recovers to `recovered`, who is not in the set (another key, or another
	/// message: a wrong chain id or contract gives another digest, hence another address).
	error NotASigner(uint256 index, address recovered);

	constructor(bytes32 appchain_, uint32 setId, address[] memory firstSigners) EIP712("STO Bridge Committee", "1") {
		if (appchain_ == bytes32(0)) revert ZeroAppchain();
		if (setId == 0) revert NotNextSet(1, 0);
		appchain = appchain_;
		_install(setId, firstSigners);
		emit SignerSetRotated(setId, firstSigners, threshold(firstSigners.length), 0, 0);
	}

	/// @notice `max(2, ceil(2n/3))`, as `pallet_evm_bridge::threshold_for`.
	function threshold(uint256 size) public pure returns (uint256) {
		uint256 twoThirds = (2 * size + 2) / 3;
		return twoThirds < 2 ? 2 : twoThirds;
	}

	function signers(uint32 setId) external view returns (address[] memory) {
		return _signers[setId];
	}

	function setIsValid(uint32 setId) public view returns (bool) {
		if (setId == 0) return false;
		if (setId == currentSetId) return true;
		return setId == previousSetId && block.timestamp <= previousValidUntil;
	}

	/// @notice The digest of a rotation message (EIP-712, this contract's domain).
	function signerSetDigest(uint32 setId, address[] calldata newSigners, uint64 validUntil)
		public
		view
		returns (bytes32)
	{
		return _hashTypedDataV4(
			keccak256(
				abi.encode(SIGNER_SET_TYPEHASH, appchain, setId, keccak256(abi.encodePacked(newSigners)), validUntil)
			)
		);
	}

	/// @inheritdoc IBridgeVerifier
	function verify(bytes32 digest, bytes calldata proof) external view {
		_verify(digest, proof);
	}

	/// @notice Makes `setId` (the set after the current one) current; the current set stays
	/// valid until `validUntil` (Unix seconds), the one before it ends now. Anyone may submit
	/// it with a proof by the current set.
	function rotate(uint32 setId, address[] calldata newSigners, uint64 validUntil, bytes calldata proof) external {
		uint32 current = currentSetId;
		if (setId != current + 1) revert NotNextSet(current + 1, setId);
		uint32 provenBy = _verify(signerSetDigest(setId, newSigners, validUntil), proof);
		if (provenBy != current) revert RotationNotByCurrentSet(current, provenBy);
		previousSetId = current;
		previousValidUntil = validUntil;
		_install(setId, newSigners);
		emit SignerSetRotated(setId, newSigners, threshold(newSigners.length), current, validUntil);
	}

	function _install(uint32 setId, address[] memory newSigners) private {
		uint256 n = newSigners.length;
		if (n < 2 || n > MAX_SIGNERS) revert BadSignerSet();
		address last = address(0);
		for (uint256 i = 0; i < n; ++i) {
			address signer = newSigners[i];
			// Strictly ascending from zero: no zero address, no signer twice.
			if (signer <= last) revert BadSignerSet();
			isSigner[setId][signer] = true;
			last = signer;
		}
		_signers[setId] = newSigners;
		currentSetId = setId;
	}

	/// Returns the set that proved `digest`; reverts otherwise.
	function _verify(bytes32 digest, bytes calldata proof) private view returns (uint32) {
		if (digest == bytes32(0)) revert ZeroDigest();
		(uint32 setId, bytes[] memory signatures) = abi.decode(proof, (uint32, bytes[]));
		if (!setIsValid(setId)) revert SetNotValid(setId);
		uint256 n = _signers[setId].length;
		uint256 needed = threshold(n);
		uint256 given = signatures.length;
		// Bounds before any recovery.
		if (given < needed) revert TooFewSignatures(given, needed);
		if (given > n) revert TooManySignatures(given, n);
		address last = address(0);
		for (uint256 i = 0; i < given; ++i) {
			// Reverts for a length other than 65, a high s, or a v other than 27 or 28.
			address recovered = ECDSA.recover(digest, signatures[i]);
			if (recovered <= last) revert SignersNotAscending(i);
			if (!isSigner[setId][recovered]) revert NotASigner(i, recovered);
			last = recovered;
		}
		return setId;
	}
}
