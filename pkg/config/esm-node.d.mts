export * from "./node/orgpolicy_config.js";
