//! Phases of building a directory from JSON text, best of 7 runs each:
//! `cargo run --release --example build_profile [members]` (default 100000).
//! The phases are those of the document path (`DirectoryDoc` read from the
//! tree, then `Directory::from_doc_owned`); `Directory::from_json` reads the
//! members straight from the tree instead.
#![allow(clippy::expect_used)]
#[allow(dead_code)]
#[path = "../benches/support/synth.rs"]
mod synth;

use orgpolicy::directory::DirectoryDoc;
use orgpolicy::json::{self, FromJson, Path};
use orgpolicy::Directory;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let text = synth::directory_json(n);
    if std::env::args().nth(2).as_deref() == Some("from_json") {
        let mut best = u128::MAX;
        for _ in 0..7 {
            let t = Instant::now();
            let dir = Directory::from_json(&text).expect("valid");
            best = best.min(t.elapsed().as_micros());
            assert_eq!(dir.member_count(), n);
        }
        println!("{n} members: Directory::from_json best of 7 {:.1} ms", best as f64 / 1000.0);
        return;
    }
    let mut best = [u128::MAX; 5];
    for _ in 0..7 {
        let mut lap = Instant::now();
        let mut took = || {
            let t = lap.elapsed().as_micros();
            lap = Instant::now();
            t
        };
        let tree = json::parse(&text).expect("json");
        let parse = took();
        let doc = DirectoryDoc::from_json(&tree, &Path::Root).expect("doc");
        let read = took();
        drop(tree);
        let drop_tree = took();
        let dir = Directory::from_doc_owned(doc).expect("valid");
        let build = took();
        drop(dir);
        took();
        let dir = Directory::from_json(&text).expect("valid");
        let whole = took();
        assert_eq!(dir.member_count(), n);
        for (b, t) in best.iter_mut().zip([parse, read, drop_tree, build, whole]) {
            *b = (*b).min(t);
        }
    }
    let ms = |us: u128| us as f64 / 1000.0;
    println!(
        "{n} members, best of 7 (ms): parse {:.1}, document path: read {:.1}, drop tree {:.1}, validate + index {:.1}; Directory::from_json {:.1}",
        ms(best[0]),
        ms(best[1]),
        ms(best[2]),
        ms(best[3]),
        ms(best[4])
    );
}
