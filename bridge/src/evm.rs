//! The EVM side: a JSON-RPC provider, the finalized block, the gateway's state.

use crate::contracts::BridgeGateway;
use alloy::{
	eips::{BlockId, BlockNumberOrTag},
	network::EthereumWallet,
	primitives::Address,
	providers::{DynProvider, Provider, ProviderBuilder},
	signers::local::PrivateKeySigner,
};
use anyhow::{anyhow, bail, Result};

/// A provider for reads (signers).
pub fn reader(url: &str) -> Result<DynProvider> {
	let url = url.parse().map_err(|e| anyhow!("not an EVM JSON-RPC URL: {url}: {e}"))?;
	Ok(ProviderBuilder::new().connect_http(url).erased())
}

/// A provider that signs transactions with `key` (the relay's funded EVM account).
pub fn writer(url: &str, key: PrivateKeySigner) -> Result<DynProvider> {
	let url = url.parse().map_err(|e| anyhow!("not an EVM JSON-RPC URL: {url}: {e}"))?;
	Ok(ProviderBuilder::new().wallet(EthereumWallet::from(key)).connect_http(url).erased())
}

/// Fails unless the node at `provider` is EVM chain `chain`.
pub async fn check_chain(provider: &DynProvider, chain: u64) -> Result<()> {
	let id = provider.get_chain_id().await.map_err(|e| anyhow!("read the EVM chain id: {e}"))?;
	if id != chain {
		bail!("the EVM node is chain {id}, not chain {chain}");
	}
	Ok(())
}

/// A block's number and time (Unix seconds).
#[derive(Clone, Copy, Debug)]
pub struct Head {
	pub number: u64,
	pub timestamp: u64,
}

impl Head {
	pub fn id(&self) -> BlockId {
		BlockId::Number(BlockNumberOrTag::Number(self.number))
	}
}

/// The latest finalized block (or the latest one, for `finalized == false`).
pub async fn head(provider: &DynProvider, finalized: bool) -> Result<Head> {
	let tag = if finalized { BlockNumberOrTag::Finalized } else { BlockNumberOrTag::Latest };
	let block = provider
		.get_block_by_number(tag)
		.await
		.map_err(|e| anyhow!("read the EVM chain's {tag} block: {e}"))?
		.ok_or_else(|| anyhow!("the EVM node has no {tag} block yet"))?;
	Ok(Head { number: block.header.number, timestamp: block.header.timestamp })
}

/// A burn at a gateway, as the gateway keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Burn {
	pub from: Address,
	pub recipient: alloy::primitives::B256,
	pub amount: alloy::primitives::U256,
}

/// The gateway's state the signers read, at block `at`.
pub struct Gateway {
	contract: BridgeGateway::BridgeGatewayInstance<DynProvider>,
}

impl Gateway {
	pub fn new(provider: &DynProvider, address: Address) -> Self {
		Self { contract: BridgeGateway::new(address, provider.clone()) }
	}

	pub async fn minted(&self, nonce: u64, at: BlockId) -> Result<bool> {
		self.contract.minted(nonce).block(at).call().await.map_err(|e| anyhow!("gateway.minted({nonce}): {e}"))
	}

	pub async fn burn_count(&self, at: BlockId) -> Result<u64> {
		self.contract.burnCount().block(at).call().await.map_err(|e| anyhow!("gateway.burnCount: {e}"))
	}

	pub async fn burn(&self, nonce: u64, at: BlockId) -> Result<Burn> {
		let burn = self.contract.burns(nonce).block(at).call().await.map_err(|e| anyhow!("gateway.burns({nonce}): {e}"))?;
		Ok(Burn { from: burn.from, recipient: burn.recipient, amount: burn.amount })
	}
}
