//! The JSON scenario suite, run natively. The same files and the same
//! runner (`common/scenarios.rs`) run in Node and in a headless browser
//! through WebAssembly, so the three runtimes cannot disagree unnoticed.

#[path = "common/scenarios.rs"]
mod runner;
#[path = "common/scenario_files.rs"]
mod scenario_files;

use runner::ScenarioReport;
use scenario_files::SCENARIOS;
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn reports() -> &'static [ScenarioReport] {
    static REPORTS: OnceLock<Vec<ScenarioReport>> = OnceLock::new();
    REPORTS.get_or_init(|| runner::run_all(SCENARIOS))
}

#[test]
fn every_scenario_check_passes() {
    let failures = runner::failures(reports());
    let checks: usize = reports().iter().map(|r| r.check_names.len()).sum();
    assert!(failures.is_empty(), "{} of {checks} scenario checks failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn scenario_list_names_exactly_the_files_in_the_folder() -> Result<(), String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("scenarios");
    let mut on_disk = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") {
            return Err(format!("tests/scenarios/{name} is not a .json scenario file"));
        }
        on_disk.insert(name);
    }
    let listed: Vec<&str> = SCENARIOS.iter().map(|(name, _)| *name).collect();
    let listed_set: BTreeSet<String> = listed.iter().map(|s| s.to_string()).collect();
    if listed_set.len() != listed.len() {
        return Err(format!("SCENARIOS lists a file twice: {listed:?}"));
    }
    if listed_set != on_disk {
        let missing: Vec<_> = on_disk.difference(&listed_set).collect();
        let extra: Vec<_> = listed_set.difference(&on_disk).collect();
        return Err(format!(
            "tests/common/scenario_files.rs is out of date: not listed {missing:?}, listed but absent {extra:?}"
        ));
    }
    for (name, text) in SCENARIOS {
        let on_disk_text = std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string())?;
        if on_disk_text != *text {
            return Err(format!("SCENARIOS entry `{name}` does not include the file of that name"));
        }
    }
    Ok(())
}

#[test]
fn every_reason_code_method_and_error_code_is_covered() {
    let seen = runner::codes_seen(reports());
    for code in orgpolicy::Code::ALL {
        assert!(seen.contains(code.as_str()), "no check produces {}", code.as_str());
    }
    let problems = runner::coverage_problems(reports());
    assert!(problems.is_empty(), "coverage gaps:\n{}", problems.join("\n"));
}

#[test]
fn every_check_has_a_unique_non_empty_name() {
    for r in reports() {
        let mut seen = BTreeSet::new();
        for name in &r.check_names {
            assert!(!name.trim().is_empty(), "{}: a check has no name", r.file);
            assert!(seen.insert(name.as_str()), "{}: duplicate check name `{name}`", r.file);
        }
    }
}

#[test]
fn every_scenario_has_a_title_and_checks() {
    for r in reports() {
        assert!(!r.title.is_empty(), "{}: no title", r.file);
        assert!(!r.check_names.is_empty(), "{}: no checks", r.file);
    }
}

#[test]
fn every_check_names_its_domain_section_and_every_section_is_covered() {
    let mut sections = BTreeSet::new();
    for r in reports() {
        for name in &r.check_names {
            let section = name
                .strip_prefix('§')
                .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect::<String>())
                .unwrap_or_default();
            assert!(!section.is_empty(), "{}: `{name}` does not start with its DOMAIN section (`§4 ...`)", r.file);
            sections.insert(section);
        }
    }
    for s in 1..=8 {
        assert!(sections.contains(&s.to_string()), "no check covers DOMAIN §{s}");
    }
}

#[test]
fn the_runner_catches_wrong_expectations() {
    let dir = r#"{"orgs": [{"id": "o", "name": "O", "rbac": true,
        "workspaces": [{"id": "w", "name": "W"}],
        "members": [{"id": "m", "userId": "u", "email": "u@example.com", "orgRole": "ORGANIZATION_VIEWER",
                     "workspaces": {"w": "WORKSPACE_VIEWER"}}]}]}"#;
    let scenario = |checks: &str| format!(r#"{{"title": "t", "directory": {dir}, "checks": [{checks}]}}"#);
    let check = |expect: &str| {
        format!(
            r#"{{"name": "§3 c", "method": "check",
                 "input": {{"userId": "u", "orgId": "o", "workspaceId": "w", "permission": "runs:delete"}},
                 "expect": {expect}}}"#
        )
    };
    // Right expectations pass.
    let ok = scenario(&check(r#"{"allowed": false, "code": "PERMISSION_DENIED"}"#));
    assert_eq!(runner::run_scenario("ok.json", &ok), Vec::<String>::new());
    // Wrong ones, malformed ones and vacuous ones fail, naming file and check.
    for bad in [
        scenario(&check(r#"{"allowed": true}"#)),
        scenario(&check(r#"{"code": "ALLOWED"}"#)),
        scenario(&check(r#"{"allowed": false, "extra": 1}"#)),
        scenario(&check("{}")),
        scenario(&check(r#"{"error": {"code": "UNKNOWN_ORG"}}"#)),
        scenario(&check(r#"{"allowed": false, "code": "PERMISSION_DENIED"}"#).replace("\"expect\"", "\"expcet\"")),
        scenario(&format!("{}, {}", check(r#"{"allowed": false}"#), check(r#"{"allowed": false}"#))),
        scenario(""),
        format!(
            r#"{{"title": "t", "directory": {dir}, "expectBuildError": [{{"path": "orgs"}}], "checks": [{}]}}"#,
            check(r#"{"allowed": false}"#)
        ),
    ] {
        let failures = runner::run_scenario("bad.json", &bad);
        assert!(!failures.is_empty(), "the runner accepted a wrong scenario: {bad}");
        assert!(failures.iter().all(|f| f.starts_with("bad.json")), "{failures:?}");
    }
    // Arrays must match in length; objects are subsets.
    let mut diffs = Vec::new();
    runner::compare(&serde_json::json!({"a": [1, 2]}), &serde_json::json!({"a": [1, 2, 3], "b": 0}), "$", &mut diffs);
    assert_eq!(diffs.len(), 1);
    diffs.clear();
    runner::compare(
        &serde_json::json!({"a": [1, {"x": null}]}),
        &serde_json::json!({"a": [1.0, {"y": 2}], "b": 0}),
        "$",
        &mut diffs,
    );
    assert!(diffs.is_empty(), "{diffs:?}");
}
