//! The offering pallet's logic, one file per stage: creating, closing, cancelling and clearing
//! offerings; pricing and subscriptions; settlement and refunds.

mod offerings;
mod settlement;
mod subscriptions;
