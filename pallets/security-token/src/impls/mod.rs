//! The traits other pallets use the token through, one file each: who may manage a token's
//! compliance settings (identity registry), its checkpoints (corporate actions), the token as
//! the compliance engine sees it,
//! issuance of units sold in primary offerings (offering), settlement legs (custody), the
//! tokens' side of a wallet leaving its identity (identity registry), and the EVM bridge's
//! escrow (evm-bridge). Every movement among them goes through `crate::movement`.

mod authority;
mod bridge;
mod checkpoints;
mod inspect;
mod issuance;
mod settlement;
mod wallet_guard;
