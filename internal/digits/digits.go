// Package digits writes whole numbers the way divsim's messages, tables
// and workbooks show them, with a comma between each group of three
// digits: one rule for every place a count or an amount is written out.
package digits

// Group puts a comma between each group of three digits of a whole
// number written in decimal, with an optional leading minus sign:
// "-1234567" → "-1,234,567".
func Group(number string) string {
	sign := ""
	if len(number) > 0 && number[0] == '-' {
		sign, number = "-", number[1:]
	}
	out := make([]byte, 0, len(number)+len(number)/3)
	for i := range len(number) {
		if i > 0 && (len(number)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, number[i])
	}
	return sign + string(out)
}
