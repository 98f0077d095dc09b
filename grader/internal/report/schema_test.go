package report_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"netcourse/grader/internal/cli"
)

// schemaFile is the JSON contract's schema; README's "For CI" points here.
const schemaFile = "schema/results.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("results.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	// Compile also checks the schema against the draft 2020-12 metaschema.
	sch, err := c.Compile("results.schema.json")
	if err != nil {
		t.Fatalf("%s: %v", schemaFile, err)
	}
	return sch
}

func validate(sch *jsonschema.Schema, data []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

// TestJSONMatchesSchema validates real output, from grading the reference
// and the stub of 1.1, and the recorded sample against the schema.
func TestJSONMatchesSchema(t *testing.T) {
	sch := compileSchema(t)
	sample, err := os.ReadFile("testdata/json.golden")
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(sch, sample); err != nil {
		t.Errorf("testdata/json.golden: %v", err)
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, impl := range []string{"solutions", "exercises"} {
		var out, errOut bytes.Buffer
		err := cli.Run(context.Background(), []string{"grade", "--impl", filepath.Join(root, impl), "--format", "json", "--seed", "3", "1.1"}, &out, &errOut)
		if err != nil && !errors.Is(err, cli.ErrNotPassed) {
			t.Fatalf("grading %s: %v\n%s", impl, err, errOut.String())
		}
		if err := validate(sch, out.Bytes()); err != nil {
			t.Errorf("grading %s: %v\n%s", impl, err, out.String())
		}
	}
}

// TestSchemaRejectsBrokenContracts: the schema has teeth.
func TestSchemaRejectsBrokenContracts(t *testing.T) {
	sch := compileSchema(t)
	sample, err := os.ReadFile("testdata/json.golden")
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string][2]string{
		"unknown exercise status": {`"status": "not_started"`, `"status": "pending"`},
		"unknown check status":    {`"status": "skipped"`, `"status": "ignored"`},
		"negative score":          {`"score": 1,`, `"score": -1,`},
		"missing checks":          {",\n      \"checks\": []", ""},
		"unknown field":           {`"seed": 7,`, `"seed": 7, "extra": true,`},
		"seed as a string":        {`"seed": 7,`, `"seed": "7",`},
	} {
		broken := strings.Replace(string(sample), edit[0], edit[1], 1)
		if broken == string(sample) {
			t.Fatalf("%s: %q not in the sample", name, edit[0])
		}
		if validate(sch, []byte(broken)) == nil {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
}

// TestSchemaKnowsSandboxAndLimits: the fields and statuses of the
// sandbox are part of the contract.
func TestSchemaKnowsSandboxAndLimits(t *testing.T) {
	sch := compileSchema(t)
	sample, err := os.ReadFile("testdata/json.golden")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(sample), `"status": "timeout"`, `"status": "memory_limit"`, 1)
	s = strings.Replace(s, `"seed": 7,`, `"seed": 7, "sandbox": {"network": "shared", "notes": ["no user namespaces"]},`, 1)
	if err := validate(sch, []byte(s)); err != nil {
		t.Errorf("sandbox and memory_limit: %v", err)
	}
	bad := strings.Replace(s, `"network": "shared"`, `"network": "partly"`, 1)
	if validate(sch, []byte(bad)) == nil {
		t.Error("the schema accepts network \"partly\"")
	}
}
