// Package jsonx is the JSON reader behind the generated types of package
// gen: one validating pass over the input, with no intermediate map, that
// keeps every number exactly as it was sent.
//
// It follows encoding/json wherever the two could differ: the same inputs
// are accepted and refused, syntax errors are the *json.SyntaxError
// encoding/json returns (same message and offset), a value of the wrong
// kind is a *json.UnmarshalTypeError and decoding goes on, object keys
// match field names exactly first and then case-insensitively, the last of
// duplicate keys wins, and strings are unquoted alike (invalid UTF-8 and
// lone surrogates become U+FFFD). The one deliberate difference is in
// values of type interface{}: a number that float64 cannot hold exactly
// (an integer above 2^53, 1e400, 0.1000000000000000000001) becomes a
// json.Number holding its literal instead of a rounded float64, so that
// encoding it again gives back what was read.
//
// The fuzz targets of this package compare it with encoding/json.
package jsonx

import (
	"encoding/json"
	"fmt"
	"reflect"
	"unicode/utf16"
	"unicode/utf8"
)

// Decoder reads one JSON value from a byte slice. The zero Decoder reads
// an empty input; Reset gives it one. A Decoder is used by one goroutine.
type Decoder struct {
	data   []byte
	pos    int
	err    error  // a syntax error or an error that ends decoding
	typErr error  // the first value of the wrong kind; decoding goes on
	key    []byte // the key read last, for the context of type errors
	keyBuf []byte // scratch for keys with escapes
	buf    []byte // scratch for strings with escapes
	// For the context of type errors: the struct being decoded.
	cur any
}

// Reset makes d read data from its start.
func (d *Decoder) Reset(data []byte) {
	*d = Decoder{data: data, buf: d.buf[:0], keyBuf: d.keyBuf[:0]}
}

// Failed reports whether decoding has stopped on an error. Values read
// after that are zero.
func (d *Decoder) Failed() bool { return d.err != nil }

// Finish checks that only white space follows the value read and returns
// the error decoding met: a syntax error first, else the first type error.
func (d *Decoder) Finish() error {
	if d.err == nil {
		d.skipWS()
		if d.pos < len(d.data) {
			d.syntaxError()
		}
	}
	if d.err != nil {
		return d.err
	}
	return d.typErr
}

// Fail ends decoding with err (an error from a value's own UnmarshalJSON,
// for instance), unless it has already ended.
func (d *Decoder) Fail(err error) {
	if d.err == nil && !Valid(d.data) {
		// encoding/json checks the whole input first: a syntax error
		// anywhere comes before any other.
		d.syntaxError()
		return
	}
	if d.err == nil {
		d.err = err
		d.pos = len(d.data)
	}
}

// syntaxError ends decoding with the error encoding/json gives for the
// whole input, so that message and offset are the same as its.
func (d *Decoder) syntaxError() {
	if d.err != nil {
		return
	}
	err := json.Unmarshal(d.data, new(json.RawMessage))
	if err == nil {
		// encoding/json accepts what this reader refused: a bug here,
		// which the fuzz targets exist to find.
		err = fmt.Errorf("jsonx: invalid JSON at offset %d", d.pos)
	}
	d.err = err
	d.pos = len(d.data)
}

// typeError records a value of the wrong kind for t and skips it.
func (d *Decoder) typeError(what string, t reflect.Type, off int) {
	if d.typErr == nil {
		e := &json.UnmarshalTypeError{Value: what, Type: t, Offset: int64(off), Field: string(d.key)}
		if d.cur != nil {
			e.Struct = reflect.TypeOf(d.cur).Elem().Name()
		}
		d.typErr = e
	}
}

// Enter records that the members read next belong to the struct p points
// to (for the context of type errors); Leave restores what Enter returned.
func (d *Decoder) Enter(p any) (outer any) {
	outer, d.cur = d.cur, p
	return outer
}

// Leave ends what Enter began.
func (d *Decoder) Leave(outer any) { d.cur = outer }

func (d *Decoder) skipWS() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// Peek returns the first byte of the next value ('{', '[', '"', 't', 'f',
// 'n', '-' or a digit), after white space; 0 at the end of the input or
// after an error.
func (d *Decoder) Peek() byte {
	if d.err != nil {
		return 0
	}
	d.skipWS()
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// kind names the JSON value starting with c, as UnmarshalTypeError.Value
// does.
func kind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	default:
		return "number"
	}
}

// Null reads a null if one comes next and reports whether it did.
func (d *Decoder) Null() bool {
	if d.Peek() != 'n' {
		return false
	}
	d.literal("null")
	return d.err == nil
}

func (d *Decoder) literal(lit string) {
	end := d.pos + len(lit)
	if end > len(d.data) || string(d.data[d.pos:end]) != lit {
		d.syntaxError()
		return
	}
	d.pos = end
}

// mismatch records a value of the wrong kind for the type p points to and
// skips the value.
func (d *Decoder) mismatch(p any) {
	c := d.Peek()
	d.Skip()
	if d.err == nil {
		d.typeError(kind(c), reflect.TypeOf(p).Elem(), d.pos)
	}
}

// BeginObject starts reading an object into the struct p points to. It
// returns false, having read the value, for null (which leaves p as it
// is) and for any other kind of value (a type error).
func (d *Decoder) BeginObject(p any) bool { return d.begin('{', p) }

// begin reads the opening byte of an object or array.
func (d *Decoder) begin(open byte, p any) bool {
	switch d.Peek() {
	case open:
		d.pos++
		return true
	case 'n':
		d.literal("null")
		return false
	case 0:
		d.syntaxError()
		return false
	}
	d.mismatch(p)
	return false
}

// FirstKey reads the first key of the object BeginObject began, and its
// colon. It returns false at the end of an empty object. The key is valid
// until the next call of FirstKey or NextKey.
func (d *Decoder) FirstKey() ([]byte, bool) {
	if d.Peek() == '}' {
		d.pos++
		return nil, false
	}
	return d.readKey()
}

// NextKey reads the comma and the key after a member's value; false at the
// end of the object.
func (d *Decoder) NextKey() ([]byte, bool) {
	switch d.Peek() {
	case ',':
		d.pos++
		return d.readKey()
	case '}':
		d.pos++
		return nil, false
	}
	d.syntaxError()
	return nil, false
}

func (d *Decoder) readKey() ([]byte, bool) {
	if d.Peek() != '"' {
		d.syntaxError()
		return nil, false
	}
	k, escaped, ok := d.readString(d.keyBuf[:0])
	if !ok {
		return nil, false
	}
	if escaped {
		d.keyBuf = k
	}
	d.skipWS()
	if d.pos >= len(d.data) || d.data[d.pos] != ':' {
		d.syntaxError()
		return nil, false
	}
	d.pos++
	d.key = k
	return k, true
}

// BeginArray starts reading an array. It returns false, having read the
// value, for null and for other kinds of value (a type error for the type
// p points to).
func (d *Decoder) BeginArray(p any) bool { return d.begin('[', p) }

// FirstElem reports whether the array BeginArray began has an element.
func (d *Decoder) FirstElem() bool {
	if d.Peek() == ']' {
		d.pos++
		return false
	}
	return d.err == nil
}

// NextElem reads the comma before the next element; false at the end of
// the array.
func (d *Decoder) NextElem() bool {
	switch d.Peek() {
	case ',':
		d.pos++
		return true
	case ']':
		d.pos++
		return false
	}
	d.syntaxError()
	return false
}

// Skip reads and validates the next value and returns its bytes (a slice
// of the input: copy it to keep it).
func (d *Decoder) Skip() []byte {
	c := d.Peek()
	start := d.pos
	switch {
	case c == '{':
		d.pos++
		d.skipMembers()
	case c == '[':
		d.pos++
		for ok := d.FirstElem(); ok; ok = d.NextElem() {
			d.Skip()
		}
	case c == '"':
		d.skipString()
	case c == 't':
		d.literal("true")
	case c == 'f':
		d.literal("false")
	case c == 'n':
		d.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		d.number()
	default:
		d.syntaxError()
	}
	if d.err != nil {
		return nil
	}
	return d.data[start:d.pos]
}

// skipMembers validates the members of an object after its '{', and its
// '}', without unquoting the keys.
func (d *Decoder) skipMembers() {
	if d.Peek() == '}' {
		d.pos++
		return
	}
	for {
		if d.Peek() != '"' {
			d.syntaxError()
			return
		}
		d.skipString()
		if d.Peek() != ':' {
			d.syntaxError()
			return
		}
		d.pos++
		d.Skip()
		switch d.Peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return
		default:
			d.syntaxError()
			return
		}
	}
}

// skipString validates the string at d.pos and moves past it without
// unquoting it.
func (d *Decoder) skipString() {
	i := d.pos + 1
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return
		case c == '\\':
			if i+1 >= len(d.data) {
				d.syntaxError()
				return
			}
			switch d.data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if hex4(d.data, i+2) < 0 {
					d.syntaxError()
					return
				}
				i += 6
			default:
				d.syntaxError()
				return
			}
		case c < 0x20:
			d.syntaxError()
			return
		default:
			i++
		}
	}
	d.syntaxError()
}

// number reads a number and returns its literal.
func (d *Decoder) number() []byte {
	data, i := d.data, d.pos
	start := i
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && data[i] >= '1' && data[i] <= '9':
		for i++; i < len(data) && data[i] >= '0' && data[i] <= '9'; i++ {
		}
	default:
		d.pos = i
		d.syntaxError()
		return nil
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			d.syntaxError()
			return nil
		}
		for ; i < len(data) && data[i] >= '0' && data[i] <= '9'; i++ {
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			d.syntaxError()
			return nil
		}
		for ; i < len(data) && data[i] >= '0' && data[i] <= '9'; i++ {
		}
	}
	d.pos = i
	return data[start:i]
}

// hex4 parses the four hex digits at data[i:], or returns -1.
func hex4(data []byte, i int) rune {
	if i+4 > len(data) {
		return -1
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// readString reads the string at d.pos (which holds its opening quote)
// and returns its unquoted bytes: a slice of the input when it holds no
// escape and only valid UTF-8, else (escaped) appended to buf.
func (d *Decoder) readString(buf []byte) (s []byte, escaped, ok bool) {
	data := d.data
	start := d.pos + 1
	i := start
	for i < len(data) {
		c := data[i]
		if c == '"' {
			d.pos = i + 1
			return data[start:i], false, true
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
			continue
		}
		if c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	// Slow path: escapes, control characters, non-ASCII.
	buf = append(buf, data[start:i]...)
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return buf, true, true
		case c < 0x20:
			d.pos = i
			d.syntaxError()
			return nil, false, false
		case c == '\\':
			if i+1 >= len(data) {
				d.syntaxError()
				return nil, false, false
			}
			switch data[i+1] {
			case '"', '\\', '/':
				buf = append(buf, data[i+1])
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r := hex4(data, i+2)
				if r < 0 {
					d.syntaxError()
					return nil, false, false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// A pair only when a second \u escape follows and the two
					// combine; otherwise the first becomes U+FFFD.
					if i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
						if r2 := hex4(data, i+2); r2 >= 0 {
							if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
								buf = utf8.AppendRune(buf, dec)
								i += 6
								continue
							}
						}
					}
					r = utf8.RuneError
				}
				buf = utf8.AppendRune(buf, r)
				continue
			default:
				d.syntaxError()
				return nil, false, false
			}
			i += 2
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(data[i:])
			i += size
			buf = utf8.AppendRune(buf, r)
		}
	}
	d.syntaxError()
	return nil, false, false
}
