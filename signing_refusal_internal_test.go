package dataflow

import (
	"fmt"
	"testing"

	"github.com/ncp-dataflow/dataflow-go/signing"
)

// A request the signer refuses for its host was not sent, and no retry can
// send it: the retry layer must give up at once.
func TestNotSentKnowsTheSignersHostRefusal(t *testing.T) {
	err := fmt.Errorf("Get %q: %w", "https://other.example/x", &signing.HostError{
		Refused: "https://other.example", Allowed: DefaultEndpoint,
	})
	if !notSent(err) {
		t.Fatalf("notSent(%v) = false, want true", err)
	}
}
