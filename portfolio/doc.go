// Package portfolio holds the rules of portfolio arithmetic, each once:
// target weights built from sleeves, rebalancing policies, band checks,
// trades and costs on the engine's positions, and each portfolio's yearly
// Schedule (the year's targets, bands, glide path and payments, with the
// spending rules) decided from the path's state at the year's start.
//
// The rules work on plain slices and are pure: the functions the engine
// calls in its step loop allocate nothing (a Schedule is built once per
// portfolio, before the paths), and tests check each rule on hand-computed
// cases without the engine.
//
// # Adding a spending rule
//
// A rule's arithmetic is a case of Spending.withdrawal (and, for a share
// of P_y fixed by the year alone, of Spending.factors); what the rest of
// divsim needs to know of it is its row of RuleTraits (rules.go), which
// validation, sweeps, solve, the engine and the reports ask instead of its
// name. A new rule touches:
//
//  1. portfolio: its SpendingRule constant and spelling (schedule.go), its
//     parameters on Spending, its traits row and its withdrawal case, with
//     hand-computed cases in TestSpendingRules; TestTraitsMatchTheRules
//     checks the traits against what withdrawal does.
//  2. configs: its parameter block on Spending (spending.go), if it has
//     one, with each parameter's check and default; the messages that list
//     rules build their lists from the traits.
//  3. reports: its words, one entry of spendingRuleWords (rulewords.go):
//     the sentence that states it with its parameters, its Glossary term
//     and its formula; TestEveryRuleIsDescribed fails until it has them.
//     solve states a rule it varies by the same sentence.
//  4. batch: its parameters in flattenSpending (diff.go), so that compare
//     shows them; TestEveryRuleIsCompared fails until it does.
//  5. docs/SCENARIO.md and docs/scenario-format.md: its formula and keys.
package portfolio
