//! A YAML reader for Helm `values.yaml` files: the block and flow styles
//! charts are written in, read into a small tree ([`Node`]) whose every
//! node knows its line.
//!
//! Supported: block mappings and sequences (including a sequence at its
//! key's indentation), plain, single- and double-quoted scalars (also over
//! several lines), literal `|` and folded `>` block scalars with chomping
//! and indentation indicators, flow collections (`[a, b]`, `{k: v}`,
//! nested, over several lines), comments, anchors and aliases (expansion is
//! bounded), tags (`!!str` keeps a scalar a string; others are ignored), a
//! leading `---` and a trailing `...`. Scalars are typed as Helm's YAML 1.1
//! parser types them (`true`, `yes`, `off`, `null`, `~`, numbers);
//! everything else stays text.
//! Refused with the line and column: tabs in indentation, bad indentation,
//! unterminated quotes and flows, more than one document, nesting deeper
//! than [`MAX_DEPTH`], complex (`?`) keys, undefined aliases.

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
    let mut start = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        lines.push(Line { no: i + 1, start, raw, indent });
        start += raw.len() + 1;
    }
    let mut p = Parser { lines, i: 0, anchors: HashMap::new(), nodes: 0 };
    p.document()
}

struct Line<'a> {
    no: usize,
    /// Byte offset of the line in the text.
    start: usize,
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

fn is_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if let Some(hex) = s.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i).unwrap_or(""), body.get(i + 1..)),
        None => (body, None),
    };
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let mantissa_ok = digits > 0
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mantissa.bytes().filter(|b| *b == b'.').count() <= 1;
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
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
        // Directives and a document start marker.
        self.skip_empty();
        while let Some(l) = self.line(self.i) {
            if l.raw.starts_with('%') && l.indent == 0 {
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
                    root = self.node_at(self.i, col, None, 0)?;
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
                root = self.node_at(self.i, l.indent, None, 0)?;
            }
        }
        let no = root.line;
        self.end(root, no)
    }

    /// After the root node: only blank lines, comments or `...` may follow.
    fn end(&mut self, root: Spanned<Node>, _line: usize) -> Result<Spanned<Node>> {
        self.skip_empty();
        if let Some(l) = self.line(self.i) {
            if l.raw == "..." || l.raw.starts_with("... ") {
                self.i += 1;
                self.skip_empty();
                if self.line(self.i).is_none() {
                    return Ok(root);
                }
            }
        }
        match self.line(self.i) {
            None => Ok(root),
            Some(l) if is_marker(l.raw) => err("it holds more than one YAML document, expected one", l.no, 0),
            Some(l) => err("unexpected text after the document's root node (check the indentation)", l.no, l.indent),
        }
    }

    /// The node starting at column `col` of line `i` (whose rest is not
    /// empty). `parent` is the indentation of the enclosing block (None at
    /// the root).
    fn node_at(&mut self, i: usize, col: usize, parent: Option<usize>, depth: usize) -> Result<Spanned<Node>> {
        let Some(l) = self.line(i) else { return Ok(Spanned { value: Node::Null, line: 0 }) };
        let (no, raw) = (l.no, l.raw);
        if depth > MAX_DEPTH {
            return err(format!("it is nested more than {MAX_DEPTH} levels deep"), no, col);
        }
        let rest = raw.get(col..).unwrap_or("");
        let (props, col) = self.props(rest, col, no)?;
        let rest = raw.get(col..).unwrap_or("");
        let node = if strip_comment(rest).is_empty() {
            // Properties alone on a line: the node is the block below (or null).
            self.i = i + 1;
            self.block_below(parent.map_or(0, |p| p + 1), parent, no, depth)?
        } else if is_seq_entry(rest) {
            self.sequence(i, col, depth + 1)?
        } else if rest.starts_with('?') && matches!(rest.as_bytes().get(1), None | Some(b' ')) {
            return err("complex mapping keys (`?`) are not supported", no, col);
        } else if mapping_colon(rest).is_some() {
            self.mapping(i, col, depth + 1)?
        } else {
            self.scalar(i, col, parent, depth, props.force_str)?
        };
        self.count(1, no)?;
        if let Some(name) = props.anchor {
            let size = count_nodes(&node.value);
            self.anchors.insert(name, (node.clone(), size));
        }
        Ok(node)
    }

    /// Reads `&anchor` and `!tag` properties at the start of `rest`.
    fn props(&self, rest: &str, mut col: usize, no: usize) -> Result<(Props, usize)> {
        let mut props = Props::default();
        let mut rest = rest;
        loop {
            let token_end = rest.find([' ', '\t']).unwrap_or(rest.len());
            let token = rest.get(..token_end).unwrap_or("");
            if let Some(name) = token.strip_prefix('&') {
                if name.is_empty() {
                    return err("an anchor needs a name", no, col);
                }
                props.anchor = Some(name.to_owned());
            } else if token.starts_with('!') {
                props.force_str = token == "!!str";
            } else {
                return Ok((props, col));
            }
            let after = rest.get(token_end..).unwrap_or("");
            let trimmed = after.trim_start_matches([' ', '\t']);
            col += token_end + (after.len() - trimmed.len());
            rest = trimmed;
        }
    }

    /// The block node on the lines below a key or `-` whose value is empty:
    /// more indented than `parent`, or a sequence at the parent's own
    /// indentation (`key:\n- a`). Null when there is none.
    fn block_below(&mut self, _min: usize, parent: Option<usize>, line: usize, depth: usize) -> Result<Spanned<Node>> {
        self.skip_empty();
        if let Some(l) = self.line(self.i) {
            let rest = l.raw.get(l.indent..).unwrap_or("");
            let deeper = parent.is_none_or(|p| l.indent > p);
            let same_level_seq = parent == Some(l.indent) && is_seq_entry(rest);
            if (deeper || same_level_seq) && !is_marker(l.raw) {
                if rest.starts_with('\t') {
                    return err("a tab character in indentation", l.no, l.indent);
                }
                return self.node_at(self.i, l.indent, parent, depth);
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
                self.block_below(col + 1, Some(col), no, depth)?
            } else {
                let item_col = at + 1 + (after.len() - content.len());
                self.node_at(i, item_col, Some(col), depth)?
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
        let mut i = first;
        while let Some(l) = self.line(i) {
            let (no, raw, start_off) = (l.no, l.raw, l.start);
            let rest = raw.get(col..).unwrap_or("");
            let Some(colon) = mapping_colon(rest) else {
                return err("expected a `key: value` entry", no, col);
            };
            let key_text = rest.get(..colon).unwrap_or("").trim_end();
            let key = match key_text.as_bytes().first() {
                Some(b'"' | b'\'') => {
                    let (k, _, _) = self.quoted(start_off + col, i)?;
                    k
                }
                _ => key_text.to_owned(),
            };
            if key.is_empty() && !key_text.starts_with(['"', '\'']) {
                return err("a mapping key is missing before `:`", no, col);
            }
            let after = rest.get(colon + 1..).unwrap_or("");
            let value_text = after.trim_start_matches([' ', '\t']);
            let value_col = col + colon + 1 + (after.len() - value_text.len());
            let value = if strip_comment(value_text).is_empty() {
                self.i = i + 1;
                self.block_below(col + 1, Some(col), no, depth)?
            } else {
                self.node_at(i, value_col, Some(col), depth)?
            };
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
        Ok(Spanned { value: Node::Map(entries), line: start })
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
        let (no, raw, start) = (l.no, l.raw, l.start);
        let rest = raw.get(col..).unwrap_or("");
        match rest.as_bytes().first() {
            Some(b'"' | b'\'') => {
                let (s, end_line, end_col) = self.quoted(start + col, i)?;
                self.after_value(end_line, end_col)?;
                Ok(Spanned { value: Node::Str(s), line: no })
            }
            Some(b'[' | b'{') => {
                let mut flow =
                    Flow { lines: &self.lines, line: i, pos: col, depth, anchors: &self.anchors, nodes: self.nodes };
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
                let Some((node, size)) = self.anchors.get(name).cloned() else {
                    return err(format!("unknown alias `*{name}`"), no, col);
                };
                self.count(size, no)?;
                self.i = i + 1;
                Ok(Spanned { value: node.value, line: no })
            }
            Some(b'@' | b'`') => err("a plain value cannot start with `@` or a backquote (quote it)", no, col),
            _ => {
                // A plain scalar, possibly continued on more indented lines.
                let mut text = strip_comment(rest).to_owned();
                let mut j = i + 1;
                // A comment ends a plain scalar.
                let commented = strip_comment(rest).len() < rest.trim_end().len();
                while let Some(next) = self.line(j).filter(|_| !commented) {
                    if next.is_empty() {
                        // A blank line inside a plain scalar is a newline.
                        let mut k = j;
                        while self.line(k).is_some_and(Line::is_empty) {
                            k += 1;
                        }
                        match self.line(k) {
                            Some(n)
                                if parent.is_none_or(|p| n.indent > p)
                                    && !is_marker(n.raw)
                                    && !n.raw.trim_start().starts_with('#')
                                    && self.line(j).is_some_and(|b| b.raw.trim().is_empty()) =>
                            {
                                text.push('\n');
                                j = k;
                                continue;
                            }
                            _ => break,
                        }
                    }
                    if parent.is_some_and(|p| next.indent <= p)
                        || is_marker(next.raw)
                        || (parent.is_none() && next.indent == 0)
                    {
                        break;
                    }
                    let body = next.raw.get(next.indent..).unwrap_or("");
                    if mapping_colon(body).is_some() || body.starts_with('#') {
                        break;
                    }
                    if !text.ends_with('\n') {
                        text.push(' ');
                    }
                    text.push_str(strip_comment(body));
                    j += 1;
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

    /// A quoted scalar starting at byte `offset` (its quote) on line `i`:
    /// the text, and the line index and column just after the closing quote.
    fn quoted(&self, offset: usize, i: usize) -> Result<(String, usize, usize)> {
        let mut li = i;
        let Some(first) = self.line(i) else { return err("unexpected end of input", 0, 0) };
        let mut col = offset - first.start;
        let quote = first.raw.as_bytes().get(col).copied().unwrap_or(b'"');
        col += 1;
        let mut out = String::new();
        loop {
            let Some(l) = self.line(li) else {
                return err("unterminated quoted string", first.no, offset - first.start);
            };
            let raw = l.raw;
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
                    continue;
                }
                out.push(c);
            }
            // The string goes on: fold the line break (an empty line is a newline).
            let escaped_break = raw.ends_with('\\') && quote == b'"' && !out.ends_with('\\');
            while out.ends_with([' ', '\t']) && !escaped_break {
                out.pop();
            }
            li += 1;
            let mut blank = 0;
            while self.line(li).is_some_and(|n| n.raw.trim().is_empty()) {
                blank += 1;
                li += 1;
            }
            if blank > 0 {
                out.extend(std::iter::repeat_n('\n', blank));
            } else if !escaped_break {
                out.push(' ');
            }
            let Some(next) = self.line(li) else { continue };
            col = next.raw.len() - next.raw.trim_start_matches([' ', '\t']).len();
        }
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
                let mut k = j;
                while self.line(k).is_some_and(|n| n.raw.trim().is_empty()) {
                    k += 1;
                }
                self.line(k).map_or(base, |n| n.indent.max(base))
            }
        };
        let mut lines: Vec<&str> = Vec::new();
        while let Some(n) = self.line(j) {
            if n.raw.trim().is_empty() {
                lines.push("");
            } else if n.indent >= indent && n.indent >= base {
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
            // Folded: single line breaks between text lines become spaces;
            // more-indented lines and blank lines keep their breaks.
            let mut prev_more = false;
            for (k, s) in body.iter().enumerate() {
                let more = s.starts_with([' ', '\t']);
                if k > 0 {
                    if s.is_empty() || more || prev_more || body.get(k - 1).is_some_and(|p| p.is_empty()) {
                        text.push('\n');
                    } else {
                        text.push(' ');
                    }
                }
                text.push_str(s);
                prev_more = more;
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
    anchors: &'p HashMap<String, (Spanned<Node>, usize)>,
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
                None if self.line + 1 < self.lines.len() => {
                    self.line += 1;
                    self.pos = 0;
                }
                _ => return,
            }
        }
    }

    fn value(&mut self) -> Result<Node> {
        self.skip();
        match self.peek() {
            Some('[') => self.seq(),
            Some('{') => self.map(),
            Some(q @ ('"' | '\'')) => self.quoted(q).map(Node::Str),
            Some('*') => {
                self.pos += 1;
                let name = self.plain();
                match self.anchors.get(&name) {
                    Some((node, size)) => {
                        self.nodes += size;
                        if self.nodes > MAX_NODES {
                            return self.fail(&format!(
                                "the document expands to more than {MAX_NODES} nodes (aliases included)"
                            ));
                        }
                        Ok(node.value.clone())
                    }
                    None => self.fail(&format!("unknown alias `*{name}`")),
                }
            }
            None => self.fail("unterminated flow collection"),
            _ => {
                let s = self.plain();
                Ok(plain_scalar(&s))
            }
        }
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
            let v = self.value()?;
            items.push(Spanned { value: v, line });
            let ended = self.line;
            self.skip();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {}
                // A missing separator on a later line: most likely a missing `]`.
                _ if self.line != ended || self.at_end() => return self.unclosed(open, '['),
                _ => return self.fail("expected `,` or `]` in a flow sequence"),
            }
        }
    }

    fn map(&mut self) -> Result<Node> {
        self.nest()?;
        let open = (self.no(), self.pos);
        self.depth += 1;
        self.pos += 1;
        let mut entries = Vec::new();
        loop {
            self.skip();
            if self.at_end() {
                return self.unclosed(open, '{');
            }
            if self.peek() == Some('}') {
                self.pos += 1;
                self.depth -= 1;
                return Ok(Node::Map(entries));
            }
            let line = self.no();
            let key = match self.peek() {
                Some(q @ ('"' | '\'')) => self.quoted(q)?,
                _ => self.plain(),
            };
            self.skip();
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
            entries.push((Spanned { value: key, line }, Spanned { value, line }));
            let ended = self.line;
            self.skip();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') => {}
                _ if self.line != ended || self.at_end() => return self.unclosed(open, '{'),
                _ => return self.fail("expected `,` or `}` in a flow mapping"),
            }
        }
    }

    /// A plain scalar inside a flow: up to `,` `[` `]` `{` `}`, `: ` or a comment.
    fn plain(&mut self) -> String {
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
        line.get(start..i).unwrap_or("").trim().to_owned()
    }

    fn quoted(&mut self, q: char) -> Result<String> {
        let mut out = String::new();
        self.pos += 1;
        loop {
            let line = self.current();
            let mut chars = line.get(self.pos..).unwrap_or("").char_indices().peekable();
            let base = self.pos;
            let mut closed = None;
            while let Some((k, c)) = chars.next() {
                if c == q {
                    if q == '\'' && chars.peek().map(|p| p.1) == Some('\'') {
                        chars.next();
                        out.push('\'');
                        continue;
                    }
                    closed = Some(base + k + 1);
                    break;
                }
                if c == '\\' && q == '"' {
                    match chars.next().map(|p| p.1) {
                        Some('n') => out.push('\n'),
                        Some('t') => out.push('\t'),
                        Some('"') => out.push('"'),
                        Some('\\') => out.push('\\'),
                        Some('/') => out.push('/'),
                        Some(other) => {
                            out.push('\\');
                            out.push(other);
                        }
                        None => {}
                    }
                    continue;
                }
                out.push(c);
            }
            if let Some(end) = closed {
                self.pos = end;
                return Ok(out);
            }
            if self.line + 1 >= self.lines.len() {
                return self.fail("unterminated quoted string");
            }
            self.line += 1;
            self.pos = 0;
            out.push(' ');
        }
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
}
