//! The on-chain steps tests share, on top of the client ([`sto_client`]): submit a payload and
//! wait for it, fund accounts, register and verify identities in one batch, create a token,
//! pass a council motion, register session keys, find who authored a block. Calls, reads,
//! consents and council calls are the client's own ([`Sto`], [`sto_client::identity`],
//! [`sto_client::token`], [`sto_client::council`]).

use crate::{Client, Node};
use anyhow::{anyhow, bail, ensure, Context, Result};
use sto_client::{
	chain::{Call, Outcome, Wait},
	council, identity,
	runtime::{
		api::{
			self,
			runtime_types::{
				pallet_security_token::types::{InstrumentType, Underlying},
				sp_runtime::MultiSignature as RuntimeSignature,
				sto_primitives::identity::ClaimScope,
			},
		},
		bounded, ClaimTopic, CountryCode, IdentityKind, PartitionRights, TokenTerms,
	},
	token,
};
use subxt::{
	config::substrate::DigestItem,
	dynamic::{self, At, Value},
	ext::codec::Encode,
	extrinsics::ExtrinsicEvents,
	tx::Payload,
	utils::{AccountId32, MultiSignature, H256},
};
use subxt_signer::sr25519::Keypair;

use crate::StoConfig;
pub use sto_client::{keypair, Sto};

/// One STO (12 decimals).
pub const UNIT: u128 = 1_000_000_000_000;

/// Free fee-token balance of `account` at the latest finalized block.
pub async fn free_balance(client: &Client, account: &AccountId32) -> Result<u128> {
	let at = client.at_current_block().await?;
	let info = at.storage().fetch(api::storage().system().account(), (*account,)).await?.decode()?;
	Ok(info.data.free)
}

/// Sign `payload` with `signer`, submit it, and wait until it is finalized and succeeded.
pub async fn submit_finalized<P: Payload>(
	client: &Client,
	payload: &P,
	signer: &Keypair,
) -> Result<ExtrinsicEvents<StoConfig>> {
	let events = client
		.at_current_block()
		.await?
		.transactions()
		.sign_and_submit_then_watch_default(payload, signer)
		.await
		.context("submit transaction")?
		.wait_for_finalized_success()
		.await
		.context("transaction finalized and succeeded")?;
	Ok(events)
}

/// Sign `payload` with `signer` and submit it, expecting the node to refuse it at once (the
/// transaction pool's validation); returns the node's reason. Fails if the node accepts it.
pub async fn submit_refused<P: Payload>(client: &Client, payload: &P, signer: &Keypair) -> Result<String> {
	let outcome = client.at_current_block().await?.transactions().sign_and_submit_default(payload, signer).await;
	match outcome {
		Ok(hash) => bail!("the node accepted transaction {hash:?}, expected a refusal"),
		Err(error) => Ok(format!("{error:?}")),
	}
}

/// The first event `pallet.name` among `events`, with its fields.
pub fn find_event(events: &ExtrinsicEvents<StoConfig>, pallet: &str, name: &str) -> Result<Option<Value>> {
	Ok(find_events(events, pallet, name)?.into_iter().next())
}

/// Every event `pallet.name` among `events`, in order, with its fields.
pub fn find_events(events: &ExtrinsicEvents<StoConfig>, pallet: &str, name: &str) -> Result<Vec<Value>> {
	let mut found = Vec::new();
	for event in events.iter() {
		let event = event?;
		if event.pallet_name() == pallet && event.event_name() == name {
			found.push(event.decode_fields_unchecked_as::<Value>()?);
		}
	}
	Ok(found)
}

/// The unsigned integer `field` of an event's (or any composite's) fields.
pub fn field_u128(fields: &Value, field: &str) -> Result<u128> {
	fields.at(field).and_then(|v| v.as_u128()).ok_or_else(|| anyhow!("no integer `{field}` in {fields}"))
}

/// SCALE call data (pallet index, call index, arguments) of a payload.
pub async fn call_data<P: Payload>(client: &Client, payload: &P) -> Result<Vec<u8>> {
	Ok(client.at_current_block().await?.transactions().call_data(payload)?)
}

/// Submit SCALE call data (validated against the metadata) signed by `signer`.
pub async fn submit_call_data_finalized(
	client: &Client,
	call_data: &[u8],
	signer: &Keypair,
) -> Result<ExtrinsicEvents<StoConfig>> {
	let at = client.at_current_block().await?;
	let payload = at.transactions().from_call_data_bytes(call_data)?;
	submit_finalized(client, &payload, signer).await
}

/// Sign `calls` (SCALE call data) as one `Utility.batch_all` ([`Sto::batch_all`]) from
/// `signer` (all of them succeed or none does) and wait until it is finalized.
pub async fn submit_batch_finalized(sto: &Sto, calls: &[Vec<u8>], signer: &Keypair) -> Result<ExtrinsicEvents<StoConfig>> {
	let batch = sto.batch_all(calls.iter().cloned().map(Call).collect()).await?;
	submit_call_data_finalized(sto.client(), &batch.0, signer).await
}

/// Pass `call` through the consortium council with the client's council calls: `members[0]`
/// proposes it with a threshold of `members.len()` votes, every member votes aye (all at once),
/// `members[0]` closes the motion, which then dispatches `call` with the council's origin.
/// Fails unless the motion executed successfully (the client reports a failed `Executed`).
pub async fn council_motion(sto: &Sto, members: &[Keypair], call: &Call) -> Result<Outcome> {
	let proposer = members.first().ok_or_else(|| anyhow!("a motion needs members"))?;
	let propose = council::propose(sto, call, members.len() as u32).await?;
	send(sto, &propose, proposer).await.context("propose the motion")?;
	let motion = council::open_motion(sto, sto.call_hash(call).await?).await?;
	let vote = council::vote(sto, &motion, true).await?;
	let votes = members.iter().map(|member| send(sto, &vote, member));
	for vote in futures::future::join_all(votes).await {
		vote.context("council vote")?;
	}
	let close = council::close(sto, &motion).await?;
	let closed = send(sto, &close, proposer).await.context("close the motion")?;
	ensure!(closed.event(council::PALLET, "Executed").is_some(), "the motion was closed but not executed");
	Ok(closed)
}

/// Submit `call` signed by `signer` with the client and wait until it is finalized and succeeded.
pub async fn send(sto: &Sto, call: &Call, signer: &Keypair) -> Result<Outcome> {
	Ok(sto.submit(call, signer, Wait::Finalized, &mut |_| {}).await?)
}

/// Have `node` generate session keys owned by `owner` (`author_rotateKeysWithOwner`), then
/// register them on chain with `session.set_keys` signed by `owner`. Returns the public keys
/// (SCALE: Aura sr25519 key, then GRANDPA ed25519 key).
pub async fn register_session_keys(node: &Node, client: &Client, owner: &Keypair) -> Result<Vec<u8>> {
	#[derive(serde::Deserialize)]
	struct Generated {
		keys: String,
		proof: String,
	}
	let owner_id = owner.public_key().to_account_id();
	let rpc = node.rpc_client().await?;
	let generated: Generated = rpc
		.request(
			"author_rotateKeysWithOwner",
			subxt::rpcs::rpc_params![format!("0x{}", hex::encode(owner_id.encode()))],
		)
		.await
		.context("author_rotateKeysWithOwner")?;
	let keys = decode_hex(&generated.keys)?;
	let proof = decode_hex(&generated.proof)?;
	let mut args = keys.clone();
	args.extend(proof.encode());
	let set_keys = node.sto().await?.raw_call("Session", "set_keys", &args).await?;
	submit_call_data_finalized(client, &set_keys.0, owner).await.context("session.set_keys")?;
	Ok(keys)
}

/// Bytes of a `0x`-prefixed hex string.
pub fn decode_hex(text: &str) -> Result<Vec<u8>> {
	hex::decode(text.trim_start_matches("0x")).with_context(|| format!("not hex: {text}"))
}

/// The Aura key of the validator that authored block `hash`: the slot from the block's Aura
/// pre-runtime digest, modulo the number of Aura authorities at its parent.
pub async fn block_author(client: &Client, hash: H256) -> Result<[u8; 32]> {
	let at = client.at_block(hash).await?;
	let header = at.block_header().await?;
	let slot = header
		.digest
		.logs
		.iter()
		.find_map(|item| match item {
			DigestItem::PreRuntime(engine, data) if engine == b"aura" && data.len() >= 8 => {
				let mut slot = [0u8; 8];
				slot.copy_from_slice(&data[..8]);
				Some(u64::from_le_bytes(slot))
			},
			_ => None,
		})
		.ok_or_else(|| anyhow!("block {hash:?} has no Aura pre-runtime digest"))?;
	let parent = client.at_block(header.parent_hash).await?;
	let authorities = parent
		.storage()
		.fetch(dynamic::storage::<(), Vec<[u8; 32]>>("Aura", "Authorities"), ())
		.await?
		.decode()?;
	if authorities.is_empty() {
		bail!("no Aura authorities at {:?}", header.parent_hash);
	}
	Ok(authorities[(slot % authorities.len() as u64) as usize])
}

/// The active validator set (`Session.Validators`) at the latest finalized block.
pub async fn session_validators(client: &Client) -> Result<Vec<AccountId32>> {
	let at = client.at_current_block().await?;
	Ok(at.storage().fetch(api::storage().session().validators(), ()).await?.decode()?)
}

/// `signer`'s consent to `action` (`CreateIdentity`, `LinkWallet`, `Recover`) on `identity`, as
/// the client signs it ([`identity::consent`]), as a `MultiSignature` for a call's argument.
pub async fn consent(sto: &Sto, signer: &Keypair, action: &str, identity: u64) -> Result<MultiSignature> {
	// The genesis state does not know the genesis hash yet (FRAME records it in block 1).
	let finalized = sto.at().await?.block_number();
	ensure!(finalized >= 1, "ask for a consent payload after block 1 is finalized (at {finalized})");
	Ok(MultiSignature::Sr25519(identity::consent(sto, signer, action, identity).await?))
}

/// Link `wallet` to the identity whose primary wallet is `primary` (the wallet consents), and
/// wait until it is finalized.
pub async fn link_wallet(sto: &Sto, primary: &Keypair, wallet: &Keypair, identity: u64) -> Result<()> {
	let MultiSignature::Sr25519(signature) = consent(sto, wallet, "LinkWallet", identity).await? else {
		bail!("the client signs consents with sr25519");
	};
	let call = api::transactions()
		.identity_registry()
		.link_wallet(wallet.public_key().to_account_id(), RuntimeSignature::Sr25519(signature));
	submit_finalized(sto.client(), &call, primary).await?;
	Ok(())
}

/// Have `registrar` create one identity (kind `NaturalPerson`) for each of `primaries`, which
/// consent, in one batch; returns the identity ids in the same order.
pub async fn register_identities(sto: &Sto, registrar: &Keypair, primaries: &[&Keypair]) -> Result<Vec<u64>> {
	let client = sto.client();
	let mut calls = Vec::with_capacity(primaries.len());
	for primary in primaries {
		let MultiSignature::Sr25519(signature) = consent(sto, primary, "CreateIdentity", 0).await? else {
			bail!("the client signs consents with sr25519");
		};
		let register = api::transactions().identity_registry().register_identity(
			primary.public_key().to_account_id(),
			IdentityKind::NaturalPerson,
			RuntimeSignature::Sr25519(signature),
		);
		calls.push(call_data(client, &register).await?);
	}
	let events = submit_batch_finalized(sto, &calls, registrar).await?;
	let identities = find_events(&events, "IdentityRegistry", "IdentityRegistered")?
		.iter()
		.map(|registered| field_u128(registered, "identity").map(|id| id as u64))
		.collect::<Result<Vec<_>>>()?;
	ensure!(identities.len() == primaries.len(), "one IdentityRegistered event per identity: {identities:?}");
	Ok(identities)
}

/// Have `issuer` add a global KYC claim (no expiry) about each of `identities`, in one batch.
pub async fn add_kyc(sto: &Sto, issuer: &Keypair, identities: &[u64]) -> Result<()> {
	let claims: Vec<(u64, ClaimTopic)> = identities.iter().map(|identity| (*identity, ClaimTopic::Kyc)).collect();
	add_claims(sto, issuer, &claims).await
}

/// Have `issuer` add a global claim (no expiry) of each `(identity, topic)`, in one batch.
pub async fn add_claims(sto: &Sto, issuer: &Keypair, claims: &[(u64, ClaimTopic)]) -> Result<()> {
	let client = sto.client();
	let mut calls = Vec::with_capacity(claims.len());
	for (identity, topic) in claims {
		let claim = api::transactions().identity_registry().add_claim(
			*identity,
			topic.clone(),
			ClaimScope::Global,
			None,
			H256::repeat_byte(0x4b),
		);
		calls.push(call_data(client, &claim).await?);
	}
	submit_batch_finalized(sto, &calls, issuer).await?;
	Ok(())
}

/// A jurisdiction claim topic for an ISO 3166-1 alpha-2 country code.
pub fn jurisdiction(country: &[u8; 2]) -> ClaimTopic {
	ClaimTopic::Jurisdiction(CountryCode(*country))
}

/// Send `amount` of the fee token from Alice to each of `accounts`, in one batch.
pub async fn fund(sto: &Sto, accounts: &[&Keypair], amount: u128) -> Result<()> {
	let client = sto.client();
	let alice = subxt_signer::sr25519::dev::alice();
	let mut calls = Vec::with_capacity(accounts.len());
	for account in accounts {
		let transfer = api::transactions().balances().transfer_keep_alive(account.public_key().to_address::<()>(), amount);
		calls.push(call_data(client, &transfer).await?);
	}
	submit_batch_finalized(sto, &calls, &alice).await?;
	Ok(())
}

/// Partition rights: voting and dividends, transferable as given.
pub fn partition_rights(transferable: bool) -> PartitionRights {
	PartitionRights { voting: true, dividends: true, transferable }
}

/// `issuer` creates a real-estate token `symbol` with the client (one token per unit of
/// underlying, partition 0 "common", transferable, controllable, supply cap `cap`); returns
/// its id.
pub async fn create_token(sto: &Sto, issuer: &Keypair, symbol: &str, name: &str, cap: Option<u128>) -> Result<u32> {
	let terms = TokenTerms {
		symbol: bounded(symbol.as_bytes()),
		name: bounded(name.as_bytes()),
		decimals: 0,
		granularity: 1,
		instrument: InstrumentType::RealEstate,
		underlying: Underlying { numerator: 1, denominator: 1, unit: H256::repeat_byte(0x9a) },
		identifiers: bounded(Vec::new()),
		supply_cap: cap,
		controllable: true,
		default_partition: bounded(&b"common"[..]),
		rights: token::ALL_RIGHTS,
	};
	let create = token::create_token(sto, terms).await?;
	token::created_token(&send(sto, &create, issuer).await?)
}
