//! Typed bindings of the bridge's contracts, generated from their compiled ABI and bytecode:
//! build.rs compiles `contracts/src` into `$OUT_DIR/contracts` and writes one `alloy::sol!` per
//! contract (`BridgeGateway`, `CommitteeVerifier`, `WrappedSecurityToken`, `AllowList`).

#![allow(missing_docs, clippy::too_many_arguments)]

include!(concat!(env!("OUT_DIR"), "/contracts.rs"));
