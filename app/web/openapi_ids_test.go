package web

import (
	"encoding/json"
	"regexp"
	"sort"
	"testing"
)

// Every operation in the OpenAPI document has an operationId, unique and
// usable as a method name, so generated clients get names people can read
// (#17). Routes added later are caught here too.
func TestOpenAPIEveryOperationHasAnID(t *testing.T) {
	t.Parallel()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	methods := map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}
	ident := regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	seen := map[string]string{}
	var paths []string
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	n := 0
	for _, p := range paths {
		for m, raw := range doc.Paths[p] {
			if !methods[m] {
				continue
			}
			n++
			var op struct {
				OperationID string `json:"operationId"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", m, p, err)
			}
			switch {
			case op.OperationID == "":
				t.Errorf("%s %s has no operationId", m, p)
			case !ident.MatchString(op.OperationID):
				t.Errorf("%s %s: operationId %q is not a lowerCamelCase name", m, p, op.OperationID)
			case seen[op.OperationID] != "":
				t.Errorf("%s %s: operationId %q is already used by %s", m, p, op.OperationID, seen[op.OperationID])
			default:
				seen[op.OperationID] = m + " " + p
			}
		}
	}
	if n < 60 {
		t.Fatalf("only %d operations read: the document's shape changed", n)
	}
}
