package i18n

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// raisedCodes finds every error code the Go code of app/ raises, by its
// syntax: a domain.Error literal's Code, the code argument of
// domain.Invalid(field, code, …) and domain.Conflict(code, …), and a string
// assigned to a variable named code (the web layer's own errors). It also
// returns calls whose code is not a literal, which it cannot read.
func raisedCodes(t *testing.T, root string) (codes map[string][]string, unread []string) {
	t.Helper()
	codes = map[string][]string{}
	fset := token.NewFileSet()
	add := func(lit ast.Expr) bool {
		b, ok := lit.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return false
		}
		s, err := strconv.Unquote(b.Value)
		if err != nil || s == "" {
			return false
		}
		codes[s] = append(codes[s], fset.Position(b.Pos()).String())
		return true
	}
	isError := func(e ast.Expr) bool {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name == "Error"
		case *ast.SelectorExpr:
			id, ok := x.X.(*ast.Ident)
			return ok && id.Name == "domain" && x.Sel.Name == "Error"
		}
		return false
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		inDomain := f.Name.Name == "domain"
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				if !isError(n.Type) {
					return true
				}
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if k, isKey := kv.Key.(*ast.Ident); ok && isKey && k.Name == "Code" {
						if !add(kv.Value) && !isCodeVar(kv.Value) {
							unread = append(unread, fset.Position(kv.Pos()).String())
						}
					}
				}
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					if id, ok := fn.X.(*ast.Ident); ok && id.Name == "domain" {
						name = fn.Sel.Name
					}
				case *ast.Ident:
					if inDomain {
						name = fn.Name
					}
				}
				arg := -1
				switch name {
				case "Invalid":
					arg = 1
				case "Conflict":
					arg = 0
				}
				if arg >= 0 && len(n.Args) > arg && !add(n.Args[arg]) {
					unread = append(unread, fset.Position(n.Pos()).String())
				}
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					return true
				}
				for i, l := range n.Lhs {
					switch l := l.(type) {
					case *ast.Ident: // code := "…"
						if l.Name == "code" {
							add(n.Rhs[i])
						}
					case *ast.SelectorExpr: // e.Code = "…"
						if l.Sel.Name == "Code" {
							add(n.Rhs[i])
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return codes, unread
}

// isCodeVar: the constructors pass their code parameter on, and the web
// layer fills a variable named code, whose strings the scan reads.
func isCodeVar(e ast.Expr) bool { id, ok := e.(*ast.Ident); return ok && id.Name == "code" }

// TestEveryRaisedErrorIsTranslated: a person reads an error in their own
// language only if "error.<code>" exists; without it they read the Go
// code's English message, even in Chinese. English needs no key: the Go
// message is English and says more (the field, the values allowed, the
// limit), where a catalogue's one sentence a code would say less, to an
// API client most of all.
func TestEveryRaisedErrorIsTranslated(t *testing.T) {
	codes, unread := raisedCodes(t, "..")
	if len(codes) < 50 {
		t.Fatalf("found only %d error codes in app/: the scan is broken", len(codes))
	}
	for _, u := range unread {
		t.Errorf("%s: an error code that is not a string literal (this test cannot check it)", u)
	}
	var names []string
	for c := range codes {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		for _, lang := range Languages {
			if lang == "en" {
				continue
			}
			if _, ok := catalog[lang]["error."+c]; !ok {
				t.Errorf("%s lacks %q, raised at %s", lang, "error."+c, codes[c][0])
			}
		}
	}
}

// TestEveryRaisedErrorIsInTheAPIContract: an app handles the codes it can
// be sent, so openapi.json's Error.error.code lists every code app/ raises
// (in order), and no code that nothing raises any more.
func TestEveryRaisedErrorIsInTheAPIContract(t *testing.T) {
	codes, _ := raisedCodes(t, "..")
	b, err := os.ReadFile("../web/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas struct {
				Error struct {
					Properties struct {
						Error struct {
							Properties struct {
								Code struct {
									Enum []string `json:"enum"`
								} `json:"code"`
							} `json:"properties"`
						} `json:"error"`
					} `json:"properties"`
				} `json:"Error"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	listed := doc.Components.Schemas.Error.Properties.Error.Properties.Code.Enum
	if !sort.StringsAreSorted(listed) {
		t.Error("openapi.json's error codes are not in alphabetical order")
	}
	in := map[string]bool{}
	for _, c := range listed {
		in[c] = true
		if codes[c] == nil {
			t.Errorf("openapi.json lists %q, which nothing in app/ raises", c)
		}
	}
	for c, at := range codes {
		if !in[c] {
			t.Errorf("%q (raised at %s) is not in openapi.json's Error.error.code", c, at[0])
		}
	}
}
