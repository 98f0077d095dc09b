package judge

import (
	"strings"
	"testing"
)

func TestAPIMismatchNamesTheSignatureToKeep(t *testing.T) {
	root := "../../.."
	ex := &Exercise{ID: "1.1", Dir: "1.1-tcpclient", Package: "tcpclient"}
	driver := "grader/course/1.1-tcpclient/driver/main.go:23:26: undefined: tcpclient.Get"
	got := apiMismatch(driver, ex, root)
	for _, want := range []string{"func Get(host string, port int, path string) ([]byte, error)   (in client.go)", driver} {
		if !strings.Contains(got, want) {
			t.Errorf("apiMismatch does not say %q:\n%s", want, got)
		}
	}
	// An error in the student's own file is theirs to read as it is.
	own := "exercises/1.1-tcpclient/client.go:8:2: \"strconv\" imported and not used"
	if got := apiMismatch(own, ex, root); got != own {
		t.Errorf("apiMismatch changed an error in the submission's file:\n%s", got)
	}
}
