//! The scenario files, embedded so that every runtime (native, Node,
//! browser) runs the very same texts. `tests/scenarios.rs` checks that this
//! list names exactly the files in `tests/scenarios/`.

pub const SCENARIOS: &[(&str, &str)] = &[
    ("01-hierarchy.json", include_str!("../scenarios/01-hierarchy.json")),
    ("02-directory-validation.json", include_str!("../scenarios/02-directory-validation.json")),
    ("03-org-roles.json", include_str!("../scenarios/03-org-roles.json")),
    ("04-invites.json", include_str!("../scenarios/04-invites.json")),
    ("05-instance-switches.json", include_str!("../scenarios/05-instance-switches.json")),
    ("06-sso.json", include_str!("../scenarios/06-sso.json")),
    ("07-api-keys.json", include_str!("../scenarios/07-api-keys.json")),
    ("08-security-settings.json", include_str!("../scenarios/08-security-settings.json")),
    ("09-workspace-roles.json", include_str!("../scenarios/09-workspace-roles.json")),
    ("10-what-if-capabilities.json", include_str!("../scenarios/10-what-if-capabilities.json")),
    ("11-input-errors.json", include_str!("../scenarios/11-input-errors.json")),
];
