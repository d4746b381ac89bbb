package jsonx

import (
	"unicode"
	"unicode/utf8"
)

// FoldEqual reports whether the object key matches the field name the way
// encoding/json matches a key that is not exactly a field's name: both
// folded with Unicode simple case folding (so "JOBID" and "jobid" match
// "jobId", and so does a Kelvin sign for a "k").
func FoldEqual(key []byte, name string) bool {
	if ascii(key) && ascii([]byte(name)) {
		// Only ASCII letters fold, and only to each other.
		if len(key) != len(name) {
			return false
		}
		for i := range len(key) {
			if upper(key[i]) != upper(name[i]) {
				return false
			}
		}
		return true
	}
	var a, b [64]byte
	return string(appendFolded(a[:0], key)) == string(appendFolded(b[:0], []byte(name)))
}

// appendFolded appends in folded: ASCII letters in upper case, any other
// rune as the smallest rune of its fold orbit. Invalid UTF-8 folds to
// U+FFFD, as utf8.DecodeRune reads it.
func appendFolded(out, in []byte) []byte {
	for i := 0; i < len(in); {
		if c := in[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(in[i:])
		out = utf8.AppendRune(out, foldRune(r))
		i += n
	}
	return out
}

func foldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

// KeyIs reports whether an object key selects the field name, as in
// encoding/json: exactly or case-insensitively.
func KeyIs(key []byte, name string) bool {
	return string(key) == name || FoldEqual(key, name)
}

func ascii(s []byte) bool {
	for _, c := range s {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}
