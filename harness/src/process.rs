//! Processes a test starts besides nodes: a [`Daemon`] (any program, its output in the test's
//! log directory, killed when dropped: at the end of the test or while a failing test unwinds)
//! and [`Anvil`], a throwaway EVM node for the bridge's tests (anvil from npm, installed in
//! `contracts/node_modules` by `scripts/setup.sh`).

use crate::{free_port, workspace_root};
use anyhow::{anyhow, bail, Context, Result};
use std::{
	fs,
	net::TcpStream,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// A child process with its output in `<logs>/<name>.log`, killed when dropped.
pub struct Daemon {
	child: Child,
	name: String,
}

impl Daemon {
	pub fn spawn(mut command: Command, name: &str, logs: &Path) -> Result<Self> {
		let log = fs::File::create(logs.join(format!("{name}.log"))).with_context(|| format!("{name}'s log"))?;
		let child = command
			.stdout(log.try_clone()?)
			.stderr(log)
			.stdin(Stdio::null())
			.spawn()
			.with_context(|| format!("start {name}"))?;
		Ok(Self { child, name: name.to_string() })
	}

	/// Fails if the process has exited (its log says why).
	pub fn check_running(&mut self) -> Result<()> {
		if let Some(status) = self.child.try_wait()? {
			bail!("{} exited: {status} (see its log)", self.name);
		}
		Ok(())
	}

	pub fn kill(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

impl Drop for Daemon {
	fn drop(&mut self) {
		self.kill();
	}
}

/// anvil on a free loopback port: one slot per epoch (its `finalized` block trails the head by
/// two) and a block a second, so that finality moves without transactions.
pub struct Anvil {
	daemon: Daemon,
	pub url: String,
	pub chain_id: u64,
}

impl Anvil {
	/// The binary `npm ci` put in `contracts/node_modules`.
	pub fn binary() -> PathBuf {
		workspace_root().join("contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil")
	}

	/// Start anvil for chain `chain_id` (logs in `<logs>/anvil.log`); returns once it accepts
	/// connections.
	pub fn start(chain_id: u64, logs: &Path) -> Result<Self> {
		let binary = Self::binary();
		if !binary.is_file() {
			bail!("no anvil at {}: run scripts/setup.sh (it installs the contracts' npm packages)", binary.display());
		}
		let port = free_port();
		let mut command = Command::new(binary);
		command.args(["--host", "127.0.0.1", "--port", &port.to_string(), "--slots-in-an-epoch", "1", "--block-time", "1"]);
		command.args(["--chain-id", &chain_id.to_string()]);
		let mut daemon = Daemon::spawn(command, "anvil", logs)?;
		let started = Instant::now();
		while TcpStream::connect(("127.0.0.1", port)).is_err() {
			daemon.check_running()?;
			if started.elapsed() > Duration::from_secs(30) {
				return Err(anyhow!("anvil did not listen on port {port} within 30 s"));
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		Ok(Self { daemon, url: format!("http://127.0.0.1:{port}"), chain_id })
	}

	pub fn check_running(&mut self) -> Result<()> {
		self.daemon.check_running()
	}
}
