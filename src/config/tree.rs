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

/// A mapping key as text: a scalar key of any type is its text; a
/// collection as a key is refused.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Node::deserialize(d)? {
            Node::Null => Ok(Key("null".to_owned())),
            Node::Bool(b) => Ok(Key(b.to_string())),
            Node::Number(t) | Node::Str(t) => Ok(Key(t)),
            Node::Seq(_) | Node::Map(_) => Err(de::Error::custom("a list or mapping cannot be a key")),
        }
    }
}
