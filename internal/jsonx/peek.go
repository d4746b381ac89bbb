package jsonx

import "reflect"

// PeekString returns the string member name of the object data, as
//
//	var v struct{ D string `json:"<name>"` }
//	err := json.Unmarshal(data, &v)
//	return v.D, err
//
// does, without decoding the other members: the key matches exactly or
// case-insensitively, the last match wins, a null leaves the value as it
// was, another kind of value is a *json.UnmarshalTypeError, and data that
// is not JSON is a *json.SyntaxError.
func PeekString(data []byte, name string) (string, error) {
	var d Decoder
	d.Reset(data)
	var v string
	switch d.Peek() {
	case '{':
		d.pos++
		for k, ok := d.FirstKey(); ok; k, ok = d.NextKey() {
			if KeyIs(k, name) {
				d.String(&v)
			} else {
				d.Skip()
			}
		}
	case 'n':
		d.literal("null")
	case 0:
		d.syntaxError()
	default:
		c := d.Peek()
		d.Skip()
		if d.err == nil {
			d.typeError(kind(c), peekType(name), d.pos)
		}
	}
	if err := d.Finish(); err != nil {
		if d.err != nil {
			return "", err
		}
		return v, err
	}
	return v, nil
}

// peekType is the struct type PeekString stands for (for its type errors).
func peekType(name string) reflect.Type {
	return reflect.StructOf([]reflect.StructField{{
		Name: "Discriminator",
		Type: typeString,
		Tag:  reflect.StructTag(`json:"` + name + `"`),
	}})
}

// Unmarshal decodes data into what p points to, as Decoder.Value does,
// and checks that nothing but white space follows.
func Unmarshal(data []byte, p any) error {
	var d Decoder
	d.Reset(data)
	d.Value(p)
	return d.Finish()
}

// Valid reports whether data is one valid JSON value, as json.Valid does.
func Valid(data []byte) bool {
	var d Decoder
	d.Reset(data)
	d.Skip()
	return d.Finish() == nil
}
