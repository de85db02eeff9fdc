package web

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/judging"
	"cocreate/app/people"
	"cocreate/app/service"
)

// openapi.json is written by hand; these tests hold it to the Go types the
// API decodes and encodes and to the route table, so a field, a limit or
// an access rule added to the server cannot be left out of it unnoticed.

// oaDoc is the embedded OpenAPI document, decoded.
func oaDoc(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func oaMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

// oaDeref follows a schema's $ref (#/components/schemas/Name).
func oaDeref(doc, schema map[string]any) map[string]any {
	for i := 0; schema != nil && i < 10; i++ {
		ref, _ := schema["$ref"].(string)
		name, ok := strings.CutPrefix(ref, "#/components/schemas/")
		if !ok {
			return schema
		}
		schema = oaMap(oaMap(oaMap(doc["components"])["schemas"])[name])
	}
	return schema
}

// oaOp is the operation for method and path, nil when there is none.
func oaOp(doc map[string]any, method, path string) map[string]any {
	return oaMap(oaMap(oaMap(doc["paths"])[path])[strings.ToLower(method)])
}

// oaSchema finds a schema by a short address: "Idea" or "Idea.images[]"
// for a component and what is inside it, "GET /api/v1/search hits[]" for
// inside an operation's first 2xx JSON answer, "POST /api/v1/clubs <-"
// for an operation's JSON request body.
func oaSchema(doc map[string]any, addr string) map[string]any {
	var s map[string]any
	var rest string
	if m, after, ok := strings.Cut(addr, " "); ok && m == strings.ToUpper(m) {
		path, inner, _ := strings.Cut(after, " ")
		op := oaOp(doc, m, path)
		if inner == "<-" {
			return oaDeref(doc, oaMap(oaMap(oaMap(oaMap(op["requestBody"])["content"])["application/json"])["schema"]))
		}
		resp := oaMap(op["responses"])
		codes := make([]string, 0, len(resp))
		for c := range resp {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		for _, c := range codes {
			if strings.HasPrefix(c, "2") {
				if js := oaMap(oaMap(oaMap(resp[c])["content"])["application/json"]); js != nil {
					s = oaDeref(doc, oaMap(js["schema"]))
					break
				}
			}
		}
		rest = inner
	} else {
		name, inner, _ := strings.Cut(addr, ".")
		s = oaDeref(doc, oaMap(oaMap(oaMap(doc["components"])["schemas"])[name]))
		rest = inner
	}
	for _, seg := range strings.Split(rest, ".") {
		if seg == "" || s == nil {
			continue
		}
		name, many := strings.CutSuffix(seg, "[]")
		if name != "" {
			s = oaDeref(doc, oaMap(oaMap(s["properties"])[name]))
		}
		if many && s != nil {
			s = oaDeref(doc, oaMap(s["items"]))
		}
	}
	return s
}

// goField is one JSON field of a Go type, as encoding/json sees it.
type goField struct {
	name      string
	omitempty bool
	pointer   bool
}

// goFields lists t's JSON fields, with those of embedded structs.
func goFields(t reflect.Type) []goField {
	var out []goField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, hasTag := f.Tag.Lookup("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if f.Anonymous && !hasTag && f.Type.Kind() == reflect.Struct {
			out = append(out, goFields(f.Type)...)
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out = append(out, goField{name, strings.Contains(","+opts+",", ",omitempty,"), f.Type.Kind() == reflect.Pointer})
	}
	return out
}

func oaHas(list any, v string) bool {
	l, _ := list.([]any)
	for _, x := range l {
		if x == v {
			return true
		}
	}
	return false
}

// Every field the server decodes from a request body is in that body's
// schema: a client generated from the document can send it.
func TestOpenAPIRequestBodiesNameEveryInputField(t *testing.T) {
	t.Parallel()
	doc := oaDoc(t)
	for _, c := range []struct {
		op string
		in any
	}{
		{"POST /api/v1/challenges", domain.ChallengeInput{}},
		{"PATCH /api/v1/challenges/{id}", domain.ChallengeInput{}},
		{"POST /api/v1/setup", domain.SignUp{}},
		{"POST /api/v1/users", domain.SignUp{}},
		{"POST /api/v1/challenges/{id}/ideas", domain.IdeaInput{}},
		{"PATCH /api/v1/ideas/{id}", service.IdeaPatch{}},
		{"PUT /api/v1/ideas/{id}/intent", domain.IntentInput{}},
		{"POST /api/v1/ideas/{id}/reports", domain.ReportInput{}},
		{"POST /api/v1/comments/{id}/reports", domain.ReportInput{}},
		{"PUT /api/v1/challenges/{id}/rubric", service.RubricInput{}},
		{"PUT /api/v1/me/profile", people.ProfileInput{}},
		{"POST /api/v1/clubs", people.ClubInput{}},
		{"POST /api/v1/clubs/{id}/events", people.EventInput{}},
		{"PATCH /api/v1/events/{id}", people.EventPatch{}},
	} {
		s := oaSchema(doc, c.op+" <-")
		if s == nil {
			t.Errorf("%s: no JSON request body in openapi.json", c.op)
			continue
		}
		props := oaMap(s["properties"])
		for _, f := range goFields(reflect.TypeOf(c.in)) {
			if _, ok := props[f.name]; !ok {
				t.Errorf("%s: the server reads %q (%T), the request schema does not list it", c.op, f.name, c.in)
			}
		}
	}
	// The enums a challenge is written with name every value the server takes.
	for _, op := range []string{"POST /api/v1/challenges", "PATCH /api/v1/challenges/{id}"} {
		props := oaMap(oaSchema(doc, op+" <-")["properties"])
		want := map[string][]string{
			"kind":          {string(domain.OpenCall), string(domain.DesignPoll), string(domain.Board)},
			"voters":        {string(domain.VotersSignedIn), string(domain.VotersVerified)},
			"voting_method": nil,
		}
		for _, m := range domain.Methods {
			want["voting_method"] = append(want["voting_method"], string(m))
		}
		for field, values := range want {
			for _, v := range values {
				if !oaHas(oaMap(props[field])["enum"], v) {
					t.Errorf("%s: %s's enum lacks %q", op, field, v)
				}
			}
		}
	}
}

// Every field the server writes is in its schema; a field it leaves out
// (omitempty) is not required; a pointer it writes as null allows null.
func TestOpenAPIResponseSchemasMatchTheirGoTypes(t *testing.T) {
	t.Parallel()
	doc := oaDoc(t)
	for _, c := range []struct {
		schema string
		out    any
	}{
		{"User", userJSON{}},
		{"Author", domain.Author{}},
		{"Challenge", challengeJSON{}},
		{"Idea", ideaJSON{}},
		{"Idea.images[]", imageJSON{}},
		{"Idea.status_history[]", statusMoveJSON{}},
		{"Comment", commentJSON{}},
		{"Criterion", judging.Criterion{}},
		{"Rubric", rubricJSON{}},
		{"Results.ranking[]", judging.Result{}},
		{"Milestone", milestoneJSON{}},
		{"Project", projectJSON{}},
		{"Project.timeline[]", updateJSON{}},
		{"IntegrityGroup", integrityGroupJSON{}},
		{"IntegrityGroup.signals[]", integritySignalJSON{}},
		{"IntegrityGroup.acts", actsJSON{}},
		{"IntegrityReport", integrityReportJSON{}},
		{"Badge", badgeJSON{}},
		{"ProjectRef", projectRefJSON{}},
		{"Profile", profileJSON{}},
		{"Profile.idea_list[]", profileIdeaJSON{}},
		{"Profile.why[]", reasonJSON{}},
		{"Club", clubJSON{}},
		{"Event", eventJSON{}},
		{"EventDetail", eventDetailJSON{}},
		{"Attendee", attendeeJSON{}},
		{"Error.error", apiErrorBody{}},
		{"GET /api/v1/moderation/queue items[]", queueItemJSON{}},
		{"GET /api/v1/moderation/queue items[].decisions[]", decisionJSON{}},
		{"GET /api/v1/moderation/log decisions[]", decisionJSON{}},
		{"GET /api/v1/challenges/{id}/demand ideas[]", designDemandJSON{}},
		{"PUT /api/v1/ideas/{id}/intent", tallyJSON{}},
		{"DELETE /api/v1/ideas/{id}/intent", tallyJSON{}},
		{"GET /api/v1/search hits[]", hitJSON{}},
		{"GET /api/v1/me/notifications notifications[]", noticeJSON{}},
		{"GET /api/v1/me/notifications/unread", unreadJSON{}},
		{"GET /api/v1/me/tokens tokens[]", tokenJSON{}},
		{"GET /api/v1/challenges/{id}/integrity/log entries[]", integrityLogJSON{}},
		{"PUT /api/v1/ideas/{id}/scorecard", scorecardJSON{}},
	} {
		s := oaSchema(doc, c.schema)
		if s == nil {
			t.Errorf("%s: no such schema in openapi.json", c.schema)
			continue
		}
		props := oaMap(s["properties"])
		for _, f := range goFields(reflect.TypeOf(c.out)) {
			p := oaDeref(doc, oaMap(props[f.name]))
			switch {
			case p == nil:
				t.Errorf("%s: the server sends %q (%T), the schema does not list it", c.schema, f.name, c.out)
			case f.omitempty && oaHas(s["required"], f.name):
				t.Errorf("%s: %q is required, but the server leaves it out when empty (omitempty)", c.schema, f.name)
			case f.pointer && !f.omitempty && !oaHas(oaMap(props[f.name])["type"], "null"):
				t.Errorf("%s: the server may send %q as null; its type should be [..., \"null\"]", c.schema, f.name)
			}
		}
	}
}

// The document is OpenAPI 3.1: null is a type (["string", "null"]), and
// 3.0's "nullable" keyword means nothing there.
func TestOpenAPIUsesNoNullableKeyword(t *testing.T) {
	t.Parallel()
	doc := oaDoc(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1") {
		t.Fatalf("openapi %q: these checks assume 3.1", v)
	}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if k == "nullable" && !strings.HasSuffix(at, "/properties") {
					t.Errorf("%s uses \"nullable\"; write the type as [..., \"null\"]", at)
				}
				walk(e, at+"/"+k)
			}
		case []any:
			for _, e := range x {
				walk(e, at+"/[]")
			}
		}
	}
	walk(doc, "#")
}

// limitedWithin are the operations whose service itself may answer 429
// though no rate limit of the route table guards them.
var limitedWithin = map[string]bool{
	"POST /api/v1/me/verification": true, // domain.CanSendVerification: a mail a minute
}

// The route table's access and rate limit show in each operation: a
// limited route lists 429; a route anyone may call overrides the global
// security with [] (credentials optional); one that needs a user lists 401,
// and one that needs a role lists 403 too.
func TestOpenAPIOperationsFollowTheRouteTable(t *testing.T) {
	t.Parallel()
	doc := oaDoc(t)
	s := &Server{}
	n := 0
	for _, rt := range s.Routes() {
		if !strings.HasPrefix(rt.Path, "/api/") {
			continue
		}
		path := rt.Path
		for _, seg := range strings.Split(path, "/") {
			if name, ok := strings.CutPrefix(seg, ":"); ok {
				path = strings.Replace(path, seg, "{"+name+"}", 1)
			}
		}
		op := oaOp(doc, rt.Method, path)
		if op == nil {
			continue // TestOpenAPIDescribesEveryAPIRoute reports it
		}
		n++
		at := rt.Method + " " + path
		resp := oaMap(op["responses"])
		if rt.Limit != NoLimit && resp["429"] == nil {
			t.Errorf("%s is rate-limited (routes.go) but lists no 429", at)
		}
		if rt.Limit == NoLimit && resp["429"] != nil && !limitedWithin[at] {
			t.Errorf("%s lists 429, but no rate limit guards it (routes.go) nor does its service answer one", at)
		}
		// Every JSON body goes through decodeJSON, which answers 415 to
		// another Content-Type; an operation without a body never does.
		if _, body := op["requestBody"]; body != (resp["415"] != nil) {
			t.Errorf("%s: a request body (%v) and 415 listed (%v) go together", at, body, resp["415"] != nil)
		}
		sec, hasSec := op["security"].([]any)
		open := hasSec && len(sec) == 0
		switch {
		case rt.Access == Anyone && !open:
			t.Errorf("%s: anyone may call it (routes.go), but it has no \"security\": []", at)
		case rt.Access != Anyone && open:
			t.Errorf("%s needs %s (routes.go), but its security is []", at, rt.Access)
		case rt.Access != Anyone && resp["401"] == nil:
			t.Errorf("%s needs %s (routes.go) but lists no 401", at, rt.Access)
		case rt.Access != Anyone && rt.Access != SignedIn && resp["403"] == nil:
			t.Errorf("%s needs %s (routes.go) but lists no 403", at, rt.Access)
		}
	}
	if n < 60 {
		t.Fatalf("only %d API operations matched the route table", n)
	}
}
