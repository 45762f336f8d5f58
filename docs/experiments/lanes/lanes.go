package lanes

// growLanes is growScalar for four paths at once, one per lane: units
// [position][lane], gross [step][asset][lane], flows and rf [step][lane],
// out [step][ret, excess, value][lane]; value and fos (fee over the units'
// sum) carry each lane's state in and out.
func growLanes(units, gross, flows, rf, out []float64, assets []int, n int, fee, value *[4]float64, fos *[4]float64)

// growScalar is the engine's holdings loop (sim's grow) for one path.
func growScalar(units, gross, flows, rf, ret, excess, values []float64, assets []int, n int, fee, value float64, sum float64) float64 {
	s := sum
	feeOverSum, scale := fee/s, 0.0
	for i, flow := range flows {
		start := value + flow
		if start <= 0 {
			return 0
		}
		scale = start * feeOverSum
		g := gross[i*n : (i+1)*n]
		s = 0
		for q, a := range assets {
			u := units[q] * g[a]
			units[q] = u
			s += u
		}
		value = scale * s
		r := s*feeOverSum - 1
		feeOverSum = fee / s
		ret[i] = r
		excess[i] = r - rf[i]
		values[i] = value
	}
	return value
}

// growAsm is growScalar in scalar assembly, every figure in a register.
func growAsm(units, gross, flows, rf, ret, excess, values []float64, assets []int, n int, fee float64, value, fos *float64) (start float64, i int)
