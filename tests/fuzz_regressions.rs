//! Replays every input the fuzzers ever failed on, natively and without
//! libFuzzer: `tests/fuzz_regressions/<target>/<file>` runs through the same
//! check function as the fuzz target `<target>` (fuzz/src/checks.rs,
//! included here), so a fixed crash stays fixed in plain `cargo test`.
//! Add a file by copying `fuzz/artifacts/<target>/crash-*` (see
//! scripts/fuzz.sh and RELIABILITY.md).
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fuzz_regressions")
}

/// (target, file) for every kept input.
fn kept_inputs() -> Result<Vec<(String, PathBuf)>, String> {
    let mut out = Vec::new();
    let dir = regressions_dir();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = entry.file_name().to_string_lossy().into_owned();
        if !entry.path().is_dir() {
            continue;
        }
        if !checks::TARGETS.contains(&target.as_str()) {
            return Err(format!(
                "tests/fuzz_regressions/{target}: not a fuzz target; expected one of {:?}",
                checks::TARGETS
            ));
        }
        for file in std::fs::read_dir(entry.path()).map_err(|e| e.to_string())? {
            let file = file.map_err(|e| e.to_string())?;
            out.push((target.clone(), file.path()));
        }
    }
    out.sort();
    Ok(out)
}

#[test]
fn every_kept_fuzz_input_passes_its_target() -> Result<(), String> {
    let inputs = kept_inputs()?;
    assert!(!inputs.is_empty(), "no inputs under tests/fuzz_regressions");
    let mut failures = Vec::new();
    for (target, path) in &inputs {
        let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let outcome = std::panic::catch_unwind(|| checks::run(target, &data));
        if !matches!(outcome, Ok(true)) {
            failures.push(format!("{target}: {}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} kept fuzz inputs fail:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
    Ok(())
}

#[test]
fn every_target_runs_on_small_inputs() {
    // The check functions themselves stay compiled and sound in CI, even
    // for targets with no kept input.
    let samples: [&[u8]; 5] = [
        b"",
        b"\n",
        b"{}",
        b"check\n{\"userId\":\"user-alice\",\"orgId\":\"org-default\",\"permission\":\"organization:manage\"}",
        &[0xff; 64],
    ];
    for target in checks::TARGETS {
        for data in samples {
            assert!(checks::run(target, data), "{target} is not runnable");
        }
    }
    assert!(!checks::run("no-such-target", b""));
}

/// Found by `directory_json`: text after the directory document (here a
/// second document) was silently ignored, so a truncated or concatenated
/// file loaded as its first part.
#[test]
fn text_after_the_directory_document_is_an_error() {
    let one = r#"{"orgs":[{"id":"o","name":"O","workspaces":[{"id":"w","name":"W"}]}]}"#;
    assert!(orgpolicy::Directory::from_json(one).is_ok());
    assert!(orgpolicy::Directory::from_json(&format!("{one}\n  \n")).is_ok());
    for tail in ["{}", "x", "]", "null", one] {
        let err = orgpolicy::Directory::from_json(&format!("{one}{tail}")).err();
        let issues = err.map(|e| e.0).unwrap_or_default();
        assert_eq!(issues.len(), 1, "`{tail}` after the document");
        assert!(issues.iter().all(|i| i.path == "(root)" && i.message.contains("trailing characters")), "{issues:?}");
    }
    let sample = checks::SAMPLE_DIRECTORY;
    assert!(orgpolicy::Engine::from_json(orgpolicy::InstanceConfig::default(), &format!("{sample}{sample}")).is_err());
}
