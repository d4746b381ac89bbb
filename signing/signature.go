package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
)

// Header names, in Go's canonical form. HTTP header names are case-insensitive:
// the gateway documents them as x-ncp-apigw-timestamp, x-ncp-iam-access-key and
// x-ncp-apigw-signature-v2.
const (
	// HeaderTimestamp carries the signing time in Unix milliseconds.
	HeaderTimestamp = "X-Ncp-Apigw-Timestamp"
	// HeaderAccessKey carries the access key the request is signed with.
	HeaderAccessKey = "X-Ncp-Iam-Access-Key"
	// HeaderSignature carries the base64 HMAC-SHA256 signature (version 2).
	HeaderSignature = "X-Ncp-Apigw-Signature-V2"
)

// StringToSign returns the message that signature v2 authenticates:
//
//	METHOD + " " + requestURI + "\n" + timestamp + "\n" + accessKey
//
// requestURI is the escaped path plus "?" and the raw query, exactly as on the
// request line (req.URL.RequestURI() once the request is fully built); timestamp is decimal Unix milliseconds.
// There is no trailing newline. It contains no secret.
func StringToSign(method, requestURI, timestamp, accessKey string) string {
	return string(appendStringToSign(nil, method, requestURI, timestamp, accessKey))
}

// ComputeSignature returns base64(HMAC-SHA256(secretKey, StringToSign(...))),
// the value of [HeaderSignature]. It is a pure function: no clock, no I/O.
func ComputeSignature(secretKey, method, requestURI, timestamp, accessKey string) string {
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write(appendStringToSign(make([]byte, 0, 64+len(requestURI)+len(accessKey)), method, requestURI, timestamp, accessKey))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func appendStringToSign(dst []byte, method, requestURI, timestamp, accessKey string) []byte {
	dst = append(dst, method...)
	dst = append(dst, ' ')
	dst = append(dst, requestURI...)
	dst = append(dst, '\n')
	dst = append(dst, timestamp...)
	dst = append(dst, '\n')
	dst = append(dst, accessKey...)
	return dst
}

// uriParts splits u.RequestURI() into what comes before the '?' and the raw
// query, without allocating in the common case, so that the signer can append
// the pieces straight into its buffer. path + "?" + query (when hasQuery) is
// always equal to u.RequestURI(); the fuzz target checks it.
func uriParts(u *url.URL) (path, query string, hasQuery bool) {
	if u.Opaque != "" {
		// Rare (opaque or absolute targets): let net/url build it whole.
		return u.RequestURI(), "", false
	}
	path = u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.ForceQuery || u.RawQuery != "" {
		return path, u.RawQuery, true
	}
	return path, "", false
}

// sendMethod is the method net/http puts on the request line.
func sendMethod(m string) string {
	if m == "" {
		return "GET"
	}
	return m
}
