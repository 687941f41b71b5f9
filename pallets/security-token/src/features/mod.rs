//! The pallet's calls, by topic. Every movement of tokens goes through `crate::movement`.

mod admin;
mod documents;
mod freezes;
mod movements;
mod operators;
mod roles;
mod genesis;
mod wallets;
