//! A real headless Chromium (Debian's package, installed by scripts/setup.sh) for the tests of
//! web pages: the page's DOM after its scripts ran, and screenshots kept as test artifacts.

use anyhow::{anyhow, ensure, Context, Result};
use std::{
	path::{Path, PathBuf},
	process::{Command, Output, Stdio},
};

/// Headless Chromium with its own profile directory, as the probe of this machine kind runs
/// it: no sandbox (tests run as root), no background networking (the machine's network is
/// closed), a fixed window, and a virtual time budget for the page's scripts and fetches.
pub struct Browser {
	binary: PathBuf,
	profile: PathBuf,
}

impl Browser {
	/// A browser whose profile lives under `dir` (removed when the test's directory is).
	pub fn new(dir: &Path) -> Result<Self> {
		let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
			.into_iter()
			.map(PathBuf::from)
			.find(|p| p.exists())
			.ok_or_else(|| anyhow!("Chromium is not installed: run scripts/setup.sh"))?;
		Ok(Self { binary, profile: dir.join("chromium-profile") })
	}

	fn run(&self, args: &[&str]) -> Result<Output> {
		let output = Command::new(&self.binary)
			.args([
				"--headless",
				"--no-sandbox",
				"--disable-gpu",
				"--disable-quic",
				"--no-first-run",
				"--disable-background-networking",
				"--disable-component-update",
				"--disable-sync",
				"--hide-scrollbars",
				"--window-size=1280,1500",
				"--virtual-time-budget=15000",
			])
			.arg(format!("--user-data-dir={}", self.profile.display()))
			.args(args)
			.stdin(Stdio::null())
			.output()
			.context("run chromium")?;
		ensure!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
		Ok(output)
	}

	/// The page's DOM once its scripts ran.
	pub fn dom(&self, url: &str) -> Result<String> {
		Ok(String::from_utf8(self.run(&["--dump-dom", url])?.stdout)?)
	}

	/// A screenshot of the page at `path` (PNG).
	pub fn screenshot(&self, url: &str, path: &Path) -> Result<()> {
		self.run(&[&format!("--screenshot={}", path.display()), url])?;
		ensure!(std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) > 5_000, "no screenshot at {}", path.display());
		Ok(())
	}
}

impl Drop for Browser {
	fn drop(&mut self) {
		let _ = std::fs::remove_dir_all(&self.profile);
	}
}
