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
    let tree = orgpolicy::json::parse(&json).expect("json");
    let tree_parse = t.elapsed();
    let t = std::time::Instant::now();
    let doc2: orgpolicy::directory::DirectoryDoc =
        orgpolicy::json::FromJson::from_json(&tree, &orgpolicy::json::Path::Root).expect("doc");
    let read = t.elapsed();
    let t = std::time::Instant::now();
    drop(tree);
    drop(doc2);
    let drops = t.elapsed();
    let t = std::time::Instant::now();
    let dir2 = orgpolicy::Directory::from_json(&json).expect("valid");
    let full = t.elapsed();
    println!(
        "{n} members: serde_json parse {parse:?}, build {build:?}; own: tree {tree_parse:?}, read {read:?}, drops {drops:?}; from_json {full:?} ({} {})",
        dir.member_count(),
        dir2.member_count()
    );
}
