//! Native test: the parts of ARCHITECTURE.md a machine can check.
//!
//! - no module imports from a higher layer (the layer table below is the
//!   one in ARCHITECTURE.md and `src/lib.rs`);
//! - every check of the table (`orgpolicy::api::CHECKS`) is documented in the
//!   README's checks table, under its Rust and its JS name;
//! - every file ARCHITECTURE.md names exists.
#![cfg(not(target_arch = "wasm32"))]
// A failing assertion in a test is a panic by design.
#![allow(clippy::panic)]

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Layer of a top-level module name (as `crate::NAME` or a file/folder in
/// `src/`); 1 is the top. Re-exported engine and catalogue modules keep
/// their engine and catalogue layers.
fn layer(module: &str) -> Option<u8> {
    Some(match module {
        "wasm" => 1,
        "api" | "typescript" => 2,
        "engine" | "access" | "admin" | "groups" | "handles" | "invites" | "members" | "orgs" | "requests" | "sso"
        | "what_if" => 3,
        // the documents' readers and validators, which apply the rules
        "config" | "connector" | "directory/build" | "directory/changes" => 4,
        "rules" => 5,
        // the directory's model and index, which the rules read
        "directory" | "error" => 6,
        "catalog" | "permissions" | "roles" => 7,
        "decision" | "json" | "hash" | "lowercase" | "text" => 8,
        _ => return None,
    })
}

/// The layer of a source file: its top-level module, except the directory's
/// builder (`directory/build.rs`) and its change batches
/// (`directory/changes.rs`, validated with the builder), which sit above the
/// rules they apply.
fn file_layer(rel: &Path) -> Option<(String, u8)> {
    let top = rel.components().next()?.as_os_str().to_string_lossy().trim_end_matches(".rs").to_owned();
    let key = match rel.to_str() {
        Some(f @ ("directory/build.rs" | "directory/changes.rs")) => f.trim_end_matches(".rs").to_owned(),
        _ => top,
    };
    layer(&key).map(|l| (key, l))
}

/// The part of a file that ships: unit tests (`#[cfg(test)]` to the end,
/// by the crate's convention) may import from anywhere.
fn shipped(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { panic!("cannot read {}", dir.display()) };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules a source text names as `crate::NAME` (lower-case names only:
/// `crate::{Engine, ...}` names root re-exports of types).
fn imports(text: &str) -> Vec<String> {
    text.match_indices("crate::")
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

#[test]
fn no_module_imports_a_higher_layer() {
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap_or(file);
        if rel == Path::new("lib.rs") {
            continue;
        }
        let Some((_, own)) = file_layer(rel) else {
            problems.push(format!("{}: file has no layer in tests/architecture.rs", rel.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for name in imports(shipped(&text)) {
            match layer(&name) {
                Some(l) if l < own => {
                    problems.push(format!("{} (layer {own}) imports `crate::{name}` (layer {l})", rel.display()))
                }
                Some(_) => {}
                None => problems.push(format!("{}: `crate::{name}` has no layer", rel.display())),
            }
        }
    }
    assert!(problems.is_empty(), "layering broken:\n{}", problems.join("\n"));
}

#[test]
fn the_layer_check_can_fail() {
    assert_eq!(imports("use crate::api::X; crate::{Engine}; crate::json::Y"), ["api", "json"]);
    assert!(layer("api") < layer("engine") && layer("engine") < layer("directory"));
    assert!(layer("directory") < layer("permissions") && layer("permissions") < layer("json"));
}

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(name)).unwrap_or_default()
}

#[test]
fn readme_documents_every_check_of_the_table() {
    let readme = read("README.md");
    for (rust, js) in orgpolicy::api::CHECKS {
        let row = format!("| `{rust}` | `{js}` |");
        assert!(readme.contains(&row), "README's checks table has no row starting `{row}`");
    }
    assert_eq!(orgpolicy::api::CHECKS.len(), orgpolicy::api::METHODS.len());
}

#[test]
fn architecture_names_files_that_exist() {
    let text = read("ARCHITECTURE.md");
    assert!(!text.is_empty(), "ARCHITECTURE.md is missing");
    let mut named = 0;
    for quoted in text.split('`').skip(1).step_by(2) {
        let path = quoted.split_whitespace().next().unwrap_or_default().trim_end_matches([',', ':']);
        let is_path = ["src/", "tests/", "scripts/", "examples/", "pkg/"].iter().any(|p| path.starts_with(p));
        // `src/rules/` is created by the rules layer; a folder is named with a trailing `/`.
        if is_path && !path.contains('*') {
            named += 1;
            assert!(Path::new(ROOT).join(path).exists(), "ARCHITECTURE.md names `{path}`, which does not exist");
        }
    }
    assert!(named >= 10, "ARCHITECTURE.md names only {named} files");
}
