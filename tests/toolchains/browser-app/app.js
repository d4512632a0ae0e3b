// A browser app as a bundler user writes it: the web build, init() fetching
// the .wasm the bundler placed, decisions written into the page.
import init, { PolicyEngine } from "orgpolicy";

const out = document.getElementById("out");
try {
  await init();
  const engine = new PolicyEngine({}, await (await fetch("./directory.json")).text());
  const ask = (u) => engine.can(u, "org-default", "ws-production", "runs:create");
  out.textContent = JSON.stringify({ bob: ask("user-bob"), victor: ask("user-victor") });
} catch (e) {
  out.textContent = `error: ${e}`;
}
