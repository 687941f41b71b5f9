//! The pallet's logic, one file per feature.

mod ballots;
mod checkpoints;
mod distributions;

pub use distributions::DistributionTerms;
