package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// memorySources are the files the memory a run may use is read from.
type memorySources struct {
	meminfo          string // /proc/meminfo
	v2Max, v2Current string // cgroup v2: memory.max, memory.current
	v1Limit, v1Usage string // cgroup v1: memory.limit_in_bytes, memory.usage_in_bytes
}

// machineMemory returns the memory a run may use now, in bytes: what the
// kernel says is available (MemAvailable), or the room left under this
// process's cgroup limit when that is lower; 0 (no limit is enforced)
// where neither can be read.
func machineMemory() uint64 {
	v2 := "/sys/fs/cgroup"
	if rel := cgroupV2Path("/proc/self/cgroup"); rel != "" {
		if _, err := os.Stat(filepath.Join(v2, rel, "memory.max")); err == nil {
			v2 = filepath.Join(v2, rel)
		}
	}
	return availableMemory(memorySources{
		meminfo: "/proc/meminfo",
		v2Max:   filepath.Join(v2, "memory.max"), v2Current: filepath.Join(v2, "memory.current"),
		v1Limit: "/sys/fs/cgroup/memory/memory.limit_in_bytes", v1Usage: "/sys/fs/cgroup/memory/memory.usage_in_bytes",
	})
}

// availableMemory is machineMemory reading the given files.
func availableMemory(src memorySources) uint64 {
	avail := meminfoAvailable(src.meminfo)
	room := uint64(0)
	if limit, ok := readBytes(src.v2Max); ok {
		room = limit - min(limit, usage(src.v2Current))
	} else if limit, ok := readBytes(src.v1Limit); ok && limit < 1<<62 { // v1 writes "no limit" as a huge number
		room = limit - min(limit, usage(src.v1Usage))
	}
	switch {
	case room == 0:
		return avail
	case avail == 0:
		return room
	}
	return min(avail, room)
}

// meminfoAvailable reads MemAvailable from a /proc/meminfo file, or
// MemFree from kernels older than 3.14 that lack it; 0 if neither.
func meminfoAvailable(path string) uint64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	var free uint64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		kib, err := strconv.ParseUint(fields[1], 10, 64)
		if err != nil {
			continue
		}
		switch fields[0] {
		case "MemAvailable:":
			return kib << 10
		case "MemFree:":
			free = kib << 10
		}
	}
	return free
}

// readBytes reads a cgroup file holding one number of bytes; "max" (no
// limit), a missing file or anything else is not ok.
func readBytes(path string) (uint64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	v, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64)
	return v, err == nil && v > 0
}

func usage(path string) uint64 {
	v, _ := readBytes(path)
	return v
}

// cgroupV2Path returns this process's cgroup v2 path from /proc/self/cgroup
// (its "0::/path" line), or "" where there is none.
func cgroupV2Path(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rel, ok := strings.CutPrefix(line, "0::"); ok && rel != "/" {
			return rel
		}
	}
	return ""
}
