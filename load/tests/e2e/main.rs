//! The load tool against real nodes on loopback: its small-scale mode, and a node started from
//! a generated benchmark spec. One test binary (each links subxt and the harness in the release
//! profile), one module each.

mod genesis_spec;
mod small_scale;
