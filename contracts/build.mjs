// Compiles src/*.sol with solc from npm (pinned by package-lock.json) into out/<Contract>.json
// ({ abi, bytecode, deployedBytecode }), or into the directory given as the one argument
// (sto-bridge's build script passes its OUT_DIR). `node build.mjs` by hand.
// Fails, printing solc's messages, on any error or warning: warnings in a bridge are bugs
// until shown otherwise.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const solc = require("solc");

const sources = {};
for (const file of readdirSync(join(here, "src")).filter((f) => f.endsWith(".sol")).sort()) {
	sources[`src/${file}`] = { content: readFileSync(join(here, "src", file), "utf8") };
}

const input = {
	language: "Solidity",
	sources,
	settings: {
		// The hardfork anvil and today's EVM chains run; pinned so the bytecode does not move with
		// solc's default.
		evmVersion: "prague",
		optimizer: { enabled: true, runs: 200 },
		outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
	},
};

// Imports resolve against node_modules (OpenZeppelin) and this directory; nothing else.
function findImports(path) {
	for (const base of [join(here, "node_modules"), here]) {
		try {
			return { contents: readFileSync(join(base, path), "utf8") };
		} catch {}
	}
	return { error: `not found: ${path}` };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const problems = (output.errors ?? []).filter((e) => e.severity !== "info");
if (problems.length > 0) {
	for (const problem of problems) console.error(problem.formattedMessage);
	console.error(`[contracts] solc ${solc.version()}: ${problems.length} error(s) or warning(s)`);
	process.exit(1);
}

const out = process.argv[2] ? resolve(process.argv[2]) : join(here, "out");
mkdirSync(out, { recursive: true });
let count = 0;
let written = 0;
for (const [source, contracts] of Object.entries(output.contracts)) {
	if (!source.startsWith("src/")) continue;
	for (const [name, artifact] of Object.entries(contracts)) {
		const artifactPath = join(out, `${name}.json`);
		const text =
			JSON.stringify(
				{
					contractName: name,
					sourceName: source,
					compiler: solc.version(),
					abi: artifact.abi,
					bytecode: `0x${artifact.evm.bytecode.object}`,
					deployedBytecode: `0x${artifact.evm.deployedBytecode.object}`,
				},
				null,
				"\t",
			) + "\n";
		// An unchanged artifact keeps its file time: cargo compares the times of the files the
		// bindings were compiled from (`sol!` in bridge/src/contracts.rs).
		if (!existsSync(artifactPath) || readFileSync(artifactPath, "utf8") !== text) {
			writeFileSync(artifactPath, text);
			written += 1;
		}
		count += 1;
	}
}
console.error(`[contracts] solc ${solc.version()}: ${count} contracts in ${out} (${written} changed)`);
