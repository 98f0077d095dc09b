package kitcheck

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// TestWorkflowsPassActionlint lints every workflow kit as actionlint's
// command does (with shellcheck on the run: scripts when it is installed).
func TestWorkflowsPassActionlint(t *testing.T) {
	files, err := filepath.Glob("../github/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows in ../github: %v", err)
	}
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else {
		t.Log("no shellcheck: the run: scripts are not linted")
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		errs, err := l.Lint(f, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range errs {
			t.Errorf("%s", e)
		}
		// The linter is awake: a typo in a context it must catch.
		typo := bytes.Replace(data, []byte("${{ github."), []byte("${{ gihtub."), 1)
		if bytes.Equal(typo, data) {
			continue
		}
		if errs, err := l.Lint(f, typo, nil); err != nil || len(errs) == 0 {
			t.Errorf("%s: actionlint took ${{ gihtub.… } (%v)", f, err)
		}
	}
}

// TestBatchWorkflowShards: the matrix of the batch workflow names its
// shards 1..N once each, and each job grades its own one of N with the
// run's one seed; the merge runs after them, even when one failed, so
// that it can name it.
func TestBatchWorkflowShards(t *testing.T) {
	data, err := os.ReadFile("../github/batch.yml")
	if err != nil {
		t.Fatal(err)
	}
	wf, errs := actionlint.Parse(data)
	if len(errs) > 0 {
		t.Fatalf("batch.yml: %v", errs[0])
	}
	grade, merge := wf.Jobs["grade"], wf.Jobs["merge"]
	if grade == nil || merge == nil {
		t.Fatal("batch.yml lacks a grade or a merge job")
	}
	if grade.Strategy == nil || grade.Strategy.Matrix == nil || grade.Strategy.Matrix.Rows["shard"] == nil {
		t.Fatal("the grade job has no matrix of shards")
	}
	var shards []string
	for _, v := range grade.Strategy.Matrix.Rows["shard"].Values {
		if s, ok := v.(*actionlint.RawYAMLString); ok {
			shards = append(shards, s.Value)
		} else {
			shards = append(shards, v.String())
		}
	}
	var want []string
	for k := 1; k <= len(shards); k++ {
		want = append(want, strconv.Itoa(k))
	}
	if !slices.Equal(shards, want) || len(shards) < 2 {
		t.Errorf("matrix.shard = %v, want %v: shards 1 to N, each once", shards, want)
	}
	if f := grade.Strategy.FailFast; f == nil || f.Value {
		t.Error("the grade matrix is fail-fast: one shard failing would cancel the rest")
	}

	runs := func(j *actionlint.Job) (scripts []string, env map[string]string) {
		env = map[string]string{}
		for _, s := range j.Steps {
			if r, ok := s.Exec.(*actionlint.ExecRun); ok && r.Run != nil {
				scripts = append(scripts, r.Run.Value)
				if s.Env != nil {
					for _, v := range s.Env.Vars {
						env[v.Name.Value] = v.Value.Value
					}
				}
			}
		}
		return scripts, env
	}
	scripts, env := runs(grade)
	if got := env["SHARD"]; got != "${{ matrix.shard }}/${{ strategy.job-total }}" {
		t.Errorf("SHARD = %q, want matrix.shard of strategy.job-total", got)
	}
	if !slices.ContainsFunc(scripts, func(s string) bool {
		return strings.Contains(s, `grader batch --shard "$SHARD" --seed "$SEED"`)
	}) {
		t.Errorf("no grade step runs grader batch --shard \"$SHARD\" --seed \"$SEED\":\n%s", strings.Join(scripts, "\n"))
	}
	if wf.Env == nil || wf.Env.Vars["seed"] == nil {
		t.Error("the workflow sets no SEED for every shard")
	}

	if !slices.ContainsFunc(merge.Needs, func(s *actionlint.String) bool { return s.Value == "grade" }) {
		t.Error("the merge job does not wait for the grade job")
	}
	if merge.If == nil || !strings.Contains(merge.If.Value, "!cancelled()") {
		t.Error("the merge job does not run when a shard failed, so nobody learns which")
	}
	scripts, _ = runs(merge)
	if !slices.ContainsFunc(scripts, func(s string) bool { return strings.Contains(s, "grader gradebook merge") }) {
		t.Error("the merge job does not run grader gradebook merge")
	}
}

// manifest is one document of a kit's YAML, decoded strictly into its
// official type.
type manifest struct {
	Kind string
	Job  *batchv1.Job
	PVC  *corev1.PersistentVolumeClaim
}

// readManifests decodes every document of a manifest file strictly: a
// field the API does not know (a typo, a wrong level) is an error, as
// kubectl apply --validate=strict makes it.
func readManifests(t *testing.T, file string) []manifest {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []manifest
	for i, doc := range strings.Split(string(data), "\n---\n") {
		var head struct{ APIVersion, Kind string }
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
			t.Fatalf("%s, document %d: %v", file, i+1, err)
		}
		m := manifest{Kind: head.Kind}
		var into any
		switch head.APIVersion + " " + head.Kind {
		case "batch/v1 Job":
			m.Job = &batchv1.Job{}
			into = m.Job
		case "v1 PersistentVolumeClaim":
			m.PVC = &corev1.PersistentVolumeClaim{}
			into = m.PVC
		default:
			t.Fatalf("%s, document %d: %s %s is not a kind this test knows", file, i+1, head.APIVersion, head.Kind)
		}
		if err := yaml.UnmarshalStrict([]byte(doc), into); err != nil {
			t.Fatalf("%s, document %d (%s): %v", file, i+1, head.Kind, err)
		}
		out = append(out, m)
	}
	return out
}

// container is the one container of a Job's pods.
func container(t *testing.T, j *batchv1.Job) corev1.Container {
	t.Helper()
	pod := j.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("job %s has %d containers, want 1", j.Name, len(pod.Containers))
	}
	if pod.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("job %s: restartPolicy %q, want Never (a Job allows Never or OnFailure; backoffLimitPerIndex needs Never)", j.Name, pod.RestartPolicy)
	}
	return pod.Containers[0]
}

func envOf(c corev1.Container) map[string]string {
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	return env
}

// TestKubernetesIndexedJob decodes the Kubernetes kit into the official
// batch/v1 and core/v1 types and checks what the shards rely on: an
// Indexed Job whose SHARDS is its completions, pods that share the
// volume, and a merge Job reading what they wrote.
func TestKubernetesIndexedJob(t *testing.T) {
	grade := readManifests(t, "../kubernetes/batch-job.yaml")
	merge := readManifests(t, "../kubernetes/merge-job.yaml")
	var claim string
	var g *batchv1.Job
	for _, m := range grade {
		switch {
		case m.PVC != nil:
			claim = m.PVC.Name
			if !slices.Contains(m.PVC.Spec.AccessModes, corev1.ReadWriteMany) {
				t.Errorf("volume %s is not ReadWriteMany: pods on several nodes write their shards to it", claim)
			}
		case m.Job != nil:
			g = m.Job
		}
	}
	if g == nil || claim == "" || len(merge) != 1 || merge[0].Job == nil {
		t.Fatal("want batch-job.yaml to hold a volume claim and a Job, merge-job.yaml a Job")
	}
	if g.Spec.CompletionMode == nil || *g.Spec.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("completionMode is not Indexed: the pods would not know their shard")
	}
	c := container(t, g)
	shards := envOf(c)["SHARDS"]
	if g.Spec.Completions == nil {
		t.Fatal("the grading Job has no completions: how many shards?")
	}
	if n := strconv.Itoa(int(*g.Spec.Completions)); shards != n {
		t.Errorf("SHARDS = %q but completions = %s: a shard would be graded by nobody, or twice", shards, n)
	}
	if g.Spec.ActiveDeadlineSeconds == nil {
		t.Error("the grading Job has no activeDeadlineSeconds: its pods could wait for the submissions forever")
	}
	for _, j := range []*batchv1.Job{g, merge[0].Job} {
		vols := j.Spec.Template.Spec.Volumes
		if len(vols) != 1 || vols[0].PersistentVolumeClaim == nil || vols[0].PersistentVolumeClaim.ClaimName != claim {
			t.Errorf("job %s does not mount the volume claim %s", j.Name, claim)
		}
		mounts := container(t, j).VolumeMounts
		if len(mounts) != 1 || mounts[0].MountPath != "/batch" {
			t.Errorf("job %s does not mount the volume at /batch: %+v", j.Name, mounts)
		}
	}
}

// TestKubernetesScriptsCoverEveryShard runs the containers' scripts as
// the Job would, with each completion index, against a stand-in grader
// that records its arguments: every shard 1..N is graded once, all with
// one seed, and the merge gets every shard's file.
func TestKubernetesScriptsCoverEveryShard(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	grade := readManifests(t, "../kubernetes/batch-job.yaml")
	merge := readManifests(t, "../kubernetes/merge-job.yaml")[0].Job
	var g *batchv1.Job
	for _, m := range grade {
		if m.Job != nil {
			g = m.Job
		}
	}
	course, batch := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(course, "bin"), 0o755)
	os.WriteFile(filepath.Join(course, "bin", "grader"), []byte("#!/bin/sh\necho \"$*\"\n"), 0o755)
	os.MkdirAll(filepath.Join(batch, "submissions"), 0o755)
	os.WriteFile(filepath.Join(batch, "submissions", ".ready"), nil, 0o644)

	runScript := func(c corev1.Container, env ...string) string {
		t.Helper()
		if len(c.Command) != 2 || c.Command[1] != "-c" || len(c.Args) != 1 {
			t.Fatalf("container %s: command %q args %d: want a shell -c and one script", c.Name, c.Command, len(c.Args))
		}
		cmd := exec.Command(sh, "-c", c.Args[0])
		cmd.Dir = course // the container's workingDir
		if c.WorkingDir != "/course" {
			t.Errorf("container %s works in %q, want /course, where bin/grader is", c.Name, c.WorkingDir)
		}
		cmd.Env = append(os.Environ(), "BATCH="+batch)
		for k, v := range envOf(c) {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		cmd.Env = append(cmd.Env, env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("container %s: %v\n%s", c.Name, err, out)
		}
		return string(out)
	}
	c := container(t, g)
	n := int(*g.Spec.Completions)
	seeds := map[string]bool{}
	var files []string
	for i := range n {
		runScript(c, fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i), "JOB_UID=0b9d6e1c-8f7e-4c5e-a3f5-3d1f3c2b9a10")
		f := filepath.Join(batch, "shards", fmt.Sprintf("shard-%d.json", i+1))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("index %d wrote no shard-%d.json: %v", i, i+1, err)
		}
		args := strings.Fields(string(data))
		want := []string{"batch", "--shard", fmt.Sprintf("%d/%d", i+1, n), "--seed"}
		if len(args) < 6 || !slices.Equal(args[:4], want) || args[5] != filepath.Join(batch, "submissions") {
			t.Errorf("index %d ran grader %q, want %q SEED %s", i, args, want, filepath.Join(batch, "submissions"))
			continue
		}
		if s, err := strconv.ParseUint(args[4], 10, 64); err != nil || s == 0 {
			t.Errorf("index %d: seed %q, want a number that is not 0", i, args[4])
		}
		seeds[args[4]] = true
		files = append(files, f)
	}
	if len(seeds) != 1 {
		t.Errorf("the shards were graded with seeds %v, want one for all", seeds)
	}
	if left, _ := filepath.Glob(filepath.Join(batch, "shards", "*.part")); len(left) > 0 {
		t.Errorf("half-written shards left: %v", left)
	}

	out := runScript(container(t, merge))
	args := strings.Fields(out)
	slices.Sort(files)
	if len(args) < 4 || !slices.Equal(args[:2], []string{"gradebook", "merge"}) || !slices.Equal(args[len(args)-n:], files) {
		t.Errorf("the merge ran grader %q, want gradebook merge of %q", args, files)
	}
	if data, err := os.ReadFile(filepath.Join(batch, "grades.csv")); err != nil || string(data) != out {
		t.Errorf("grades.csv = %q (%v), want what the merge printed, %q", data, err, out)
	}
}

// TestBatchWorkflowScriptsCoverEveryShard runs the run: scripts of the
// batch workflow as its jobs would, each matrix job with its SHARD,
// against a stand-in grader that records its arguments, lays their
// uploads out as download-artifact does (one folder per artifact), and
// runs the merge's script on them: every shard 1..N is graded once with
// the one seed, and both gradebooks merge every shard's file.
func TestBatchWorkflowScriptsCoverEveryShard(t *testing.T) {
	bash, err := exec.LookPath("bash") // GitHub's default shell on Linux
	if err != nil {
		t.Skip("no bash")
	}
	data, err := os.ReadFile("../github/batch.yml")
	if err != nil {
		t.Fatal(err)
	}
	wf, errs := actionlint.Parse(data)
	if len(errs) > 0 {
		t.Fatalf("batch.yml: %v", errs[0])
	}
	script := func(j *actionlint.Job, name string) string {
		t.Helper()
		for _, s := range j.Steps {
			if r, ok := s.Exec.(*actionlint.ExecRun); ok && s.Name != nil && s.Name.Value == name {
				if actionlint.ContainsExpression(r.Run.Value) {
					t.Errorf("step %q puts ${{ }} in its script: pass it through env, or it runs as shell code", name)
				}
				return r.Run.Value
			}
		}
		t.Fatalf("job %s has no step %q", j.ID.Value, name)
		return ""
	}
	course := t.TempDir()
	os.MkdirAll(filepath.Join(course, "bin"), 0o755)
	os.WriteFile(filepath.Join(course, "bin", "grader"), []byte("#!/bin/sh\necho \"$*\"\n"), 0o755)
	run := func(script string, env ...string) {
		t.Helper()
		cmd := exec.Command(bash, "-e", "-c", script)
		cmd.Dir = course // the checkout
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s\n%s", err, script, out)
		}
	}

	grade := script(wf.Jobs["grade"], "Grade the shard")
	n := len(wf.Jobs["grade"].Strategy.Matrix.Rows["shard"].Values)
	downloads := filepath.Join(t.TempDir(), "shards")
	for k := 1; k <= n; k++ {
		temp := t.TempDir() // each job its own runner
		run(grade, fmt.Sprintf("SHARD=%d/%d", k, n), "SEED=1234", "SUBMISSIONS=submissions", "EXERCISES=1.1 1.2", "RUNNER_TEMP="+temp)
		got, err := os.ReadFile(filepath.Join(temp, "shard.json")) // what upload-artifact takes
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("batch --shard %d/%d --seed 1234 submissions 1.1 1.2\n", k, n); string(got) != want {
			t.Errorf("shard %d ran grader %q, want %q", k, got, want)
		}
		copyFile(t, filepath.Join(temp, "shard.json"), filepath.Join(downloads, fmt.Sprintf("shard-%d", k), "shard.json"))
	}

	run(script(wf.Jobs["merge"], "Merge the shards"), "RUNNER_TEMP="+filepath.Dir(downloads))
	var files []string
	for k := 1; k <= n; k++ {
		files = append(files, filepath.Join(downloads, fmt.Sprintf("shard-%d", k), "shard.json"))
	}
	for _, f := range []string{"csv", "json"} {
		got, err := os.ReadFile(filepath.Join(course, "grades."+f))
		if want := "gradebook merge --format " + f + " " + strings.Join(files, " ") + "\n"; err != nil || string(got) != want {
			t.Errorf("grades.%s = %q (%v), want %q", f, got, err, want)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err == nil {
		if err = os.MkdirAll(filepath.Dir(to), 0o755); err == nil {
			err = os.WriteFile(to, data, 0o644)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}
