//! The accounts the fuzzer signs with: the fourteen development accounts the `development`
//! preset endows (Alice ... Ferdie, their stashes, One, Two) and four accounts of no preset
//! (`//Fuzz0` ... `//Fuzz3`, unfunded at genesis), all sr25519 keys derived from well-known
//! seeds.

use polkadot_sdk::{
	sp_core::{crypto::Pair as _, ed25519, proof_of_possession::ProofOfPossessionGenerator, sr25519},
	sp_keyring::Sr25519Keyring,
	sp_runtime::MultiSignature,
};
use std::sync::OnceLock;
use sto_runtime::AccountId;

/// How many accounts the fuzzer knows.
pub const POOL: usize = 18;

/// The first `FUNDED` accounts of the pool are the development accounts the preset endows.
pub const FUNDED: usize = 14;

struct Keys {
	names: Vec<String>,
	pairs: Vec<sr25519::Pair>,
	accounts: Vec<AccountId>,
}

fn keys() -> &'static Keys {
	static KEYS: OnceLock<Keys> = OnceLock::new();
	KEYS.get_or_init(|| {
		let mut names = Vec::new();
		let mut pairs = Vec::new();
		for keyring in Sr25519Keyring::iter() {
			names.push(format!("{keyring:?}"));
			pairs.push(keyring.pair());
		}
		for i in 0..POOL - names.len() {
			let seed = format!("//Fuzz{i}");
			pairs.push(sr25519::Pair::from_string(&seed, None).expect("a well-formed derivation"));
			names.push(format!("Fuzz{i}"));
		}
		let accounts = pairs.iter().map(|pair| AccountId::from(pair.public())).collect();
		Keys { names, pairs, accounts }
	})
}

/// The account at `index` (modulo the pool).
pub fn account(index: usize) -> AccountId {
	keys().accounts[index % POOL].clone()
}

/// Every account of the pool, in order.
pub fn accounts() -> &'static [AccountId] {
	&keys().accounts
}

/// The pool index of `account`, if it is one of ours.
pub fn index_of(account: &AccountId) -> Option<usize> {
	keys().accounts.iter().position(|a| a == account)
}

/// A readable name of `account` (for reports).
pub fn name(account: &AccountId) -> String {
	match index_of(account) {
		Some(index) => keys().names[index].clone(),
		None => format!("{account}"),
	}
}

/// `account`'s signature of `message`, if the account is ours.
pub fn sign(account: &AccountId, message: &[u8]) -> Option<MultiSignature> {
	let index = index_of(account)?;
	Some(MultiSignature::Sr25519(keys().pairs[index].sign(message)))
}

/// Session keys (Aura sr25519, GRANDPA ed25519) for the pool account at `index`, derived from
/// its name, and the proof that `owner` holds them (what `session.set_keys` checks).
pub fn session_keys(index: usize, owner: &[u8]) -> (sr25519::Public, ed25519::Public, Vec<u8>) {
	use codec::Encode;
	let seed = format!("//Session{}", index % POOL);
	let mut aura = sr25519::Pair::from_string(&seed, None).expect("a well-formed derivation");
	let mut grandpa = ed25519::Pair::from_string(&seed, None).expect("a well-formed derivation");
	let proof = (aura.generate_proof_of_possession(owner), grandpa.generate_proof_of_possession(owner)).encode();
	(aura.public(), grandpa.public(), proof)
}
