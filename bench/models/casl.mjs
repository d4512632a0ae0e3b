// CASL (@casl/ability 7): one MongoAbility per user (the usual CASL pattern,
// `defineAbilityFor(user)`), built once and cached by user id. Subjects are
// the org and workspace objects the app would have at hand, tagged with
// `subject()` once up front.
import { AbilityBuilder, createMongoAbility, subject } from "@casl/ability";
import { normalize, ORG_ROLE_PERMISSIONS, WORKSPACE_PERMISSIONS } from "../scenario.mjs";

export const name = "CASL";

export function create(doc) {
  const abilities = new Map();
  const subjects = new Map(); // org or workspace id → subject object
  const empty = createMongoAbility([]);
  for (const org of normalize(doc)) {
    subjects.set(org.id, subject("Org", { id: org.id }));
    for (const w of org.workspaces) subjects.set(w, subject("Workspace", { id: w, orgId: org.id }));
    for (const m of org.members) {
      if (m.userId === null) continue;
      const { can, rules } = new AbilityBuilder(createMongoAbility);
      const prior = abilities.get(m.userId);
      if (prior) rules.push(...prior.rules); // member of several orgs
      if (m.active) {
        can(ORG_ROLE_PERMISSIONS[m.orgRole], "Org", { id: org.id });
        if (m.orgRole === "ORGANIZATION_ADMIN") {
          can(WORKSPACE_PERMISSIONS, "Workspace", { orgId: org.id });
        } else {
          for (const [ws, role] of m.workspaces) can(org.roles[role], "Workspace", { id: ws });
        }
      }
      abilities.set(m.userId, createMongoAbility(rules));
    }
  }
  return {
    can(user, org, ws, permission) {
      return (abilities.get(user) ?? empty).can(permission, subjects.get(ws ?? org));
    },
  };
}
