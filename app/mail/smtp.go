package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// SMTPSender sends through a mail server, one connection per message: the
// worker sends little and rarely, and a fresh connection never trips over a
// server that closed an idle one.
type SMTPSender struct {
	// Addr is the server: host:port, smtp://host[:port] or
	// smtps://host[:port] (see ParseSMTPAddr).
	Addr     string
	User     string // with a user, AUTH PLAIN, which net/smtp only allows over TLS or to localhost
	Password string
	From     string // the sender, "cocreate <noreply@example.com>" or a bare address
	Hello    string // the name given in EHLO; "localhost" when empty
	// Timeout bounds one whole conversation, 30 s when zero; it must stay
	// well under store.MailLease so that a hung server cannot outlive a claim.
	Timeout time.Duration
	// TLSConfig is used for implicit TLS and STARTTLS; nil verifies the
	// certificate against the host of Addr.
	TLSConfig *tls.Config

	// dial connects to the server; nil is net.Dialer's. Tests reach the
	// fake server under a name that is not loopback.
	dial func(ctx context.Context, deadline time.Time, addr string) (net.Conn, error)
}

// SMTPServer is -smtp-addr read (ParseSMTPServer).
type SMTPServer struct {
	Addr        string // host:port to dial
	ImplicitTLS bool   // TLS from the first byte (smtps://, or a bare host:465)
	// Cleartext: smtp+plain://, a relay on a private network that speaks
	// no TLS; the conversation may stay in the clear even when the host is
	// not loopback. Otherwise a STARTTLS conversation with a host that is
	// not loopback requires STARTTLS (Send).
	Cleartext bool
}

// ParseSMTPServer reads -smtp-addr: as ParseSMTPAddr, and also
// smtp+plain://host[:port] (port 25 when none), STARTTLS when offered and
// the clear otherwise, for a relay on a private network.
func ParseSMTPServer(s string) (SMTPServer, error) {
	if scheme, rest, ok := strings.Cut(s, "://"); ok && strings.EqualFold(scheme, "smtp+plain") {
		rest = strings.TrimSuffix(rest, "/")
		if rest == "" || strings.ContainsAny(rest, "/?#@") {
			return SMTPServer{}, fmt.Errorf("%q: give the server only, as smtp+plain://host[:port]", s)
		}
		if h, p, err := net.SplitHostPort(rest); err == nil {
			if h == "" || p == "" {
				return SMTPServer{}, fmt.Errorf("%q is not smtp+plain://host[:port]", s)
			}
			return SMTPServer{Addr: rest, Cleartext: true}, nil
		}
		return SMTPServer{Addr: net.JoinHostPort(strings.Trim(rest, "[]"), "25"), Cleartext: true}, nil
	}
	addr, implicitTLS, err := ParseSMTPAddr(s)
	return SMTPServer{Addr: addr, ImplicitTLS: implicitTLS}, err
}

// loopbackHost says whether host is this machine (a local relay): there
// is no path between for anyone to strip STARTTLS on.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ParseSMTPAddr reads an SMTP address: the address to dial, and whether the
// conversation is in TLS from its first byte (implicit TLS, "SMTPS").
// -smtp-addr is read by ParseSMTPServer, which also knows smtp+plain://.
// smtps://host[:port] is implicit TLS (port 465 when none is given);
// smtp://host[:port] is STARTTLS (port 587 when none); a bare host:port is
// implicit TLS on port 465, where mail providers speak nothing else (QQ,
// 163, Tencent's and Aliyun's mail: clouds in China block port 25), and
// STARTTLS on any other port.
func ParseSMTPAddr(s string) (addr string, implicitTLS bool, err error) {
	scheme, rest, found := strings.Cut(s, "://")
	if !found {
		host, port, err := net.SplitHostPort(s)
		if err != nil || host == "" || port == "" {
			return "", false, fmt.Errorf("%q is not host:port, smtp://host[:port] or smtps://host[:port]", s)
		}
		return s, port == "465", nil
	}
	var port string
	switch strings.ToLower(scheme) {
	case "smtps":
		implicitTLS, port = true, "465"
	case "smtp":
		port = "587"
	default:
		return "", false, fmt.Errorf("%q: the scheme must be smtp:// (STARTTLS), smtps:// (TLS from the start) or smtp+plain:// (a relay on a private network without TLS)", s)
	}
	rest = strings.TrimSuffix(rest, "/")
	if rest == "" || strings.ContainsAny(rest, "/?#@") {
		return "", false, fmt.Errorf("%q: give the server only, as %s://host[:port]", s, scheme)
	}
	if h, p, err := net.SplitHostPort(rest); err == nil {
		if h == "" || p == "" {
			return "", false, fmt.Errorf("%q is not %s://host[:port]", s, scheme)
		}
		return rest, implicitTLS, nil
	}
	return net.JoinHostPort(strings.Trim(rest, "[]"), port), implicitTLS, nil
}

// Send delivers m. With implicit TLS (ParseSMTPServer) the connection is
// in TLS from the start; otherwise STARTTLS is used whenever the server
// offers it, and required of a server that is not loopback unless Addr is
// smtp+plain://: a server not offering it gets nothing (reset and
// invitation links are keys to accounts, and anyone on the path can strip
// the offer). A
// recipient or message refused with a 5xx reply is a Permanent failure; any
// other error (no connection, a full mailbox server, wrong password) is
// worth retrying. ctx cancels the conversation; the worker does not cancel a
// message under way, so that shutting down does not abort a half-sent one.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("mail: the sender %q is not an address: %w", s.From, err)
	}
	if _, err := mail.ParseAddress(m.To); err != nil {
		return Permanent(fmt.Errorf("mail: the recipient %q is not an address: %w", m.To, err))
	}
	server, err := ParseSMTPServer(s.Addr)
	if err != nil {
		return fmt.Errorf("mail: the SMTP address %w", err)
	}
	addr, implicitTLS := server.Addr, server.ImplicitTLS
	host, _, _ := net.SplitHostPort(addr) // ParseSMTPAddr made it host:port
	tlsConfig := s.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: host}
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	dial := s.dial
	if dial == nil {
		dial = func(ctx context.Context, deadline time.Time, addr string) (net.Conn, error) {
			dialer := net.Dialer{Deadline: deadline}
			return dialer.DialContext(ctx, "tcp", addr)
		}
	}
	conn, err := dial(ctx, deadline, addr)
	if err != nil {
		return fmt.Errorf("mail: unable to reach %s: %w", addr, err)
	}
	// net/smtp has no contexts: a deadline on the connection bounds every
	// read and write, and cancelling ctx moves it to now.
	_ = conn.SetDeadline(deadline) // fails only on a closed connection, which the next read reports
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	if implicitTLS {
		// A server on 465 says nothing until the handshake: waiting for
		// its greeting in the clear would only time out.
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = conn.Close() // the failed handshake is the error
			return fmt.Errorf("mail: TLS with %s: %w", addr, err)
		}
		conn = tc // net/smtp sees a *tls.Conn and allows AUTH PLAIN over it
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		_ = conn.Close() // the failed greeting is the error
		if !implicitTLS {
			// What a server speaking TLS from the start looks like.
			return fmt.Errorf("mail: %s did not greet: %w (a server that speaks TLS from the first byte is given as smtps://%s)", s.Addr, err, addr)
		}
		return fmt.Errorf("mail: %s did not greet: %w", s.Addr, err)
	}
	defer func() { _ = c.Close() }()
	hello := s.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fmt.Errorf("mail: EHLO to %s: %w", s.Addr, err)
	}
	if !implicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConfig); err != nil {
				return fmt.Errorf("mail: STARTTLS with %s: %w", s.Addr, err)
			}
		} else if !server.Cleartext && !loopbackHost(host) {
			// Not permanent: the operator mends the address, or the
			// path, and the message goes then.
			return fmt.Errorf("mail: %s offers no STARTTLS, and nothing is sent in the clear to a server that is not this machine "+
				"(anyone on the path can strip the offer): give smtps://%s if it speaks TLS from the first byte, "+
				"or smtp+plain://%s for a relay on a private network that speaks no TLS", s.Addr, host, addr)
		}
	}
	if s.User != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fmt.Errorf("mail: %s offers no AUTH but a user is configured", s.Addr)
		}
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, host)); err != nil {
			return fmt.Errorf("mail: AUTH at %s: %w", s.Addr, err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("mail: MAIL FROM at %s: %w", s.Addr, err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return refused(fmt.Errorf("mail: %s refused the recipient %s: %w", s.Addr, m.To, err))
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA at %s: %w", s.Addr, err)
	}
	if _, err := w.Write(m.Bytes(from.String())); err != nil {
		return fmt.Errorf("mail: unable to write the message to %s: %w", s.Addr, err)
	}
	// The reply to the closing dot is the server taking responsibility for
	// the message: from here on it is sent, whatever QUIT answers.
	if err := w.Close(); err != nil {
		return refused(fmt.Errorf("mail: %s did not take the message: %w", s.Addr, err))
	}
	_ = c.Quit() // the message was taken; a failed goodbye changes nothing
	return nil
}

// refused makes a 5xx reply permanent: the server said no to this message or
// recipient, and will say it again.
func refused(err error) error {
	var reply *textproto.Error
	if errors.As(err, &reply) && reply.Code >= 500 {
		return Permanent(err)
	}
	return err
}
