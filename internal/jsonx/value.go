package jsonx

import (
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"time"
)

// str reads a string value (d.Peek() == '"').
func (d *Decoder) str() string {
	s, escaped, ok := d.readString(d.buf[:0])
	if !ok {
		return ""
	}
	if escaped {
		d.buf = s
	}
	return string(s)
}

// other handles a value that is not of the kind a target of type t takes:
// null leaves the target as it is, anything else is a type error.
func (d *Decoder) other(t reflect.Type) {
	switch c := d.Peek(); c {
	case 'n':
		d.literal("null")
	case 0:
		d.syntaxError()
	default:
		d.Skip()
		if d.err == nil {
			d.typeError(kind(c), t, d.pos)
		}
	}
}

// integer reads a number into an integer of the given bits, as
// encoding/json does: a fraction, an exponent or overflow is a type error.
func (d *Decoder) integer(bits int, t reflect.Type) (int64, bool) {
	lit := d.number()
	if d.err != nil {
		return 0, false
	}
	n, ok := smallInt(lit)
	var err error
	if !ok {
		n, err = strconv.ParseInt(string(lit), 10, 64)
	}
	if err != nil || (bits < 64 && (n < -1<<(bits-1) || n > 1<<(bits-1)-1)) {
		d.typeError("number "+string(lit), t, d.pos)
		return 0, false
	}
	return n, true
}

// unsigned is integer for unsigned kinds.
func (d *Decoder) unsigned(bits int, t reflect.Type) (uint64, bool) {
	lit := d.number()
	if d.err != nil {
		return 0, false
	}
	n, err := strconv.ParseUint(string(lit), 10, 64)
	if err != nil || (bits < 64 && n > 1<<bits-1) {
		d.typeError("number "+string(lit), t, d.pos)
		return 0, false
	}
	return n, true
}

// float reads a number into a float of the given bits.
func (d *Decoder) float(bits int, t reflect.Type) (float64, bool) {
	lit := d.number()
	if d.err != nil {
		return 0, false
	}
	if n, ok := smallInt(lit); ok && n != 0 && (bits == 64 || (n > -1<<24 && n < 1<<24)) {
		return float64(n), true
	}
	f, err := strconv.ParseFloat(string(lit), bits)
	if err != nil {
		d.typeError("number "+string(lit), t, d.pos)
		return 0, false
	}
	return f, true
}

// smallInt parses an integer literal of at most 15 digits (so that it is
// exact as an int64 and as a float64).
func smallInt(lit []byte) (int64, bool) {
	s := lit
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 15 {
		return 0, false
	}
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// boolean reads true or false (d.Peek() is 't' or 'f').
func (d *Decoder) boolean() bool {
	if d.data[d.pos] == 't' {
		d.literal("true")
		return true
	}
	d.literal("false")
	return false
}

var (
	typeString  = reflect.TypeFor[string]()
	typeInt     = reflect.TypeFor[int]()
	typeInt64   = reflect.TypeFor[int64]()
	typeFloat64 = reflect.TypeFor[float64]()
	typeBool    = reflect.TypeFor[bool]()
	typeSlice64 = reflect.TypeFor[[]int64]()
	typeStrings = reflect.TypeFor[[]string]()
	typeStrMap  = reflect.TypeFor[map[string]string]()
	typeAnyMap  = reflect.TypeFor[map[string]any]()
)

// String reads a string into *p, as encoding/json does for a string.
func (d *Decoder) String(p *string) {
	if d.Peek() == '"' {
		*p = d.str()
		return
	}
	d.other(typeString)
}

// Int64 reads a number into *p.
func (d *Decoder) Int64(p *int64) {
	switch c := d.Peek(); {
	case c == '-' || (c >= '0' && c <= '9'):
		if n, ok := d.integer(64, typeInt64); ok {
			*p = n
		}
	default:
		d.other(typeInt64)
	}
}

// alloc prepares a pointer target: null makes *p nil and returns false;
// otherwise *p is allocated if it is nil, as encoding/json does.
func alloc[T any](d *Decoder, p **T) bool {
	if d.Null() {
		*p = nil
		return false
	}
	if *p == nil {
		*p = new(T)
	}
	return true
}

// Value reads the next value into what p points to, as json.Unmarshal(value,
// p) would, except that numbers in interface{} values are kept exactly
// (see the package documentation). Common types are read directly; values
// with an UnmarshalJSON method get the value's bytes; anything else goes
// through encoding/json.
func (d *Decoder) Value(p any) {
	if d.err != nil {
		return
	}
	switch p := p.(type) {
	case *string:
		d.String(p)
	case **string:
		if alloc(d, p) {
			d.String(*p)
		}
	case *int64:
		d.Int64(p)
	case **int64:
		if alloc(d, p) {
			d.Int64(*p)
		}
	case *int:
		d.int(p)
	case **int:
		if alloc(d, p) {
			d.int(*p)
		}
	case *bool:
		d.bool(p)
	case **bool:
		if alloc(d, p) {
			d.bool(*p)
		}
	case *float64:
		d.float64(p)
	case **float64:
		if alloc(d, p) {
			d.float64(*p)
		}
	case *any:
		if d.Null() {
			*p = nil
			return
		}
		*p = d.Any()
	case *[]int64:
		d.int64s(p)
	case *[]string:
		d.strings(p)
	case *map[string]string:
		d.stringMap(p)
	case **map[string]string:
		if alloc(d, p) {
			d.stringMap(*p)
		}
	case *map[string]any:
		d.anyMap(p)
	case **map[string]any:
		if alloc(d, p) {
			d.anyMap(*p)
		}
	case *time.Time:
		d.unmarshaler(p)
	case **time.Time:
		if alloc(d, p) {
			d.unmarshaler(*p)
		}
	case json.Unmarshaler:
		d.unmarshaler(p)
	case encoding.TextUnmarshaler:
		d.fallback(p)
	default:
		d.reflectValue(p)
	}
}

func (d *Decoder) int(p *int) {
	switch c := d.Peek(); {
	case c == '-' || (c >= '0' && c <= '9'):
		if n, ok := d.integer(strconv.IntSize, typeInt); ok {
			*p = int(n)
		}
	default:
		d.other(typeInt)
	}
}

func (d *Decoder) bool(p *bool) {
	switch d.Peek() {
	case 't', 'f':
		*p = d.boolean()
	default:
		d.other(typeBool)
	}
}

func (d *Decoder) float64(p *float64) {
	switch c := d.Peek(); {
	case c == '-' || (c >= '0' && c <= '9'):
		if f, ok := d.float(64, typeFloat64); ok {
			*p = f
		}
	default:
		d.other(typeFloat64)
	}
}

// int64s reads an array of integers; null makes the slice nil. As
// encoding/json does, it reuses the slice's backing array.
func (d *Decoder) int64s(p *[]int64) {
	switch d.Peek() {
	case '[':
		d.pos++
	case 'n':
		d.literal("null")
		*p = nil
		return
	default:
		d.other(typeSlice64)
		return
	}
	s := (*p)[:0]
	for ok := d.FirstElem(); ok; ok = d.NextElem() {
		s = append(s, 0)
		d.Int64(&s[len(s)-1])
	}
	if s == nil {
		s = []int64{}
	}
	*p = s
}

func (d *Decoder) strings(p *[]string) {
	switch d.Peek() {
	case '[':
		d.pos++
	case 'n':
		d.literal("null")
		*p = nil
		return
	default:
		d.other(typeStrings)
		return
	}
	s := (*p)[:0]
	for ok := d.FirstElem(); ok; ok = d.NextElem() {
		s = append(s, "")
		d.String(&s[len(s)-1])
	}
	if s == nil {
		s = []string{}
	}
	*p = s
}

// stringMap reads an object of strings into a map, adding to the map
// there is (as encoding/json does); null makes it nil.
func (d *Decoder) stringMap(p *map[string]string) {
	switch d.Peek() {
	case '{':
		d.pos++
	case 'n':
		d.literal("null")
		*p = nil
		return
	default:
		d.other(typeStrMap)
		return
	}
	if *p == nil {
		*p = make(map[string]string)
	}
	m := *p
	for k, ok := d.FirstKey(); ok; k, ok = d.NextKey() {
		key := string(k)
		var v string // a fresh element for each member, as in encoding/json
		d.String(&v)
		m[key] = v
	}
}

func (d *Decoder) anyMap(p *map[string]any) {
	switch d.Peek() {
	case '{':
		d.pos++
	case 'n':
		d.literal("null")
		*p = nil
		return
	default:
		d.other(typeAnyMap)
		return
	}
	if *p == nil {
		*p = make(map[string]any)
	}
	d.members(*p)
}

// members reads the members of an object (after its '{') into m.
func (d *Decoder) members(m map[string]any) {
	for k, ok := d.FirstKey(); ok; k, ok = d.NextKey() {
		key := string(k)
		if d.Null() {
			m[key] = nil
			continue
		}
		m[key] = d.Any()
	}
}

// Any reads any value as encoding/json reads it into an interface{}
// (map[string]any, []any, string, bool, nil, float64), except that a
// number float64 cannot hold exactly becomes a json.Number.
func (d *Decoder) Any() any {
	switch c := d.Peek(); c {
	case '{':
		d.pos++
		m := make(map[string]any)
		d.members(m)
		if d.err != nil {
			return nil
		}
		return m
	case '[':
		d.pos++
		s := make([]any, 0)
		for ok := d.FirstElem(); ok; ok = d.NextElem() {
			s = append(s, d.Any())
		}
		if d.err != nil {
			return nil
		}
		return s
	case '"':
		return d.str()
	case 't', 'f':
		return d.boolean()
	case 'n':
		d.literal("null")
		return nil
	case 0:
		d.syntaxError()
		return nil
	default:
		lit := d.number()
		if d.err != nil {
			return nil
		}
		return Number(lit)
	}
}

// unmarshaler hands the next value's bytes to p's UnmarshalJSON; an error
// from it ends decoding, as in encoding/json.
func (d *Decoder) unmarshaler(p json.Unmarshaler) {
	raw := d.Skip()
	if d.err != nil {
		return
	}
	if err := p.UnmarshalJSON(raw); err != nil {
		d.Fail(err)
	}
}

// fallback decodes the next value with encoding/json.
func (d *Decoder) fallback(p any) {
	raw := d.Skip()
	if d.err != nil {
		return
	}
	if err := json.Unmarshal(raw, p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			if d.typErr == nil {
				d.typErr = err
			}
			return
		}
		d.Fail(err)
	}
}

// reflectValue reads into named scalar types (string, bool and number
// kinds, and pointers to them) without encoding/json, and anything else
// with it.
func (d *Decoder) reflectValue(p any) {
	rv := reflect.ValueOf(p)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		d.fallback(p)
		return
	}
	v := rv.Elem()
	t := v.Type()
	c := d.Peek()
	isNum := c == '-' || (c >= '0' && c <= '9')
	switch t.Kind() {
	case reflect.String:
		if c == '"' {
			v.SetString(d.str())
			return
		}
	case reflect.Bool:
		if c == 't' || c == 'f' {
			v.SetBool(d.boolean())
			return
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if isNum {
			if n, ok := d.integer(t.Bits(), t); ok {
				v.SetInt(n)
			}
			return
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if isNum {
			if n, ok := d.unsigned(t.Bits(), t); ok {
				v.SetUint(n)
			}
			return
		}
	case reflect.Float32, reflect.Float64:
		if isNum {
			if f, ok := d.float(t.Bits(), t); ok {
				v.SetFloat(f)
			}
			return
		}
	case reflect.Pointer:
		if c == 'n' {
			d.literal("null")
			v.SetZero()
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		d.Value(v.Interface())
		return
	default:
		d.fallback(p)
		return
	}
	d.other(t)
}
