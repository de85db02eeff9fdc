package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
)

// fakeSMTP is a mail server just big enough for net/smtp: EHLO, STARTTLS,
// AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT.
type fakeSMTP struct {
	addr     string
	tls      *tls.Config // nil: no STARTTLS offered
	implicit bool        // TLS from the first byte (port 465), with tls
	user     string      // "": no AUTH offered
	password string
	rcptCode int // the reply to RCPT, 250 when zero

	mu  sync.Mutex
	got []delivery
}

type delivery struct {
	from, to string
	tls      bool
	authed   string
	data     string
}

func startFakeSMTP(t *testing.T, f *fakeSMTP) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	f.addr = ln.Addr().String()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(conn)
		}
	}()
	return f
}

func (f *fakeSMTP) deliveries() []delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]delivery(nil), f.got...)
}

func (f *fakeSMTP) serve(conn net.Conn) {
	defer func() { conn.Close() }()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	secure, authed := false, ""
	if f.implicit {
		tc := tls.Server(conn, f.tls)
		if err := tc.Handshake(); err != nil {
			return
		}
		conn, secure = tc, true
	}
	tp := textproto.NewConn(conn)
	tp.PrintfLine("220 fake ESMTP")
	var cur delivery
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ext := []string{"fake"}
			if f.tls != nil && !secure {
				ext = append(ext, "STARTTLS")
			}
			if f.user != "" {
				ext = append(ext, "AUTH PLAIN")
			}
			for i, e := range ext {
				sep := "-"
				if i == len(ext)-1 {
					sep = " "
				}
				tp.PrintfLine("250%s%s", sep, e)
			}
		case "STARTTLS":
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(conn, f.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, tp, secure = tc, textproto.NewConn(tc), true
		case "AUTH":
			_, b64, _ := strings.Cut(arg, " ")
			raw, _ := base64.StdEncoding.DecodeString(b64)
			if string(raw) != "\x00"+f.user+"\x00"+f.password {
				tp.PrintfLine("535 bad credentials")
				continue
			}
			authed = f.user
			tp.PrintfLine("235 ok")
		case "MAIL":
			cur = delivery{from: arg, tls: secure, authed: authed}
			tp.PrintfLine("250 ok")
		case "RCPT":
			if f.rcptCode != 0 {
				tp.PrintfLine("%d no", f.rcptCode)
				continue
			}
			cur.to = arg
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go on")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.data = string(data)
			f.mu.Lock()
			f.got = append(f.got, cur)
			f.mu.Unlock()
			tp.PrintfLine("250 queued")
		case "RSET", "NOOP":
			tp.PrintfLine("250 ok")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 unknown")
		}
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a client config that
// trusts it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return server, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

func TestSMTPSenderUsesSTARTTLSAndAuthAndEncodesHeaders(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	srv := startFakeSMTP(t, &fakeSMTP{tls: serverTLS, user: "cocreate", password: "s3cret"})
	s := &SMTPSender{Addr: srv.addr, User: "cocreate", Password: "s3cret", From: "共创 <noreply@example.com>", TLSConfig: clientTLS}
	m := Message{
		ID:      "<cocreate.7.abc@example.com>",
		To:      "wang@example.com",
		ToName:  "小王",
		Subject: "cocreate：你的创意“自清洁内筒”入围了",
		Text:    "小王，你好：\n\n你的创意入围了。\n\nhttps://example.com/ideas/7\n",
		Lang:    "zh",
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.deliveries()
	if len(got) != 1 {
		t.Fatalf("the server got %d messages", len(got))
	}
	d := got[0]
	if !d.tls || d.authed != "cocreate" || !strings.Contains(d.from, "<noreply@example.com>") || !strings.Contains(d.to, "<wang@example.com>") {
		t.Fatalf("delivery = %+v", d)
	}
	msg := parse(t, d.data)
	if msg.Header.Get("Message-ID") != m.ID {
		t.Errorf("Message-ID = %q", msg.Header.Get("Message-ID"))
	}
	rawSubject := msg.Header.Get("Subject")
	if !strings.HasPrefix(rawSubject, "=?utf-8?q?") {
		t.Errorf("Subject is not Q-encoded: %q", rawSubject)
	}
	if subject, err := new(mime.WordDecoder).DecodeHeader(rawSubject); err != nil || subject != m.Subject {
		t.Errorf("Subject decodes to %q (%v)", subject, err)
	}
	for h, want := range map[string]mail.Address{"To": {Name: "小王", Address: "wang@example.com"}, "From": {Name: "共创", Address: "noreply@example.com"}} {
		a, err := mail.ParseAddress(msg.Header.Get(h))
		if err != nil || *a != want {
			t.Errorf("%s = %q (%v)", h, msg.Header.Get(h), err)
		}
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != m.Text {
		t.Errorf("body = %q", got)
	}
}

func TestSMTPSenderTellsPermanentFromPassingFailures(t *testing.T) {
	for _, c := range []struct {
		code      int
		permanent bool
	}{{550, true}, {451, false}} {
		srv := startFakeSMTP(t, &fakeSMTP{rcptCode: c.code})
		s := &SMTPSender{Addr: srv.addr, From: "noreply@example.com"}
		err := s.Send(context.Background(), msg(1))
		if err == nil || IsPermanent(err) != c.permanent {
			t.Errorf("RCPT %d: err %v, permanent %v", c.code, err, IsPermanent(err))
		}
	}
	// Credentials are never sent in the clear to a remote server; to
	// 127.0.0.1 net/smtp allows it, so a wrong password is what fails here,
	// and it is worth retrying once the operator fixes it.
	srv := startFakeSMTP(t, &fakeSMTP{user: "u", password: "right"})
	err := (&SMTPSender{Addr: srv.addr, User: "u", Password: "wrong", From: "noreply@example.com"}).Send(context.Background(), msg(1))
	if err == nil || IsPermanent(err) {
		t.Errorf("wrong password: %v", err)
	}
	// Nobody listening is a passing failure too.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln.Addr().String()
	ln.Close()
	if err := (&SMTPSender{Addr: dead, From: "noreply@example.com", Timeout: time.Second}).Send(context.Background(), msg(1)); err == nil || IsPermanent(err) {
		t.Errorf("no server: %v", err)
	}
}

// Over SMTP a crash between the server's 250 and the store's record sends
// the message again after the restart: at-least-once, with the same
// Message-ID, which is what lets the receiving side drop the copy.
func TestSMTPCrashWindowResendsTheSameMessage(t *testing.T) {
	e := newEnv(t)
	u := e.user(t, "fan@example.com", "Fan", "")
	e.notify(t, u.ID, domain.NoticeWon, "/ideas/1", "idea")
	srv := startFakeSMTP(t, &fakeSMTP{})
	s := &SMTPSender{Addr: srv.addr, From: "noreply@example.com"}
	_, died := run(NewWorker(e.st, &crashing{Sender: s, at: 1}, cfg))
	<-died
	e.restart(t)
	stop, _ := run(NewWorker(e.st, s, cfg))
	waitFor(t, "the resend", func() bool { return e.pending(t) == 0 })
	stop()
	got := srv.deliveries()
	if len(got) != 2 {
		t.Fatalf("the server got %d copies, want 2", len(got))
	}
	a, b := parse(t, got[0].data).Header.Get("Message-ID"), parse(t, got[1].data).Header.Get("Message-ID")
	if a == "" || a != b {
		t.Fatalf("the copies have Message-IDs %q and %q", a, b)
	}
}

// Implicit TLS (port 465, the usual setting of QQ, 163, Tencent's and
// Aliyun's mail): the server says nothing until the TLS handshake, so a
// sender waiting for its greeting in the clear only times out.
func TestSMTPSenderSpeaksImplicitTLS(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	srv := startFakeSMTP(t, &fakeSMTP{tls: serverTLS, implicit: true, user: "cocreate", password: "s3cret"})
	s := &SMTPSender{Addr: "smtps://" + srv.addr, User: "cocreate", Password: "s3cret", From: "共创 <noreply@example.com>", TLSConfig: clientTLS, Timeout: 5 * time.Second}
	if err := s.Send(context.Background(), msg(1)); err != nil {
		t.Fatal(err)
	}
	got := srv.deliveries()
	if len(got) != 1 || !got[0].tls || got[0].authed != "cocreate" {
		t.Fatalf("deliveries = %+v", got)
	}
	// Without smtps:// (and not on port 465) the sender waits for a
	// greeting in the clear, and says what to write instead.
	s.Addr, s.Timeout = srv.addr, 500*time.Millisecond
	err := s.Send(context.Background(), msg(2))
	if err == nil || IsPermanent(err) || !strings.Contains(err.Error(), "smtps://"+srv.addr) {
		t.Fatalf("STARTTLS-style send to an implicit-TLS server: %v", err)
	}
	// A certificate the sender does not trust is refused before anything
	// (the password above all) is written.
	s.Addr, s.TLSConfig = "smtps://"+srv.addr, &tls.Config{ServerName: "127.0.0.1"}
	if err := s.Send(context.Background(), msg(3)); err == nil || !strings.Contains(err.Error(), "TLS with") {
		t.Fatalf("untrusted certificate: %v", err)
	}
	if n := len(srv.deliveries()); n != 1 {
		t.Fatalf("the server got %d messages, want 1", n)
	}
}

func TestParseSMTPAddr(t *testing.T) {
	for _, c := range []struct {
		in       string
		addr     string
		implicit bool
		bad      bool
	}{
		{in: "smtp.qq.com:465", addr: "smtp.qq.com:465", implicit: true},
		{in: "smtp.example.com:587", addr: "smtp.example.com:587"},
		{in: "127.0.0.1:25", addr: "127.0.0.1:25"},
		{in: "smtps://smtp.163.com", addr: "smtp.163.com:465", implicit: true},
		{in: "smtps://smtp.example.com:2465", addr: "smtp.example.com:2465", implicit: true},
		{in: "SMTPS://smtp.example.com:465/", addr: "smtp.example.com:465", implicit: true},
		{in: "smtp://smtp.example.com", addr: "smtp.example.com:587"},
		{in: "smtp://smtp.example.com:465", addr: "smtp.example.com:465"},
		{in: "smtps://[::1]", addr: "[::1]:465", implicit: true},
		{in: "smtp.example.com", bad: true},
		{in: ":465", bad: true},
		{in: "https://smtp.example.com", bad: true},
		{in: "smtps://", bad: true},
		{in: "smtps://user@smtp.example.com", bad: true},
		{in: "smtps://smtp.example.com/x", bad: true},
	} {
		addr, implicit, err := ParseSMTPAddr(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("%q: read as %q, want an error", c.in, addr)
			}
			continue
		}
		if err != nil || addr != c.addr || implicit != c.implicit {
			t.Errorf("%q: %q, implicit %v, %v; want %q, implicit %v", c.in, addr, implicit, err, c.addr, c.implicit)
		}
	}
}

// Session 50's review: a server that is not this machine must take
// STARTTLS (anyone on the path could strip its offer, and reset and
// invitation links would go in the clear); one that offers none gets
// nothing, with an error saying what to write instead. A loopback relay
// may speak in the clear, and so may one given as smtp+plain:// (a relay
// on a private network); one that offers STARTTLS gets it either way.
func TestSMTPSenderRequiresSTARTTLSOfARemoteServer(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	clear := startFakeSMTP(t, &fakeSMTP{})
	starttls := startFakeSMTP(t, &fakeSMTP{tls: serverTLS})
	// Names that are not loopback, reaching the fake servers.
	via := func(srv *fakeSMTP) func(context.Context, time.Time, string) (net.Conn, error) {
		return func(ctx context.Context, deadline time.Time, _ string) (net.Conn, error) {
			d := net.Dialer{Deadline: deadline}
			return d.DialContext(ctx, "tcp", srv.addr)
		}
	}
	for _, c := range []struct {
		addr    string
		srv     *fakeSMTP
		sent    bool
		overTLS bool
	}{
		{"smtp://relay.example.com", clear, false, false},
		{"relay.example.com:25", clear, false, false},
		{"relay.example.com:587", clear, false, false},
		{"smtp://10.0.0.5:25", clear, false, false},
		{"smtp+plain://relay.example.com", clear, true, false},
		{"SMTP+PLAIN://10.0.0.5:2525", clear, true, false},
		{"smtp://relay.example.com", starttls, true, true},
		{"smtp+plain://relay.example.com", starttls, true, true},
		{"smtp://localhost:25", clear, true, false},
		{"127.0.0.1:25", clear, true, false},
		{"smtp://[::1]:25", clear, true, false},
	} {
		before := len(c.srv.deliveries())
		s := &SMTPSender{Addr: c.addr, From: "noreply@example.com", TLSConfig: clientTLS, Timeout: 5 * time.Second, dial: via(c.srv)}
		err := s.Send(context.Background(), msg(1))
		got := c.srv.deliveries()
		if !c.sent {
			if err == nil || IsPermanent(err) || !strings.Contains(err.Error(), "offers no STARTTLS") ||
				!strings.Contains(err.Error(), "smtps://") || !strings.Contains(err.Error(), "smtp+plain://") {
				t.Errorf("%s without STARTTLS: %v", c.addr, err)
			}
			if len(got) != before {
				t.Errorf("%s: a message went in the clear", c.addr)
			}
			continue
		}
		if err != nil || len(got) != before+1 {
			t.Errorf("%s: %v, %d messages", c.addr, err, len(got)-before)
			continue
		}
		if got[len(got)-1].tls != c.overTLS {
			t.Errorf("%s: over TLS %v, want %v", c.addr, got[len(got)-1].tls, c.overTLS)
		}
	}
}

func TestParseSMTPServer(t *testing.T) {
	for _, c := range []struct {
		in   string
		want SMTPServer
		bad  bool
	}{
		{in: "smtp+plain://relay.lan", want: SMTPServer{Addr: "relay.lan:25", Cleartext: true}},
		{in: "smtp+plain://10.0.0.5:2525/", want: SMTPServer{Addr: "10.0.0.5:2525", Cleartext: true}},
		{in: "smtp+plain://[fd00::5]", want: SMTPServer{Addr: "[fd00::5]:25", Cleartext: true}},
		{in: "smtps://smtp.163.com", want: SMTPServer{Addr: "smtp.163.com:465", ImplicitTLS: true}},
		{in: "smtp://smtp.example.com", want: SMTPServer{Addr: "smtp.example.com:587"}},
		{in: "smtp+plain://", bad: true},
		{in: "smtp+plain://u@relay.lan", bad: true},
		{in: "smtp+plain://:25", bad: true},
		{in: "smtp+tls://relay.lan", bad: true},
	} {
		got, err := ParseSMTPServer(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("%q: read as %+v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}
