//! E-mail addresses: what counts as one, and the basic-auth admin e-mail.

/// Longest address accepted (the SMTP path limit: 64 + `@` + 255).
const MAX_EMAIL_LEN: usize = 320;

/// Is `email` a plausible e-mail address? One `@` with text on both sides,
/// no whitespace inside, at most 320 bytes; surrounding whitespace is
/// ignored, as invitee matching trims (DOMAIN §4). The one e-mail test of
/// the crate: invitees (DOMAIN §4), directory members and the basic-auth
/// initial org admin e-mail (DOMAIN §5) all use it, so placeholders such as
/// `your-email` fail everywhere alike.
pub(crate) fn is_valid_email(email: &str) -> bool {
    // Printable ASCII only (the usual address; this runs for every member
    // of a directory being built): nothing to trim and no white space, so
    // one `@` not at either end and the length decide.
    let bytes = email.as_bytes();
    if bytes.iter().all(u8::is_ascii_graphic) {
        return one_inner_at(bytes) && bytes.len() <= MAX_EMAIL_LEN;
    }
    is_valid_email_trimmed(email)
}

/// [`is_valid_email`] (DOMAIN §4) for any text: trimmed, then one `@`
/// inside it and no white space.
fn is_valid_email_trimmed(email: &str) -> bool {
    // Any Unicode white space, byte by byte when the text is ASCII (this
    // runs for every member of a directory being built).
    let has_whitespace = |s: &str| {
        if s.is_ascii() {
            s.bytes().any(|b| matches!(b, b' ' | b'\t'..=b'\r'))
        } else {
            s.chars().any(char::is_whitespace)
        }
    };
    let e = email.trim();
    one_inner_at(e.as_bytes()) && !has_whitespace(e) && e.len() <= MAX_EMAIL_LEN
}

/// The `@` of an address (DOMAIN §4): exactly one, neither first nor
/// last. Found byte by byte (an ASCII
/// byte is never part of a longer UTF-8 sequence): `split_once('@')` and
/// `contains('@')` bring the standard library's char searcher (~2.5 KB of
/// wasm) into every build.
fn one_inner_at(bytes: &[u8]) -> bool {
    let mut ats = bytes.iter().enumerate().filter(|(_, b)| **b == b'@').map(|(i, _)| i);
    match (ats.next(), ats.next()) {
        (Some(at), None) => at > 0 && at + 1 < bytes.len(),
        _ => false,
    }
}

/// The one message for an address that fails [`is_valid_email`] (an
/// invitee's, DOMAIN §4, or a directory member's).
pub(crate) fn not_an_email(email: &str) -> String {
    format!("`{email}` is not an e-mail address")
}

/// What is wrong with the initial org admin e-mail of a basic-auth instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AdminEmailProblem {
    /// Not set (or blank).
    Missing,
    /// Set, but not an e-mail address.
    Invalid,
}

impl AdminEmailProblem {
    /// The one message of each problem. `setting` names the setting as the
    /// reader spells it, backticks included (`` `INITIAL_ORG_ADMIN_EMAIL` ``);
    /// `value` is the address as read (shortened by the caller if long).
    /// Cites DOMAIN §5.
    pub(crate) fn message(self, setting: &str, value: &str) -> String {
        match self {
            Self::Missing => format!("basic auth needs an initial organization admin e-mail: set {setting}"),
            Self::Invalid => format!("{setting} is `{value}`, expected an e-mail address"),
        }
    }
}

/// With basic auth on, is the initial org admin e-mail usable? "Basic auth
/// needs `authType: mixed` and an initial org admin e-mail" (DOMAIN §5):
/// blank counts as missing, and the address must pass [`is_valid_email`].
pub(crate) fn basic_auth_admin_email(email: Option<&str>) -> Result<(), AdminEmailProblem> {
    match email.map(str::trim).filter(|e| !e.is_empty()) {
        None => Err(AdminEmailProblem::Missing),
        Some(address) if !is_valid_email(address) => Err(AdminEmailProblem::Invalid),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DOMAIN §4: "Invitee matching is by e-mail"; one test of what an address is.
    #[test]
    fn valid_emails_have_one_at_with_text_on_both_sides() {
        assert!(is_valid_email("admin@example.com"));
        assert!(is_valid_email("a@b"));
        assert!(is_valid_email("  padded@example.com "), "surrounding whitespace is trimmed");
        for bad in ["your-email", "no-at-sign", "@example.com", "a@", "a b@c.d", "a@b@c", "", " "] {
            assert!(!is_valid_email(bad), "{bad:?}");
        }
        let local = "x".repeat(64);
        let at_limit = format!("{local}@{}", "d".repeat(MAX_EMAIL_LEN - 65));
        assert!(is_valid_email(&at_limit));
        assert!(!is_valid_email(&format!("{at_limit}d")), "longer than 320 bytes");
        assert_eq!(not_an_email("your-email"), "`your-email` is not an e-mail address");
    }

    /// The one-pass test of printable ASCII addresses answers as the
    /// general one, on every short mix of `@`, letters, dots and the
    /// boundary lengths.
    #[test]
    fn printable_ascii_answers_as_the_general_test() {
        let parts = ["", "@", "a", ".", "@@", "a@", "@a", "x@y.z"];
        let mut texts: Vec<String> = Vec::new();
        for a in parts {
            for b in parts {
                for c in parts {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        let local = "x".repeat(64);
        texts.push(format!("{local}@{}", "d".repeat(MAX_EMAIL_LEN - 65)));
        texts.push(format!("{local}@{}", "d".repeat(MAX_EMAIL_LEN - 64)));
        for t in &texts {
            assert!(t.bytes().all(|b| b.is_ascii_graphic()));
            assert_eq!(is_valid_email(t), is_valid_email_trimmed(t), "{t:?}");
        }
    }

    /// One `@`, with something on each side of it.
    #[test]
    fn the_at_sign_is_single_and_inside() {
        for (t, want) in [
            ("a@b", true),
            ("é@b", true),
            ("@b", false),
            ("a@", false),
            ("a@@b", false),
            ("a@b@c", false),
            ("ab", false),
            ("", false),
        ] {
            assert_eq!(one_inner_at(t.as_bytes()), want, "{t:?}");
        }
    }

    /// The byte path for ASCII text finds exactly what `char::is_whitespace` finds.
    #[test]
    fn whitespace_inside_is_found_in_ascii_and_beyond() {
        for b in (0u8..=127).filter(|b| *b != b'@') {
            let s = format!("a{}b@c", b as char);
            assert_eq!(is_valid_email(&s), !(b as char).is_whitespace(), "byte {b}");
        }
        assert!(!is_valid_email("a\u{a0}b@c.d"), "no-break space");
        assert!(is_valid_email("é@c.d"));
    }

    /// DOMAIN §5: "basic auth needs `authType: mixed` and an initial org admin e-mail".
    #[test]
    fn basic_auth_needs_a_valid_admin_email() {
        assert_eq!(basic_auth_admin_email(Some("admin@example.com")), Ok(()));
        assert_eq!(basic_auth_admin_email(Some(" admin@example.com ")), Ok(()));
        assert_eq!(basic_auth_admin_email(None), Err(AdminEmailProblem::Missing));
        assert_eq!(basic_auth_admin_email(Some("   ")), Err(AdminEmailProblem::Missing));
        assert_eq!(basic_auth_admin_email(Some("your-email")), Err(AdminEmailProblem::Invalid));
    }

    #[test]
    fn each_problem_has_one_message() {
        assert_eq!(
            AdminEmailProblem::Missing.message("`INITIAL_ORG_ADMIN_EMAIL`", ""),
            "basic auth needs an initial organization admin e-mail: set `INITIAL_ORG_ADMIN_EMAIL`"
        );
        assert_eq!(
            AdminEmailProblem::Invalid.message("`initialOrgAdminEmail`", "your-email"),
            "`initialOrgAdminEmail` is `your-email`, expected an e-mail address"
        );
    }
}
