package cli

import "io"

// scaffold creates a new exercise in every tree.
func scaffold(args []string, stdout io.Writer) error {
	return usagef("new: not implemented yet")
}
