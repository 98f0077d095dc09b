package wire

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"
)

// TestDescribeTellsIdentities: the loose kinds (Timeout, EOF) and the exact
// identities a README names are told apart.
func TestDescribeTellsIdentities(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want Err
	}{
		{os.ErrDeadlineExceeded, Err{Timeout: true, Deadline: true}},
		{fmt.Errorf("fetch: %w", os.ErrDeadlineExceeded), Err{Timeout: true, Deadline: true}},
		{context.DeadlineExceeded, Err{Timeout: true, ContextDeadline: true}},
		{io.EOF, Err{EOF: true, CleanEOF: true}},
		{io.ErrUnexpectedEOF, Err{EOF: true, UnexpectedEOF: true}},
	} {
		got := *Describe(tc.err)
		tc.want.Text = tc.err.Error()
		if got != tc.want {
			t.Errorf("Describe(%v) = %+v, want %+v", tc.err, got, tc.want)
		}
	}
	if Describe(nil) != nil {
		t.Error("Describe(nil) is not nil")
	}
}
