package bench

import (
	"context"
	"path/filepath"
	"testing"

	"cocreate/app/integrity"
	"cocreate/app/store"
)

// The benchmark's fans vote as genuine fans do, each from a network of
// its own with a phone's browser (Fan.Header, through the proxy the
// server trusts): every voter's votes carry a network of their own, and
// the vote-integrity scan finds no click farm among them. Before, every
// fan voted from 127.0.0.1 with Go's agent, and a scan in the middle of a
// load quarantined them all and held their votes (session 59).
func TestFans59VoteFromNetworksOfTheirOwn(t *testing.T) {
	needBinary(t)
	data := filepath.Join(t.TempDir(), "data")
	runBench(t, "-scenarios", "votes", "-fans", "60", "-ideas", "12", "-duration", "1s", "-conns", "8", "-data", data)

	st, err := store.Open(filepath.Join(data, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var votes []integrity.Vote
	var cleared map[int64]bool
	for id := int64(1); id <= 3 && len(votes) == 0; id++ {
		if votes, cleared, err = st.IntegrityVotes(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	if len(votes) == 0 {
		t.Fatal("no votes found to scan")
	}
	netOf, userOf, agents := map[int64]int64{}, map[int64]int64{}, map[int64]bool{}
	for _, v := range votes {
		if v.Net == 0 || v.UA == 0 {
			continue // seeded straight into the store, not over HTTP
		}
		if n, ok := netOf[v.User]; ok && n != v.Net {
			t.Fatalf("fan %d votes from two networks", v.User)
		}
		if u, ok := userOf[v.Net]; ok && u != v.User {
			t.Fatalf("fans %d and %d vote from one network", u, v.User)
		}
		netOf[v.User], userOf[v.Net], agents[v.UA] = v.Net, v.User, true
	}
	if len(netOf) < 20 || len(agents) < 10 {
		t.Fatalf("%d fans voted over HTTP with %d browsers; want at least 20 and 10", len(netOf), len(agents))
	}
	if groups := integrity.Detect(votes, cleared, integrity.Defaults()); len(groups) > 0 {
		t.Errorf("the scan takes the benchmark's fans for a click farm: %d groups, the first of %d accounts (%+v)",
			len(groups), len(groups[0].Users), groups[0].Signals)
	}
}
