// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {AllowList} from "./AllowList.sol";
import {IBridgeVerifier} from "./IBridgeVerifier.sol";
import {IBurnRecorder, WrappedSecurityToken} from "./WrappedSecurityToken.sol";

/// @title One route's gateway: mints attested exports, numbers burns, applies attested
/// allow-list updates and control messages.
/// @notice Deploys its wrapped token and allow-list, so the three serve one route (a token's
/// partition on the appchain) and nothing else. Every message is EIP-712 typed data in the
/// domain "STO Bridge Gateway", version 1, this chain's id and this contract, naming the
/// appchain's genesis hash; the verifier decides whether the appchain sent it. Each message
/// kind has its own type and its own function: no message can call anything else.
contract BridgeGateway is EIP712, IBurnRecorder {
	bytes32 public constant MINT_TYPEHASH = keccak256(
		"Mint(bytes32 appchain,uint64 nonce,address wrapped,address recipient,uint256 amount,uint64 deadline)"
	);
	bytes32 public constant ALLOW_TYPEHASH =
		keccak256("Allow(bytes32 appchain,address wrapped,address wallet,uint64 expiry,uint64 sequence)");
	bytes32 public constant CONTROL_TYPEHASH = keccak256(
		"Control(bytes32 appchain,address wrapped,uint64 sequence,uint8 action,address account,address to,uint256 amount)"
	);

	/// Control actions.
	uint8 public constant FREEZE = 1;
	uint8 public constant UNFREEZE = 2;
	uint8 public constant FORCED_TRANSFER = 3;

	struct Burn {
		address from;
		bytes32 recipient;
		uint256 amount;
	}

	bytes32 public immutable appchain;
	IBridgeVerifier public immutable verifier;
	WrappedSecurityToken public immutable wrapped;
	AllowList public immutable allowList;
	/// Export nonces minted here (each once).
	mapping(uint64 nonce => bool) public minted;
	/// Burns for release, numbered from 1: what the signers read and attest.
	uint64 public burnCount;
	mapping(uint64 nonce => Burn) public burns;
	/// The last control message applied (they apply one after the other).
	uint64 public controlSequence;

	event Minted(uint64 indexed nonce, address indexed recipient, uint256 amount);
	event BurnedForRelease(uint64 indexed nonce, address indexed from, bytes32 recipient, uint256 amount);
	event ControlApplied(uint64 indexed sequence, uint8 action, address account, address to, uint256 amount);

	error ZeroAppchain();
	error ZeroVerifier();
	error ZeroAmount();
	error ZeroRecipient();
	error AlreadyMinted(uint64 nonce);
	error DeadlinePassed(uint64 deadline, uint256 now_);
	/// Only this gateway's wrapped token records burns.
	error NotWrapped(address caller);
	/// Control messages apply in order: `expected` is the next one.
	error BadSequence(uint64 expected, uint64 given);
	error UnknownAction(uint8 action);

	constructor(bytes32 appchain_, IBridgeVerifier verifier_, string memory name_, string memory symbol_, uint8 decimals_)
		EIP712("STO Bridge Gateway", "1")
	{
		if (appchain_ == bytes32(0)) revert ZeroAppchain();
		if (address(verifier_) == address(0)) revert ZeroVerifier();
		appchain = appchain_;
		verifier = verifier_;
		AllowList list = new AllowList(address(this));
		allowList = list;
		wrapped = new WrappedSecurityToken(name_, symbol_, decimals_, address(this), list);
	}

	function mintDigest(uint64 nonce, address recipient, uint256 amount, uint64 deadline)
		public
		view
		returns (bytes32)
	{
		return _hashTypedDataV4(
			keccak256(abi.encode(MINT_TYPEHASH, appchain, nonce, address(wrapped), recipient, amount, deadline))
		);
	}

	function allowDigest(address wallet, uint64 expiry, uint64 sequence) public view returns (bytes32) {
		return _hashTypedDataV4(keccak256(abi.encode(ALLOW_TYPEHASH, appchain, address(wrapped), wallet, expiry, sequence)));
	}

	function controlDigest(uint64 sequence, uint8 action, address account, address to, uint256 amount)
		public
		view
		returns (bytes32)
	{
		return _hashTypedDataV4(
			keccak256(abi.encode(CONTROL_TYPEHASH, appchain, address(wrapped), sequence, action, account, to, amount))
		);
	}

	/// @notice Mints appchain export `nonce` before its deadline (afterwards the appchain
	/// refunds it, so a late mint must fail). Anyone may submit it with the proof.
	function mint(uint64 nonce, address recipient, uint256 amount, uint64 deadline, bytes calldata proof) external {
		if (amount == 0) revert ZeroAmount();
		if (recipient == address(0)) revert ZeroRecipient();
		if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
		if (minted[nonce]) revert AlreadyMinted(nonce);
		verifier.verify(mintDigest(nonce, recipient, amount, deadline), proof);
		minted[nonce] = true;
		// The receiver's allow-list entry is checked in the token's transfer path.
		wrapped.bridgeMint(recipient, amount);
		emit Minted(nonce, recipient, amount);
	}

	/// @inheritdoc IBurnRecorder
	function recordBurn(address from, bytes32 appchainRecipient, uint256 amount) external returns (uint64 nonce) {
		if (msg.sender != address(wrapped)) revert NotWrapped(msg.sender);
		nonce = burnCount + 1;
		burnCount = nonce;
		burns[nonce] = Burn(from, appchainRecipient, amount);
		emit BurnedForRelease(nonce, from, appchainRecipient, amount);
	}

	/// @notice Applies an attested allow-list update (the list refuses a stale sequence).
	function allow(address wallet, uint64 expiry, uint64 sequence, bytes calldata proof) external {
		verifier.verify(allowDigest(wallet, expiry, sequence), proof);
		allowList.update(wallet, expiry, sequence);
	}

	/// @notice Applies attested control message `sequence` (the one after the last applied):
	/// freeze or unfreeze `account`, or move `amount` from `account` to `to`.
	function control(uint64 sequence, uint8 action, address account, address to, uint256 amount, bytes calldata proof)
		external
	{
		uint64 expected = controlSequence + 1;
		if (sequence != expected) revert BadSequence(expected, sequence);
		if (action != FREEZE && action != UNFREEZE && action != FORCED_TRANSFER) revert UnknownAction(action);
		verifier.verify(controlDigest(sequence, action, account, to, amount), proof);
		controlSequence = sequence;
		if (action == FORCED_TRANSFER) {
			wrapped.forcedTransfer(account, to, amount);
		} else {
			wrapped.setFrozen(account, action == FREEZE);
		}
		emit ControlApplied(sequence, action, account, to, amount);
	}
}
