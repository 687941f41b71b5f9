//! The chain, as the indexer reads it: finalized blocks over JSON-RPC, each with its events
//! decoded by that block's metadata; the genesis state (block 0 emits no events); and the
//! state the reconciliation compares with (the EVM bridge's in [`bridge`]).

mod bridge;

use crate::{
	bridge::BridgeState,
	decode::{self, account, hash, rights, scope, text, topic},
	model::{BlockData, BlockInfo, Located, Movement, NewPartition, NewToken, Record},
};
use anyhow::{anyhow, bail, Context, Result};
use std::collections::BTreeMap;
use sto_client::{
	chain::{At, Rpc, Sto},
	runtime::api::{
		self as api,
		runtime_types::{pallet_identity_registry::types::ClaimRecord, sto_primitives::identity::ClaimTopic},
	},
	subxt::{
		ext::scale_decode::DecodeAsType,
		storage::{Address, StorageKeyValue},
	},
};
use subxt::utils::{AccountId32, H256};

/// A node of the chain the indexer follows.
pub struct Source {
	sto: Sto,
}

/// What the reconciliation compares: balances by (token, partition, wallet), supply and holder
/// count by token, identities, and the EVM bridge's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
	pub balances: BTreeMap<(u64, u32, String), u128>,
	pub supply: BTreeMap<u64, u128>,
	pub holders: BTreeMap<u64, u64>,
	pub identities: u64,
	pub bridge: BridgeState,
}

impl Source {
	/// Connect to a node (`ws://…`).
	pub async fn connect(url: &str) -> Result<Self> {
		Ok(Self { sto: Sto::connect(url).await? })
	}

	fn rpc(&self) -> &Rpc {
		self.sto.rpc()
	}

	/// The chain's genesis hash, `0x…`.
	pub fn genesis(&self) -> String {
		hash(&self.sto.client().genesis_hash())
	}

	/// The height of the latest finalized block.
	pub async fn finalized_height(&self) -> Result<u64> {
		let head = self.rpc().chain_get_finalized_head().await.context("read the finalized head")?;
		let header = self
			.rpc()
			.chain_get_header(Some(head))
			.await
			.context("read the finalized header")?
			.ok_or_else(|| anyhow!("the node has no header for its finalized head {head:?}"))?;
		Ok(header.number)
	}

	/// The client at block `height`.
	async fn at(&self, height: u64) -> Result<At> {
		self.sto.client().at_block(height).await.with_context(|| format!("block #{height}"))
	}

	/// Block `height`: hash, parent, the spec version of the runtime that executed it,
	/// timestamp and the records of its events.
	///
	/// The runtime that executed block N is the one in its parent's state: a `System.set_code`
	/// in block N takes effect from block N + 1, while the code in N's own state (what the
	/// client at N reports) is already the new one. So N's events are decoded with the
	/// metadata of the runtime named by `System.LastRuntimeUpgrade` at N (frame-executive
	/// writes it in the first block a runtime executes), which differs from the client's only
	/// in a block that set new code.
	pub async fn block(&self, height: u64) -> Result<BlockData> {
		let at = self.at(height).await?;
		let header = at.block_header().await.with_context(|| format!("header of block #{height}"))?;
		let events = at.events().fetch().await.with_context(|| format!("events of block #{height}"))?;
		let executed_by = if height == 0 {
			None
		} else {
			at.storage()
				.try_fetch(api::storage().system().last_runtime_upgrade(), ())
				.await
				.with_context(|| format!("System.LastRuntimeUpgrade at block #{height}"))?
				.map(|info| info.decode())
				.transpose()?
				.map(|info| info.spec_version)
		};
		let parent;
		let (events, runtime) = match executed_by {
			Some(version) if version != at.spec_version() => {
				parent = self.at(height - 1).await?;
				if parent.spec_version() != version {
					bail!(
						"block #{height} was executed by spec version {version} (System.LastRuntimeUpgrade), but its parent's runtime is spec version {}",
						parent.spec_version()
					);
				}
				(parent.events().from_bytes(events.bytes().to_vec()), &parent)
			},
			_ => (events, &at),
		};
		let spec_version = runtime.spec_version();
		let records = decode::block_records(&events, runtime.metadata_ref())
			.with_context(|| format!("block #{height} (spec version {spec_version})"))?;
		let timestamp_ms = if height == 0 {
			0
		} else {
			at.storage()
				.fetch(api::storage().timestamp().now(), ())
				.await
				.with_context(|| format!("Timestamp.Now at block #{height}"))?
				.decode()?
		};
		Ok(BlockData {
			block: BlockInfo {
				height,
				hash: hash(&at.block_hash()),
				parent: hash(&header.parent_hash),
				spec_version,
				timestamp_ms,
			},
			records,
		})
	}

	/// Block 0: its header and the records of the genesis state (identities, wallets, claims,
	/// tokens, documents, holdings as `Genesis` movements). frame-system keeps no events at
	/// block 0, so this is read from state: a node that pruned it (not an archive node) cannot
	/// answer for a chain older than its pruning window.
	pub async fn genesis_block(&self) -> Result<BlockData> {
		let mut data = self.block(0).await?;
		let at = self.at(0).await?;
		let mut records = Vec::new();
		let unreadable = |what: &str| format!("read {what} at genesis (an archive node keeps it: --state-pruning archive)");

		let mut identities = Vec::new();
		for kv in entries(&at, api::storage().identity_registry().identities()).await.with_context(|| unreadable("identities"))? {
			let identity: u64 = key_part(&kv, 0)?;
			let record = kv.value().decode()?;
			identities.push(Record::Identity { identity, kind: format!("{:?}", record.kind), primary: account(&record.primary) });
		}
		records.extend(identities);
		for kv in entries(&at, api::storage().identity_registry().wallets()).await.with_context(|| unreadable("wallets"))? {
			let identity: u64 = key_part(&kv, 0)?;
			let wallet: AccountId32 = key_part(&kv, 1)?;
			records.push(Record::WalletLinked { identity, wallet: account(&wallet) });
		}
		for kv in entries(&at, api::storage().identity_registry().claims()).await.with_context(|| unreadable("claims"))? {
			records.extend(claim_records(key_part(&kv, 0)?, kv.value().decode()?.claims.0));
		}
		for kv in entries(&at, api::storage().identity_registry().token_claims()).await.with_context(|| unreadable("token claims"))? {
			records.extend(claim_records(key_part(&kv, 0)?, kv.value().decode()?.claims.0));
		}
		for kv in entries(&at, api::storage().security_token().tokens()).await.with_context(|| unreadable("tokens"))? {
			let token: u32 = key_part(&kv, 0)?;
			let details = kv.value().decode()?;
			let terms = sto_client::value::decode_all(at.metadata_ref().types(), kv.value().type_id(), kv.value().bytes())
				.map(|v| sto_client::value::to_json(at.metadata_ref().types(), &v).to_string())
				.unwrap_or_else(|_| "{}".into());
			let partitions = details
				.partitions
				.0
				.iter()
				.enumerate()
				.map(|(i, p)| NewPartition { partition: i as u32, name: text(&p.name.0), rights: rights(&p.rights) })
				.collect();
			records.push(Record::Token(NewToken {
				token: token.into(),
				symbol: text(&details.symbol.0),
				name: text(&details.name.0),
				owner: details.owner,
				decimals: details.decimals,
				instrument: format!("{:?}", details.instrument),
				supply_cap: details.supply_cap,
				status: format!("{:?}", details.status),
				paused: details.paused,
				partitions,
				terms,
			}));
		}
		for kv in entries(&at, api::storage().security_token().documents()).await.with_context(|| unreadable("documents"))? {
			let token: u32 = key_part(&kv, 0)?;
			let name: Vec<u8> = key_part(&kv, 1)?;
			let document = kv.value().decode()?;
			records.push(Record::Document { token: token.into(), name: text(&name), uri: text(&document.uri.0), hash: hash(&document.hash) });
		}
		for kv in entries(&at, api::storage().security_token().positions()).await.with_context(|| unreadable("positions"))? {
			let token: u32 = key_part(&kv, 1)?;
			for holding in kv.value().decode()?.holdings.0 {
				if holding.balance == 0 {
					continue;
				}
				records.push(Record::Movement(Movement::genesis(token.into(), holding.partition.into(), account(&holding.account), holding.balance)));
			}
		}
		data.records = records.into_iter().enumerate().map(|(index, record)| Located { index: index as u32, record }).collect();
		Ok(data)
	}

	/// The hash of block `height` (`None` beyond the best block).
	pub async fn block_hash(&self, height: u64) -> Result<Option<String>> {
		Ok(self.rpc().chain_get_block_hash(Some(height.into())).await?.map(|h: H256| hash(&h)))
	}

	/// The state the reconciliation compares, at block `height`.
	pub async fn snapshot(&self, height: u64) -> Result<Snapshot> {
		let at = self.at(height).await?;
		let unreadable = |what: &str| format!("read {what} at block #{height} (an archive node keeps every block's state)");
		let mut snapshot = Snapshot::default();
		for kv in entries(&at, api::storage().security_token().positions()).await.with_context(|| unreadable("positions"))? {
			let token: u32 = key_part(&kv, 1)?;
			for holding in kv.value().decode()?.holdings.0 {
				if holding.balance > 0 {
					snapshot.balances.insert((token.into(), holding.partition.into(), account(&holding.account)), holding.balance);
				}
			}
		}
		for kv in entries(&at, api::storage().security_token().tokens()).await.with_context(|| unreadable("tokens"))? {
			let token: u32 = key_part(&kv, 0)?;
			let details = kv.value().decode()?;
			snapshot.supply.insert(token.into(), details.total_supply);
			snapshot.holders.insert(token.into(), details.holder_count.into());
		}
		snapshot.identities =
			entries(&at, api::storage().identity_registry().identities()).await.with_context(|| unreadable("identities"))?.len() as u64;
		snapshot.bridge = bridge::state(&at, height).await?;
		// What the escrow holds: the bridge account's positions.
		if let Some(escrow) = bridge::escrow_account(&at)? {
			for ((token, partition, wallet), balance) in &snapshot.balances {
				if *wallet == escrow {
					*snapshot.bridge.escrow.entry((*token, *partition)).or_default() += bridge::signed(*balance);
				}
			}
		}
		Ok(snapshot)
	}

	/// Whether the bridge kept anything at block `height` (a signer set, a route, a committee,
	/// the pause): a database whose bridge tables start after it cannot rebuild the bridge.
	pub async fn bridge_in_use(&self, height: u64) -> Result<bool> {
		let state = bridge::state(&self.at(height).await?, height).await?;
		Ok(state != BridgeState::default())
	}
}

/// The claims of one claim book (global or for a token) about `subject`.
fn claim_records(
	subject: u64,
	claims: Vec<(ClaimTopic, u64, ClaimRecord<AccountId32, u128, u64>)>,
) -> impl Iterator<Item = Record> {
	claims.into_iter().map(move |(claim_topic, issuer, record)| Record::Claim {
		subject,
		topic: topic(&claim_topic),
		issuer,
		scope: scope(&record.scope),
		expiry_ms: record.expiry,
		evidence: hash(&record.evidence),
	})
}

/// Every entry of a storage map at a block.
async fn entries<Addr>(at: &At, address: Addr) -> Result<Vec<StorageKeyValue<'_, Addr>>>
where
	Addr: Address,
	(): sto_client::subxt::storage::PrefixOf<Addr::KeyParts>,
{
	let mut iter = at.storage().iter(address, ()).await?;
	let mut out = Vec::new();
	while let Some(kv) = iter.next().await {
		out.push(kv?);
	}
	Ok(out)
}

/// Part `index` of an entry's key (the hasher must keep the key: `…Concat`).
fn key_part<Addr: Address, T: DecodeAsType>(kv: &StorageKeyValue<'_, Addr>, index: usize) -> Result<T> {
	let key = kv.key()?;
	let part = key.part(index).ok_or_else(|| anyhow!("storage key has no part {index}"))?;
	match part.decode_as::<T>()? {
		Some(value) => Ok(value),
		None => bail!("storage key part {index} is hashed, not readable"),
	}
}
