//! The end-to-end tests of the chain: real `sto-node` processes on loopback (started by
//! sto-harness on test chains with short slots), driven over JSON-RPC with subxt and the
//! client. One test binary, one module per scenario: every test binary links subxt and the
//! client, so one link serves them all; the test runner still runs each test in its own process
//! (.config/nextest.toml runs three end-to-end tests at a time).

mod chain_specs;
mod compliance;
mod consortium;
mod consortium_spec;
mod dev_node;
mod identity;
mod js_client;
mod metadata;
mod token;
