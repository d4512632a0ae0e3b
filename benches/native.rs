#![allow(clippy::indexing_slicing, clippy::expect_used)]
//! Native per-check cost of the core, to compare with the figures across
//! the wasm boundary (bench/run.mjs). Run: `cargo bench --bench native`.
//! A plain harness: for each case, 15 rounds of timed loops, median per call.

#[path = "support/synth.rs"]
mod synth;

use orgpolicy::{Engine, InstanceConfig};
use std::hint::black_box;
use std::time::Instant;

fn median_ns_per_call(rounds: usize, calls: usize, mut f: impl FnMut(usize)) -> f64 {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for i in 0..calls {
                f(i);
            }
            t.elapsed().as_nanos() as f64 / calls as f64
        })
        .collect();
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

fn main() {
    println!("| case | members | ns per call (median of 15) |");
    println!("|---|---:|---:|");
    for members in [1_000usize, 10_000, 100_000] {
        let json = synth::directory_json(members);
        let t = Instant::now();
        let engine = Engine::from_json(InstanceConfig::default(), &json).expect("synthetic directory is valid");
        let build_ms = t.elapsed().as_secs_f64() * 1e3;
        let qs = synth::queries(members, 4096);
        let n = qs.len();
        let can = median_ns_per_call(15, 200_000, |i| {
            let (u, o, w, p) = &qs[i % n];
            black_box(engine.can(u, o, w.as_deref(), p).unwrap_or(false));
        });
        let handles: Vec<(u32, u32, Option<u32>, u32)> = qs
            .iter()
            .map(|(u, o, w, p)| {
                let h = |r: Result<u32, _>| r.expect("synthetic ids resolve");
                (
                    h(engine.user_handle(u)),
                    h(engine.org_handle(o)),
                    w.as_deref().map(|w| h(engine.workspace_handle(w))),
                    h(engine.permission_handle(p)),
                )
            })
            .collect();
        let can_handles = median_ns_per_call(15, 200_000, |i| {
            let (u, o, w, p) = handles[i % n];
            black_box(engine.can_handles(u, o, w, p).unwrap_or(false));
        });
        let check = median_ns_per_call(15, 100_000, |i| {
            let (u, o, w, p) = &qs[i % n];
            black_box(engine.check(u, o, w.as_deref(), p).map(|d| d.allowed).unwrap_or(false));
        });
        println!("| build from JSON text | {members} | {:.1} ms |", build_ms);
        println!("| `can` | {members} | {can:.1} |");
        println!("| `check` | {members} | {check:.1} |");
        println!("| `canHandles` | {members} | {can_handles:.1} |");
    }
}
