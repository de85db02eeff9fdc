package backup

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// progress counts bytes and files and, when it has somewhere to write,
// rewrites one line every half second, as `reindex` does.
type progress struct {
	w       io.Writer
	verb    string
	total   int64 // bytes; 0 when unknown
	files   int   // files expected; 0 when unknown
	start   time.Time
	bytes   atomic.Int64
	done    atomic.Int64
	quit    chan struct{}
	stopped sync.Once
	wg      sync.WaitGroup
}

func newProgress(w io.Writer, verb string, total int64, files int) *progress {
	p := &progress{w: w, verb: verb, total: total, files: files, start: time.Now(), quit: make(chan struct{})}
	if w == nil {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.quit:
				return
			case <-t.C:
				fmt.Fprint(p.w, "\r"+p.line())
			}
		}
	}()
	return p
}

// Write counts bytes copied (progress is an io.Writer for io.MultiWriter).
func (p *progress) Write(b []byte) (int, error) {
	p.bytes.Add(int64(len(b)))
	return len(b), nil
}

func (p *progress) file() { p.done.Add(1) }

// stop ends the line with its final state (once).
func (p *progress) stop() {
	p.stopped.Do(func() {
		close(p.quit)
		p.wg.Wait()
		if p.w != nil {
			fmt.Fprintln(p.w, "\r"+p.line())
		}
	})
}

func (p *progress) line() string {
	took := time.Since(p.start)
	b := p.bytes.Load()
	rate := float64(b) / max(took.Seconds(), 0.001)
	files := fmt.Sprintf("%d files", p.done.Load())
	if p.files > 0 {
		files = fmt.Sprintf("%d of %d files", p.done.Load(), p.files)
	}
	if p.total <= 0 {
		return fmt.Sprintf("%s %s, %s, %s/s   ", p.verb, files, size(b), size(int64(rate)))
	}
	left := "?"
	if rate > 0 && p.total >= b {
		left = (time.Duration(float64(p.total-b)/rate) * time.Second).Round(time.Second).String()
	}
	return fmt.Sprintf("%s %s, %s of %s (%.0f%%), %s/s, %s left   ",
		p.verb, files, size(b), size(p.total), 100*float64(b)/float64(p.total), size(int64(rate)), left)
}

// size writes a byte count for people.
func size(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
