//! The pallet's logic, one file per feature.

mod checkpoints;
mod ballots;
