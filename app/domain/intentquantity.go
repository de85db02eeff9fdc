package domain

import "fmt"

// MinIntentQuantity is the fewest a fan may say they would buy (and
// MaxIntentQuantity the most).
const MinIntentQuantity = 1

// IntentQuantityOutOfRange is the refusal of a quantity outside
// MinIntentQuantity to MaxIntentQuantity, wherever it is read (the API's
// JSON, the idea page's form): its words say the limits, read from here
// ("error.out_of_range.quantity" with Args), and its code stays
// out_of_range.
func IntentQuantityOutOfRange() *Error {
	e := Invalid("quantity", "out_of_range", fmt.Sprintf("quantity must be between %d and %d", MinIntentQuantity, MaxIntentQuantity))
	e.Args = []any{MinIntentQuantity, MaxIntentQuantity}
	return e
}

// InIntentRange reports whether a fan may say they would buy n.
func InIntentRange(n int) bool { return n >= MinIntentQuantity && n <= MaxIntentQuantity }
