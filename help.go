package main

import (
	_ "embed"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// readme is README.md, whose "Command line" section is the one text of the
// command list: `cocreate help` prints it and each command's -h its lines,
// so the two cannot drift apart.
//
//go:embed README.md
var readme string

// commandList is the code block under README's "## Command line".
func commandList() string {
	_, rest, ok := strings.Cut(readme, "\n## Command line\n")
	if !ok {
		return ""
	}
	_, rest, ok = strings.Cut(rest, "```\n")
	if !ok {
		return ""
	}
	list, _, _ := strings.Cut(rest, "```")
	return list
}

// usageLines are the lines of the command list that show the command
// name: `cocreate backup ...` for backup, `cocreate [serve] ...` for serve.
func usageLines(name string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(commandList(), "\n") {
		if f := strings.Fields(line); len(f) > 1 && strings.Trim(f[1], "[]") == name {
			b.WriteString(line)
		}
	}
	return b.String()
}

// isHelp says whether arg asks for help: help, -h, -help, --help.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

// help writes the command list.
func help(w io.Writer) {
	fmt.Fprint(w, "cocreate runs the co-creation portal. Commands:\n\n", commandList(),
		"\nSee README.md (Command line) for the environment variables and docs/deploy.md for several nodes.\n")
}

// newFlags is a command's flag set, whose -h shows the command's lines of
// the command list above its flags.
func newFlags(name string) *flag.FlagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.Usage = func() {
		fmt.Fprintf(fl.Output(), "usage:\n%s\nflags:\n", usageLines(name))
		fl.PrintDefaults()
	}
	return fl
}

// version says what this binary was built from: the module's version, the
// source revision and its time (when built from a Git checkout), and Go's.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "cocreate (no build information)"
	}
	v := "cocreate " + info.Main.Version
	var rev, at, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = " with uncommitted changes"
			}
		}
	}
	if rev != "" {
		v += ", revision " + rev
		if at != "" {
			v += " of " + at
		}
		v += modified
	}
	return v + ", " + info.GoVersion
}
