//! A YAML reader for Helm `values.yaml` files: the block and flow styles
//! charts are written in, read into a small tree ([`Node`]) whose every
//! node knows its line.
//!
//! Supported: block mappings and sequences (including a sequence at its
//! key's indentation), plain, single- and double-quoted scalars (also over
//! several lines), literal `|` and folded `>` block scalars with chomping
//! and indentation indicators, flow collections (`[a, b]`, `{k: v}`,
//! `[k: v]`, nested, over several lines), comments, anchors and aliases
//! (expansion is bounded), merge keys (`<<: *base`, as Helm's parser: a
//! later entry wins), tags (`!!str` keeps a scalar a string; others are
//! ignored), a leading `---` and a trailing `...`. Scalars are typed as
//! Helm's YAML 1.1 parser types them (`true`, `yes`, `off`, `null`, `~`,
//! numbers); everything else stays text.
//! Refused with the line and column: tabs in indentation, bad indentation,
//! unterminated quotes and flows, more than one document, nesting deeper
//! than [`MAX_DEPTH`], complex (`?`) keys, undefined aliases, aliases with
//! properties or as flow keys, a list or mapping starting on its key's line.

use std::collections::HashMap;

/// Deepest nesting of collections accepted.
pub(crate) const MAX_DEPTH: usize = 64;

/// Most nodes a document may expand to (aliases included).
const MAX_NODES: usize = 1_000_000;

/// A node and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned<T> {
    pub value: T,
    pub line: usize,
}

/// A YAML node. Scalars keep their text; numbers are not interpreted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

/// A syntax error: message, line and column (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

type Result<T> = std::result::Result<T, YamlError>;

/// Reads one YAML document; an empty document is `Null`.
pub(crate) fn parse(text: &str) -> Result<Spanned<Node>> {
    let mut lines: Vec<Line<'_>> = Vec::new();
    // A byte order mark is not content; the break ending the last line
    // does not start another.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.strip_suffix('\n').unwrap_or(text);
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        lines.push(Line { no: i + 1, raw, indent });
    }
    let mut p = Parser { lines, i: 0, anchors: HashMap::new(), nodes: 0 };
    p.document()
}

struct Line<'a> {
    no: usize,
    raw: &'a str,
    /// Leading spaces.
    indent: usize,
}

impl Line<'_> {
    /// Blank, or only a comment.
    fn is_empty(&self) -> bool {
        let body = self.raw.trim_start_matches([' ', '\t']);
        body.is_empty() || body.starts_with('#')
    }
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    /// The next line to read.
    i: usize,
    anchors: HashMap<String, (Spanned<Node>, usize)>,
    nodes: usize,
}

fn err<T>(message: impl Into<String>, line: usize, column: usize) -> Result<T> {
    Err(YamlError { message: message.into(), line, column: column + 1 })
}

/// Text up to a comment (` #`), without trailing spaces.
fn strip_comment(s: &str) -> &str {
    let b = s.as_bytes();
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        if c == '#' && (i == 0 || matches!(b.get(i - 1), Some(b' ' | b'\t'))) {
            end = i;
            break;
        }
    }
    s.get(..end).unwrap_or(s).trim_end_matches([' ', '\t'])
}

/// Where the `:` of a `key: value` is in a line's rest, if the rest is one.
fn mapping_colon(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    let mut i = 0;
    // A quoted key: the colon must follow the closing quote.
    if let Some(&q @ (b'"' | b'\'')) = b.first() {
        i = 1;
        while let Some(&c) = b.get(i) {
            if c == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if c == q {
                if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                break;
            }
            i += 1;
        }
        i += 1;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        return (b.get(i) == Some(&b':') && matches!(b.get(i + 1), None | Some(b' ' | b'\t'))).then_some(i);
    }
    if matches!(b.first(), Some(b'[' | b'{' | b'|' | b'>' | b'*' | b'#')) {
        return None;
    }
    while let Some(&c) = b.get(i) {
        if c == b'#' && i > 0 && matches!(b.get(i - 1), Some(b' ' | b'\t')) {
            return None;
        }
        if c == b':' && matches!(b.get(i + 1), None | Some(b' ' | b'\t')) {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn is_seq_entry(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t")
}

/// The type of a plain scalar: the YAML 1.2 core schema, with the YAML 1.1
/// booleans Helm's parser also reads (`yes`, `on`, `y`, `no`, `off`, `n`).
fn plain_scalar(s: &str) -> Node {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => Node::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => Node::Bool(true),
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => Node::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "-.inf" | ".nan" | ".NaN" | ".NAN" => Node::Number(s.to_owned()),
        _ if is_number(s) => Node::Number(s.to_owned()),
        _ => Node::Str(s.to_owned()),
    }
}

/// A number as go-yaml v2 reads one: it starts with a digit, sign or point,
/// underscores are ignored; signed `0x`, `0o`, `0b` integers, decimals.
fn is_number(s: &str) -> bool {
    if !matches!(s.bytes().next(), Some(b'0'..=b'9' | b'-' | b'+' | b'.')) {
        return false;
    }
    // Some digits, and nothing but digits and underscores.
    let digits = |d: &str, radix: u32| {
        d.bytes().any(|b| b != b'_') && d.bytes().all(|b| b == b'_' || char::from(b).is_digit(radix))
    };
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if body.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(prefix)) {
            return digits(body.get(2..).unwrap_or(""), radix);
        }
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i).unwrap_or(""), body.get(i + 1..)),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mantissa_ok =
        (digits(whole, 10) || digits(fraction, 10)) && [whole, fraction].iter().all(|p| p.is_empty() || digits(p, 10));
    mantissa_ok && exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10))
}

/// Reads `&anchor` and `!tag` properties at the start of `rest`, which is at
/// column `col` of line `no`: them, and the column after them.
fn read_props(mut rest: &str, mut col: usize, no: usize) -> Result<(Props, usize)> {
    let mut props = Props::default();
    loop {
        let token_end = rest.find([' ', '\t', ',', '[', ']', '{', '}']).unwrap_or(rest.len());
        let token = rest.get(..token_end).unwrap_or("");
        if let Some(name) = token.strip_prefix('&') {
            if name.is_empty() {
                return err("an anchor needs a name", no, col);
            }
            props.anchor = Some(name.to_owned());
        } else if token.starts_with('!') {
            props.force_str = token == "!!str";
            props.tagged = true;
        } else {
            return Ok((props, col));
        }
        let after = rest.get(token_end..).unwrap_or("");
        let trimmed = after.trim_start_matches([' ', '\t']);
        col += token_end + (after.len() - trimmed.len());
        rest = trimmed;
    }
}

/// A mapping entry.
type Entry = (Spanned<String>, Spanned<Node>);

/// Applies merge keys (`merges`: the indices, ascending, of the entries
/// whose key is a plain `<<`) as Helm's parser does: the entries of the
/// merged mapping (or mappings, the first winning) take the place of the
/// `<<` entry, and where a merged key meets another entry of the same key
/// the later one wins and the other is dropped (keys repeated outside
/// merges are left for the Helm reader, which warns about them).
fn merge_keys(entries: Vec<Entry>, merges: &[usize]) -> Result<Vec<Entry>> {
    if merges.is_empty() {
        return Ok(entries);
    }
    // Each entry with whether it came from a merge.
    let mut out: Vec<(Entry, bool)> = Vec::with_capacity(entries.len());
    let mut next = 0;
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if merges.get(next) != Some(&i) {
            out.push(((key, value), false));
            continue;
        }
        next += 1;
        // Of several mappings the first wins: it goes last.
        let sources = match value.value {
            Node::Seq(items) => items,
            one => vec![Spanned { value: one, line: value.line }],
        };
        for source in sources.into_iter().rev() {
            let Node::Map(entries) = source.value else {
                return err("a merge key (`<<`) takes a mapping or a list of mappings", key.line, 0);
            };
            out.extend(entries.into_iter().map(|e| (e, true)));
        }
    }
    // The last entry of each key, and whether any entry of it was merged.
    let mut last: HashMap<&str, (usize, bool)> = HashMap::with_capacity(out.len());
    for (i, ((key, _), merged)) in out.iter().enumerate() {
        let seen = last.get(key.value.as_str()).is_some_and(|l| l.1);
        last.insert(key.value.as_str(), (i, seen || *merged));
    }
    let keep: Vec<bool> = out
        .iter()
        .enumerate()
        .map(|(i, ((key, _), _))| last.get(key.value.as_str()).is_none_or(|&(l, merged)| l == i || !merged))
        .collect();
    Ok(out.into_iter().zip(keep).filter(|(_, k)| *k).map(|((e, _), _)| e).collect())
}

fn count_nodes(n: &Node) -> usize {
    1 + match n {
        Node::Seq(items) => items.iter().map(|i| count_nodes(&i.value)).sum(),
        Node::Map(entries) => entries.iter().map(|(_, v)| count_nodes(&v.value)).sum(),
        _ => 0,
    }
}

/// Anchor and tag written before a node.
#[derive(Default)]
struct Props {
    anchor: Option<String>,
    force_str: bool,
    tagged: bool,
}

impl Props {
    fn given(&self) -> bool {
        self.anchor.is_some() || self.tagged
    }
}

/// Where a node starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    /// On a line of its own: the root, or below a key or `-`.
    Block,
    /// On its key's line, after `key:`: no block collection may start there.
    Value,
    /// On a list entry's line, after `- `.
    Entry,
}

impl<'a> Parser<'a> {
    fn line(&self, i: usize) -> Option<&Line<'a>> {
        self.lines.get(i)
    }

    /// Skips blank and comment lines.
    fn skip_empty(&mut self) {
        while self.line(self.i).is_some_and(Line::is_empty) {
            self.i += 1;
        }
    }

    fn count(&mut self, n: usize, line: usize) -> Result<()> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return err(format!("the document expands to more than {MAX_NODES} nodes (aliases included)"), line, 0);
        }
        Ok(())
    }

    fn document(&mut self) -> Result<Spanned<Node>> {
        // Directives (and document end markers before any document), then a
        // document start marker.
        self.skip_empty();
        while let Some(l) = self.line(self.i) {
            if (l.raw.starts_with('%') && l.indent == 0) || l.raw == "..." || l.raw.starts_with("... ") {
                self.i += 1;
                self.skip_empty();
            } else {
                break;
            }
        }
        let mut root = Spanned { value: Node::Null, line: 1 };
        if let Some(l) = self.line(self.i) {
            if l.raw == "---" || l.raw.starts_with("--- ") {
                let no = l.no;
                let rest = strip_comment(l.raw.get(3..).unwrap_or("").trim_start());
                if rest.is_empty() {
                    self.i += 1;
                } else {
                    // `--- value` on the marker line.
                    let col = l.raw.len() - l.raw.get(3..).unwrap_or("").trim_start().len();
                    root = self.node_at(self.i, col, None, 0, At::Block)?;
                    return self.end(root, no);
                }
            }
        }
        self.skip_empty();
        if let Some(l) = self.line(self.i) {
            if !is_marker(l.raw) {
                if l.indent > 0 && l.raw.trim_start().starts_with('\t') {
                    return err("a tab character in indentation", l.no, l.indent);
                }
                root = self.node_at(self.i, l.indent, None, 0, At::Block)?;
            }
        }
        let no = root.line;
        self.end(root, no)
    }

    /// After the root node: only blank lines, comments or `...` may follow.
    fn end(&mut self, root: Spanned<Node>, _line: usize) -> Result<Spanned<Node>> {
        self.skip_empty();
        let mut ended = false;
        while self.line(self.i).is_some_and(|l| l.raw == "..." || l.raw.starts_with("... ")) {
            self.i += 1;
            self.skip_empty();
            ended = true;
        }
        match self.line(self.i) {
            None => Ok(root),
            Some(l) if ended || is_marker(l.raw) => err("it holds more than one YAML document, expected one", l.no, 0),
            Some(l) => err("unexpected text after the document's root node (check the indentation)", l.no, l.indent),
        }
    }

    /// The node starting at column `col` of line `i` (whose rest is not
    /// empty). `parent` is the indentation of the enclosing block (None at
    /// the root).
    fn node_at(&mut self, i: usize, col: usize, parent: Option<usize>, depth: usize, at: At) -> Result<Spanned<Node>> {
        let Some(l) = self.line(i) else { return Ok(Spanned { value: Node::Null, line: 0 }) };
        let (no, raw) = (l.no, l.raw);
        let rest = raw.get(col..).unwrap_or("");
        let (props, col) = read_props(rest, col, no)?;
        if let Some(name) = &props.anchor {
            // An alias inside the node cannot mean an earlier anchor of that
            // name: a placeholder (line 0) until the node is read.
            self.anchors.insert(name.clone(), (Spanned { value: Node::Null, line: 0 }, 0));
        }
        let rest = raw.get(col..).unwrap_or("");
        let mut node = if strip_comment(rest).is_empty() {
            // Properties alone on a line: the node is the block below (or null),
            // which cannot have properties of its own.
            self.i = i + 1;
            self.skip_empty();
            if let Some(n) = self.line(self.i).filter(|n| parent.is_none_or(|p| n.indent > p)) {
                // One anchor and one tag at most (a mapping's first key may have its own).
                let below = n.raw.get(n.indent..).unwrap_or("");
                let again = (below.starts_with('&') && props.anchor.is_some())
                    || (below.starts_with('!') && props.tagged)
                    || below.starts_with('*');
                if again && mapping_colon(below).is_none() {
                    return err("a node has two anchors or two tags, or an alias has either", n.no, n.indent);
                }
            }
            self.block_below(at == At::Value, parent, no, depth)?
        } else if props.given() && rest.starts_with('*') {
            return err("an alias cannot have properties (`&anchor`, `!tag`)", no, col);
        } else if at == At::Value && (is_seq_entry(rest) || mapping_colon(rest).is_some()) {
            return err("a list or mapping cannot start on its key's line (start it on the next line)", no, col);
        } else if (is_seq_entry(rest) || mapping_colon(rest).is_some()) && depth >= MAX_DEPTH {
            // Counted on collections, as flow collections are below.
            return err(format!("it is nested more than {MAX_DEPTH} levels deep"), no, col);
        } else if is_seq_entry(rest) {
            self.sequence(i, col, depth + 1)?
        } else if rest.starts_with('?') && matches!(rest.as_bytes().get(1), None | Some(b' ')) {
            return err("complex mapping keys (`?`) are not supported", no, col);
        } else if mapping_colon(rest).is_some() {
            self.mapping(i, col, depth + 1)?
        } else {
            self.scalar(i, col, parent, depth, props.force_str)?
        };
        if props.force_str && matches!(node.value, Node::Null) {
            // `!!str` and nothing: an empty string.
            node.value = Node::Str(String::new());
        }
        self.count(1, no)?;
        // Unless a node inside redefined it (the later anchor wins).
        if let Some(name) = props.anchor.filter(|n| self.anchors.get(n.as_str()).is_some_and(|a| a.0.line == 0)) {
            let size = count_nodes(&node.value);
            self.anchors.insert(name, (node.clone(), size));
        }
        Ok(node)
    }

    /// The block node on the lines below a key or `-` whose value is empty:
    /// more indented than `parent`, or, below a key (`key_seq`), a sequence
    /// at the parent's own indentation (`key:\n- a`). Null when there is none.
    fn block_below(
        &mut self,
        key_seq: bool,
        parent: Option<usize>,
        line: usize,
        depth: usize,
    ) -> Result<Spanned<Node>> {
        self.skip_empty();
        if let Some(l) = self.line(self.i) {
            let rest = l.raw.get(l.indent..).unwrap_or("");
            let deeper = parent.is_none_or(|p| l.indent > p);
            let same_level_seq = key_seq && parent == Some(l.indent) && is_seq_entry(rest);
            if (deeper || same_level_seq) && !is_marker(l.raw) {
                if rest.starts_with('\t') {
                    return err("a tab character in indentation", l.no, l.indent);
                }
                return self.node_at(self.i, l.indent, parent, depth, At::Block);
            }
        }
        Ok(Spanned { value: Node::Null, line })
    }

    fn sequence(&mut self, first: usize, col: usize, depth: usize) -> Result<Spanned<Node>> {
        let start = self.line(first).map_or(0, |l| l.no);
        let mut items = Vec::new();
        let mut i = first;
        let mut at = col;
        while let Some(l) = self.line(i) {
            let (no, raw) = (l.no, l.raw);
            let rest = raw.get(at..).unwrap_or("");
            if !is_seq_entry(rest) {
                return err("expected a `- ` list entry", no, at);
            }
            let after = rest.get(1..).unwrap_or("");
            let content = after.trim_start_matches([' ', '\t']);
            let item = if strip_comment(content).is_empty() {
                self.i = i + 1;
                self.block_below(false, Some(col), no, depth)?
            } else {
                let item_col = at + 1 + (after.len() - content.len());
                self.node_at(i, item_col, Some(col), depth, At::Entry)?
            };
            items.push(item);
            self.skip_empty();
            match self.line(self.i) {
                Some(next) if next.indent == col && is_seq_entry(next.raw.get(col..).unwrap_or("")) => {
                    i = self.i;
                    at = col;
                }
                Some(next) if next.indent > col && !is_marker(next.raw) => {
                    return err("bad indentation of a list entry", next.no, next.indent);
                }
                _ => break,
            }
        }
        Ok(Spanned { value: Node::Seq(items), line: start })
    }

    fn mapping(&mut self, first: usize, col: usize, depth: usize) -> Result<Spanned<Node>> {
        let start = self.line(first).map_or(0, |l| l.no);
        let mut entries = Vec::new();
        let mut merges = Vec::new();
        let mut i = first;
        while let Some(l) = self.line(i) {
            let (no, raw) = (l.no, l.raw);
            let rest = raw.get(col..).unwrap_or("");
            if rest.starts_with('\t') {
                return err("a tab character in indentation", no, col);
            }
            if rest.starts_with('?') && matches!(rest.as_bytes().get(1), None | Some(b' ' | b'\t')) {
                return err("complex mapping keys (`?`) are not supported", no, col);
            }
            let Some(colon) = mapping_colon(rest) else {
                return err("expected a `key: value` entry", no, col);
            };
            let key_text = rest.get(..colon).unwrap_or("").trim_end();
            let (key, merge) = match key_text.as_bytes().first() {
                Some(b'"' | b'\'') => (quoted(&self.lines, i, col)?.0, false),
                _ => (key_text.to_owned(), key_text == "<<"),
            };
            if key.is_empty() && !key_text.starts_with(['"', '\'']) {
                return err("a mapping key is missing before `:`", no, col);
            }
            let after = rest.get(colon + 1..).unwrap_or("");
            let value_text = after.trim_start_matches([' ', '\t']);
            let value_col = col + colon + 1 + (after.len() - value_text.len());
            let value = if strip_comment(value_text).is_empty() {
                self.i = i + 1;
                self.block_below(true, Some(col), no, depth)?
            } else {
                self.node_at(i, value_col, Some(col), depth, At::Value)?
            };
            if merge {
                merges.push(entries.len());
            }
            entries.push((Spanned { value: key, line: no }, value));
            self.skip_empty();
            match self.line(self.i) {
                Some(next)
                    if next.indent == col
                        && !is_marker(next.raw)
                        && next.raw.get(col..).is_some_and(|r| !is_seq_entry(r)) =>
                {
                    i = self.i;
                }
                Some(next) if next.indent > col && !is_marker(next.raw) => {
                    return err("bad indentation of a mapping entry", next.no, next.indent);
                }
                _ => break,
            }
        }
        Ok(Spanned { value: Node::Map(merge_keys(entries, &merges)?), line: start })
    }

    /// A scalar, flow collection or alias starting at `col` of line `i`.
    fn scalar(
        &mut self,
        i: usize,
        col: usize,
        parent: Option<usize>,
        depth: usize,
        force_str: bool,
    ) -> Result<Spanned<Node>> {
        let Some(l) = self.line(i) else { return Ok(Spanned { value: Node::Null, line: 0 }) };
        let (no, raw) = (l.no, l.raw);
        let rest = raw.get(col..).unwrap_or("");
        match rest.as_bytes().first() {
            Some(b'"' | b'\'') => {
                let (s, end_line, end_col) = quoted(&self.lines, i, col)?;
                self.after_value(end_line, end_col)?;
                Ok(Spanned { value: Node::Str(s), line: no })
            }
            Some(b'[' | b'{') => {
                let mut flow = Flow {
                    lines: &self.lines,
                    line: i,
                    pos: col,
                    depth,
                    min_indent: parent.map_or(0, |p| p + 1),
                    anchors: &mut self.anchors,
                    nodes: self.nodes,
                };
                let value = flow.value()?;
                let (end_line, end_col) = (flow.line, flow.pos);
                self.nodes = flow.nodes;
                let nodes = count_nodes(&value);
                self.count(nodes, no)?;
                self.after_value(end_line, end_col)?;
                Ok(Spanned { value, line: no })
            }
            Some(b'|' | b'>') => self.block_scalar(i, col, parent),
            Some(b'*') => {
                let name = strip_comment(rest.get(1..).unwrap_or(""));
                let Some((node, size)) = self.anchors.get(name).filter(|a| a.0.line > 0).cloned() else {
                    return err(format!("unknown alias `*{name}`"), no, col);
                };
                self.count(size, no)?;
                self.i = i + 1;
                Ok(Spanned { value: node.value, line: no })
            }
            Some(&c @ (b'@' | b'`' | b']' | b'}' | b',' | b'%')) => {
                err(format!("a plain value cannot start with `{}` (quote it)", char::from(c)), no, col)
            }
            _ => {
                // A plain scalar, possibly continued on more indented lines.
                let mut text = strip_comment(rest).to_owned();
                let mut j = i + 1;
                // A comment ends a plain scalar.
                let commented = strip_comment(rest).len() < rest.trim_end().len();
                while let Some(next) = self.line(j).filter(|_| !commented) {
                    if next.is_empty() {
                        // Blank lines inside a plain scalar are newlines; a
                        // comment line ends it.
                        let mut k = j;
                        while self.line(k).is_some_and(|n| n.raw.trim().is_empty()) {
                            k += 1;
                        }
                        match self.line(k) {
                            Some(n)
                                if k > j
                                    && parent.is_none_or(|p| n.indent > p)
                                    && !is_marker(n.raw)
                                    && !n.is_empty() =>
                            {
                                text.extend(std::iter::repeat_n('\n', k - j));
                                j = k;
                                continue;
                            }
                            _ => break,
                        }
                    }
                    if parent.is_some_and(|p| next.indent <= p) || is_marker(next.raw) {
                        break;
                    }
                    let body = next.raw.get(next.indent..).unwrap_or("").trim_start_matches([' ', '\t']);
                    // A `: ` (here or in a flow-looking line) is no plain text.
                    let text_part = strip_comment(body);
                    let colon = text_part.ends_with(':')
                        || text_part.as_bytes().windows(2).any(|w| matches!(w, [b':', b' ' | b'\t']));
                    if colon || body.starts_with('#') {
                        break;
                    }
                    if !text.ends_with('\n') {
                        text.push(' ');
                    }
                    text.push_str(strip_comment(body));
                    j += 1;
                    if strip_comment(body).len() < body.trim_end().len() {
                        // A comment ends it.
                        break;
                    }
                }
                self.i = j;
                let value = if force_str { Node::Str(text) } else { plain_scalar(&text) };
                Ok(Spanned { value, line: no })
            }
        }
    }

    /// After a quoted scalar or flow collection ending at (`line`, `col`):
    /// only a comment may follow on that line.
    fn after_value(&mut self, line: usize, col: usize) -> Result<()> {
        let Some(l) = self.line(line) else {
            self.i = line;
            return Ok(());
        };
        let tail = l.raw.get(col..).unwrap_or("");
        if !strip_comment(tail).is_empty() && !tail.trim_start().starts_with('#') {
            return err("unexpected text after a value", l.no, col + (tail.len() - tail.trim_start().len()));
        }
        self.i = line + 1;
        Ok(())
    }

    /// `|` or `>` with optional chomping (`-`, `+`) and indentation digit.
    fn block_scalar(&mut self, i: usize, col: usize, parent: Option<usize>) -> Result<Spanned<Node>> {
        let Some(l) = self.line(i) else { return Ok(Spanned { value: Node::Null, line: 0 }) };
        let (no, raw) = (l.no, l.raw);
        let header = strip_comment(raw.get(col..).unwrap_or(""));
        let literal = header.starts_with('|');
        let mut chomp = ' ';
        let mut explicit = None;
        for c in header.chars().skip(1) {
            match c {
                '-' | '+' if chomp == ' ' => chomp = c,
                '1'..='9' if explicit.is_none() => explicit = c.to_digit(10).map(|d| d as usize),
                _ => return err(format!("a bad block scalar header `{header}`"), no, col),
            }
        }
        let base = parent.map_or(0, |p| p + 1);
        let mut j = i + 1;
        // Content indentation: explicit, or that of the first non-blank line.
        let indent = match explicit {
            Some(n) => parent.map_or(0, |p| p) + n,
            None => {
                // The widest of the leading blank lines and the first text line.
                let mut k = j;
                let mut widest = base;
                while let Some(n) = self.line(k).filter(|n| is_blank(n.raw)) {
                    widest = widest.max(n.indent);
                    k += 1;
                }
                if let Some(n) = self.line(k).filter(|n| n.raw.get(n.indent..).is_some_and(|r| r.starts_with('\t'))) {
                    return err("a tab character in indentation", n.no, n.indent);
                }
                self.line(k).map_or(widest, |n| n.indent.max(widest))
            }
        };
        let mut lines: Vec<&str> = Vec::new();
        while let Some(n) = self.line(j) {
            if is_blank(n.raw) {
                // Spaces past the indentation are content.
                lines.push(n.raw.get(indent..).unwrap_or(""));
            } else if n.indent < indent && n.raw.get(n.indent..).is_some_and(|r| r.starts_with('\t')) {
                // As go-yaml v2 does, even on a line that would end the scalar.
                return err("a tab character in indentation", n.no, n.indent);
            } else if n.indent >= indent && n.indent >= base && !is_marker(n.raw) {
                lines.push(n.raw.get(indent..).unwrap_or(""));
            } else {
                break;
            }
            j += 1;
        }
        let trailing_blank = lines.iter().rev().take_while(|s| s.is_empty()).count();
        let body = lines.get(..lines.len() - trailing_blank).unwrap_or(&[]);
        let mut text = String::new();
        if literal {
            text = body.join("\n");
        } else {
            // Folded: a line break between text lines becomes a space, or
            // nothing when blank lines follow it (each is a newline); around
            // more-indented lines breaks are kept.
            let mut prev_more = false;
            let mut seen_text = false;
            for (k, s) in body.iter().enumerate() {
                if s.is_empty() {
                    text.push('\n');
                    continue;
                }
                let more = s.starts_with([' ', '\t']);
                let after_blank = k > 0 && body.get(k - 1).is_some_and(|p| p.is_empty());
                if seen_text && (more || prev_more) {
                    text.push('\n');
                } else if seen_text && !after_blank {
                    text.push(' ');
                }
                text.push_str(s);
                prev_more = more;
                seen_text = true;
            }
        }
        match chomp {
            '-' => {}
            '+' => {
                if !body.is_empty() {
                    text.push('\n');
                }
                text.extend(std::iter::repeat_n('\n', trailing_blank));
            }
            _ => {
                if !body.is_empty() {
                    text.push('\n');
                }
            }
        }
        // Trailing blank lines belong to the scalar only with `+`.
        self.i = j;
        Ok(Spanned { value: Node::Str(text), line: no })
    }
}

/// A quoted scalar whose quote is at column `open` of line `i`: the text,
/// and the line index and column just after the closing quote.
fn quoted(lines: &[Line<'_>], i: usize, open: usize) -> Result<(String, usize, usize)> {
    let mut li = i;
    let Some(first) = lines.get(i) else { return err("unexpected end of input", 0, 0) };
    let quote = first.raw.as_bytes().get(open).copied().unwrap_or(b'"');
    let mut col = open + 1;
    let mut out = String::new();
    loop {
        let Some(l) = lines.get(li) else {
            return err("unterminated quoted string", first.no, open);
        };
        let raw = l.raw;
        // Text before `kept` is not trailing white space (escapes are kept).
        let mut kept = out.len();
        let mut escaped_break = false;
        let mut chars = raw.get(col..).unwrap_or("").char_indices().peekable();
        while let Some((k, c)) = chars.next() {
            let here = col + k;
            if c == char::from(quote) {
                if quote == b'\'' && chars.peek().map(|p| p.1) == Some('\'') {
                    chars.next();
                    out.push('\'');
                    continue;
                }
                return Ok((out, li, here + 1));
            }
            if c == '\\' && quote == b'"' {
                let Some((_, e)) = chars.next() else {
                    // An escaped line break: the next line continues with no space.
                    escaped_break = true;
                    break;
                };
                match e {
                    'n' => out.push('\n'),
                    't' | '\t' => out.push('\t'),
                    'r' => out.push('\r'),
                    '0' => out.push('\0'),
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    ' ' => out.push(' '),
                    'e' => out.push('\u{1b}'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    'N' => out.push('\u{85}'),
                    '_' => out.push('\u{a0}'),
                    'L' => out.push('\u{2028}'),
                    'P' => out.push('\u{2029}'),
                    'x' | 'u' | 'U' => {
                        let n = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut v = 0u32;
                        for _ in 0..n {
                            let Some(d) = chars.next().and_then(|(_, h)| h.to_digit(16)) else {
                                return err("a bad escape in a double-quoted string", l.no, here);
                            };
                            v = v * 16 + d;
                        }
                        let Some(ch) = char::from_u32(v) else {
                            return err("an escape that is not a Unicode character", l.no, here);
                        };
                        out.push(ch);
                    }
                    _ => return err(format!("an unknown escape `\\{e}` in a double-quoted string"), l.no, here),
                }
                kept = out.len();
                continue;
            }
            out.push(c);
        }
        // The string goes on: fold the line break (an empty line is a newline).
        while out.len() > kept && out.ends_with([' ', '\t']) && !escaped_break {
            out.pop();
        }
        li += 1;
        let mut blank = 0;
        while lines.get(li).is_some_and(|n| n.raw.trim().is_empty()) {
            blank += 1;
            li += 1;
        }
        if lines.get(li).is_some_and(|n| is_marker(n.raw)) {
            return err("unterminated quoted string (a document marker follows)", first.no, open);
        }
        if blank > 0 {
            out.extend(std::iter::repeat_n('\n', blank));
        } else if !escaped_break {
            out.push(' ');
        }
        let Some(next) = lines.get(li) else { continue };
        col = next.raw.len() - next.raw.trim_start_matches([' ', '\t']).len();
    }
}

/// Only spaces: a blank line in a block scalar (a tab past the indentation
/// is text).
fn is_blank(raw: &str) -> bool {
    raw.bytes().all(|b| b == b' ')
}

fn is_marker(raw: &str) -> bool {
    raw == "---" || raw.starts_with("--- ") || raw == "..." || raw.starts_with("... ")
}

/// A flow collection (`[...]`, `{...}`), possibly over several lines.
struct Flow<'p, 'a> {
    lines: &'p [Line<'a>],
    /// Index of the current line.
    line: usize,
    /// Byte column in the current line.
    pos: usize,
    depth: usize,
    /// Least indentation of a line a plain scalar goes on to: more than the
    /// enclosing block's.
    min_indent: usize,
    anchors: &'p mut HashMap<String, (Spanned<Node>, usize)>,
    /// Nodes made, aliases expanded.
    nodes: usize,
}

impl<'a> Flow<'_, 'a> {
    fn current(&self) -> &'a str {
        self.lines.get(self.line).map_or("", |l| l.raw)
    }

    fn no(&self) -> usize {
        self.lines.get(self.line).map_or(0, |l| l.no)
    }

    fn fail<T>(&self, message: &str) -> Result<T> {
        err(message, self.no(), self.pos)
    }

    fn peek(&self) -> Option<char> {
        self.current().get(self.pos..).and_then(|s| s.chars().next())
    }

    /// Skips spaces, line breaks and comments.
    fn skip(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t') => self.pos += 1,
                Some('#')
                    if self.pos == 0
                        || self.current().as_bytes().get(self.pos - 1).is_some_and(|b| *b == b' ' || *b == b'\t') =>
                {
                    self.pos = self.current().len();
                }
                // A document marker ends the input for a flow.
                None if self.lines.get(self.line + 1).is_some_and(|l| !is_marker(l.raw)) => {
                    self.line += 1;
                    self.pos = 0;
                }
                _ => return,
            }
        }
    }

    /// `&anchor` and `!tag` properties before a node.
    /// `&anchor` and `!tag` properties before a node.
    fn props(&mut self) -> Result<Props> {
        self.skip();
        let (props, pos) = read_props(self.current().get(self.pos..).unwrap_or(""), self.pos, self.no())?;
        self.pos = pos;
        self.skip();
        Ok(props)
    }

    fn value(&mut self) -> Result<Node> {
        let props = self.props()?;
        if let Some(name) = &props.anchor {
            self.anchors.insert(name.clone(), (Spanned { value: Node::Null, line: 0 }, 0));
        }
        let line = self.no();
        let node = match self.peek() {
            Some('[') => self.seq()?,
            Some('{') => self.map()?,
            Some('"' | '\'') => Node::Str(self.quoted()?),
            Some('*') if props.given() => return self.fail("an alias cannot have properties (`&anchor`, `!tag`)"),
            Some('*') => {
                self.pos += 1;
                let name = self.plain()?;
                match self.anchors.get(name.as_str()).filter(|a| a.0.line > 0) {
                    Some((node, size)) => {
                        self.nodes += size;
                        if self.nodes > MAX_NODES {
                            return self.fail(&format!(
                                "the document expands to more than {MAX_NODES} nodes (aliases included)"
                            ));
                        }
                        node.value.clone()
                    }
                    None => return self.fail(&format!("unknown alias `*{name}`")),
                }
            }
            None => return self.fail("unterminated flow collection"),
            _ => {
                let s = self.plain()?;
                if props.force_str {
                    Node::Str(s)
                } else {
                    plain_scalar(&s)
                }
            }
        };
        if let Some(name) = props.anchor.filter(|n| self.anchors.get(n.as_str()).is_some_and(|a| a.0.line == 0)) {
            let size = count_nodes(&node);
            self.anchors.insert(name, (Spanned { value: node.clone(), line }, size));
        }
        Ok(node)
    }

    fn nest(&self) -> Result<()> {
        if self.depth >= MAX_DEPTH {
            self.fail(&format!("it is nested more than {MAX_DEPTH} levels deep"))
        } else {
            Ok(())
        }
    }

    /// At the end of the input, the collection opened at (`line`, `pos`) is unclosed.
    fn unclosed<T>(&self, open: (usize, usize), bracket: char) -> Result<T> {
        err(format!("unclosed `{bracket}`"), open.0, open.1)
    }

    /// After an entry of the flow collection `bracket` opened at `open`: past
    /// a `,`, or before the closing `close` (the loop takes it).
    fn after_entry(&mut self, open: (usize, usize), [bracket, close]: [char; 2], expected: &str) -> Result<()> {
        let ended = self.line;
        self.skip();
        match self.peek() {
            Some(',') => self.pos += 1,
            Some(c) if c == close => {}
            // A missing separator on a later line: most likely a missing bracket.
            _ if self.line != ended || self.at_end() => return self.unclosed(open, bracket),
            _ => return self.fail(expected),
        }
        Ok(())
    }

    fn at_end(&self) -> bool {
        self.peek().is_none()
    }

    fn seq(&mut self) -> Result<Node> {
        self.nest()?;
        let open = (self.no(), self.pos);
        self.depth += 1;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip();
            if self.at_end() {
                return self.unclosed(open, '[');
            }
            if self.peek() == Some(']') {
                self.pos += 1;
                self.depth -= 1;
                return Ok(Node::Seq(items));
            }
            let line = self.no();
            let v = self.seq_entry()?;
            items.push(Spanned { value: v, line });
            self.after_entry(open, ['[', ']'], "expected `,` or `]` in a flow sequence")?;
        }
    }

    /// An entry of a flow sequence: a node, or a `key: value` pair, which is
    /// a mapping of one entry (`[a: 1]`).
    fn seq_entry(&mut self) -> Result<Node> {
        let quote = match self.peek() {
            Some('[' | '{' | '*' | '&' | '!') | None => return self.value(),
            Some(q @ ('"' | '\'')) => Some(q),
            _ => None,
        };
        let (line, first) = (self.no(), self.line);
        let text = match quote {
            Some(_) => self.quoted()?,
            None => self.plain()?,
        };
        let end = (self.line, self.pos);
        self.skip();
        if self.peek() == Some(':') {
            if text.is_empty() && quote.is_none() {
                return self.fail("a mapping key is missing before `:`");
            }
            if end.0 != first {
                return self.fail("a mapping key must be on one line");
            }
            self.pos += 1;
            self.skip();
            let value = if matches!(self.peek(), Some(',' | ']')) { Node::Null } else { self.value()? };
            let merges: &[usize] = if quote.is_none() && text == "<<" { &[0] } else { &[] };
            return merge_keys(vec![(Spanned { value: text, line }, Spanned { value, line })], merges).map(Node::Map);
        }
        (self.line, self.pos) = end;
        Ok(if quote.is_some() { Node::Str(text) } else { plain_scalar(&text) })
    }

    fn map(&mut self) -> Result<Node> {
        self.nest()?;
        let open = (self.no(), self.pos);
        self.depth += 1;
        self.pos += 1;
        let mut entries = Vec::new();
        let mut merges = Vec::new();
        loop {
            self.skip();
            if self.at_end() {
                return self.unclosed(open, '{');
            }
            if self.peek() == Some('}') {
                self.pos += 1;
                self.depth -= 1;
                return merge_keys(entries, &merges).map(Node::Map);
            }
            self.props()?;
            let line = self.no();
            if self.peek() == Some('*') {
                return self.fail("an alias cannot be a mapping key here");
            }
            let quoted = matches!(self.peek(), Some('"' | '\''));
            let key = if quoted { self.quoted()? } else { self.plain()? };
            let merge = !quoted && key == "<<";
            self.skip();
            if key.is_empty() && !quoted && self.peek() == Some(':') {
                return self.fail("a mapping key is missing before `:`");
            }
            let value = if self.peek() == Some(':') {
                self.pos += 1;
                self.skip();
                if matches!(self.peek(), Some(',' | '}')) {
                    Node::Null
                } else {
                    self.value()?
                }
            } else {
                Node::Null
            };
            if merge {
                merges.push(entries.len());
            }
            entries.push((Spanned { value: key, line }, Spanned { value, line }));
            self.after_entry(open, ['{', '}'], "expected `,` or `}` in a flow mapping")?;
        }
    }

    /// A plain scalar inside a flow: up to `,` `[` `]` `{` `}`, `: ` or a
    /// comment; it may go on over more lines (a line break is a space, blank
    /// lines are newlines).
    fn plain(&mut self) -> Result<String> {
        let rest = self.current().get(self.pos..).unwrap_or("").as_bytes();
        let spaced = matches!(rest.get(1), None | Some(b' ' | b'\t'));
        match rest.first() {
            Some(b'-') if spaced => return self.fail("a `- ` list entry cannot be inside a flow collection (use `,`)"),
            Some(b'?') if spaced => return self.fail("complex mapping keys (`?`) are not supported"),
            Some(&c @ (b'|' | b'>' | b'@' | b'`' | b'%')) => {
                return self.fail(&format!("a plain value cannot start with `{}` (quote it)", char::from(c)))
            }
            _ => {}
        }
        let mut out = String::new();
        loop {
            let line = self.current();
            let start = self.pos;
            let b = line.as_bytes();
            let mut i = start;
            while let Some(&c) = b.get(i) {
                let colon = c == b':' && matches!(b.get(i + 1), None | Some(b' ' | b',' | b']' | b'}' | b'\t'));
                let comment = c == b'#' && i > start && matches!(b.get(i - 1), Some(b' ' | b'\t'));
                if matches!(c, b',' | b'[' | b']' | b'{' | b'}') || colon || comment {
                    break;
                }
                i += 1;
            }
            self.pos = i;
            out.push_str(line.get(start..i).unwrap_or("").trim());
            if i < line.len() || out.is_empty() {
                return Ok(out);
            }
            // At the end of the line: the scalar goes on if the next line with
            // text does not start with an indicator.
            let end = (self.line, self.pos);
            let mut breaks = 0;
            while self.lines.get(self.line + 1).is_some_and(|l| !is_marker(l.raw)) {
                self.line += 1;
                breaks += 1;
                let raw = self.current();
                self.pos = raw.len() - raw.trim_start_matches([' ', '\t']).len();
                if self.pos < raw.len() {
                    break;
                }
            }
            let rest = self.current().get(self.pos..).unwrap_or("").as_bytes();
            let indented = self.lines.get(self.line).is_some_and(|l| l.indent >= self.min_indent);
            let goes_on = indented
                && match rest.first() {
                    None | Some(b',' | b'[' | b']' | b'{' | b'}' | b'#') => false,
                    Some(b':') => !matches!(rest.get(1), None | Some(b' ' | b',' | b']' | b'}' | b'\t')),
                    Some(_) => breaks > 0,
                };
            if !goes_on {
                (self.line, self.pos) = end;
                return Ok(out);
            }
            if breaks == 1 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', breaks - 1));
            }
        }
    }

    /// A quoted scalar at the current position.
    fn quoted(&mut self) -> Result<String> {
        let (text, line, pos) = quoted(self.lines, self.line, self.pos)?;
        (self.line, self.pos) = (line, pos);
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        match parse(text) {
            Ok(n) => n.value,
            Err(e) => Node::Str(format!("ERROR {e:?}")),
        }
    }

    fn s(v: &str) -> Node {
        Node::Str(v.to_owned())
    }

    fn map(entries: Vec<(&str, Node)>) -> Node {
        Node::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Spanned { value: k.to_owned(), line: 0 }, Spanned { value: v, line: 0 }))
                .collect(),
        )
    }

    /// The tree without line numbers, for comparing shapes.
    fn shape(n: Node) -> Node {
        match n {
            Node::Seq(items) => {
                Node::Seq(items.into_iter().map(|i| Spanned { value: shape(i.value), line: 0 }).collect())
            }
            Node::Map(entries) => Node::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (Spanned { value: k.value, line: 0 }, Spanned { value: shape(v.value), line: 0 }))
                    .collect(),
            ),
            other => other,
        }
    }

    fn seq(items: Vec<Node>) -> Node {
        Node::Seq(items.into_iter().map(|v| Spanned { value: v, line: 0 }).collect())
    }

    #[test]
    fn block_styles() {
        let text = "# values\nconfig:\n  authType: oauth   # comment\n  basicAuth:\n    enabled: true\n  name: 'it''s'\n  other: \"a\\tb\"\nlist:\n- a\n- b: 1\n  c: ~\n-   - x\n    - z\nempty:\n";
        let want = map(vec![
            (
                "config",
                map(vec![
                    ("authType", s("oauth")),
                    ("basicAuth", map(vec![("enabled", Node::Bool(true))])),
                    ("name", s("it's")),
                    ("other", s("a\tb")),
                ]),
            ),
            (
                "list",
                seq(vec![
                    s("a"),
                    map(vec![("b", Node::Number("1".into())), ("c", Node::Null)]),
                    seq(vec![s("x"), s("z")]),
                ]),
            ),
            ("empty", Node::Null),
        ]);
        assert_eq!(shape(tree(text)), want);
    }

    #[test]
    fn scalars_flows_and_anchors() {
        let text = "a: |\n  line 1\n  line 2\n\nb: >-\n  folded\n  text\nc: [1, \"two\", {k: v}]\nd: {}\ne: &x {p: 1}\nf: *x\ng: !!str 5\nh: plain\n  continued\n";
        let want = map(vec![
            ("a", s("line 1\nline 2\n")),
            ("b", s("folded text")),
            ("c", seq(vec![Node::Number("1".into()), s("two"), map(vec![("k", s("v"))])])),
            ("d", map(vec![])),
            ("e", map(vec![("p", Node::Number("1".into()))])),
            ("f", map(vec![("p", Node::Number("1".into()))])),
            ("g", s("5")),
            ("h", s("plain continued")),
        ]);
        assert_eq!(shape(tree(text)), want);
    }

    #[test]
    fn lines_are_kept() {
        let Ok(root) = parse("\n# c\nconfig:\n  authType: oauth\n") else { panic!("parse") };
        let Node::Map(entries) = root.value else { panic!("map") };
        let Some((k, v)) = entries.first() else { panic!("entry") };
        assert_eq!((k.line, v.line), (3, 4));
        let Node::Map(inner) = &v.value else { panic!("inner") };
        assert_eq!(inner.first().map(|(k, v)| (k.line, v.line)), Some((4, 4)));
    }

    #[test]
    fn errors_have_positions() {
        for (text, line) in [
            ("a: \"open\n", 1),
            ("a: 1\n  b: 2\n", 2),
            ("a: [1, 2\n", 1),
            ("a: 1\n---\nb: 2\n", 2),
            ("a: *nope\n", 1),
            ("? complex\n: key\n", 1),
            ("a:\n\t- x\n", 2),
        ] {
            match parse(text) {
                Ok(v) => panic!("{text:?} parsed: {v:?}"),
                Err(e) => assert_eq!(e.line, line, "{text:?}: {e:?}"),
            }
        }
        // A separator missing inside one line, and a bracket never closed.
        for (text, message) in [
            ("a: [1, \"2\" 3]\n", "expected `,` or `]` in a flow sequence"),
            ("a: {b: \"x\" y}\n", "expected `,` or `}` in a flow mapping"),
            ("a: [1, 2\n", "unclosed `[`"),
            ("a: {b: 1\n", "unclosed `{`"),
        ] {
            assert!(parse(text).is_err_and(|e| e.message == message), "{text:?}: {:?}", parse(text));
        }
        let deep = "a: ".to_owned() + &"[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).is_err());
        let deep_block: String = (0..MAX_DEPTH + 2).map(|d| format!("{}k:\n", "  ".repeat(d))).collect();
        assert!(parse(&deep_block).is_err());
    }

    #[test]
    fn alias_expansion_is_bounded() {
        let mut text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n".to_owned();
        for i in 0..8 {
            let prev = if i == 0 { "a".to_owned() } else { format!("l{}", i - 1) };
            text.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse(&text).is_err_and(|e| e.message.contains("nodes")));
    }

    /// Differential test against serde-saphyr 2, the YAML crate this reader
    /// replaced: the same text through both, compared as `serde_json::Value`
    /// trees (no line numbers; numbers by value).
    ///
    /// Intentional differences, each pinned in `known_differences` with what
    /// each side reads (ours reads as Helm's go-yaml v2 does):
    /// - YAML 1.1 booleans: ours types exactly go-yaml v2's spellings
    ///   (`yes`/`Yes`/`YES`, `on`, `y`, `Y`, ... and their `false` mates);
    ///   serde-saphyr takes any letter case, so `yEs` is a boolean there and
    ///   a string here. The spellings both type agree (in the corpus).
    /// - Numbers: ours keeps the literal text, compared here by value. As
    ///   go-yaml v2 does, ours ignores every underscore (`1_`, `0x_1F`);
    ///   serde-saphyr takes `1_000` but not those. `.inf`/`.nan` are numbers
    ///   here; serde-saphyr refuses them by default.
    /// - Merge keys (`<<`): as in go-yaml v2, a later entry wins, so a merge
    ///   overrides a key written before it (YAML's merge spec, which
    ///   serde-saphyr follows, keeps the explicit key), and merging anything
    ///   but mappings is refused (serde-saphyr ignores a null).
    /// - Tags: only `!!str` on a scalar counts here (others, and `!!str` on a
    ///   collection, are ignored as go-yaml v2 does); serde-saphyr decodes
    ///   `!!binary`, honours `!!null`, refuses `!!str` on a collection.
    /// - Complex keys (`? key`) and aliases as flow keys are refused here.
    /// - Tabs: as libyaml (go-yaml v2) does, a tab where indentation is
    ///   expected is refused here: before a key at column 0, or in a block
    ///   scalar's indentation (even on an otherwise blank line); serde-saphyr
    ///   takes those.
    /// - Indentation inside flows: a plain scalar in a flow goes on only to
    ///   lines indented more than the enclosing block (as YAML requires; so a
    ///   missing `]` is reported as such); serde-saphyr goes on regardless.
    /// - Block scalars: as libyaml, the indentation is the widest of the
    ///   leading blank lines and the first text line, and a less indented
    ///   line ends the scalar; serde-saphyr refuses such a line.
    /// - `[-]`: go-yaml v2 and ours read the string `-`; serde-saphyr refuses.
    /// - Repeated keys: serde-saphyr is run with repeated keys passed through
    ///   (the last wins), since ours keeps them all for the Helm reader, which
    ///   keeps the last.
    /// - Nesting: both take [`MAX_DEPTH`] (64) nested collections and
    ///   refuse a 65th (tested in `agrees_with_serde_saphyr`).
    #[cfg(not(target_arch = "wasm32"))]
    mod differential {
        use super::super::*;
        use serde_json::{json, Value};

        /// Our tree as JSON; a number is its value.
        fn json(n: &Node) -> Value {
            match n {
                Node::Null => Value::Null,
                Node::Bool(b) => Value::Bool(*b),
                Node::Number(t) => number(t).unwrap_or_else(|| Value::String(format!("<unreadable number {t}>"))),
                Node::Str(s) => Value::String(s.clone()),
                Node::Seq(items) => Value::Array(items.iter().map(|i| json(&i.value)).collect()),
                Node::Map(entries) => {
                    Value::Object(entries.iter().map(|(k, v)| (k.value.clone(), json(&v.value))).collect())
                }
            }
        }

        /// A number's value, read the way go-yaml v2 reads it.
        fn number(t: &str) -> Option<Value> {
            let t = t.replace('_', "").to_ascii_lowercase();
            let (neg, body) = match t.strip_prefix('-') {
                Some(b) => (true, b),
                None => (false, t.strip_prefix('+').unwrap_or(&t)),
            };
            let radix =
                [("0x", 16), ("0o", 8), ("0b", 2)].into_iter().find_map(|(p, r)| body.strip_prefix(p).map(|d| (d, r)));
            let int = match radix {
                Some((digits, r)) => i64::from_str_radix(digits, r).ok(),
                None => body.parse::<i64>().ok(),
            };
            match int {
                Some(v) => Some(Value::from(if neg { -v } else { v })),
                None if radix.is_none() => t.parse::<f64>().ok().map(Value::from),
                None => None,
            }
        }

        /// Numbers compared by value, whether integer or float.
        fn by_value(v: Value) -> Value {
            match v {
                Value::Number(n) => n.as_f64().map_or(Value::Number(n), Value::from),
                Value::Array(items) => Value::Array(items.into_iter().map(by_value).collect()),
                Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, by_value(v))).collect()),
                other => other,
            }
        }

        fn ours(text: &str) -> std::result::Result<Value, String> {
            parse(text).map(|n| by_value(json(&n.value))).map_err(|e| format!("{e:?}"))
        }

        fn theirs(text: &str) -> std::result::Result<Value, String> {
            let mut options = serde_saphyr::Options::default();
            options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
            serde_saphyr::from_str_with_options::<Value>(text, options).map(by_value).map_err(|e| e.to_string())
        }

        /// The `*.values.yaml` fixtures, by name.
        fn fixtures() -> Vec<(String, String)> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config");
            let mut out = Vec::new();
            for entry in std::fs::read_dir(&dir).expect("fixtures dir") {
                let path = entry.expect("entry").path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
                if name.ends_with(".values.yaml") {
                    out.push((name, std::fs::read_to_string(&path).expect("fixture")));
                }
            }
            out.sort();
            assert!(out.len() >= 6, "fixtures: {:?}", out.iter().map(|f| &f.0).collect::<Vec<_>>());
            out
        }

        const SYNTAX_ERROR_FIXTURE: &str = "syntax-error.values.yaml";

        const CORPUS: &[&str] = &[
            // Nested block mappings.
            "a: 1\nb:\n  c: 2\n  d:\n    e: deep\n    f: [x]\ng: last\n",
            "   a: 1\n   b:\n       c: 2\n",
            // Sequences of maps, indented and at the key's indentation.
            "list:\n  - name: X\n    value: Y\n  - name: Z\n    value: \"W\"\nafter: 1\n",
            "list:\n- name: X\n  value: Y\n- b\nnext: 1\n",
            "a:\n- b: 1\n  c:\n  - x\n  - y\nd: 2\n",
            "- a\n- b: 1\n  c: 2\n- - x\n  - y\n- - - z\n",
            "-   - x\n    - z\n-\n  k: v\n",
            "env:\n  - name: A\n    valueFrom:\n      secretKeyRef:\n        name: s\n        key: k\n  - name: B\n    value: b\n",
            // Empty entries (an entry's empty value is not the next entry).
            "a:\n  - 1\n  -\n  - 3\n",
            "- &a\n- b\n- !!str\n- c\n",
            "a:\n  -\n    b: 1\n  - - x\n",
            "a:\n  - x\n   - y\n",
            // Quoted keys and keys with spaces.
            "\"quoted key\": 1\n'single key': 2\n\"with: colon\": 3\n'it''s': 4\n\"esc\\tkey\": 5\n\"a\\\"b\": 6\n",
            "key with spaces: value with spaces\nanother key : 1\nk.dotted/slash-dash_u: v\n",
            // Quoted scalars: escapes and folding.
            "a: 'it''s'\nb: \"tab\\there\"\nc: \"\\u00e9\\x41\\\\\\/\"\nd: \"quote \\\" inside\"\ne: \"\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\U0001F600\"\n",
            "a: \"multi\n  line\n\n  folded\"\nb: 'one\n  two\n\n\n  three'\nc: \"x\n\n  \n  y\"\n",
            "a: \"esc \\\n  continued\"\nb: \"trailing   \n  spaces\"\nc: \"kept \\  \n  x\"\nd: \"x \\t\n  y\"\ne: \"\\\\\\\n  x\"\nf: \"x\\\\\n  y\"\n",
            "- \"in a list\n  over lines\"\n- 'x  \n  y'\n",
            // Plain multi-line scalars.
            "a: plain\n  multi line\n  scalar\nb: next\n",
            "a: plain\n\n  after blank\nb: x\n\n\n  after two\nc: x\n \tafter a tab\nd: x\n  y # comment\ne: 1\n",
            "- one\n  two\n- three\n",
            "top level\nplain scalar\n",
            "--- a\nb\n",
            // Block scalars: chomping and indentation indicators.
            "lit: |\n  line1\n  line2\nfold: >\n  a\n  b\n\n  c\nstrip: |-\n  x\n\nkeep: |+\n  y\n\nlast: 1\n",
            "ind: |2\n    indented\n  base\nnext: |1\n  two spaces kept\nboth: |-2\n   x\n",
            "fold: >-\n  para one\n  continues\n\n    more indented\n  back\nend: 1\n",
            "a: >\n  x\n\n\n  y\n\n  z\nb: >\n\n\n  x\n\n",
            "a: |\n\n  leading blank\nb: >\n\n  folded after blank\n",
            "a: |\n  x\n   y\n  z\nb: >\n  x\n   y\n  z\nc: >\n  x\n  \ty\n",
            "a: |\n  x\n    \n  y\nb: >\n  x\n    \n  y\nc: |+\n    \n",
            "a: |\n  if x; then\n  \techo tab\n  \t\n  fi\n",
            "a: >+\n  text\n\n\nb: |-\n  t\n\n\n",
            "keep: |+\n  last\n",
            "keep: |+\n  last",
            "a: |  # comment on the header\n  body # not a comment\n  # nor this\n# but this\nb: 1\n",
            "list:\n  - |\n    in a list\n  - >-\n    folded\n    item\n",
            "--- |\n  root text\n  more\n",
            "a: !!str |\n  x\nb: &x |\n  y\nc: *x\n",
            // Flow collections.
            "a: [1, [2, 3], {b: c, d: [e]}]\nb: {x: {y: z}}\nc: []\nd: {}\ne: [\n]\nf: {\n}\n",
            "a: [\n  one,\n  two, # comment\n  three\n]\nb: {\n  k: v,\n  l: w\n}\n",
            "a: [ # open\n  {b: 1, # c\n   c: 2},\n  [3,\n   4]\n]\n",
            "a: {\"k 1\": v, 'k2': \"w\", k3: 'x y', k4}\n",
            "a: {b: , c: d}\nb: [a, b, ]\nc: [a,b]\nd: {a:b}\n",
            "- [a, b]\n- {c: d}\n- [\"q\", 'r']\n",
            "a: [http://x.example/a, b:c, -x, ?x, a#b, c #d\n]\n",
            "a: [\"\\u00e9\", \"x\n\n  y\", \"x  \n  y\"]\nb: {\"k\\x41\": 'x\n\n  y'}\n",
            "a: [x\n  y, z\n\n  w]\nb: {c: x\n  y, d: e}\nc: {x\n  y: 1}\n",
            "a: [a: b, \"k\": v, 'q': 1, k: , x, y: [1, 2]]\nb: [{x: 1}, x: {y: 2}]\n",
            "k:\n  a: [1,\n2]\n",
            // Comments everywhere.
            "# top\na: 1 # after\n# between\nb: # after key\n  c: 2\n\n  # indented comment\n  d: 3\n# end\n",
            "a: value # comment\nb: value#not comment\nc: 'q' # c\nd: \"#not\"\ne: x #c\nf: [b]\t# c\ng: \"b\"\t# c\n",
            "list:\n  # before\n  - a # after\n  # between\n  - b\n# at zero\n  - c\n",
            "k: v\n  # indented comment after\nl: w\na:\n  # c\n  b\n",
            // Anchors, aliases and tags.
            "base: &base\n  x: 1\n  y: two\nother: *base\nlist: &l [a, b]\ncopy: *l\nscalar: &s hello\nref: *s\n",
            "- &a one\n- *a\n- &m {k: v}\n- *m\n",
            "a: &anc\n  - x\nb: *anc\nc: &m\n  d: 1\ne: *m\n",
            "a: &x 1\nb: &x 2\nc: *x\nd: &y {e: &y 1}\nf: *y\ng: [&z [&z 1], *z]\n",
            "a: [&x 1, *x]\nb: {c: !!str 5, d: [!!str, !!str yes, !!str ~]}\nc: {&k e: f}\nd: {e: &y [1], f: *y}\n",
            "a: !!str 123\nb: !!str true\nd: !!str ~\ne: !custom value\nf: !!str 'q'\ng: !!int 5\nh: !!bool yes\n",
            "a: &x !!str 5\nb: *x\nc: !!str\nd: !!str\n  x\n",
            "k: &a\n  &b x: 1\nl: !!map\n  !!str y: 2\nm: &c\n  !!str z\nn:\n- &d\n  &e w: 3\n",
            // Merge keys.
            "base: &b\n  x: 1\n  y: 1\nd:\n  <<: *b\n  y: 2\ne:\n  <<: [{a: 1}, {a: 2, b: 2}]\n  c: 3\nf: {<<: *b, z: 3}\ng:\n  '<<': {a: 1}\nh: [<<: {m: 1}]\n",
            // Document markers, directives, empty documents.
            "---\na: 1\n",
            "--- # comment\na: 1\n...\n",
            "a: 1\n...\n...\n# c\n",
            "...\na: 1\n",
            "%YAML 1.2\n---\na: 1\n",
            "",
            "# only a comment\n",
            "---\n",
            "\n\n\n",
            "--- 5\n",
            "--- \"x\"\n",
            // Empty values.
            "a:\nb: ~\nc: null\nd: \"\"\ne: ''\nf: Null\ng: NULL\n",
            "a:\n  b:\n  c:\n",
            "a:\n\nb:\n",
            "a:    # comment\n  b: 1\nc:\t\n  d: 1\n",
            // Unicode, a byte order mark.
            "名前: 値\nemoji: \"😀\"\nkey: café\n\"ключ\": 'значение'\n",
            "\u{feff}a: 1\n",
            // CRLF line endings and trailing spaces.
            "a: 1\r\nb:\r\n  c: two\r\n  d: [x, y]\r\n  e: |\r\n    lit\r\n    eral\r\n",
            "a: >\r\n  x\r\n  y\r\n\r\n  z\r\nb: \"x\r\n  y\"\r\nc:\r\n  - d\r\n",
            "a: 1   \nb:   \n  c: 2  \nd: 'x'  \ne: [a]  \n",
            // Scalars typed as numbers, booleans, strings.
            "a: 1\nb: -2\nc: 3.5\nd: 1e3\ne: 0x1F\nf: 0o17\ng: +7\nh: .5\ni: -1.5e-3\nj: 0\nk: 9223372036854775807\n",
            "a: 0b101\nb: 1_000\nc: 0X1F\nd: -0x1F\ne: 012\nf: 0.1e+5\ng: 1E3\nh: +.5\ni: 1.\n",
            "a: 12:30\nb: 1.2.3\nc: 1e\nd: 0x\ne: 1.5.\nf: 12abc\nh: 1 2\ni: 2001-12-14\nj: _1\nk: .\nl: 1e+\nm: 0o8\n",
            "a: true\nb: False\nc: yes\nd: NO\ne: on\nf: Off\ng: y\nh: N\ni: TRUE\nj: no\nk: Yes\nl: ON\nm: n\nn: Y\n",
            "url: http://example.com:8080/path\ntime: 12:30:45\nk: a:b\nl: a,b\nm: -x\nn: ?x\no: x]\n",
            "a:   spaced value\nb:\tafter tab\nc: x\ty\n",
            "a: \"x: y\"\nb: '#not comment'\nc: x#y\n",
            // Repeated keys (the last wins).
            "a: 1\nb: 2\na: 3\n",
            // A realistic chunk of the LangSmith chart's values.yaml.
            LANGSMITH,
        ];

        const LANGSMITH: &str = r#"# Default values for langsmith.
nameOverride: ""
fullnameOverride: ""
namespace: ""
commonLabels: {}
commonAnnotations: {}
commonPodAnnotations: {}
commonEnv: []
commonVolumes: []
commonVolumeMounts: []
images:
  imagePullSecrets: []
  registry: ""
  backendImage:
    repository: "docker.io/langchain/langsmith-backend"
    pullPolicy: IfNotPresent
    tag: "0.10.66"
  clickhouseImage:
    repository: "docker.io/clickhouse/clickhouse-server"
    pullPolicy: Always
    tag: "24.8"
ingress:
  enabled: false
  hostname: ""
  subdomain: ""
  ingressClassName: ""
  annotations: {}
  labels: {}
  tls: []
config:
  existingSecretName: ""
  langsmithLicenseKey: ""
  apiKeySalt: ""
  hostname: ""
  basePath: ""
  authType: ""
  initialOrgAdminEmail: ""
  userOrgCreationDisabled: false
  workspaceScopeOrgInvitesEnabled: false
  basicAuth:
    enabled: false
    initialOrgAdminPassword: ""
    jwtSecret: ""
  oauth:
    enabled: false
    oauthClientId: ""
    oauthClientSecret: ""
    oauthIssuerUrl: ""
    oauthScopes: "email,profile,openid"
    oauthSessionMaxSec: 86400
  ttl:
    enabled: true
    ttl_period_seconds:
      # -- 400 day longlived and 14 day shortlived
      longlived: "34560000"
      shortlived: "1209600"
  blobStorage:
    enabled: false
    engine: "S3"
    chSearchEnabled: true
    bucketName: ""
    apiURL: "https://s3.us-west-2.amazonaws.com"
    accessKey: ""
    accessKeySecret: ""
backend:
  name: "backend"
  containerPort: 1984
  existingConfigMapName: ""
  deployment:
    replicas: 1
    labels: {}
    annotations: {}
    podSecurityContext: {}
    securityContext: {}
    resources:
      limits:
        cpu: 2000m
        memory: 4Gi
      requests:
        cpu: 1000m
        memory: 2Gi
    command:
      - "uvicorn"
      - "app.main:app"
      - "--host=0.0.0.0"
      - "--port=$(PORT)"
    startupProbe:
      httpGet:
        path: /ok
        port: 1984
      failureThreshold: 6
      periodSeconds: 10
      timeoutSeconds: 1
    extraEnv: []
    sidecars: []
    nodeSelector: {}
    tolerations: []
    affinity: {}
    volumes: []
    volumeMounts: []
  autoscaling:
    enabled: false
    minReplicas: 1
    maxReplicas: 5
    targetCPUUtilizationPercentage: 50
  service:
    type: ClusterIP
    port: 1984
    annotations: {}
    loadBalancerSourceRanges: []
    loadBalancerIP: ""
  serviceAccount:
    create: true
    name: ""
    annotations: {}
    automountServiceAccountToken: true
clickhouse:
  external:
    enabled: false
    host: ""
    port: "8123"
    nativePort: "9000"
    user: "default"
    password: "password"
    database: "default"
    tls: false
  statefulSet:
    persistence:
      size: 50Gi
      storageClassName: ""
    extraEnv:
      - name: CLICKHOUSE_ASYNC_INSERT
        value: "1"
    config:
      allowSimdjson: true
    tolerations:
      - key: "dedicated"
        operator: "Equal"
        value: "clickhouse"
        effect: "NoSchedule"
"#;

        /// Documents both must refuse.
        const INVALID: &[&str] = &[
            // Tabs as indentation.
            "a:\n\tb: 1\n",
            "a: 'x'\n\tb: 1\n",
            "a: 1\n\tb: 2\n",
            // Unclosed quotes and flows; document markers inside them.
            "a: \"open\n",
            "a: 'open\nb: 1\n",
            "a: [1, 2\n",
            "a: {b: 1\n",
            "a: [1,\n---\n]\n",
            "a: \"x\n---\n\"\n",
            "a: [1, 2]]\n",
            // Bad indentation.
            "a: 1\n  b: 2\n",
            "a:\n  b: 1\n c: 2\n",
            "a:\n    b: 1\n  c: 2\n",
            "a: 'x'\n  y\n",
            "- a\nb: 1\n",
            "a: 1\na\n",
            // A collection on its key's line.
            "a: b: c\n",
            "a: - b\n",
            "a: -\n",
            "a: foo:\n",
            "- a: - b\n",
            // Two documents.
            "a: 1\n---\nb: 2\n",
            "--- a\n--- b\n",
            "a: b\n...\nc: d\n",
            "--- |\n  a\n---\n",
            // Comment lines inside plain scalars.
            "a: x\n\n\n  # comment\n  y\n",
            "a: b # c\n  d\n",
            // Characters that cannot start a plain value.
            "a: ]\n",
            "a: }\n",
            "a: ,x\n",
            "a: %x\n",
            "a: @x\n",
            "a: `x\n",
            "a: [- x]\n",
            "a: [|]\n",
            "a: {b: >}\n",
            // Flow keys: missing, or over two lines in a flow sequence.
            "a: [: x]\n",
            "a: {: x}\n",
            "a: [x\n  y: 1]\n",
            // Other.
            "a: *undefined\n",
            "key: \"x\" trailing\n",
            "a: \"\\q\"\n",
            "a: \"\\xZZ\"\n",
            "a: |x\n  b\n",
            "a: |0\n  x\n",
            "y:\n  <<: 5\n",
            "a: x\n  y # c\n  z\n",
            "a: 1\n? b: c\n",
            "k: &a\n  &b [1]\n",
            "a: &x 1\nb: !!str *x\n",
            "a: &x 1\nb: !!str\n  *x\n",
            "a: &x 1\nb: [!!str *x]\n",
            "a: {*x : 1}\n",
            "k: |\n\t\n",
            "text\n[a: b]\n",
            "k: v\n  x: y\n",
        ];

        /// `depth` nested collections of each kind, innermost empty.
        fn nested(depth: usize) -> [String; 3] {
            [
                (0..depth).map(|d| format!("{}k:\n", "  ".repeat(d))).collect(),
                (0..depth).map(|d| format!("{}-\n", "  ".repeat(d))).collect(),
                "[".repeat(depth) + &"]".repeat(depth),
            ]
        }

        #[test]
        fn agrees_with_serde_saphyr() {
            let mut inputs: Vec<(String, String)> =
                CORPUS.iter().map(|t| (format!("{t:?}"), (*t).to_owned())).collect();
            inputs.extend(nested(MAX_DEPTH).into_iter().map(|t| (format!("{MAX_DEPTH} levels: {t:?}"), t)));
            let mut invalid: Vec<String> = INVALID.iter().map(|t| (*t).to_owned()).collect();
            // A 65th collection, empty or not, of each kind.
            let [block, seqs, flow] = nested(MAX_DEPTH + 1);
            invalid.extend([
                block.clone() + &"  ".repeat(MAX_DEPTH + 1) + "k: v\n",
                seqs.clone() + &"  ".repeat(MAX_DEPTH + 1) + "- v\n",
                block,
                seqs,
                flow,
            ]);
            invalid.extend(nested(MAX_DEPTH + 2));
            let mut read = 0;
            for (name, text) in fixtures() {
                if name == SYNTAX_ERROR_FIXTURE {
                    invalid.push(text);
                } else {
                    inputs.push((name, text));
                    read += 1;
                }
            }
            assert!(read >= 5 && CORPUS.len() >= 40 && INVALID.len() >= 20);
            let mut problems = Vec::new();
            for (name, text) in &inputs {
                match (ours(text), theirs(text)) {
                    (Ok(a), Ok(b)) if a == b => {}
                    (a, b) => problems.push(format!("{name}\n  ours:   {a:?}\n  theirs: {b:?}")),
                }
            }
            for text in &invalid {
                match (ours(text), theirs(text)) {
                    (Err(_), Err(_)) => {}
                    (a, b) => problems.push(format!("must be refused: {text:?}\n  ours:   {a:?}\n  theirs: {b:?}")),
                }
            }
            assert!(problems.is_empty(), "{} disagreements:\n{}", problems.len(), problems.join("\n"));
        }

        /// The intentional differences (see above): what each side reads,
        /// `None` for a refusal.
        #[test]
        fn known_differences() {
            let cases: Vec<(&str, Option<Value>, Option<Value>)> = vec![
                (
                    "a: yEs\nb: oN\nc: tRUE\nd: nO\n",
                    Some(json!({"a": "yEs", "b": "oN", "c": "tRUE", "d": "nO"})),
                    Some(json!({"a": true, "b": true, "c": true, "d": false})),
                ),
                (
                    "a: 1_\nb: 1__0\nc: 0x_1F\n",
                    Some(json!({"a": 1.0, "b": 10.0, "c": 31.0})),
                    Some(json!({"a": "1_", "b": "1__0", "c": "0x_1F"})),
                ),
                ("a: 1\n<<: {a: 2}\n", Some(json!({"a": 2.0})), Some(json!({"a": 1.0}))),
                ("k: &a\n  k: yes\n<<: *a\n", Some(json!({"k": true})), Some(json!({"k": {"k": true}}))),
                ("k: &a\n<<: *a\n", None, Some(json!({"k": null}))),
                (
                    "a: !!binary aGVsbG8=\nb: !!null ''\n",
                    Some(json!({"a": "aGVsbG8=", "b": ""})),
                    Some(json!({"a": "hello", "b": null})),
                ),
                ("k: !!str\n  a: 1\n", Some(json!({"k": {"a": 1.0}})), None),
                ("? a\n", None, Some(json!({"a": null}))),
                ("a: 1\n? b\n", None, Some(json!({"a": 1.0, "b": null}))),
                ("\ta: 1\n", None, Some(json!({"a": 1.0}))),
                ("a: [-]\n", Some(json!({"a": ["-"]})), None),
                ("k: >\n    \n  # c\n", Some(json!({"k": ""})), None),
                ("k: [x\ny]\n", None, Some(json!({"k": ["x y"]}))),
                ("k: |\n  \t\n", None, Some(json!({"k": "\t\n"}))),
                ("k: >+\n  y\n\t\n", None, Some(json!({"k": "y\n"}))),
                ("a: &x k\nb: {*x : 1}\n", None, Some(json!({"a": "k", "b": {"k": 1.0}}))),
                ("  k: {a: x\n  y}\n", None, Some(json!({"k": {"a": "x y"}}))),
            ];
            for (text, want_ours, want_theirs) in cases {
                assert_eq!(ours(text).ok(), want_ours, "ours: {text:?}");
                assert_eq!(theirs(text).ok(), want_theirs, "serde-saphyr: {text:?}");
            }
            // Non-finite floats: numbers (kept as text) here, refused there.
            let text = "a: .inf\nb: -.inf\nc: .nan\n";
            let want = ["a", "b", "c"].into_iter().zip([".inf", "-.inf", ".nan"]);
            let want = Node::Map(
                want.map(|(k, v)| {
                    (Spanned { value: k.to_owned(), line: 0 }, Spanned { value: Node::Number(v.to_owned()), line: 0 })
                })
                .collect(),
            );
            assert_eq!(super::shape(super::tree(text)), want);
            assert!(theirs(text).is_err());
        }

        /// Every key of the fixtures carries the line it is written on, and
        /// every node a line at or after its key's (or list's).
        #[test]
        fn fixture_lines() {
            fn walk(node: &Spanned<Node>, lines: &[&str], path: &str, problems: &mut Vec<String>) {
                let text = |no: usize| lines.get(no.wrapping_sub(1)).copied().unwrap_or("");
                match &node.value {
                    Node::Map(entries) => {
                        for (k, v) in entries {
                            let raw = text(k.line);
                            let body = raw.trim_start().trim_start_matches("- ");
                            let at_start = body.starts_with(&k.value) || body.starts_with(&format!("\"{}\"", k.value));
                            let in_flow =
                                raw.contains(&format!("{{{}:", k.value)) || raw.contains(&format!(" {}:", k.value));
                            if !(at_start || in_flow) || k.line < node.line {
                                problems.push(format!("{path}.{}: key on line {} ({raw:?})", k.value, k.line));
                            }
                            if v.line < k.line {
                                problems.push(format!("{path}.{}: value on line {} before its key", k.value, v.line));
                            }
                            walk(v, lines, &format!("{path}.{}", k.value), problems);
                        }
                    }
                    Node::Seq(items) => {
                        for (i, item) in items.iter().enumerate() {
                            let raw = text(item.line);
                            if item.line < node.line || !(raw.trim_start().starts_with('-') || raw.contains('[')) {
                                problems.push(format!("{path}[{i}]: on line {} ({raw:?})", item.line));
                            }
                            walk(item, lines, &format!("{path}[{i}]"), problems);
                        }
                    }
                    // A one-line scalar is on its line.
                    Node::Str(s) | Node::Number(s) if !s.contains('\n') && !text(node.line).contains(s.as_str()) => {
                        problems.push(format!("{path}: {s:?} not on line {}", node.line));
                    }
                    _ => {}
                }
            }
            let mut checked = 0;
            let mut problems = Vec::new();
            for (name, text) in fixtures() {
                if name == SYNTAX_ERROR_FIXTURE {
                    continue;
                }
                let lines: Vec<&str> = text.lines().collect();
                match parse(&text) {
                    Ok(root) => walk(&root, &lines, &name, &mut problems),
                    Err(e) => problems.push(format!("{name}: {e:?}")),
                }
                checked += 1;
            }
            assert!(checked >= 5);
            assert!(problems.is_empty(), "{}", problems.join("\n"));
            // A few lines known by heart (basic.values.yaml).
            let text = fixtures().into_iter().find(|f| f.0 == "basic.values.yaml").map(|f| f.1).unwrap_or_default();
            let Ok(Spanned { value: Node::Map(root), .. }) = parse(&text) else { panic!("basic.values.yaml") };
            let line_of = |entries: &[(Spanned<String>, Spanned<Node>)], key: &str| {
                entries.iter().find(|(k, _)| k.value == key).map(|(k, v)| (k.line, v.line))
            };
            assert_eq!(line_of(&root, "config"), Some((2, 3)));
            assert_eq!(line_of(&root, "commonEnv"), Some((19, 20)));
            let Some((_, Spanned { value: Node::Map(config), .. })) = root.iter().find(|(k, _)| k.value == "config")
            else {
                panic!("config")
            };
            assert_eq!(line_of(config, "authType"), Some((5, 5)));
            assert_eq!(line_of(config, "basicAuth"), Some((6, 7)));
            let Some((_, Spanned { value: Node::Seq(env), .. })) = root.iter().find(|(k, _)| k.value == "commonEnv")
            else {
                panic!("commonEnv")
            };
            assert_eq!(env.iter().map(|e| e.line).collect::<Vec<_>>(), vec![20, 22, 24]);
        }
    }
}
