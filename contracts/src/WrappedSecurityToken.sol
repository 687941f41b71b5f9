// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AllowList} from "./AllowList.sol";

/// The gateway's side of a burn (an interface, so the token and the gateway do not import each
/// other).
interface IBurnRecorder {
	function recordBurn(address from, bytes32 appchainRecipient, uint256 amount) external returns (uint64 nonce);
}

/// @title A security token's units on an EVM chain, exported from the appchain.
/// @notice An ERC-20 whose one transfer path (`_update`: transfers, mints, burns, forced
/// transfers) applies the token's rules as the appchain hands them over: the receiver must have
/// an unexpired entry on the allow-list, and a frozen wallet cannot send. Units exist only by a
/// mint the appchain attested (the gateway) and leave by `burnForRelease`, which the appchain
/// releases to an account there. Freezes and forced transfers come only from attested control
/// messages (the gateway).
contract WrappedSecurityToken is ERC20 {
	address public immutable gateway;
	AllowList public immutable allowList;
	uint8 private immutable _decimals;
	mapping(address wallet => bool) public frozen;
	/// Set only during a forced transfer: the sender's freeze does not stop it.
	bool private _forcing;

	event FrozenSet(address indexed wallet, bool frozen);
	event ForcedTransfer(address indexed from, address indexed to, uint256 amount);

	error NotGateway(address caller);
	error ZeroAmount();
	error ZeroAppchainRecipient();
	/// `wallet` has no unexpired allow-list entry.
	error ReceiverNotAllowed(address wallet);
	error SenderFrozen(address wallet);

	constructor(string memory name_, string memory symbol_, uint8 decimals_, address gateway_, AllowList allowList_)
		ERC20(name_, symbol_)
	{
		if (gateway_ == address(0)) revert NotGateway(address(0));
		gateway = gateway_;
		allowList = allowList_;
		_decimals = decimals_;
	}

	modifier onlyGateway() {
		if (msg.sender != gateway) revert NotGateway(msg.sender);
		_;
	}

	function decimals() public view override returns (uint8) {
		return _decimals;
	}

	/// @notice Mints an attested export; only the gateway.
	function bridgeMint(address to, uint256 amount) external onlyGateway {
		_mint(to, amount);
	}

	/// @notice Burns `amount` of the caller's units for release to `appchainRecipient` (the 32
	/// bytes of an account on the appchain); the gateway numbers the burn, and the appchain's
	/// signers attest it once it is final here. Returns the burn's number.
	function burnForRelease(uint256 amount, bytes32 appchainRecipient) external returns (uint64 nonce) {
		if (amount == 0) revert ZeroAmount();
		if (appchainRecipient == bytes32(0)) revert ZeroAppchainRecipient();
		_burn(msg.sender, amount);
		nonce = IBurnRecorder(gateway).recordBurn(msg.sender, appchainRecipient, amount);
	}

	/// @notice Freezes or unfreezes `wallet`; only the gateway (an attested control message).
	function setFrozen(address wallet, bool frozen_) external onlyGateway {
		frozen[wallet] = frozen_;
		emit FrozenSet(wallet, frozen_);
	}

	/// @notice Moves units regardless of the sender's freeze (the receiver's entry still counts);
	/// only the gateway (an attested control message from the token's controller).
	function forcedTransfer(address from, address to, uint256 amount) external onlyGateway {
		_forcing = true;
		_transfer(from, to, amount);
		_forcing = false;
		emit ForcedTransfer(from, to, amount);
	}

	/// The one transfer path.
	function _update(address from, address to, uint256 value) internal override {
		if (from != address(0) && !_forcing && frozen[from]) revert SenderFrozen(from);
		if (to != address(0) && !allowList.isAllowed(to)) revert ReceiverNotAllowed(to);
		super._update(from, to, value);
	}
}
