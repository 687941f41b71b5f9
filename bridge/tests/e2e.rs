//! The bridge end to end, as the consortium would run it: a `--dev` appchain node, anvil (one
//! slot per epoch, a block a second: its `finalized` block trails the head by two), the
//! contracts deployed with alloy, three `sto-bridge signer` processes (2 of 3) and one
//! `sto-bridge relay`, all on loopback, started and stopped by the test (killed on failure
//! too; their logs in `e2e-logs/bridge-evm`).
//!
//! - governance (sudo) sets the three signers, the route to the deployed gateway and the
//!   chain's committee verifier; the receiver and the holder link an EVM wallet each by the
//!   wallet's own signature;
//! - each of them asks for its wallet's allow-list entry (`request_allow`): the signers attest
//!   the `Allow` message the pallet computed from the identity's verdict, the relay applies it,
//!   and the entry's expiry is what the pallet said;
//! - the holder exports 100: the signers attest the mint message from finalized state, the
//!   relay mints it, the escrow holds 100 and the wrapped supply is 100;
//! - on the EVM chain, a transfer to the second listed wallet succeeds and one to an unlisted
//!   wallet reverts with `ReceiverNotAllowed`;
//! - the signers attest the export's outcome (minted) as soon as the mint is final on the EVM
//!   chain: 100 outstanding;
//! - the receiver's wallet burns 40 for release to the receiver's account here: the signers
//!   attest the burn from finalized EVM state and the 40 are released (escrow 60, supply 60);
//! - the relay is killed and restarted: nothing is minted twice, and a second export of 50 is
//!   minted by the restarted relay (supply 110, escrow 110);
//! - governance rotates the signers to set 2 without the third signer: the outgoing set signs
//!   the verifier's `SignerSet` message and the relay applies it (the verifier's set 2 is the
//!   pallet's); the token's owner freezes the second wallet through a `Control` message signed
//!   by set 2 (valid on the EVM chain only after the rotation): its transfer reverts
//!   `SenderFrozen`.

use alloy::{
	network::EthereumWallet,
	primitives::{Address, B256, U256},
	providers::{DynProvider, Provider, ProviderBuilder},
	signers::local::PrivateKeySigner,
};
use anyhow::{anyhow, ensure, Result};
use std::{
	path::Path,
	process::Command,
	time::{Duration, Instant},
};
use sto_bridge::{
	appchain::h160,
	contracts::{AllowList, BridgeGateway, CommitteeVerifier, WrappedSecurityToken},
};
use sto_harness::{
	chain::{add_kyc, create_token, fund, register_identities, send, UNIT},
	dev_chain,
	process::{Anvil, Daemon},
	wait_until,
	sto_client::{
		identity,
		runtime::api::{
			self,
			runtime_types::{
				bounded_collections::bounded_vec::BoundedVec,
				pallet_evm_bridge::{ControlAction, Limits, Route, Signer},
			},
		},
		token, Sto,
	},
	subxt_signer::sr25519,
};

const CHAIN: u64 = 31_337;

fn key(byte: u8) -> PrivateKeySigner {
	PrivateKeySigner::from_bytes(&B256::repeat_byte(byte)).expect("a secp256k1 key")
}

fn hex_key(byte: u8) -> String {
	format!("0x{}", hex::encode([byte; 32]))
}

fn provider(url: &str, key: Option<PrivateKeySigner>) -> Result<DynProvider> {
	let url = url.parse()?;
	Ok(match key {
		Some(key) => ProviderBuilder::new().wallet(EthereumWallet::from(key)).connect_http(url).erased(),
		None => ProviderBuilder::new().connect_http(url).erased(),
	})
}

/// A relay process (`sto-bridge relay`).
fn relay(url: &str, evm_url: &str, logs: &Path, name: &str) -> Result<Daemon> {
	let mut command = Command::new(env!("CARGO_BIN_EXE_sto-bridge"));
	command
		.args(["relay", "--url", url, "--evm-url", evm_url, "--chain", &CHAIN.to_string(), "--interval-ms", "1000"])
		.env("STO_BRIDGE_EVM_KEY", hex_key(0xd0));
	Daemon::spawn(command, name, logs)
}

#[tokio::test(flavor = "multi_thread")]
async fn exports_are_attested_minted_once_and_obey_the_allow_list() -> Result<()> {
	let started = Instant::now();
	let step = |what: &str| eprintln!("[{:>3}s] {what}", started.elapsed().as_secs());
	let (dir, node, sto) = dev_chain("bridge-evm").await?;
	let url = node.spec.rpc_url();
	let logs = dir.logs().to_path_buf();

	// --- anvil.
	let mut anvil = Anvil::start(CHAIN, &logs)?;
	let evm_url = anvil.url.clone();
	let reader = provider(&evm_url, None)?;
	wait_until("anvil answers", Duration::from_secs(30), || async { Ok(reader.get_chain_id().await.ok()) }).await?;
	// Fund the EVM accounts the test uses: the deployer and relay, the receiver's wallet.
	for who in [key(0xd0).address(), key(0x42).address(), key(0x43).address(), key(0x44).address()] {
		let _: serde_json::Value =
			reader.raw_request("anvil_setBalance".into(), (who, U256::from(10u128.pow(20)))).await?;
	}

	// --- The appchain: identities, a token, the holder's 1,000 units, the receiver's EVM wallet.
	let ferdie = sr25519::dev::ferdie();
	let alice = sr25519::dev::alice();
	let issuer = sto_harness::chain::keypair("//E2E-evm-issuer")?;
	let holder = sto_harness::chain::keypair("//E2E-evm-holder")?;
	let receiver = sto_harness::chain::keypair("//E2E-evm-receiver")?;
	let signer_accounts: Vec<_> =
		(0..3).map(|i| sto_harness::chain::keypair(&format!("//E2E-evm-signer-{i}"))).collect::<Result<_>>()?;
	let mut funded = vec![&issuer, &holder, &receiver];
	funded.extend(signer_accounts.iter());
	let registered = [&issuer, &holder, &receiver];
	let (_, ids) = tokio::try_join!(fund(&sto, &funded, 100 * UNIT), register_identities(&sto, &ferdie, &registered))?;
	add_kyc(&sto, &ferdie, &ids).await?;
	let token_id = create_token(&sto, &issuer, "EVMB", "Bridged garage", None).await?;
	send(&sto, &token::set_status(&sto, token_id, "active").await?, &issuer).await?;
	let holder_account = holder.public_key().to_account_id();
	send(&sto, &token::issue(&sto, token_id, 0, &holder_account, 1_000, None).await?, &issuer).await?;
	let wallet_key = key(0x42);
	let wallet = wallet_key.address();
	let text = identity::evm_link_message(&sto, ids[2], h160(wallet)).await?;
	let (signature, _) = identity::evm_personal_sign([0x42; 32], &text)?;
	send(&sto, &identity::link_evm_wallet(&sto, h160(wallet), signature).await?, &receiver).await?;
	let second = key(0x43).address();
	let text = identity::evm_link_message(&sto, ids[1], h160(second)).await?;
	let (signature, _) = identity::evm_personal_sign([0x43; 32], &text)?;
	send(&sto, &identity::link_evm_wallet(&sto, h160(second), signature).await?, &holder).await?;
	step("appchain: identities, token, 1,000 units, two EVM wallets linked");

	// --- The contracts, deployed by the relay's account: the committee of the three signers.
	let deployer = provider(&evm_url, Some(key(0xd0)))?;
	let appchain = sto_bridge::appchain::appchain_id(&sto);
	let mut signer_keys: Vec<(PrivateKeySigner, u8, usize)> = (0..3).map(|i| (key(0x51 + i as u8), 0x51 + i as u8, i)).collect();
	signer_keys.sort_by_key(|(k, _, _)| k.address());
	let verifier = CommitteeVerifier::deploy(&deployer, appchain, 1, signer_keys.iter().map(|(k, _, _)| k.address()).collect())
		.await
		.map_err(|e| anyhow!("deploy the verifier: {}", sto_bridge::revert_reason(&e)))?;
	let gateway = BridgeGateway::deploy(&deployer, appchain, *verifier.address(), "Bridged garage".into(), "BRG".into(), 0)
		.await
		.map_err(|e| anyhow!("deploy the gateway: {}", sto_bridge::revert_reason(&e)))?;
	let wrapped_address = gateway.wrapped().call().await?;
	let wrapped = WrappedSecurityToken::new(wrapped_address, &reader);
	step("EVM: verifier, gateway, wrapped token and allow-list deployed");

	// --- Governance: the signers (keys ascending) and the route.
	let tx = api::transactions().evm_bridge();
	let signers = signer_keys
		.iter()
		.map(|(k, _, i)| Signer { account: signer_accounts[*i].public_key().to_account_id(), key: h160(k.address()) })
		.collect();
	send(&sto, &sto.sudo(&sto.call(&tx.set_signers(BoundedVec(signers))).await?).await?, &alice).await?;
	let route = Route {
		gateway: h160(*gateway.address()),
		wrapped: h160(wrapped_address),
		enabled: true,
		limits: Limits { per_export: 500, per_window: 1_000, per_identity_window: 800 },
	};
	send(&sto, &sto.sudo(&sto.call(&tx.set_route(token_id, 0, CHAIN, route)).await?).await?, &alice).await?;
	send(&sto, &sto.sudo(&sto.call(&tx.set_committee(CHAIN, Some(h160(*verifier.address())))).await?).await?, &alice)
		.await?;
	step("governance: signers, route and committee verifier");

	// --- The bridge's processes.
	let mut processes = Vec::new();
	for (_, byte, i) in &signer_keys {
		let mut command = Command::new(env!("CARGO_BIN_EXE_sto-bridge"));
		command
			.args(["signer", "--url", &url, "--evm-url", &evm_url, "--chain", &CHAIN.to_string(), "--interval-ms", "1000", "--json"])
			.env("STO_BRIDGE_SURI", format!("//E2E-evm-signer-{i}"))
			.env("STO_BRIDGE_EVM_KEY", hex_key(*byte));
		processes.push(Daemon::spawn(command, &format!("signer-{i}"), &logs)?);
	}
	processes.push(relay(&url, &evm_url, &logs, "relay")?);

	// --- Allow-list entries asked for on the appchain, attested, applied by the relay.
	let allow_list = AllowList::new(gateway.allowList().call().await?, &reader);
	send(&sto, &sto.call(&tx.request_allow(token_id, 0, CHAIN, h160(wallet))).await?, &receiver).await?;
	send(&sto, &sto.call(&tx.request_allow(token_id, 0, CHAIN, h160(second))).await?, &holder).await?;
	for who in [wallet, second] {
		wait_for(&format!("{who}'s allow-list entry applied"), &mut processes, || async {
			Ok(allow_list.isAllowed(who).call().await?)
		})
		.await?;
		let entry = allow_list.entries(who).call().await?;
		let on_chain = allow_entry(&sto, wrapped_address, who).await?;
		ensure!(
			(entry.expiry, entry.sequence) == on_chain,
			"the EVM entry of {who} is the pallet's: {:?} vs {on_chain:?}",
			(entry.expiry, entry.sequence)
		);
	}
	// Unlinked wallets get no entry.
	let Err(refused) = send(&sto, &sto.call(&tx.request_allow(token_id, 0, CHAIN, h160(key(0x44).address()))).await?, &holder).await
	else {
		return Err(anyhow!("an allow-list entry for an unlinked wallet was accepted"));
	};
	ensure!(format!("{refused:#}").contains("RecipientNotLinked"), "an unlinked wallet: {refused:#}");
	step("allow-list: two linked wallets' entries attested and applied (expiry and sequence as the pallet's); an unlinked wallet refused");

	// --- Export 100: attested by the signers, minted by the relay.
	let export = |amount: u128| tx.export(token_id, 0, CHAIN, amount, h160(wallet));
	send(&sto, &sto.call(&export(100)).await?, &holder).await?;
	let balance = |who: Address| {
		let wrapped = &wrapped;
		async move { Ok::<U256, anyhow::Error>(wrapped.balanceOf(who).call().await?) }
	};
	wait_for("export 1 minted on the EVM chain", &mut processes, || async { Ok(balance(wallet).await? == U256::from(100)) })
		.await?;
	ensure!(gateway.minted(1).call().await?, "the gateway marks export 1 minted");
	let escrow = escrowed(&sto, token_id).await?;
	ensure!(escrow == 100, "the escrow holds the 100 exported: {escrow}");
	step("export 1: attested by the signers, minted by the relay (supply 100, escrow 100)");

	// --- The wrapped token's rules on the EVM chain.
	let receiver_evm = provider(&evm_url, Some(wallet_key))?;
	let as_receiver = WrappedSecurityToken::new(wrapped_address, &receiver_evm);
	as_receiver.transfer(second, U256::from(30)).send().await.map_err(|e| anyhow!("{}", sto_bridge::revert_reason(&e)))?.get_receipt().await?;
	ensure!(balance(second).await? == U256::from(30), "the listed wallet received 30");
	let unlisted = key(0x44).address();
	let Err(refused) = as_receiver.transfer(unlisted, U256::from(1)).call().await else {
		return Err(anyhow!("a transfer to an unlisted wallet went through"));
	};
	let reason = sto_bridge::revert_reason(&refused);
	ensure!(reason.contains("ReceiverNotAllowed"), "a transfer to an unlisted wallet: {reason}");
	step("EVM: a transfer to a listed wallet settles, one to an unlisted wallet reverts (ReceiverNotAllowed)");

	// --- The mint is final on the EVM chain: the signers attest the outcome at once, and the
	// 100 are outstanding (importable back).
	wait_for("export 1's outcome attested (minted)", &mut processes, || async { Ok(outstanding(&sto, token_id).await? == 100) })
		.await?;
	step("export 1 final: the signers attested the mint from finalized EVM state, 100 outstanding");

	// --- burnForRelease 40 to the receiver's account here: attested, released.
	let receiver_account = receiver.public_key().to_account_id();
	as_receiver
		.burnForRelease(U256::from(40), B256::from(receiver_account.0))
		.send()
		.await
		.map_err(|e| anyhow!("burnForRelease: {}", sto_bridge::revert_reason(&e)))?
		.get_receipt()
		.await?;
	ensure!(gateway.burnCount().call().await? == 1, "the gateway numbered the burn");
	wait_for("burn 1 released on the appchain", &mut processes, || async {
		Ok(token::balance_of(&sto, token_id, 0, &receiver_account).await? == 40)
	})
	.await?;
	let supply = wrapped.totalSupply().call().await?;
	ensure!(supply == U256::from(60), "the wrapped supply after the burn: {supply}");
	ensure!(escrowed(&sto, token_id).await? == 60, "the escrow holds what is outstanding");
	ensure!(outstanding(&sto, token_id).await? == 60, "60 outstanding");
	step("burnForRelease 40: attested from finalized EVM state, released to the receiver (escrow 60 = supply 60)");

	// --- The relay restarted: nothing twice; the next export minted by the new relay.
	if let Some(mut old) = processes.pop() {
		old.kill();
	}
	processes.push(relay(&url, &evm_url, &logs, "relay-restarted")?);
	send(&sto, &sto.call(&export(50)).await?, &holder).await?;
	wait_for("export 2 minted by the restarted relay", &mut processes, || async { Ok(gateway.minted(2).call().await?) })
		.await?;
	let supply = wrapped.totalSupply().call().await?;
	ensure!(supply == U256::from(110), "the wrapped supply: 60 and export 2's 50: {supply}");
	ensure!(escrowed(&sto, token_id).await? == 110, "the escrow holds what the wrapped tokens stand for");
	ensure!(balance(wallet).await? == U256::from(80), "the receiver's wallet: 30 left and 50 minted");
	step("relay restarted: export 2 minted once, supply 110 = escrow 110");

	// --- Rotation to set 2 without the third signer: the outgoing set signs the verifier's
	// `SignerSet` message, the relay applies it.
	let kept: Vec<_> = signer_keys.iter().filter(|(_, _, i)| *i != 2).collect();
	let signers = kept
		.iter()
		.map(|(k, _, i)| Signer { account: signer_accounts[*i].public_key().to_account_id(), key: h160(k.address()) })
		.collect();
	send(&sto, &sto.sudo(&sto.call(&tx.set_signers(BoundedVec(signers))).await?).await?, &alice).await?;
	wait_for("the verifier rotated to set 2", &mut processes, || async { Ok(verifier.currentSetId().call().await? == 2) })
		.await?;
	let installed = verifier.signers(2).call().await?;
	let expected: Vec<Address> = kept.iter().map(|(k, _, _)| k.address()).collect();
	ensure!(installed == expected, "the verifier's set 2 is the pallet's: {installed:?} vs {expected:?}");
	step("rotation: set 2 (two signers) signed by set 1 and applied to the verifier");

	// --- The token's owner freezes the second wallet on the EVM chain (signed by set 2).
	let freeze = tx.control(token_id, 0, CHAIN, ControlAction::Freeze, h160(second), h160(Address::ZERO), 0);
	send(&sto, &sto.call(&freeze).await?, &issuer).await?;
	wait_for("the second wallet frozen on the EVM chain", &mut processes, || async { Ok(wrapped.frozen(second).call().await?) })
		.await?;
	let second_evm = provider(&evm_url, Some(key(0x43)))?;
	let Err(refused) = WrappedSecurityToken::new(wrapped_address, &second_evm).transfer(wallet, U256::from(1)).call().await
	else {
		return Err(anyhow!("a frozen wallet sent"));
	};
	let reason = sto_bridge::revert_reason(&refused);
	ensure!(reason.contains("SenderFrozen"), "a frozen wallet's transfer: {reason}");
	ensure!(gateway.controlSequence().call().await? == 1, "one control message applied");
	step("control: the owner's freeze, signed by set 2, applied; the frozen wallet's transfer reverts (SenderFrozen)");

	anvil.check_running()?;
	Ok(())
}

/// Polls `check` every half second until it is true; fails after three minutes, or as soon as
/// one of `processes` exits.
async fn wait_for<F, Fut>(what: &str, processes: &mut [Daemon], mut check: F) -> Result<()>
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Result<bool>>,
{
	let timeout = Duration::from_secs(180);
	let end = Instant::now() + timeout;
	loop {
		for process in processes.iter_mut() {
			process.check_running()?;
		}
		if check().await? {
			return Ok(());
		}
		if Instant::now() > end {
			return Err(anyhow!("timed out after {timeout:?} waiting for {what}"));
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// What the route of partition 0 has outstanding on the EVM chain.
async fn outstanding(sto: &Sto, token_id: u32) -> Result<u128> {
	let at = sto.at().await?;
	Ok(at
		.storage()
		.fetch(api::storage().evm_bridge().outstanding(), ((token_id, 0u16), CHAIN))
		.await
		.map_err(|e| anyhow!("read EvmBridge.Outstanding: {e}"))?
		.decode()?)
}

/// The pallet's allow-list entry of `wallet` for the wrapped token `wrapped`: (expiry, sequence).
async fn allow_entry(sto: &Sto, wrapped: Address, wallet: Address) -> Result<(u64, u64)> {
	let at = sto.at().await?;
	let entry = at
		.storage()
		.fetch(api::storage().evm_bridge().allow_entries(), ((CHAIN, h160(wrapped)), h160(wallet)))
		.await
		.map_err(|e| anyhow!("read EvmBridge.AllowEntries: {e}"))?
		.decode()?;
	Ok((entry.expiry, entry.sequence))
}

/// What the bridge's escrow holds of partition 0.
async fn escrowed(sto: &Sto, token_id: u32) -> Result<u128> {
	token::balance_of(sto, token_id, 0, &escrow_account()).await
}

/// The bridge's account: `PalletId(*b"sto/brdg")` as an account (`modl` ‖ id ‖ zeros).
fn escrow_account() -> sto_harness::sto_client::subxt::utils::AccountId32 {
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(b"modl");
	bytes[4..12].copy_from_slice(b"sto/brdg");
	sto_harness::sto_client::subxt::utils::AccountId32(bytes)
}
