//! `sto`: the command-line tool of the STO appchain for issuers and exchanges.
//!
//! `sto --help` lists the command groups; every command has `--help`. Results go to stdout
//! (`--json` for programs), progress to stderr; on failure `sto` prints one line
//! `error: …` on stderr and exits with status 1.

mod commands;

use clap::Parser;

#[tokio::main]
async fn main() {
	let args = commands::Cli::parse();
	if let Err(error) = commands::run(args).await {
		eprintln!("error: {}", sto_client::errors::one_line(&format!("{error:#}")));
		std::process::exit(1);
	}
}
