//! Typed bindings of the bridge's contracts, generated from their compiled ABI and bytecode
//! (`contracts/out`, written by build.rs from `contracts/src`).

#![allow(missing_docs, clippy::too_many_arguments)]

alloy::sol!(
	#[sol(rpc)]
	#[derive(Debug)]
	BridgeGateway,
	"../contracts/out/BridgeGateway.json"
);

alloy::sol!(
	#[sol(rpc)]
	#[derive(Debug)]
	CommitteeVerifier,
	"../contracts/out/CommitteeVerifier.json"
);

alloy::sol!(
	#[sol(rpc)]
	#[derive(Debug)]
	WrappedSecurityToken,
	"../contracts/out/WrappedSecurityToken.json"
);

alloy::sol!(
	#[sol(rpc)]
	#[derive(Debug)]
	AllowList,
	"../contracts/out/AllowList.json"
);
