// Register an identity from JavaScript with @polkadot/api, from the chain's metadata alone:
// the new investor's wallet signs its consent, the registrar submits `register_identity`.
//
//   node consent.mjs [--url ws://127.0.0.1:9944] [--registrar //Ferdie] [--json]
//
// The one trap (docs/CLIENTS.md): the runtime API `IdentityApi_consent_payload` returns the
// bytes to sign as a `Vec<u8>`. @polkadot/api (16.5) hands the call's result back as `Bytes`
// whose content still starts with that `Vec<u8>`'s SCALE length prefix (a compact integer):
// `payload.toU8a(true)` is prefix + payload. The chain verifies the signature over the payload
// alone, so strip the prefix (`compactStripLength`) before signing. This script shows both: the
// signature over the bytes as received is refused with `BadConsent` and changes nothing, the one
// over the stripped bytes registers the identity.
//
// Exit code 0 when both outcomes are as described, 1 otherwise (the test command runs it
// against a development node: tests/tests/e2e/js_client.rs).
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { compactStripLength, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';

function option(name, fallback) {
	const at = process.argv.indexOf(name);
	return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}
const url = option('--url', 'ws://127.0.0.1:9944');
const registrarUri = option('--registrar', '//Ferdie');
const json = process.argv.includes('--json');
const say = (line) => { if (!json) console.log(line); };

// Submit `tx` signed by `signer`; resolve with the dispatch outcome once it is in a block.
function submit(api, tx, signer) {
	return new Promise((resolve, reject) => {
		let unsubscribe = () => {};
		tx.signAndSend(signer, ({ status, events, dispatchError }) => {
			if (status.isInBlock) {
				unsubscribe();
				let error = null;
				if (dispatchError) {
					if (dispatchError.isModule) {
						const meta = api.registry.findMetaError(dispatchError.asModule);
						error = `${meta.section}.${meta.name}`;
					} else {
						error = dispatchError.toString();
					}
				}
				resolve({
					block: status.asInBlock.toHex(),
					error,
					events: events.map(({ event }) => `${event.section}.${event.method}`),
				});
			} else if (status.isDropped || status.isInvalid || status.isUsurped) {
				unsubscribe();
				reject(new Error(`transaction ${status.type}`));
			}
		}).then((u) => { unsubscribe = u; }, reject);
	});
}

async function main() {
	await cryptoWaitReady();
	const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
	// The payload names the genesis block's hash, which the chain knows from block 1 on.
	for (;;) {
		const head = await api.rpc.chain.getFinalizedHead();
		const header = await api.rpc.chain.getHeader(head);
		if (header.number.toNumber() >= 1) break;
		await new Promise((r) => setTimeout(r, 1000));
	}
	const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 ?? 42 });
	const registrar = keyring.addFromUri(registrarUri);
	const investor = keyring.addFromUri(mnemonicGenerate());
	say(`registrar ${registrar.address}, new investor wallet ${investor.address}`);

	const received = await api.call.identityApi.consentPayload('CreateIdentity', 0, investor.address);
	const asReceived = received.toU8a(true);
	const [, payload] = compactStripLength(asReceived);
	say(`payload to sign (${payload.length} bytes): ${u8aToHex(payload)}`);
	const kind = 'NaturalPerson';

	// 1. The naive signature: over the bytes as received, length prefix included.
	const prefixed = investor.sign(asReceived);
	const naive = await submit(
		api,
		api.tx.identityRegistry.registerIdentity(investor.address, kind, { Sr25519: prefixed }),
		registrar,
	);
	const afterNaive = await api.query.identityRegistry.identityOf(investor.address);
	say(`signature over the bytes as received: ${naive.error ?? 'accepted'}; identity ${afterNaive.toHuman()}`);

	// 2. The right one: over the payload alone. Its nonce is unchanged, since the refused call
	// used nothing up.
	const bare = investor.sign(payload);
	const right = await submit(
		api,
		api.tx.identityRegistry.registerIdentity(investor.address, kind, { Sr25519: bare }),
		registrar,
	);
	const identity = await api.query.identityRegistry.identityOf(investor.address);
	say(`signature over the payload: ${right.error ?? 'accepted'}; identity ${identity.toHuman()}`);

	const ok = naive.error === 'identityRegistry.BadConsent' && afterNaive.isNone
		&& right.error === null && identity.isSome
		&& right.events.includes('identityRegistry.IdentityRegistered');
	if (json) {
		console.log(JSON.stringify({
			ok,
			investor: investor.address,
			identity: identity.isSome ? identity.unwrap().toString() : null,
			prefixed: naive,
			bare: right,
		}));
	}
	await api.disconnect();
	process.exit(ok ? 0 : 1);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
