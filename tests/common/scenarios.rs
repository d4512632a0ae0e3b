//! The scenario runner: JSON scenario files in, failure descriptions out.
//!
//! Shared by the native harness (`tests/scenarios.rs`) and the WebAssembly
//! test files (Node and headless browser), which include this file with
//! `#[path]`. It is plain Rust over `orgpolicy` and `serde_json`: no file
//! system, no threads, nothing that does not compile for
//! `wasm32-unknown-unknown`. The scenario texts come from
//! `scenario_files.rs` (`include_str!`).
//!
//! # The scenario format (`tests/scenarios/*.json`)
//!
//! One JSON object per file:
//!
//! ```json
//! {
//!   "title": "Invites (DOMAIN §4)",
//!   "config": { "workspaceScopeOrgInvitesEnabled": true },
//!   "directory": { "orgs": [ ... ] },
//!   "checks": [
//!     { "name": "§4 ...", "method": "planInvites", "input": { ... },
//!       "expect": { "allowed": true, "invitees": [ { "outcome": "pending_org" } ] } },
//!     { "name": "§4 ...", "method": "check", "config": { "authMode": "oauth" },
//!       "input": { ... }, "expect": { "error": { "code": "UNKNOWN_ORG", "path": "orgId" } } }
//!   ]
//! }
//! ```
//!
//! Scenario keys: `title` (required), `config` (an instance configuration
//! object as `InstanceConfig` deserializes it; default `{}`), `directory`
//! (an inline directory document, required), `checks` (required, at least
//! one), `expectBuildError` (see below) and `comment` (ignored).
//!
//! Check keys: `name` (required, unique in the file), `method` (one of
//! `orgpolicy::api::METHODS`), `input` (the method's input object), `expect`
//! (required, not `{}`), `config` (keys merged over the scenario's `config`:
//! a check's `{"jitProvisioningEnabled": false}` keeps the scenario's auth
//! mode), `directory` (replaces the scenario's directory for this check),
//! `expectBuildError` (instead of `method`/`input`/`expect`) and `comment`.
//! Unknown keys are failures, so a typo cannot silently skip an assertion.
//!
//! `expect` is matched as a subset of the result: objects recursively, only
//! the keys written in `expect` are compared (an expected `null` also
//! matches a missing key); arrays must have the same length and match
//! element by element; numbers compare by value; other scalars must be
//! equal. `expect: {"error": {"code": ..., "path": ..., "messageContains": ...}}`
//! means the call must fail with that `CheckError::code()` (and `path()`
//! and a message containing the text, when given).
//!
//! `expectBuildError` is a non-empty array of `{"path", "messageContains"}`:
//! building the engine must fail with exactly that many directory issues,
//! in that order, at those paths. At scenario level it applies to the
//! scenario's own directory, and every check must then bring its own
//! `directory`.

#![allow(dead_code)]

use orgpolicy::api::METHODS;
use orgpolicy::{BuildError, Code, Engine, InstanceConfig};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

const SCENARIO_KEYS: &[&str] = &["title", "comment", "config", "directory", "expectBuildError", "checks"];
const CHECK_KEYS: &[&str] =
    &["name", "comment", "method", "config", "directory", "input", "expect", "expectBuildError"];
const ERROR_KEYS: &[&str] = &["code", "path", "messageContains"];
const ISSUE_KEYS: &[&str] = &["path", "messageContains"];

/// Every `CheckError::code()` and `BuildError::code()` the engine has.
pub const ERROR_CODES: &[&str] = &[
    "UNKNOWN_ORG",
    "UNKNOWN_USER",
    "UNKNOWN_WORKSPACE",
    "UNKNOWN_PERMISSION",
    "UNKNOWN_ROLE",
    "INVALID_INPUT",
    "DIRECTORY_INVALID",
];

/// What running one scenario file found.
#[derive(Debug, Default, Clone)]
pub struct ScenarioReport {
    pub file: String,
    pub title: String,
    /// The names of the checks, in file order (empty strings included).
    pub check_names: Vec<String>,
    /// One line per failed expectation or malformed entry, naming file and check.
    pub failures: Vec<String>,
    /// Methods called by checks.
    pub methods: BTreeSet<String>,
    /// Every `code` value found anywhere in successful results.
    pub result_codes: BTreeSet<String>,
    /// Every `code` value written in an `expect` that passed.
    pub asserted_codes: BTreeSet<String>,
    /// Error codes of calls and builds that failed as expected.
    pub error_codes: BTreeSet<String>,
}

impl ScenarioReport {
    fn fail(&mut self, check: Option<&str>, detail: impl AsRef<str>) {
        let line = match check {
            Some(c) => format!("{} › {}: {}", self.file, c, detail.as_ref()),
            None => format!("{}: {}", self.file, detail.as_ref()),
        };
        self.failures.push(line);
    }
}

/// Runs one scenario file and returns its failures (empty: all passed).
pub fn run_scenario(file_name: &str, text: &str) -> Vec<String> {
    run_scenario_report(file_name, text).failures
}

/// Runs every `(file name, text)` pair.
pub fn run_all(files: &[(&str, &str)]) -> Vec<ScenarioReport> {
    files.iter().map(|(name, text)| run_scenario_report(name, text)).collect()
}

/// All failures of all reports.
pub fn failures(reports: &[ScenarioReport]) -> Vec<String> {
    reports.iter().flat_map(|r| r.failures.iter().cloned()).collect()
}

/// Every reason code seen in a successful result, over all reports.
pub fn codes_seen(reports: &[ScenarioReport]) -> BTreeSet<String> {
    reports.iter().flat_map(|r| r.result_codes.iter().cloned()).collect()
}

/// Coverage gaps: reason codes never produced or never asserted, methods
/// never called, error codes never expected.
pub fn coverage_problems(reports: &[ScenarioReport]) -> Vec<String> {
    let produced = codes_seen(reports);
    let asserted: BTreeSet<String> = reports.iter().flat_map(|r| r.asserted_codes.iter().cloned()).collect();
    let methods: BTreeSet<String> = reports.iter().flat_map(|r| r.methods.iter().cloned()).collect();
    let errors: BTreeSet<String> = reports.iter().flat_map(|r| r.error_codes.iter().cloned()).collect();
    let mut problems = Vec::new();
    for code in Code::ALL {
        let name = code.as_str();
        if !produced.contains(name) {
            problems.push(format!("reason code {name} is never produced by any check"));
        } else if !asserted.contains(name) {
            problems.push(format!("reason code {name} is produced but never asserted by an `expect`"));
        }
    }
    for m in METHODS {
        if !methods.contains(*m) {
            problems.push(format!("method `{m}` is never called"));
        }
    }
    for e in ERROR_CODES {
        if !errors.contains(*e) {
            problems.push(format!("error code {e} is never expected"));
        }
    }
    problems
}

/// Runs one scenario file and reports everything it found.
pub fn run_scenario_report(file_name: &str, text: &str) -> ScenarioReport {
    let mut report = ScenarioReport { file: file_name.to_owned(), ..ScenarioReport::default() };
    let doc: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            report.fail(None, format!("not valid JSON: {e}"));
            return report;
        }
    };
    let Some(obj) = doc.as_object() else {
        report.fail(None, "a scenario must be a JSON object");
        return report;
    };
    for k in obj.keys() {
        if !SCENARIO_KEYS.contains(&k.as_str()) {
            report.fail(None, format!("unknown scenario key `{k}`; expected one of {}", SCENARIO_KEYS.join(", ")));
        }
    }
    match obj.get("title").and_then(Value::as_str) {
        Some(t) if !t.trim().is_empty() => report.title = t.to_owned(),
        _ => report.fail(None, "`title` must be a non-empty string"),
    }
    let base_config = match obj.get("config") {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            report.fail(None, "`config` must be an object");
            return report;
        }
    };
    let Some(directory) = obj.get("directory").filter(|d| d.is_object()) else {
        report.fail(None, "`directory` must be an object");
        return report;
    };
    let checks = match obj.get("checks") {
        Some(Value::Array(a)) if !a.is_empty() => a.as_slice(),
        _ => {
            report.fail(None, "`checks` must be a non-empty array");
            return report;
        }
    };

    // The scenario's engine, or the build failure it must produce.
    let scenario_expects_build_error = obj.get("expectBuildError");
    let engine = match config_from(&base_config, None) {
        Err(e) => {
            report.fail(None, format!("`config` is not a valid instance configuration: {e}"));
            return report;
        }
        Ok(config) => match (Engine::from_json(config, &directory.to_string()), scenario_expects_build_error) {
            (Ok(engine), None) => Some(engine),
            (Ok(_), Some(_)) => {
                report.fail(None, "`expectBuildError`: the directory built without error");
                None
            }
            (Err(e), Some(expected)) => {
                compare_build_error(&mut report, None, expected, &e);
                None
            }
            (Err(e), None) => {
                report.fail(None, format!("the directory does not build: {e}"));
                return report;
            }
        },
    };

    let mut names = BTreeSet::new();
    for (i, check) in checks.iter().enumerate() {
        run_check(&mut report, &mut names, i, check, &base_config, directory, engine.as_ref());
    }
    report
}

/// Merges a check's config keys over the scenario's and deserializes.
fn config_from(base: &Map<String, Value>, overlay: Option<&Map<String, Value>>) -> Result<InstanceConfig, String> {
    let mut merged = base.clone();
    if let Some(o) = overlay {
        for (k, v) in o {
            merged.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(Value::Object(merged)).map_err(|e| e.to_string())
}

fn run_check(
    report: &mut ScenarioReport,
    names: &mut BTreeSet<String>,
    index: usize,
    check: &Value,
    base_config: &Map<String, Value>,
    scenario_directory: &Value,
    scenario_engine: Option<&Engine>,
) {
    let fallback = format!("checks[{index}]");
    let Some(c) = check.as_object() else {
        report.fail(Some(&fallback), "a check must be an object");
        return;
    };
    let name = c.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
    report.check_names.push(name.clone());
    let label = if name.trim().is_empty() {
        report.fail(Some(&fallback), "`name` must be a non-empty string");
        fallback
    } else {
        if !names.insert(name.clone()) {
            report.fail(Some(&name), "duplicate check name in this file");
        }
        name
    };
    let label = label.as_str();
    for k in c.keys() {
        if !CHECK_KEYS.contains(&k.as_str()) {
            report.fail(Some(label), format!("unknown check key `{k}`; expected one of {}", CHECK_KEYS.join(", ")));
            return;
        }
    }

    let overlay = match c.get("config") {
        None => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => {
            report.fail(Some(label), "`config` must be an object");
            return;
        }
    };
    let own_directory = c.get("directory");
    if own_directory.is_some_and(|d| !d.is_object()) {
        report.fail(Some(label), "`directory` must be an object");
        return;
    }
    let config = match config_from(base_config, overlay) {
        Ok(cfg) => cfg,
        Err(e) => {
            report.fail(Some(label), format!("`config` is not a valid instance configuration: {e}"));
            return;
        }
    };

    if let Some(expected) = c.get("expectBuildError") {
        for k in ["method", "input", "expect"] {
            if c.contains_key(k) {
                report.fail(Some(label), format!("a check with `expectBuildError` has no `{k}`"));
                return;
            }
        }
        let dir = own_directory.unwrap_or(scenario_directory);
        match Engine::from_json(config, &dir.to_string()) {
            Ok(_) => report.fail(Some(label), "`expectBuildError`: the directory built without error"),
            Err(e) => compare_build_error(report, Some(label), expected, &e),
        }
        return;
    }

    // The engine this check runs against.
    let owned;
    let engine: &Engine = match (own_directory, scenario_engine) {
        (Some(dir), _) => match Engine::from_json(config, &dir.to_string()) {
            Ok(e) => {
                owned = e;
                &owned
            }
            Err(e) => {
                report.fail(Some(label), format!("the check's directory does not build: {e}"));
                return;
            }
        },
        (None, Some(e)) if overlay.is_some() => {
            owned = e.with_config(config);
            &owned
        }
        (None, Some(e)) => e,
        (None, None) => {
            report
                .fail(Some(label), "the scenario's directory does not build, so this check needs its own `directory`");
            return;
        }
    };

    let Some(method) = c.get("method").and_then(Value::as_str) else {
        report.fail(Some(label), "`method` must be a string (or use `expectBuildError`)");
        return;
    };
    if !METHODS.contains(&method) {
        report.fail(Some(label), format!("unknown method `{method}`; expected one of {}", METHODS.join(", ")));
        return;
    }
    report.methods.insert(method.to_owned());
    let Some(input) = c.get("input") else {
        report.fail(Some(label), "`input` is missing");
        return;
    };
    let expect = match c.get("expect") {
        None => {
            report.fail(Some(label), "`expect` is missing");
            return;
        }
        Some(Value::Object(m)) if m.is_empty() => {
            report.fail(Some(label), "`expect` is `{}`, which asserts nothing");
            return;
        }
        Some(e) => e,
    };
    let expected_error = expect.as_object().and_then(|m| m.get("error"));

    match (engine.call(method, input.clone()), expected_error) {
        (Ok(actual), None) => {
            collect_codes(&actual, &mut report.result_codes);
            let mut diffs = Vec::new();
            compare(expect, &actual, "$", &mut diffs);
            if diffs.is_empty() {
                collect_codes(expect, &mut report.asserted_codes);
            } else {
                report.fail(Some(label), format!("{}; actual result: {}", diffs.join("; "), excerpt(&actual)));
            }
        }
        (Ok(actual), Some(err)) => {
            report.fail(Some(label), format!("expected error {err}, but the call succeeded with {}", excerpt(&actual)));
        }
        (Err(e), None) => {
            report.fail(Some(label), format!("unexpected error {} at `{}`: {e}", e.code(), e.path()));
        }
        (Err(e), Some(err)) => {
            if expect.as_object().is_some_and(|m| m.len() != 1) {
                report.fail(Some(label), "an `expect` with `error` has no other keys");
                return;
            }
            let problems = compare_error(err, e.code(), e.path(), &e.to_string());
            if problems.is_empty() {
                report.error_codes.insert(e.code().to_owned());
            } else {
                report.fail(
                    Some(label),
                    format!("{} (actual error {} at `{}`: {e})", problems.join("; "), e.code(), e.path()),
                );
            }
        }
    }
}

/// Checks an `{"code", "path", "messageContains"}` expectation.
fn compare_error(expected: &Value, code: &str, path: &str, message: &str) -> Vec<String> {
    let Some(m) = expected.as_object() else {
        return vec!["`expect.error` must be an object".into()];
    };
    let mut problems = Vec::new();
    for k in m.keys() {
        if !ERROR_KEYS.contains(&k.as_str()) {
            problems.push(format!("unknown key `{k}` in `expect.error`; expected one of {}", ERROR_KEYS.join(", ")));
        }
    }
    match m.get("code").and_then(Value::as_str) {
        None => problems.push("`expect.error.code` must be a string".into()),
        Some(c) if c != code => problems.push(format!("expected error code {c}")),
        Some(_) => {}
    }
    if let Some(p) = m.get("path") {
        if p.as_str() != Some(path) {
            problems.push(format!("expected error path {p}"));
        }
    }
    if let Some(t) = m.get("messageContains") {
        if !t.as_str().is_some_and(|t| message.contains(t)) {
            problems.push(format!("expected the message to contain {t}"));
        }
    }
    problems
}

/// Checks a build failure against an `expectBuildError` array.
fn compare_build_error(report: &mut ScenarioReport, check: Option<&str>, expected: &Value, err: &BuildError) {
    let issues = match err {
        BuildError::Directory(d) => &d.0,
        other => {
            report.fail(check, format!("expected directory issues, got {} error: {other}", other.code()));
            return;
        }
    };
    let actual = || issues.iter().map(|i| format!("`{}`: {}", i.path, i.message)).collect::<Vec<_>>().join(" | ");
    let Some(exp) = expected.as_array().filter(|a| !a.is_empty()) else {
        report.fail(check, "`expectBuildError` must be a non-empty array");
        return;
    };
    if exp.len() != issues.len() {
        report.fail(check, format!("expected {} directory issue(s), got {}: {}", exp.len(), issues.len(), actual()));
        return;
    }
    let mut problems = Vec::new();
    for (i, (e, issue)) in exp.iter().zip(issues).enumerate() {
        let Some(m) = e.as_object() else {
            problems.push(format!("expectBuildError[{i}] must be an object"));
            continue;
        };
        if let Some(k) = m.keys().find(|k| !ISSUE_KEYS.contains(&k.as_str())) {
            problems.push(format!("expectBuildError[{i}]: unknown key `{k}`"));
        }
        match m.get("path").and_then(Value::as_str) {
            None => problems.push(format!("expectBuildError[{i}].path must be a string")),
            Some(p) if p != issue.path => {
                problems.push(format!("issue {i}: expected path `{p}`, got `{}`", issue.path))
            }
            Some(_) => {}
        }
        if let Some(t) = m.get("messageContains") {
            if !t.as_str().is_some_and(|t| issue.message.contains(t)) {
                problems.push(format!("issue {i}: expected the message to contain {t}, got `{}`", issue.message));
            }
        }
    }
    if problems.is_empty() {
        report.error_codes.insert(err.code().to_owned());
    } else {
        report.fail(check, format!("{} (actual issues: {})", problems.join("; "), actual()));
    }
}

/// Subset match of `expected` in `actual`; differences are appended to `out`.
pub fn compare(expected: &Value, actual: &Value, at: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let path = format!("{at}.{k}");
                match a.get(k) {
                    Some(av) => compare(ev, av, &path, out),
                    None if ev.is_null() => {}
                    None => out.push(format!("{path}: missing, expected {ev}")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!("{at}: expected {} element(s), got {}", e.len(), a.len()));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                compare(ev, av, &format!("{at}[{i}]"), out);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            if e != a && e.as_f64().is_none_or(|x| Some(x) != a.as_f64()) {
                out.push(format!("{at}: expected {e}, got {a}"));
            }
        }
        (e, a) => {
            if e != a {
                out.push(format!("{at}: expected {e}, got {}", excerpt(a)));
            }
        }
    }
}

/// Every string value under a `code` key, at any depth.
pub fn collect_codes(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if let (true, Value::String(s)) = (k == "code", x) {
                    out.insert(s.clone());
                }
                collect_codes(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_codes(x, out)),
        _ => {}
    }
}

fn excerpt(v: &Value) -> String {
    const MAX: usize = 600;
    let s = v.to_string();
    if s.chars().count() <= MAX {
        s
    } else {
        let mut cut: String = s.chars().take(MAX).collect();
        cut.push('…');
        cut
    }
}
