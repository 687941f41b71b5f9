//! The connection to a node: calls built against its metadata, signed submission with progress
//! (submitted, in block, finalized) and clear refusals, and the free reads (runtime APIs and
//! view functions, evaluated at the latest finalized block).

use crate::{
	errors::{self, ChainError},
	value::{self, TypedValue},
};
use anyhow::{anyhow, bail, Context, Result};
use std::fmt;
use subxt::{
	config::{DefaultExtrinsicParamsBuilder, Hasher, RpcConfigFor},
	rpcs::{methods::LegacyRpcMethods, RpcClient},
	dynamic::{self, Value},
	ext::{codec::Compact, codec::Encode, frame_decode::runtime_apis::IntoEncodableValues, scale_decode::DecodeAsType},
	transactions::{Payload, TransactionStatus},
	utils::{AccountId32, H256},
	ArcMetadata, Metadata, OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// The chain's configuration: AccountId32 accounts, `MultiAddress`, `MultiSignature`,
/// BlakeTwo256, u32 block numbers.
pub type StoConfig = PolkadotConfig;
/// A subxt client of an STO node.
pub type Client = OnlineClient<StoConfig>;
/// The client at one block.
pub type At = subxt::OnlineClientAtBlock<StoConfig>;

/// SCALE call data: pallet index, call index, arguments (what `Utility.batch_all` and
/// `Sudo.sudo` wrap).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call(pub Vec<u8>);

impl Call {
	/// `0x…` hex of the call data (what a council member proposes).
	pub fn to_hex(&self) -> String {
		format!("0x{}", hex::encode(&self.0))
	}
}

/// How long a submission waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Wait {
	/// Until the transaction is in a best block (about one slot; may still be retracted).
	InBlock,
	/// Until its block is finalized (GRANDPA): final.
	#[default]
	Finalized,
}

/// Where a submitted transaction is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
	/// The node accepted it into its pool.
	Submitted { extrinsic: H256 },
	/// It is in a best block.
	InBlock { block: H256 },
	/// A reorganization took its block out of the best chain (it may come back).
	Retracted,
	/// Its block is finalized.
	Finalized { block: H256 },
}

impl fmt::Display for Stage {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Stage::Submitted { extrinsic } => write!(f, "submitted {extrinsic:?}"),
			Stage::InBlock { block } => write!(f, "in block {block:?}"),
			Stage::Retracted => write!(f, "retracted from the best chain, waiting"),
			Stage::Finalized { block } => write!(f, "finalized in block {block:?}"),
		}
	}
}

/// One event of a transaction, decoded.
#[derive(Clone, Debug)]
pub struct Event {
	pub pallet: String,
	pub name: String,
	/// The fields, by name (unnamed fields are named by position: `0`, `1`, ...).
	pub fields: Vec<(String, TypedValue)>,
}

impl Event {
	/// Field `name`.
	pub fn field(&self, name: &str) -> Option<&TypedValue> {
		self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
	}

	/// Unsigned integer field `name`.
	pub fn u128(&self, name: &str) -> Option<u128> {
		self.field(name).and_then(value::as_u128)
	}

	/// The bytes of field `name` (an account, a hash; of an `Option` field, what it holds).
	pub fn bytes(&self, name: &str) -> Option<Vec<u8>> {
		let field = self.field(name)?;
		let field = match value::variant(field) {
			Some(("Some", inner)) => value::first_field(inner)?,
			_ => field,
		};
		value::bytes_of(field)
	}

	/// Account field `name` (of an `Option` field, the account it holds).
	pub fn account(&self, name: &str) -> Option<AccountId32> {
		Some(AccountId32(self.bytes(name)?.try_into().ok()?))
	}

	/// The event as JSON: `{ "event": "Pallet.Name", fields... }`.
	pub fn to_json(&self, metadata: &Metadata) -> serde_json::Value {
		let mut object = serde_json::Map::new();
		object.insert("event".into(), format!("{}.{}", self.pallet, self.name).into());
		for (name, value) in &self.fields {
			object.insert(name.clone(), value::to_json(metadata.types(), value));
		}
		serde_json::Value::Object(object)
	}

	/// The event as one line of text.
	pub fn to_text(&self, metadata: &Metadata) -> String {
		let fields: Vec<String> =
			self.fields.iter().map(|(n, v)| format!("{n}: {}", value::to_text(metadata.types(), v))).collect();
		format!("{}.{} {{ {} }}", self.pallet, self.name, fields.join(", "))
	}
}

/// A transaction that succeeded.
#[derive(Clone, Debug)]
pub struct Outcome {
	pub extrinsic: H256,
	pub block: H256,
	pub block_number: u64,
	/// Its events, in order (`System.ExtrinsicSuccess` included).
	pub events: Vec<Event>,
	/// The metadata the events were decoded with.
	pub metadata: ArcMetadata,
}

impl Outcome {
	/// Every event `pallet.name`.
	pub fn events_named<'a>(&'a self, pallet: &'a str, name: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
		self.events.iter().filter(move |e| e.pallet == pallet && e.name == name)
	}

	/// The first event `pallet.name`.
	pub fn event(&self, pallet: &str, name: &str) -> Option<&Event> {
		self.events.iter().find(|e| e.pallet == pallet && e.name == name)
	}

	/// The events as JSON (system bookkeeping events left out).
	pub fn events_json(&self) -> Vec<serde_json::Value> {
		self.events
			.iter()
			.filter(|e| !is_bookkeeping(e))
			.map(|e| e.to_json(&self.metadata))
			.collect()
	}

	/// The outcome as JSON: extrinsic, block, block number, events.
	pub fn to_json(&self) -> serde_json::Value {
		serde_json::json!({
			"extrinsic": format!("{:?}", self.extrinsic),
			"block": format!("{:?}", self.block),
			"block_number": self.block_number,
			"events": self.events_json(),
		})
	}
}

/// Fee and success events every transaction has.
fn is_bookkeeping(event: &Event) -> bool {
	matches!(
		(event.pallet.as_str(), event.name.as_str()),
		("System", "ExtrinsicSuccess") |
			("TransactionPayment", "TransactionFeePaid") |
			("Balances", "Withdraw") |
			("Balances", "Deposit") |
			("Balances", "Rescinded") |
			("Balances", "Issued")
	)
}

/// How many blocks the signed transaction of a dry run stays valid (the shortest era).
pub const DRY_RUN_BLOCKS: u64 = 4;

/// What a [`Sto::dry_run`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DryRun {
	/// The call would be accepted and succeed.
	Applies,
	/// The node would not accept it (the pool's checks: nonce, fees, the compliance pre-check).
	Refused(String),
	/// It would be included and fail with this error.
	Fails(ChainError),
}

impl DryRun {
	/// `None` when the call would succeed, else why not in one line.
	pub fn refusal(&self) -> Option<String> {
		match self {
			DryRun::Applies => None,
			DryRun::Refused(text) => Some(text.clone()),
			DryRun::Fails(error) => Some(error.to_string()),
		}
	}

	/// The dry run as JSON: `{ "ok": bool, "error": ..., "reason": ... }`.
	pub fn to_json(&self) -> serde_json::Value {
		match self {
			DryRun::Applies => serde_json::json!({ "ok": true }),
			DryRun::Refused(text) => serde_json::json!({ "ok": false, "refused": text }),
			DryRun::Fails(error) => serde_json::json!({ "ok": false, "error": error }),
		}
	}
}

/// The number in a `Custom(n)` of a transaction validity error.
fn custom_code(validity: &TypedValue) -> Option<u128> {
	let (_, fields) = value::variant(validity)?;
	let reason = value::first_field(fields)?;
	match value::variant(reason)? {
		("Custom", code) => value::first_field(code).and_then(value::as_u128),
		_ => None,
	}
}

/// Why a submission did not succeed.
#[derive(Debug)]
pub enum TxError {
	/// The node did not accept the transaction (its pool's validation: bad nonce, too low
	/// balance for the fee, a policy refusal with an ERC-1066 status, ...). It took no block
	/// space; nothing changed.
	Refused(String),
	/// The transaction was included and failed: the runtime refused it, nothing it would
	/// have done happened (the fee was paid).
	Failed { error: ChainError, block: H256, block_number: u64 },
	/// Anything else (connection, decoding).
	Other(anyhow::Error),
}

impl fmt::Display for TxError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			TxError::Refused(message) => f.write_str(message),
			TxError::Failed { error, block_number, .. } => write!(f, "{error} (failed in block #{block_number})"),
			TxError::Other(error) => write!(f, "{}", errors::one_line(&format!("{error:#}"))),
		}
	}
}

impl std::error::Error for TxError {}

impl From<anyhow::Error> for TxError {
	fn from(error: anyhow::Error) -> Self {
		TxError::Other(error)
	}
}

/// Raw JSON-RPC methods of the node (`system_*`, `chain_*`, `state_*`).
pub type Rpc = LegacyRpcMethods<RpcConfigFor<StoConfig>>;

/// A connection to an STO node.
#[derive(Clone)]
pub struct Sto {
	client: Client,
	rpc: Rpc,
	url: String,
}

impl Sto {
	/// Connect to the node at `url` (`ws://` or `wss://`).
	pub async fn connect(url: &str) -> Result<Self> {
		let unreachable =
			|e: String| anyhow!("cannot connect to a node at {url}: {} (is the node running? see --url)", errors::one_line(&e));
		let rpc_client = RpcClient::from_insecure_url(url).await.map_err(|e| unreachable(e.to_string()))?;
		let client = Client::from_rpc_client(rpc_client.clone()).await.map_err(|e| unreachable(e.to_string()))?;
		Ok(Self { client, rpc: Rpc::new(rpc_client), url: url.to_string() })
	}

	/// Raw JSON-RPC methods.
	pub fn rpc(&self) -> &Rpc {
		&self.rpc
	}

	/// The subxt client.
	pub fn client(&self) -> &Client {
		&self.client
	}

	/// The node's URL.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// The client at the latest finalized block.
	pub async fn at(&self) -> Result<At> {
		self.client.at_current_block().await.context("read the latest finalized block")
	}

	/// The metadata of the latest finalized block's runtime.
	pub async fn metadata(&self) -> Result<ArcMetadata> {
		Ok(self.at().await?.metadata())
	}

	/// Whether the runtime has pallet `name`.
	pub async fn has_pallet(&self, name: &str) -> Result<bool> {
		Ok(self.at().await?.metadata_ref().pallet_by_name(name).is_some())
	}

	/// Fail with a clear message unless the runtime has pallet `name`.
	pub async fn require_pallet(&self, name: &str) -> Result<()> {
		if !self.has_pallet(name).await? {
			bail!("the runtime at {} has no {name} pallet (is it an STO chain of this release?)", self.url);
		}
		Ok(())
	}

	/// Call data of a (dynamic) call, checked against the metadata.
	pub async fn call<P: Payload>(&self, payload: &P) -> Result<Call> {
		let data = self
			.at()
			.await?
			.transactions()
			.call_data(payload)
			.map_err(|e| anyhow!("{}.{}: {}", payload.pallet_name(), payload.call_name(), errors::one_line(&e.to_string())))?;
		Ok(Call(data))
	}

	/// Call data of `pallet.call` whose arguments are already SCALE-encoded.
	pub async fn raw_call(&self, pallet: &str, call: &str, args: &[u8]) -> Result<Call> {
		let at = self.at().await?;
		let metadata = at.metadata_ref();
		let pallet_meta = metadata.pallet_by_name(pallet).ok_or_else(|| anyhow!("the runtime has no {pallet} pallet"))?;
		let variant =
			pallet_meta.call_variant_by_name(call).ok_or_else(|| anyhow!("the runtime has no call {pallet}.{call}"))?;
		let mut bytes = vec![pallet_meta.call_index(), variant.index];
		bytes.extend_from_slice(args);
		Ok(Call(bytes))
	}

	/// `Utility.batch_all(calls)`: all succeed or none does. One call is returned as it is.
	pub async fn batch_all(&self, mut calls: Vec<Call>) -> Result<Call> {
		if calls.len() == 1 {
			return Ok(calls.remove(0));
		}
		let mut args = Compact(calls.len() as u32).encode();
		for call in &calls {
			args.extend_from_slice(&call.0);
		}
		self.raw_call("Utility", "batch_all", &args).await
	}

	/// `Sudo.sudo(call)`: `call` dispatched as root (development and test chains).
	pub async fn sudo(&self, call: &Call) -> Result<Call> {
		self.raw_call("Sudo", "sudo", &call.0).await
	}

	/// Hash of a call (what council motions vote on).
	pub async fn call_hash(&self, call: &Call) -> Result<H256> {
		Ok(self.at().await?.hasher().hash(&call.0))
	}

	/// Sign `call` with `signer`, submit it, report each stage to `progress`, and wait as
	/// `wait` says. Fails with [`TxError::Refused`] when the node does not accept it and with
	/// [`TxError::Failed`] (the runtime's error, explained) when it fails in its block, also
	/// when a `Sudo.sudo` or a council motion inside it failed.
	pub async fn submit(
		&self,
		call: &Call,
		signer: &Keypair,
		wait: Wait,
		progress: &mut dyn FnMut(&Stage),
	) -> Result<Outcome, TxError> {
		let at = self.at().await?;
		let payload = at
			.transactions()
			.from_call_data_bytes(&call.0)
			.map_err(|e| anyhow!("the call does not fit the runtime: {}", errors::one_line(&e.to_string())))?;
		// The next nonce as the node sees it (its best block and its pool), not as the finalized
		// block does: a transaction signed right after another one of the same signer that is
		// only in a best block (`Wait::InBlock`), or still in the pool, follows it.
		let account = signer.public_key().to_account_id();
		let nonce = self
			.rpc
			.system_account_next_index(&account)
			.await
			.map_err(|e| anyhow!("read the next nonce of {account}: {}", errors::one_line(&e.to_string())))?;
		let params = DefaultExtrinsicParamsBuilder::<StoConfig>::new().nonce(nonce).build();
		let mut watch = at
			.transactions()
			.sign_and_submit_then_watch(&payload, signer, params)
			.await
			.map_err(|e| {
				let message = format!("{e}");
				if errors::is_pool_refusal(&message) {
					TxError::Refused(errors::explain_pool_refusal(&message))
				} else {
					TxError::Other(anyhow!("submitting the transaction: {}", errors::one_line(&message)))
				}
			})?;
		progress(&Stage::Submitted { extrinsic: watch.extrinsic_hash() });
		let included = loop {
			let Some(status) = watch.next().await else {
				return Err(anyhow!("the node stopped reporting the transaction's progress").into());
			};
			let status = status.map_err(|e| TxError::Other(anyhow!("following the transaction: {e}")))?;
			match status {
				TransactionStatus::Validated | TransactionStatus::Broadcasted => {},
				TransactionStatus::NoLongerInBestBlock => progress(&Stage::Retracted),
				TransactionStatus::InBestBlock(in_block) => {
					progress(&Stage::InBlock { block: in_block.block_hash() });
					if wait == Wait::InBlock {
						break in_block;
					}
				},
				TransactionStatus::InFinalizedBlock(in_block) => {
					progress(&Stage::Finalized { block: in_block.block_hash() });
					break in_block;
				},
				TransactionStatus::Invalid { message } => {
					return Err(TxError::Refused(errors::explain_pool_refusal(&message)));
				},
				TransactionStatus::Dropped { message } => {
					return Err(TxError::Refused(format!(
						"the node dropped the transaction: {}",
						errors::one_line(&message)
					)));
				},
				TransactionStatus::Error { message } => {
					return Err(TxError::Other(anyhow!("the node failed the transaction: {}", errors::one_line(&message))));
				},
			}
		};
		let block = included.block_hash();
		let block_at = included.at().await.map_err(|e| anyhow!("read block {block:?}: {e}"))?;
		let block_number = block_at.block_number();
		let metadata = block_at.metadata();
		let raw_events = included.fetch_events().await.map_err(|e| anyhow!("read the transaction's events: {e}"))?;
		let mut events = Vec::new();
		for event in raw_events.iter() {
			let event = event.map_err(|e| anyhow!("decode an event: {e}"))?;
			events.push(decode_event(&metadata, event.pallet_index(), event.event_index(), event.field_bytes())?);
		}
		if let Some(error) = failure_in(&metadata, &events) {
			return Err(TxError::Failed { error, block, block_number });
		}
		Ok(Outcome { extrinsic: watch.extrinsic_hash(), block, block_number, events, metadata })
	}

	/// What the chain would do with `call` signed by `signer`, without sending it: the call is
	/// signed with the signer's next nonce and applied to the state of the latest finalized
	/// block (`BlockBuilder_apply_extrinsic`, the check `system_dryRun` makes), and the result is
	/// thrown away. Nothing is broadcast by the client, but the node receives a valid signed
	/// transaction (mortal for [`DRY_RUN_BLOCKS`] blocks): ask a node you trust. The pool's
	/// checks (fees, nonce, the compliance pre-check) and the dispatch both run; the block's
	/// own hooks do not (a call that depends on the next block's time can still differ when it
	/// is sent). The inner result of a `Sudo.sudo` or a council motion is not looked into: it
	/// is an event, not the call's result.
	pub async fn dry_run(&self, call: &Call, signer: &Keypair) -> Result<DryRun> {
		let at = self.at().await?;
		let payload = at
			.transactions()
			.from_call_data_bytes(&call.0)
			.map_err(|e| anyhow!("the call does not fit the runtime: {}", errors::one_line(&e.to_string())))?;
		// The nonce at the block the call is applied to (a later one would be "in the future").
		// Mortal for a few blocks from this block's parent: the signed transaction the node sees
		// is valid, and a node that broadcast it instead of only applying it would see it expire
		// within `DRY_RUN_BLOCKS` blocks. (Born at this block itself, it would name a hash the
		// block's own state does not hold yet: `AncientBirthBlock`.)
		let number = at.block_number();
		let params = if number == 0 {
			DefaultExtrinsicParamsBuilder::<StoConfig>::new().immortal().build()
		} else {
			let parent = at.block_header().await.map_err(|e| anyhow!("read the finalized block's header: {e}"))?.parent_hash;
			DefaultExtrinsicParamsBuilder::<StoConfig>::new().mortal_from_unchecked(DRY_RUN_BLOCKS, number - 1, parent).build()
		};
		let mut transactions = at.transactions();
		let signed = transactions
			.create_signed(&payload, signer, params)
			.await
			.map_err(|e| anyhow!("sign the dry run: {}", errors::one_line(&e.to_string())))?;
		let answer = self.runtime_api_raw("BlockBuilder", "apply_extrinsic", signed.encoded()).await?;
		let metadata = answer.metadata.clone();
		let result = answer.value()?;
		let types = metadata.types();
		// Result<Result<(), DispatchError>, TransactionValidityError>
		let Some((outer, fields)) = value::variant(&result) else {
			bail!("BlockBuilder_apply_extrinsic: unexpected answer {}", value::to_text(types, &result));
		};
		let inner = value::first_field(fields);
		Ok(match (outer, inner) {
			("Ok", Some(dispatch)) => match value::variant(dispatch) {
				Some(("Ok", _)) => DryRun::Applies,
				Some(("Err", error)) => match value::first_field(error) {
					Some(error) => DryRun::Fails(errors::explain_dispatch_error(&metadata, error)),
					None => bail!("BlockBuilder_apply_extrinsic: an error without a value"),
				},
				_ => bail!("BlockBuilder_apply_extrinsic: unexpected answer {}", value::to_text(types, &result)),
			},
			("Err", Some(validity)) => {
				// The same words as a refusal of the pool (`Invalid(Custom(18))` names the
				// token's refusal code).
				let text = value::to_text(types, validity);
				let custom = custom_code(validity).map(|code| format!(" Custom error: {code}")).unwrap_or_default();
				DryRun::Refused(errors::explain_pool_refusal(&format!("{text}{custom}")))
			},
			_ => bail!("BlockBuilder_apply_extrinsic: unexpected answer {}", value::to_text(types, &result)),
		})
	}

	/// Call runtime API `<api>_<method>` (`CustodyApi_preview`, ...) with `args` at the latest
	/// finalized block.
	pub async fn runtime_api(&self, api: &str, method: &str, args: impl IntoEncodableValues) -> Result<Answer> {
		self.runtime_api_at(&self.at().await?, api, method, args).await
	}

	/// [`Self::runtime_api`] at block `at` ([`Self::at_best`], for one).
	pub async fn runtime_api_at(&self, at: &At, api: &str, method: &str, args: impl IntoEncodableValues) -> Result<Answer> {
		let metadata = at.metadata();
		let ty = metadata
			.runtime_api_trait_by_name(api)
			.and_then(|t| t.method_by_name(method))
			.map(|m| m.output_ty())
			.ok_or_else(|| anyhow!("the runtime has no runtime API {api}_{method}"))?;
		let payload = dynamic::runtime_api_call::<_, Value>(api, method, args);
		let encoded = at.runtime_apis().encode_args(&payload).map_err(|e| anyhow!("{api}_{method} arguments: {e}"))?;
		self.runtime_api_encoded(at, api, method, ty, &encoded).await
	}

	/// [`Self::runtime_api`] with its arguments already SCALE-encoded (call data, for one).
	pub async fn runtime_api_raw(&self, api: &str, method: &str, encoded_args: &[u8]) -> Result<Answer> {
		let at = self.at().await?;
		let ty = at
			.metadata_ref()
			.runtime_api_trait_by_name(api)
			.and_then(|t| t.method_by_name(method))
			.map(|m| m.output_ty())
			.ok_or_else(|| anyhow!("the runtime has no runtime API {api}_{method}"))?;
		self.runtime_api_encoded(&at, api, method, ty, encoded_args).await
	}

	async fn runtime_api_encoded(&self, at: &At, api: &str, method: &str, ty: u32, encoded: &[u8]) -> Result<Answer> {
		let bytes = at
			.runtime_apis()
			.call_raw(&format!("{api}_{method}"), Some(encoded))
			.await
			.map_err(|e| anyhow!("{api}_{method}: {}", errors::one_line(&e.to_string())))?;
		Ok(Answer { what: format!("{api}_{method}"), bytes, ty, metadata: at.metadata() })
	}

	/// Call view function `pallet.function` with `args` at the latest finalized block.
	///
	/// The runtime expects `RuntimeViewFunction_execute_view_function(id, input: Vec<u8>)` and
	/// answers `Result<Vec<u8>, ViewFunctionDispatchError>`; subxt 0.51 sends the input without
	/// its length prefix, so the call is framed here.
	pub async fn view_function(&self, pallet: &str, function: &str, args: impl IntoEncodableValues) -> Result<Answer> {
		self.view_payload(&self.at().await?, &dynamic::view_function_call::<_, Value>(pallet, function, args)).await
	}

	/// [`Self::view_function`] at block `at`.
	pub async fn view_function_at(&self, at: &At, pallet: &str, function: &str, args: impl IntoEncodableValues) -> Result<Answer> {
		self.view_payload(at, &dynamic::view_function_call::<_, Value>(pallet, function, args)).await
	}

	/// The best block (not yet final: what a wallet's transaction reaches first).
	pub async fn at_best(&self) -> Result<At> {
		let hash = self.rpc().chain_get_block_hash(None).await?.ok_or_else(|| anyhow!("the node has no best block"))?;
		self.client.at_block(hash).await.context("read the best block")
	}

	/// A view function with generated types (`runtime::api::view_functions().security_token()
	/// .transfer_status(..)`), decoded as its generated answer type.
	pub async fn view<P: subxt::view_functions::Payload>(&self, payload: &P) -> Result<P::ReturnType> {
		self.view_payload(&self.at().await?, payload).await?.decode()
	}

	/// A runtime API read with generated types (`runtime::api::runtime_apis().token_api()
	/// .balance_of(..)`), at the latest finalized block.
	pub async fn api<P: subxt::runtime_apis::Payload>(&self, payload: P) -> Result<P::ReturnType> {
		let what = format!("{}_{}", payload.trait_name(), payload.method_name());
		self.at()
			.await?
			.runtime_apis()
			.call(payload)
			.await
			.map_err(|e| anyhow!("{what}: {}", errors::one_line(&e.to_string())))
	}

	async fn view_payload<P: subxt::view_functions::Payload>(&self, at: &At, payload: &P) -> Result<Answer> {
		let (pallet, function) = (payload.pallet_name(), payload.function_name());
		let metadata = at.metadata();
		let ty = metadata
			.pallet_by_name(pallet)
			.and_then(|p| p.view_function_by_name(function))
			.map(|f| f.output_ty())
			.ok_or_else(|| anyhow!("the runtime has no view function {pallet}.{function}"))?;
		// A generated payload is refused when the node's runtime changed its shape.
		at.view_functions().validate(payload).map_err(|e| anyhow!("{pallet}.{function}: {e}"))?;
		let encoded = at.view_functions().encode_args(payload).map_err(|e| anyhow!("{pallet}.{function} arguments: {e}"))?;
		if encoded.len() < 32 {
			bail!("{pallet}.{function}: malformed view function call");
		}
		let (id, input) = encoded.split_at(32);
		let mut framed = id.to_vec();
		input.to_vec().encode_to(&mut framed);
		let raw = at
			.view_functions()
			.call_raw(Some(&framed))
			.await
			.map_err(|e| anyhow!("{pallet}.{function}: {}", errors::one_line(&e.to_string())))?;
		let bytes = match raw.split_first() {
			Some((0, rest)) => <Vec<u8> as subxt::ext::codec::Decode>::decode(&mut &rest[..])
				.map_err(|e| anyhow!("{pallet}.{function} answer: {e}"))?,
			_ => bail!("{pallet}.{function} failed: 0x{}", hex::encode(&raw)),
		};
		Ok(Answer { what: format!("{pallet}.{function}"), bytes, ty, metadata })
	}

	/// Storage entry `pallet.entry` at `keys`, at the latest finalized block (`None`: no value
	/// stored). For the runtime's own pallets' state that no runtime API serves (the council's
	/// motions).
	pub async fn storage<K>(&self, pallet: &str, entry: &str, keys: K) -> Result<Option<Answer>>
	where
		K: subxt::ext::frame_decode::storage::IntoEncodableValues + subxt::ext::frame_decode::storage::IntoDecodableValues,
	{
		let at = self.at().await?;
		let metadata = at.metadata();
		let ty = metadata
			.pallet_by_name(pallet)
			.and_then(|p| p.storage())
			.and_then(|s| s.entry_by_name(entry))
			.map(|e| e.value_ty())
			.ok_or_else(|| anyhow!("the runtime has no storage {pallet}.{entry}"))?;
		let address = dynamic::storage::<K, Value>(pallet, entry);
		let value = at
			.storage()
			.try_fetch(address, keys)
			.await
			.map_err(|e| anyhow!("read {pallet}.{entry}: {}", errors::one_line(&e.to_string())))?;
		Ok(value.map(|value| Answer { what: format!("{pallet}.{entry}"), bytes: value.bytes().to_vec(), ty, metadata }))
	}

	/// Whether the runtime implements runtime API trait `api`.
	pub async fn has_runtime_api(&self, api: &str) -> Result<bool> {
		Ok(self.at().await?.metadata_ref().runtime_api_trait_by_name(api).is_some())
	}

	/// Constant `pallet.name` decoded as `R`.
	pub async fn constant<R: DecodeAsType>(&self, pallet: &str, name: &str) -> Result<R> {
		let at = self.at().await?;
		at.constants()
			.entry(dynamic::constant::<R>(pallet, name))
			.map_err(|e| anyhow!("constant {pallet}.{name}: {}", errors::one_line(&e.to_string())))
	}

	/// The identity an account belongs to (`IdentityApi_identity_of`).
	pub async fn identity_of(&self, account: &AccountId32) -> Result<Option<u64>> {
		self.runtime_api("IdentityApi", "identity_of", (*account,)).await?.decode()
	}
}

/// The answer of a free read (runtime API or view function): its bytes and type.
#[derive(Clone)]
pub struct Answer {
	/// What was asked (`CustodyApi_preview`, `Custody.preview`).
	pub what: String,
	pub bytes: Vec<u8>,
	/// The answer's type in the metadata's registry.
	pub ty: u32,
	pub metadata: ArcMetadata,
}

impl Answer {
	/// The answer decoded with its type ids.
	pub fn value(&self) -> Result<TypedValue> {
		value::decode_all(self.metadata.types(), self.ty, &self.bytes).with_context(|| format!("{} answer", self.what))
	}

	/// The answer decoded as `R`.
	pub fn decode<R: DecodeAsType>(&self) -> Result<R> {
		let mut cursor = &self.bytes[..];
		let decoded = R::decode_as_type(&mut cursor, self.ty, self.metadata.types())
			.map_err(|e| anyhow!("{} answer: {e}", self.what))?;
		if !cursor.is_empty() {
			bail!("{} answer: {} bytes left over", self.what, cursor.len());
		}
		Ok(decoded)
	}

	/// The answer as JSON.
	pub fn json(&self) -> Result<serde_json::Value> {
		Ok(value::to_json(self.metadata.types(), &self.value()?))
	}

	/// The answer as compact text.
	pub fn text(&self) -> Result<String> {
		Ok(value::to_text(self.metadata.types(), &self.value()?))
	}
}

/// Decode one event's fields by its metadata.
pub fn decode_event(metadata: &Metadata, pallet_index: u8, event_index: u8, mut bytes: &[u8]) -> Result<Event> {
	let pallet = metadata
		.pallet_by_event_index(pallet_index)
		.ok_or_else(|| anyhow!("event of unknown pallet #{pallet_index}"))?;
	let variant = pallet
		.event_variant_by_index(event_index)
		.ok_or_else(|| anyhow!("unknown event #{event_index} of {}", pallet.name()))?;
	let mut fields = Vec::with_capacity(variant.fields.len());
	for (position, field) in variant.fields.iter().enumerate() {
		let name = field.name.clone().unwrap_or_else(|| position.to_string());
		let decoded = value::decode(metadata.types(), field.ty.id, &mut bytes)
			.with_context(|| format!("{}.{} field {name}", pallet.name(), variant.name))?;
		fields.push((name, decoded));
	}
	Ok(Event { pallet: pallet.name().to_string(), name: variant.name.clone(), fields })
}

/// The failure among a transaction's events: `System.ExtrinsicFailed`, or a `Sudo.Sudid` /
/// `Council.Executed` whose result is an error.
fn failure_in(metadata: &Metadata, events: &[Event]) -> Option<ChainError> {
	for event in events {
		let error = match (event.pallet.as_str(), event.name.as_str()) {
			("System", "ExtrinsicFailed") => event.field("dispatch_error"),
			("Sudo", "Sudid") | ("Sudo", "SudoAsDone") => {
				event.field("sudo_result").and_then(|result| match value::variant(result) {
					Some(("Err", fields)) => value::first_field(fields),
					_ => None,
				})
			},
			("Council", "Executed") => event.field("result").and_then(|result| match value::variant(result) {
				Some(("Err", fields)) => value::first_field(fields),
				_ => None,
			}),
			// The `Root` call a whitelisted dispatch made (an error with its post-dispatch info).
			("Whitelist", "WhitelistedCallDispatched") => event.field("result").and_then(|result| match value::variant(result) {
				Some(("Err", fields)) => value::first_field(fields).and_then(|with_info| value::field(with_info, "error")),
				_ => None,
			}),
			_ => None,
		};
		if let Some(error) = error {
			return Some(errors::explain_dispatch_error(metadata, error));
		}
	}
	None
}

/// A keypair from a secret URI: `//Alice`, `//Alice//stash`, a 12/24-word phrase (optionally
/// with `//derivation` and `///password`), or `0x` + 32-byte seed.
pub fn keypair(suri: &str) -> Result<Keypair> {
	let uri = suri
		.parse::<subxt_signer::SecretUri>()
		.map_err(|e| anyhow!("not a secret URI (expected e.g. //Alice or a mnemonic phrase): {e}"))?;
	Keypair::from_uri(&uri).map_err(|e| anyhow!("cannot derive a key from the secret URI: {e}"))
}

/// An account from an SS58 address or `0x` + 64 hex digits.
pub fn parse_account(text: &str) -> Result<AccountId32> {
	let text = text.trim();
	if let Some(hex_digits) = text.strip_prefix("0x") {
		let bytes = hex::decode(hex_digits).map_err(|_| anyhow!("not an account: {text:?} (bad hex)"))?;
		let bytes: [u8; 32] = bytes.try_into().map_err(|_| anyhow!("not an account: {text:?} (expected 32 bytes)"))?;
		return Ok(AccountId32(bytes));
	}
	text.parse::<AccountId32>()
		.map_err(|e| anyhow!("not an account: {text:?} (expected an SS58 address or 0x + 64 hex digits: {e})"))
}

/// A whole amount in the smallest unit: decimal digits, `_` allowed as a separator.
pub fn parse_amount(text: &str) -> Result<u128> {
	let digits: String = text.trim().chars().filter(|c| *c != '_').collect();
	if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
		bail!("not a whole amount: {text:?} (amounts are whole numbers of the smallest unit)");
	}
	digits.parse::<u128>().map_err(|_| anyhow!("amount too large: {text:?}"))
}

/// A 32-byte hash: `0x` + 64 hex digits.
pub fn parse_h256(text: &str) -> Result<H256> {
	let digits = text.trim().strip_prefix("0x").ok_or_else(|| anyhow!("not a hash: {text:?} (expected 0x + 64 hex digits)"))?;
	let bytes = hex::decode(digits).map_err(|_| anyhow!("not a hash: {text:?} (bad hex)"))?;
	let bytes: [u8; 32] = bytes.try_into().map_err(|_| anyhow!("not a hash: {text:?} (expected 32 bytes)"))?;
	Ok(H256(bytes))
}

/// BLAKE2b-256 of `bytes` (the chain's hash).
pub fn blake2_256(bytes: &[u8]) -> H256 {
	subxt::config::substrate::BlakeTwo256.hash(bytes)
}

/// A reference given as `0x` + 64 hex digits, or any other text hashed with BLAKE2b-256.
/// Text that starts with `0x` but is not a 32-byte hash is refused (a mistyped hash must not
/// silently become the hash of its text).
pub fn reference(text: &str) -> Result<H256> {
	let trimmed = text.trim();
	if trimmed.is_empty() {
		bail!("a reference may not be empty");
	}
	if trimmed.starts_with("0x") {
		return parse_h256(trimmed).map_err(|e| anyhow!("{e}; to hash text, do not start it with 0x"));
	}
	Ok(blake2_256(trimmed.as_bytes()))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn accounts_amounts_and_references_parse_or_fail_clearly() {
		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		let account = parse_account(alice).expect("an SS58 address");
		assert_eq!(account.to_string(), alice);
		assert_eq!(parse_account(&format!("0x{}", hex::encode(account.0))).expect("hex"), account);
		assert!(parse_account("5Grw").unwrap_err().to_string().contains("not an account"));
		assert!(parse_account("0x1234").unwrap_err().to_string().contains("32 bytes"));

		assert_eq!(parse_amount("1_000").expect("amount"), 1000);
		assert!(parse_amount("1.5").unwrap_err().to_string().contains("whole"));
		assert!(parse_amount("-3").is_err());
		assert!(parse_amount("").is_err());

		let hashed = reference("batch 2024-01-01 #1").expect("text is hashed");
		assert_eq!(hashed, blake2_256(b"batch 2024-01-01 #1"));
		let explicit = format!("0x{}", "ab".repeat(32));
		assert_eq!(reference(&explicit).expect("hex"), H256([0xab; 32]));
		assert!(reference("0x1234").unwrap_err().to_string().contains("do not start it with 0x"));
		assert!(reference("  ").is_err());
		// BLAKE2b-256 of the empty input (a known vector).
		assert_eq!(
			format!("{:?}", blake2_256(b"")),
			"0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
		);
	}

	#[test]
	fn secret_uris_make_keys() {
		let alice = keypair("//Alice").expect("dev key");
		assert_eq!(alice.public_key().to_account_id().to_string(), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
		assert!(keypair("not a uri with spaces").is_err());
	}
}
