package zuuljobs

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"opendev.org/openstack/pypiguard/internal/testing/fakegerrit"
	"opendev.org/openstack/pypiguard/internal/testing/fixture"
)

// ansiblePlaybook finds ansible-playbook, or skips the test.
func ansiblePlaybook(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("ansible-playbook")
	if err != nil {
		t.Skip("ansible-playbook is not installed (Debian: apt-get install ansible-core; .ci/run does): the playbooks cannot be run")
	}
	return bin
}

// build is what one build of a job did.
type build struct {
	preRC, runRC int // -1: not run
	postRCs      []int
	log          string
	// calls are the zuul_return calls, in order; data is what Zuul makes of
	// them (see mergeReturns).
	calls []returnCall
	data  map[string]any
}

// returnCall is one zuul_return call, as the stand-in plugin records it.
type returnCall struct {
	Data     map[string]any `json:"data"`
	File     string         `json:"file"`
	FileData map[string]any `json:"file_data"`
}

// runJob runs a job's playbooks in ws as Zuul does: pre-run, then run if
// every pre-run passed, then post-run whatever happened, with zuul_success.
// vars are the job's (merged down its parents) with overrides on top; every
// playbook gets them as extra vars, beside zuul and ansible_user_dir.
func runJob(t *testing.T, cfg *Config, ws *workspace, job, pipeline string, overrides map[string]any) *build {
	t.Helper()
	bin := ansiblePlaybook(t)
	vars := cfg.MergedVars(job)
	// The repos' names come from a Gerrit; tests never touch the network,
	// so the default is an empty fake one (every repo's files absent).
	if _, ok := overrides["pypiguard_gerrit_url"]; !ok {
		g := fakegerrit.New(fakegerrit.Options{})
		t.Cleanup(g.Close)
		vars["pypiguard_gerrit_url"] = g.URL
	}
	for k, v := range overrides {
		vars[k] = v
	}
	vars["zuul"] = ws.zuulVar(job, pipeline)
	vars["ansible_user_dir"] = ws.home
	pre, run, post := cfg.Inherited(job)
	b := &build{preRC: -1, runRC: -1}
	var log bytes.Buffer
	ok := true
	for _, pb := range pre {
		b.preRC = ws.play(t, bin, pb, vars, &log)
		if ok = b.preRC == 0; !ok {
			break
		}
	}
	if ok {
		b.runRC = ws.play(t, bin, run[0], vars, &log)
		ok = b.runRC == 0
	}
	vars["zuul_success"] = ok
	for _, pb := range post {
		b.postRCs = append(b.postRCs, ws.play(t, bin, pb, vars, &log))
	}
	b.log = log.String()
	b.calls = ws.returnCalls(t)
	b.data = mergeReturns(b.calls)
	return b
}

// play runs one playbook on localhost and returns ansible-playbook's exit
// status. The stand-in zuul_return plugin comes from testdata.
func (ws *workspace) play(t *testing.T, bin, playbook string, vars map[string]any, log *bytes.Buffer) int {
	t.Helper()
	varsFile := filepath.Join(ws.root, "vars.json")
	data, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(varsFile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-i", "localhost,", "-c", "local", "-e", "@"+varsFile, filepath.Join(fixture.ModuleRoot(t), playbook))
	cmd.Dir = ws.root
	cmd.Env = append(os.Environ(), ansibleEnv(t, ws)...)
	cmd.Stdout, cmd.Stderr = log, log
	log.WriteString("=== " + playbook + "\n")
	start := time.Now()
	err = cmd.Run()
	fmt.Fprintf(log, "=== %s took %s\n", playbook, time.Since(start).Round(time.Millisecond))
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("ansible-playbook %s: %v\n%s", playbook, err, log.String())
	}
	return 0
}

// commandOutput runs ansible-playbook with args in ws, as play does.
func commandOutput(t *testing.T, ws *workspace, bin string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = fixture.ModuleRoot(t)
	cmd.Env = append(os.Environ(), ansibleEnv(t, ws)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// ansibleEnv keeps Ansible away from the user's configuration and temporary
// folders, and points it at the stand-in zuul_return.
func ansibleEnv(t *testing.T, ws *workspace) []string {
	plugins, err := filepath.Abs(filepath.Join("testdata", "action_plugins"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(ws.root, "ansible.cfg")
	if err := os.WriteFile(cfg, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{
		"ANSIBLE_CONFIG=" + cfg,
		"ANSIBLE_ACTION_PLUGINS=" + plugins,
		"ANSIBLE_LOCAL_TEMP=" + filepath.Join(ws.root, "ansible", "tmp"),
		"ANSIBLE_REMOTE_TMP=" + filepath.Join(ws.root, "ansible", "remote-tmp"),
		"ANSIBLE_PYTHON_INTERPRETER=auto_silent",
		"ANSIBLE_NOCOLOR=1",
		"ANSIBLE_RETRY_FILES_ENABLED=0",
		"ZUUL_JOBDIR=" + ws.root,
	}
}

func (ws *workspace) returnCalls(t *testing.T) []returnCall {
	t.Helper()
	f, err := os.Open(filepath.Join(ws.root, "work", "zuul-return-calls.jsonl"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var calls []returnCall
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var c returnCall
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("zuul_return stand-in wrote %q: %v", sc.Text(), err)
		}
		calls = append(calls, c)
	}
	return calls
}

// mergeReturns does what Zuul's zuul_return does with successive calls
// (zuul/ansible/base/action/zuul_return.py): a call's file, then its data,
// merge into what came before; zuul.artifacts and zuul.warnings append,
// zuul.file_comments append per path, other keys are replaced.
func mergeReturns(calls []returnCall) map[string]any {
	out := map[string]any{"zuul": map[string]any{}}
	for _, c := range calls {
		for _, d := range []map[string]any{c.FileData, c.Data} {
			mergeReturn(out, d)
		}
	}
	return out
}

func mergeReturn(out, d map[string]any) {
	z := out["zuul"].(map[string]any)
	for k, v := range d {
		if k != "zuul" {
			out[k] = v
			continue
		}
		for zk, zv := range v.(map[string]any) {
			switch zk {
			case "artifacts", "warnings":
				prev, _ := z[zk].([]any)
				z[zk] = append(append([]any{}, prev...), zv.([]any)...)
			case "file_comments":
				prev, _ := z[zk].(map[string]any)
				if prev == nil {
					prev = map[string]any{}
				}
				for path, cs := range zv.(map[string]any) {
					old, _ := prev[path].([]any)
					prev[path] = append(old, cs.([]any)...)
				}
				z[zk] = prev
			default:
				z[zk] = zv
			}
		}
	}
}
