//! The YAML of a `values.yaml`, read by `serde-saphyr` into a small tree
//! ([`Node`]) whose every node and key knows its line, for the Helm reader
//! to pick its settings from.
//!
//! Reading is `serde-saphyr`'s, with these options: repeated keys are passed
//! through (the Helm reader keeps the last and warns), YAML 1.1 booleans
//! (`yes`, `on`, ...) are booleans as in Helm's go-yaml v2, nesting deeper
//! than [`MAX_DEPTH`] and more than one document are refused, and alias
//! expansion is bounded by its budget. Scalars typed as numbers keep their
//! value as text; the Helm reader only needs to know they are numbers.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Deepest nesting of collections accepted.
pub(crate) const MAX_DEPTH: usize = 24;

/// A node and the 1-based line it starts on (0 when unknown).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned<T> {
    pub value: T,
    pub line: usize,
}

/// A YAML node. Numbers keep their text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

/// A syntax error: message, line and column (both 1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

fn spanned<T>(s: serde_saphyr::Spanned<T>) -> Spanned<T> {
    Spanned { line: usize::try_from(s.referenced.line()).unwrap_or(0), value: s.value }
}

/// Reads one YAML document; an empty document is `Null`.
pub(crate) fn parse(text: &str) -> Result<Spanned<Node>, YamlError> {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    options.strict_booleans = false;
    options.with_snippet = false;
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_documents = 1;
    options.budget = Some(budget);
    match serde_saphyr::from_str_with_options::<Option<serde_saphyr::Spanned<Node>>>(text, options) {
        Ok(Some(root)) => Ok(spanned(root)),
        Ok(None) => Ok(Spanned { value: Node::Null, line: 1 }),
        Err(e) => {
            let (line, column) = e
                .location()
                .map(|l| (usize::try_from(l.line()).unwrap_or(0), usize::try_from(l.column()).unwrap_or(0)))
                .unwrap_or((0, 0));
            Err(YamlError { message: message(&e), line, column })
        }
    }
}

/// The error's text without the location `serde-saphyr` appends (the
/// caller reports line and column itself).
fn message(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::budget::BudgetBreach;
    match e {
        serde_saphyr::Error::Budget { breach: BudgetBreach::Depth { .. }, .. } => {
            return format!("it is nested more than {MAX_DEPTH} levels deep");
        }
        serde_saphyr::Error::Budget { breach: BudgetBreach::Documents { .. }, .. } => {
            return "it holds more than one YAML document, expected one".to_owned();
        }
        serde_saphyr::Error::Budget { breach, .. } => {
            return format!("it is larger than this reader accepts ({breach:?})");
        }
        _ => {}
    }
    let text = e.to_string();
    let text = text.lines().next().unwrap_or_default();
    match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or(text).to_owned(),
        None => text.to_owned(),
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
        Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<serde_saphyr::Spanned<Node>>()? {
            items.push(spanned(item));
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<serde_saphyr::Spanned<Key>>()? {
            let value = map.next_value::<serde_saphyr::Spanned<Node>>()?;
            let key = spanned(key);
            entries.push((Spanned { value: key.value.0, line: key.line }, spanned(value)));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key as written: `y`, `on` or `1` as keys stay that text (the
/// Helm reader matches key names); a collection as a key is refused.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Vec<(Spanned<String>, Spanned<Node>)> {
        match parse(text) {
            Ok(Spanned { value: Node::Map(entries), .. }) => entries,
            other => vec![(Spanned { value: format!("{other:?}"), line: 0 }, Spanned { value: Node::Null, line: 0 })],
        }
    }

    fn values(text: &str) -> Vec<(String, Node)> {
        root(text).into_iter().map(|(k, v)| (k.value, v.value)).collect()
    }

    #[test]
    fn every_key_and_value_knows_its_line() {
        let entries = root("# comment\na: 1\n\nb:\n  c: x\n  d: [y]\n");
        let lines: Vec<(&str, usize, usize)> =
            entries.iter().map(|(k, v)| (k.value.as_str(), k.line, v.line)).collect();
        assert_eq!(lines, vec![("a", 2, 2), ("b", 4, 5)]);
        let Some((_, Spanned { value: Node::Map(inner), .. })) = entries.get(1) else {
            return assert!(entries.len() > 1, "b is a mapping: {entries:?}");
        };
        let inner: Vec<(&str, usize)> = inner.iter().map(|(k, _)| (k.value.as_str(), k.line)).collect();
        assert_eq!(inner, vec![("c", 5), ("d", 6)]);
    }

    #[test]
    fn scalars_are_typed_as_helm_reads_them() {
        assert_eq!(
            values("a: true\nb: yes\nc: on\nd: Off\ne: \"true\"\nf: 12\ng: ~\nh:\ni: !!str yes\nj: text\n"),
            vec![
                ("a".to_owned(), Node::Bool(true)),
                ("b".to_owned(), Node::Bool(true)),
                ("c".to_owned(), Node::Bool(true)),
                ("d".to_owned(), Node::Bool(false)),
                ("e".to_owned(), Node::Str("true".to_owned())),
                ("f".to_owned(), Node::Number("12".to_owned())),
                ("g".to_owned(), Node::Null),
                ("h".to_owned(), Node::Null),
                ("i".to_owned(), Node::Str("yes".to_owned())),
                ("j".to_owned(), Node::Str("text".to_owned())),
            ]
        );
    }

    /// A change from the former reader, which typed exactly go-yaml v2's
    /// spellings: serde-saphyr takes YAML 1.1 booleans in any letter case.
    #[test]
    fn yaml_1_1_booleans_in_any_letter_case() {
        assert_eq!(values("a: yEs\n"), vec![("a".to_owned(), Node::Bool(true))]);
    }

    #[test]
    fn repeated_keys_are_all_kept_in_order() {
        let keys: Vec<String> = values("a: 1\nb: 2\na: 3\n").into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, vec!["a", "b", "a"]);
    }

    #[test]
    fn merge_keys_and_aliases_are_expanded() {
        let text = "base: &b\n  x: 1\n  y: 2\nc:\n  <<: *b\n  y: 3\nd: *b\n";
        let c = match root(text).into_iter().nth(1) {
            Some((_, Spanned { value: Node::Map(c), .. })) => c,
            _ => Vec::new(),
        };
        let c: Vec<(String, Node)> = c.into_iter().map(|(k, v)| (k.value, v.value)).collect();
        assert!(c.contains(&("x".to_owned(), Node::Number("1".to_owned()))), "{c:?}");
        // The explicit key wins over the merged one (YAML's merge rule; the
        // former reader, as go-yaml v2, let the later entry win).
        assert_eq!(
            c.iter().filter(|(k, _)| k == "y").map(|e| &e.1).collect::<Vec<_>>(),
            vec![&Node::Number("3".to_owned())]
        );
        // Keys keep their text, even YAML 1.1 boolean spellings.
        assert_eq!(
            values(
                "y: 1
on: 2
"
            )
            .into_iter()
            .map(|(k, _)| k)
            .collect::<Vec<_>>(),
            vec!["y", "on"]
        );
    }

    #[test]
    fn refusals_carry_line_and_column() {
        let deep: String = (0..=MAX_DEPTH).map(|d| format!("{}k:\n", " ".repeat(d))).collect();
        let e = parse(&deep).err();
        assert_eq!(e.as_ref().map(|e| e.message.as_str()), Some("it is nested more than 24 levels deep"));
        assert_eq!(e.map(|e| e.line), Some(MAX_DEPTH + 1));
        let ok: String = (0..MAX_DEPTH).map(|d| format!("{}k:\n", " ".repeat(d))).collect();
        assert!(parse(&ok).is_ok());
        let two = parse("a: 1\n---\nb: 2\n").err();
        assert_eq!(
            two.map(|e| (e.message, e.line)),
            Some(("it holds more than one YAML document, expected one".to_owned(), 2))
        );
        let bad = parse("a: [x\nb: 1\n").err();
        assert!(bad.as_ref().is_some_and(|e| e.line == 2 && e.column > 0), "{bad:?}");
        let bomb = concat!(
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n",
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
            "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
            "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
            "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
            "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
        );
        assert!(parse(bomb).is_err());
    }

    #[test]
    fn empty_documents_are_null() {
        assert_eq!(parse("").map(|n| n.value), Ok(Node::Null));
        assert_eq!(parse("# only a comment\n").map(|n| n.value), Ok(Node::Null));
    }
}
