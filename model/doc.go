// Package model is the resolved, validated scenario: the only input the
// simulation engine accepts.
//
// A model.Scenario is built by configs.Resolve after every rule of the
// scenario format has been checked, so nothing here re-validates: indices are
// in range, probabilities sum to one, matrices are positive semidefinite and
// every joint regime state has a positive gross expected return. Treat a
// Scenario as immutable once built; the engine shares it across goroutines.
//
// The numerical pieces (matrix exponential of a chain's generator, stationary
// distribution, correlation factors, log-normal and Student t step
// parameters, the long-run covariance Σ and the risk measures built on it)
// are plain functions so they can be tested against closed forms.
package model
