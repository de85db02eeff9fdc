// Package diskspace reads how much room a file system has left: the
// /metrics gauge, and a restore that must not fill the disk it writes to.
package diskspace
