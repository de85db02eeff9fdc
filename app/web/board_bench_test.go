package web

import (
	"fmt"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"cocreate/app/domain"
)

// BenchmarkBoardPages measures, over real HTTP, the uncached board and
// roadmap reads a visitor makes (#17 item 5), on a board of 24 posts (the
// demo's size) and of 10,000, spread over the six statuses with votes and a
// response each; cpu-ms/read is the process's CPU time (server and client,
// getrusage) per read, which the machine's load does not inflate:
//
//	go test ./app/web -run XXX -bench BoardPages -benchtime 100x
func BenchmarkBoardPages(b *testing.B) {
	for _, posts := range []int{24, 10_000} {
		b.Run(fmt.Sprintf("posts=%d", posts), func(b *testing.B) { benchBoardPages(b, posts) })
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchBoardPages(b *testing.B, posts int) {
	h := newHarness(b)
	admin := h.setup()
	bid := h.board(admin, "洗衣机")
	author := h.userID(admin)
	db := h.rawDB()
	now := h.clock().UnixMilli()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for i := range posts {
		st := domain.Statuses[i%len(domain.Statuses)]
		var at any
		if st != domain.StatusOpen {
			at = now - int64(i)*1000
		}
		if _, err := tx.Exec(`INSERT INTO ideas (challenge_id, author_id, title, summary, body, votes, hot, status, response, status_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, bid, author, fmt.Sprintf("洗衣机的建议 %d", i), "脱水时噪音太大，晚上睡不着",
			"能不能在夜间模式里降低脱水转速？\n\nCould night mode spin slower?", i%97, float64(i%89), string(st), "已收到，谢谢。", at,
			now-int64(i)*60_000, now); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	client := &http.Client{}
	for _, path := range []string{
		"/roadmap", "/api/v1/roadmap",
		fmt.Sprintf("/challenges/%d", bid), fmt.Sprintf("/challenges/%d?status=planned&sort=top", bid),
		fmt.Sprintf("/api/v1/challenges/%d/ideas?status=planned", bid),
	} {
		b.Run(path, func(b *testing.B) {
			var worst time.Duration
			cpu := cpuTime()
			for range b.N {
				start := time.Now()
				res, err := client.Get(h.srv.URL + path)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					b.Fatalf("%s: %d", path, res.StatusCode)
				}
				worst = max(worst, time.Since(start))
			}
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N)/1000, "cpu-ms/read")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/read")
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
		})
	}
}
