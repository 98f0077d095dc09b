package sandbox

import "netcourse/grader/internal/sandbox/wrap"

// Exec is the grader's hidden subcommand (Command): the spawner, or the
// wrapper a child starts as (wrap.Exec) while the small one is not built.
// It returns only when it failed.
func Exec(args []string) error {
	if len(args) == 1 && args[0] == spawnArg {
		return serveSpawner()
	}
	return wrap.Exec(args)
}
