// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title The seam between the gateway and whoever vouches for appchain messages.
/// @notice Today a committee of the consortium's signers (CommitteeVerifier); a light-client
/// verifier of the appchain's finality can replace it behind this interface later.
interface IBridgeVerifier {
	/// @notice Reverts, with a named error, unless `proof` proves that the appchain sent the
	/// message whose EIP-712 digest is `digest`.
	function verify(bytes32 digest, bytes calldata proof) external view;
}
