//! The EVM bridge's events (pallet `EvmBridge`) → [`BridgeRecord`]s: each event that changes
//! what the bridge keeps. Votes below a threshold change nothing the tables keep (they are in
//! the JSON log), except a vote for a message, which may restart its attestation.

use super::{account, address, decode, hex_bytes};
use crate::model::{BridgeRecord, BridgeSigner, Record, ReleaseCause};
use anyhow::Result;
use serde_json::json;
use sto_client::{
	chain::StoConfig,
	runtime::api::{evm_bridge::events as bridge, runtime_types::pallet_evm_bridge as types},
};
use subxt::events::Event;

/// The records of one event of the bridge (none for a vote that changes nothing kept).
pub(super) fn records(event: &Event<'_, StoConfig>) -> Result<Vec<Record>> {
	macro_rules! on {
		($ty:ty, |$e:ident| $body:expr) => {
			if let Some(decoded) = decode::<$ty>(event) {
				let $e = decoded?;
				return Ok($body.into_iter().map(Record::Bridge).collect());
			}
		};
	}
	on!(bridge::SignerSetRotated, |e| Some(BridgeRecord::SignerSet {
		set_id: e.set_id,
		signers: e.signers.0.iter().map(|s| BridgeSigner { account: account(&s.account), key: address(&s.key) }).collect(),
		threshold: e.threshold,
		previous_valid_until: e.previous_valid_until.map(u64::from),
	}));
	on!(bridge::RouteSet, |e| Some(BridgeRecord::Route {
		token: e.token.into(),
		partition: e.partition.into(),
		chain: e.chain,
		gateway: address(&e.route.gateway),
		wrapped: address(&e.route.wrapped),
		enabled: e.route.enabled,
		per_export: e.route.limits.per_export,
		per_window: e.route.limits.per_window,
		per_identity_window: e.route.limits.per_identity_window,
	}));
	on!(bridge::RouteRemoved, |e| Some(BridgeRecord::RouteRemoved {
		token: e.token.into(),
		partition: e.partition.into(),
		chain: e.chain,
	}));
	on!(bridge::Paused, |e| Some(BridgeRecord::Flag {
		flag: "paused",
		value: true,
		detail: json!({ "by": e.by.as_ref().map(account).unwrap_or_else(|| "governance".into()) }).to_string(),
	}));
	on!(bridge::Unpaused, |_e| Some(BridgeRecord::Flag {
		flag: "paused",
		value: false,
		detail: json!({ "by": "governance" }).to_string(),
	}));
	on!(bridge::ImportEquivocation, |e| Some(BridgeRecord::Flag {
		flag: "imports_halted",
		value: true,
		detail: json!({
			"chain": e.chain,
			"gateway": address(&e.gateway),
			"nonce": e.nonce,
			"signer": address(&e.signer),
			"digest": hex_bytes(&e.digest),
			"signature": hex_bytes(&e.signature),
		})
		.to_string(),
	}));
	on!(bridge::ImportsResumed, |e| Some(BridgeRecord::Flag {
		flag: "imports_halted",
		value: false,
		detail: json!({
			"discarded": e
				.discarded
				.as_ref()
				.map(|(chain, gateway, nonce)| json!({ "chain": chain, "gateway": address(gateway), "nonce": nonce })),
		})
		.to_string(),
	}));
	on!(bridge::CommitteeSet, |e| Some(BridgeRecord::Committee {
		chain: e.chain,
		verifier: e.verifier.as_ref().map(address),
		set_id: e.set_id,
	}));
	on!(bridge::Exported, |e| Some(BridgeRecord::Exported {
		nonce: e.nonce,
		token: e.token.into(),
		partition: e.partition.into(),
		chain: e.chain,
		holder: account(&e.holder),
		recipient: address(&e.recipient),
		identity: e.identity,
		amount: e.amount,
		deadline: e.deadline,
		digest: hex_bytes(&e.digest),
	}));
	on!(bridge::ExportAttested, |e| Some(BridgeRecord::ExportAttested {
		nonce: e.nonce,
		set_id: e.set_id,
		signatures: e.signatures.iter().map(|s| hex_bytes(s)).collect(),
	}));
	on!(bridge::ExportMinted, |e| Some(BridgeRecord::ExportMinted { nonce: e.nonce }));
	on!(bridge::ExportRefunded, |e| Some(BridgeRecord::ExportRefunded { nonce: e.nonce }));
	on!(bridge::ReleaseQuarantined, |e| Some(BridgeRecord::Quarantined {
		id: e.id,
		cause: match &e.cause {
			types::ReleaseCause::Refund { export } => ReleaseCause::Refund { export: *export },
			types::ReleaseCause::Import { chain, gateway, nonce, from } => {
				ReleaseCause::Import { chain: *chain, gateway: address(gateway), nonce: *nonce, from: address(from) }
			},
		},
		to: account(&e.to),
		amount: e.amount,
		reason: format!("{:?}", e.reason),
	}));
	on!(bridge::QuarantineReleased, |e| Some(BridgeRecord::QuarantineReleased { id: e.id }));
	on!(bridge::QuarantineBounced, |e| Some(BridgeRecord::QuarantineBounced {
		id: e.id,
		nonce: e.nonce,
		recipient: address(&e.recipient),
		amount: e.amount,
		deadline: e.deadline,
		digest: hex_bytes(&e.digest),
	}));
	on!(bridge::Imported, |e| Some(BridgeRecord::Imported {
		chain: e.chain,
		gateway: address(&e.gateway),
		nonce: e.nonce,
		token: e.token.into(),
		partition: e.partition.into(),
		from: address(&e.from),
		to: account(&e.to),
		amount: e.amount,
	}));
	on!(bridge::AllowRequested, |e| Some(BridgeRecord::AllowRequested {
		id: e.id,
		token: e.token.into(),
		partition: e.partition.into(),
		chain: e.chain,
		wallet: address(&e.wallet),
		identity: e.identity,
		expiry: e.expiry,
		sequence: e.sequence,
		digest: hex_bytes(&e.digest),
	}));
	on!(bridge::ControlRequested, |e| Some(BridgeRecord::ControlRequested {
		id: e.id,
		token: e.token.into(),
		partition: e.partition.into(),
		chain: e.chain,
		sequence: e.sequence,
		action: format!("{:?}", e.action),
		account: address(&e.account),
		to: address(&e.to),
		amount: e.amount,
		digest: hex_bytes(&e.digest),
	}));
	on!(bridge::RotationRequested, |e| Some(BridgeRecord::RotationRequested {
		id: e.id,
		chain: e.chain,
		verifier: address(&e.verifier),
		set_id: e.set_id,
		signers: e.signers.0.iter().map(address).collect(),
		previous_valid_until: e.previous_valid_until,
		digest: hex_bytes(&e.digest),
	}));
	on!(bridge::Attested, |e| match e.kind {
		types::AttestationKind::Message => Some(BridgeRecord::MessageVoted { id: e.nonce }),
		_ => None,
	});
	on!(bridge::MessageAttested, |e| Some(BridgeRecord::MessageAttested {
		id: e.id,
		set_id: e.set_id,
		signatures: e.signatures.iter().map(|s| hex_bytes(s)).collect(),
	}));
	Ok(Vec::new())
}
