//! The bridge end to end, as the consortium would run it: a `--dev` appchain node, anvil (one
//! slot per epoch, a block a second: its `finalized` block trails the head by two), the
//! contracts deployed with alloy, three `sto-bridge signer` processes (2 of 3) and one
//! `sto-bridge relay`, all on loopback, started and stopped by each test (killed on failure
//! too; their logs in `e2e-logs/bridge-evm`, `e2e-logs/bridge-evm-mint-attacks` and
//! `e2e-logs/bridge-evm-time-attacks`). Every test starts from [`Bridge::start`]: governance
//! (sudo) sets the three signers, the route to the deployed gateway and the chain's committee
//! verifier; the receiver and the holder link an EVM wallet each by the wallet's own signature.
//!
//! `exports_are_attested_minted_once_and_obey_the_allow_list`, the bridge at work:
//!
//! - each linked wallet's allow-list entry is asked for (`request_allow`): the signers attest
//!   the `Allow` message the pallet computed from the identity's verdict, the relay applies it,
//!   and the entry's expiry is what the pallet said; an unlinked wallet is refused;
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
//!   pallet's); the token's owner freezes the second wallet through a `Control` message: the
//!   removed signer votes first, in set 1 (still valid for its grace period; the kept signers
//!   are stopped until then), and set 2 takes the ballot over and attests it: the wallet's
//!   transfer reverts `SenderFrozen`.
//!
//! The attack list of docs/BRIDGE.md, in two tests that run side by side (each on its own
//! chain, anvil and processes): each attack refused by its named error with nothing changed,
//! and the escrow equal to what the wrapped tokens, the exports in flight and the quarantine
//! stand for after each step.
//!
//! - `mint_attacks_and_a_conflicting_release_change_nothing`: forged mint proofs (one signature
//!   of two, a duplicated signer, the high-s twin, another chain id, a non-member key), a
//!   replayed mint, an export over the cap and to an unlinked recipient, a paused bridge, an
//!   EVM reorg that drops a burn before finality, a conflicting release message that halts
//!   imports until governance discards it;
//! - `lapses_deadlines_and_rotations_change_nothing` (the grace period and the export deadline
//!   shortened to minutes): a lapsed KYC claim (release quarantined, then released after the
//!   renewal; the keeper lists the wallet again), a revoked claim (the keeper removes the
//!   wallet's entry), a mint after its deadline, the old signer set after its grace period on
//!   both chains, and the late export's refund.

use alloy::{
	eips::BlockNumberOrTag,
	network::EthereumWallet,
	primitives::{Address, B256, U256},
	providers::{DynProvider, Provider, ProviderBuilder},
	signers::{local::PrivateKeySigner, SignerSync},
};
use anyhow::{anyhow, ensure, Result};
use std::{
	path::{Path, PathBuf},
	process::Command,
	time::{Duration, Instant},
};
use sto_bridge::{
	appchain::{self, h160},
	contracts::{
		AllowList::{self, AllowListInstance},
		BridgeGateway::{self, BridgeGatewayInstance},
		CommitteeVerifier::{self, CommitteeVerifierInstance},
		WrappedSecurityToken::{self, WrappedSecurityTokenInstance},
	},
	messages,
};
use sto_harness::{
	chain::{add_kyc, create_token, fund, register_identities, send, UNIT},
	dev_chain_with,
	process::{Anvil, Daemon},
	sto_client::{
		identity,
		runtime::{
			api::{
				self,
				runtime_types::{
					bounded_collections::bounded_vec::BoundedVec,
					pallet_evm_bridge::{
						views::ImportStatus, AttestationKind, ControlAction, ExportStatus, Import, Limits, Route, Signer,
					},
					sto_primitives::identity::ClaimScope,
				},
			},
			ClaimTopic,
		},
		subxt::utils::{AccountId32, H256},
		token, Sto,
	},
	subxt_signer::sr25519::{self, Keypair},
	wait_until, Node, Parameter, TestDir,
};

const CHAIN: u64 = 31_337;
/// The attack test's chain: the old signer set valid for 45 blocks after a rotation (90 s at
/// the test chains' 2-second slot), exports mintable for two minutes.
const GRACE_BLOCKS: u32 = 45;
const EXPORT_TIMEOUT: u64 = 120;

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

/// The signer process (`sto-bridge signer`) of account `//E2E-evm-signer-{i}` with EVM key
/// `byte`, serving its Prometheus metrics on `metrics_port`.
fn signer(url: &str, evm_url: &str, logs: &Path, i: usize, byte: u8, name: &str, metrics_port: u16) -> Result<Daemon> {
	let mut command = Command::new(env!("CARGO_BIN_EXE_sto-bridge"));
	command
		.args(["signer", "--url", url, "--evm-url", evm_url, "--chain", &CHAIN.to_string()])
		.args(["--interval-ms", "1000", "--json", "--prometheus-port", &metrics_port.to_string()])
		.env("STO_BRIDGE_SURI", format!("//E2E-evm-signer-{i}"))
		.env("STO_BRIDGE_EVM_KEY", hex_key(byte));
	Daemon::spawn(command, name, logs)
}

/// `GET /metrics` of a bridge process on the loopback `port`: the body (Prometheus' text
/// format).
fn scrape(port: u16) -> Result<String> {
	use std::io::{Read, Write};
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
	stream.set_read_timeout(Some(Duration::from_secs(10)))?;
	stream.write_all(b"GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
	let mut response = String::new();
	stream.read_to_string(&mut response)?;
	let (head, body) = response.split_once("\r\n\r\n").ok_or_else(|| anyhow!("no HTTP response: {response}"))?;
	ensure!(head.starts_with("HTTP/1.") && head.contains(" 200"), "GET /metrics: {head}");
	Ok(body.to_string())
}

/// The value of the sample `series` (name and labels, as the text format writes them).
fn sample(metrics: &str, series: &str) -> Option<f64> {
	metrics.lines().find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
}

/// A relay process (`sto-bridge relay`).
fn relay(url: &str, evm_url: &str, logs: &Path, name: &str) -> Result<Daemon> {
	let mut command = Command::new(env!("CARGO_BIN_EXE_sto-bridge"));
	command
		.args(["relay", "--url", url, "--evm-url", evm_url, "--chain", &CHAIN.to_string(), "--interval-ms", "1000"])
		.env("STO_BRIDGE_EVM_KEY", hex_key(0xd0));
	Daemon::spawn(command, name, logs)
}

/// The appchain, anvil, the contracts and the bridge's processes, as [`Bridge::start`] leaves
/// them: three signers (2 of 3) and a relay running, governance's route and committee set, the
/// holder with 1,000 units, the receiver's wallet (`wallet`, key 0x42) and the holder's
/// (`second`, key 0x43) linked; key 0x44's wallet linked to nobody.
struct Bridge {
	started: Instant,
	sto: Sto,
	url: String,
	evm_url: String,
	logs: PathBuf,
	reader: DynProvider,
	alice: Keypair,
	ferdie: Keypair,
	issuer: Keypair,
	holder: Keypair,
	receiver: Keypair,
	signer_accounts: Vec<Keypair>,
	/// The signers' EVM keys, ascending by address: (key, its byte, the index of its account).
	signer_keys: Vec<(PrivateKeySigner, u8, usize)>,
	token_id: u32,
	wallet: Address,
	second: Address,
	verifier: CommitteeVerifierInstance<DynProvider>,
	gateway: BridgeGatewayInstance<DynProvider>,
	wrapped: WrappedSecurityTokenInstance<DynProvider>,
	allow_list: AllowListInstance<DynProvider>,
	/// The signer processes by account index (`None` while stopped).
	signers: Vec<Option<Daemon>>,
	/// The Prometheus port of each signer, by account index.
	metrics_ports: Vec<u16>,
	/// The relay (last) and the keeper.
	processes: Vec<Daemon>,
	anvil: Anvil,
	_node: Node,
	_dir: TestDir,
}

impl Bridge {
	/// Start everything on a dev test chain with the runtime `parameters` in its genesis.
	async fn start(label: &str, parameters: &[Parameter]) -> Result<Self> {
		let started = Instant::now();
		let (dir, node, sto) = dev_chain_with(label, parameters).await?;
		let url = node.spec.rpc_url();
		let logs = dir.logs().to_path_buf();

		// --- anvil.
		let anvil = Anvil::start(CHAIN, &logs)?;
		let evm_url = anvil.url.clone();
		let reader = provider(&evm_url, None)?;
		wait_until("anvil answers", Duration::from_secs(30), || async { Ok(reader.get_chain_id().await.ok()) }).await?;
		// Fund the EVM accounts the tests use: the deployer and relay, the wallets.
		for who in [key(0xd0).address(), key(0x42).address(), key(0x43).address(), key(0x44).address()] {
			let _: serde_json::Value =
				reader.raw_request("anvil_setBalance".into(), (who, U256::from(10u128.pow(20)))).await?;
		}

		// --- The appchain: identities, a token, the holder's 1,000 units, two EVM wallets.
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
		let (_, ids) =
			tokio::try_join!(fund(&sto, &funded, 100 * UNIT), register_identities(&sto, &ferdie, &registered))?;
		add_kyc(&sto, &ferdie, &ids).await?;
		let token_id = create_token(&sto, &issuer, "EVMB", "Bridged garage", None).await?;
		send(&sto, &token::set_status(&sto, token_id, "active").await?, &issuer).await?;
		let holder_account = holder.public_key().to_account_id();
		send(&sto, &token::issue(&sto, token_id, 0, &holder_account, 1_000, None).await?, &issuer).await?;
		let wallet = link_evm_wallet(&sto, &receiver, ids[2], 0x42).await?;
		let second = link_evm_wallet(&sto, &holder, ids[1], 0x43).await?;

		// --- The contracts, deployed by the relay's account: the committee of the three signers.
		let deployer = provider(&evm_url, Some(key(0xd0)))?;
		let appchain = appchain::appchain_id(&sto);
		let mut signer_keys: Vec<(PrivateKeySigner, u8, usize)> =
			(0..3).map(|i| (key(0x51 + i as u8), 0x51 + i as u8, i)).collect();
		signer_keys.sort_by_key(|(k, _, _)| k.address());
		let members = signer_keys.iter().map(|(k, _, _)| k.address()).collect();
		let verifier = CommitteeVerifier::deploy(deployer.clone(), appchain, 1, members)
			.await
			.map_err(|e| anyhow!("deploy the verifier: {}", sto_bridge::revert_reason(&e)))?;
		let gateway = BridgeGateway::deploy(
			deployer.clone(),
			appchain,
			*verifier.address(),
			"Bridged garage".into(),
			"BRG".into(),
			0,
		)
		.await
		.map_err(|e| anyhow!("deploy the gateway: {}", sto_bridge::revert_reason(&e)))?;
		let wrapped = WrappedSecurityToken::new(gateway.wrapped().call().await?, reader.clone());
		let allow_list = AllowList::new(gateway.allowList().call().await?, reader.clone());

		// --- Governance: the signers (keys ascending), the route, the committee verifier.
		let tx = api::transactions().evm_bridge();
		let signers = signer_keys
			.iter()
			.map(|(k, _, i)| Signer { account: signer_accounts[*i].public_key().to_account_id(), key: h160(k.address()) })
			.collect();
		send(&sto, &sto.sudo(&sto.call(&tx.set_signers(BoundedVec(signers))).await?).await?, &alice).await?;
		let route = Route {
			gateway: h160(*gateway.address()),
			wrapped: h160(*wrapped.address()),
			enabled: true,
			limits: Limits { per_export: 500, per_window: 1_000, per_identity_window: 800 },
		};
		send(&sto, &sto.sudo(&sto.call(&tx.set_route(token_id, 0, CHAIN, route)).await?).await?, &alice).await?;
		let committee = tx.set_committee(CHAIN, Some(h160(*verifier.address())));
		send(&sto, &sto.sudo(&sto.call(&committee).await?).await?, &alice).await?;

		// --- The bridge's processes.
		let mut signers: Vec<Option<Daemon>> = (0..signer_keys.len()).map(|_| None).collect();
		let metrics_ports: Vec<u16> = (0..signer_keys.len()).map(|_| sto_harness::free_port()).collect();
		for (_, byte, i) in &signer_keys {
			signers[*i] = Some(signer(&url, &evm_url, &logs, *i, *byte, &format!("signer-{i}"), metrics_ports[*i])?);
		}
		let processes = vec![relay(&url, &evm_url, &logs, "relay")?];
		let bridge = Self {
			started,
			sto,
			url,
			evm_url,
			logs,
			reader,
			alice,
			ferdie,
			issuer,
			holder,
			receiver,
			signer_accounts,
			signer_keys,
			token_id,
			wallet,
			second,
			verifier,
			gateway,
			wrapped,
			allow_list,
			signers,
			metrics_ports,
			processes,
			anvil,
			_node: node,
			_dir: dir,
		};
		bridge.step(
			"set up: identities, token, 1,000 units, two EVM wallets linked; verifier, gateway, wrapped token and \
			 allow-list deployed; signers, route and committee set by governance; three signers and a relay running",
		);
		Ok(bridge)
	}

	fn step(&self, what: &str) {
		eprintln!("[{:>3}s] {what}", self.started.elapsed().as_secs());
	}

	/// Polls `check` every half second until it is true; fails after three minutes, or as soon
	/// as a bridge process or anvil exits.
	async fn wait_for<F, Fut>(&mut self, what: &str, mut check: F) -> Result<()>
	where
		F: FnMut() -> Fut,
		Fut: std::future::Future<Output = Result<bool>>,
	{
		let timeout = Duration::from_secs(180);
		let end = Instant::now() + timeout;
		loop {
			for process in self.processes.iter_mut().chain(self.signers.iter_mut().flatten()) {
				process.check_running()?;
			}
			self.anvil.check_running()?;
			if check().await? {
				return Ok(());
			}
			if Instant::now() > end {
				return Err(anyhow!("timed out after {timeout:?} waiting for {what}"));
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	/// Wait until the gateway has minted export `nonce` (`what` names the wait in a timeout).
	async fn wait_minted(&mut self, nonce: u64, what: &str) -> Result<()> {
		let gateway = self.gateway.clone();
		self.wait_for(what, || {
			let gateway = gateway.clone();
			async move { Ok(gateway.minted(nonce).call().await?) }
		})
		.await
	}

	/// Ask for the allow-list entries of `wallets` (each with the signer of the transaction)
	/// and wait until the relay applied each; returns nothing until every EVM entry equals the
	/// pallet's.
	async fn allow(&mut self, wallets: &[(Address, &Keypair)]) -> Result<()> {
		let tx = api::transactions().evm_bridge();
		for (wallet, who) in wallets {
			let request = tx.request_allow(self.token_id, 0, CHAIN, h160(*wallet));
			send(&self.sto, &self.sto.call(&request).await?, who).await?;
		}
		for (who, _) in wallets {
			let who = *who;
			let list = self.allow_list.clone();
			self.wait_for(&format!("{who}'s allow-list entry applied"), || {
				let list = list.clone();
				async move { Ok(list.isAllowed(who).call().await?) }
			})
			.await?;
			self.check_allow_entry(who).await?;
		}
		Ok(())
	}

	/// The EVM allow-list entry of `wallet` is the pallet's (expiry and sequence).
	async fn check_allow_entry(&self, wallet: Address) -> Result<()> {
		let entry = self.allow_list.entries(wallet).call().await?;
		let on_chain = allow_entry(&self.sto, *self.wrapped.address(), wallet).await?;
		ensure!(
			(entry.expiry, entry.sequence) == on_chain,
			"the EVM entry of {wallet} is the pallet's: {:?} vs {on_chain:?}",
			(entry.expiry, entry.sequence)
		);
		Ok(())
	}

	/// Have the holder export `amount` to the receiver's wallet.
	async fn export(&self, amount: u128) -> Result<()> {
		let export = api::transactions().evm_bridge().export(self.token_id, 0, CHAIN, amount, h160(self.wallet));
		send(&self.sto, &self.sto.call(&export).await?, &self.holder).await?;
		Ok(())
	}

	/// The wrapped balance of `who`.
	async fn balance(&self, who: Address) -> Result<U256> {
		Ok(self.wrapped.balanceOf(who).call().await?)
	}

	/// The escrow holds exactly what the wrapped tokens, the exports in flight, the quarantined
	/// releases and the burns not yet imported stand for (the bridge's invariant, at a moment
	/// when no minted export waits for its outcome).
	async fn check_escrow(&self, when: &str) -> Result<()> {
		let at = self.sto.at().await?;
		let storage = api::storage().evm_bridge();
		let key = ((self.token_id, 0u16), CHAIN);
		let in_flight: u128 = at.storage().fetch(storage.in_flight(), key).await?.decode()?;
		let mut quarantined = 0u128;
		let mut entries = at.storage().iter(storage.quarantine(), ()).await?;
		while let Some(entry) = entries.next().await {
			quarantined += entry?.value().decode()?.amount;
		}
		let gateway = sto_bridge::evm::Gateway::new(&self.reader, *self.gateway.address());
		let latest = BlockNumberOrTag::Latest.into();
		let through = appchain::imported_through(&at, CHAIN, h160(*self.gateway.address())).await?;
		let mut unimported = 0u128;
		for nonce in through + 1..=gateway.burn_count(latest).await? {
			let status = at
				.runtime_apis()
				.call(api::runtime_apis().evm_bridge_api().import_status(CHAIN, h160(*self.gateway.address()), nonce))
				.await?;
			if !matches!(status, ImportStatus::Imported) {
				unimported += u128::try_from(gateway.burn(nonce, latest).await?.amount)?;
			}
		}
		let supply = u128::try_from(self.wrapped.totalSupply().call().await?)?;
		let escrow = escrowed(&self.sto, self.token_id).await?;
		ensure!(
			escrow == supply + in_flight + quarantined + unimported,
			"{when}: the escrow holds {escrow}, the wrapped supply is {supply}, {in_flight} in flight, \
			 {quarantined} quarantined, {unimported} burned and not imported"
		);
		Ok(())
	}

	/// Stop the signers of the accounts `accounts` (indexes of `signer_accounts`).
	fn stop_signers(&mut self, accounts: &[usize]) {
		for i in accounts {
			if let Some(mut daemon) = self.signers[*i].take() {
				daemon.kill();
			}
		}
	}

	/// Start the stopped signers of `accounts` again, logging to `signer-<i>-<suffix>`.
	fn start_signers(&mut self, accounts: &[usize], suffix: &str) -> Result<()> {
		for i in accounts {
			let (_, byte, _) = self.signer_keys.iter().find(|(_, _, account)| account == i).ok_or(anyhow!("no signer {i}"))?;
			let name = format!("signer-{i}-{suffix}");
			let daemon = signer(&self.url, &self.evm_url, &self.logs, *i, *byte, &name, self.metrics_ports[*i])?;
			self.signers[*i] = Some(daemon);
		}
		Ok(())
	}

	/// Stop the relay (the last process), so that an attested export stays unminted.
	fn stop_relay(&mut self) {
		if let Some(mut relay) = self.processes.pop() {
			relay.kill();
		}
	}

	/// Start a relay again, logging to `name`.
	fn start_relay(&mut self, name: &str) -> Result<()> {
		self.processes.push(relay(&self.url, &self.evm_url, &self.logs, name)?);
		Ok(())
	}

	/// Wait until export `nonce` is attested (and so neither minted yet nor final), and return
	/// its proof's parts.
	async fn attested(&mut self, nonce: u64) -> Result<Attested> {
		let sto = self.sto.clone();
		self.wait_for(&format!("export {nonce} attested"), || {
			let sto = sto.clone();
			async move {
				let views = appchain::exports_in_flight(&sto.at().await?, nonce, 1).await?;
				Ok(views.first().is_some_and(|view| {
					view.nonce == nonce && matches!(view.export.status, ExportStatus::Attested)
				}))
			}
		})
		.await?;
		attested_export(self, nonce).await
	}

	/// One anvil JSON-RPC call (`evm_*`, `anvil_*`).
	async fn anvil_rpc(&self, method: &'static str, params: serde_json::Value) -> Result<serde_json::Value> {
		self.reader.raw_request(method.into(), params).await.map_err(|e| anyhow!("{method}: {e}"))
	}
}

/// Link the EVM wallet of key `byte` to `identity`, by the wallet's signature, sent by `owner`.
async fn link_evm_wallet(sto: &Sto, owner: &Keypair, identity: u64, byte: u8) -> Result<Address> {
	let wallet = key(byte).address();
	let text = identity::evm_link_message(sto, identity, h160(wallet)).await?;
	let (signature, _) = identity::evm_personal_sign([byte; 32], &text)?;
	send(sto, &identity::link_evm_wallet(sto, h160(wallet), signature).await?, owner).await?;
	Ok(wallet)
}

/// A failed call's named error, or the failure.
fn refusal<T: std::fmt::Debug>(result: Result<T, alloy::contract::Error>) -> Result<String> {
	match result {
		Ok(value) => Err(anyhow!("expected a revert, got {value:?}")),
		Err(e) => Ok(sto_bridge::revert_reason(&e)),
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn exports_are_attested_minted_once_and_obey_the_allow_list() -> Result<()> {
	let mut b = Bridge::start("bridge-evm", &[]).await?;
	let tx = api::transactions().evm_bridge();
	let (sto, token_id, wallet, second) = (b.sto.clone(), b.token_id, b.wallet, b.second);
	let (holder, receiver) = (b.holder.clone(), b.receiver.clone());

	// --- Allow-list entries asked for on the appchain, attested, applied by the relay.
	b.allow(&[(wallet, &receiver), (second, &holder)]).await?;
	// Unlinked wallets get no entry.
	let unlinked = tx.request_allow(token_id, 0, CHAIN, h160(key(0x44).address()));
	let Err(refused) = send(&sto, &sto.call(&unlinked).await?, &holder).await else {
		return Err(anyhow!("an allow-list entry for an unlinked wallet was accepted"));
	};
	ensure!(format!("{refused:#}").contains("RecipientNotLinked"), "an unlinked wallet: {refused:#}");
	b.step("allow-list: two linked wallets' entries attested and applied (expiry and sequence as the pallet's); an unlinked wallet refused");

	// --- Export 100: attested by the signers, minted by the relay.
	b.export(100).await?;
	let wrapped = b.wrapped.clone();
	b.wait_for("export 1 minted on the EVM chain", || {
		let wrapped = wrapped.clone();
		async move { Ok(wrapped.balanceOf(wallet).call().await? == U256::from(100)) }
	})
	.await?;
	ensure!(b.gateway.minted(1).call().await?, "the gateway marks export 1 minted");
	let escrow = escrowed(&sto, token_id).await?;
	ensure!(escrow == 100, "the escrow holds the 100 exported: {escrow}");
	b.step("export 1: attested by the signers, minted by the relay (supply 100, escrow 100)");

	// --- The wrapped token's rules on the EVM chain.
	let receiver_evm = provider(&b.evm_url, Some(key(0x42)))?;
	let as_receiver = WrappedSecurityToken::new(*wrapped.address(), &receiver_evm);
	as_receiver
		.transfer(second, U256::from(30))
		.send()
		.await
		.map_err(|e| anyhow!("{}", sto_bridge::revert_reason(&e)))?
		.get_receipt()
		.await?;
	ensure!(b.balance(second).await? == U256::from(30), "the listed wallet received 30");
	let reason = refusal(as_receiver.transfer(key(0x44).address(), U256::from(1)).call().await)?;
	ensure!(reason.contains("ReceiverNotAllowed"), "a transfer to an unlisted wallet: {reason}");
	b.step("EVM: a transfer to a listed wallet settles, one to an unlisted wallet reverts (ReceiverNotAllowed)");

	// --- The mint is final on the EVM chain: the signers attest the outcome at once, and the
	// 100 are outstanding (importable back).
	b.wait_for("export 1's outcome attested (minted)", || async { Ok(outstanding(&sto, token_id).await? == 100) }).await?;
	b.check_escrow("export 1 final").await?;
	b.step("export 1 final: the signers attested the mint from finalized EVM state, 100 outstanding");

	// --- burnForRelease 40 to the receiver's account here: attested, released.
	let receiver_account = receiver.public_key().to_account_id();
	as_receiver
		.burnForRelease(U256::from(40), B256::from(receiver_account.0))
		.send()
		.await
		.map_err(|e| anyhow!("burnForRelease: {}", sto_bridge::revert_reason(&e)))?
		.get_receipt()
		.await?;
	ensure!(b.gateway.burnCount().call().await? == 1, "the gateway numbered the burn");
	b.wait_for("burn 1 released on the appchain", || async {
		Ok(token::balance_of(&sto, token_id, 0, &receiver_account).await? == 40)
	})
	.await?;
	let supply = wrapped.totalSupply().call().await?;
	ensure!(supply == U256::from(60), "the wrapped supply after the burn: {supply}");
	ensure!(outstanding(&sto, token_id).await? == 60, "60 outstanding");
	b.check_escrow("burn 1 released").await?;
	b.step("burnForRelease 40: attested from finalized EVM state, released to the receiver (escrow 60 = supply 60)");

	// --- The relay restarted: nothing twice; the next export minted by the new relay.
	b.stop_relay();
	b.start_relay("relay-restarted")?;
	b.export(50).await?;
	b.wait_minted(2, "export 2 minted by the restarted relay").await?;
	let supply = wrapped.totalSupply().call().await?;
	ensure!(supply == U256::from(110), "the wrapped supply: 60 and export 2's 50: {supply}");
	ensure!(escrowed(&sto, token_id).await? == 110, "the escrow holds what the wrapped tokens stand for");
	ensure!(b.balance(wallet).await? == U256::from(80), "the receiver's wallet: 30 left and 50 minted");
	b.step("relay restarted: export 2 minted once, supply 110 = escrow 110");

	// --- Rotation to set 2 without the third signer: the outgoing set signs the verifier's
	// `SignerSet` message, the relay applies it.
	let kept = rotate_without_third(&mut b).await?;
	let installed = b.verifier.signers(2).call().await?;
	ensure!(installed == kept, "the verifier's set 2 is the pallet's: {installed:?} vs {kept:?}");
	b.step("rotation: set 2 (two signers) signed by set 1 and applied to the verifier");

	// --- The token's owner freezes the second wallet on the EVM chain. The signer the rotation
	// removed votes first, in set 1 (valid for its grace period): the kept signers are stopped
	// until its vote is in. Set 2 then takes the ballot over, so the removed signer cannot hold
	// the freeze up, and attests it.
	b.stop_signers(&[0, 1]);
	let freeze = tx.control(token_id, 0, CHAIN, ControlAction::Freeze, h160(second), h160(Address::ZERO), 0);
	send(&sto, &sto.call(&freeze).await?, &b.issuer).await?;
	let freeze_id: u64 = sto.at().await?.storage().fetch(api::storage().evm_bridge().last_message(), ()).await?.decode()?;
	let message_view = |id: u64| {
		let sto = sto.clone();
		async move {
			let views = appchain::messages_from(&sto.at().await?, id).await?;
			views.into_iter().find(|view| view.id == id).ok_or(anyhow!("message {id} is gone"))
		}
	};
	b.wait_for("the removed signer's vote for the freeze, in set 1", || async {
		let view = message_view(freeze_id).await?;
		Ok(view.set_id == Some(1) && view.signatures.len() == 1)
	})
	.await?;
	b.start_signers(&[0, 1], "after-rotation")?;
	b.wait_for("the second wallet frozen on the EVM chain", || {
		let wrapped = wrapped.clone();
		async move { Ok(wrapped.frozen(second).call().await?) }
	})
	.await?;
	let view = message_view(freeze_id).await?;
	ensure!(
		view.message.attested && view.set_id == Some(2) && view.signatures.len() == 2,
		"the freeze is attested by set 2's two signers, which took set 1's ballot over: set {:?}, {} signatures",
		view.set_id,
		view.signatures.len()
	);
	let second_evm = provider(&b.evm_url, Some(key(0x43)))?;
	let reason = refusal(WrappedSecurityToken::new(*wrapped.address(), &second_evm).transfer(wallet, U256::from(1)).call().await)?;
	ensure!(reason.contains("SenderFrozen"), "a frozen wallet's transfer: {reason}");
	ensure!(b.gateway.controlSequence().call().await? == 1, "one control message applied");
	b.step(
		"control: the owner's freeze, begun by the removed signer in set 1, taken over and attested by set 2, \
		 applied; the frozen wallet's transfer reverts (SenderFrozen)",
	);

	// --- The signer that ran throughout (the third) reports its work as Prometheus metrics.
	let metrics = scrape(b.metrics_ports[2])?;
	let series = |name: &str| sample(&metrics, name).ok_or_else(|| anyhow!("no {name} in\n{metrics}"));
	let attested = series(r#"sto_bridge_actions_total{action="attested",role="signer"}"#)?;
	let passes = series(r#"sto_bridge_passes_total{role="signer"}"#)?;
	let last_pass = series(r#"sto_bridge_last_pass_timestamp_seconds{role="signer"}"#)?;
	let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs_f64();
	// At least its vote for the freeze, which it cast alone (the other signers were stopped).
	ensure!(attested >= 1.0 && passes >= 10.0, "signer metrics: {attested} attested in {passes} passes");
	ensure!(now - last_pass < 60.0, "the last pass ended {}s ago", now - last_pass);
	b.step(&format!("metrics: the third signer's /metrics counts {attested} attestations in {passes} passes"));

	b.anvil.check_running()?;
	Ok(())
}

/// Governance rotates to set 2, the first two signers of set 1 (the third removed); waits until
/// the relay applied the rotation to the verifier. Returns set 2's keys.
async fn rotate_without_third(b: &mut Bridge) -> Result<Vec<Address>> {
	let kept: Vec<_> = b.signer_keys.iter().filter(|(_, _, i)| *i != 2).collect();
	let signers = kept
		.iter()
		.map(|(k, _, i)| Signer { account: b.signer_accounts[*i].public_key().to_account_id(), key: h160(k.address()) })
		.collect();
	let keys = kept.iter().map(|(k, _, _)| k.address()).collect();
	let rotation = api::transactions().evm_bridge().set_signers(BoundedVec(signers));
	send(&b.sto, &b.sto.sudo(&b.sto.call(&rotation).await?).await?, &b.alice).await?;
	let verifier = b.verifier.clone();
	b.wait_for("the verifier rotated to set 2", || {
		let verifier = verifier.clone();
		async move { Ok(verifier.currentSetId().call().await? == 2) }
	})
	.await?;
	Ok(keys)
}

/// The attack list (docs/BRIDGE.md, "Attacks and where they are tested"), on one appchain
/// node and one anvil; after each step nothing the attack aimed at changed and the escrow
/// still equals what it stands for.
#[tokio::test(flavor = "multi_thread")]
async fn mint_attacks_and_a_conflicting_release_change_nothing() -> Result<()> {
	let mut b = Bridge::start("bridge-evm-mint-attacks", &[]).await?;
	let tx = api::transactions().evm_bridge();
	let (sto, token_id, wallet, second) = (b.sto.clone(), b.token_id, b.wallet, b.second);
	let (holder, receiver, alice) = (b.holder.clone(), b.receiver.clone(), b.alice.clone());
	let gateway_address = *b.gateway.address();
	let appchain_id = appchain::appchain_id(&sto);
	b.allow(&[(wallet, &receiver), (second, &holder)]).await?;
	b.step("both wallets listed");

	// --- Export 100 and the attacks on its mint. The relay waits while the test tries forged
	// proofs of the attested, unminted export (simulated calls: each reverts by name).
	b.stop_relay();
	b.export(100).await?;
	let attested = b.attested(1).await?;
	let mint = |proof| b.gateway.mint(1, wallet, U256::from(100), attested.deadline, proof);
	let one = refusal(mint(messages::proof(attested.set_id, &attested.signatures[..1])).call().await)?;
	ensure!(one.contains("TooFewSignatures"), "one signature of two: {one}");
	let twice = [attested.signatures[0], attested.signatures[0]];
	let duplicated = refusal(mint(messages::proof(attested.set_id, &twice)).call().await)?;
	ensure!(duplicated.contains("SignersNotAscending"), "a duplicated signer: {duplicated}");
	let high_s = [high_s_twin(&attested.signatures[0])?, attested.signatures[1]];
	let malleated = refusal(mint(messages::proof(attested.set_id, &high_s)).call().await)?;
	ensure!(malleated.contains("ECDSAInvalidSignatureS"), "the high-s twin: {malleated}");
	// A message for another chain id, signed by two members: the gateway recovers other keys.
	let other_chain =
		messages::mint_digest(appchain_id, CHAIN + 1, gateway_address, *b.wrapped.address(), 1, wallet, 100, attested.deadline);
	let signed = sign_by(&b, &[0, 1], other_chain)?;
	let wrong_chain = refusal(mint(messages::proof(1, &signed)).call().await)?;
	ensure!(wrong_chain.contains("NotASigner"), "a mint signed for another chain id: {wrong_chain}");
	// A key in no set.
	let stranger = [key(0x99).sign_hash_sync(&attested.digest)?.as_bytes(), attested.signatures[1]];
	let outsider = refusal(mint(messages::proof(attested.set_id, &stranger)).call().await)?;
	ensure!(outsider.contains("NotASigner"), "a non-member's signature: {outsider}");
	ensure!(!b.gateway.minted(1).call().await?, "no forged proof minted export 1");
	// The relay mints it; the same proof again is a replay.
	b.start_relay("relay-2")?;
	b.wait_minted(1, "export 1 minted").await?;
	let mint = |proof| b.gateway.mint(1, wallet, U256::from(100), attested.deadline, proof);
	let replay = refusal(mint(messages::proof(attested.set_id, &attested.signatures)).call().await)?;
	ensure!(replay.contains("AlreadyMinted"), "a replayed mint: {replay}");
	b.wait_for("export 1's outcome attested (minted)", || async { Ok(outstanding(&sto, token_id).await? == 100) }).await?;
	let view = appchain::exports_in_flight(&sto.at().await?, 1, 1).await?;
	ensure!(view.is_empty(), "export 1 is no longer in flight once its mint is final");
	ensure!(b.wrapped.totalSupply().call().await? == U256::from(100), "nothing minted by the attacks");
	// Above the route's limit for one export; an unlinked recipient.
	let over = tx.export(token_id, 0, CHAIN, 501, h160(wallet));
	let refused = send(&sto, &sto.call(&over).await?, &holder).await.err().map(|e| format!("{e:#}"));
	ensure!(refused.as_deref().is_some_and(|e| e.contains("AboveExportLimit")), "an export over the cap: {refused:?}");
	let unlinked = tx.export(token_id, 0, CHAIN, 1, h160(key(0x45).address()));
	let refused = send(&sto, &sto.call(&unlinked).await?, &holder).await.err().map(|e| format!("{e:#}"));
	ensure!(refused.as_deref().is_some_and(|e| e.contains("RecipientNotLinked")), "an unlinked recipient: {refused:?}");
	b.check_escrow("export 1 final, the mint attacks refused").await?;
	b.step("export 1 minted; replayed mint, one signature of two, a duplicated signer, the high-s twin, another chain id, a non-member key, over the cap and an unlinked recipient refused");

	// --- A paused bridge: any one signer pauses; exports are refused until governance unpauses.
	send(&sto, &sto.call(&tx.pause()).await?, &b.signer_accounts[1]).await?;
	let paused = tx.export(token_id, 0, CHAIN, 1, h160(wallet));
	let refused = send(&sto, &sto.call(&paused).await?, &holder).await.err().map(|e| format!("{e:#}"));
	ensure!(refused.as_deref().is_some_and(|e| e.contains("BridgePaused")), "an export while paused: {refused:?}");
	send(&sto, &sto.sudo(&sto.call(&tx.unpause()).await?).await?, &alice).await?;
	b.step("paused by one signer: an export refused (BridgePaused); governance unpaused");

	// --- An EVM reorg before finality: the burn it drops is never released. Mining stops, so
	// the burn's block stays above the finalized one for three signer passes, then anvil
	// replaces that block with an empty one.
	let receiver_account = receiver.public_key().to_account_id();
	let wallet_evm = provider(&b.evm_url, Some(key(0x42)))?;
	let as_wallet = WrappedSecurityToken::new(*b.wrapped.address(), &wallet_evm);
	b.anvil_rpc("evm_setIntervalMining", serde_json::json!([0])).await?;
	let pending = as_wallet
		.burnForRelease(U256::from(10), B256::from(receiver_account.0))
		.send()
		.await
		.map_err(|e| anyhow!("burnForRelease: {}", sto_bridge::revert_reason(&e)))?;
	let burn_tx = *pending.tx_hash();
	b.anvil_rpc("anvil_mine", serde_json::json!(["0x1"])).await?;
	let receipt = b.reader.get_transaction_receipt(burn_tx).await?.ok_or_else(|| anyhow!("the burn was not mined"))?;
	ensure!(receipt.status(), "the burn succeeded in its block");
	let burn_block = receipt.block_number.ok_or_else(|| anyhow!("the burn's receipt names no block"))?;
	ensure!(b.gateway.burnCount().call().await? == 1, "the burn is numbered at the head");
	tokio::time::sleep(Duration::from_secs(3)).await;
	let finalized = finalized_number(&b.reader).await?;
	ensure!(finalized < burn_block, "the burn's block {burn_block} is not final (finalized: {finalized})");
	ensure!(import_ballot(&sto, gateway_address, 1).await?.is_none(), "no signer attested a burn that is not final");
	b.anvil_rpc("anvil_reorg", serde_json::json!([1, []])).await?;
	ensure!(b.gateway.burnCount().call().await? == 0, "the reorg dropped the burn");
	ensure!(b.balance(wallet).await? == U256::from(100), "the burned units are back in the wallet");
	b.anvil_rpc("evm_setIntervalMining", serde_json::json!([1])).await?;
	let reader = b.reader.clone();
	b.wait_for("the EVM chain finalized past the reorged block", || {
		let reader = reader.clone();
		async move { Ok(finalized_number(&reader).await? > burn_block + 2) }
	})
	.await?;
	tokio::time::sleep(Duration::from_secs(3)).await;
	ensure!(import_ballot(&sto, gateway_address, 1).await?.is_none(), "no vote for the dropped burn");
	// The wallet's next transaction takes the dropped one's nonce (a fresh provider: alloy
	// caches nonces).
	let wallet_evm = provider(&b.evm_url, Some(key(0x42)))?;
	let as_wallet = WrappedSecurityToken::new(*b.wrapped.address(), &wallet_evm);
	ensure!(token::balance_of(&sto, token_id, 0, &receiver_account).await? == 0, "nothing released for the dropped burn");
	b.check_escrow("after the reorg").await?;
	b.step("EVM reorg before finality: the dropped burn was never attested nor released");

	// --- A conflicting release message for one burn: a signer (the test holds its key and
	// account) attests a burn 1 that pays 10 to the holder before the real burn 1 pays the
	// receiver; the honest signers' votes conflict with it and imports halt.
	let (liar_key, _, liar) = &b.signer_keys[0];
	let fake = Import {
		token: token_id,
		partition: 0,
		chain: CHAIN,
		nonce: 1,
		from: h160(wallet),
		recipient: holder.public_key().to_account_id().0,
		amount: 10,
	};
	let digest = messages::release_digest(
		appchain_id,
		CHAIN,
		gateway_address,
		*b.wrapped.address(),
		1,
		wallet,
		B256::from(fake.recipient),
		10,
	);
	let signature = liar_key.sign_hash_sync(&digest)?.as_bytes();
	send(&sto, &sto.call(&tx.attest_import(fake, 1, signature)).await?, &b.signer_accounts[*liar]).await?;
	as_wallet
		.burnForRelease(U256::from(10), B256::from(receiver_account.0))
		.send()
		.await
		.map_err(|e| anyhow!("burnForRelease: {}", sto_bridge::revert_reason(&e)))?
		.get_receipt()
		.await?;
	b.wait_for("imports halted by the conflicting attestations", || async { imports_halted(&sto).await }).await?;
	ensure!(token::balance_of(&sto, token_id, 0, &receiver_account).await? == 0, "nothing released while halted");
	ensure!(
		token::balance_of(&sto, token_id, 0, &holder.public_key().to_account_id()).await? == 900,
		"the liar's claim paid nothing"
	);
	let ballot = import_ballot(&sto, gateway_address, 1).await?.ok_or_else(|| anyhow!("the ballot of burn 1 is kept"))?;
	ensure!(ballot == 1, "the ballot holds the lie's one vote, below the threshold: {ballot}");
	b.check_escrow("imports halted").await?;
	// Governance discards the lie and resumes: the honest signers attest the real burn.
	let resume = tx.resume_imports(Some((CHAIN, h160(gateway_address), 1)));
	send(&sto, &sto.sudo(&sto.call(&resume).await?).await?, &alice).await?;
	b.wait_for("burn 1 released to the receiver", || async {
		Ok(token::balance_of(&sto, token_id, 0, &receiver_account).await? == 10)
	})
	.await?;
	b.check_escrow("burn 1 released").await?;
	b.step("a conflicting release message halted imports; governance discarded it and the real burn was released");

	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn lapses_deadlines_and_rotations_change_nothing() -> Result<()> {
	// The appchain's grace period after a rotation and an export's deadline are a day on a
	// production chain; this test chain shortens them so that both end within the test.
	let parameters = [Parameter::BridgeGracePeriod(GRACE_BLOCKS), Parameter::BridgeExportTimeout(EXPORT_TIMEOUT)];
	let mut b = Bridge::start("bridge-evm-time-attacks", &parameters).await?;
	let tx = api::transactions().evm_bridge();
	let id_tx = api::transactions().identity_registry();
	let (sto, token_id, wallet, second) = (b.sto.clone(), b.token_id, b.wallet, b.second);
	let (holder, receiver, ferdie) = (b.holder.clone(), b.receiver.clone(), b.ferdie.clone());
	let gateway_address = *b.gateway.address();
	let appchain_id = appchain::appchain_id(&sto);

	// A fourth identity whose KYC claim lapses a minute from now, with an EVM wallet (key
	// 0x44) whose allow-list entry therefore lapses with it.
	let lapsing = sto_harness::chain::keypair("//E2E-evm-lapsing")?;
	let keeper = sto_harness::chain::keypair("//E2E-evm-keeper")?;
	let (funded, registered) = ([&lapsing, &keeper], [&lapsing]);
	let (_, lapsing_ids) =
		tokio::try_join!(fund(&sto, &funded, 100 * UNIT), register_identities(&sto, &ferdie, &registered))?;
	let lapsing_id = lapsing_ids[0];
	let claim_end_ms = (appchain::now_seconds(&sto.at().await?).await? + 60) * 1_000;
	let claim = identity::add_claim(&sto, lapsing_id, ClaimTopic::Kyc, None, Some(claim_end_ms), H256::repeat_byte(0x4c));
	send(&sto, &claim.await?, &ferdie).await?;
	let lapsing_wallet = link_evm_wallet(&sto, &lapsing, lapsing_id, 0x44).await?;
	b.allow(&[(wallet, &receiver), (second, &holder), (lapsing_wallet, &lapsing)]).await?;
	let lapsing_entry = b.allow_list.entries(lapsing_wallet).call().await?;
	ensure!(
		lapsing_entry.expiry == (claim_end_ms - 1) / 1_000,
		"an entry ends with the KYC claim: {} vs the claim's end {claim_end_ms} ms",
		lapsing_entry.expiry
	);
	// A keeper (`sto-bridge keeper`) from now on: it asks for the entries that should change.
	let mut command = Command::new(env!("CARGO_BIN_EXE_sto-bridge"));
	command
		.args(["keeper", "--url", &b.url, "--chain", &CHAIN.to_string(), "--interval-ms", "2000", "--json"])
		.env("STO_BRIDGE_SURI", "//E2E-evm-keeper");
	// First in the list: the relay stays the last process.
	b.processes.insert(0, Daemon::spawn(command, "keeper", &b.logs)?);
	b.step("three wallets listed; the lapsing identity's entry ends with its KYC claim; a keeper running");

	// --- Export 100 to the receiver's wallet, minted by the relay: the units the wallet burns
	// below.
	b.export(100).await?;
	b.wait_minted(1, "export 1 minted").await?;
	b.wait_for("export 1's outcome attested (minted)", || async { Ok(outstanding(&sto, token_id).await? == 100) }).await?;
	let wallet_evm = provider(&b.evm_url, Some(key(0x42)))?;
	let as_wallet = WrappedSecurityToken::new(*b.wrapped.address(), &wallet_evm);
	b.check_escrow("export 1 final").await?;
	b.step("export 1 minted to the receiver's wallet");

	// --- A lapsed KYC claim: the release is quarantined, never lost; released after renewal.
	// The lapsed wallet's allow-list entry has expired on the EVM chain too.
	let lapsing_account = lapsing.public_key().to_account_id();
	let (sto_now, lapsing_expiry) = (sto.clone(), lapsing_entry.expiry);
	let reader = b.reader.clone();
	b.wait_for("the lapsing identity's claim ends (on both chains' clocks)", || {
		let (sto, reader) = (sto_now.clone(), reader.clone());
		async move {
			Ok(appchain::now_seconds(&sto.at().await?).await? * 1_000 > claim_end_ms
				&& latest_timestamp(&reader).await? > lapsing_expiry)
		}
	})
	.await?;
	ensure!(!identity::is_verified(&sto, lapsing_id, Some(token_id)).await?, "the lapsed identity is not verified");
	let expired = refusal(as_wallet.transfer(lapsing_wallet, U256::from(1)).call().await)?;
	ensure!(expired.contains("ReceiverNotAllowed"), "a transfer to a wallet whose entry expired: {expired}");
	as_wallet
		.burnForRelease(U256::from(15), B256::from(lapsing_account.0))
		.send()
		.await
		.map_err(|e| anyhow!("burnForRelease: {}", sto_bridge::revert_reason(&e)))?
		.get_receipt()
		.await?;
	b.wait_for("the burn quarantined", || async { Ok(quarantined(&sto, 1).await?.is_some()) }).await?;
	let entry = quarantined(&sto, 1).await?.ok_or_else(|| anyhow!("quarantine 1"))?;
	ensure!(entry.to == lapsing_account && entry.amount == 15, "quarantine 1 owes 15 to the lapsed account: {entry:?}");
	ensure!(token::balance_of(&sto, token_id, 0, &lapsing_account).await? == 0, "nothing released to a lapsed identity");
	b.check_escrow("the burn quarantined").await?;
	let renew = id_tx.update_claim(lapsing_id, ClaimTopic::Kyc, ClaimScope::Global, None, H256::repeat_byte(0x4d));
	send(&sto, &sto.call(&renew).await?, &ferdie).await?;
	send(&sto, &sto.call(&tx.retry_quarantined(1)).await?, &holder).await?;
	ensure!(token::balance_of(&sto, token_id, 0, &lapsing_account).await? == 15, "released after the renewal");
	ensure!(quarantined(&sto, 1).await?.is_none(), "the quarantine entry is gone");
	b.check_escrow("quarantine 1 released").await?;
	// The keeper asks for the renewed identity's wallet again: listed anew.
	let list = b.allow_list.clone();
	b.wait_for("the keeper's request lists the renewed wallet again", || {
		let list = list.clone();
		async move { Ok(list.isAllowed(lapsing_wallet).call().await?) }
	})
	.await?;
	b.check_allow_entry(lapsing_wallet).await?;
	b.step("lapsed claim: the release was quarantined (the EVM entry expired with the claim), released after the renewal; the keeper listed the wallet again");

	// --- A revoked claim: the keeper asks for the removal of the renewed identity's entry,
	// which is applied on the EVM chain; transfers to its wallet revert.
	let ferdie_id = sto.identity_of(&ferdie.public_key().to_account_id()).await?.ok_or_else(|| anyhow!("Ferdie's identity"))?;
	let revoke = id_tx.revoke_claim(lapsing_id, ClaimTopic::Kyc, ClaimScope::Global, ferdie_id);
	send(&sto, &sto.call(&revoke).await?, &ferdie).await?;
	let list = b.allow_list.clone();
	b.wait_for("the revoked identity's wallet removed from the allow-list", || {
		let list = list.clone();
		async move { Ok(list.entries(lapsing_wallet).call().await?.expiry == 0) }
	})
	.await?;
	b.check_allow_entry(lapsing_wallet).await?;
	let removed_receiver = refusal(as_wallet.transfer(lapsing_wallet, U256::from(1)).call().await)?;
	ensure!(removed_receiver.contains("ReceiverNotAllowed"), "a transfer to a removed wallet: {removed_receiver}");
	b.check_escrow("claim revoked").await?;
	b.step("revoked claim: the keeper asked for the removal of the identity's wallet, applied on the EVM chain; transfers to it revert");

	// --- A deadline passed: the relay is stopped, export 2 is attested, the EVM clock moves
	// past its deadline; the late mint reverts and the relay leaves it alone. Once the
	// appchain's clock is past the deadline too (two minutes on this chain, a day in
	// production), the signers attest "not minted" and the holder is refunded: checked at the
	// end, the rotation's steps run meanwhile.
	b.stop_relay();
	let holder_account = holder.public_key().to_account_id();
	let held_before_export_2 = token::balance_of(&sto, token_id, 0, &holder_account).await?;
	b.export(20).await?;
	let late = b.attested(2).await?;
	let now = latest_timestamp(&b.reader).await?;
	b.anvil_rpc("evm_increaseTime", serde_json::json!([late.deadline - now + 60])).await?;
	b.anvil_rpc("anvil_mine", serde_json::json!(["0x1"])).await?;
	let late_mint = b.gateway.mint(2, wallet, U256::from(20), late.deadline, messages::proof(late.set_id, &late.signatures));
	let reason = refusal(late_mint.call().await)?;
	ensure!(reason.contains("DeadlinePassed"), "a mint after its deadline: {reason}");
	b.start_relay("relay-3")?;
	tokio::time::sleep(Duration::from_secs(4)).await;
	ensure!(!b.gateway.minted(2).call().await?, "no relay minted export 2 after its deadline");
	b.check_escrow("export 2 late").await?;
	b.step("deadline passed: the late mint reverts (DeadlinePassed); the restarted relay leaves it alone");

	// --- A signer removed by a rotation, after the grace period: set 2 drops the third
	// signer; once the EVM clock is past the old set's grace, a mint signed by set 1 (the
	// removed signer with another) is refused, and the removed key counts for nothing in set 2;
	// once the appchain is past it (GRACE_BLOCKS), the removed signer's vote there is refused.
	let kept = rotate_without_third(&mut b).await?;
	let set_1 = sto.at().await?.storage().fetch(api::storage().evm_bridge().signer_sets(), (1u32,)).await?.decode()?;
	let set_1_until = set_1.valid_until.ok_or_else(|| anyhow!("set 1 has a last valid block after the rotation"))?;
	let removed = b.signer_keys.iter().position(|(_, _, i)| *i == 2).ok_or_else(|| anyhow!("the third signer"))?;
	let other = if removed == 0 { 1 } else { 0 };
	let grace_end = b.verifier.previousValidUntil().call().await?;
	let now = latest_timestamp(&b.reader).await?;
	if now <= grace_end {
		b.anvil_rpc("evm_increaseTime", serde_json::json!([grace_end - now + 60])).await?;
	}
	b.anvil_rpc("anvil_mine", serde_json::json!(["0x1"])).await?;
	ensure!(!b.verifier.setIsValid(1).call().await?, "set 1 is past its grace");
	let deadline = latest_timestamp(&b.reader).await? + 3_600;
	let forged = messages::mint_digest(appchain_id, CHAIN, gateway_address, *b.wrapped.address(), 99, lapsing_wallet, 1_000, deadline);
	let mut pair = [removed, other];
	pair.sort();
	let by_set_1 = sign_by(&b, &pair, forged)?;
	let forged_mint = b.gateway.mint(99, lapsing_wallet, U256::from(1_000), deadline, messages::proof(1, &by_set_1));
	let reason = refusal(forged_mint.call().await)?;
	ensure!(reason.contains("SetNotValid"), "a mint signed by the old set after its grace: {reason}");
	let in_set_2 = refusal(b.gateway.mint(99, lapsing_wallet, U256::from(1_000), deadline, messages::proof(2, &by_set_1)).call().await)?;
	ensure!(in_set_2.contains("NotASigner"), "the removed key in set 2: {in_set_2}");
	let current: Vec<_> = b.signer_keys.iter().filter(|(k, _, _)| kept.contains(&k.address())).collect();
	ensure!(current.len() == 2, "set 2 has two keys");
	let by_set_2: Vec<[u8; 65]> =
		current.iter().map(|(k, _, _)| Ok(k.sign_hash_sync(&forged)?.as_bytes())).collect::<Result<_>>()?;
	b.verifier.verify(forged, messages::proof(2, &by_set_2)).call().await.map_err(|e| anyhow!("set 2 verifies: {}", sto_bridge::revert_reason(&e)))?;
	ensure!(!b.gateway.minted(99).call().await?, "nothing minted");
	// The appchain: past the grace period in blocks, set 1's votes are refused.
	b.wait_for("the appchain past set 1's grace period", || {
		let sto = sto.clone();
		async move {
			let number: u32 = sto.at().await?.storage().fetch(api::storage().system().number(), ()).await?.decode()?;
			Ok(number > set_1_until)
		}
	})
	.await?;
	let removed_account = &b.signer_accounts[2];
	let (removed_key, _, _) = &b.signer_keys[removed];
	let outcome = messages::outcome_digest(appchain_id, CHAIN, gateway_address, 2, false);
	let vote = tx.attest(AttestationKind::ExportOutcome { minted: false }, 2, 1, removed_key.sign_hash_sync(&outcome)?.as_bytes());
	let refused = send(&sto, &sto.call(&vote).await?, removed_account).await.err().map(|e| format!("{e:#}"));
	ensure!(refused.as_deref().is_some_and(|e| e.contains("SetNotValid")), "a vote of set 1 after its grace: {refused:?}");
	b.check_escrow("after the rotation").await?;
	b.step(
		"rotation: after the grace period the old set's signatures are refused on the EVM chain (SetNotValid) and here \
		 (SetNotValid), the removed key is no signer of set 2",
	);

	// --- Export 2's refund: past its deadline on both chains, set 2 attests "not minted".
	b.wait_for("export 2 refunded", || {
		let (sto, holder_account) = (sto.clone(), holder_account.clone());
		async move {
			let held = token::balance_of(&sto, token_id, 0, &holder_account).await?;
			Ok(held == held_before_export_2)
		}
	})
	.await?;
	ensure!(appchain::exports_in_flight(&sto.at().await?, 2, 1).await?.is_empty(), "export 2 is no longer in flight");
	ensure!(!b.gateway.minted(2).call().await?, "export 2 was never minted");
	b.check_escrow("the end").await?;
	b.step("deadline passed: export 2 refunded to the holder once its deadline passed on both chains (\"not minted\" attested)");

	Ok(())
}

/// An attested export's deadline, digest, set and signatures (in the set's key order).
struct Attested {
	deadline: u64,
	digest: B256,
	set_id: u32,
	signatures: Vec<[u8; 65]>,
}

async fn attested_export(b: &Bridge, nonce: u64) -> Result<Attested> {
	let view = b
		.sto
		.api(api::runtime_apis().evm_bridge_api().export(nonce))
		.await?
		.ok_or_else(|| anyhow!("export {nonce} is known to EvmBridgeApi.export"))?;
	Ok(Attested {
		deadline: view.export.deadline,
		digest: B256::from(view.export.digest),
		set_id: view.set_id.ok_or_else(|| anyhow!("export {nonce} has votes"))?,
		signatures: view.signatures,
	})
}

/// The signatures of `digest` by the signers at `positions` of set 1 (keys ascending).
fn sign_by(b: &Bridge, positions: &[usize], digest: B256) -> Result<Vec<[u8; 65]>> {
	positions.iter().map(|p| Ok(b.signer_keys[*p].0.sign_hash_sync(&digest)?.as_bytes())).collect()
}

/// The malleated twin of a signature: `(r, n − s)` with the other `v` (the same key recovers).
fn high_s_twin(signature: &[u8; 65]) -> Result<[u8; 65]> {
	let order = U256::from_str_radix("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16)?;
	let s = U256::from_be_slice(&signature[32..64]);
	let mut twin = *signature;
	twin[32..64].copy_from_slice(&(order - s).to_be_bytes::<32>());
	twin[64] = if signature[64] == 27 { 28 } else { 27 };
	Ok(twin)
}

async fn finalized_number(reader: &DynProvider) -> Result<u64> {
	let block = reader
		.get_block_by_number(BlockNumberOrTag::Finalized)
		.await?
		.ok_or_else(|| anyhow!("anvil has a finalized block"))?;
	Ok(block.header.number)
}

async fn latest_timestamp(reader: &DynProvider) -> Result<u64> {
	let block = reader.get_block_by_number(BlockNumberOrTag::Latest).await?.ok_or_else(|| anyhow!("anvil's latest block"))?;
	Ok(block.header.timestamp)
}

/// How many votes the ballot of burn `nonce` at `gateway` holds (`None`: no ballot).
async fn import_ballot(sto: &Sto, gateway: Address, nonce: u64) -> Result<Option<usize>> {
	let at = sto.at().await?;
	let ballot = at.storage().try_fetch(api::storage().evm_bridge().import_votes(), ((CHAIN, h160(gateway)), nonce)).await?;
	Ok(match ballot {
		Some(ballot) => Some(ballot.decode()?.votes.signatures.0.len()),
		None => None,
	})
}

async fn imports_halted(sto: &Sto) -> Result<bool> {
	Ok(sto.at().await?.storage().fetch(api::storage().evm_bridge().imports_halted(), ()).await?.decode()?)
}

async fn quarantined(
	sto: &Sto,
	id: u64,
) -> Result<Option<api::runtime_types::pallet_evm_bridge::Quarantined<AccountId32>>> {
	let at = sto.at().await?;
	let entry = at.storage().try_fetch(api::storage().evm_bridge().quarantine(), (id,)).await?;
	Ok(match entry {
		Some(entry) => Some(entry.decode()?),
		None => None,
	})
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
fn escrow_account() -> AccountId32 {
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(b"modl");
	bytes[4..12].copy_from_slice(b"sto/brdg");
	AccountId32(bytes)
}
