package signing_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// rawSignature is an HMAC-SHA256 + base64 of msg, written out independently of
// the package under test.
func rawSignature(secret, msg string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
