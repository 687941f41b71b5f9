//! # sto-indexer: the cap-table service
//!
//! Rebuilds ownership from the chain's finalized events alone (the token is the only ownership
//! database) into SQLite or PostgreSQL, proves the result against chain state, and serves it
//! over HTTP. docs/INDEXER.md describes how to run it, the schema, the API and the
//! reconciliation.
//!
//! - [`source`]: the chain over JSON-RPC (finalized blocks, each decoded with its own
//!   metadata; the genesis state; the state reconciliation compares with).
//! - [`decode`]: events → [`model::Record`]s, the one decoder.
//! - [`store`]: the database (sqlx `Any`: one code path for both), one transaction per batch
//!   of blocks together with the cursor.
//! - [`indexer`]: the run loop (catch-up with progress, following, periodic reconciliation).
//! - [`reconcile`]: the database against chain state at one block.
//! - [`bridge`]: the EVM bridge's state at one block, as both sides of the reconciliation
//!   build it, and their comparison.
//! - [`api`]: the HTTP API, CSV export, OpenAPI description and web page.

pub mod amount;
pub mod api;
pub mod bridge;
pub mod decode;
pub mod indexer;
pub mod model;
pub mod reconcile;
pub mod source;
pub mod store;
