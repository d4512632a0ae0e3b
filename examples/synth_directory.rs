//! Prints the synthetic benchmark directory (benches/support/synth.rs) as
//! JSON text, so other benchmarks (bench/run.mjs) can check that their port
//! of the generator produces the very same bytes.
//!   cargo run --release --example synth_directory -- 300            # the directory
//!   cargo run --release --example synth_directory -- 300 queries 50 # the queries, one JSON array per line
#![allow(clippy::indexing_slicing)]
#[allow(dead_code)]
#[path = "../benches/support/synth.rs"]
mod synth;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(300);
    if args.get(2).map(String::as_str) == Some("queries") {
        let count: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(4096);
        for (u, o, w, p) in synth::queries(n, count) {
            let w = w.map_or_else(|| "null".to_string(), |w| format!("\"{w}\""));
            println!("[\"{u}\",\"{o}\",{w},\"{p}\"]");
        }
    } else {
        println!("{}", synth::directory_json(n));
    }
}
