//! The signer role: one per consortium member, with the member's bridge account here and its
//! secp256k1 key. Each pass reads finalized state of both chains and attests what it proves:
//!
//! - an export still pending before its deadline: the mint message, recomputed from the
//!   export's fields and its route (signed only if it equals the digest the pallet made);
//! - an attested export: whether the gateway minted it, read at the EVM chain's finalized
//!   block: "minted" at once (a final mint is never undone), "not minted" only once the
//!   deadline has passed on both chains (the gateway refuses a late mint, and the block is
//!   final);
//! - each burn at a route's gateway not imported yet, read at the finalized EVM block: the
//!   release message, recomputed and compared with the pallet's (`EvmBridgeApi.release_digest`);
//! - each message for this chain's contracts not attested by a valid set (allow-list entries,
//!   control messages, rotations), recomputed from its fields and state: an `Allow` or
//!   `Control` only for a route's own gateway and wrapped token, a `SignerSet` only for the
//!   chain's committee verifier and with the keys the pallet keeps for that set; a rotation is
//!   signed from this account's seat in the outgoing set.
//!
//! It keeps nothing between passes but cursors into the exports and messages: what it did is
//! on chain (its votes), so a restart repeats nothing.

use crate::{
	appchain::{self, address, h160, ExportCursor, Seat},
	evm::{self, Gateway},
	messages,
	report::Report,
};
use alloy::{
	primitives::B256,
	providers::DynProvider,
	signers::{local::PrivateKeySigner, SignerSync},
};
use anyhow::{anyhow, Result};
use serde_json::json;
use sto_client::{
	chain::{Call, Sto, Wait},
	runtime::api::{
		self,
		runtime_types::pallet_evm_bridge::{
			views::ImportStatus, AttestationKind, ControlAction, ExportStatus, Import, Message, MessageBody,
		},
	},
	subxt::utils::AccountId32,
	subxt_signer::sr25519::Keypair,
};

/// At most this many burns per route are attested in one pass.
const BURNS_PER_PASS: u64 = 64;

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
	pub attested: u32,
	pub refused: u32,
	pub failed: u32,
}

pub struct Signer {
	sto: Sto,
	evm: DynProvider,
	chain: u64,
	account: Keypair,
	key: PrivateKeySigner,
	appchain: B256,
	cursor: ExportCursor,
	report: Report,
	/// Whether the last pass found this account in no valid set (reported once, not every pass).
	idle: bool,
	/// The lowest message id the last pass left open, and the valid sets it saw (when they
	/// change, attested messages may need signing again: the scan restarts from 1).
	message_from: u64,
	valid_sets: Vec<u32>,
}

impl Signer {
	pub async fn new(sto: Sto, evm: DynProvider, chain: u64, account: Keypair, key: PrivateKeySigner, report: Report) -> Result<Self> {
		evm::check_chain(&evm, chain).await?;
		let appchain = appchain::appchain_id(&sto);
		Ok(Self {
			sto,
			evm,
			chain,
			account,
			key,
			appchain,
			cursor: ExportCursor::default(),
			report,
			idle: false,
			message_from: 1,
			valid_sets: Vec::new(),
		})
	}

	fn account_id(&self) -> AccountId32 {
		self.account.public_key().to_account_id()
	}

	fn sign(&self, digest: B256) -> Result<[u8; 65]> {
		let signature = self.key.sign_hash_sync(&digest).map_err(|e| anyhow!("sign: {e}"))?;
		Ok(signature.as_bytes())
	}

	/// Whether a vote from `seat` cannot count where set `collecting` has votes already: a
	/// newer set collects. The pallet lets the current set take over a ballot the previous set
	/// began (so that signers a rotation removed cannot hold it up), never the other way round
	/// (`OtherSetCollecting`). A signer of both sets votes with its seat in the current one.
	fn outvoted(seat: &Seat, collecting: Option<u32>) -> bool {
		collecting.is_some_and(|set| set > seat.set_id)
	}

	/// One pass over the work: a refused or failed attestation is reported and counted; a read
	/// that fails ends the pass (the next one starts over).
	pub async fn pass(&mut self) -> Result<Tally> {
		let mut tally = Tally::default();
		let at = self.sto.at().await?;
		let Some(seat) = appchain::seat_of(&at, &self.account_id()).await? else {
			if !self.idle {
				self.report.line("idle", json!({ "reason": "this account is no signer of a valid set" }));
				self.idle = true;
			}
			return Ok(tally);
		};
		if self.idle {
			self.report.line("seated", json!({ "set": seat.set_id, "index": seat.index }));
			self.idle = false;
		}
		if seat.key != self.key.address() {
			return Err(anyhow!(
				"set {} names key {} for this account, but this signer's key is {}",
				seat.set_id,
				seat.key,
				self.key.address()
			));
		}
		let now = appchain::now_seconds(&at).await?;
		let finalized = evm::head(&self.evm, true).await?;

		for view in self.cursor.all(&at).await? {
			let export = &view.export;
			if export.chain != self.chain {
				continue;
			}
			let gateway = address(&export.gateway);
			let (kind, digest) = match export.status {
				ExportStatus::Pending if now <= export.deadline => {
					if Self::outvoted(&seat, view.set_id)
						|| appchain::voted(&at, AttestationKind::Export, view.nonce, &seat).await?
					{
						continue;
					}
					let digest = messages::mint_digest(
						self.appchain,
						self.chain,
						gateway,
						address(&view.wrapped),
						view.nonce,
						address(&export.recipient),
						export.amount,
						export.deadline,
					);
					if digest.0 != export.digest {
						tally.refused += 1;
						self.report.line(
							"refused",
							json!({ "export": view.nonce, "why": "the pallet's mint digest is not the message recomputed from the export and its route" }),
						);
						continue;
					}
					(AttestationKind::Export, digest)
				},
				// A mint at a finalized block is final at once; "not minted" only once the deadline
				// has passed on both chains (a finalized block after it: no mint can follow).
				ExportStatus::Attested => {
					let minted = Gateway::new(&self.evm, gateway).minted(view.nonce, finalized.id()).await?;
					if !minted && !(now > export.deadline && finalized.timestamp > export.deadline) {
						continue;
					}
					let mine = AttestationKind::ExportOutcome { minted };
					let other = AttestationKind::ExportOutcome { minted: !minted };
					if Self::outvoted(&seat, appchain::collecting_set(&at, mine.clone(), view.nonce).await?)
						|| appchain::voted(&at, mine.clone(), view.nonce, &seat).await?
						|| appchain::voted(&at, other, view.nonce, &seat).await?
					{
						continue;
					}
					(mine, messages::outcome_digest(self.appchain, self.chain, gateway, view.nonce, minted))
				},
				_ => continue,
			};
			let what = match &kind {
				AttestationKind::Export => format!("export {}", view.nonce),
				AttestationKind::ExportOutcome { minted } => format!("export {} outcome minted={minted}", view.nonce),
				AttestationKind::Message => format!("message {}", view.nonce),
			};
			let signature = self.sign(digest)?;
			let call = self.sto.call(&api::transactions().evm_bridge().attest(kind, view.nonce, seat.set_id, signature)).await?;
			self.submit(call, &what, &mut tally).await;
		}

		for ((token, partition), route) in appchain::routes_to(&at, self.chain).await? {
			self.attest_burns(&at, &seat, token, partition, &route, &finalized, &mut tally).await?;
		}
		self.attest_messages(&at, &mut tally).await?;
		Ok(tally)
	}

	/// The messages for this chain's contracts that need this signer's vote.
	async fn attest_messages(&mut self, at: &sto_client::chain::At, tally: &mut Tally) -> Result<()> {
		let valid = appchain::valid_sets(at).await?;
		if valid != self.valid_sets {
			self.message_from = 1;
			self.valid_sets = valid.clone();
		}
		let account = self.account_id();
		let views = appchain::messages_from(at, self.message_from).await?;
		let mut lowest_open = None;
		for view in &views {
			let message = &view.message;
			if message.chain != self.chain {
				continue;
			}
			// Attested by a set whose signatures still verify: done.
			if message.attested && view.set_id.is_some_and(|set| valid.contains(&set)) {
				continue;
			}
			// A rotation whose outgoing set is no longer valid can never be signed.
			if message.signed_by.is_some_and(|set| !valid.contains(&set)) {
				continue;
			}
			lowest_open.get_or_insert(view.id);
			let seat = match message.signed_by {
				Some(set) => appchain::seat_in(at, &account, set).await?,
				None => appchain::seat_of(at, &account).await?,
			};
			let Some(seat) = seat else { continue };
			if seat.key != self.key.address()
				|| Self::outvoted(&seat, view.set_id)
				|| appchain::voted(at, AttestationKind::Message, view.id, &seat).await?
			{
				continue;
			}
			let digest = match self.recompute(at, message).await? {
				Ok(digest) if digest.0 == message.digest => digest,
				Ok(_) => {
					tally.refused += 1;
					self.report.line(
						"refused",
						json!({ "message": view.id, "why": "the pallet's digest is not the message recomputed from its fields" }),
					);
					continue;
				},
				Err(why) => {
					tally.refused += 1;
					self.report.line("refused", json!({ "message": view.id, "why": why }));
					continue;
				},
			};
			let signature = self.sign(digest)?;
			let call =
				self.sto.call(&api::transactions().evm_bridge().attest(AttestationKind::Message, view.id, seat.set_id, signature)).await?;
			self.submit(call, &format!("message {}", view.id), tally).await;
		}
		let next = views.last().map_or(self.message_from, |view| view.id + 1);
		self.message_from = lowest_open.unwrap_or(next);
		Ok(())
	}

	/// The digest of `message` computed here from its fields, after checking that it is
	/// addressed to a contract of this bridge: a route's gateway and wrapped token, or the
	/// chain's committee verifier with the keys of the set it installs. `Err`: why not.
	async fn recompute(&self, at: &sto_client::chain::At, message: &Message) -> Result<Result<B256, &'static str>> {
		let contract = address(&message.contract);
		let wrapped = address(&message.wrapped);
		let is_route = || async {
			Ok::<bool, anyhow::Error>(
				appchain::routes_to(at, self.chain)
					.await?
					.iter()
					.any(|(_, route)| address(&route.gateway) == contract && address(&route.wrapped) == wrapped),
			)
		};
		Ok(match &message.body {
			MessageBody::Allow { wallet, expiry, sequence } => {
				if !is_route().await? {
					return Ok(Err("the message names no route's gateway and wrapped token"));
				}
				Ok(messages::allow_digest(self.appchain, self.chain, contract, wrapped, address(wallet), *expiry, *sequence))
			},
			MessageBody::Control { sequence, action, account, to, amount } => {
				if !is_route().await? {
					return Ok(Err("the message names no route's gateway and wrapped token"));
				}
				let code = match action {
					ControlAction::Freeze => 1,
					ControlAction::Unfreeze => 2,
					ControlAction::ForcedTransfer => 3,
				};
				Ok(messages::control_digest(
					self.appchain,
					self.chain,
					contract,
					wrapped,
					*sequence,
					code,
					address(account),
					address(to),
					*amount,
				))
			},
			MessageBody::SignerSet { set_id, signers, previous_valid_until } => {
				if appchain::committee_of(at, self.chain).await? != Some(contract) {
					return Ok(Err("the rotation is not for this chain's committee verifier"));
				}
				let keys: Vec<_> = signers.0.iter().map(address).collect();
				let members = appchain::set_members(at, *set_id).await?;
				if members.map(|members| members.into_iter().map(|(_, key)| key).collect::<Vec<_>>()) != Some(keys.clone()) {
					return Ok(Err("the rotation's signers are not the keys of the set it names"));
				}
				Ok(messages::signer_set_digest(self.appchain, self.chain, contract, *set_id, keys, *previous_valid_until))
			},
		})
	}

	#[allow(clippy::too_many_arguments)]
	async fn attest_burns(
		&self,
		at: &sto_client::chain::At,
		seat: &Seat,
		token: u32,
		partition: u16,
		route: &api::runtime_types::pallet_evm_bridge::Route,
		finalized: &evm::Head,
		tally: &mut Tally,
	) -> Result<()> {
		let gateway = Gateway::new(&self.evm, address(&route.gateway));
		let count = gateway.burn_count(finalized.id()).await?;
		let through = appchain::imported_through(at, self.chain, route.gateway).await?;
		for nonce in through + 1..=count.min(through + BURNS_PER_PASS) {
			let status = at
				.runtime_apis()
				.call(api::runtime_apis().evm_bridge_api().import_status(self.chain, route.gateway, nonce))
				.await
				.map_err(|e| anyhow!("EvmBridgeApi.import_status: {e}"))?;
			match status {
				ImportStatus::Imported => continue,
				ImportStatus::Collecting { set_id, .. } if Self::outvoted(seat, Some(set_id)) => continue,
				_ => {},
			}
			if appchain::import_voted(at, self.chain, route.gateway, nonce, seat).await? {
				continue;
			}
			let burn = gateway.burn(nonce, finalized.id()).await?;
			let Ok(amount) = u128::try_from(burn.amount) else {
				tally.refused += 1;
				self.report.line("refused", json!({ "burn": nonce, "why": "the amount does not fit the appchain's balance type" }));
				continue;
			};
			let import = Import {
				token,
				partition,
				chain: self.chain,
				nonce,
				from: h160(burn.from),
				recipient: burn.recipient.0,
				amount,
			};
			let digest = messages::release_digest(
				self.appchain,
				self.chain,
				address(&route.gateway),
				address(&route.wrapped),
				nonce,
				burn.from,
				burn.recipient,
				amount,
			);
			let pallets = at
				.runtime_apis()
				.call(api::runtime_apis().evm_bridge_api().release_digest(import.clone()))
				.await
				.map_err(|e| anyhow!("EvmBridgeApi.release_digest: {e}"))?;
			if pallets != Some(digest.0) {
				tally.refused += 1;
				self.report.line(
					"refused",
					json!({ "burn": nonce, "gateway": format!("{:#x}", address(&route.gateway)), "why": "the pallet's release digest differs from the message recomputed from the burn" }),
				);
				continue;
			}
			let signature = self.sign(digest)?;
			let call = self.sto.call(&api::transactions().evm_bridge().attest_import(import, seat.set_id, signature)).await?;
			self.submit(call, &format!("burn {nonce} at {:#x}", address(&route.gateway)), tally).await;
		}
		Ok(())
	}

	async fn submit(&self, call: Call, what: &str, tally: &mut Tally) {
		match self.sto.submit(&call, &self.account, Wait::Finalized, &mut |_| {}).await {
			Ok(outcome) => {
				tally.attested += 1;
				self.report.line("attested", json!({ "what": what, "block": outcome.block_number }));
			},
			Err(error) => {
				tally.failed += 1;
				self.report.line("failed", json!({ "what": what, "error": error.to_string() }));
			},
		}
	}
}
