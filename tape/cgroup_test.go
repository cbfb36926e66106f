package tape

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRoot writes files (path → content) under a temporary directory and returns it.
func fakeRoot(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const (
	mountV2 = "29 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
	mountV1 = "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n" +
		"35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" +
		"36 31 0:33 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
)

func TestCgroupMemLimit(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  uint64
	}{
		{"v2, the user's slice limits a session", map[string]string{
			"proc/self/cgroup":    "0::/user.slice/user-1000.slice/session-3.scope\n",
			"proc/self/mountinfo": mountV2,
			"sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope/memory.max": "max\n",
			"sys/fs/cgroup/user.slice/user-1000.slice/memory.max":                 "2147483648\n",
			"sys/fs/cgroup/user.slice/memory.max":                                 "8589934592\n",
		}, 2 << 30},
		{"v2 without a limit", map[string]string{
			"proc/self/cgroup":    "0::/system.slice/jupyterhub.service\n",
			"proc/self/mountinfo": mountV2,
			"sys/fs/cgroup/system.slice/jupyterhub.service/memory.max": "max\n",
		}, 0},
		{"v2 in a cgroup namespace (the mount's root is the process's cgroup)", map[string]string{
			"proc/self/cgroup":             "0::/\n",
			"proc/self/mountinfo":          "29 23 0:26 /kubepods/pod1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n",
			"sys/fs/cgroup/memory.max":     "1073741824\n",
			"sys/fs/cgroup/sub/memory.max": "1\n", // another cgroup: not ours
		}, 0},
		{"v1 memory controller", map[string]string{
			"proc/self/cgroup":    "8:pids:/\n4:memory:/process_api/3e7c\n3:cpu,cpuacct:/\n",
			"proc/self/mountinfo": mountV1,
			"sys/fs/cgroup/memory/process_api/3e7c/memory.limit_in_bytes": "1073741824\n",
			"sys/fs/cgroup/memory/memory.limit_in_bytes":                  "9223372036854771712\n",
		}, 1 << 30},
		{"v1 unlimited", map[string]string{
			"proc/self/cgroup":                           "4:memory:/\n",
			"proc/self/mountinfo":                        mountV1,
			"sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
		}, 0},
		{"hybrid: the smaller of v1 and v2", map[string]string{
			"proc/self/cgroup":                             "4:memory:/a\n0::/a\n",
			"proc/self/mountinfo":                          mountV1 + "40 31 0:40 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n",
			"sys/fs/cgroup/memory/a/memory.limit_in_bytes": "3000000000\n",
			"sys/fs/cgroup/unified/a/memory.max":           "2000000000\n",
		}, 2000000000},
		{"no mountinfo: the usual mount points", map[string]string{
			"proc/self/cgroup":           "0::/u\n",
			"sys/fs/cgroup/u/memory.max": "123456789\n",
		}, 123456789},
		{"no cgroup file", map[string]string{}, 0},
	}
	for _, c := range cases {
		if got := cgroupMemLimit(fakeRoot(t, c.files)); got != c.want {
			t.Errorf("%s: limit %d, want %d", c.name, got, c.want)
		}
	}
}

// Under a per-user limit (as JupyterHub sets), a tensor bigger than the limit is a clear
// error before anything is allocated, not a SIGKILL from the kernel's OOM killer.
func TestCgroupLimitRefusesBigTensors(t *testing.T) {
	saved := memLimit
	defer func() { memLimit = saved }()
	memLimit = func() (uint64, bool) { return 2 << 30, true }
	err := Try(func() { Ones(40000, 40000) })
	want := "tape: shape [40000 40000] needs 6.0 GiB, more than this process may use (its cgroup's memory limit is 2.0 GiB)"
	if err == nil || err.Error() != want {
		t.Errorf("Ones(40000, 40000) under a 2 GiB cgroup: %v, want %q", err, want)
	}
	if x := Ones(4000, 4000); x.Size() != 16e6 { // 61 MiB is fine
		t.Errorf("Ones(4000, 4000) has %d elements", x.Size())
	}
	if err := Try(func() { MatMul(Ones(30000, 1), Ones(1, 30000)) }); err == nil || !strings.Contains(err.Error(), "cgroup's memory limit is 2.0 GiB") {
		t.Errorf("a MatMul result of 3.4 GiB: %v", err)
	}
}
