// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Who may receive one wrapped security token, and until when.
/// @notice Entries come from the appchain only (attested `Allow` messages, applied by the
/// gateway): an EVM wallet linked to an identity that the token's receiver rules accept, until
/// the earliest expiry of what that verdict rests on. Each wallet's entries carry strictly
/// increasing sequence numbers, so an older "allowed" can never be replayed over a newer
/// "removed". An entry with expiry 0 removes the wallet.
contract AllowList {
	struct Entry {
		/// Unix seconds; the wallet may receive while `block.timestamp <= expiry`.
		uint64 expiry;
		/// The sequence number of the update that wrote this entry (0: never written).
		uint64 sequence;
	}

	/// The gateway that applies attested updates (the only writer).
	address public immutable gateway;
	mapping(address wallet => Entry) public entries;

	event AllowListUpdated(address indexed wallet, uint64 expiry, uint64 sequence);

	/// The caller is not the gateway.
	error NotGateway(address caller);
	/// An update for the zero address.
	error ZeroWallet();
	/// The update is not newer than the wallet's entry (a replay or an out-of-date message).
	error StaleSequence(address wallet, uint64 current, uint64 given);

	constructor(address gateway_) {
		if (gateway_ == address(0)) revert NotGateway(address(0));
		gateway = gateway_;
	}

	/// @notice Writes `wallet`'s entry; only the gateway, after verifying the appchain's message.
	function update(address wallet, uint64 expiry, uint64 sequence) external {
		if (msg.sender != gateway) revert NotGateway(msg.sender);
		if (wallet == address(0)) revert ZeroWallet();
		uint64 current = entries[wallet].sequence;
		if (sequence <= current) revert StaleSequence(wallet, current, sequence);
		entries[wallet] = Entry(expiry, sequence);
		emit AllowListUpdated(wallet, expiry, sequence);
	}

	/// @notice Whether `wallet` may receive now.
	function isAllowed(address wallet) external view returns (bool) {
		return block.timestamp <= entries[wallet].expiry;
	}
}
