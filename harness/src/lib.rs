//! # Node harness
//!
//! Starts real `sto-node` processes on loopback for the end-to-end tests (tests/, the client's
//! and the load tool's tests) and the load tool. Every node is a [`Node`] value: dropping it (at
//! the end of the test, or while a failing test unwinds) kills the node's whole process group,
//! so no node outlives its test; its [`TestDir`] then removes the databases. Ports come from the
//! operating system (bind to port 0), so tests run side by side.
//!
//! - **Test chains** ([`TestDir::test_chain`]): the `dev`, `local` and `consortium` chains with
//!   a shorter slot ([`test_slot_ms`], 2 s unless `STO_TEST_SLOT_MS` says otherwise): the
//!   chain's raw spec with the runtime's `MinimumPeriod` storage parameter written into its
//!   genesis (half the slot). Same runtime, same genesis otherwise; production chain specs never
//!   carry the key (the chain_specs test checks). A test may shorten other storage parameters
//!   of the runtime the same way ([`TEST_CHAIN_PARAMETERS`], [`dev_chain_with`]): the bridge's
//!   grace period and export deadline, a day on every production chain.
//! - **Logs** of a test's nodes go to `$CARGO_TARGET_DIR/e2e-logs/<label>/<node>.log`, printed
//!   when the directory is made (the test runner shows a test's output when it fails), and kept
//!   after the test: a failed test's logs are there to read; the next run of the same test
//!   replaces them.
//! - [`process`]: other processes a test starts (any program as a [`process::Daemon`], anvil
//!   for the bridge's tests), killed when dropped, their output in the test's log directory.
//! - [`chain`]: the on-chain setup steps tests share (fund, register identities, KYC, a council
//!   motion, session keys), built on the client ([`sto_client`]).
//!
//! The binary is `$STO_NODE_BIN`, or `sto-node` in `$CARGO_TARGET_DIR/release` (the test
//! script builds it first).

use anyhow::{anyhow, bail, Context, Result};
use std::{
	collections::{HashMap, HashSet},
	fs,
	net::TcpListener,
	os::unix::process::CommandExt,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::{
		atomic::{AtomicU32, Ordering},
		Mutex, OnceLock,
	},
	time::{Duration, Instant},
};
use subxt::rpcs::RpcClient;

pub mod browser;
pub mod chain;
pub mod postgres;
pub mod process;

/// The client's types: the chain's configuration, a subxt client, raw JSON-RPC methods.
pub use sto_client::chain::{Client, Rpc, StoConfig};
pub use sto_client::{self, Sto};
pub use subxt;
pub use subxt_signer;

/// `--node-key` of the first node of a network: its peer id is known in advance.
pub const BOOTNODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";
/// Peer id of a node started with [`BOOTNODE_KEY`].
pub const BOOTNODE_PEER_ID: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";

/// The workspace's root directory. Read from `CARGO_MANIFEST_DIR` when the test runs (cargo
/// sets it for every test process), not when it was compiled: the target directory is shared
/// between checkouts (a CI clone and a working copy), and cargo may reuse a test binary built
/// in another checkout, whose compile-time path would point there.
pub fn workspace_root() -> PathBuf {
	let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
	manifest_dir.join("..")
}

/// The sto-node binary the tests run.
pub fn node_binary() -> Result<PathBuf> {
	if let Ok(path) = std::env::var("STO_NODE_BIN") {
		let path = PathBuf::from(path);
		if path.is_file() {
			return Ok(path);
		}
		bail!("STO_NODE_BIN={} is not a file: build with scripts/build.sh", path.display());
	}
	workspace_binary("sto-node").map_err(|e| anyhow!("{e} (or set STO_NODE_BIN)"))
}

/// A binary of the workspace's release build (`$CARGO_TARGET_DIR/release/<name>`), which
/// scripts/build.sh builds before the tests (`sto-node`, `sto-exchange`, `sto-indexer`, …).
pub fn workspace_binary(name: &str) -> Result<PathBuf> {
	let target = std::env::var("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|_| workspace_root().join("target"));
	let path = target.join("release").join(name);
	if path.is_file() {
		Ok(path)
	} else {
		bail!("no {name} at {}: run scripts/build.sh", path.display())
	}
}

/// A free loopback TCP port, never handed out twice by this process.
pub fn free_port() -> u16 {
	static GIVEN: OnceLock<Mutex<HashSet<u16>>> = OnceLock::new();
	let given = GIVEN.get_or_init(Default::default);
	loop {
		let port = TcpListener::bind("127.0.0.1:0")
			.and_then(|l| l.local_addr())
			.map(|a| a.port())
			.expect("the OS hands out a loopback port");
		if given.lock().expect("port registry").insert(port) {
			return port;
		}
	}
}

/// The slot of test chains in milliseconds: `STO_TEST_SLOT_MS`, or 2,000 (production: 6,000).
pub fn test_slot_ms() -> u64 {
	std::env::var("STO_TEST_SLOT_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000)
}

/// The storage key of the runtime's parameter `name` (`parameter_types! { pub storage <name> }`
/// in runtime/src/configs/mod.rs): `twox_128(":<name>:")`.
pub fn parameter_key(name: &str) -> [u8; 16] {
	sp_crypto_hashing::twox_128(format!(":{name}:").as_bytes())
}

/// The runtime's `MinimumPeriod` parameter's key (half the slot).
pub fn minimum_period_key() -> [u8; 16] {
	parameter_key("MinimumPeriod")
}

/// The runtime's storage parameters a test chain may set in its genesis (runtime/src/configs):
/// half the slot (`MinimumPeriod`, a `u64` of milliseconds), the bridge's grace period after a
/// rotation (`BridgeGracePeriod`, a `u32` of blocks) and an export's deadline
/// (`BridgeExportTimeout`, a `u64` of seconds). Production chain specs carry none of them (the
/// chain_specs test checks).
pub const TEST_CHAIN_PARAMETERS: [&str; 3] = ["MinimumPeriod", "BridgeGracePeriod", "BridgeExportTimeout"];

/// A value of a runtime storage parameter, SCALE-encoded as the runtime reads it.
#[derive(Clone, Copy, Debug)]
pub enum Parameter {
	/// `BridgeGracePeriod`: blocks.
	BridgeGracePeriod(u32),
	/// `BridgeExportTimeout`: seconds.
	BridgeExportTimeout(u64),
}

impl Parameter {
	fn key_and_value(&self) -> ([u8; 16], Vec<u8>) {
		match self {
			Parameter::BridgeGracePeriod(blocks) => (parameter_key("BridgeGracePeriod"), blocks.to_le_bytes().to_vec()),
			Parameter::BridgeExportTimeout(seconds) => {
				(parameter_key("BridgeExportTimeout"), seconds.to_le_bytes().to_vec())
			},
		}
	}
}

/// A directory for one test's node data, removed when dropped (unless `STO_KEEP_TEST_DATA`
/// is set, to inspect a failure), and the directory of its nodes' logs, which stays.
pub struct TestDir {
	path: PathBuf,
	logs: PathBuf,
	/// Raw test chain specs made for this test, by chain.
	specs: Mutex<HashMap<String, PathBuf>>,
}

impl TestDir {
	/// `label` names the test: its logs go to `e2e-logs/<label>` (one test per label).
	pub fn new(label: &str) -> Self {
		static COUNTER: AtomicU32 = AtomicU32::new(0);
		let path = std::env::temp_dir().join(format!(
			"sto-e2e-{label}-{}-{}",
			std::process::id(),
			COUNTER.fetch_add(1, Ordering::SeqCst)
		));
		let _ = fs::remove_dir_all(&path);
		fs::create_dir_all(&path).expect("create test directory");
		let logs = logs_root().join(label);
		let _ = fs::remove_dir_all(&logs);
		fs::create_dir_all(&logs).expect("create the log directory");
		eprintln!("node logs of {label}: {}", logs.display());
		Self { path, logs, specs: Mutex::new(HashMap::new()) }
	}

	pub fn path(&self) -> &Path {
		&self.path
	}

	/// Where this test's nodes write their logs.
	pub fn logs(&self) -> &Path {
		&self.logs
	}

	/// `chain` (`dev`, `local`, `consortium`) as a test chain: its raw spec
	/// (`sto-node export-chain-spec --chain <chain> --raw`) with the runtime's `MinimumPeriod` set in
	/// genesis to half of [`test_slot_ms`]; the spec file's path, made once per test.
	pub fn test_chain(&self, chain: &str) -> Result<String> {
		let mut specs = self.specs.lock().expect("spec registry");
		if let Some(path) = specs.get(chain) {
			return Ok(path.display().to_string());
		}
		let output = Command::new(node_binary()?)
			.args(["export-chain-spec", "--chain", chain, "--raw"])
			.stderr(Stdio::null())
			.output()
			.context("run sto-node export-chain-spec")?;
		if !output.status.success() {
			bail!("`sto-node export-chain-spec --chain {chain} --raw` failed");
		}
		let path = self.path.join(format!("{chain}-test-chain.json"));
		fs::write(&path, &output.stdout).context("write the test chain spec")?;
		set_test_slot(&path)?;
		specs.insert(chain.to_string(), path.clone());
		Ok(path.display().to_string())
	}

	/// Set `parameters` in the genesis of this test's `chain` ([`TestDir::test_chain`]), before
	/// its nodes start.
	pub fn set_parameters(&self, chain: &str, parameters: &[Parameter]) -> Result<()> {
		let path = PathBuf::from(self.test_chain(chain)?);
		write_genesis(&path, parameters.iter().map(Parameter::key_and_value))
	}
}

/// Make the raw chain spec at `path` a test chain: write the runtime's `MinimumPeriod` (half
/// of [`test_slot_ms`]) into its genesis storage.
pub fn set_test_slot(path: &Path) -> Result<()> {
	let minimum_period = test_slot_ms() / 2;
	write_genesis(path, [(minimum_period_key(), minimum_period.to_le_bytes().to_vec())])
}

/// Write `entries` (key, value) into the genesis storage of the raw chain spec at `path`.
fn write_genesis(path: &Path, entries: impl IntoIterator<Item = ([u8; 16], Vec<u8>)>) -> Result<()> {
	let text = fs::read(path).with_context(|| format!("read {}", path.display()))?;
	let mut spec: serde_json::Value = serde_json::from_slice(&text).context("a chain spec is JSON")?;
	let top = spec
		.pointer_mut("/genesis/raw/top")
		.and_then(|top| top.as_object_mut())
		.ok_or_else(|| anyhow!("{} is not a raw chain spec (no genesis.raw.top)", path.display()))?;
	for (key, value) in entries {
		top.insert(format!("0x{}", hex::encode(key)), format!("0x{}", hex::encode(value)).into());
	}
	fs::write(path, serde_json::to_vec(&spec)?).with_context(|| format!("write {}", path.display()))
}

/// `$CARGO_TARGET_DIR/e2e-logs` (`target/e2e-logs` without it).
fn logs_root() -> PathBuf {
	std::env::var("CARGO_TARGET_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|_| workspace_root().join("target"))
		.join("e2e-logs")
}

impl Drop for TestDir {
	fn drop(&mut self) {
		if std::env::var_os("STO_KEEP_TEST_DATA").is_none() {
			let _ = fs::remove_dir_all(&self.path);
		} else {
			eprintln!("test data kept in {}", self.path.display());
		}
	}
}

/// How to start one node.
#[derive(Clone, Debug)]
pub struct NodeSpec {
	/// Name in logs and telemetry.
	pub name: String,
	/// `--chain` value: `dev`, `local`, `consortium` or a spec file.
	pub chain: String,
	/// Base path (database, keystore, network key).
	pub base_path: PathBuf,
	/// Run as a validator (`--validator`).
	pub validator: bool,
	/// Insert Aura (sr25519) and GRANDPA (ed25519) keys derived from this secret URI
	/// (`//Alice`, ...) with `sto-node key insert`, as an operator would.
	pub session_key_uri: Option<String>,
	/// `--node-key`.
	pub node_key: Option<String>,
	/// `--bootnodes`.
	pub bootnodes: Vec<String>,
	/// Its log file.
	pub log_path: PathBuf,
	/// P2P port (`--listen-addr /ip4/127.0.0.1/tcp/<port>`).
	pub p2p_port: u16,
	/// JSON-RPC port (`--rpc-port`).
	pub rpc_port: u16,
	/// Extra arguments.
	pub extra_args: Vec<String>,
}

impl NodeSpec {
	/// A node with fresh ports, a base path under `dir` and its log in `dir`'s logs. `chain`
	/// as `--chain` takes it (for a test chain: [`TestDir::test_chain`]).
	pub fn new(name: &str, chain: &str, dir: &TestDir) -> Self {
		Self {
			name: name.to_string(),
			chain: chain.to_string(),
			base_path: dir.path().join(name),
			validator: false,
			session_key_uri: None,
			node_key: None,
			bootnodes: Vec::new(),
			log_path: dir.logs().join(format!("{name}.log")),
			p2p_port: free_port(),
			rpc_port: free_port(),
			extra_args: Vec::new(),
		}
	}

	/// A validator whose session keys derive from `uri`.
	pub fn validator(mut self, uri: &str) -> Self {
		self.validator = true;
		self.session_key_uri = Some(uri.to_string());
		self
	}

	pub fn node_key(mut self, key: &str) -> Self {
		self.node_key = Some(key.to_string());
		self
	}

	pub fn bootnode(mut self, addr: String) -> Self {
		self.bootnodes.push(addr);
		self
	}

	pub fn arg(mut self, arg: &str) -> Self {
		self.extra_args.push(arg.to_string());
		self
	}

	/// `/ip4/127.0.0.1/tcp/<p2p port>/p2p/<peer id>` of this node.
	pub fn multiaddr(&self, peer_id: &str) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", self.p2p_port)
	}

	pub fn rpc_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	fn insert_keys(&self, binary: &Path) -> Result<()> {
		let Some(uri) = &self.session_key_uri else { return Ok(()) };
		for (scheme, key_type) in [("sr25519", "aura"), ("ed25519", "gran")] {
			let status = Command::new(binary)
				.args(["key", "insert", "--chain", &self.chain, "--base-path"])
				.arg(&self.base_path)
				.args(["--scheme", scheme, "--suri", uri, "--key-type", key_type])
				.stdout(Stdio::null())
				.stderr(Stdio::null())
				.status()
				.context("run sto-node key insert")?;
			if !status.success() {
				bail!("`sto-node key insert --key-type {key_type}` failed for {}", self.name);
			}
		}
		Ok(())
	}
}

/// A running sto-node process. Dropping it kills the process.
pub struct Node {
	pub spec: NodeSpec,
	child: Mutex<Option<Child>>,
}

/// The four validators of the `consortium` chain spec (its council too).
pub const CONSORTIUM_VALIDATORS: [(&str, &str); 4] =
	[("alice", "//Alice"), ("bob", "//Bob"), ("charlie", "//Charlie"), ("dave", "//Dave")];

/// `--node-key` of the `index`th node of a network (the first is [`BOOTNODE_KEY`]).
pub fn node_key(index: usize) -> String {
	format!("{:064x}", index + 1)
}

/// Start the four validators of the `consortium` test chain under `dir` (session keys inserted
/// with `sto-node key insert`); the first is the others' bootnode, whose address is returned.
pub async fn start_consortium(dir: &TestDir) -> Result<(Vec<Node>, String)> {
	let chain = dir.test_chain("consortium")?;
	let mut nodes = Vec::new();
	let mut bootnode = String::new();
	for (index, (name, uri)) in CONSORTIUM_VALIDATORS.iter().enumerate() {
		let mut spec = NodeSpec::new(name, &chain, dir).validator(uri).node_key(&node_key(index));
		if index == 0 {
			bootnode = spec.multiaddr(BOOTNODE_PEER_ID);
		} else {
			spec = spec.bootnode(bootnode.clone());
		}
		nodes.push(Node::start(spec).await?);
	}
	Ok((nodes, bootnode))
}

/// A `--dev` node (Alice validating, Ferdie the KYC provider) of the `dev` test chain in a
/// fresh directory.
pub async fn start_dev_node(dir: &TestDir) -> Result<Node> {
	let chain = dir.test_chain("dev")?;
	Node::start(NodeSpec::new("dev", &chain, dir).arg("--dev")).await
}

/// A `--dev` node ([`start_dev_node`]) in a fresh directory named after `label`, once its
/// first block is finalized, and a client of it. Keep the three values alive for the test:
/// the node stops when dropped, then its directory goes.
pub async fn dev_chain(label: &str) -> Result<(TestDir, Node, Sto)> {
	dev_chain_with(label, &[]).await
}

/// [`dev_chain`] with runtime `parameters` set in the test chain's genesis.
pub async fn dev_chain_with(label: &str, parameters: &[Parameter]) -> Result<(TestDir, Node, Sto)> {
	let dir = TestDir::new(label);
	dir.set_parameters("dev", parameters)?;
	let node = start_dev_node(&dir).await?;
	node.wait_for_finalized(1, Duration::from_secs(60)).await?;
	let sto = node.sto().await?;
	Ok((dir, node, sto))
}

impl Node {
	/// Start a node and wait until its JSON-RPC server answers.
	pub async fn start(spec: NodeSpec) -> Result<Node> {
		let binary = node_binary()?;
		fs::create_dir_all(&spec.base_path)?;
		spec.insert_keys(&binary)?;
		let log = fs::OpenOptions::new()
			.create(true)
			.append(true)
			.open(&spec.log_path)
			.context("open node log")?;
		let mut command = Command::new(&binary);
		command
			.args(["--chain", &spec.chain, "--name", &spec.name, "--base-path"])
			.arg(&spec.base_path)
			.args(["--rpc-port", &spec.rpc_port.to_string()])
			.args(["--no-mdns", "--no-prometheus", "--no-telemetry"])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", spec.p2p_port)])
			.args(["--rpc-methods", "unsafe", "--rpc-cors", "all"])
			.args(["--state-pruning", "archive", "--blocks-pruning", "archive"])
			.args(["-l", "info"]);
		if spec.validator {
			command.arg("--validator");
		}
		if let Some(key) = &spec.node_key {
			command.args(["--node-key", key]);
		}
		if !spec.bootnodes.is_empty() {
			command.arg("--bootnodes").args(&spec.bootnodes);
		}
		command.args(&spec.extra_args);
		// Its own process group: dropping the node kills the group, whatever it started.
		command.process_group(0);
		let child = command
			.stdin(Stdio::null())
			.stdout(log.try_clone()?)
			.stderr(log)
			.spawn()
			.with_context(|| format!("spawn {}", binary.display()))?;
		let mut node = Node { spec, child: Mutex::new(Some(child)) };
		node.wait_for_rpc(Duration::from_secs(120)).await?;
		Ok(node)
	}

	async fn wait_for_rpc(&mut self, timeout: Duration) -> Result<()> {
		let deadline = Instant::now() + timeout;
		loop {
			if !self.is_running() {
				bail!("{} exited while starting:\n{}", self.spec.name, self.log_tail(40));
			}
			if let Ok(rpc) = RpcClient::from_insecure_url(self.spec.rpc_url()).await {
				let methods = Rpc::new(rpc);
				if methods.system_name().await.is_ok() {
					return Ok(());
				}
			}
			if Instant::now() > deadline {
				bail!("{} did not answer RPC within {timeout:?}:\n{}", self.spec.name, self.log_tail(40));
			}
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	}

	/// A subxt client connected to this node.
	pub async fn client(&self) -> Result<Client> {
		Client::from_insecure_url(self.spec.rpc_url())
			.await
			.with_context(|| format!("connect subxt to {}", self.spec.name))
	}

	/// The client library's connection to this node.
	pub async fn sto(&self) -> Result<Sto> {
		Sto::connect(&self.spec.rpc_url()).await
	}

	/// Raw JSON-RPC access to this node.
	pub async fn rpc(&self) -> Result<Rpc> {
		Ok(Rpc::new(self.rpc_client().await?))
	}

	/// The underlying JSON-RPC client (for methods subxt does not wrap).
	pub async fn rpc_client(&self) -> Result<RpcClient> {
		RpcClient::from_insecure_url(self.spec.rpc_url())
			.await
			.with_context(|| format!("connect RPC to {}", self.spec.name))
	}

	/// Best and finalized block numbers.
	pub async fn heights(&self) -> Result<(u64, u64)> {
		let rpc = self.rpc().await?;
		let best = rpc.chain_get_header(None).await?.ok_or_else(|| anyhow!("no best header"))?;
		let finalized_hash = rpc.chain_get_finalized_head().await?;
		let finalized = rpc
			.chain_get_header(Some(finalized_hash))
			.await?
			.ok_or_else(|| anyhow!("no finalized header"))?;
		Ok((best.number, finalized.number))
	}

	/// Hash of the block at `number` on this node's chain.
	pub async fn block_hash(&self, number: u64) -> Result<Option<subxt::utils::H256>> {
		let rpc = self.rpc().await?;
		Ok(rpc.chain_get_block_hash(Some(number.into())).await?)
	}

	/// Wait until the finalized height reaches `target`.
	pub async fn wait_for_finalized(&self, target: u64, timeout: Duration) -> Result<u64> {
		let deadline = Instant::now() + timeout;
		loop {
			if let Ok((_, finalized)) = self.heights().await {
				if finalized >= target {
					return Ok(finalized);
				}
			}
			self.ensure_running()?;
			if Instant::now() > deadline {
				let heights = self.heights().await.ok();
				bail!(
					"{}: finalized height did not reach {target} within {timeout:?} (best, finalized = {heights:?}):\n{}",
					self.spec.name,
					self.log_tail(30)
				);
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	/// Wait until the best height reaches `target`.
	pub async fn wait_for_best(&self, target: u64, timeout: Duration) -> Result<u64> {
		let deadline = Instant::now() + timeout;
		loop {
			if let Ok((best, _)) = self.heights().await {
				if best >= target {
					return Ok(best);
				}
			}
			self.ensure_running()?;
			if Instant::now() > deadline {
				bail!(
					"{}: best height did not reach {target} within {timeout:?}:\n{}",
					self.spec.name,
					self.log_tail(30)
				);
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	/// Fail if the process has exited.
	pub fn ensure_running(&self) -> Result<()> {
		if self.is_running() {
			Ok(())
		} else {
			bail!("{} is not running:\n{}", self.spec.name, self.log_tail(30))
		}
	}

	/// Whether the process is still alive.
	pub fn is_running(&self) -> bool {
		let mut child = self.child.lock().expect("child lock");
		match child.as_mut() {
			Some(child) => matches!(child.try_wait(), Ok(None)),
			None => false,
		}
	}

	/// Kill the process and its process group (as a crash would), keeping its base path for a
	/// restart.
	pub fn kill(&mut self) {
		// Also while a failing test unwinds: a poisoned lock still holds the child.
		let mut child = self.child.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
		if let Some(mut child) = child.take() {
			if let Ok(group) = i32::try_from(child.id()) {
				// SAFETY: `kill(2)` with a negative pid signals the process group the node leads
				// (`process_group(0)` at spawn); no memory is involved.
				unsafe {
					libc::kill(-group, libc::SIGKILL);
				}
			}
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// Start the same node again (same base path, keys, ports).
	pub async fn restart(&mut self) -> Result<()> {
		self.kill();
		let spec = self.spec.clone();
		let restarted = Node::start(spec).await?;
		*self = restarted;
		Ok(())
	}

	/// The last `lines` lines of the node's log.
	pub fn log_tail(&self, lines: usize) -> String {
		let text = fs::read_to_string(&self.spec.log_path).unwrap_or_default();
		let all: Vec<&str> = text.lines().collect();
		all[all.len().saturating_sub(lines)..].join("\n")
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		self.kill();
	}
}

/// Poll `check` until it yields `Some`, or fail after `timeout` with `what`.
pub async fn wait_until<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> Result<T>
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Result<Option<T>>>,
{
	let deadline = Instant::now() + timeout;
	let mut last_error = None;
	loop {
		match check().await {
			Ok(Some(value)) => return Ok(value),
			Ok(None) => {},
			Err(e) => last_error = Some(e),
		}
		if Instant::now() > deadline {
			return Err(anyhow!("timed out after {timeout:?} waiting for {what} (last error: {last_error:?})"));
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}
