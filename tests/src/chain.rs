//! What tests do on chain, the way a client would: read balances, submit transactions, run a
//! council motion, register session keys, find who authored a block.

use crate::{Client, Node};
use anyhow::{anyhow, bail, ensure, Context, Result};
use subxt::{
	config::{substrate::DigestItem, Hasher},
	dynamic::{self, At, Value},
	ext::codec::{Compact, Decode, Encode},
	extrinsics::ExtrinsicEvents,
	tx::Payload,
	utils::{AccountId32, H256},
};
use subxt::utils::MultiSignature;
use subxt_signer::sr25519::Keypair;

use crate::StoConfig;

/// One STO (12 decimals).
pub const UNIT: u128 = 1_000_000_000_000;

/// Free fee-token balance of `account` at the latest finalized block.
pub async fn free_balance(client: &Client, account: &AccountId32) -> Result<u128> {
	let at = client.at_current_block().await?;
	let address = dynamic::storage::<([u8; 32],), Value>("System", "Account");
	let info = at.storage().fetch(address, (account.0,)).await?.decode()?;
	info.at("data")
		.at("free")
		.and_then(|v| v.as_u128())
		.ok_or_else(|| anyhow!("System.Account has no data.free: {info}"))
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

/// Call data of `pallet.call` with already encoded arguments, indices taken from the metadata.
pub async fn raw_call(client: &Client, pallet: &str, call: &str, args: &[u8]) -> Result<Vec<u8>> {
	let at = client.at_current_block().await?;
	let metadata = at.metadata();
	let pallet_meta =
		metadata.pallet_by_name(pallet).ok_or_else(|| anyhow!("no pallet {pallet} in metadata"))?;
	let variant = pallet_meta
		.call_variant_by_name(call)
		.ok_or_else(|| anyhow!("no call {pallet}.{call} in metadata"))?;
	let mut bytes = vec![pallet_meta.call_index(), variant.index];
	bytes.extend_from_slice(args);
	Ok(bytes)
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

/// Sign `calls` (SCALE call data) as one `Utility.batch_all` from `signer` (all of them
/// succeed or none does) and wait until it is finalized.
pub async fn submit_batch_finalized(
	client: &Client,
	calls: &[Vec<u8>],
	signer: &Keypair,
) -> Result<ExtrinsicEvents<StoConfig>> {
	let mut args = Compact(calls.len() as u32).encode();
	for call in calls {
		args.extend_from_slice(call);
	}
	let batch = raw_call(client, "Utility", "batch_all", &args).await?;
	submit_call_data_finalized(client, &batch, signer).await
}

/// Pass `call` through the consortium council: `members[0]` proposes it with a threshold of
/// `members.len()` votes, every member votes aye, `members[0]` closes the motion, which then
/// dispatches `call` with the council's origin. Fails unless the motion executed successfully.
pub async fn council_motion(client: &Client, members: &[Keypair], call: &[u8]) -> Result<()> {
	let proposer = members.first().ok_or_else(|| anyhow!("a motion needs members"))?;
	let threshold = members.len() as u32;
	let mut args = Compact(threshold).encode();
	args.extend_from_slice(call);
	args.extend(Compact(call.len() as u32).encode());
	let propose = raw_call(client, "Council", "propose", &args).await?;
	let events = submit_call_data_finalized(client, &propose, proposer).await?;
	let proposed = find_event(&events, "Council", "Proposed")?
		.ok_or_else(|| anyhow!("no Council.Proposed event"))?;
	let index = field_u128(&proposed, "proposal_index")? as u32;
	let hash: H256 = client.at_current_block().await?.hasher().hash(call);

	// Each member signs its own vote: all at once.
	let votes = members.iter().map(|member| async move {
		let vote = dynamic::tx("Council", "vote", (hash, index, true));
		submit_finalized(client, &vote, member).await.context("council vote")
	});
	for vote in futures::future::join_all(votes).await {
		vote?;
	}

	let weight_bound = Value::named_composite([
		("ref_time", Value::u128(500_000_000_000)),
		("proof_size", Value::u128(1_000_000)),
	]);
	let close =
		dynamic::tx("Council", "close", (hash, index, weight_bound, call.len() as u32));
	let events = submit_finalized(client, &close, proposer).await.context("close the motion")?;
	let executed = find_event(&events, "Council", "Executed")?
		.ok_or_else(|| anyhow!("the motion was closed but not executed"))?;
	let result = executed.at("result").ok_or_else(|| anyhow!("Executed without a result"))?;
	ensure!(
		format!("{result}").starts_with("Ok"),
		"the council's call failed when dispatched: {result}"
	);
	Ok(())
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
	let set_keys = raw_call(client, "Session", "set_keys", &args).await?;
	submit_call_data_finalized(client, &set_keys, owner).await.context("session.set_keys")?;
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
	let validators = at
		.storage()
		.fetch(dynamic::storage::<(), Vec<[u8; 32]>>("Session", "Validators"), ())
		.await?
		.decode()?;
	Ok(validators.into_iter().map(AccountId32).collect())
}

/// Call `<api>_<method>` (a runtime API) at the latest finalized block, decoding the answer as
/// `R`.
pub async fn runtime_api<R: subxt::ext::scale_decode::DecodeAsType>(
	client: &Client,
	api: &str,
	method: &str,
	args: impl subxt::ext::frame_decode::runtime_apis::IntoEncodableValues,
) -> Result<R> {
	let at = client.at_current_block().await?;
	let call = dynamic::runtime_api_call::<_, R>(api, method, args);
	at.runtime_apis().call(call).await.with_context(|| format!("{api}_{method}"))
}

/// `signer`'s consent to `action` (`CreateIdentity`, `LinkWallet`, `Recover`) on `identity`:
/// a signature of the payload the chain says to sign (`IdentityApi_consent_payload`).
pub async fn consent(client: &Client, signer: &Keypair, action: &str, identity: u64) -> Result<MultiSignature> {
	let account = signer.public_key().to_account_id();
	// The genesis state does not know the genesis hash yet (FRAME records it in block 1).
	let finalized = client.at_current_block().await?.block_number();
	ensure!(finalized >= 1, "ask for a consent payload after block 1 is finalized (at {finalized})");
	let payload: Vec<u8> = runtime_api(
		client,
		"IdentityApi",
		"consent_payload",
		(Value::unnamed_variant(action, []), identity, account),
	)
	.await?;
	ensure!(payload.starts_with(b"sto/identity"), "the payload names its domain");
	Ok(MultiSignature::Sr25519(signer.sign(&payload).0))
}

/// Have `registrar` create one identity (kind `NaturalPerson`) for each of `primaries`, which
/// consent, in one batch; returns the identity ids in the same order.
pub async fn register_identities(client: &Client, registrar: &Keypair, primaries: &[&Keypair]) -> Result<Vec<u64>> {
	let mut calls = Vec::with_capacity(primaries.len());
	for primary in primaries {
		let signature = consent(client, primary, "CreateIdentity", 0).await?;
		let register = dynamic::tx(
			"IdentityRegistry",
			"register_identity",
			(primary.public_key().to_account_id(), Value::unnamed_variant("NaturalPerson", []), signature),
		);
		calls.push(call_data(client, &register).await?);
	}
	let events = submit_batch_finalized(client, &calls, registrar).await?;
	let identities = find_events(&events, "IdentityRegistry", "IdentityRegistered")?
		.iter()
		.map(|registered| field_u128(registered, "identity").map(|id| id as u64))
		.collect::<Result<Vec<_>>>()?;
	ensure!(identities.len() == primaries.len(), "one IdentityRegistered event per identity: {identities:?}");
	Ok(identities)
}

/// Have `issuer` add a global KYC claim (no expiry) about each of `identities`, in one batch.
pub async fn add_kyc(client: &Client, issuer: &Keypair, identities: &[u64]) -> Result<()> {
	let claims: Vec<(u64, Value)> =
		identities.iter().map(|identity| (*identity, Value::unnamed_variant("Kyc", []))).collect();
	add_claims(client, issuer, &claims).await
}

/// Have `issuer` add a global claim (no expiry) of each `(identity, topic)`, in one batch.
pub async fn add_claims(client: &Client, issuer: &Keypair, claims: &[(u64, Value)]) -> Result<()> {
	let mut calls = Vec::with_capacity(claims.len());
	for (identity, topic) in claims {
		let claim = dynamic::tx(
			"IdentityRegistry",
			"add_claim",
			(
				*identity,
				topic.clone(),
				Value::unnamed_variant("Global", []),
				None::<u64>,
				H256::repeat_byte(0x4b),
			),
		);
		calls.push(call_data(client, &claim).await?);
	}
	submit_batch_finalized(client, &calls, issuer).await?;
	Ok(())
}

/// A jurisdiction claim topic for an ISO 3166-1 alpha-2 country code.
pub fn jurisdiction(country: &[u8; 2]) -> Value {
	Value::unnamed_variant("Jurisdiction", [Value::unnamed_composite([Value::from_bytes(country)])])
}

/// Send `amount` of the fee token from Alice to each of `accounts`, in one batch.
pub async fn fund(client: &Client, accounts: &[&Keypair], amount: u128) -> Result<()> {
	let alice = subxt_signer::sr25519::dev::alice();
	let mut calls = Vec::with_capacity(accounts.len());
	for account in accounts {
		let transfer = dynamic::tx("Balances", "transfer_keep_alive", (account.public_key().to_address::<()>(), amount));
		calls.push(call_data(client, &transfer).await?);
	}
	submit_batch_finalized(client, &calls, &alice).await?;
	Ok(())
}

/// Call `pallet`'s view function `function` with `args` at the current block, as the runtime
/// expects it: `RuntimeViewFunction_execute_view_function(id, input: Vec<u8>)` answering
/// `Result<Vec<u8>, ViewFunctionDispatchError>`.
///
/// subxt 0.51's `view_functions().call` sends the input without its length prefix (the runtime
/// answers `Err(Codec)`) and decodes the raw answer as the output type, so clients frame the
/// call themselves; this is how.
pub async fn view_function<R: subxt::ext::scale_decode::DecodeAsType>(
	client: &Client,
	pallet: &str,
	function: &str,
	args: impl subxt::ext::frame_decode::runtime_apis::IntoEncodableValues,
) -> Result<R> {
	let at = client.at_current_block().await?;
	let payload = dynamic::view_function_call::<_, R>(pallet, function, args);
	// subxt's encoding: the 32-byte view function id, then the arguments.
	let encoded = at.view_functions().encode_args(&payload)?;
	ensure!(encoded.len() >= 32, "view function call data too short");
	let (id, input) = encoded.split_at(32);
	let mut call = id.to_vec();
	input.to_vec().encode_to(&mut call);
	let raw = at.view_functions().call_raw(Some(&call)).await?;
	let inner = match raw.split_first() {
		Some((0, rest)) => Vec::<u8>::decode(&mut &rest[..]).context("view function answer")?,
		_ => bail!("{pallet}.{function} failed: 0x{}", hex::encode(&raw)),
	};
	let metadata = at.metadata_ref();
	subxt::ext::frame_decode::view_functions::decode_view_function_response(
		pallet,
		function,
		&mut &inner[..],
		metadata,
		metadata.types(),
		R::into_visitor(),
	)
	.map_err(|e| anyhow!("decoding {pallet}.{function}: {e:?}"))
}

/// A keypair from a secret URI (`//Alice`, `//E2E-investor-a`, ...).
pub fn keypair(uri: &str) -> Result<Keypair> {
	Ok(Keypair::from_uri(&uri.parse::<subxt_signer::SecretUri>()?)?)
}

/// Partition rights: voting and dividends, transferable as given.
pub fn partition_rights(transferable: bool) -> Value {
	Value::named_composite([
		("voting", Value::bool(true)),
		("dividends", Value::bool(true)),
		("transferable", Value::bool(transferable)),
	])
}

/// `issuer` creates a real-estate token `symbol` (one token per unit of underlying, partition
/// 0 "common", transferable, controllable, supply cap `cap`); returns its id.
pub async fn create_token(client: &Client, issuer: &Keypair, symbol: &[u8], name: &[u8], cap: Option<u128>) -> Result<u32> {
	let create = dynamic::tx(
		"SecurityToken",
		"create_token",
		// The runtime's `TokenTerms`.
		(Value::named_composite([
			("symbol", Value::from_bytes(symbol)),
			("name", Value::from_bytes(name)),
			("decimals", Value::u128(0)),
			("granularity", Value::u128(1)),
			("instrument", Value::unnamed_variant("RealEstate", [])),
			(
				"underlying",
				Value::named_composite([
					("numerator", Value::u128(1)),
					("denominator", Value::u128(1)),
					("unit", Value::from_bytes(H256::repeat_byte(0x9a).0)),
				]),
			),
			("identifiers", Value::unnamed_composite([])),
			(
				"supply_cap",
				match cap {
					Some(cap) => Value::unnamed_variant("Some", [Value::u128(cap)]),
					None => Value::unnamed_variant("None", []),
				},
			),
			("controllable", Value::bool(true)),
			("default_partition", Value::from_bytes(b"common")),
			("rights", partition_rights(true)),
		]),),
	);
	let events = submit_finalized(client, &create, issuer).await?;
	let created = find_event(&events, "SecurityToken", "TokenCreated")?.ok_or_else(|| anyhow!("no TokenCreated event"))?;
	Ok(field_u128(&created, "token")? as u32)
}
