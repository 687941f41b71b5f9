//! From a block's events to [`Record`]s: the one decoder, used for blocks read from a node and
//! for events produced in-process.
//!
//! Each event is decoded with the metadata of the runtime that emitted it (the block's spec
//! version), so a runtime upgrade does not break the history: the typed events of the
//! generated interface decode by field names and types (`DecodeAsType`), not by a hash of the
//! current shape. Every event of the STO pallets is also kept as JSON ([`Record::Event`]).
//! The EVM bridge's events are decoded in [`bridge`].

mod bridge;

use crate::model::{Located, Movement, NewPartition, NewToken, Record, STO_PALLETS};
use anyhow::{anyhow, Context, Result};
use sto_client::{
	chain::{decode_event, StoConfig},
	runtime::api::{
		self,
		runtime_types::{
			pallet_security_token::types::PartitionRights,
			sto_primitives::identity::{ClaimScope, ClaimTopic},
		},
	},
};
use subxt::{
	events::{DecodeAsEvent, Event, Events},
	utils::{AccountId32, H160, H256},
	Metadata,
};

/// Every record of one block's events, in event order.
pub fn block_records(events: &Events<StoConfig>, metadata: &Metadata) -> Result<Vec<Located>> {
	let mut out = Vec::new();
	for event in events.iter() {
		let event = event.context("decode the block's events")?;
		let pallet = event.pallet_name();
		if !STO_PALLETS.contains(&pallet) {
			continue;
		}
		let index = event.index();
		let name = event.event_name();
		let fields = decode_event(metadata, event.pallet_index(), event.event_index(), event.field_bytes())
			.with_context(|| format!("event #{index} {pallet}.{name}"))?;
		let mut json = fields.to_json(metadata);
		if let Some(object) = json.as_object_mut() {
			object.remove("event");
		}
		out.push(Located {
			index,
			record: Record::Event { pallet: pallet.to_string(), name: name.to_string(), fields: json.to_string() },
		});
		for record in typed(&event, &json).with_context(|| format!("event #{index} {pallet}.{name}"))? {
			out.push(Located { index, record });
		}
	}
	Ok(out)
}

fn decode<E: DecodeAsEvent>(event: &Event<'_, StoConfig>) -> Option<Result<E>> {
	event.decode_fields_as::<E>().map(|decoded| decoded.map_err(|e| anyhow!("{e}")))
}

/// The records an event means, beyond the JSON log.
fn typed(event: &Event<'_, StoConfig>, json: &serde_json::Value) -> Result<Vec<Record>> {
	if event.pallet_name() == "EvmBridge" {
		return bridge::records(event);
	}
	use api::{custody::events as custody, identity_registry::events as registry, security_token::events as token};
	macro_rules! on {
		($ty:ty, |$e:ident| $body:expr) => {
			if let Some(decoded) = decode::<$ty>(event) {
				let $e = decoded?;
				return Ok($body);
			}
		};
	}
	on!(token::Moved, |e| vec![Record::Movement(Movement {
		token: e.token.into(),
		partition: e.partition.into(),
		to_partition: e.to_partition.into(),
		from: e.from.as_ref().map(account),
		to: e.to.as_ref().map(account),
		amount: e.amount,
		kind: format!("{:?}", e.kind),
		operator: e.operator.as_ref().map(account),
		reference: e.reference.as_ref().map(hash),
	})]);
	on!(token::TokenCreated, |e| vec![Record::Token(NewToken {
		token: e.token.into(),
		symbol: text(&e.symbol.0),
		name: text(&e.name.0),
		owner: e.owner,
		decimals: e.decimals,
		instrument: format!("{:?}", e.instrument),
		supply_cap: e.supply_cap,
		status: "Draft".into(),
		paused: false,
		partitions: vec![NewPartition { partition: 0, name: text(&e.default_partition.0), rights: rights(&e.rights) }],
		terms: json.to_string(),
	})]);
	on!(token::StatusChanged, |e| vec![Record::Status { token: e.token.into(), status: format!("{:?}", e.status) }]);
	on!(token::PauseSet, |e| vec![Record::Paused { token: e.token.into(), paused: e.paused }]);
	on!(token::SupplyCapSet, |e| vec![Record::SupplyCap { token: e.token.into(), cap: e.cap }]);
	on!(token::OwnershipTransferred, |e| vec![Record::Owner { token: e.token.into(), owner: e.to }]);
	on!(token::PartitionAdded, |e| vec![Record::Partition {
		token: e.token.into(),
		partition: NewPartition { partition: e.partition.into(), name: text(&e.name.0), rights: rights(&e.rights) },
	}]);
	on!(token::PartitionRightsSet, |e| vec![Record::PartitionRights {
		token: e.token.into(),
		partition: e.partition.into(),
		rights: rights(&e.rights),
	}]);
	on!(token::DocumentSet, |e| vec![Record::Document {
		token: e.token.into(),
		name: text(&e.name.0),
		uri: text(&e.uri.0),
		hash: hash(&e.hash),
	}]);
	on!(token::DocumentRemoved, |e| vec![Record::DocumentRemoved { token: e.token.into(), name: text(&e.name.0) }]);
	on!(registry::IdentityRegistered, |e| vec![
		Record::Identity { identity: e.identity, kind: format!("{:?}", e.kind), primary: account(&e.primary) },
		Record::WalletLinked { identity: e.identity, wallet: account(&e.primary) },
	]);
	on!(registry::WalletLinked, |e| vec![Record::WalletLinked { identity: e.identity, wallet: account(&e.wallet) }]);
	on!(registry::WalletUnlinked, |e| vec![Record::WalletUnlinked { identity: e.identity, wallet: account(&e.wallet) }]);
	on!(registry::PrimaryWalletChanged, |e| vec![Record::Primary { identity: e.identity, wallet: account(&e.new) }]);
	on!(registry::IdentityRecovered, |e| vec![Record::Primary { identity: e.identity, wallet: account(&e.new) }]);
	let claim = |subject, claim_topic: &ClaimTopic, issuer, claim_scope: &ClaimScope, expiry_ms, evidence: &H256| Record::Claim {
		subject,
		topic: topic(claim_topic),
		issuer,
		scope: scope(claim_scope),
		expiry_ms,
		evidence: hash(evidence),
	};
	on!(registry::ClaimAdded, |e| vec![claim(e.subject, &e.topic, e.issuer, &e.scope, e.expiry, &e.evidence)]);
	on!(registry::ClaimUpdated, |e| vec![claim(e.subject, &e.topic, e.issuer, &e.scope, e.expiry, &e.evidence)]);
	on!(registry::ClaimRevoked, |e| vec![Record::ClaimRevoked {
		subject: e.subject,
		topic: topic(&e.topic),
		issuer: e.issuer,
		scope: scope(&e.scope),
	}]);
	on!(custody::BatchSettled, |e| vec![Record::Settlement {
		custodian: e.custodian,
		batch_ref: hash(&e.batch_ref),
		submitter: account(&e.submitter),
		legs: e.legs,
		cash_legs: e.cash_legs,
	}]);
	Ok(Vec::new())
}

/// An account as SS58 text (the generic prefix 42, as the runtime's `SS58Prefix`).
pub fn account(account: &AccountId32) -> String {
	account.to_string()
}

/// A hash as `0x…` hex.
pub fn hash(hash: &H256) -> String {
	format!("{hash:?}")
}

/// An EVM address as `0x…` hex in lower case.
pub fn address(address: &H160) -> String {
	hex_bytes(&address.0)
}

/// Bytes (a digest, a signature) as `0x…` hex.
pub fn hex_bytes(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Bytes as text (names and symbols are UTF-8; anything else is shown as `0x…` hex).
pub fn text(bytes: &[u8]) -> String {
	match std::str::from_utf8(bytes) {
		Ok(s) => s.to_string(),
		Err(_) => format!("0x{}", hex::encode(bytes)),
	}
}

/// A claim topic as text: `Kyc`, `Jurisdiction(DE)`, `Custom(7)`.
pub fn topic(topic: &ClaimTopic) -> String {
	match topic {
		ClaimTopic::Jurisdiction(code) => format!("Jurisdiction({})", text(&code.0)),
		ClaimTopic::Custom(n) => format!("Custom({n})"),
		other => format!("{other:?}"),
	}
}

/// A claim scope as text: `Global` or `Token(3)`.
pub fn scope(scope: &ClaimScope) -> String {
	match scope {
		ClaimScope::Global => "Global".into(),
		ClaimScope::Token(token) => format!("Token({token})"),
	}
}

/// A partition's rights as compact text.
pub fn rights(rights: &PartitionRights) -> String {
	format!("{rights:?}")
}
