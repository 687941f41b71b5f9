//! `sto-bridge`: the EVM bridge's off-chain processes (docs/BRIDGE.md, "Operating signers and
//! relays").
//!
//! - [`signer::Signer`]: attests exports, their outcomes and burns, each from finalized state
//!   and only after recomputing its message;
//! - [`relay::Relay`]: submits attested mints and messages to the contracts;
//! - [`keeper::Keeper`]: asks for the allow-list entries that should change (removals,
//!   renewals), so that nobody has to remember to.
//!
//! Each derives its work from the state of the chains on every pass, so they can be stopped
//! and restarted at any time, and several relays or keepers can run side by side. Each reports
//! progress as lines (`--json`) and as Prometheus metrics ([`metrics`], `--prometheus-port`).

pub mod appchain;
pub mod contracts;
pub mod evm;
pub mod keeper;
pub mod messages;
pub mod metrics;
pub mod relay;
pub mod report;
pub mod signer;

/// A contract call's failure, with the custom error's name when the revert data names one of
/// the bridge contracts' errors.
pub fn revert_reason(error: &alloy::contract::Error) -> String {
	use alloy::sol_types::SolInterface;
	if let Some(data) = error.as_revert_data() {
		if let Ok(e) = contracts::BridgeGateway::BridgeGatewayErrors::abi_decode(&data) {
			return format!("{e:?}");
		}
		if let Ok(e) = contracts::CommitteeVerifier::CommitteeVerifierErrors::abi_decode(&data) {
			return format!("{e:?}");
		}
		if let Ok(e) = contracts::WrappedSecurityToken::WrappedSecurityTokenErrors::abi_decode(&data) {
			return format!("{e:?}");
		}
		if let Ok(e) = contracts::AllowList::AllowListErrors::abi_decode(&data) {
			return format!("{e:?}");
		}
	}
	error.to_string()
}
