package wrap

import "embed"

// Source is this package and its program, main/, for the grader to build
// the wrapper from: always the code the grader itself was built with.
//
//go:embed wrap.go main/main.go
var Source embed.FS
