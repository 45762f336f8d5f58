package sim

// Kernels names the arithmetic this machine runs: "AVX2 kernels" (the
// numeric primitives four values at a time) or "plain Go"; results are the
// same.
func Kernels() string {
	if haveAVX2 {
		return "AVX2 kernels"
	}
	return "plain Go"
}
