//go:build linux && cgo && cmalloc_mallinfo

package cmalloc

// With the tag cmalloc_mallinfo the package sums C's heap with mallinfo,
// as it does on a glibc before 2.33, whatever the glibc: so the fallback
// runs, and its tests pass, here too (go test -tags cmalloc_mallinfo).

// #cgo CFLAGS: -DCMALLOC_MALLINFO
import "C"
