package service

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"cocreate/app/domain"
)

// cancelAtEnd is an upload whose reading to its end ends the request (the
// phone's connection lost once its photo was sent).
type cancelAtEnd struct {
	r      *bytes.Reader
	cancel context.CancelFunc
	once   sync.Once
}

func (c *cancelAtEnd) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	if off > 0 && off+int64(n) >= c.r.Size() { // the decoding's last read, past the head's
		c.once.Do(c.cancel)
	}
	return n, err
}

// noisePNG is a real image larger than the head an upload's check reads
// first (images' 256 KiB): noise, which PNG cannot shrink.
func noisePNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 400, 400))
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(rnd.Uint32())
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if b.Len() <= 256<<10 {
		t.Fatalf("the noise is %d bytes, within the head", b.Len())
	}
	return b.Bytes()
}

// An idea whose photos were saved is written even when its request ends
// then: the write is carried to its end, so it is never answered as
// refused (its photos removed) once it may have committed. Before, the
// idea was dropped; had the commit come first, its photos would have
// gone while its row named them.
func TestUploads54AWriteWithSavedPhotosOutlivesItsRequest(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	fan := w.fan(1)
	ctx, cancel := context.WithCancel(w.ctx)
	defer cancel()
	data := noisePNG(t)
	up := &cancelAtEnd{r: bytes.NewReader(data), cancel: cancel}
	title, summary, body := "带照片的创意", "照片在路上", "连接断了"
	idea, err := w.s.SubmitIdea(ctx, &fan, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body},
		[]Upload{{Name: "a.png", File: up, Size: int64(len(data))}})
	if ctx.Err() == nil {
		t.Fatal("the request did not end while the photo was read")
	}
	if err != nil || len(idea.Images) != 1 {
		t.Fatalf("the idea: %v, %d photos; want it written with its photo", err, len(idea.Images))
	}
	stored, err := w.s.store.Idea(w.ctx, idea.ID)
	if err != nil || len(stored.Images) != 1 {
		t.Fatalf("stored: %v, %v", stored.Images, err)
	}
	if _, err := os.Stat(filepath.Join(w.s.Images.Path, stored.Images[0].File)); err != nil {
		t.Errorf("the photo the idea names is gone: %v", err)
	}
}
