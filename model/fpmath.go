package model

import "math"

// Log1p is ln(1 + x), accurate for small x, computed from math.Log alone
// (Goldberg's method: ln(u)·x/(u − 1) with u = 1 + x rounded). The standard
// library's math.Log1p is Go code that the compiler may fuse into
// multiply-adds (on arm64, or built with GOAMD64=v3), which changes its
// last bits between builds; every parameter divsim derives from it would
// follow. math.Log is assembly on amd64, the same in every build.
func Log1p(x float64) float64 {
	u := 1 + x
	switch {
	case u == 1:
		return x
	case math.IsInf(u, 1):
		return u
	}
	return float64(math.Log(u)*x) / (u - 1)
}

// Expm1 is e^x − 1, accurate for small x, computed from math.Exp and
// math.Log alone (Kahan's method: (u − 1)·x/ln(u) with u = e^x rounded),
// for the same reason as Log1p.
func Expm1(x float64) float64 {
	u := math.Exp(x)
	switch {
	case u == 1:
		return x
	case u-1 == -1:
		return -1
	case math.IsInf(u, 1):
		return u
	}
	return float64((u-1)*x) / math.Log(u)
}
