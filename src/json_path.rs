//! The path (`orgs[1].members[3].orgRole`) of the value at a position in
//! JSON text. serde_json reports where a document went wrong as line and
//! column; this turns that into the path users understand, without the
//! cost of tracking paths during every parse.

/// Byte offset of `line` / `column` (both 1-based, as serde_json reports).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|t| t.find('\n')) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

enum Frame {
    /// In an object; the last key read, if any.
    Object(Option<String>),
    /// In an array; the index of the current element.
    Array(usize),
}

/// The path of the innermost value that contains byte `offset`, or whose
/// key was the last one read before it (with `last_key`; without, the path
/// of the object holding that key). Returns `""` at the top level.
fn path_at_inner(text: &str, offset: usize, last_key: bool) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    // A key string is one read in an object where a key is expected.
    let mut expect_key = false;
    while i < end {
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                expect_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(_)) => expect_key = true,
                None => {}
            },
            b':' => expect_key = false,
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while let Some(&c) = bytes.get(j) {
                    match c {
                        b'\\' => j += 2,
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                if expect_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(text.get(start..j.min(bytes.len())).unwrap_or_default().to_string());
                    }
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    let depth = stack.len();
    for (n, f) in stack.iter().enumerate() {
        // A missing field or a short array is reported at the end of its container: the container is the place.
        if !last_key && n + 1 == depth {
            break;
        }
        match f {
            Frame::Object(Some(k)) => {
                let plain = !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if plain {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                } else {
                    path.push_str(&format!("[{k:?}]"));
                }
            }
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

/// A serde_json error on `text` as (path, message without the position).
pub fn locate(text: &str, e: &serde_json::Error) -> (String, String) {
    let mut msg = e.to_string();
    let at = offset_of(text, e.line(), e.column());
    // Missing fields and short arrays are reported where their container ends;
    // an unknown field is named in the message (and, inside a tagged union,
    // also only found at the end of its object): container + field.
    let unknown = msg.strip_prefix("unknown field `").and_then(|r| r.split('`').next()).map(str::to_string);
    let container = unknown.is_some() || msg.starts_with("missing field") || msg.starts_with("invalid length");
    let mut path = if e.line() == 0 { String::new() } else { path_at_inner(text, at, !container) };
    if let Some(field) = unknown {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&field);
    }
    if let Some(i) = msg.rfind(" at line ") {
        msg.truncate(i);
    }
    (if path.is_empty() { "(root)".to_string() } else { path }, crate::serde_msg::clean(&msg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of_error<T: serde::de::DeserializeOwned>(text: &str) -> (String, String) {
        match serde_json::from_str::<T>(text) {
            Ok(_) => (String::new(), String::new()),
            Err(e) => locate(text, &e),
        }
    }

    #[test]
    fn paths_of_directory_errors() {
        use crate::directory::DirectoryDoc;
        let text = r#"{"orgs":[{"id":"a","name":"A","workspaces":[]},
            {"id":"b","name":"B","workspaces":[{"id":"w","name":"W"}],
             "members":[{"id":"m","email":"x@y","orgRole":"ORGANIZATION_USER","statu":"active"}]}]}"#;
        let (path, msg) = path_of_error::<DirectoryDoc>(text);
        assert_eq!(path, "orgs[1].members[0].statu");
        assert!(msg.contains("unknown field `statu`"), "{msg}");

        let (path, msg) = path_of_error::<DirectoryDoc>(r#"{"orgs":[{"id":7}]}"#);
        assert_eq!(path, "orgs[0].id");
        assert!(msg.contains("wrong type"), "{msg}");

        let (path, _) = path_of_error::<DirectoryDoc>(r#"{"orgz":[]}"#);
        assert_eq!(path, "orgz");
        let (path, _) = path_of_error::<DirectoryDoc>("{");
        assert_eq!(path, "(root)");
        let (path, msg) = path_of_error::<DirectoryDoc>(r#"{"orgs":[{"id":"a","workspaces":[]}]}"#);
        assert_eq!((path.as_str(), msg.as_str()), ("orgs[0]", "missing field `name`"));
    }

    #[test]
    fn strings_with_brackets_and_escapes_do_not_confuse_it() {
        let text = r#"{"a":["x]\"{","y"],"b":{"c d":[1,2,{"e":tru}]}}"#;
        let off = text.find("tru").unwrap_or_default();
        assert_eq!(path_at_inner(text, off, true), r#"b["c d"][2].e"#);
    }
}
