#![allow(clippy::expect_used)]
#[allow(dead_code)]
#[path = "../benches/support/synth.rs"]
mod synth;
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let json = synth::directory_json(n);
    let t = std::time::Instant::now();
    let doc: orgpolicy::directory::DirectoryDoc = serde_json::from_str(&json).expect("json");
    let parse = t.elapsed();
    let t = std::time::Instant::now();
    let dir = orgpolicy::Directory::from_doc(&doc).expect("valid");
    let build = t.elapsed();
    let t = std::time::Instant::now();
    let dir2 = orgpolicy::Directory::from_json(&json).expect("valid");
    let full = t.elapsed();
    println!(
        "{n} members: plain parse {parse:?}, build {build:?}, from_json {full:?} ({} {})",
        dir.member_count(),
        dir2.member_count()
    );
}
