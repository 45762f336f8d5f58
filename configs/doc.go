// Package configs reads scenario files of format 1 (YAML, TOML or JSON),
// checks every rule of the scenario format at once, and resolves a valid
// file into a model.Scenario.
//
// The flow is Load (bytes → File, strictly: unknown keys and wrong types are
// problems naming the key) then Resolve (File → model.Scenario, or every
// broken rule as Problems). Example scenarios ship embedded; see Example.
package configs
