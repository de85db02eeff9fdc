package bench

import (
	"fmt"

	"github.com/valyala/fastjson"
)

// The workers read the JSON answers they check with fastjson, a parser
// each worker reuses (its Recorder's), not encoding/json: decoding a list
// page (20 ideas, 23 KB) into a struct by reflection was half of the load
// generator's CPU in the list loads (1.4 of the 2 cores, twice the
// server's), so the server was measured with half a core. The checks are
// the same: the whole answer must be JSON, and a field the workers read
// is, as for encoding/json, its type's zero value when absent or null and
// an error when of another type.

// jsonInt reads the integer at keys.
func jsonInt(v *fastjson.Value, keys ...string) (int64, error) {
	f := v.Get(keys...)
	if f == nil || f.Type() == fastjson.TypeNull {
		return 0, nil
	}
	n, err := f.Int64()
	if err != nil {
		return 0, fmt.Errorf("%v: %w", keys, err)
	}
	return n, nil
}

// jsonString reads the string at keys; null is nil, absent too.
func jsonString(v *fastjson.Value, keys ...string) (*string, error) {
	f := v.Get(keys...)
	if f == nil || f.Type() == fastjson.TypeNull {
		return nil, nil
	}
	b, err := f.StringBytes()
	if err != nil {
		return nil, fmt.Errorf("%v: %w", keys, err)
	}
	s := string(b)
	return &s, nil
}

// jsonArray reads the array at keys; null is empty, absent too.
func jsonArray(v *fastjson.Value, keys ...string) ([]*fastjson.Value, error) {
	f := v.Get(keys...)
	if f == nil || f.Type() == fastjson.TypeNull {
		return nil, nil
	}
	a, err := f.Array()
	if err != nil {
		return nil, fmt.Errorf("%v: %w", keys, err)
	}
	return a, nil
}

// page is the part of a list answer the walker checks.
type page struct {
	Ideas []pageIdea
	// NextCursor is next_cursor: nil on the last page.
	NextCursor *string
}

type pageIdea struct {
	ID    int64
	Votes int
}

// read reads a list answer into p, reusing p's slice; what it holds is
// valid until jp's next parse.
func (p *page) read(jp *fastjson.Parser, body []byte) error {
	v, err := jp.ParseBytes(body)
	if err != nil {
		return err
	}
	ideas, err := jsonArray(v, "ideas")
	if err != nil {
		return err
	}
	p.Ideas = p.Ideas[:0]
	for _, it := range ideas {
		id, err := jsonInt(it, "id")
		if err != nil {
			return err
		}
		votes, err := jsonInt(it, "votes")
		if err != nil {
			return err
		}
		p.Ideas = append(p.Ideas, pageIdea{ID: id, Votes: int(votes)})
	}
	p.NextCursor, err = jsonString(v, "next_cursor")
	return err
}

// searchAnswer is the part of a search answer the searchers check.
type searchAnswer struct {
	Total int
	Hits  int
}

func (a *searchAnswer) read(jp *fastjson.Parser, body []byte) error {
	v, err := jp.ParseBytes(body)
	if err != nil {
		return err
	}
	total, err := jsonInt(v, "total")
	if err != nil {
		return err
	}
	hits, err := jsonArray(v, "hits")
	if err != nil {
		return err
	}
	for _, h := range hits {
		if _, err := jsonInt(h, "id"); err != nil {
			return err
		}
	}
	a.Total, a.Hits = int(total), len(hits)
	return nil
}

// pairQuestion is the part of GET …/pair's answer a fan answers.
type pairQuestion struct {
	Token       string
	Left, Right int64
}

func (q *pairQuestion) read(jp *fastjson.Parser, body []byte) error {
	*q = pairQuestion{}
	v, err := jp.ParseBytes(body)
	if err != nil {
		return err
	}
	token, err := jsonString(v, "pair_token")
	if err != nil {
		return err
	}
	if token != nil {
		q.Token = *token
	}
	if q.Left, err = jsonInt(v, "left", "id"); err != nil {
		return err
	}
	q.Right, err = jsonInt(v, "right", "id")
	return err
}
