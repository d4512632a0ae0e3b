//! Small text helpers shared by the parsers and error messages.

/// Levenshtein distance over chars, capped work for long inputs.
// Indices stay within the two rows, whose lengths are fixed above.
#[allow(clippy::indexing_slicing)]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(128).collect();
    let b: Vec<char> = b.chars().take(128).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// E-mail as compared by the rules: trimmed and lower-cased (DOMAIN §4),
/// every sigma as `σ` (see [`crate::lowercase`]).
pub fn normalize_email(email: &str) -> String {
    crate::lowercase::to_lower(email.trim())
}

/// The parts one after another, in one allocation: for messages built on
/// every check (`format!` costs several times more, in wasm most of all).
pub fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// `prefix[i]` (a path into a document), written without `core::fmt`: a
/// successful build makes one for every org and item, and number formatting
/// would otherwise be compiled on the first build for them alone.
pub fn indexed(prefix: &str, name: &str, i: usize) -> String {
    let mut s = String::with_capacity(prefix.len() + name.len() + 8);
    s.push_str(prefix);
    s.push_str(name);
    s.push('[');
    let mut unit = 1;
    while unit <= i / 10 {
        unit *= 10;
    }
    while unit > 0 {
        // `i / unit % 10` is below 10: one ASCII digit.
        s.push(char::from(b'0' + (i / unit % 10) as u8));
        unit /= 10;
    }
    s.push(']');
    s
}

/// Runs `f` out of line: for the rare branches (problems to report) of
/// functions a first build reaches, so that the code V8 compiles on their
/// first call stays small (it compiles whole functions, rare branches
/// included).
#[cold]
#[inline(never)]
pub fn cold<R>(f: impl FnOnce() -> R) -> R {
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_paths() {
        assert_eq!(indexed("", "orgs", 0), "orgs[0]");
        assert_eq!(indexed("orgs[3]", ".roles", 9), "orgs[3].roles[9]");
        assert_eq!(indexed("a", ".b", 10), "a.b[10]");
        assert_eq!(indexed("a", ".b", 1_234_567_890), "a.b[1234567890]");
        assert_eq!(indexed("a", ".b", usize::MAX), format!("a.b[{}]", usize::MAX));
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn emails() {
        assert_eq!(normalize_email("  Bob@Example.COM "), "bob@example.com");
    }
}
