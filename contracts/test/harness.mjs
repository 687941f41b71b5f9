// A throwaway anvil on a free loopback port, viem clients, the compiled contracts, and the
// signing helpers the contract tests share. The anvil process is stopped by `stop()` and, should
// the test process die first, by the exit handler.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import {
	ContractFunctionRevertedError,
	createPublicClient,
	createTestClient,
	createWalletClient,
	defineChain,
	encodeAbiParameters,
	hexToBigInt,
	http,
	keccak256,
	parseEther,
	toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
export const ANVIL = join(root, "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");

export function artifact(name) {
	const path = join(root, "out", `${name}.json`);
	try {
		return JSON.parse(readFileSync(path, "utf8"));
	} catch (error) {
		throw new Error(`${path}: run \`node contracts/build.mjs\` (scripts/build.sh does): ${error.message}`);
	}
}

export const artifacts = Object.fromEntries(
	["AllowList", "BridgeGateway", "CommitteeVerifier", "WrappedSecurityToken"].map((n) => [n, artifact(n)]),
);
// Every contract's errors, so a revert inside a callee (the verifier called by the gateway)
// decodes by name too.
const allErrors = [];
const seen = new Set();
for (const a of Object.values(artifacts)) {
	for (const item of a.abi.filter((i) => i.type === "error")) {
		const key = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
		if (!seen.has(key)) {
			seen.add(key);
			allErrors.push(item);
		}
	}
}
export const abiOf = (name) => [...artifacts[name].abi.filter((i) => i.type !== "error"), ...allErrors];

// Starts anvil (one-second epochs, so `finalized` trails the head by two blocks) on a port the
// OS picks, and resolves once it listens.
export async function startAnvil() {
	const child = spawn(ANVIL, ["--host", "127.0.0.1", "--port", "0", "--slots-in-an-epoch", "1"], {
		stdio: ["ignore", "pipe", "pipe"],
	});
	const kill = () => child.kill("SIGKILL");
	process.on("exit", kill);
	let log = "";
	const url = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`anvil did not listen within 20 s:\n${log}`)), 20_000);
		child.stdout.on("data", (chunk) => {
			log += chunk;
			const m = log.match(/Listening on (127\.0\.0\.1:\d+)/);
			if (m) {
				clearTimeout(timer);
				resolve(`http://${m[1]}`);
			}
		});
		child.stderr.on("data", (chunk) => (log += chunk));
		child.on("exit", (code) => reject(new Error(`anvil exited (${code}):\n${log}`)));
	});
	const chainId = 31337;
	const chain = defineChain({
		id: chainId,
		name: "anvil",
		nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
		rpcUrls: { default: { http: [url] } },
	});
	const transport = http(url);
	const pub = createPublicClient({ chain, transport, pollingInterval: 50 });
	const test = createTestClient({ chain, transport, mode: "anvil" });
	const stop = () => {
		process.off("exit", kill);
		kill();
	};
	return { url, chain, chainId, transport, pub, test, stop };
}

// A funded account from a seed text (so tests name their actors).
export async function actor(env, seed) {
	const account = privateKeyToAccount(keccak256(toHex(seed)));
	await env.test.setBalance({ address: account.address, value: parseEther("100") });
	const wallet = createWalletClient({ account, chain: env.chain, transport: env.transport });
	return { account, address: account.address, wallet };
}

// Signer keys (no ether needed: they only sign), sorted by address as proofs need them.
export function signerKeys(seeds) {
	return seeds
		.map((s) => privateKeyToAccount(keccak256(toHex(s))))
		.sort((a, b) => (hexToBigInt(a.address) < hexToBigInt(b.address) ? -1 : 1));
}

export async function deploy(env, from, name, args) {
	const hash = await from.wallet.deployContract({ abi: abiOf(name), bytecode: artifacts[name].bytecode, args });
	const receipt = await env.pub.waitForTransactionReceipt({ hash });
	assert.equal(receipt.status, "success", `deploy ${name}`);
	return receipt.contractAddress;
}

export async function read(env, name, address, functionName, args = []) {
	return env.pub.readContract({ address, abi: abiOf(name), functionName, args });
}

export async function send(env, from, name, address, functionName, args = []) {
	const hash = await from.wallet.writeContract({ address, abi: abiOf(name), functionName, args });
	const receipt = await env.pub.waitForTransactionReceipt({ hash });
	assert.equal(receipt.status, "success", `${name}.${functionName}`);
	return receipt;
}

// Sending reverts (in the gas estimate, so nothing is mined) with the named custom error.
export async function reverts(env, from, name, address, functionName, args, errorName) {
	await assert.rejects(send(env, from, name, address, functionName, args), (error) => {
		const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
		assert.ok(revert, `${functionName}: not a contract revert: ${error.shortMessage ?? error.message}`);
		assert.equal(revert.data?.errorName, errorName, `${functionName}: ${revert.shortMessage}`);
		return true;
	});
}

export async function now(env) {
	return (await env.pub.getBlock()).timestamp;
}

// Moves the chain's clock on by `seconds` (and mines a block at the new time).
export async function elapse(env, seconds) {
	await env.test.increaseTime({ seconds });
	await env.test.mine({ blocks: 1 });
}

// A proof for the committee verifier: `abi.encode(uint32 setId, bytes[] signatures)`.
export function proof(setId, signatures) {
	return encodeAbiParameters([{ type: "uint32" }, { type: "bytes[]" }], [setId, signatures]);
}

export async function signAll(keys, typedData) {
	return Promise.all(keys.map((k) => k.signTypedData(typedData)));
}

// The typed data of each message, computed by viem from the types alone (an independent check of
// the contracts' and the pallet's hashing).
export const gatewayDomain = (env, gateway) => ({
	name: "STO Bridge Gateway",
	version: "1",
	chainId: env.chainId,
	verifyingContract: gateway,
});
export const committeeDomain = (env, verifier) => ({
	name: "STO Bridge Committee",
	version: "1",
	chainId: env.chainId,
	verifyingContract: verifier,
});
export const MINT_TYPES = {
	Mint: [
		{ name: "appchain", type: "bytes32" },
		{ name: "nonce", type: "uint64" },
		{ name: "wrapped", type: "address" },
		{ name: "recipient", type: "address" },
		{ name: "amount", type: "uint256" },
		{ name: "deadline", type: "uint64" },
	],
};
export const ALLOW_TYPES = {
	Allow: [
		{ name: "appchain", type: "bytes32" },
		{ name: "wrapped", type: "address" },
		{ name: "wallet", type: "address" },
		{ name: "expiry", type: "uint64" },
		{ name: "sequence", type: "uint64" },
	],
};
export const CONTROL_TYPES = {
	Control: [
		{ name: "appchain", type: "bytes32" },
		{ name: "wrapped", type: "address" },
		{ name: "sequence", type: "uint64" },
		{ name: "action", type: "uint8" },
		{ name: "account", type: "address" },
		{ name: "to", type: "address" },
		{ name: "amount", type: "uint256" },
	],
};
export const SIGNER_SET_TYPES = {
	SignerSet: [
		{ name: "appchain", type: "bytes32" },
		{ name: "setId", type: "uint32" },
		{ name: "signers", type: "address[]" },
		{ name: "previousValidUntil", type: "uint64" },
	],
};

// secp256k1's group order: (r, n - s) with the other v is the malleated twin of a signature.
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export function malleate(signature) {
	const r = signature.slice(2, 66);
	const s = BigInt(`0x${signature.slice(66, 130)}`);
	const v = parseInt(signature.slice(130, 132), 16);
	const twin = (SECP256K1_N - s).toString(16).padStart(64, "0");
	return `0x${r}${twin}${(v === 27 ? 28 : 27).toString(16)}`;
}
export function withV(signature, v) {
	return `${signature.slice(0, 130)}${v.toString(16).padStart(2, "0")}`;
}
