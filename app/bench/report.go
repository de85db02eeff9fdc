package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is one run's results: the table's rows, every measured load, and
// what broke.
type Report struct {
	Date    time.Time        `json:"date"`
	Machine Machine          `json:"machine"`
	Config  map[string]any   `json:"config"`
	Rows    []Row            `json:"rows"`
	Loads   map[string]Stats `json:"loads"`
	// Failures are broken promises (tallies, check, clean stop), not
	// missed performance targets; Passed is true when there are none.
	Failures []string `json:"failures"`
	Passed   bool     `json:"passed"`
}

// Machine says where the numbers were taken.
type Machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpu_model"`
	MemoryMiB int64  `json:"memory_mib"`
	Kernel    string `json:"kernel"`
	Go        string `json:"go"`
}

func newReport(cfg *Config) *Report {
	return &Report{
		Date:    time.Now().UTC().Truncate(time.Second),
		Machine: machine(),
		Config: map[string]any{
			"fans": cfg.Fans, "ideas": cfg.Ideas, "list_ideas": cfg.ListIdeas, "duration": cfg.Duration.String(),
			"conns": cfg.Conns, "mixed_readers": cfg.MixedReaders, "mixed_voters": cfg.MixedVoters, "mixed_searchers": cfg.MixedSearchers, "list_conns": cfg.ListConns, "pages": cfg.Pages, "gzip": cfg.Gzip, "wait_quiet": cfg.WaitQuiet.String(), "scenarios": cfg.Scenarios,
		},
		Loads:    map[string]Stats{},
		Failures: []string{},
		Passed:   true,
	}
}

func (r *Report) add(rows ...Row) { r.Rows = append(r.Rows, rows...) }

func (r *Report) fail(err error) {
	r.Failures = append(r.Failures, err.Error())
	r.Passed = false
}

func (r *Report) err() error {
	if r.Passed {
		return nil
	}
	return fmt.Errorf("bench: %d failures:\n%s", len(r.Failures), strings.Join(r.Failures, "\n"))
}

// Row finds a row by the start of its figure's name.
func (r *Report) Row(prefix string) (Row, bool) {
	i := slices.IndexFunc(r.Rows, func(row Row) bool { return strings.HasPrefix(row.Figure, prefix) })
	if i < 0 {
		return Row{}, false
	}
	return r.Rows[i], true
}

// Print writes the human table: each figure beside the ceiling, their
// ratio, its target (the product's performance promise) and whether it is met; then how busy each side
// was, and any failure in capitals, so that it cannot be missed.
func (r *Report) Print(w io.Writer) {
	m := r.Machine
	fmt.Fprintf(w, "cocreate bench, %s, %d × %s, %d MiB, %s\n\n", r.Date.Format(time.RFC3339), m.CPUs, m.CPUModel, m.MemoryMiB, m.Go)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tvalue\tceiling\tratio\ttarget\tmet")
	for _, row := range r.Rows {
		val, ceil, ratio, met := row.Text, "", "", ""
		if val == "" {
			val = format(row.Value, row.Unit)
		}
		if row.Ceiling > 0 {
			ceil = format(row.Ceiling, row.Unit)
			ratio = fmt.Sprintf("%.2f×", row.Value/row.Ceiling)
		}
		if row.Met != nil {
			met = map[bool]string{true: "yes", false: "NO"}[*row.Met]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", row.Figure, val, ceil, ratio, row.Target, met)
	}
	_ = tw.Flush()
	if len(r.Loads) > 0 {
		fmt.Fprintf(w, "\ncores busy during each load, of %d: server + load generator + other processes; CPU per 2xx answer of the server and of the load generator (this process)\n", m.CPUs)
		names := make([]string, 0, len(r.Loads))
		for n := range r.Loads {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			st := r.Loads[n]
			if st.ServerCPU == 0 && st.ClientCPU == 0 {
				// A part of a mixed load: its CPU is the whole load's line.
				fmt.Fprintf(w, "  %-20s (part of the load above)                              %d conns, %d ok, %d errors, p50 %.2f ms, p99 %.2f ms, max %.1f ms\n",
					n, st.Conns, st.OK, st.Errors, st.P50, st.P99, st.Max)
				continue
			}
			fmt.Fprintf(w, "  %-20s %4.2f + %4.2f + %4.2f   server %5.0f µs, generator %4.1f µs per answer (%d conns, %d ok, %d errors, max %.1f ms)\n",
				n, st.ServerCPU, st.ClientCPU, st.OtherCPU, st.ServerMicros(), st.ClientMicros(), st.Conns, st.OK, st.Errors, st.Max)
			if st.OtherCPU > 0.1 {
				fmt.Fprintf(w, "  %-20s ^ other processes took %.2f cores: this machine was not quiet\n", "", st.OtherCPU)
			}
		}
	}
	for _, f := range r.Failures {
		fmt.Fprintln(w, "\n!!! FAILURE:", f)
	}
	if len(r.Failures) == 0 {
		fmt.Fprintln(w, "\nall tallies and checks held")
	}
}

// WriteJSON writes the report to file.
func (r *Report) WriteJSON(file string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(b, '\n'), 0o644)
}

func format(v float64, unit string) string {
	switch unit {
	case "/s":
		return thousands(int64(v+0.5)) + "/s"
	case "ms":
		return strconv.FormatFloat(v, 'f', 2, 64) + " ms"
	case "s":
		return strconv.FormatFloat(v, 'f', 2, 64) + " s"
	case "µs":
		return strconv.FormatFloat(v, 'f', 1, 64) + " µs"
	case "MiB":
		return strconv.FormatFloat(v, 'f', 0, 64) + " MiB"
	case "×":
		return strconv.FormatFloat(v, 'f', 3, 64) + "×"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), Go: runtime.Version()}
	m.CPUModel = procField("/proc/cpuinfo", "model name")
	if kb, err := strconv.ParseInt(strings.TrimSuffix(procField("/proc/meminfo", "MemTotal"), " kB"), 10, 64); err == nil {
		m.MemoryMiB = kb / 1024
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}

// procField reads the first "key: value" line of a /proc file.
func procField(file, key string) string {
	f, err := os.Open(file)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
