// Unit tests of the bridge's EVM contracts on a throwaway anvil (docs/BRIDGE.md, "Attacks and
// where they are tested"). Each refusal is checked by its named error, and with the state it
// must leave unchanged.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { decodeErrorResult, encodeDeployData, hashTypedData, keccak256, toHex, zeroAddress, zeroHash } from "viem";
import {
	abiOf,
	actor,
	ALLOW_TYPES,
	artifacts,
	committeeDomain,
	CONTROL_TYPES,
	deploy,
	elapse,
	gatewayDomain,
	malleate,
	MINT_TYPES,
	now,
	proof,
	read,
	reverts,
	send,
	SIGNER_SET_TYPES,
	signAll,
	signerKeys,
	startAnvil,
	withV,
} from "./harness.mjs";

const APPCHAIN = keccak256(toHex("appchain genesis hash"));
const FREEZE = 1;
const UNFREEZE = 2;
const FORCED_TRANSFER = 3;
const DAY = 86_400n;

let env;
let relay; // submits messages (anyone may)
let alice; // allow-listed
let bob; // allow-listed
let carol; // never listed
let signers; // set 1: three keys, 2 of 3
let outsider; // a key in no set

before(async () => {
	env = await startAnvil();
	relay = await actor(env, "relay");
	alice = await actor(env, "alice");
	bob = await actor(env, "bob");
	carol = await actor(env, "carol");
	signers = signerKeys(["signer 1", "signer 2", "signer 3"]);
	[outsider] = signerKeys(["outsider"]);
});
after(() => env?.stop());

// A new verifier (set 1 = `signers`) and gateway, with its wrapped token and allow-list.
async function fresh() {
	const verifier = await deploy(env, relay, "CommitteeVerifier", [APPCHAIN, 1, signers.map((s) => s.address)]);
	const gateway = await deploy(env, relay, "BridgeGateway", [APPCHAIN, verifier, "Garage Units", "GRG", 0]);
	const wrapped = await read(env, "BridgeGateway", gateway, "wrapped");
	const allowList = await read(env, "BridgeGateway", gateway, "allowList");
	const r = {
		verifier,
		gateway,
		wrapped,
		allowList,
		sequence: 0n,
		supply: () => read(env, "WrappedSecurityToken", wrapped, "totalSupply"),
		balance: (who) => read(env, "WrappedSecurityToken", wrapped, "balanceOf", [who.address ?? who]),
	};
	return r;
}

const mintData = (r, message) => ({
	domain: gatewayDomain(env, r.gateway),
	types: MINT_TYPES,
	primaryType: "Mint",
	message: { appchain: APPCHAIN, wrapped: r.wrapped, ...message },
});

// An export's mint, signed by `keys` of set `setId`.
async function mintArgs(r, { nonce, recipient, amount, deadline }, keys = signers.slice(0, 2), setId = 1) {
	const message = { nonce, recipient: recipient.address ?? recipient, amount, deadline };
	const signatures = await signAll(keys, mintData(r, message));
	return [nonce, message.recipient, amount, deadline, proof(setId, signatures)];
}

async function allow(r, wallet, expiry, sequence = ++r.sequence) {
	const typed = {
		domain: gatewayDomain(env, r.gateway),
		types: ALLOW_TYPES,
		primaryType: "Allow",
		message: { appchain: APPCHAIN, wrapped: r.wrapped, wallet: wallet.address ?? wallet, expiry, sequence },
	};
	const signatures = await signAll(signers.slice(0, 2), typed);
	return [typed.message.wallet, expiry, sequence, proof(1, signatures)];
}

async function controlArgs(r, sequence, action, account, to, amount) {
	const message = {
		appchain: APPCHAIN,
		wrapped: r.wrapped,
		sequence,
		action,
		account: account.address ?? account,
		to: to.address ?? to,
		amount,
	};
	const typed = { domain: gatewayDomain(env, r.gateway), types: CONTROL_TYPES, primaryType: "Control", message };
	const signatures = await signAll(signers.slice(1, 3), typed);
	return [sequence, action, message.account, message.to, amount, proof(1, signatures)];
}

async function listed(r, ...wallets) {
	const expiry = (await now(env)) + 30n * DAY;
	for (const w of wallets) await send(env, relay, "BridgeGateway", r.gateway, "allow", await allow(r, w, expiry));
}

async function minted(r, nonce, recipient, amount) {
	const deadline = (await now(env)) + DAY;
	await send(env, relay, "BridgeGateway", r.gateway, "mint", await mintArgs(r, { nonce, recipient, amount, deadline }));
}

// Deploying with these arguments reverts with `errorName`.
async function deployReverts(name, args, errorName) {
	const data = encodeDeployData({ abi: abiOf(name), bytecode: artifacts[name].bytecode, args });
	await assert.rejects(env.pub.call({ account: relay.account, data }), (error) => {
		const raw = error.walk((e) => typeof e.data === "string" && e.data.startsWith("0x"))?.data;
		assert.ok(raw, `no revert data: ${error.message}`);
		assert.equal(decodeErrorResult({ abi: abiOf(name), data: raw }).errorName, errorName);
		return true;
	});
}

describe("mint", () => {
	test("2 of 3 signatures mint an export once; the replay is refused", async () => {
		const r = await fresh();
		await listed(r, alice);
		const deadline = (await now(env)) + DAY;
		const message = { nonce: 7n, recipient: alice.address, amount: 100n, deadline };
		// The contract hashes the message as EIP-712 does (viem computes it from the types alone).
		assert.equal(
			await read(env, "BridgeGateway", r.gateway, "mintDigest", [7n, alice.address, 100n, deadline]),
			hashTypedData(mintData(r, message)),
		);
		const args = await mintArgs(r, message);
		const receipt = await send(env, relay, "BridgeGateway", r.gateway, "mint", args);
		assert.equal(await r.balance(alice), 100n);
		assert.equal(await r.supply(), 100n);
		assert.equal(await read(env, "BridgeGateway", r.gateway, "minted", [7n]), true);
		assert.ok(receipt.logs.some((l) => l.address.toLowerCase() === r.gateway.toLowerCase()));
		await reverts(env, relay, "BridgeGateway", r.gateway, "mint", args, "AlreadyMinted");
		// All three signatures prove it too (above the threshold), but the nonce is spent.
		const all = await mintArgs(r, message, signers);
		await reverts(env, relay, "BridgeGateway", r.gateway, "mint", all, "AlreadyMinted");
		assert.equal(await r.supply(), 100n);
	});

	test("each short, forged or malformed proof is refused by name and mints nothing", async () => {
		const r = await fresh();
		await listed(r, alice);
		const deadline = (await now(env)) + DAY;
		const message = { nonce: 1n, recipient: alice.address, amount: 100n, deadline };
		const typed = mintData(r, message);
		const [s0, s1, s2] = await signAll(signers, typed);
		const base = [1n, alice.address, 100n, deadline];
		const refuse = (signatures, errorName, setId = 1) =>
			reverts(env, relay, "BridgeGateway", r.gateway, "mint", [...base, proof(setId, signatures)], errorName);

		await refuse([s0], "TooFewSignatures"); // one signature of two
		await refuse([], "TooFewSignatures");
		await refuse([s0, s0], "SignersNotAscending"); // a duplicated signer
		await refuse([s1, s0], "SignersNotAscending"); // not in the set's order
		await refuse([s0, s1, s2, s2], "TooManySignatures");
		// A key in no set: whichever position keeps the order, it is named as no signer.
		const [o] = await signAll([outsider], typed);
		await refuse(BigInt(outsider.address) > BigInt(signers[0].address) ? [s0, o] : [o, s1], "NotASigner");
		await refuse([malleate(s0), s1], "ECDSAInvalidSignatureS"); // the high-s twin
		await refuse([withV(s0, 0), s1], "ECDSAInvalidSignature"); // v = 0 (only 27 or 28)
		await refuse([withV(s0, 1), s1], "ECDSAInvalidSignature");
		await refuse([s0.slice(0, 130), s1], "ECDSAInvalidSignatureLength"); // 64 bytes
		// Signed for another chain id, another gateway, another amount: another digest, so the
		// signature recovers to some other address.
		const [wrongChain] = await signAll([signers[0]], { ...typed, domain: { ...typed.domain, chainId: 1 } });
		await refuse([wrongChain, s1], "NotASigner");
		const [wrongGateway] = await signAll([signers[0]], { ...typed, domain: { ...typed.domain, verifyingContract: r.verifier } });
		await refuse([wrongGateway, s1], "NotASigner");
		const [wrongAmount] = await signAll([signers[0]], mintData(r, { ...message, amount: 1000n }));
		await refuse([wrongAmount, s1], "NotASigner");
		await refuse([s0, s1], "SetNotValid", 2); // no such set
		await refuse([s0, s1], "SetNotValid", 0);

		assert.equal(await r.supply(), 0n);
		assert.equal(await read(env, "BridgeGateway", r.gateway, "minted", [1n]), false);
		// The same proof, whole, still mints.
		await send(env, relay, "BridgeGateway", r.gateway, "mint", [...base, proof(1, [s0, s1])]);
		assert.equal(await r.supply(), 100n);
	});

	test("after the deadline the mint reverts (the appchain refunds it)", async () => {
		const r = await fresh();
		await listed(r, alice);
		const deadline = (await now(env)) + 60n;
		const args = await mintArgs(r, { nonce: 3n, recipient: alice, amount: 5n, deadline });
		await elapse(env, 120);
		await reverts(env, relay, "BridgeGateway", r.gateway, "mint", args, "DeadlinePassed");
		assert.equal(await read(env, "BridgeGateway", r.gateway, "minted", [3n]), false);
	});

	test("zero values are refused", async () => {
		const r = await fresh();
		await listed(r, alice);
		const deadline = (await now(env)) + DAY;
		const zeroAmount = await mintArgs(r, { nonce: 1n, recipient: alice, amount: 0n, deadline });
		await reverts(env, relay, "BridgeGateway", r.gateway, "mint", zeroAmount, "ZeroAmount");
		const zeroRecipient = await mintArgs(r, { nonce: 1n, recipient: zeroAddress, amount: 1n, deadline });
		await reverts(env, relay, "BridgeGateway", r.gateway, "mint", zeroRecipient, "ZeroRecipient");
		await reverts(env, relay, "BridgeGateway", r.gateway, "mint", [1n, alice.address, 1n, deadline, proof(1, [])], "TooFewSignatures");
		await deployReverts("CommitteeVerifier", [zeroHash, 1, signers.map((s) => s.address)], "ZeroAppchain");
		await deployReverts("BridgeGateway", [zeroHash, r.verifier, "G", "G", 0], "ZeroAppchain");
		await deployReverts("BridgeGateway", [APPCHAIN, zeroAddress, "G", "G", 0], "ZeroVerifier");
	});

	test("an attested mint to a wallet without an allow-list entry reverts", async () => {
		const r = await fresh();
		const deadline = (await now(env)) + DAY;
		const args = await mintArgs(r, { nonce: 1n, recipient: carol, amount: 10n, deadline });
		await reverts(env, relay, "BridgeGateway", r.gateway, "mint", args, "ReceiverNotAllowed");
		assert.equal(await read(env, "BridgeGateway", r.gateway, "minted", [1n]), false);
		// Listed before the deadline, the same message mints.
		await listed(r, carol);
		await send(env, relay, "BridgeGateway", r.gateway, "mint", args);
		assert.equal(await r.balance(carol), 10n);
	});

	test("only the gateway mints, records burns, freezes and forces transfers", async () => {
		const r = await fresh();
		await listed(r, alice);
		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "bridgeMint", [alice.address, 1n], "NotGateway");
		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "setFrozen", [bob.address, true], "NotGateway");
		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "forcedTransfer", [bob.address, alice.address, 1n], "NotGateway");
		await reverts(env, alice, "BridgeGateway", r.gateway, "recordBurn", [alice.address, APPCHAIN, 1n], "NotWrapped");
		await reverts(env, alice, "AllowList", r.allowList, "update", [alice.address, 1n << 40n, 99n], "NotGateway");
		assert.equal(await read(env, "BridgeGateway", r.gateway, "burnCount"), 0n);
	});
});

describe("allow-list and transfers", () => {
	test("a transfer reaches an allow-listed wallet and reverts for an unlisted, expired or removed one", async () => {
		const r = await fresh();
		await listed(r, alice);
		await minted(r, 1n, alice, 100n);
		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "transfer", [carol.address, 1n], "ReceiverNotAllowed");
		// An entry that expires within the hour.
		const soon = (await now(env)) + 3600n;
		await send(env, relay, "BridgeGateway", r.gateway, "allow", await allow(r, bob, soon));
		await send(env, alice, "WrappedSecurityToken", r.wrapped, "transfer", [bob.address, 30n]);
		assert.equal(await r.balance(bob), 30n);
		await elapse(env, 3601);
		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "transfer", [bob.address, 1n], "ReceiverNotAllowed");
		// transferFrom goes through the same path.
		await send(env, alice, "WrappedSecurityToken", r.wrapped, "approve", [carol.address, 10n]);
		await reverts(env, carol, "WrappedSecurityToken", r.wrapped, "transferFrom", [alice.address, bob.address, 1n], "ReceiverNotAllowed");
		// Renewed, then removed (expiry 0).
		const later = (await now(env)) + DAY;
		await send(env, relay, "BridgeGateway", r.gateway, "allow", await allow(r, bob, later));
		await send(env, carol, "WrappedSecurityToken", r.wrapped, "transferFrom", [alice.address, bob.address, 10n]);
		await send(env, relay, "BridgeGateway", r.gateway, "allow", await allow(r, bob, 0n));
		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "transfer", [bob.address, 1n], "ReceiverNotAllowed");
		assert.equal(await r.balance(alice), 60n);
		assert.equal(await r.balance(bob), 40n);
	});

	test("an older allow-list message cannot be replayed over a newer one", async () => {
		const r = await fresh();
		const expiry = (await now(env)) + DAY;
		const allowed = await allow(r, bob, expiry, 1n);
		const removed = await allow(r, bob, 0n, 2n);
		await send(env, relay, "BridgeGateway", r.gateway, "allow", allowed);
		await send(env, relay, "BridgeGateway", r.gateway, "allow", removed);
		await reverts(env, relay, "BridgeGateway", r.gateway, "allow", allowed, "StaleSequence");
		await reverts(env, relay, "BridgeGateway", r.gateway, "allow", removed, "StaleSequence");
		assert.equal(await read(env, "AllowList", r.allowList, "isAllowed", [bob.address]), false);
		assert.deepEqual(await read(env, "AllowList", r.allowList, "entries", [bob.address]), [0n, 2n]);
		// A forged entry (signed by one signer and an outsider) and the zero wallet.
		const typed = {
			domain: gatewayDomain(env, r.gateway),
			types: ALLOW_TYPES,
			primaryType: "Allow",
			message: { appchain: APPCHAIN, wrapped: r.wrapped, wallet: carol.address, expiry, sequence: 1n },
		};
		const sigs = await signAll([signers[0], outsider].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1)), typed);
		await reverts(env, relay, "BridgeGateway", r.gateway, "allow", [carol.address, expiry, 1n, proof(1, sigs)], "NotASigner");
		await reverts(env, relay, "BridgeGateway", r.gateway, "allow", await allow(r, zeroAddress, expiry, 1n), "ZeroWallet");
	});
});

describe("burn for release", () => {
	test("burns are numbered from 1 and recorded for the signers; refusals burn nothing", async () => {
		const r = await fresh();
		await listed(r, alice);
		await minted(r, 1n, alice, 100n);
		const recipient = keccak256(toHex("an appchain account"));
		await send(env, alice, "WrappedSecurityToken", r.wrapped, "burnForRelease", [40n, recipient]);
		await send(env, alice, "WrappedSecurityToken", r.wrapped, "burnForRelease", [5n, recipient]);
		assert.equal(await read(env, "BridgeGateway", r.gateway, "burnCount"), 2n);
		assert.deepEqual(await read(env, "BridgeGateway", r.gateway, "burns", [1n]), [alice.address, recipient, 40n]);
		assert.deepEqual(await read(env, "BridgeGateway", r.gateway, "burns", [2n]), [alice.address, recipient, 5n]);
		assert.equal(await r.supply(), 55n);

		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "burnForRelease", [0n, recipient], "ZeroAmount");
		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "burnForRelease", [1n, zeroHash], "ZeroAppchainRecipient");
		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "burnForRelease", [56n, recipient], "ERC20InsufficientBalance");
		await reverts(env, carol, "WrappedSecurityToken", r.wrapped, "burnForRelease", [1n, recipient], "ERC20InsufficientBalance");
		assert.equal(await read(env, "BridgeGateway", r.gateway, "burnCount"), 2n);
		assert.equal(await r.supply(), 55n);
	});
});

describe("control messages", () => {
	test("freeze, forced transfer and unfreeze apply once each, in order", async () => {
		const r = await fresh();
		await listed(r, alice, bob);
		await minted(r, 1n, alice, 100n);
		const recipient = keccak256(toHex("an appchain account"));

		await reverts(env, relay, "BridgeGateway", r.gateway, "control", await controlArgs(r, 2n, FREEZE, alice, zeroAddress, 0n), "BadSequence");
		await reverts(env, relay, "BridgeGateway", r.gateway, "control", await controlArgs(r, 1n, 0, alice, zeroAddress, 0n), "UnknownAction");
		await reverts(env, relay, "BridgeGateway", r.gateway, "control", await controlArgs(r, 1n, 4, alice, zeroAddress, 0n), "UnknownAction");
		const freeze = await controlArgs(r, 1n, FREEZE, alice, zeroAddress, 0n);
		await send(env, relay, "BridgeGateway", r.gateway, "control", freeze);
		assert.equal(await read(env, "WrappedSecurityToken", r.wrapped, "frozen", [alice.address]), true);
		await reverts(env, relay, "BridgeGateway", r.gateway, "control", freeze, "BadSequence"); // replay
		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "transfer", [bob.address, 1n], "SenderFrozen");
		await reverts(env, alice, "WrappedSecurityToken", r.wrapped, "burnForRelease", [1n, recipient], "SenderFrozen");

		// The controller moves units out of the frozen wallet, but only to a listed one.
		await reverts(env, relay, "BridgeGateway", r.gateway, "control", await controlArgs(r, 2n, FORCED_TRANSFER, alice, carol, 10n), "ReceiverNotAllowed");
		assert.equal(await read(env, "BridgeGateway", r.gateway, "controlSequence"), 1n);
		await send(env, relay, "BridgeGateway", r.gateway, "control", await controlArgs(r, 2n, FORCED_TRANSFER, alice, bob, 10n));
		assert.equal(await r.balance(bob), 10n);
		assert.equal(await read(env, "WrappedSecurityToken", r.wrapped, "frozen", [alice.address]), true);

		await send(env, relay, "BridgeGateway", r.gateway, "control", await controlArgs(r, 3n, UNFREEZE, alice, zeroAddress, 0n));
		await send(env, alice, "WrappedSecurityToken", r.wrapped, "transfer", [bob.address, 1n]);
		assert.equal(await r.balance(alice), 89n);
		assert.equal(await r.supply(), 100n);
	});
});

describe("signer sets", () => {
	const rotation = (r, setId, newSigners, validUntil) => ({
		domain: committeeDomain(env, r.verifier),
		types: SIGNER_SET_TYPES,
		primaryType: "SignerSet",
		message: { appchain: APPCHAIN, setId, signers: newSigners.map((s) => s.address ?? s), previousValidUntil: validUntil },
	});
	async function rotateArgs(r, setId, newSigners, validUntil, keys = signers.slice(0, 2), provenBy = 1) {
		const typed = rotation(r, setId, newSigners, validUntil);
		return [setId, typed.message.signers, validUntil, proof(provenBy, await signAll(keys, typed))];
	}

	test("the threshold is max(2, ceil(2n/3)), as the pallet's", async () => {
		const r = await fresh();
		for (let n = 0n; n <= 16n; n++) {
			const expected = (2n * n + 2n) / 3n < 2n ? 2n : (2n * n + 2n) / 3n;
			assert.equal(await read(env, "CommitteeVerifier", r.verifier, "threshold", [n]), expected);
		}
		assert.equal(await read(env, "CommitteeVerifier", r.verifier, "threshold", [9n]), 6n);
	});

	test("a rotation: the new set signs at once, the old one during its grace only", async () => {
		const r = await fresh();
		await listed(r, alice);
		const next = signerKeys(["signer 2", "signer 3", "signer 4", "signer 5"]); // 3 of 4
		const graceEnds = (await now(env)) + 3600n;
		const args = await rotateArgs(r, 2, next, graceEnds);
		assert.equal(
			await read(env, "CommitteeVerifier", r.verifier, "signerSetDigest", args.slice(0, 3)),
			hashTypedData(rotation(r, 2, next, graceEnds)),
		);
		await send(env, relay, "CommitteeVerifier", r.verifier, "rotate", args);
		assert.equal(await read(env, "CommitteeVerifier", r.verifier, "currentSetId"), 2);
		await reverts(env, relay, "CommitteeVerifier", r.verifier, "rotate", args, "NotNextSet"); // replay

		const deadline = (await now(env)) + DAY;
		// Set 2 needs 3 of its 4.
		await reverts(env, relay, "BridgeGateway", r.gateway, "mint", await mintArgs(r, { nonce: 1n, recipient: alice, amount: 1n, deadline }, next.slice(0, 2), 2), "TooFewSignatures");
		await send(env, relay, "BridgeGateway", r.gateway, "mint", await mintArgs(r, { nonce: 1n, recipient: alice, amount: 1n, deadline }, next.slice(0, 3), 2));
		// Set 1 in its grace period.
		const bySet1 = await mintArgs(r, { nonce: 2n, recipient: alice, amount: 1n, deadline }, signers.slice(0, 2), 1);
		await send(env, relay, "BridgeGateway", r.gateway, "mint", bySet1);
		// A rotation is proven by the current set only, not by the one in grace.
		const third = signerKeys(["signer 6", "signer 7", "signer 8"]);
		await reverts(env, relay, "CommitteeVerifier", r.verifier, "rotate", await rotateArgs(r, 3, third, graceEnds + 1n), "RotationNotByCurrentSet");
		// A key of set 1 only (signer 1) is no signer of set 2.
		const withOld = signerKeys(["signer 1", "signer 2", "signer 3"]);
		await reverts(env, relay, "BridgeGateway", r.gateway, "mint", await mintArgs(r, { nonce: 3n, recipient: alice, amount: 1n, deadline }, withOld, 2), "NotASigner");

		// After the grace period, set 1 (and so a signer removed by the rotation) is no signer.
		await elapse(env, 3601);
		const late = await mintArgs(r, { nonce: 4n, recipient: alice, amount: 1n, deadline }, signers.slice(0, 2), 1);
		await reverts(env, relay, "BridgeGateway", r.gateway, "mint", late, "SetNotValid");
		assert.equal(await r.balance(alice), 2n);
	});

	test("a rotation to a malformed set, or skipping a set, is refused", async () => {
		const r = await fresh();
		const until = (await now(env)) + 60n;
		const [a, b, c] = signerKeys(["x 1", "x 2", "x 3"]);
		await reverts(env, relay, "CommitteeVerifier", r.verifier, "rotate", await rotateArgs(r, 3, [a, b, c], until), "NotNextSet");
		await reverts(env, relay, "CommitteeVerifier", r.verifier, "rotate", await rotateArgs(r, 2, [a], until), "BadSignerSet");
		await reverts(env, relay, "CommitteeVerifier", r.verifier, "rotate", await rotateArgs(r, 2, [b, a, c], until), "BadSignerSet");
		await reverts(env, relay, "CommitteeVerifier", r.verifier, "rotate", await rotateArgs(r, 2, [a, a, c], until), "BadSignerSet");
		await reverts(env, relay, "CommitteeVerifier", r.verifier, "rotate", await rotateArgs(r, 2, [zeroAddress, a, b], until), "BadSignerSet");
		const seventeen = signerKeys(Array.from({ length: 17 }, (_, i) => `y ${i}`));
		await reverts(env, relay, "CommitteeVerifier", r.verifier, "rotate", await rotateArgs(r, 2, seventeen, until), "BadSignerSet");
		// A rotation proven by another message (the outsider's set) is no rotation.
		await reverts(env, relay, "CommitteeVerifier", r.verifier, "rotate", await rotateArgs(r, 2, [a, b, c], until, [signers[0], outsider].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1))), "NotASigner");
		assert.equal(await read(env, "CommitteeVerifier", r.verifier, "currentSetId"), 1);
		await deployReverts("CommitteeVerifier", [APPCHAIN, 1, [signers[0].address]], "BadSignerSet");
		await deployReverts("CommitteeVerifier", [APPCHAIN, 0, signers.map((s) => s.address)], "NotNextSet");
	});
});
