// Registers the `estimate` section of optimigrate.config.json with the config loader (see profile.ts for its shape).
import { defineConfigSection, type OptimigrateConfig } from "../config.js";
import { UsageError } from "../errors.js";
import { checkEstimateConfig, type EstimateConfig } from "./profile.js";

defineConfigSection("estimate", (value, where) => {
  const problem = checkEstimateConfig(value);
  if (problem) throw new UsageError(`${where}: ${problem}`);
});

export function estimateConfigOf(config: OptimigrateConfig): EstimateConfig | undefined {
  return config.estimate as EstimateConfig | undefined;
}
