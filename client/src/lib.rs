//! # STO client
//!
//! A Rust client of the STO appchain on [subxt], and the library behind the `sto` command-line
//! tool (`cli/`, crate `sto-cli`) and the exchange adapter (`exchange/`, crate `sto-exchange`).
//! Calls, reads and types are generated at compile time from the committed metadata
//! ([`runtime`]); a runtime change that breaks the client breaks its build.
//!
//! - [`runtime`]: the generated interface (`runtime::api`), names matched against the
//!   metadata's variants, values described with the runtime's own documentation.
//! - [`chain`]: the connection ([`Sto`]), call data, signed submission with progress
//!   (submitted, in block, finalized), a dry run of any call, refusals explained, and the free
//!   reads (runtime APIs over `state_call`, view functions), typed or as JSON.
//! - [`errors`]: dispatch errors in one clear line; settlement errors name the leg and the
//!   reason (`leg 3 refused: not compliant: MaxBalance (…)`).
//! - [`token`], [`rules`], [`identity`]: what issuers, their compliance officers and KYC
//!   providers do (create a token, partitions, issue, rules, documents, claims).
//! - [`custody`], [`batch`]: what exchanges and their investors do (venue bindings,
//!   mandates, preview and atomic settlement of a batch file).
//! - [`onboarding`]: the brokerage-account onboarding request an exchange shows as a QR code
//!   and the investor's wallet signs (a salted venue reference, a mandate, one-time, expiring).
//! - [`value`]: values decoded with their metadata types, shown as text or JSON (events and
//!   answers printed for people and scripts, error documentation).
//!
//! ```no_run
//! # async fn example() -> anyhow::Result<()> {
//! use sto_client::{batch::Batch, chain::{keypair, Sto, Wait}, custody};
//! let sto = Sto::connect("ws://127.0.0.1:9944").await?;
//! let exchange = keypair("//Exchange")?;
//! let batch = Batch::read("batch.json".as_ref())?;
//! let preview = custody::preview(&sto, &exchange.public_key().to_account_id(), &batch).await?;
//! if let Some(reason) = preview.refusal() {
//!     anyhow::bail!(reason);
//! }
//! let settled = custody::settle(&sto, &exchange, &batch, false, Wait::Finalized, &mut |stage| eprintln!("{stage}")).await?;
//! println!("settled in block #{}", settled.outcome.block_number);
//! # Ok(()) }
//! ```

pub mod batch;
pub mod chain;
pub mod council;
pub mod custody;
pub mod errors;
pub mod identity;
pub mod onboarding;
pub mod rules;
pub mod runtime;
pub mod token;
pub mod value;

pub use chain::{keypair, Sto};
pub use subxt;
pub use subxt_signer;
