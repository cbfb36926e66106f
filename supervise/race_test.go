//go:build race

package supervise

// raceEnabled: under -race a huge allocation fails with the race runtime's own message
// ("too many address space collisions for -race mode"), not "out of memory".
const raceEnabled = true
