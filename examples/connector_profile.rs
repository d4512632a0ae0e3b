//! Native phases of the connector's mapping, best of 7 runs each: parse the
//! API documents, map them to a directory document, build the directory.
//! `cargo run --release --example connector_profile <documents.json>`
//! (bench/connector.mjs writes one of 10,000 members and runs this).
#![allow(clippy::expect_used)]

use orgpolicy::connector;
use orgpolicy::json;
use orgpolicy::Directory;
use std::time::Instant;

fn main() {
    let file = std::env::args().nth(1).expect("usage: connector_profile <documents.json>");
    let text = std::fs::read_to_string(&file).expect("readable documents");
    let mut best = [u128::MAX; 3];
    let mut members = 0;
    for _ in 0..7 {
        let t = Instant::now();
        let tree = json::parse(&text).expect("json");
        let parse = t.elapsed().as_micros();
        let t = Instant::now();
        let doc = connector::directory_doc_from(&tree).expect("maps");
        let map = t.elapsed().as_micros();
        drop(tree);
        let t = Instant::now();
        let dir = Directory::from_doc_owned(doc).expect("builds");
        let build = t.elapsed().as_micros();
        members = dir.member_count();
        for (b, v) in best.iter_mut().zip([parse, map, build]) {
            *b = (*b).min(v);
        }
    }
    let ms = |us: u128| us as f64 / 1000.0;
    println!(
        "native ({members} members, {:.1} MB of documents): parse {:.1} ms, map {:.1} ms, build {:.1} ms (best of 7)",
        text.len() as f64 / 1e6,
        ms(best[0]),
        ms(best[1]),
        ms(best[2])
    );
}
