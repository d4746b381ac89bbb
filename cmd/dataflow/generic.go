package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonNode is a JSON value with its object keys in the order they came, so
// that the generic text output follows the body.
type jsonNode struct {
	scalar string // the literal of a string (unquoted), number, bool or null
	keys   []string
	fields []*jsonNode // object members, parallel to keys
	items  []*jsonNode // array elements
	kind   byte        // 's' scalar, 'o' object, 'a' array
}

func parseOrdered(body []byte) (*jsonNode, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	n, err := parseNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return n, nil
}

func parseNode(dec *json.Decoder) (*jsonNode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &jsonNode{kind: 'o'}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				child, err := parseNode(dec)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.fields = append(n.fields, child)
			}
			_, err := dec.Token() // }
			return n, err
		case '[':
			n := &jsonNode{kind: 'a'}
			for dec.More() {
				child, err := parseNode(dec)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, child)
			}
			_, err := dec.Token() // ]
			return n, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case string:
		return &jsonNode{kind: 's', scalar: t}, nil
	case json.Number:
		return &jsonNode{kind: 's', scalar: t.String()}, nil
	case bool:
		return &jsonNode{kind: 's', scalar: fmt.Sprint(t)}, nil
	case nil:
		return &jsonNode{kind: 's', scalar: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// compact renders a value on one line: scalars bare, objects as k=v pairs,
// arrays comma-separated.
func (n *jsonNode) compact() string {
	switch {
	case n.kind == 'o' && len(n.keys) == 0:
		return "{}"
	case n.kind == 'a' && len(n.items) == 0:
		return "[]"
	}
	switch n.kind {
	case 'o':
		parts := make([]string, len(n.keys))
		for i, k := range n.keys {
			parts[i] = k + "=" + n.fields[i].compactInner()
		}
		return strings.Join(parts, " ")
	case 'a':
		parts := make([]string, len(n.items))
		for i, it := range n.items {
			parts[i] = it.compactInner()
		}
		return strings.Join(parts, ", ")
	}
	return val(n.scalar)
}

func (n *jsonNode) compactInner() string {
	switch {
	case n.kind == 'o' && len(n.keys) > 0:
		return "{" + n.compact() + "}"
	case n.kind == 'a' && len(n.items) > 0:
		return "[" + n.compact() + "]"
	case n.kind != 's':
		return n.compact()
	}
	return val(n.scalar)
}

// writeGeneric prints any JSON body as "key: value" lines in the body's
// order; a list of objects becomes one "- k=v …" line per item.
func writeGeneric(w io.Writer, body []byte) error {
	n, err := parseOrdered(body)
	if err != nil {
		return err
	}
	writeNode(w, n, "")
	return nil
}

func writeNode(w io.Writer, n *jsonNode, indent string) {
	switch n.kind {
	case 'o':
		if len(n.keys) == 0 {
			fmt.Fprintf(w, "%s(empty)\n", indent)
		}
		for i, k := range n.keys {
			child := n.fields[i]
			switch {
			case child.kind == 'o' && len(child.keys) > 0:
				fmt.Fprintf(w, "%s%s:\n", indent, clean(k))
				writeNode(w, child, indent+"  ")
			case child.kind == 'a' && hasObjects(child):
				fmt.Fprintf(w, "%s%s:\n", indent, clean(k))
				writeNode(w, child, indent+"  ")
			default:
				fmt.Fprintf(w, "%s%s: %s\n", indent, clean(k), clean(child.compact()))
			}
		}
	case 'a':
		if len(n.items) == 0 {
			fmt.Fprintf(w, "%s(none)\n", indent)
		}
		for _, it := range n.items {
			item := it.compactInner()
			if it.kind == 'o' {
				item = it.compact() // one line of k=v pairs per listed object
			}
			fmt.Fprintf(w, "%s- %s\n", indent, clean(item))
		}
	default:
		fmt.Fprintf(w, "%s%s\n", indent, clean(n.compact()))
	}
}

func hasObjects(n *jsonNode) bool {
	for _, it := range n.items {
		if it.kind == 'o' && len(it.keys) > 0 {
			return true
		}
	}
	return false
}
