package sandbox

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

func init() {
	if os.Getenv("SANDBOX_TEST_CHILD") == "sockets" && !(len(os.Args) > 1 && os.Args[1] == Command) {
		os.Exit(socketsChild())
	}
}

// socketsChild opens three sockets (a listener and both ends of a
// connection), duplicates one, says "open" and waits to be killed.
func socketsChild() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		return 1
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		fmt.Println("dial:", err)
		return 1
	}
	s, err := ln.Accept()
	if err != nil {
		fmt.Println("accept:", err)
		return 1
	}
	f, _ := c.(*net.TCPConn).File() // a second descriptor of the same socket
	fmt.Println("open")
	time.Sleep(time.Minute)
	fmt.Println(s, f)
	return 0
}

// TestSocketsCountsEachSocketOnce: the judge counts what the child holds,
// by inode, a duplicated descriptor once.
func TestSocketsCountsEachSocketOnce(t *testing.T) {
	dir := t.TempDir()
	var out lockedBuffer
	p, err := start(polling(), Spec{
		Path: os.Args[0], Dir: dir, Output: &out,
		Env: []string{"SANDBOX_TEST_CHILD=sockets", "PATH=/usr/bin:/bin", "HOME=" + dir},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { p.Kill(); p.Wait() }()
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(out.String(), "open"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the child did not open its sockets in 20s:\n%s", out.String())
		}
	}
	n, err := p.Sockets()
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			t.Skipf("this user cannot read the child's descriptors: %v", err)
		}
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("Sockets() = %d, want 3 (a listener, both ends of a connection; one of them twice)", n)
	}
}
