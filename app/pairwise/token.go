package pairwise

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"cocreate/app/domain"
)

// Question is one pair put to one fan: what a pair token carries from the
// GET that asked it to the POST that answers it.
type Question struct {
	Challenge, User int64
	Left, Right     int64
	Expires         time.Time
}

// TokenLife is how long a fan has to answer a pair.
const TokenLife = time.Hour

// Sign writes a question as a token: its fields and an HMAC-SHA256 of them
// under key, so no one can make or change one without the key. It holds
// no secret (the fan may read it). Single use is the store's part: a fan
// answers a pair once (comparisons' unique key).
func Sign(key []byte, q Question) string {
	payload := strings.Join([]string{
		strconv.FormatInt(q.Challenge, 10), strconv.FormatInt(q.User, 10),
		strconv.FormatInt(q.Left, 10), strconv.FormatInt(q.Right, 10),
		strconv.FormatInt(q.Expires.UnixMilli(), 10),
	}, ".")
	return payload + "." + encode(mac(key, payload))
}

func mac(key []byte, payload string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("cocreate pair token\x00" + payload))
	return h.Sum(nil)[:18]
}

// Verify reads a token answering a pair of challenge for user at now. A
// token that is not well formed, not signed by key, for another fan or
// another challenge is invalid; one past its time has expired: both are
// 400 naming pair_token.
func Verify(key []byte, token string, challenge, user int64, now time.Time) (Question, error) {
	bad := domain.Invalid("pair_token", "invalid_pair_token", "pair_token is not a pair this server gave you")
	if len(token) > 200 { // equivalent mutant: no token this server signs is near 200 characters
		return Question{}, bad
	}
	parts := strings.Split(token, ".")
	if len(parts) != 6 {
		return Question{}, bad
	}
	sum, err := base64.RawURLEncoding.DecodeString(parts[5])
	if err != nil || !hmac.Equal(sum, mac(key, strings.Join(parts[:5], "."))) {
		return Question{}, bad
	}
	var v [5]int64
	for i := range v {
		if v[i], err = strconv.ParseInt(parts[i], 10, 64); err != nil {
			return Question{}, bad
		}
	}
	q := Question{Challenge: v[0], User: v[1], Left: v[2], Right: v[3], Expires: time.UnixMilli(v[4]).UTC()}
	if q.Challenge != challenge || q.User != user || q.Left == q.Right {
		return Question{}, bad
	}
	if !now.Before(q.Expires) {
		return Question{}, domain.Invalid("pair_token", "pair_token_expired", "this pair has expired: ask for a new one")
	}
	return q, nil
}

// Choice is a fan's answer to a pair.
type Choice string

const (
	ChoiceLeft  Choice = "left"
	ChoiceRight Choice = "right"
	ChoiceSkip  Choice = "skip"
)

// ParseChoice reads an answer.
func ParseChoice(s string) (Choice, error) {
	switch Choice(s) {
	case ChoiceLeft, ChoiceRight, ChoiceSkip:
		return Choice(s), nil
	}
	return "", domain.Invalid("choice", "invalid_choice", "choice must be left, right or skip")
}

// Winner is the idea the choice picks in q (0 for a skip).
func (c Choice) Winner(q Question) int64 {
	switch c {
	case ChoiceLeft:
		return q.Left
	case ChoiceRight:
		return q.Right
	}
	return 0
}

// CanCompare decides whether u may be asked or answer a pair in challenge c
// at now: a pairwise challenge while voting is open.
func CanCompare(u *domain.User, c domain.Challenge, now time.Time) error {
	if u == nil {
		return domain.Unauthorized("sign in to compare ideas")
	}
	if err := domain.RequireMethod(c, domain.MethodPairwise); err != nil {
		return err
	}
	if !c.VotingOpen(now) {
		return domain.Conflict("voting_closed", "voting is not open for this challenge")
	}
	return nil
}

func encode(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
