package web

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// Lighthouse's colour-contrast audit, as far as it can be decided from the
// stylesheet alone (#17): in the light and the dark palette, every rule that
// sets both a text colour and a background has contrast of at least 4.5:1,
// and every text colour a rule sets without a background reads at 4.5:1 on
// each surface text stands on (the page, cards, and the soft accent of
// winners' rows and notes), in both palettes: a fixed colour chosen for the
// light page (.points, .status.going were 1.5–1.8:1 in dark mode) fails.
func TestPaletteContrast(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(raw), "")
	light, dark := palettes(t, css)
	rule := regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`)
	decl := func(body, prop string) string {
		m := regexp.MustCompile(`(?:^|;)\s*` + prop + `\s*:\s*([^;]+)`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(m[1]), "!important"))
	}
	checked := 0
	for _, m := range rule.FindAllStringSubmatch(css, -1) {
		sel, body := strings.TrimSpace(m[1]), m[2]
		if strings.HasPrefix(sel, ":root") || strings.HasPrefix(sel, "@") {
			continue
		}
		fg := decl(body, "color")
		bg := decl(body, "background(?:-color)?")
		if fg == "" || fg == "inherit" || fg == "currentColor" {
			continue
		}
		for name, pal := range map[string]map[string]string{"light": light, "dark": dark} {
			f, ok := resolve(pal, fg)
			if !ok {
				continue
			}
			var grounds []string
			if b, ok := resolve(pal, bg); ok {
				grounds = []string{b}
			} else if on, ok := onColour[fg]; ok {
				grounds = []string{pal[on]} // text made for a filled control
			} else if bg == "" || bg == "none" || bg == "transparent" {
				grounds = []string{pal["--bg"], pal["--surface"], pal["--accent-soft"]}
			}
			for _, b := range grounds {
				checked++
				if c := contrast(f, b); c < 4.5 {
					t.Errorf("%s palette: %q has %s on %s, contrast %.2f (want ≥ 4.5)", name, sel, f, b, c)
				}
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d pairs checked: the stylesheet's shape changed", checked)
	}
	// The body text and links on every surface.
	for name, pal := range map[string]map[string]string{"light": light, "dark": dark} {
		for _, fg := range []string{"--text", "--muted", "--accent", "--danger", "--info"} {
			for _, bg := range []string{"--bg", "--surface", "--accent-soft"} {
				if c := contrast(pal[fg], pal[bg]); c < 4.5 {
					t.Errorf("%s palette: %s on %s, contrast %.2f", name, fg, bg, c)
				}
			}
		}
		if c := contrast(pal["--accent-text"], pal["--accent"]); c < 4.5 {
			t.Errorf("%s palette: buttons' text on the accent, contrast %.2f", name, c)
		}
	}
}

// onColour names the fill a text colour is made for.
var onColour = map[string]string{"var(--accent-text)": "--accent", "var(--info-text)": "--info"}

// palettes reads the custom properties of :root and of the dark scheme's
// :root (which override the light ones).
func palettes(t *testing.T, css string) (light, dark map[string]string) {
	prop := regexp.MustCompile(`(--[a-z-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\b`)
	read := func(block string, into map[string]string) {
		for _, m := range prop.FindAllStringSubmatch(block, -1) {
			into[m[1]] = m[2]
		}
	}
	i := strings.Index(css, ":root {")
	j := strings.Index(css, "@media (prefers-color-scheme: dark)")
	if i < 0 || j < i {
		t.Fatal("no :root palette, or no dark one after it")
	}
	light, dark = map[string]string{}, map[string]string{}
	read(css[i:j], light)
	for k, v := range light {
		dark[k] = v
	}
	end := strings.Index(css[j:], "}\n}")
	read(css[j:j+end], dark)
	for _, k := range []string{"--bg", "--surface", "--text", "--accent", "--accent-soft", "--accent-text"} {
		if light[k] == "" || dark[k] == "" {
			t.Fatalf("palette lacks %s", k)
		}
	}
	return light, dark
}

// resolve turns var(--x) or a hex colour into a hex colour.
func resolve(pal map[string]string, v string) (string, bool) {
	if strings.HasPrefix(v, "var(") {
		v = pal[strings.TrimSuffix(strings.TrimPrefix(v, "var("), ")")]
	}
	if regexp.MustCompile(`^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$`).MatchString(v) {
		return v, true
	}
	return "", false
}

// contrast is WCAG 2's contrast ratio of two hex colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	hex = strings.TrimPrefix(hex, "#")
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	var c [3]float64
	for i := range c {
		n, err := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		if err != nil {
			panic(fmt.Sprintf("bad colour %q", hex))
		}
		x := float64(n) / 255
		if x <= 0.03928 {
			c[i] = x / 12.92
		} else {
			c[i] = math.Pow((x+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

func TestContrastMaths(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000", "#fff", 21}, {"#ffffff", "#ffffff", 1}, {"#777777", "#ffffff", 4.48}, {"#d9480f", "#ffffff", 4.30},
	} {
		if got := contrast(tc.a, tc.b); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
}

// Lighthouse's SEO and naming audits, as far as the HTML alone decides them
// (#17): every page, to a visitor, a fan, a judge and an admin, in both
// languages, has a lang, a title and a meta description; every link and
// button has a name a screen reader can say; every visible form field has
// a label; headings go down one level at a time.
func TestEveryPageIsNamedAndDescribed(t *testing.T) {
	t.Parallel()
	h, cid, ideas, _ := publishedResults(t)
	admin := h.adminBrowser()
	judge := h.browser()
	judge.signIn("j1@x.cn", "fan-password")
	fan := h.browser()
	fan.signIn("maker@x.cn", "fan-password")
	tok := str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "admin@brand.cn", "password": "admin-password"}).must(t, 201).JSON, "token")
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", ideas[1]), tok, nil).JSON, "id")
	club := num(h.api("POST", "/api/v1/clubs", tok, map[string]any{"city": "青岛", "name": "青岛同城会"}).must(t, 201).JSON, "id")
	event := num(h.api("POST", fmt.Sprintf("/api/v1/clubs/%d/events", club), tok, map[string]any{"title": "见面会", "body": "工程师讲解", "place": "青岛",
		"starts_at": h.clock().Add(48 * time.Hour), "capacity": 20}).must(t, 201).JSON, "id")
	me := num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id")
	ids := map[string]int{"/challenges/": cid, "/ideas/": ideas[0], "/projects/": pid, "/judging/ideas/": ideas[0], "/users/": me, "/clubs/": club, "/events/": event}
	seen := 0
	for _, rt := range (&Server{}).Routes() {
		if rt.Method != "GET" || strings.HasPrefix(rt.Path, "/api/") || strings.Contains(rt.Path, ".") || strings.HasPrefix(rt.Path, "/static") ||
			strings.HasPrefix(rt.Path, "/uploads") || rt.Path == "/healthz" || rt.Path == "/metrics" {
			continue
		}
		path := rt.Path
		for prefix, id := range ids {
			if strings.HasPrefix(path, prefix+":id") {
				path = strings.Replace(path, ":id", itoa(int64(id)), 1)
			}
		}
		if strings.Contains(path, ":") {
			t.Errorf("%s: no id to try it with", rt.Path)
			continue
		}
		for who, b := range map[string]*browser{"visitor": h.browser(), "fan": fan, "judge": judge, "admin": admin} {
			for _, lang := range []string{"en", "zh-CN"} {
				r := b.get(path, "Accept-Language", lang)
				if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
					continue
				}
				seen++
				for _, problem := range pageProblems(r.Body) {
					t.Errorf("%s as %s (%s): %s", path, who, lang, problem)
				}
			}
		}
	}
	if seen < 60 {
		t.Fatalf("only %d pages read", seen)
	}
}

// pageProblems lists what Lighthouse's accessibility and SEO audits would
// hold against a page's HTML.
func pageProblems(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	var title, description bool
	labels := map[string]bool{}
	var fields []*html.Node
	lastHeading := 0
	var walk func(n *html.Node, inLabel bool)
	walk = func(n *html.Node, inLabel bool) {
		if n.Type == html.ElementNode {
			// Lighthouse's role-img-alt, image-alt and aria-prohibited-attr:
			// a picture (an <img>, or anything with role="img", such as the
			// honour badges beside names) has a text alternative, and
			// aria-label stands only where a role allows a name.
			switch role := nodeAttr(n, "role"); {
			case role == "img" && strings.TrimSpace(nodeAttr(n, "aria-label")) == "" && !nodeHas(n, "aria-labelledby") && strings.TrimSpace(nodeAttr(n, "title")) == "":
				out = append(out, "role=img with no name: "+nodeTag(n))
			case n.Data == "img" && !nodeHas(n, "alt"):
				out = append(out, "<img> with no alt: "+nodeTag(n))
			case role == "" && nodeHas(n, "aria-label") && (n.Data == "span" || n.Data == "div" || n.Data == "p" || n.Data == "strong" || n.Data == "em"):
				out = append(out, "aria-label on a <"+n.Data+"> with no role (Lighthouse: aria-prohibited-attr): "+nodeTag(n))
			}
			switch n.Data {
			case "html":
				if nodeAttr(n, "lang") == "" {
					out = append(out, "no lang on <html>")
				}
			case "title":
				title = strings.TrimSpace(nodeText(n)) != ""
			case "meta":
				if nodeAttr(n, "name") == "description" && strings.TrimSpace(nodeAttr(n, "content")) != "" {
					description = true
				}
			case "a", "button":
				if nodeHas(n, "aria-hidden") && nodeAttr(n, "tabindex") == "-1" {
					break
				}
				if accessibleName(n) == "" {
					out = append(out, fmt.Sprintf("<%s> with no accessible name: %s", n.Data, nodeTag(n)))
				}
			case "label":
				labels[nodeAttr(n, "for")] = true
				inLabel = true
			case "input", "select", "textarea":
				if t := nodeAttr(n, "type"); t != "hidden" && t != "submit" && t != "button" && !inLabel && nodeAttr(n, "aria-label") == "" && nodeAttr(n, "aria-labelledby") == "" {
					fields = append(fields, n)
				}
			case "h1", "h2", "h3", "h4", "h5", "h6":
				level := int(n.Data[1] - '0')
				if lastHeading > 0 && level > lastHeading+1 {
					out = append(out, fmt.Sprintf("<%s> %q follows an <h%d>", n.Data, strings.TrimSpace(nodeText(n)), lastHeading))
				}
				lastHeading = level
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLabel)
		}
	}
	walk(doc, false)
	for _, f := range fields {
		if id := nodeAttr(f, "id"); id == "" || !labels[id] {
			out = append(out, fmt.Sprintf("a field with no label: %s", nodeTag(f)))
		}
	}
	if !title {
		out = append(out, "no <title>")
	}
	if !description {
		out = append(out, "no meta description")
	}
	return out
}

// accessibleName is the name a screen reader gives a link or a button:
// aria-label, or its text, or the alt of an image inside it, or its title.
func accessibleName(n *html.Node) string {
	if v := strings.TrimSpace(nodeAttr(n, "aria-label")); v != "" {
		return v
	}
	if nodeHas(n, "aria-labelledby") {
		return "(labelled by)"
	}
	var name strings.Builder
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		switch {
		case c.Type == html.TextNode:
			name.WriteString(c.Data)
		case c.Type == html.ElementNode && nodeHas(c, "aria-hidden"):
			return
		case c.Type == html.ElementNode && c.Data == "img":
			name.WriteString(nodeAttr(c, "alt"))
		case c.Type == html.ElementNode && c.Data == "svg":
			name.WriteString(nodeAttr(c, "aria-label"))
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	if s := strings.TrimSpace(name.String()); s != "" {
		return s
	}
	return strings.TrimSpace(nodeAttr(n, "title"))
}

func nodeAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func nodeHas(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

func nodeTag(n *html.Node) string {
	var b strings.Builder
	b.WriteString("<" + n.Data)
	for _, a := range n.Attr {
		fmt.Fprintf(&b, " %s=%q", a.Key, a.Val)
	}
	b.WriteString(">")
	return b.String()
}
