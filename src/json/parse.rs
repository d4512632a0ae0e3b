//! JSON text → [`Json`], strict RFC 8259: one value, nothing but whitespace
//! after it, no comments, no trailing commas, no lone surrogates in `\u`
//! escapes. Strings without escapes borrow from the text. A syntax error
//! names the path of the value being read and the line and column.

use super::read::{index_segment, key_segment};
use super::{Json, JsonError};
use std::borrow::Cow;

/// Deepest nesting accepted; deeper input is refused rather than risking
/// the stack (on wasm a stack overflow traps the instance).
pub const MAX_DEPTH: usize = 128;

/// Parses one JSON document.
pub fn parse(text: &str) -> Result<Json<'_>, JsonError> {
    let mut p = Parser::new(text, None);
    p.document()
        .map_err(|f| JsonError { path: if f.path.is_empty() { "(root)".into() } else { f.path }, message: f.message })
}

/// Reads a value [`parse_deferring`] hands over, straight from the text.
pub type DeferredReader<'d, 'a> = dyn FnMut(usize, &mut Cursor<'a>) -> Option<()> + 'd;

/// Parses a document whose root object has an array `outer` of objects,
/// each of which may have a member `inner`: every such `inner` value is
/// read by `read` (given the item's position in `outer`) straight from the
/// text instead of into the tree, where it is left as an empty array.
///
/// `None` when the text is not JSON or `read` refuses a value (a reader
/// only takes what it is sure of): the caller then [`parse`]s the text for
/// the tree, or the syntax error with its path.
pub fn parse_deferring<'a>(
    text: &'a str,
    outer: &'static str,
    inner: &'static str,
    read: &mut DeferredReader<'_, 'a>,
) -> Option<Json<'a>> {
    let mut p = Parser::new(text, Some(Defer { outer, inner, read, in_outer: false, item: 0 }));
    p.document().ok()
}

/// Where [`parse_deferring`] hands a value over, and what it is in.
struct Defer<'d, 'a> {
    outer: &'static str,
    inner: &'static str,
    read: &'d mut DeferredReader<'d, 'a>,
    /// Reading the value of the root's `outer` member.
    in_outer: bool,
    /// The position of the `outer` item being read.
    item: usize,
}

/// A reader's view of the text at a value handed over by
/// [`parse_deferring`]: arrays, objects and strings, strictly as [`parse`]
/// reads them; `None` whenever the text holds anything else (or is not JSON).
pub struct Cursor<'a> {
    /// A parser without a `defer` of its own.
    p: Parser<'a, 'a>,
}

impl<'a> Cursor<'a> {
    /// Steps over `open`; `Some(true)` when `close` follows at once (empty),
    /// `None` when the value does not start with `open`.
    fn open(&mut self, open: u8, close: u8) -> Option<bool> {
        self.p.skip_ws();
        if self.p.peek() != Some(open) {
            return None;
        }
        self.p.pos += 1;
        self.p.skip_ws();
        let empty = self.p.peek() == Some(close);
        if empty {
            self.p.pos += 1;
        }
        Some(empty)
    }

    /// An array: `item` reads each of its items.
    pub fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if self.open(b'[', b']')? {
            return Some(());
        }
        loop {
            item(self)?;
            if self.comma_or(b']')? {
                return Some(());
            }
        }
    }

    /// An object: `member` is given each key and reads its value.
    pub fn object(&mut self, mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Option<()>) -> Option<()> {
        if self.open(b'{', b'}')? {
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.p.skip_ws();
            if self.p.peek() != Some(b':') {
                return None;
            }
            self.p.pos += 1;
            member(self, key)?;
            if self.comma_or(b'}')? {
                return Some(());
            }
        }
    }

    /// After an item: `Some(false)` at a comma (stepped over), `Some(true)`
    /// at `close` (stepped over), `None` at anything else. [`Parser::comma_or`]
    /// without the message it would write for a syntax error, which no
    /// reader here reports (the caller parses again for it).
    #[inline(always)]
    fn comma_or(&mut self, close: u8) -> Option<bool> {
        self.p.skip_ws();
        let c = self.p.peek()?;
        if c != b',' && c != close {
            return None;
        }
        self.p.pos += 1;
        Some(c == close)
    }

    /// A string.
    #[inline(always)]
    pub fn string(&mut self) -> Option<Cow<'a, str>> {
        self.p.skip_ws();
        if self.p.peek() != Some(b'"') {
            return None;
        }
        match self.p.plain_string() {
            Some(s) => Some(Cow::Borrowed(s)),
            None => self.p.string().ok(),
        }
    }

    /// A string, or `null` (`Some(None)`).
    pub fn string_or_null(&mut self) -> Option<Option<Cow<'a, str>>> {
        self.p.skip_ws();
        if self.p.peek() == Some(b'n') {
            return self.p.literal("null", Json::Null).ok().map(|_| None);
        }
        self.string().map(Some)
    }
}

/// The top of a stack from `start` on, in a `Vec` of exactly that length.
fn take_from<T>(stack: &mut Vec<T>, start: usize) -> Vec<T> {
    let mut out = Vec::with_capacity(stack.len().saturating_sub(start));
    out.extend(stack.drain(start..));
    out
}

/// A failure on its way up: the path grows as the recursion unwinds.
struct Fail {
    path: String,
    message: String,
}

struct Parser<'a, 'd> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// The items of the arrays being read, innermost last: each array
    /// takes its own off the top when it closes, in a `Vec` of exactly
    /// their number (no growing `Vec` per array, none left half empty).
    items: Vec<Json<'a>>,
    /// The same for the members of objects.
    members: Vec<(Cow<'a, str>, Json<'a>)>,
    /// The values to hand over ([`parse_deferring`]).
    defer: Option<Defer<'d, 'a>>,
}

impl<'a, 'd> Parser<'a, 'd> {
    fn new(text: &'a str, defer: Option<Defer<'d, 'a>>) -> Self {
        Parser { text, bytes: text.as_bytes(), pos: 0, items: Vec::new(), members: Vec::new(), defer }
    }

    /// One value and nothing after it.
    fn document(&mut self) -> Result<Json<'a>, Fail> {
        let v = self.value(0)?;
        self.skip_ws();
        if self.pos < self.bytes.len() {
            Err(self.fail("trailing characters after the JSON value"))
        } else {
            Ok(v)
        }
    }

    /// Hands the value of member `key` of an object at `depth` over to the
    /// deferred reader, if it is one of those ([`parse_deferring`]):
    /// `Some(Ok(()))` when read, `Some(Err)` when refused.
    fn hand_over(&mut self, depth: usize, key: &str) -> Option<Result<(), Fail>> {
        let d = self.defer.as_mut()?;
        if depth != 3 || !d.in_outer || key != d.inner {
            return None;
        }
        // The reader sees a parser without a `defer` of its own, over the
        // same text from the same position.
        let mut cursor = Cursor { p: Parser::new(self.text, None) };
        cursor.p.pos = self.pos;
        let read = (d.read)(d.item, &mut cursor);
        self.pos = cursor.p.pos;
        Some(read.ok_or_else(|| self.fail("refused by the reader")))
    }
    fn fail(&self, what: &str) -> Fail {
        let before = self.text.get(..self.pos).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rfind('\n').map_or(before.len(), |i| before.len() - i - 1) + 1;
        Fail { path: String::new(), message: format!("{what} (line {line}, column {column})") }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8, what: &str) -> Result<(), Fail> {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn unexpected(&self, expected: &str) -> Fail {
        match self.text.get(self.pos..).and_then(|t| t.chars().next()) {
            None => self.fail(&format!("unexpected end of input, expected {expected}")),
            Some(c) if c.is_control() => self.fail(&format!("unexpected U+{:04X}, expected {expected}", u32::from(c))),
            Some(c) => self.fail(&format!("unexpected `{c}`, expected {expected}")),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, Fail> {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            _ => Err(self.unexpected("a JSON value")),
        }
    }

    fn nest(&self, depth: usize) -> Result<(), Fail> {
        if depth > MAX_DEPTH {
            Err(self.fail(&format!("nested more than {MAX_DEPTH} levels deep")))
        } else {
            Ok(())
        }
    }

    fn literal(&mut self, word: &str, v: Json<'a>) -> Result<Json<'a>, Fail> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.unexpected("a JSON value"))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json<'a>, Fail> {
        self.nest(depth)?;
        self.pos += 1;
        let start = self.members.len();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(Vec::new()));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a `\"` starting a key"));
            }
            let key = self.string()?;
            let item = self.eat(b':', "`:`").and_then(|()| match self.hand_over(depth, &key) {
                Some(read) => read.map(|()| Json::Array(Vec::new())),
                None => self.outer_value(depth, &key),
            });
            match item {
                Ok(v) => self.members.push((key, v)),
                Err(mut f) => {
                    f.path = key_segment(&key, &f.path);
                    return Err(f);
                }
            }
            if self.comma_or(b'}', "`,` or `}`")? {
                return Ok(Json::Object(take_from(&mut self.members, start)));
            }
        }
    }

    /// The value of member `key` of an object at `depth`, noting whether it
    /// is the root's `outer` member ([`parse_deferring`]).
    fn outer_value(&mut self, depth: usize, key: &str) -> Result<Json<'a>, Fail> {
        let outer = depth == 1 && self.defer.as_ref().is_some_and(|d| d.outer == key);
        if !outer {
            return self.value(depth);
        }
        self.set_in_outer(true);
        let v = self.value(depth);
        self.set_in_outer(false);
        v
    }

    fn set_in_outer(&mut self, on: bool) {
        if let Some(d) = self.defer.as_mut() {
            d.in_outer = on;
            d.item = 0;
        }
    }

    /// After a member or an item: past a `,` (`false`: more follow) or past
    /// the closing `close` (`true`).
    fn comma_or(&mut self, close: u8, expected: &str) -> Result<bool, Fail> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json<'a>, Fail> {
        self.nest(depth)?;
        self.pos += 1;
        let start = self.items.len();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(Vec::new()));
        }
        loop {
            if depth == 2 {
                let item = self.items.len() - start;
                if let Some(d) = self.defer.as_mut() {
                    d.item = item;
                }
            }
            match self.value(depth) {
                Ok(v) => self.items.push(v),
                Err(mut f) => {
                    f.path = index_segment(self.items.len().saturating_sub(start), &f.path);
                    return Err(f);
                }
            }
            if self.comma_or(b']', "`,` or `]`")? {
                return Ok(Json::Array(take_from(&mut self.items, start)));
            }
        }
    }

    fn number(&mut self) -> Result<Json<'a>, Fail> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit after `.`"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit in the exponent"));
            }
            self.digits();
        }
        Ok(Json::Number(Cow::Borrowed(self.text.get(start..self.pos).unwrap_or_default())))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// A string starting at the opening quote.
    /// At a string's opening quote: the string, borrowed and stepped over,
    /// when it holds no escape and no control character; otherwise `None`
    /// and the position unchanged (for [`Parser::string`]).
    #[inline(always)]
    fn plain_string(&mut self) -> Option<&'a str> {
        let start = self.pos + 1;
        let rest = self.bytes.get(start..)?;
        let len = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        let s = self.text.get(start..start + len)?;
        self.pos = start + len + 1;
        Some(s)
    }

    fn string(&mut self) -> Result<Cow<'a, str>, Fail> {
        if let Some(s) = self.plain_string() {
            return Ok(Cow::Borrowed(s));
        }
        self.pos += 1;
        let start = self.pos;
        // Fast path: no escapes, borrow the slice.
        loop {
            match self.peek() {
                Some(b'"') => {
                    let s = self.text.get(start..self.pos).unwrap_or_default();
                    self.pos += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(0..=0x1f) => return Err(self.fail("a control character in a string (escape it)")),
                Some(_) => self.pos += 1,
                None => return Err(self.fail("unexpected end of input in a string")),
            }
        }
        let mut out = String::from(self.text.get(start..self.pos).unwrap_or_default());
        loop {
            let run = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => return Err(self.fail("a control character in a string (escape it)")),
                None => return Err(self.fail("unexpected end of input in a string")),
            }
        }
    }

    /// The character of an escape, after its backslash.
    fn escape(&mut self) -> Result<char, Fail> {
        let Some(b) = self.peek() else { return Err(self.fail("unexpected end of input in a string")) };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                if (0xDC00..0xE000).contains(&hi) {
                    return Err(self.fail("a lone UTF-16 surrogate in a `\\u` escape"));
                }
                if (0xD800..0xDC00).contains(&hi) {
                    let low = if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                        self.pos += 2;
                        self.hex4()?
                    } else {
                        0
                    };
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.fail("a lone UTF-16 surrogate in a `\\u` escape"));
                    }
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (low - 0xDC00);
                    return char::from_u32(c).ok_or_else(|| self.fail("an invalid `\\u` escape"));
                }
                return char::from_u32(hi).ok_or_else(|| self.fail("an invalid `\\u` escape"));
            }
            _ => {
                self.pos -= 1;
                return Err(self.unexpected("an escape (`\\\"`, `\\\\`, `\\n`, `\\u00e9`, ...)"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, Fail> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.unexpected("four hex digits after `\\u`")),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (String, String) {
        match parse(text) {
            Ok(v) => (format!("parsed: {v:?}"), String::new()),
            Err(e) => (e.path, e.message),
        }
    }

    #[test]
    fn values_and_borrowing() {
        let v = parse(r#" {"a": [1, -2.5e3, true, false, null], "b": "x\u00e9\n", "c": "plain"} "#);
        let Ok(Json::Object(m)) = v else { panic!("{v:?}") };
        assert_eq!(m.len(), 3);
        assert!(matches!(&m[1].1, Json::String(Cow::Owned(s)) if s == "xé\n"));
        assert!(matches!(&m[2].1, Json::String(Cow::Borrowed("plain"))));
        assert_eq!(parse("\"\\ud83d\\ude00\""), Ok(Json::String("😀".into())));
    }

    #[test]
    fn syntax_errors_name_path_and_position() {
        assert_eq!(err(r#"{"orgs":[{"id":"a"},{"id":tru}]}"#).0, "orgs[1].id");
        let (path, msg) = err("{\"a\": 1,\n \"b\": }");
        assert_eq!(path, "b");
        assert!(msg.contains("line 2, column 7"), "{msg}");
        assert!(err("{} x").1.starts_with("trailing characters"));
        assert_eq!(err("[1,]").0, "[1]");
        assert_eq!(err(r#"{"a b":{"c":[nul]}}"#).0, r#"["a b"].c[0]"#);
        for bad in [
            "",
            "{",
            "[1 2]",
            "01",
            "1.",
            "-",
            "1e",
            "\"\\x\"",
            "\"\u{1}\"",
            "\"\\ud800\"",
            "\"\\udc00x\"",
            "{1:2}",
            "nulL",
            "'a'",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    /// Each deferred value's item position and strings.
    type Seen = Vec<(usize, Vec<String>)>;

    /// Reads each deferred value as an array of strings.
    fn deferred(text: &str) -> Option<(Json<'_>, Seen)> {
        let mut seen = Vec::new();
        let tree = parse_deferring(text, "orgs", "members", &mut |item, c| {
            let mut got = Vec::new();
            c.array(|c| {
                got.push(c.string()?.into_owned());
                Some(())
            })?;
            seen.push((item, got));
            Some(())
        })?;
        Some((tree, seen))
    }

    #[test]
    fn deferred_values_are_read_from_the_text_and_left_out_of_the_tree() {
        let text = r#"{"members": ["top"], "orgs": [{"id": "a", "members": ["x", "y\u0041"]},
            {"id": "b", "more": {"members": [1]}}, {"members": []}]}"#;
        let Some((tree, seen)) = deferred(text) else { panic!("refused") };
        assert_eq!(seen, [(0, vec!["x".to_string(), "yA".into()]), (2, vec![])]);
        let whole = parse(text).map_err(|e| e.to_string());
        let Ok(Json::Object(mut whole)) = whole else { panic!("{whole:?}") };
        // The tree is the whole document with each deferred value emptied.
        if let Some((_, Json::Array(orgs))) = whole.iter_mut().find(|(k, _)| k == "orgs") {
            for o in [0, 2] {
                if let Some(Json::Object(m)) = orgs.get_mut(o) {
                    for (k, v) in m.iter_mut() {
                        if k == "members" {
                            *v = Json::Array(Vec::new());
                        }
                    }
                }
            }
        }
        assert_eq!(tree, Json::Object(whole));
        // A value the reader refuses, or text that is not JSON: `None`.
        assert!(deferred(r#"{"orgs": [{"members": [1]}]}"#).is_none());
        assert!(deferred(r#"{"orgs": [{"members": ["x",]}]}"#).is_none());
        assert!(deferred(r#"{"orgs": [{"members": ["x"]}]} x"#).is_none());
        assert!(deferred(r#"{"orgs": [{"members": ["x"]}"#).is_none());
    }

    #[test]
    fn depth_is_limited() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(err(&deep).1.contains("nested more than"));
        assert!(parse(&"[".repeat(100_000)).is_err());
    }
}
