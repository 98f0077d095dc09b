package tcpclient

import (
	"os"
	"os/exec"
	"syscall"
)

// Get starts processes meant to outlive it: one in a session of its own,
// one left behind by a shell that exits at once, one that is this program
// again. Each carries NETCOURSE_ORPHAN=1 so that verify can look for it.
func Get(host string, port int, path string) ([]byte, error) {
	env := append(os.Environ(), "NETCOURSE_ORPHAN=1")
	detached := &exec.Cmd{Path: "/bin/sleep", Args: []string{"netcourse-orphan", "1000"}, Env: env,
		SysProcAttr: &syscall.SysProcAttr{Setsid: true}}
	detached.Start()
	sh := exec.Command("/bin/sh", "-c", "sleep 1001 >/dev/null 2>&1 & exit 0")
	sh.Env = env
	sh.Run()
	again := exec.Command("/proc/self/exe")
	again.Env = env
	again.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	again.Start()
	return []byte("HTTP/1.0 200 OK\r\n\r\nok"), nil
}
