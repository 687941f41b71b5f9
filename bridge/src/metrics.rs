//! Prometheus metrics of a bridge process (`--prometheus-port`), served at `/metrics` by the
//! same exporter the node uses (`substrate-prometheus-endpoint`), so one scrape configuration
//! covers the consortium's nodes and bridge processes:
//!
//! - `sto_bridge_passes_total{role}`: passes that ended (with or without failed actions);
//! - `sto_bridge_pass_failures_total{role}`: passes that stopped early (a read failed; the next
//!   pass starts over);
//! - `sto_bridge_actions_total{role, action}`: what the passes did, by the names of the pass
//!   summary (`attested`, `refused`, `failed` for a signer; `minted`, `applied`, `failed` for a
//!   relay; `checked`, `requested`, `failed` for a keeper);
//! - `sto_bridge_last_pass_timestamp_seconds{role}`: when the last pass ended (Unix time):
//!   alert when it stops moving.

use anyhow::{anyhow, Result};
use serde_json::Value as Json;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use substrate_prometheus_endpoint::{register, Counter, CounterVec, Gauge, Opts, Registry, U64};

/// The counters of one process.
#[derive(Clone)]
pub struct Metrics {
	registry: Registry,
	passes: Counter<U64>,
	pass_failures: Counter<U64>,
	actions: CounterVec<U64>,
	last_pass: Gauge<U64>,
}

impl Metrics {
	/// The metrics of a process in `role` (`signer`, `relay`, `keeper`).
	pub fn new(role: &str) -> Result<Self> {
		let registry = Registry::new();
		let opts = |name: &str, help: &str| Opts::new(name, help).const_label("role", role);
		let passes = register(Counter::with_opts(opts("sto_bridge_passes_total", "Passes that ended"))?, &registry)?;
		let pass_failures = register(
			Counter::with_opts(opts("sto_bridge_pass_failures_total", "Passes that stopped early (a read failed)"))?,
			&registry,
		)?;
		let actions = register(
			CounterVec::new(opts("sto_bridge_actions_total", "What the passes did, by action"), &["action"])?,
			&registry,
		)?;
		let last_pass = register(
			Gauge::with_opts(opts("sto_bridge_last_pass_timestamp_seconds", "When the last pass ended (Unix time)"))?,
			&registry,
		)?;
		Ok(Self { registry, passes, pass_failures, actions, last_pass })
	}

	/// A pass ended with `summary` (counts by action, as the `done` line prints them).
	pub fn pass(&self, summary: &Json) {
		self.passes.inc();
		if let Json::Object(fields) = summary {
			for (action, count) in fields {
				if let Some(count) = count.as_u64() {
					self.actions.with_label_values(&[action.as_str()]).inc_by(count);
				}
			}
		}
		self.stamp();
	}

	/// A pass stopped early.
	pub fn pass_failed(&self) {
		self.pass_failures.inc();
		self.stamp();
	}

	fn stamp(&self) {
		let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
		self.last_pass.set(now);
	}

	/// The metrics in Prometheus' text format (what `/metrics` answers).
	pub fn text(&self) -> Result<String> {
		use substrate_prometheus_endpoint::prometheus::{Encoder, TextEncoder};
		let mut buffer = Vec::new();
		TextEncoder::new().encode(&self.registry.gather(), &mut buffer)?;
		Ok(String::from_utf8(buffer)?)
	}

	/// Serve `/metrics` on `port` of the loopback interface (every interface with `external`)
	/// until the process ends; fails at once when the port is taken.
	pub async fn serve(&self, port: u16, external: bool) -> Result<()> {
		let ip = if external { IpAddr::V4(Ipv4Addr::UNSPECIFIED) } else { IpAddr::V4(Ipv4Addr::LOCALHOST) };
		let address = SocketAddr::new(ip, port);
		// Bind here, so that a taken port is an error at start, not a log line later.
		drop(std::net::TcpListener::bind(address).map_err(|e| anyhow!("the metrics port {address}: {e}"))?);
		let registry = self.registry.clone();
		tokio::spawn(async move {
			if let Err(error) = substrate_prometheus_endpoint::init_prometheus(address, registry).await {
				eprintln!("the metrics server at {address} stopped: {error}");
			}
		});
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn passes_and_their_actions_are_counted_by_role() {
		let metrics = Metrics::new("signer").expect("metrics");
		metrics.pass(&json!({ "attested": 2, "refused": 1, "failed": 0 }));
		metrics.pass(&json!({ "attested": 3, "refused": 0, "failed": 1 }));
		metrics.pass_failed();
		let text = metrics.text().expect("text");
		for line in [
			r#"sto_bridge_passes_total{role="signer"} 2"#,
			r#"sto_bridge_pass_failures_total{role="signer"} 1"#,
			r#"sto_bridge_actions_total{action="attested",role="signer"} 5"#,
			r#"sto_bridge_actions_total{action="refused",role="signer"} 1"#,
			r#"sto_bridge_actions_total{action="failed",role="signer"} 1"#,
		] {
			assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
		}
		let stamp = text
			.lines()
			.find_map(|l| l.strip_prefix(r#"sto_bridge_last_pass_timestamp_seconds{role="signer"} "#))
			.and_then(|v| v.parse::<u64>().ok())
			.expect("a timestamp");
		assert!(stamp > 1_700_000_000, "a Unix time: {stamp}");
	}
}
