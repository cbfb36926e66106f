package tape

import (
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
)

// The memory limit of the process's own cgroup, as JupyterHub and systemd set per user: the
// process reads /proc/self/cgroup to find its cgroup (v2: the "0::" line; v1: the line of
// the memory controller), /proc/self/mountinfo to find where that hierarchy is mounted, and
// takes the smallest of memory.max (v2) or memory.limit_in_bytes (v1) of its cgroup and the
// cgroups above it ("max" and v1's huge "unlimited" number are no limit).

// cgroupMount is where a cgroup hierarchy is mounted: the cgroup path of the mount's root
// and the mount point.
type cgroupMount struct{ root, point string }

// cgroupMemLimit returns the process's cgroup memory limit in bytes (0: none found). Every
// path is read under fsRoot ("" for the real one; tests give a fake tree).
func cgroupMemLimit(fsRoot string) uint64 {
	b, err := os.ReadFile(fsRoot + "/proc/self/cgroup")
	if err != nil {
		return 0
	}
	v2, v1 := cgroupMounts(fsRoot)
	limit := uint64(0)
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 {
			continue
		}
		m, file := v2, "memory.max"
		switch {
		case f[0] == "0" && f[1] == "":
		case slices.Contains(strings.Split(f[1], ","), "memory"):
			m, file = v1, "memory.limit_in_bytes"
		default:
			continue
		}
		if l := cgroupLimitAlong(fsRoot, m, f[2], file); l > 0 && (limit == 0 || l < limit) {
			limit = l
		}
	}
	return limit
}

// cgroupLimitAlong returns the smallest limit in file of cgroup cg and its ancestors up to
// the mount point (0: none).
func cgroupLimitAlong(fsRoot string, m cgroupMount, cg, file string) uint64 {
	rel, ok := strings.CutPrefix(cg, m.root)
	if !ok || strings.Contains(rel, "..") || (m.root != "/" && rel != "" && !strings.HasPrefix(rel, "/")) {
		return 0 // outside what this mount shows (another cgroup namespace)
	}
	limit := uint64(0)
	for dir := path.Join(m.point, rel); ; dir = path.Dir(dir) {
		if b, err := os.ReadFile(fsRoot + dir + "/" + file); err == nil {
			v, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
			if err == nil && v > 0 && v < 1<<62 && (limit == 0 || v < limit) {
				limit = v
			}
		}
		if dir == m.point || len(dir) <= len(m.point) {
			return limit
		}
	}
}

// cgroupMounts returns the mounts of the v2 hierarchy and of v1's memory controller, from
// /proc/self/mountinfo (fields: id parent dev root mountpoint options ... - fstype source
// superoptions), defaulting to the usual /sys/fs/cgroup and /sys/fs/cgroup/memory.
func cgroupMounts(fsRoot string) (v2, v1 cgroupMount) {
	v2, v1 = cgroupMount{"/", "/sys/fs/cgroup"}, cgroupMount{"/", "/sys/fs/cgroup/memory"}
	b, err := os.ReadFile(fsRoot + "/proc/self/mountinfo")
	if err != nil {
		return v2, v1
	}
	for _, line := range strings.Split(string(b), "\n") {
		pre, post, ok := strings.Cut(line, " - ")
		f, g := strings.Fields(pre), strings.Fields(post)
		if !ok || len(f) < 5 || len(g) < 1 {
			continue
		}
		m := cgroupMount{root: f[3], point: f[4]}
		switch {
		case g[0] == "cgroup2":
			v2 = m
		case g[0] == "cgroup" && len(g) >= 3 && slices.Contains(strings.Split(g[2], ","), "memory"):
			v1 = m
		}
	}
	return v2, v1
}
