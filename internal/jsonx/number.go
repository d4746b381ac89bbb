package jsonx

import (
	"encoding/json"
	"strconv"
)

// Number returns the value of the number literal lit as encoding/json
// reads it into an interface{} (a float64) when that float64 encodes back
// to the same number, and as a json.Number holding lit otherwise: an
// integer above 2^53 such as 9007199254740993, a value out of float64's
// range such as 1e400, or more digits than float64 keeps.
func Number(lit []byte) any {
	if n, ok := smallInt(lit); ok && n != 0 {
		return float64(n)
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil || !sameDecimal(lit, strconv.AppendFloat(make([]byte, 0, 32), f, 'e', -1, 64)) {
		return json.Number(lit)
	}
	return f
}

// sameDecimal reports whether the number literals a and b have the same
// decimal value.
func sameDecimal(a, b []byte) bool {
	an, ad, ae := decimal(a)
	bn, bd, be := decimal(b)
	if len(ad) == 0 || len(bd) == 0 {
		return len(ad) == len(bd) && an == bn
	}
	return an == bn && ae == be && string(ad) == string(bd)
}

// decimal splits a valid number literal into its sign, its significant
// digits without leading or trailing zeros (none for zero), and the
// exponent e with value = 0.digits × 10^e. Exponents beyond ±2^30 are
// clamped, which only makes out-of-range values compare unequal.
func decimal(s []byte) (neg bool, digits []byte, exp int) {
	if len(s) > 0 && s[0] == '-' {
		neg = true
		s = s[1:]
	}
	i := 0
	var mant []byte
	point := -1
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			point = len(mant)
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		mant = append(mant, c)
	}
	if point < 0 {
		point = len(mant)
	}
	e := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		for ; i < len(s); i++ {
			if e < 1<<30 {
				e = e*10 + int(s[i]-'0')
			}
		}
		if eneg {
			e = -e
		}
	}
	// Drop leading zeros (each moves the point left) and trailing zeros.
	lead := 0
	for lead < len(mant) && mant[lead] == '0' {
		lead++
	}
	mant = mant[lead:]
	point -= lead
	for len(mant) > 0 && mant[len(mant)-1] == '0' {
		mant = mant[:len(mant)-1]
	}
	return neg, mant, point + e
}
