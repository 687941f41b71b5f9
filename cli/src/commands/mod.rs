//! The command line: global options, the command groups, and how results are printed.

mod agent;
mod bridge;
mod corporate;
mod council;
mod custody;
mod exchange;
mod holder;
mod identity;
mod identity_admin;
mod offering;
mod token;

use anyhow::{anyhow, Result};
use clap::{Parser, Subcommand};
use serde_json::Value as Json;
use sto_client::{
	chain::{keypair, Call, DryRun, Outcome, Stage, Sto, TxError, Wait},
	subxt_signer::sr25519::Keypair,
};

/// The STO appchain's tool for issuers and exchanges.
///
/// Issuers create security tokens, partitions, rules and documents and issue to verified
/// investors; KYC providers add claims; investors bind their venue accounts and grant custody
/// mandates; exchanges preview and settle batches of matched trades atomically, and reconcile
/// their books with the chain.
///
/// Signing commands need a key: --suri or, better (arguments are visible to other users of the
/// machine), the STO_SURI environment variable. Reads need none.
#[derive(Parser, Debug)]
#[command(name = "sto", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
	/// JSON-RPC endpoint of an STO node (or set STO_URL).
	#[arg(long, global = true, value_name = "URL")]
	url: Option<String>,

	/// Secret URI of the signing key: //Alice, a mnemonic phrase, or 0x + seed (or set
	/// STO_SURI).
	#[arg(long, global = true, value_name = "SURI")]
	suri: Option<String>,

	/// Print the result as JSON on stdout (progress stays on stderr).
	#[arg(long, global = true)]
	json: bool,

	/// Return when the transaction is in a best block instead of waiting until it is final.
	#[arg(long, global = true)]
	in_block: bool,

	/// No progress lines on stderr.
	#[arg(long, short, global = true)]
	quiet: bool,

	/// Send nothing: sign the command's transaction and apply it to the latest finalized state
	/// (the node's own checks and the call itself), print whether it would succeed or why not,
	/// and throw it away. Exits with status 1 when it would fail.
	#[arg(long, global = true)]
	dry_run: bool,

	#[command(subcommand)]
	command: Group,
}

#[derive(Subcommand, Debug)]
enum Group {
	/// Tokens: issuers (create, partitions, status, issue, rules, documents), investors
	/// (transfer, redeem, allowances, operators), agents (freezes, lock-ups, forced moves, roles);
	/// token reads.
	#[command(subcommand)]
	Token(token::Command),
	/// Identities and claims: register, link and unlink wallets, recover, add, update and revoke
	/// claims, claim issuers and registrars (governance); show an identity.
	#[command(subcommand)]
	Identity(identity::Command),
	/// Custody: custodians, venue bindings, mandates, batch preview and settlement, holdings.
	#[command(subcommand)]
	Custody(custody::Command),
	/// An exchange adapter: net a JSON ledger's matched trades, settle them, reconcile the book.
	#[command(subcommand)]
	Exchange(exchange::Command),
	/// The consortium council: members, motions; propose a call, vote, close (governance
	/// without sudo).
	#[command(subcommand)]
	Council(council::Command),
	/// Corporate actions: record dates (checkpoints), distributions of cash with withholding
	/// tax (create, fund, claim, push, reclaim), ballots (create, vote, tally); entitlements
	/// and voting power.
	#[command(subcommand)]
	Corporate(corporate::Command),
	/// Primary offerings: offer a token's units in price tiers, subscribe (cash held on the
	/// investor's account), close, settle in pages or refund, status and quotes.
	#[command(subcommand)]
	Offering(offering::Command),
	/// The EVM bridge: export tokens to an EVM address linked to a verified identity (checked
	/// first), show exports and their signatures, the exports in flight, a burn's import
	/// status, the routes and the quarantine; refund an unattested export, retry a release.
	#[command(subcommand)]
	Bridge(bridge::Command),
}

/// What a command prints: JSON for `--json`, text otherwise.
pub struct Output {
	json: Json,
	text: String,
	/// Printed, then `sto` fails with this error (a preview that finds failing legs, a
	/// reconciliation with differences).
	failure: Option<String>,
}

impl Output {
	fn new(json: Json, text: impl Into<String>) -> Self {
		Self { json, text: text.into(), failure: None }
	}

	fn failing(mut self, failure: Option<String>) -> Self {
		self.failure = failure;
		self
	}
}

/// What every command gets: the connection settings, the signer, how to report progress.
pub struct Context {
	url: String,
	suri: Option<String>,
	wait: Wait,
	quiet: bool,
	json: bool,
	/// `--dry-run`: [`Context::submit`] dry-runs instead of sending.
	dry_run: bool,
}

/// What `--dry-run` found for a command's transaction: returned by [`Context::submit`] as an
/// error, so that the command stops there, and printed by [`run`].
#[derive(Debug)]
struct DryRunDone {
	what: String,
	result: DryRun,
}

impl std::fmt::Display for DryRunDone {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self.result.refusal() {
			None => write!(f, "dry run: {} would succeed; nothing was sent", self.what),
			Some(reason) => write!(f, "dry run: {} would fail: {reason}; nothing was sent", self.what),
		}
	}
}

impl std::error::Error for DryRunDone {}

impl DryRunDone {
	fn output(&self) -> Output {
		let mut json = self.result.to_json();
		json["dry_run"] = true.into();
		json["what"] = self.what.clone().into();
		Output::new(json, format!("{self}\n"))
			.failing(self.result.refusal().map(|reason| format!("{} would fail: {reason}", self.what)))
	}
}

impl Context {
	/// Connect to the node.
	async fn connect(&self) -> Result<Sto> {
		Sto::connect(&self.url).await
	}

	/// The signing key.
	fn signer(&self) -> Result<Keypair> {
		let suri = self
			.suri
			.as_deref()
			.ok_or_else(|| anyhow!("this command signs a transaction: give --suri or set STO_SURI"))?;
		keypair(suri).map_err(|e| anyhow!("--suri / STO_SURI: {e}"))
	}

	/// A progress reporter for submissions (stderr).
	fn progress(&self) -> impl FnMut(&Stage) + '_ {
		move |stage: &Stage| {
			if !self.quiet {
				eprintln!("  {stage}");
			}
		}
	}

	/// A progress line on stderr.
	fn note(&self, line: &str) {
		if !self.quiet {
			eprintln!("{line}");
		}
	}

	/// Sign and submit `call`, waiting as asked; the outcome or the clear refusal. With
	/// `--dry-run`, nothing is sent: the call is dry-run ([`Sto::dry_run`]) and the command stops
	/// with what it found ([`run`] prints it).
	async fn submit(&self, sto: &Sto, call: &Call, what: &str) -> Result<Outcome> {
		let signer = self.signer()?;
		if self.dry_run {
			self.note(&format!("dry run: {what} (signed by {}), nothing is sent", signer.public_key().to_account_id()));
			let result = sto.dry_run(call, &signer).await?;
			return Err(anyhow::Error::new(DryRunDone { what: what.to_string(), result }));
		}
		self.note(&format!("{what} (signed by {})", signer.public_key().to_account_id()));
		let mut progress = self.progress();
		match sto.submit(call, &signer, self.wait, &mut progress).await {
			Ok(outcome) => Ok(outcome),
			Err(error @ (TxError::Refused(_) | TxError::Failed { .. })) => Err(anyhow!("{what} failed: {error}")),
			Err(TxError::Other(error)) => Err(error.context(format!("{what} failed"))),
		}
	}
}

/// The text lines of an outcome: where it landed and its events.
fn outcome_text(headline: &str, outcome: &Outcome) -> String {
	let mut text = format!("{headline}\nblock #{} {:?}\n", outcome.block_number, outcome.block);
	for event in outcome.events.iter() {
		if matches!(
			(event.pallet.as_str(), event.name.as_str()),
			("System", _) | ("TransactionPayment", _) | ("Balances", "Withdraw" | "Deposit" | "Rescinded" | "Issued")
		) {
			continue;
		}
		text += &format!("  {}\n", event.to_text(&outcome.metadata));
	}
	text
}

/// Run a parsed command line.
pub async fn run(cli: Cli) -> Result<()> {
	let context = Context {
		url: cli
			.url
			.or_else(|| std::env::var("STO_URL").ok())
			.unwrap_or_else(|| "ws://127.0.0.1:9944".to_string()),
		suri: cli.suri.or_else(|| std::env::var("STO_SURI").ok()),
		wait: if cli.in_block { Wait::InBlock } else { Wait::Finalized },
		quiet: cli.quiet,
		json: cli.json,
		dry_run: cli.dry_run,
	};
	// The settlements send through their own path (preview, then settle): their dry run is the
	// preview.
	if context.dry_run &&
		matches!(cli.command, Group::Custody(custody::Command::Settle { .. }) | Group::Exchange(exchange::Command::Settle { .. }))
	{
		return Err(anyhow!("--dry-run: a settlement's dry run is its preview (`sto custody preview`); nothing was sent"));
	}
	let result = match cli.command {
		Group::Token(command) => token::run(&context, command).await,
		Group::Identity(command) => identity::run(&context, command).await,
		Group::Custody(command) => custody::run(&context, command).await,
		Group::Exchange(command) => exchange::run(&context, command).await,
		Group::Council(command) => council::run(&context, command).await,
		Group::Corporate(command) => corporate::run(&context, command).await,
		Group::Offering(command) => offering::run(&context, command).await,
		Group::Bridge(command) => bridge::run(&context, command).await,
	};
	let output = match result {
		Ok(output) => output,
		Err(error) => match error.downcast::<DryRunDone>() {
			Ok(done) => done.output(),
			Err(error) => return Err(error),
		},
	};
	if context.json {
		println!("{}", serde_json::to_string_pretty(&output.json)?);
	} else {
		print!("{}", output.text);
		if !output.text.ends_with('\n') {
			println!();
		}
	}
	match output.failure {
		Some(failure) => Err(anyhow!(failure)),
		None => Ok(()),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::CommandFactory;

	#[test]
	fn the_command_line_is_well_formed_and_documented() {
		Cli::command().debug_assert();
		// Every command and argument has a description.
		fn check(command: &clap::Command, path: &str) {
			for sub in command.get_subcommands() {
				let path = format!("{path} {}", sub.get_name());
				assert!(sub.get_about().is_some(), "`{path}` has no description");
				for arg in sub.get_arguments() {
					if arg.get_id() != "help" && arg.get_id() != "version" {
						assert!(arg.get_help().is_some(), "`{path}` argument `{}` has no description", arg.get_id());
					}
				}
				check(sub, &path);
			}
		}
		check(&Cli::command(), "sto");
	}

	#[test]
	fn arguments_parse() {
		let cli = Cli::try_parse_from(["sto", "--json", "custody", "settle", "batch.json", "--no-preview"]).expect("parses");
		assert!(cli.json);
		let error = Cli::try_parse_from(["sto", "custody", "grant", "3", "1"]).expect_err("--cap is required");
		assert!(error.to_string().contains("--cap"));
	}
}
