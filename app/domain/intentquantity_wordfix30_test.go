package domain

import (
	"reflect"
	"testing"
)

// A quantity's refusal carries the rule's limits for its words, and the
// rule refuses exactly outside them.
func TestIntentQuantityRange(t *testing.T) {
	for _, tc := range []struct {
		n  int
		ok bool
	}{{-1, false}, {0, false}, {1, true}, {5, true}, {10, true}, {11, false}, {1000, false}} {
		if got := InIntentRange(tc.n); got != tc.ok {
			t.Errorf("InIntentRange(%d) = %v, want %v", tc.n, got, tc.ok)
		}
		err := DemandRules{}.CheckIntent(IntentInput{Quantity: tc.n})
		if e := AsError(err); tc.ok != (e == nil) || e != nil && (e.Code != "out_of_range" || e.Field != "quantity" || !reflect.DeepEqual(e.Args, []any{1, 10})) {
			t.Errorf("CheckIntent(quantity %d) = %#v", tc.n, err)
		}
	}
	if e := IntentQuantityOutOfRange(); e.Message != "quantity must be between 1 and 10" || e.Kind != KindInvalid {
		t.Errorf("the refusal: %#v", e)
	}
}
