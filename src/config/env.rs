//! Reader for a Docker Compose `.env` file.
//!
//! Accepted syntax (the subset of Docker Compose's `.env` format that real
//! LangSmith files use):
//! - blank lines and lines starting with `#` are skipped; a UTF-8 byte order
//!   mark and `\r\n` line endings are tolerated;
//! - `KEY=value`, optionally preceded by `export `; spaces around the key
//!   and before the value are dropped;
//! - unquoted values end at an inline comment, i.e. a `#` preceded by
//!   whitespace (`KEY=true # note`); a `#` inside a word is kept;
//! - `"double quoted"` values understand `\n`, `\t`, `\\`, `\"` escapes;
//!   `'single quoted'` values are literal; both may span several lines and
//!   may be followed by a ` # comment`;
//! - `${VAR}` interpolation is not performed (the text is taken literally).
//!
//! Problems: a line without `=`, an empty or invalid variable name, an
//! unterminated quote or text after a closing quote is an error naming the
//! line. A variable set twice keeps its last value (as Docker Compose does)
//! with a warning when the values differ. Unknown variables are ignored,
//! near-misses of known ones are warnings.

use super::error::ConfigError;
use super::keys::{self, ENV_NAMES};
use super::resolve::{excerpt, parse_value, Entry, Layer, Rank, Style, SOURCE_ENV};

/// Read a `.env` text into a [`Layer`].
pub(crate) fn parse(text: &str) -> Layer {
    let mut layer = Layer::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).enumerate();
    let mut order = 0usize;
    while let Some((index, line)) = lines.next() {
        let line_no = index + 1;
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let body = strip_export(trimmed);
        let Some((raw_key, rest)) = body.split_once('=') else {
            let shown = excerpt(trimmed.trim_end());
            let first_word = body.split_whitespace().next().unwrap_or_default();
            layer.errors.push(
                ConfigError::new(first_word, format!("`{shown}` is not a `KEY=value` assignment"))
                    .at_line(Some(line_no)),
            );
            continue;
        };
        let key = raw_key.trim();
        if key.is_empty() {
            layer.errors.push(
                ConfigError::new("", format!("`{}` has no variable name before `=`", excerpt(trimmed.trim_end())))
                    .at_line(Some(line_no)),
            );
            continue;
        }
        if !valid_name(key) {
            layer.errors.push(
                ConfigError::new(
                    key,
                    format!("`{}` is not a valid variable name, expected letters, digits and `_`", excerpt(key)),
                )
                .at_line(Some(line_no)),
            );
            continue;
        }
        let value = match read_value(rest, &mut lines) {
            Ok(value) => value,
            Err(problem) => {
                let message = match problem {
                    ValueProblem::Unterminated(quote) => {
                        format!("`{key}` has an unterminated {quote} quote, expected a closing {quote}")
                    }
                    ValueProblem::TrailingText(text) => format!(
                        "`{key}` has unexpected text `{}` after its closing quote, expected nothing or a ` # comment`",
                        excerpt(&text)
                    ),
                };
                layer.errors.push(ConfigError::new(key, message).at_line(Some(line_no)));
                continue;
            }
        };
        order += 1;
        record(&mut layer, key, &value, line_no, order);
    }
    layer
}

fn record(layer: &mut Layer, key: &str, value: &str, line_no: usize, order: usize) {
    let label = format!("`{key}`");
    if let Some(known) = keys::find(ENV_NAMES, key) {
        match parse_value(known.switch, value, key, &label, Some(line_no)) {
            Ok(value) => layer.entries.push(Entry {
                switch: known.switch,
                value,
                key: key.to_owned(),
                label,
                line: Some(line_no),
                rank: Rank { source: SOURCE_ENV, alias: known.rank, order },
                style: Style::Env,
            }),
            Err(error) => layer.errors.push(error),
        }
    } else if let Some(resembles) = keys::near_miss(key, keys::env_names()) {
        layer.near_miss(key, &label, resembles, Some(line_no));
    }
}

fn strip_export(s: &str) -> &str {
    match s.strip_prefix("export") {
        Some(rest) if rest.starts_with([' ', '\t']) => rest.trim_start(),
        _ => s,
    }
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
}

enum ValueProblem {
    Unterminated(&'static str),
    TrailingText(String),
}

/// The value after `=`; quoted values may continue on the following lines.
fn read_value<'a>(rest: &str, lines: &mut impl Iterator<Item = (usize, &'a str)>) -> Result<String, ValueProblem> {
    let value = rest.trim_start();
    if let Some(quoted) = value.strip_prefix('"') {
        read_quoted(quoted, '"', lines)
    } else if let Some(quoted) = value.strip_prefix('\'') {
        read_quoted(quoted, '\'', lines)
    } else {
        Ok(strip_inline_comment(rest).trim().to_owned())
    }
}

/// Cut an unquoted value at an inline comment: a `#` that follows
/// whitespace. `KEY=#x` keeps `#x`; `KEY=a#b` keeps `a#b`.
fn strip_inline_comment(rest: &str) -> &str {
    let mut prev_space = false;
    for (i, c) in rest.char_indices() {
        if c == '#' && prev_space {
            return rest.get(..i).unwrap_or(rest);
        }
        prev_space = c.is_whitespace();
    }
    rest
}

fn read_quoted<'a>(
    first_line: &str,
    quote: char,
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
) -> Result<String, ValueProblem> {
    let quote_name = if quote == '"' { "`\"`" } else { "`'`" };
    let mut value = String::new();
    let mut current: String = first_line.to_owned();
    loop {
        let mut chars = current.char_indices();
        while let Some((i, c)) = chars.next() {
            if c == quote {
                let after = current.get(i + c.len_utf8()..).unwrap_or("").trim();
                if after.is_empty() || after.starts_with('#') {
                    return Ok(value);
                }
                return Err(ValueProblem::TrailingText(after.to_owned()));
            }
            if c == '\\' && quote == '"' {
                match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, 'r')) => value.push('\r'),
                    Some((_, '\\')) => value.push('\\'),
                    Some((_, '"')) => value.push('"'),
                    Some((_, other)) => {
                        value.push('\\');
                        value.push(other);
                    }
                    None => value.push('\\'),
                }
                continue;
            }
            value.push(c);
        }
        match lines.next() {
            Some((_, next)) => {
                value.push('\n');
                current = next.to_owned();
            }
            None => return Err(ValueProblem::Unterminated(quote_name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::keys::Switch;
    use crate::config::resolve::Value;

    fn values(text: &str) -> Vec<(String, Value, Option<usize>)> {
        parse(text).entries.into_iter().map(|e| (e.key, e.value, e.line)).collect()
    }

    #[test]
    fn comments_blank_lines_export_and_inline_comments() {
        let text = "\u{feff}# a comment\n\n   # indented comment\nexport PAT_CREATION_DISABLED=true\r\nBASIC_AUTH_ENABLED=false # inline comment\n  AUTH_TYPE = mixed\n";
        let layer = parse(text);
        assert!(layer.errors.is_empty(), "{:?}", layer.errors);
        assert_eq!(
            values(text),
            vec![
                ("PAT_CREATION_DISABLED".to_owned(), Value::Bool(true), Some(4)),
                ("BASIC_AUTH_ENABLED".to_owned(), Value::Bool(false), Some(5)),
                ("AUTH_TYPE".to_owned(), Value::Auth(crate::config::resolve::AuthType::Mixed), Some(6)),
            ]
        );
    }

    #[test]
    fn quoting() {
        let text = concat!(
            "INITIAL_ORG_NAME=\"Acme # Corp\" # trailing comment\n",
            "DEFAULT_WORKSPACE_NAME='It''s'\n",
            "INITIAL_ORG_ADMIN_EMAIL='admin@example.com'\n",
            "PAT_CREATION_DISABLED=\"TRUE\"\n",
            "SELF_HOSTED_JIT_PROVISIONING_ENABLED='false'\n",
            "FF_ORG_CREATION_DISABLED=\"tr\\\"ue\"\n",
        );
        let layer = parse(text);
        let got: Vec<_> = layer.entries.iter().map(|e| (e.key.as_str(), e.value.clone())).collect();
        assert_eq!(got.first(), Some(&("INITIAL_ORG_NAME", Value::Text("Acme # Corp".to_owned()))));
        assert!(got.contains(&("INITIAL_ORG_ADMIN_EMAIL", Value::Text("admin@example.com".to_owned()))));
        assert!(got.contains(&("PAT_CREATION_DISABLED", Value::Bool(true))));
        assert!(got.contains(&("SELF_HOSTED_JIT_PROVISIONING_ENABLED", Value::Bool(false))));
        // 'It''s' is `It` followed by text after the closing quote.
        let messages: Vec<_> = layer.errors.iter().map(|e| (e.line, e.message.as_str())).collect();
        assert_eq!(
            messages,
            vec![
                (
                    Some(2),
                    "`DEFAULT_WORKSPACE_NAME` has unexpected text `'s'` after its closing quote, expected nothing or a ` # comment`"
                ),
                (Some(6), "`FF_ORG_CREATION_DISABLED` is `tr\"ue`, expected true or false"),
            ]
        );
    }

    #[test]
    fn hash_inside_unquoted_value_is_kept() {
        let layer = parse("INITIAL_ORG_NAME=Team#1\nDEFAULT_WORKSPACE_NAME=#general\nOAUTH_CLIENT_ID= # nothing\n");
        let got: Vec<_> = layer.entries.iter().map(|e| e.value.clone()).collect();
        assert_eq!(got, vec![Value::Text("Team#1".to_owned()), Value::Text("#general".to_owned()), Value::Empty]);
    }

    #[test]
    fn multi_line_quoted_value_and_unterminated_quote() {
        let text = "INITIAL_ORG_NAME=\"first\nsecond\"\nPAT_CREATION_DISABLED=true\nDEFAULT_WORKSPACE_NAME='never closed\nAUTH_TYPE=none\n";
        let layer = parse(text);
        assert_eq!(layer.entries.first().map(|e| e.value.clone()), Some(Value::Text("first\nsecond".to_owned())));
        assert_eq!(layer.entries.get(1).map(|e| e.line), Some(Some(3)));
        assert_eq!(layer.errors.len(), 1);
        assert_eq!(layer.errors.first().map(|e| e.line), Some(Some(4)));
        assert_eq!(
            layer.errors.first().map(|e| e.message.as_str()),
            Some("`DEFAULT_WORKSPACE_NAME` has an unterminated `'` quote, expected a closing `'`")
        );
    }

    #[test]
    fn malformed_lines_are_all_reported() {
        let text = "JUST_A_WORD\n=value\nBAD KEY=1\n1ABC=2\nPAT_CREATION_DISABLED=yes\nAUTH_TYPE=basic\nexport LOG_LEVEL info\n";
        let layer = parse(text);
        let got: Vec<_> = layer.errors.iter().map(|e| (e.key.as_str(), e.line, e.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("JUST_A_WORD", Some(1), "`JUST_A_WORD` is not a `KEY=value` assignment"),
                ("", Some(2), "`=value` has no variable name before `=`"),
                ("BAD KEY", Some(3), "`BAD KEY` is not a valid variable name, expected letters, digits and `_`"),
                ("1ABC", Some(4), "`1ABC` is not a valid variable name, expected letters, digits and `_`"),
                ("PAT_CREATION_DISABLED", Some(5), "`PAT_CREATION_DISABLED` is `yes`, expected true or false"),
                ("AUTH_TYPE", Some(6), "`AUTH_TYPE` is `basic`, expected one of `mixed`, `oauth`, `none`"),
                ("LOG_LEVEL", Some(7), "`export LOG_LEVEL info` is not a `KEY=value` assignment"),
            ]
        );
    }

    #[test]
    fn every_known_spelling_is_read() {
        for known in ENV_NAMES {
            let raw = match known.switch.kind() {
                keys::Kind::Bool => "true",
                keys::Kind::AuthType => "oauth",
                keys::Kind::Text => "x@example.com",
            };
            let layer = parse(&format!("{}={raw}\n", known.name));
            assert!(layer.errors.is_empty(), "{}", known.name);
            assert_eq!(layer.entries.first().map(|e| e.switch), Some(known.switch), "{}", known.name);
        }
        assert_eq!(
            keys::find(ENV_NAMES, "FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED").map(|k| k.switch),
            Some(Switch::WorkspaceScopeOrgInvites)
        );
    }

    #[test]
    fn near_misses_warn_and_unknown_names_are_ignored() {
        let layer = parse("WORKSPACE_SCOPE_ORG_INVITE_ENABLED=true\nFF_PAT_CREATION_DISABLED=true\nPOSTGRES_DATABASE_URI=postgres:postgres@db:5432/postgres\n");
        assert!(layer.entries.is_empty());
        assert!(layer.errors.is_empty());
        let got: Vec<_> = layer.warnings.iter().map(|w| (w.key.as_str(), w.line, w.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (
                    "WORKSPACE_SCOPE_ORG_INVITE_ENABLED",
                    Some(1),
                    "`WORKSPACE_SCOPE_ORG_INVITE_ENABLED` is ignored: it is not a known setting but resembles `WORKSPACE_SCOPE_ORG_INVITES_ENABLED`"
                ),
                (
                    "FF_PAT_CREATION_DISABLED",
                    Some(2),
                    "`FF_PAT_CREATION_DISABLED` is ignored: it is not a known setting but resembles `PAT_CREATION_DISABLED`"
                ),
            ]
        );
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "",
            "\n\n\n",
            "=",
            "\"",
            "A=\"",
            "A='",
            "A=\"\\",
            "export",
            "export =",
            "A=é#ü # ß",
            "\u{feff}",
            "A=\"x\"\"",
            "\r\n\r",
        ] {
            let _ = parse(text);
        }
    }
}
