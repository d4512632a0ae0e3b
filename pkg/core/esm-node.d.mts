export * from "./node/orgpolicy.js";
