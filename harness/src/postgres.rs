//! A throwaway PostgreSQL server for one test: a fresh cluster (`initdb`) in the test's
//! directory, listening on a free loopback port only, run as an unprivileged user (PostgreSQL
//! refuses to run as root: as root the cluster is owned by and run as the `postgres` user that
//! Debian's package creates), stopped and removed when the value is dropped — also when the
//! test fails. `scripts/setup.sh` installs the `postgresql` package; no service is enabled.

use crate::free_port;
use anyhow::{anyhow, bail, Context, Result};
use std::{
	fs,
	path::{Path, PathBuf},
	process::{Command, Stdio},
};

/// A running cluster.
pub struct Postgres {
	bin: PathBuf,
	data: PathBuf,
	run_as: Option<String>,
	port: u16,
}

/// The directory of PostgreSQL's server programs (`/usr/lib/postgresql/<version>/bin`, newest
/// version first), or `None` when the server is not installed.
pub fn server_bin() -> Option<PathBuf> {
	let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
		.ok()?
		.filter_map(|entry| {
			let entry = entry.ok()?;
			let version = entry.file_name().to_str()?.parse().ok()?;
			let bin = entry.path().join("bin");
			bin.join("initdb").exists().then_some((version, bin))
		})
		.collect();
	versions.sort();
	versions.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
	// SAFETY: geteuid has no preconditions.
	unsafe { libc::geteuid() == 0 }
}

impl Postgres {
	/// Create and start a cluster under `dir` (a test directory); the database `sto` exists,
	/// user `postgres`, no password (trust, loopback only).
	pub fn start(dir: &Path) -> Result<Self> {
		let bin = server_bin().ok_or_else(|| anyhow!("PostgreSQL's server is not installed: run scripts/setup.sh"))?;
		let data = dir.join("postgres");
		fs::create_dir_all(&data)?;
		let run_as = is_root().then(|| "postgres".to_string());
		if let Some(user) = &run_as {
			let status = Command::new("chown").args(["-R", user]).arg(&data).status().context("chown the cluster directory")?;
			if !status.success() {
				bail!("chown {} to {user} failed", data.display());
			}
		}
		let port = free_port();
		let postgres = Self { bin, data, run_as, port };
		postgres.run("initdb", &["-D", &postgres.data_str(), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"])?;
		let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", postgres.data_str());
		let log = postgres.data.join("server.log").display().to_string();
		postgres.run("pg_ctl", &["-D", &postgres.data_str(), "-l", &log, "-o", &options, "-w", "start"])?;
		postgres.run("createdb", &["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "postgres", "sto"])?;
		Ok(postgres)
	}

	fn data_str(&self) -> String {
		self.data.display().to_string()
	}

	fn run(&self, program: &str, args: &[&str]) -> Result<()> {
		let path = self.bin.join(program);
		let mut command = match &self.run_as {
			Some(user) => {
				let mut c = Command::new("runuser");
				c.args(["-u", user, "--"]).arg(&path);
				c
			},
			None => Command::new(&path),
		};
		let output = command.args(args).stdin(Stdio::null()).output().with_context(|| format!("run {program}"))?;
		if !output.status.success() {
			bail!("{program} failed: {}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
		}
		Ok(())
	}

	/// `postgres://postgres@127.0.0.1:<port>/sto`.
	pub fn url(&self) -> String {
		format!("postgres://postgres@127.0.0.1:{}/sto", self.port)
	}

	pub fn port(&self) -> u16 {
		self.port
	}
}

impl Drop for Postgres {
	fn drop(&mut self) {
		let _ = self.run("pg_ctl", &["-D", &self.data_str(), "-m", "immediate", "-w", "stop"]);
		let _ = fs::remove_dir_all(&self.data);
	}
}
