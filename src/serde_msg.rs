//! Turns serde's messages into the project's style (no Rust type names).

/// Rewrites serde phrasing that leaks Rust types into plain words.
pub fn clean(msg: &str) -> String {
    let mut m = msg
        .replace("invalid type: ", "wrong type: ")
        .replace("a sequence", "an array")
        .replace("a map", "an object")
        .replace("struct ", "")
        .replace("enum ", "")
        .replace("unit value", "null")
        .replace("string \"", "\"");
    // serde_json appends " at line L column C"; keep it, it helps.
    if let Some(first) = m.get(..1) {
        let lower = first.to_lowercase();
        m.replace_range(..1, &lower);
    }
    m
}
