//! `sto-exchange`: the exchange's services beside its matching engine.
//!
//! `sto-exchange serve`: the onboarding service (the sign-up page where a logged-in venue
//! account links an investor identity by one QR-code scan; docs/CUSTODY.md, "Onboarding by QR
//! code").

use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, Subcommand};
use std::{path::PathBuf, time::Duration};
use sto_client::{chain::parse_amount, onboarding::MandateRequest};
use sto_exchange::onboarding::{Config, Service};

#[derive(Parser, Debug)]
#[command(name = "sto-exchange", version, about = "The exchange's services beside its matching engine: the onboarding page.")]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
	/// Serve the onboarding page and follow the chain for the bindings it asks for.
	Serve {
		/// The node's WebSocket RPC endpoint (default: $STO_URL, else ws://127.0.0.1:9944).
		#[arg(long)]
		url: Option<String>,
		/// The exchange's custodian identity on chain.
		#[arg(long)]
		custodian: u64,
		/// The exchange's ledger (`sto exchange …`): activated accounts are added to it.
		#[arg(long)]
		ledger: PathBuf,
		/// The service's state file (sessions, requests and their salts); created if missing.
		#[arg(long)]
		state: PathBuf,
		/// Where to listen (`host:port`).
		#[arg(long, default_value = "127.0.0.1:8080")]
		listen: String,
		/// How wallets reach this service (written into each code); default: http://<listen>.
		#[arg(long)]
		public_url: Option<String>,
		/// The custody mandate asked for with each binding: TOKEN:PARTITION:CAP[:EXPIRY_MS]
		/// (PARTITION `*`: every partition).
		#[arg(long)]
		mandate: Option<String>,
		/// How long a code stays valid, in seconds.
		#[arg(long, default_value_t = 600)]
		code_ttl: u64,
		/// A file holding the bearer token of `POST /api/sessions` (the exchange's login system).
		#[arg(long)]
		admin_token_file: PathBuf,
	},
}

fn parse_mandate(text: &str) -> Result<MandateRequest> {
	let parts: Vec<&str> = text.split(':').collect();
	if !(3..=4).contains(&parts.len()) {
		bail!("--mandate: expected TOKEN:PARTITION:CAP[:EXPIRY_MS], got {text:?}");
	}
	let token = parts[0].parse().map_err(|_| anyhow!("--mandate: token {:?} is not a number", parts[0]))?;
	let partition = match parts[1] {
		"*" => None,
		p => Some(p.parse().map_err(|_| anyhow!("--mandate: partition {p:?} is not a number or *"))?),
	};
	let cap = parse_amount(parts[2]).map_err(|e| anyhow!("--mandate: cap: {e}"))?;
	if cap == 0 {
		bail!("--mandate: the cap must be above zero");
	}
	let expiry_ms = parts.get(3).map(|e| e.parse().map_err(|_| anyhow!("--mandate: expiry {e:?} is not a number of ms"))).transpose()?;
	Ok(MandateRequest { token, partition, cap: cap.to_string(), expiry_ms })
}

#[tokio::main]
async fn main() -> Result<()> {
	match Cli::parse().command {
		Command::Serve { url, custodian, ledger, state, listen, public_url, mandate, code_ttl, admin_token_file } => {
			let admin_token = std::fs::read_to_string(&admin_token_file)
				.with_context(|| format!("read the admin token from {}", admin_token_file.display()))?
				.trim()
				.to_string();
			if admin_token.len() < 16 {
				bail!("the admin token in {} is shorter than 16 characters", admin_token_file.display());
			}
			let config = Config {
				custodian,
				ledger,
				state,
				public_url: public_url.unwrap_or_else(|| format!("http://{listen}")),
				mandate: mandate.as_deref().map(parse_mandate).transpose()?,
				request_ttl: Duration::from_secs(code_ttl.max(1)),
				admin_token,
			};
			let url = url.or_else(|| std::env::var("STO_URL").ok()).unwrap_or_else(|| "ws://127.0.0.1:9944".to_string());
			let service = Service::start(&url, config).await?;
			let listener = tokio::net::TcpListener::bind(&listen).await.with_context(|| format!("listen on {listen}"))?;
			eprintln!("[sto-exchange] onboarding page on http://{}/onboard/<session>", listener.local_addr()?);
			let follower = service.clone();
			tokio::spawn(async move { follower.follow().await });
			axum::serve(listener, service.router()).await.context("the HTTP server stopped")?;
			Ok(())
		},
	}
}
