//! In-process proof, no node: the real runtime (the fuzzer's harness on the native runtime)
//! runs the fuzzer's setup and thousands of random actions (every pallet's calls, wrapped in
//! batches, proxies, multisig and council motions); each block's encoded `System.Events` goes
//! through the indexer's own decoder (the one `run` uses on blocks from a node) into the
//! store, and at every block the harness closes on request the database's balances, supplies,
//! holder counts and identity count equal the runtime's storage at that block. Into SQLite,
//! and into a throwaway PostgreSQL server at the same time.

use anyhow::{bail, ensure, Result};
use std::{collections::BTreeMap, sync::Arc};
use sto_fuzz::{chain, generate, Action, ClosedBlock, Harness};
use sto_harness::{postgres::Postgres, TestDir};
use sto_indexer::{
	decode,
	model::{BlockData, BlockInfo, Located, Movement, NewPartition, NewToken, Record},
	reconcile::compare,
	source::Snapshot,
	store::{State, Store},
};
use sto_runtime::Runtime;
use sto_primitives::identity::ClaimTopic;
use subxt::{
	config::polkadot::{PolkadotConfigBuilder, SpecVersionForRange},
	OfflineClient, PolkadotConfig,
};

fn account(a: &sto_runtime::AccountId) -> String {
	a.to_string()
}

fn text(bytes: &[u8]) -> String {
	decode::text(bytes)
}

/// The genesis state's records, read from the native runtime's storage (what `Source` reads
/// from a node at block 0, in the same order).
fn genesis_records() -> Vec<Located> {
	use pallet_identity_registry::{Claims, Identities, TokenClaims, Wallets};
	use pallet_security_token::{Documents, Positions, Tokens};
	let mut records = Vec::new();
	for (identity, record) in Identities::<Runtime>::iter() {
		records.push(Record::Identity { identity, kind: format!("{:?}", record.kind), primary: account(&record.primary) });
	}
	for (identity, wallet, _) in Wallets::<Runtime>::iter() {
		records.push(Record::WalletLinked { identity, wallet: account(&wallet) });
	}
	let claim = |subject, (topic, issuer, record): &(_, _, pallet_identity_registry::ClaimRecordOf<Runtime>)| Record::Claim {
		subject,
		topic: match topic {
			ClaimTopic::Jurisdiction(code) => format!("Jurisdiction({})", text(&code.0)),
			other => format!("{other:?}"),
		},
		issuer: *issuer,
		scope: format!("{:?}", record.scope),
		expiry_ms: record.expiry,
		evidence: format!("{:?}", record.evidence),
	};
	for (subject, book) in Claims::<Runtime>::iter() {
		records.extend(book.claims.iter().map(|c| claim(subject, c)));
	}
	for (subject, _, book) in TokenClaims::<Runtime>::iter() {
		records.extend(book.claims.iter().map(|c| claim(subject, c)));
	}
	for (token, details) in Tokens::<Runtime>::iter() {
		records.push(Record::Token(NewToken {
			token: token.into(),
			symbol: text(&details.symbol),
			name: text(&details.name),
			owner: details.owner,
			decimals: details.decimals,
			instrument: format!("{:?}", details.instrument),
			supply_cap: details.supply_cap,
			status: format!("{:?}", details.status),
			paused: details.paused,
			partitions: details
				.partitions
				.iter()
				.enumerate()
				.map(|(i, p)| NewPartition { partition: i as u32, name: text(&p.name), rights: format!("{:?}", p.rights) })
				.collect(),
			terms: "{}".into(),
		}));
	}
	for (token, name, document) in Documents::<Runtime>::iter() {
		records.push(Record::Document { token: token.into(), name: text(&name), uri: text(&document.uri), hash: format!("{:?}", document.hash) });
	}
	for (_, token, position) in Positions::<Runtime>::iter() {
		for holding in position.holdings.iter().filter(|h| h.balance > 0) {
			records.push(Record::Movement(Movement::genesis(token.into(), holding.partition.into(), account(&holding.account), holding.balance)));
		}
	}
	records.into_iter().enumerate().map(|(index, record)| Located { index: index as u32, record }).collect()
}

/// The runtime's storage as the reconciliation reads it from a node.
fn chain_snapshot() -> Snapshot {
	use pallet_security_token::{Positions, Tokens};
	let mut snapshot = Snapshot::default();
	for (_, token, position) in Positions::<Runtime>::iter() {
		for holding in position.holdings.iter().filter(|h| h.balance > 0) {
			snapshot.balances.insert((token.into(), holding.partition.into(), account(&holding.account)), holding.balance);
		}
	}
	for (token, details) in Tokens::<Runtime>::iter() {
		snapshot.supply.insert(token.into(), details.total_supply);
		snapshot.holders.insert(token.into(), details.holder_count.into());
	}
	snapshot.identities = pallet_identity_registry::Identities::<Runtime>::iter().count() as u64;
	snapshot
}

/// Decodes captured blocks as `Source` decodes blocks from a node: the runtime's metadata
/// for its spec version.
struct Decoder {
	client: OfflineClient<PolkadotConfig>,
}

impl Decoder {
	fn new() -> Self {
		let version = sto_runtime::VERSION;
		use subxt::ext::codec::Decode;
		let committed = sto_harness::sto_client::runtime::METADATA;
		let metadata = Arc::new(subxt::Metadata::decode(&mut &committed[..]).expect("the committed metadata decodes"));
		let config = PolkadotConfigBuilder::new()
			.set_spec_version_for_block_ranges([SpecVersionForRange {
				block_range: 0..u64::MAX,
				spec_version: version.spec_version,
				transaction_version: version.transaction_version,
			}])
			.set_metadata_for_spec_versions([(version.spec_version, metadata)])
			.build();
		Self { client: OfflineClient::new_with_config(config) }
	}

	fn block(&self, block: &ClosedBlock) -> Result<BlockData> {
		let at = self.client.at_block(u64::from(block.number))?;
		let events = at.events().from_bytes(block.events.clone());
		let records = decode::block_records(&events, at.metadata_ref())?;
		Ok(BlockData {
			block: BlockInfo {
				height: block.number.into(),
				hash: format!("{:?}", block.hash),
				parent: format!("{:?}", block.parent),
				spec_version: sto_runtime::VERSION.spec_version,
				timestamp_ms: block.timestamp_ms,
			},
			records,
		})
	}
}

/// Pseudo-random bytes (xorshift), the same for every run.
fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
	let mut x = seed.max(1);
	(0..len)
		.map(|_| {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			(x >> 24) as u8
		})
		.collect()
}

/// Write the blocks the harness closed since the last call into every store; with `compare`,
/// hold each store against the runtime's storage at the last of them. Whether it compared.
async fn sync(
	harness: &mut Harness,
	stores: &mut [(Store, State)],
	decoder: &Decoder,
	movements: &mut BTreeMap<String, usize>,
	compare_now: bool,
) -> Result<bool> {
	let captured = harness.state.captured.replace(Vec::new()).unwrap_or_default();
	if captured.is_empty() {
		return Ok(false);
	}
	let chain_id = format!("{:?}", harness.with(chain::genesis_hash));
	let blocks = captured.iter().map(|b| decoder.block(b)).collect::<Result<Vec<_>>>()?;
	for located in blocks.iter().flat_map(|b| &b.records) {
		if let Record::Movement(m) = &located.record {
			*movements.entry(m.kind.clone()).or_default() += 1;
		}
	}
	for (store, state) in stores.iter_mut() {
		store.write(&chain_id, state, &blocks, None).await?;
	}
	if !compare_now {
		return Ok(false);
	}
	let height = blocks.last().map(|b| b.block.height).unwrap_or_default();
	let chain = harness.with(chain_snapshot);
	for (store, _) in stores.iter() {
		let differences = compare(&store.snapshot(height).await?, &chain);
		if !differences.is_empty() {
			bail!("{} differs from the runtime at block #{height}: {differences:?}", store.kind());
		}
	}
	Ok(true)
}

#[tokio::test(flavor = "multi_thread")]
async fn random_blocks_of_the_real_runtime_index_to_its_storage() -> Result<()> {
	let dir = TestDir::new("indexer-in-process");
	let sqlite = Store::open(&format!("sqlite://{}", dir.path().join("in-process.db").display())).await?;
	let postgres_server = match sto_harness::postgres::server_bin() {
		Some(_) => Some(Postgres::start(dir.path())?),
		None => None,
	};
	let mut stores = vec![(sqlite, State::default())];
	if let Some(server) = &postgres_server {
		stores.push((Store::open(&server.url()).await?, State::default()));
	}

	let mut harness = Harness::genesis();
	let (genesis_hash, records) = harness.with(|| (chain::genesis_hash(), genesis_records()));
	let genesis = BlockData {
		block: BlockInfo { height: 0, hash: format!("{genesis_hash:?}"), parent: format!("0x{}", "0".repeat(64)), spec_version: sto_runtime::VERSION.spec_version, timestamp_ms: 0 },
		records,
	};
	for (store, state) in &mut stores {
		store.write(&format!("{genesis_hash:?}"), state, std::slice::from_ref(&genesis), None).await?;
	}
	harness.state.captured = Some(Vec::new());
	sto_fuzz::setup::run(&mut harness).map_err(|e| anyhow::anyhow!("the fuzzer's setup: {e}"))?;

	let decoder = Decoder::new();
	let mut movements: BTreeMap<String, usize> = BTreeMap::new();
	let mut checked = 0;

	// Directed first: 1,200 transfers of FUND (token 2, no rules) between its two verified
	// holders, 40 a block, so that the run moves thousands of units whatever the random part
	// achieves; then the random actions (most random calls fail, the rest move tokens in every
	// way the pallets allow).
	let by_name = |name: &str| sto_fuzz::keys::accounts().iter().find(|a| sto_fuzz::keys::name(a) == name).cloned().expect("a pool account");
	let (one, alice_stash) = (by_name("One"), by_name("AliceStash"));
	for i in 0..1_200u32 {
		let (from, to) = if i % 2 == 0 { (&one, &alice_stash) } else { (&alice_stash, &one) };
		let to = to.clone();
		let amount = u128::from(i % 7 + 1);
		harness
			.submit(from, move || {
				sto_runtime::RuntimeCall::SecurityToken(pallet_security_token::Call::transfer_by_partition { token: 2, partition: 0, to, amount, data: None })
			})
			.map_err(|e| anyhow::anyhow!("transfer {i}: {e}"))?;
		if i % 40 == 39 {
			harness.finish(0).map_err(|f| anyhow::anyhow!("{f:?}"))?;
			checked += sync(&mut harness, &mut stores, &decoder, &mut movements, true).await? as usize;
		}
	}

	let actions: Vec<Action> = (0..12u64).flat_map(|seed| generate::actions(&random_bytes(seed + 1, 24_000))).collect();
	ensure!(actions.len() > 2_000, "only {} actions generated", actions.len());
	for (index, action) in actions.iter().enumerate() {
		let closes = matches!(action, Action::NextBlock(_));
		if closes {
			harness.finish(index).map_err(|f| anyhow::anyhow!("{f:?}"))?;
		}
		checked += sync(&mut harness, &mut stores, &decoder, &mut movements, closes).await? as usize;
		harness.act(index, action).map_err(|f| anyhow::anyhow!("{f:?}"))?;
	}
	let total: usize = movements.values().sum();
	eprintln!(
		"[in-process] 1,200 directed transfers and {} random actions, {checked} blocks compared in {} database(s), movements by kind: {movements:?}",
		actions.len(),
		stores.len()
	);
	ensure!(total >= 1_000, "only {total} movements: {movements:?}");
	ensure!(movements.len() >= 5, "movements of too few kinds: {movements:?}");
	ensure!(checked >= 50, "only {checked} blocks compared");
	if stores.len() == 2 {
		let (a, b) = (stores[0].0.dump().await?, stores[1].0.dump().await?);
		ensure!(a == b, "SQLite and PostgreSQL hold different rows");
	}
	Ok(())
}
