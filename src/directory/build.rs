//! Validation and indexing of a [`DirectoryDoc`]: every problem is
//! collected with the path to it, then the indexed [`Directory`] is built.
//!
//! From JSON text (or a JS object's tree), the members, nearly all of a
//! large directory, skip the document: each member object is read straight
//! from the text ([`from_text`]: no tree for the members at all) or from
//! the parsed tree, as strictly as [`MemberDoc`]'s reader checks it, and
//! turned into a [`Member`] directly, with no `MemberDoc`, no map of its
//! workspaces and no copy of its role names in between. Whenever such a
//! reader finds anything wrong, the whole text (tree) is read again the
//! reference way, as a [`DirectoryDoc`], so that errors are the reader's
//! own, with their paths (the fast readers only ever decide "readable or
//! not").

use super::index::Entry;
use super::*;
use crate::error::{DirectoryError, DirectoryIssue};
use crate::json::{expect_str, Cursor, Fields, FromJson, Json, Path};
use crate::permissions::{Permission, PermissionSet};
use crate::rules::{
    custom_roles_available, is_valid_email, not_an_email, org_role_in_plan, rbac_allows_role,
    service_key_default_org_role,
};
use crate::text::{cold, indexed, normalize_email};
use std::borrow::Cow;

const SEPARATORS: [char; 5] = [':', '-', '_', ' ', '&'];

pub(super) struct Issues(pub(super) Vec<DirectoryIssue>);

impl Issues {
    pub(super) fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(DirectoryIssue { path: path.into(), message: message.into() });
    }
}

pub(super) fn org_role_ids() -> String {
    OrgRole::ALL.iter().map(|r| format!("`{}`", r.id())).collect::<Vec<_>>().join(", ")
}

pub(super) fn build(doc: DirectoryDoc) -> Result<Directory, DirectoryError> {
    match build_with(doc, Source::Docs) {
        Ok(built) => built,
        // Without trees every member comes from the document: nothing to read.
        Err(Unreadable) => Err(DirectoryError(Vec::new())),
    }
}

/// The fast reader found a member the reference reader refuses (or might):
/// read the whole document the reference way instead.
pub(super) struct Unreadable;

/// A directory from its parsed tree: members straight from the tree, the
/// rest through [`DirectoryDoc`]'s reader (see the module doc).
pub(super) fn from_tree(mut tree: Json<'_>) -> Result<Directory, DirectoryError> {
    let taken = take_members(&mut tree);
    if let Ok(doc) = DirectoryDoc::from_json(&tree, &Path::Root) {
        if let Ok(built) = build_with(doc, Source::Trees(&taken)) {
            return built;
        }
    }
    put_back(&mut tree, taken);
    build(DirectoryDoc::from_json(&tree, &Path::Root)?)
}

/// A directory from JSON text: the members read straight from the text
/// (no tree for them), the rest through [`DirectoryDoc`]'s reader. Text
/// that reader would refuse, or might, is read by [`from_tree`] instead,
/// for its errors.
pub(super) fn from_text(text: &str) -> Result<Directory, DirectoryError> {
    if let Some(built) = from_text_directly(text) {
        return built;
    }
    from_tree(crate::json::parse(text)?)
}

fn from_text_directly(text: &str) -> Option<Result<Directory, DirectoryError>> {
    let mut raw = TextMembers::default();
    let tree = crate::json::parse_deferring(text, "orgs", "members", &mut |org, c| raw.read_org(org, c))?;
    let doc = DirectoryDoc::from_json(&tree, &Path::Root).ok()?;
    drop(tree);
    build_with(doc, Source::Text(raw)).ok()
}

/// A member as read from the text: [`MemberDoc`]'s fields, its strings
/// borrowed from the text (owned only when they hold escapes).
struct TextMember<'s> {
    id: Cow<'s, str>,
    user_id: Option<Cow<'s, str>>,
    email: Cow<'s, str>,
    org_role: Cow<'s, str>,
    status: MemberStatus,
    /// Its (workspace id, role id) pairs in [`TextMembers::workspaces`],
    /// sorted by workspace id.
    workspaces: (usize, usize),
}

/// Each org's members read from the text, by the org's position.
#[derive(Default)]
struct TextMembers<'s> {
    orgs: Vec<Option<Vec<TextMember<'s>>>>,
    /// Every member's workspace pairs, one after the other.
    workspaces: Vec<(Cow<'s, str>, Cow<'s, str>)>,
}

impl<'s> TextMembers<'s> {
    /// Org `org`'s `members` array, if [`MemberDoc`]'s reader would accept
    /// every member (`None` whenever it might not).
    fn read_org(&mut self, org: usize, c: &mut Cursor<'s>) -> Option<()> {
        if self.orgs.len() <= org {
            self.orgs.resize_with(org + 1, || None);
        }
        // A second `members` in one org: the reference reader names it.
        if self.orgs.get(org)?.is_some() {
            return None;
        }
        let mut members = Vec::new();
        let pool = &mut self.workspaces;
        c.array(|c| {
            members.push(read_text_member(c, pool)?);
            Some(())
        })?;
        *self.orgs.get_mut(org)? = Some(members);
        Some(())
    }
}

/// Fills an empty slot (`None` when the field came before: a duplicate).
fn once<T>(slot: &mut Option<T>, v: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(v);
    Some(())
}

// `read_text_member` reads every field of `MemberDoc`: a new field needs a line there.
const _: () = assert!(MemberDoc::FIELDS.len() == 6);

/// One member object, read as strictly as [`MemberDoc`]'s reader reads it
/// (unknown, duplicate or missing fields and wrong types: `None`).
fn read_text_member<'s>(c: &mut Cursor<'s>, pool: &mut Vec<(Cow<'s, str>, Cow<'s, str>)>) -> Option<TextMember<'s>> {
    let (mut id, mut user_id, mut email, mut org_role, mut status, mut workspaces) =
        (None, None, None, None, None, None);
    c.object(|c, key| match key.as_ref() {
        "id" => once(&mut id, c.string()?),
        "userId" => once(&mut user_id, c.string_or_null()?),
        "email" => once(&mut email, c.string()?),
        "orgRole" => once(&mut org_role, c.string()?),
        "status" => {
            let name = c.string()?;
            once(&mut status, MemberStatus::ALL.iter().copied().find(|s| s.as_str() == name)?)
        }
        "workspaces" => {
            let start = pool.len();
            c.object(|c, ws| {
                pool.push((ws, c.string()?));
                Some(())
            })?;
            let pairs = pool.get_mut(start..)?;
            pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            if pairs.windows(2).any(|w| w.first().map(|x| &x.0) == w.get(1).map(|x| &x.0)) {
                return None;
            }
            once(&mut workspaces, (start, pool.len()))
        }
        _ => None,
    })?;
    Some(TextMember {
        id: id?,
        user_id: user_id.flatten(),
        email: email?,
        org_role: org_role?,
        status: status.unwrap_or_default(),
        workspaces: workspaces.unwrap_or((0, 0)),
    })
}

/// The first member `key` of an object.
fn field_mut<'v, 's>(v: &'v mut Json<'s>, key: &str) -> Option<&'v mut Json<'s>> {
    match v {
        Json::Object(members) => members.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Each org's `members` value (by the org's position), taken out of the
/// tree with an empty array left in its place.
fn take_members<'s>(tree: &mut Json<'s>) -> Vec<Option<Json<'s>>> {
    let Some(Json::Array(orgs)) = field_mut(tree, "orgs") else { return Vec::new() };
    orgs.iter_mut().map(|o| field_mut(o, "members").map(|m| std::mem::replace(m, Json::Array(Vec::new())))).collect()
}

/// Undoes [`take_members`].
fn put_back<'s>(tree: &mut Json<'s>, taken: Vec<Option<Json<'s>>>) {
    if let Some(Json::Array(orgs)) = field_mut(tree, "orgs") {
        for (o, m) in orgs.iter_mut().zip(taken) {
            if let (Some(slot), Some(m)) = (field_mut(o, "members"), m) {
                *slot = m;
            }
        }
    }
}

/// Where the members come from: the document, or (then the document's own
/// are empty) each org's `members` taken out of the parsed tree, or read
/// from the text.
enum Source<'t, 's> {
    Docs,
    Trees(&'t [Option<Json<'s>>]),
    Text(TextMembers<'s>),
}

fn build_with(doc: DirectoryDoc, mut from: Source<'_, '_>) -> Result<Result<Directory, DirectoryError>, Unreadable> {
    let mut issues = Issues(Vec::new());
    let mut dir = Directory {
        orgs: Vec::with_capacity(doc.orgs.len()),
        org_by_id: Map::default(),
        default_org: None,
        user_slots: Vec::new(),
        user_by_id: IdIndex::default(),
        user_by_email: IdIndex::default(),
        listed_users: Vec::with_capacity(doc.users.len()),
        workspace_by_id: Map::default(),
        workspace_list: Vec::new(),
        service_keys: Map::default(),
        pats: Map::default(),
    };

    let mut users = UserEntries::default();
    for (i, u) in doc.users.into_iter().enumerate() {
        if u.id.is_empty() {
            cold(|| issues.add(format!("users[{i}].id"), "must not be empty"));
        }
        if !is_valid_email(&u.email) {
            cold(|| issues.add(format!("users[{i}].email"), not_an_email(&u.email)));
        }
        let email = normalize_email(&u.email);
        users.add(&u.id, &email);
        dir.listed_users.push((u.id, email));
    }

    for (oi, o) in doc.orgs.into_iter().enumerate() {
        let source = match &mut from {
            Source::Docs => Members::Docs,
            Source::Trees(t) => match t.get(oi) {
                None | Some(None) => Members::Tree(&[]),
                Some(Some(Json::Array(items))) => Members::Tree(items),
                Some(Some(_)) => return Err(Unreadable),
            },
            Source::Text(TextMembers { orgs, workspaces }) => {
                Members::Text(orgs.get_mut(oi).and_then(Option::take).unwrap_or_default(), workspaces)
            }
        };
        let org = build_org(&mut dir, &mut issues, &mut users, oi, o, source)?;
        if org.id.is_empty() {
            cold(|| issues.add(format!("orgs[{oi}].id"), "must not be empty"));
        } else if dir.org_by_id.insert(org.id.clone(), oi).is_some() {
            cold(|| issues.add(format!("orgs[{oi}].id"), format!("duplicate organization id `{}`", org.id)));
        }
        dir.orgs.push(org);
    }

    // The document's members are indexed one by one: the reference the
    // indexes built at once are held to (tests/directory_reader.rs).
    match from {
        Source::Docs => index_users_one_by_one(&mut dir, &mut issues),
        Source::Trees(_) | Source::Text(_) => index_users(&mut dir, &mut issues, users),
    }

    if let Some(d) = &doc.default_org_id {
        match dir.org_by_id.get(d).copied() {
            None => cold(|| issues.add("defaultOrgId", format!("unknown organization `{d}`"))),
            Some(i) => {
                if dir.orgs.get(i).is_some_and(|o| o.personal) {
                    cold(|| {
                        issues.add(
                            "defaultOrgId",
                            format!("`{d}` is a personal organization; the default organization must be shared"),
                        )
                    });
                }
                dir.default_org = Some(i);
            }
        }
    }

    if issues.0.is_empty() {
        Ok(Ok(dir))
    } else {
        Ok(Err(DirectoryError(issues.0)))
    }
}

/// Where an org's members come from.
enum Members<'t, 's> {
    /// The document's `members`.
    Docs,
    /// The items of its `members` array in the parsed tree.
    Tree(&'t [Json<'s>]),
    /// Read from the text, with [`TextMembers::workspaces`].
    Text(Vec<TextMember<'s>>, &'t [(Cow<'s, str>, Cow<'s, str>)]),
}

/// Every user's slot, listed users first, then members in order; a user
/// met again (a member of several orgs) has one slot per place.
fn user_slots(dir: &Directory) -> Vec<UserSlot> {
    let mut slots: Vec<UserSlot> = (0..dir.listed_users.len()).map(UserSlot::Listed).collect();
    for (oi, o) in dir.orgs.iter().enumerate() {
        slots.extend(
            o.members.iter().enumerate().filter(|(_, m)| m.user_id.is_some()).map(|(mi, _)| UserSlot::Member(oi, mi)),
        );
    }
    slots
}

/// Each user slot's id and e-mail entries ([`IdIndex::from_entries`]), in
/// the order of [`user_slots`], gathered as the users and members are built.
#[derive(Default)]
struct UserEntries {
    ids: Vec<Entry>,
    emails: Vec<Entry>,
}

impl UserEntries {
    fn add(&mut self, id: &str, email: &str) {
        let pos = self.ids.len();
        self.ids.push(Entry::new(id, pos));
        self.emails.push(Entry::new(email, pos));
    }
}

/// Indexes every user once (listed users, then members in order): a user
/// id has one e-mail everywhere, and an e-mail belongs to one user.
fn index_users(dir: &mut Directory, issues: &mut Issues, entries: UserEntries) {
    match users_at_once(dir, user_slots(dir), entries) {
        Some((kept, by_id, by_email)) => {
            dir.set_user_slots(kept);
            dir.user_by_id = by_id;
            dir.user_by_email = by_email;
        }
        None => index_users_one_by_one(dir, issues),
    }
}

/// [`index_users`] with each index built at once ([`IdIndex::from_entries`]),
/// when nothing is wrong: `None` when a user id comes back with another
/// e-mail or two users share one (then [`index_users_one_by_one`] reports
/// each at its place among the other issues).
fn users_at_once(
    d: &Directory,
    slots: Vec<UserSlot>,
    entries: UserEntries,
) -> Option<(Vec<UserSlot>, IdIndex, IdIndex)> {
    let UserEntries { ids, mut emails } = entries;
    if ids.len() != slots.len() {
        return None;
    }
    let (mut by_id, repeated) = IdIndex::from_entries(ids, &slots, |s| d.user_id_of(s));
    let mut kept = slots;
    if !repeated.is_empty() {
        let email = |i: usize| kept.get(i).and_then(|s| d.user_email_of(s));
        if repeated.iter().any(|&(later, first)| email(later) != email(first)) {
            return None;
        }
        // The same user again: only its first slot stays.
        let mut again = vec![false; kept.len()];
        for &(later, _) in &repeated {
            if let Some(a) = again.get_mut(later) {
                *a = true;
            }
        }
        let mut to = Vec::with_capacity(kept.len());
        let mut next = 0;
        for &a in &again {
            to.push(next);
            next += usize::from(!a);
        }
        by_id.renumber(|p| to.get(p).copied().unwrap_or(p));
        emails =
            emails.into_iter().zip(&again).filter(|(_, a)| !**a).enumerate().map(|(pos, (e, _))| e.at(pos)).collect();
        kept = kept.into_iter().zip(again).filter(|(_, a)| !a).map(|(s, _)| s).collect();
    }
    let (by_email, repeated_emails) = IdIndex::from_entries(emails, &kept, |s| d.user_email_of(s));
    repeated_emails.is_empty().then_some((kept, by_id, by_email))
}

/// [`index_users`] one slot after the other, reporting every problem.
fn index_users_one_by_one(dir: &mut Directory, issues: &mut Issues) {
    let slots = user_slots(dir);
    let mut by_id = IdIndex::with_capacity(slots.len());
    let mut by_email = IdIndex::with_capacity(slots.len());
    let mut kept: Vec<UserSlot> = Vec::with_capacity(slots.len());
    let d: &Directory = dir;
    for slot in slots {
        let (Some(id), Some(email)) = (d.user_id_of(&slot), d.user_email_of(&slot)) else { continue };
        let path = || match slot {
            UserSlot::Listed(i) => format!("users[{i}].email"),
            UserSlot::Member(o, m) => format!("orgs[{o}].members[{m}].email"),
        };
        // One probe per index: `insert` finds an earlier entry or adds this one.
        let pos = kept.len();
        match by_id.insert(&kept, |s| d.user_id_of(s), id, pos) {
            Some(k) => {
                let known = kept.get(k).and_then(|s| d.user_email_of(s)).unwrap_or_default();
                if known != email {
                    issues.add(path(), format!("user `{id}` already has e-mail `{known}`, not `{email}`"));
                }
            }
            None => {
                let owner = by_email.insert(&kept, |s| d.user_email_of(s), email, pos).and_then(|k| kept.get(k));
                if let Some(other) = owner.and_then(|s| d.user_id_of(s)) {
                    issues.add(path(), format!("e-mail `{email}` already belongs to user `{other}`"));
                }
                kept.push(slot);
            }
        }
    }
    dir.set_user_slots(kept);
    dir.user_by_id = by_id;
    dir.user_by_email = by_email;
}

fn build_org(
    dir: &mut Directory,
    issues: &mut Issues,
    users: &mut UserEntries,
    oi: usize,
    mut o: OrgDoc,
    source: Members<'_, '_>,
) -> Result<Org, Unreadable> {
    let p = indexed("", "orgs", oi);
    let members = std::mem::take(&mut o.members);
    let member_count = match &source {
        Members::Docs => members.len(),
        Members::Tree(items) => items.len(),
        Members::Text(list, _) => list.len(),
    };
    let mut org = Org {
        id: std::mem::take(&mut o.id),
        name: std::mem::take(&mut o.name),
        personal: o.personal,
        plan: o.plan,
        rbac: o.rbac,
        settings: org_settings(issues, &p, &o.settings),
        sso: SsoDefaults {
            workspaces: Vec::new(),
            role: RoleRef::Builtin(BuiltinWorkspaceRole::Editor),
            groups_sync_enabled: o.sso.groups_sync.enabled,
            groups_required: o.sso.groups_sync.required,
            groups_claim: o.sso.groups_sync.claim.clone(),
        },
        workspaces: Vec::with_capacity(o.workspaces.len()),
        ws_by_id: Map::default(),
        roles: Vec::new(),
        role_by_id: Map::default(),
        restricted_builtin: Vec::new(),
        members: Vec::with_capacity(member_count),
        member_by_id: IdIndex::default(),
        member_by_user: IdIndex::default(),
        member_by_email: IdIndex::default(),
        groups: std::mem::take(&mut o.groups),
        service_keys: Vec::new(),
        pats: Vec::new(),
    };

    // Plan shape.
    if o.workspaces.is_empty() {
        cold(|| issues.add(format!("{p}.workspaces"), "an organization needs at least one workspace"));
    }
    let single = o.personal || o.plan == Plan::SingleWorkspace;
    if o.personal && o.plan != Plan::SingleWorkspace {
        cold(|| issues.add(format!("{p}.plan"), "a personal organization has the `singleWorkspace` plan"));
    }
    if single && o.workspaces.len() > 1 {
        cold(|| {
            issues.add(
                format!("{p}.workspaces"),
                format!("a single-workspace organization holds one workspace, found {}", o.workspaces.len()),
            )
        });
    }
    if o.personal && member_count > 1 {
        cold(|| issues.add(format!("{p}.members"), "a personal organization has exactly one member, its owner"));
    }

    // Workspaces (ids unique over the whole directory).
    for (wi, w) in o.workspaces.iter().enumerate() {
        let wp = |field: &str| format!("{p}.workspaces[{wi}].{field}");
        if w.id.is_empty() {
            cold(|| issues.add(wp("id"), "must not be empty"));
        }
        if w.name.trim().is_empty() {
            cold(|| issues.add(wp("name"), "must not be empty"));
        }
        dir.workspace_list.push((oi, wi));
        if dir.workspace_by_id.insert(w.id.clone(), dir.workspace_list.len() - 1).is_some() {
            cold(|| issues.add(wp("id"), format!("duplicate workspace id `{}`", w.id)));
        }
        if org.workspaces.iter().any(|x| x.name == w.name) {
            cold(|| issues.add(wp("name"), format!("duplicate workspace name `{}` in this organization", w.name)));
        }
        org.ws_by_id.insert(w.id.clone(), wi);
        org.workspaces.push(Workspace { id: w.id.clone(), name: w.name.clone() });
    }

    // Custom roles.
    if !o.roles.is_empty() && custom_roles_available(&org).is_err() {
        cold(|| issues.add(format!("{p}.roles"), "custom roles need workspace RBAC (`rbac: true`)"));
    }
    for (ri, r) in o.roles.iter().enumerate() {
        let rp = indexed(&p, ".roles", ri);
        let role = custom_role(issues, &org, &rp, r);
        if org.role_by_id.insert(r.id.clone(), ri).is_some() {
            cold(|| issues.add(format!("{rp}.id"), format!("duplicate role id `{}`", r.id)));
        }
        org.roles.push(role);
    }
    for (i, id) in o.restricted_roles.iter().enumerate() {
        match org.find_role(id) {
            Some(RoleRef::Builtin(b)) => org.restricted_builtin.push(b),
            Some(RoleRef::Custom(ci)) => {
                if let Some(c) = org.roles.get_mut(ci) {
                    c.restricted = true;
                }
            }
            None => cold(|| {
                issues.add(
                    format!("{p}.restrictedRoles[{i}]"),
                    format!("unknown role `{id}`; expected one of {}", org.role_ids()),
                )
            }),
        }
    }

    // SSO defaults.
    org.sso = sso_defaults(issues, &org, &p, &o.sso);

    // Members: moved (or read from the tree), not copied; paths are
    // formatted only for problems.
    match source {
        Members::Docs => {
            org.member_by_id = IdIndex::with_capacity(member_count);
            org.member_by_user = IdIndex::with_capacity(member_count);
            org.member_by_email = IdIndex::with_capacity(member_count);
            for (mi, m) in members.into_iter().enumerate() {
                let mp = |field: &str| format!("{p}.members[{mi}].{field}");
                if let Some(member) = build_member(issues, &org, &mp, m, o.personal) {
                    add_member(issues, &mut org, &mp, member);
                }
            }
        }
        Members::Tree(items) => {
            let mut keys = MemberKeys::with_capacity(member_count);
            let mut workspaces = Vec::new();
            for (mi, v) in items.iter().enumerate() {
                let mp = |field: &str| format!("{p}.members[{mi}].{field}");
                let fields = read_member(v, &mut workspaces).ok_or(Unreadable)?;
                if let Some(member) = member_from_fields(issues, &org, &mp, fields, o.personal) {
                    keys.add(users, &member, org.members.len());
                    org.members.push(member);
                }
            }
            keys.index(&mut org).ok_or(Unreadable)?;
        }
        Members::Text(list, pool) => {
            let mut keys = MemberKeys::with_capacity(member_count);
            let mut workspaces = Vec::new();
            for (mi, m) in list.into_iter().enumerate() {
                let mp = |field: &str| format!("{p}.members[{mi}].{field}");
                let fields = MemberFields {
                    id: m.id.into_owned(),
                    user_id: m.user_id.map(Cow::into_owned),
                    email: m.email.into_owned(),
                    org_role: &m.org_role,
                    status: m.status,
                    workspaces: {
                        let pairs = pool.get(m.workspaces.0..m.workspaces.1).unwrap_or_default();
                        workspaces.clear();
                        workspaces.extend(pairs.iter().map(|(w, r)| (w.as_ref(), r.as_ref())));
                        &workspaces
                    },
                };
                if let Some(member) = member_from_fields(issues, &org, &mp, fields, o.personal) {
                    keys.add(users, &member, org.members.len());
                    org.members.push(member);
                }
            }
            keys.index(&mut org).ok_or(Unreadable)?;
        }
    }

    // Service keys.
    for (ki, k) in o.service_keys.iter().enumerate() {
        let kp = indexed(&p, ".serviceKeys", ki);
        let key = service_key(issues, &org, &kp, k);
        let idx = org.service_keys.len();
        if dir.service_keys.insert(k.id.clone(), (oi, idx)).is_some() || dir.pats.contains_key(&k.id) {
            cold(|| issues.add(format!("{kp}.id"), format!("duplicate key id `{}`", k.id)));
        }
        org.service_keys.push(key);
    }

    // Personal access tokens.
    for (ti, t) in o.personal_access_tokens.iter().enumerate() {
        let tp = indexed(&p, ".personalAccessTokens", ti);
        let pat = personal_access_token(issues, &org, &tp, t);
        let idx = org.pats.len();
        if dir.pats.insert(t.id.clone(), (oi, idx)).is_some() || dir.service_keys.contains_key(&t.id) {
            cold(|| issues.add(format!("{tp}.id"), format!("duplicate key id `{}`", t.id)));
        }
        org.pats.push(pat);
    }

    Ok(org)
}

/// An org's member index entries ([`IdIndex::from_entries`]), gathered as
/// its members are built.
struct MemberKeys {
    ids: Vec<Entry>,
    users: Vec<Entry>,
    emails: Vec<Entry>,
}

impl MemberKeys {
    fn with_capacity(n: usize) -> MemberKeys {
        MemberKeys { ids: Vec::with_capacity(n), users: Vec::with_capacity(n), emails: Vec::with_capacity(n) }
    }

    /// The keys of `member`, to be at `pos`; its user's also in `users`.
    fn add(&mut self, users: &mut UserEntries, member: &Member, pos: usize) {
        self.ids.push(Entry::new(&member.id, pos));
        let email = Entry::new(&member.email, pos);
        self.emails.push(email);
        if let Some(u) = &member.user_id {
            let user = Entry::new(u, pos);
            self.users.push(user);
            users.ids.push(user.at(users.ids.len()));
            users.emails.push(email.at(users.emails.len()));
        }
    }

    /// Indexes all of an org's members at once: `None` when an id, a user
    /// or an e-mail repeats, so that the document is read the reference
    /// way, whose [`add_member`] reports each repeat in place.
    fn index(self, org: &mut Org) -> Option<()> {
        let (by_id, ids) = IdIndex::from_entries(self.ids, &org.members, |m| Some(m.id.as_str()));
        let (by_user, users) = IdIndex::from_entries(self.users, &org.members, |m| m.user_id.as_deref());
        let (by_email, emails) = IdIndex::from_entries(self.emails, &org.members, |m| Some(m.email.as_str()));
        if !(ids.is_empty() && users.is_empty() && emails.is_empty()) {
            return None;
        }
        (org.member_by_id, org.member_by_user, org.member_by_email) = (by_id, by_user, by_email);
        Some(())
    }
}

/// Indexes a new member of `org` (unique id, user and e-mail in the org).
fn add_member(issues: &mut Issues, org: &mut Org, mp: &dyn Fn(&str) -> String, member: Member) {
    let idx = org.members.len();
    if org.member_by_id.insert(&org.members, |x| Some(x.id.as_str()), &member.id, idx).is_some() {
        issues.add(mp("id"), format!("duplicate member id `{}`", member.id));
    }
    if let Some(u) = &member.user_id {
        if org.member_by_user.insert(&org.members, |x| x.user_id.as_deref(), u, idx).is_some() {
            issues.add(mp("userId"), format!("user `{u}` is already a member of this organization"));
        }
    }
    if org.member_by_email.insert(&org.members, |x| Some(x.email.as_str()), &member.email, idx).is_some() {
        issues.add(mp("email"), format!("e-mail `{}` is already a member of this organization", member.email));
    }
    org.members.push(member);
}

/// A member's fields as the builder needs them: from a [`MemberDoc`], or
/// read straight from the parsed tree by [`read_member`].
pub(super) struct MemberFields<'a> {
    id: String,
    user_id: Option<String>,
    email: String,
    org_role: &'a str,
    status: MemberStatus,
    /// (workspace id, role id), sorted by workspace id (as a `BTreeMap` iterates).
    workspaces: &'a [(&'a str, &'a str)],
}

/// A member object of the tree, if [`MemberDoc`]'s reader would accept it
/// (`None` whenever it might not: the caller then reads the document the
/// reference way, for its error). `workspaces` is scratch space.
fn read_member<'t, 's>(v: &'t Json<'_>, workspaces: &'s mut Vec<(&'t str, &'t str)>) -> Option<MemberFields<'s>> {
    let f = Fields::of(v, &Path::Root, "an object", MemberDoc::FIELDS).ok()?;
    let text = |key: &str| match f.get(key) {
        Some(Json::String(s)) => Some(s.as_ref()),
        _ => None,
    };
    let user_id = match f.get("userId") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(s.to_string()),
        Some(_) => return None,
    };
    let status = match f.get("status") {
        None => MemberStatus::default(),
        Some(s) => MemberStatus::from_json(s, &Path::Root).ok()?,
    };
    workspaces.clear();
    match f.get("workspaces") {
        None => {}
        Some(Json::Object(pairs)) => {
            for (ws, role) in pairs {
                workspaces.push((ws.as_ref(), expect_str(role, &Path::Root).ok()?));
            }
            workspaces.sort_unstable_by(|a, b| a.0.cmp(b.0));
            if workspaces.windows(2).any(|w| w.first().map(|x| x.0) == w.get(1).map(|x| x.0)) {
                return None;
            }
        }
        Some(_) => return None,
    }
    Some(MemberFields {
        id: text("id")?.to_owned(),
        user_id,
        email: text("email")?.to_owned(),
        org_role: text("orgRole")?,
        status,
        workspaces,
    })
}

/// An org's settings; a bad group separator is reported at `{p}.settings.groupSeparator`.
pub(super) fn org_settings(issues: &mut Issues, p: &str, s: &OrgSettingsDoc) -> OrgSettings {
    OrgSettings {
        invites_enabled: s.invites_enabled,
        jit_provisioning_enabled: s.jit_provisioning_enabled,
        pat_creation_disabled: s.pat_creation_disabled,
        public_sharing_disabled: s.public_sharing_disabled,
        group_separator: parse_separator(issues, p, &s.group_separator),
        group_prefix: s.group_prefix.clone(),
    }
}

/// A custom role's own fields (its id's uniqueness is the caller's).
pub(super) fn custom_role(issues: &mut Issues, org: &Org, rp: &str, r: &CustomRoleDoc) -> CustomRole {
    if r.id.is_empty() {
        cold(|| issues.add(format!("{rp}.id"), "must not be empty"));
    }
    if BuiltinWorkspaceRole::from_id(&r.id).is_some() || OrgRole::from_id(&r.id).is_some() {
        cold(|| issues.add(format!("{rp}.id"), format!("`{}` is a built-in role id", r.id)));
    }
    if BuiltinWorkspaceRole::ALL.iter().any(|b| b.display_name() == r.name) {
        cold(|| issues.add(format!("{rp}.name"), format!("`{}` is the name of a built-in role", r.name)));
    }
    if org.roles.iter().any(|x| x.name == r.name) {
        cold(|| issues.add(format!("{rp}.name"), format!("duplicate role name `{}`", r.name)));
    }
    let mut perms = PermissionSet::EMPTY;
    for (pi, s) in r.permissions.iter().enumerate() {
        match Permission::parse(s) {
            Some(Permission::Workspace(wp)) => perms.insert(wp),
            Some(Permission::Org(_)) => issues.add(
                format!("{rp}.permissions[{pi}]"),
                format!("`{s}` is an organization permission; custom roles hold workspace permissions only"),
            ),
            None => cold(|| issues.add(format!("{rp}.permissions[{pi}]"), unknown_permission(s))),
        }
    }
    CustomRole { id: r.id.clone(), name: r.name.clone(), permissions: perms, restricted: false }
}

/// The SSO defaults of an org whose workspaces and roles are known.
pub(super) fn sso_defaults(issues: &mut Issues, org: &Org, p: &str, s: &SsoDoc) -> SsoDefaults {
    let mut sso = SsoDefaults {
        workspaces: Vec::new(),
        role: RoleRef::Builtin(BuiltinWorkspaceRole::Editor),
        groups_sync_enabled: s.groups_sync.enabled,
        groups_required: s.groups_sync.required,
        groups_claim: s.groups_sync.claim.clone(),
    };
    match &s.default_workspace_ids {
        None => sso.workspaces = if org.workspaces.is_empty() { vec![] } else { vec![0] },
        Some(ids) => {
            for (i, id) in ids.iter().enumerate() {
                match org.ws_by_id.get(id) {
                    Some(w) => sso.workspaces.push(*w),
                    None => issues.add(
                        format!("{p}.sso.defaultWorkspaceIds[{i}]"),
                        format!("unknown workspace `{id}` in this organization"),
                    ),
                }
            }
        }
    }
    if let Some(r) = &s.default_workspace_role {
        match resolve_assignable(org, r) {
            Ok(rr) => sso.role = rr,
            Err(m) => cold(|| issues.add(format!("{p}.sso.defaultWorkspaceRole"), m)),
        }
    }
    sso
}

/// A service key's own fields (its id's uniqueness is the caller's).
pub(super) fn service_key(issues: &mut Issues, org: &Org, kp: &str, k: &ServiceKeyDoc) -> ServiceKey {
    if k.id.is_empty() {
        cold(|| issues.add(format!("{kp}.id"), "must not be empty"));
    }
    if k.org_scoped && !k.workspace_ids.is_empty() {
        issues
            .add(format!("{kp}.workspaceIds"), "an org-scoped key covers every workspace; leave `workspaceIds` empty");
    }
    if !k.org_scoped && k.workspace_ids.is_empty() {
        issues.add(
            format!("{kp}.workspaceIds"),
            "a workspace-scoped key needs at least one workspace (or set `orgScoped: true`)",
        );
    }
    let mut wss = Vec::new();
    for (i, id) in k.workspace_ids.iter().enumerate() {
        match org.ws_by_id.get(id) {
            Some(w) => wss.push(*w),
            None => {
                issues.add(format!("{kp}.workspaceIds[{i}]"), format!("unknown workspace `{id}` in this organization"))
            }
        }
    }
    let default_org_role = service_key_default_org_role(k.org_scoped);
    let org_role = match &k.org_role {
        None => default_org_role,
        Some(r) => OrgRole::from_id(r).unwrap_or_else(|| {
            cold(|| {
                issues
                    .add(format!("{kp}.orgRole"), format!("unknown org role `{r}`; expected one of {}", org_role_ids()))
            });
            default_org_role
        }),
    };
    let workspace_role = match &k.workspace_role {
        None => RoleRef::Builtin(BuiltinWorkspaceRole::Admin),
        Some(r) => resolve_assignable(org, r).unwrap_or_else(|m| {
            cold(|| issues.add(format!("{kp}.workspaceRole"), m));
            RoleRef::Builtin(BuiltinWorkspaceRole::Admin)
        }),
    };
    ServiceKey { org_scoped: k.org_scoped, workspaces: wss, org_role, workspace_role }
}

/// A personal access token's own fields (its id's uniqueness is the caller's).
pub(super) fn personal_access_token(issues: &mut Issues, org: &Org, tp: &str, t: &PatDoc) -> Pat {
    if t.id.is_empty() {
        cold(|| issues.add(format!("{tp}.id"), "must not be empty"));
    }
    if t.user_id.is_empty() {
        cold(|| issues.add(format!("{tp}.userId"), "must not be empty"));
    }
    let workspace = match &t.workspace_id {
        None => None,
        Some(id) => match org.ws_by_id.get(id) {
            Some(w) => Some(*w),
            None => {
                cold(|| {
                    issues.add(format!("{tp}.workspaceId"), format!("unknown workspace `{id}` in this organization"))
                });
                None
            }
        },
    };
    Pat { user_id: t.user_id.clone(), workspace }
}

pub(super) fn build_member(
    issues: &mut Issues,
    org: &Org,
    mp: &dyn Fn(&str) -> String,
    m: MemberDoc,
    personal: bool,
) -> Option<Member> {
    let MemberDoc { id, user_id, email, org_role, status, workspaces } = m;
    let pairs: Vec<(&str, &str)> = workspaces.iter().map(|(w, r)| (w.as_str(), r.as_str())).collect();
    let fields = MemberFields { id, user_id, email, org_role: &org_role, status, workspaces: &pairs };
    member_from_fields(issues, org, mp, fields, personal)
}

fn member_from_fields(
    issues: &mut Issues,
    org: &Org,
    mp: &dyn Fn(&str) -> String,
    m: MemberFields<'_>,
    personal: bool,
) -> Option<Member> {
    if m.id.is_empty() {
        cold(|| issues.add(mp("id"), "must not be empty"));
    }
    if !is_valid_email(&m.email) {
        cold(|| issues.add(mp("email"), not_an_email(&m.email)));
    }
    let org_role = match OrgRole::from_id(m.org_role) {
        Some(r) => r,
        None => {
            cold(|| {
                issues.add(mp("orgRole"), format!("unknown role `{}`; expected one of {}", m.org_role, org_role_ids()))
            });
            return None;
        }
    };
    if org_role_in_plan(org, org_role).is_err() {
        issues.add(
            mp("orgRole"),
            format!("`{}` is not available on a single-workspace plan; expected `ORGANIZATION_ADMIN`", m.org_role),
        );
    }
    match (&m.user_id, m.status) {
        (Some(u), _) if u.is_empty() => issues.add(mp("userId"), "must not be empty"),
        (None, MemberStatus::Active) => issues.add(mp("userId"), "an active member needs a `userId`"),
        _ => {}
    }
    if personal && m.status == MemberStatus::Pending {
        cold(|| issues.add(mp("status"), "personal organizations have no invites, so no pending members"));
    }
    let mut workspaces = Vec::with_capacity(m.workspaces.len());
    for &(ws_id, role_id) in m.workspaces {
        let wp = || mp(&format!("workspaces.{ws_id}"));
        let Some(wi) = org.ws_by_id.get(ws_id) else {
            cold(|| issues.add(wp(), format!("unknown workspace `{ws_id}` in this organization")));
            continue;
        };
        match resolve_assignable(org, role_id) {
            Ok(r) => workspaces.push((*wi, r)),
            Err(msg) => cold(|| issues.add(wp(), msg)),
        }
    }
    workspaces.sort_unstable_by_key(|(w, _)| *w);
    let email = if m.email.bytes().any(|b| b.is_ascii_uppercase() || b.is_ascii_whitespace() || !b.is_ascii()) {
        normalize_email(&m.email)
    } else {
        m.email
    };
    Some(Member { id: m.id, user_id: m.user_id, email, org_role, status: m.status, workspaces })
}

/// A workspace role id that may be held in this org: without RBAC only
/// `WORKSPACE_ADMIN` (DOMAIN §1).
pub(super) fn resolve_assignable(org: &Org, id: &str) -> Result<RoleRef, String> {
    let Some(r) = org.find_role(id) else {
        return Err(format!("unknown role `{id}`; expected one of {}", org.role_ids()));
    };
    if rbac_allows_role(org, r).is_err() {
        return Err(format!(
            "`{id}` needs workspace RBAC (`rbac: true`); without it every workspace member is `WORKSPACE_ADMIN`"
        ));
    }
    Ok(r)
}

pub(super) fn parse_separator(issues: &mut Issues, p: &str, s: &str) -> char {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if SEPARATORS.contains(&c) => c,
        _ => {
            issues.add(
                format!("{p}.settings.groupSeparator"),
                format!("`{s}` is not a group separator; expected one of `:`, `-`, `_`, ` ` (space), `&`"),
            );
            ':'
        }
    }
}

pub(crate) fn unknown_permission(s: &str) -> String {
    match Permission::suggest(s) {
        Some(sug) => format!("unknown permission `{s}`; did you mean `{sug}`?"),
        None => format!("unknown permission `{s}`"),
    }
}
