// Package signing authenticates requests to NAVER Cloud Platform API Gateway
// (and so Data Flow) with signature v2, and verifies such requests.
//
// # Usage
//
// Sign every request of the generated client with one option:
//
//	signer, err := signing.New(accessKey, secretKey, signing.WithEndpoint(server)) // or signing.NewDefault()
//	client, err := gen.NewClientWithResponses(server, gen.WithRequestEditorFn(signer.Intercept),
//		gen.WithHTTPClient(&http.Client{CheckRedirect: signer.CheckRedirect}))
//
// or, to sign below any retry loop and after every editor (recommended once
// retries or per-call editors are in play):
//
//	client, err := gen.NewClientWithResponses(server,
//		gen.WithHTTPClient(&http.Client{Transport: &signing.Transport{Signer: signer}}))
//
// # One host
//
// The signature does not cover the host, so a signature sent to another
// server could be replayed against the gateway. A Signer therefore signs for
// one scheme and host only: DefaultEndpoint, or the base URL given with
// WithEndpoint. Every other request (another host or port, http instead of
// https), redirects included, is refused with a *HostError matching
// ErrHostNotAllowed, and Transport sends nothing. A client that signs with
// Intercept should also use Signer.CheckRedirect, since an http.Client copies
// the signed headers to the redirects it follows.
//
// # Algorithm
//
// Each request carries three headers: x-ncp-apigw-timestamp (the signing time
// in Unix milliseconds), x-ncp-iam-access-key, and x-ncp-apigw-signature-v2:
//
//	base64(HMAC-SHA256(secretKey, METHOD + " " + requestURI + "\n" + timestamp + "\n" + accessKey))
//
// requestURI is the escaped path plus "?" and the raw query, exactly the
// bytes of the request line (req.URL.RequestURI() once the request is fully
// built); no scheme or host, no trailing newline. The body and other headers
// are not signed. See StringToSign and ComputeSignature, the pure core.
//
// # Clock window
//
// The gateway rejects a timestamp more than 5 minutes (DefaultWindow) from
// its clock, so every attempt, retries included, must be signed afresh and
// hosts must keep their clocks in sync. Verify applies the same window.
//
// # Place in the chain
//
// The generated client runs client-level editors in registration order, then
// per-call editors, once per call; retries and redirects below it do not run
// them again. Signer.Intercept must therefore be the last editor, and no
// per-call editor may change the method or URL. Transport avoids both limits:
// it signs each attempt at the moment it is sent; with Strict it also rejects
// a request whose editor-made signature no longer matches it.
//
// # Credentials
//
// A CredentialsProvider supplies keys: StaticCredentials (explicit keys),
// EnvCredentials (NCLOUD_ACCESS_KEY_ID or NCLOUD_ACCESS_KEY,
// NCLOUD_SECRET_ACCESS_KEY or NCLOUD_SECRET_KEY), FileCredentials (the NCP
// CLI's ~/.ncloud/configure, profile from NCLOUD_PROFILE), ChainCredentials
// and DefaultChain to try them in that order, and CredentialsCache. Sub-account
// and STS keys sign the same way; plug a rotating source in as a provider.
// The secret key is held in a Secret, which every printer and encoder
// redacts; Secret.Reveal is the one way to read it. No value, error or debug
// output of this package contains a secret key.
package signing
