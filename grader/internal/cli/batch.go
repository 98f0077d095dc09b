package cli

import (
	"context"
	"io"
)

// batch grades every submission folder in a directory into a gradebook.
func batch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usagef("batch: not implemented yet")
}
