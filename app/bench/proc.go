package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"cocreate/app/memstat"

	"github.com/labstack/echo/v4"
)

// Process is a child process of the benchmark: the server or the ceiling.
// Measuring a separate process, over loopback, is the point: the figures
// include the kernel's TCP path and the scheduler, as a deployment would.
type Process struct {
	cmd *exec.Cmd
	// Base is the root URL the process listens on.
	Base string
	// Ready is the time from starting the process to the first /healthz 200.
	Ready time.Duration
	log   string
	done  chan struct{}
	err   error // Wait's answer, once done is closed
}

// StartServer starts `bin serve` on a free loopback port over data, with
// rate limits off (a load test from one address would meet them at once)
// and loopback trusted as a reverse proxy (each fan's requests name its
// own address: Fan.Header), and waits until /healthz answers 200. The server's log goes to logPath:
// a file costs the server what a deployment's log costs it, and reading a
// pipe here would cost the load generator CPU instead.
func StartServer(bin, data, logPath string) (*Process, error) {
	return start(logPath, bin, "serve", "-addr", "127.0.0.1:0", "-data", data, "-rate-limits", "off", "-trusted-proxies", "127.0.0.1/32")
}

// startCeiling starts the minimal echo handler (`bin bench -ceiling-server`).
func startCeiling(bin, logPath string) (*Process, error) {
	return start(logPath, bin, "bench", "-ceiling-server", "-addr", "127.0.0.1:0")
}

var urlInLog = regexp.MustCompile(`url=(http://[^\s"]+)`)

func start(logPath, bin string, args ...string) (*Process, error) {
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	from, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		f.Close()
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	began := time.Now()
	err = cmd.Start()
	f.Close() // the child has its own descriptor
	if err != nil {
		return nil, fmt.Errorf("bench: start %s: %w", bin, err)
	}
	p := &Process{cmd: cmd, log: logPath, done: make(chan struct{})}
	live.Store(p, true)
	go func() { p.err = cmd.Wait(); live.Delete(p); close(p.done) }()

	deadline := began.Add(2 * time.Minute)
	for p.Base == "" {
		if m := urlInLog.FindStringSubmatch(p.logSince(from)); m != nil {
			p.Base = m[1]
			break
		}
		if err := p.waitErr(deadline); err != nil {
			return nil, fmt.Errorf("bench: %s %s never said where it listens: %w\n%s", bin, args[0], err, p.logSince(from))
		}
	}
	probe := &http.Client{Timeout: 2 * time.Second}
	for {
		res, err := probe.Get(p.Base + "/healthz")
		if err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK || args[0] == "bench" {
				break // the ceiling has no /healthz: any answer means it serves
			}
		}
		if err := p.waitErr(deadline); err != nil {
			return nil, fmt.Errorf("bench: %s never answered /healthz: %w\n%s", p.Base, err, p.logSince(from))
		}
	}
	p.Ready = time.Since(began)
	return p, nil
}

// waitErr sleeps a little, and says why to give up waiting: the process
// ended, or the deadline passed (then the process is killed).
func (p *Process) waitErr(deadline time.Time) error {
	select {
	case <-p.done:
		return fmt.Errorf("it exited: %v", p.err)
	case <-time.After(2 * time.Millisecond):
	}
	if time.Now().After(deadline) {
		p.Kill()
		return errors.New("timed out")
	}
	return nil
}

func (p *Process) logSince(off int64) string {
	f, err := os.Open(p.log)
	if err != nil {
		return ""
	}
	defer f.Close()
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(f, 64<<10))
	return string(b)
}

// live holds the child processes still running, for killAll.
var live sync.Map

// killAll kills every child process still running: an interrupted
// benchmark must not leave a server holding its data directory.
func killAll() {
	live.Range(func(k, _ any) bool {
		_ = k.(*Process).cmd.Process.Signal(syscall.SIGKILL) // it may be gone already
		return true
	})
}

// Pid is the process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Stop asks the process to stop (SIGTERM, as an operator would) and waits;
// after 30 s it is killed. It returns the exit error, nil for exit status 0.
func (p *Process) Stop() error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return p.err
	case <-time.After(30 * time.Second):
		p.Kill()
		return errors.New("bench: the process did not stop within 30 s of SIGTERM; killed")
	}
}

// Kill ends the process with SIGKILL, as a power cut or the OOM killer
// would: no deferred code runs, nothing is flushed.
func (p *Process) Kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// Exited reports whether the process has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Memory is the server's memory now, with its parts: it asks the server
// (SIGUSR1) to log its breakdown (app/memstat: Go's classes, C's heap) and
// reads the line back. If the server does not answer within 5 s (an older
// binary), only the kernel's fields (VmRSS, RssAnon, RssFile) are filled
// and whole is false.
func (p *Process) Memory() (b memstat.Breakdown, whole bool) {
	from := p.logSize()
	if p.cmd.Process.Signal(syscall.SIGUSR1) == nil {
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if b, ok := memstat.Parse(p.logSince(from)); ok {
				return b, true
			}
		}
	}
	return memstat.OfProcess(p.Pid()), false
}

func (p *Process) logSize() int64 {
	fi, err := os.Stat(p.log)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// procCPU is a process's user+system CPU time in seconds, from
// /proc/PID/stat, 0 if unknown. Linux reports it in ticks of 1/100 s
// (USER_HZ, fixed at 100 for user space).
func procCPU(pid int) float64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces: count from its ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100
}

// runCheck runs `bin check -data DIR`, which verifies that every stored
// tally equals its rows; the server must be stopped.
func runCheck(bin, data string) (string, error) {
	out, err := exec.Command(bin, "check", "-data", data).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// serveCeiling is the hidden `bench -ceiling-server` mode: the smallest echo
// v4 handler that answers JSON, the machine's ceiling for this stack. It
// prints its address on stdout in the server's log format and serves until
// SIGTERM or SIGINT.
func serveCeiling(addr string) error {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("ceiling is listening url=http://%s\n", ln.Addr())
	hs := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return hs.Shutdown(shut)
}
