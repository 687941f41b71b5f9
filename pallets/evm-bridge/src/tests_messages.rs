//! Tests of the messages for EVM contracts.
