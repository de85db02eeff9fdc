package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"cocreate/app/cmalloc"
	"cocreate/app/memstat"
)

func init() { memstat.CHeap = cmalloc.Info }

// watchMemory logs the process's memory breakdown (memstat: Go's classes,
// the kernel's resident set, C's heap) each time the process gets SIGUSR1,
// until ctx ends: `kill -USR1 PID` answers "what is this RSS made of?" on a
// live server, and the bench reads the line for its memory rows.
//
// Every trimEvery it also hands back to the kernel what C's arenas keep
// free past trimKeep (cmalloc.Trim): glibc keeps memory freed inside its
// arenas resident, and SQLite sorting on many connections at once (a
// challenge's lists read from the database while its ranking loads) left
// ~150 MiB of it for the rest of the run, a third of DESIGN's 500 MiB.
func watchMemory(ctx context.Context, log *slog.Logger) {
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	trim := time.NewTicker(trimEvery)
	go func() {
		defer signal.Stop(usr1)
		defer trim.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-usr1:
				logMemory(log)
			case <-trim.C:
				cmalloc.Trim(trimKeep)
			}
		}
	}()
}

// trimEvery and trimKeep: a check of C's heap (mallinfo2, microseconds)
// every 10 s, a trim (milliseconds, arena by arena) only when its arenas
// keep over 32 MiB free.
const (
	trimEvery = 10 * time.Second
	trimKeep  = 32 << 20
)

// logMemory writes the breakdown to the log at once.
func logMemory(log *slog.Logger) {
	log.Info(memstat.Read().String())
	_ = logOut.Flush() // whoever asked (the bench) reads it now
}

// memoryAtExit logs the breakdown as the server stops, while everything it
// held is still held, and with COCREATE_MEMPROFILE=FILE writes a heap
// profile there (go tool pprof -sample_index=inuse_space FILE).
func memoryAtExit(log *slog.Logger) {
	logMemory(log)
	path := os.Getenv("COCREATE_MEMPROFILE")
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("heap").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		log.Error("COCREATE_MEMPROFILE: the heap profile was not written", "path", path, "err", err)
	}
}
