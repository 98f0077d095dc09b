package httpget

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"

	"netcourse/fixtures/httpfake"
	"netcourse/grader/internal/judge"
)

// encodings are correct ways to write a query: Encode's, spaces as %20,
// lowercase hex, keys in reverse order, every byte escaped.
var encodings = map[string]func(url.Values) string{
	"Encode": url.Values.Encode,
	"%20 for spaces": func(v url.Values) string {
		return strings.ReplaceAll(v.Encode(), "+", "%20")
	},
	"lowercase hex": func(v url.Values) string {
		return each(v, func(s string) string {
			e := url.QueryEscape(s)
			var b strings.Builder
			for i := 0; i < len(e); i++ {
				if e[i] == '%' {
					b.WriteString("%" + strings.ToLower(e[i+1:i+3]))
					i += 2
					continue
				}
				b.WriteByte(e[i])
			}
			return b.String()
		}, true)
	},
	"every byte escaped": func(v url.Values) string {
		return each(v, func(s string) string {
			var b strings.Builder
			for i := 0; i < len(s); i++ {
				fmt.Fprintf(&b, "%%%02X", s[i])
			}
			return b.String()
		}, false)
	},
}

// each writes v by hand with esc for keys and values, keys sorted, or in
// reverse.
func each(v url.Values, esc func(string) string, reverse bool) string {
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range v {
			if !yield(k) {
				return
			}
		}
	})
	if reverse {
		slices.Reverse(keys)
	}
	var parts []string
	for _, k := range keys {
		for _, x := range v[k] {
			parts = append(parts, esc(k)+"="+esc(x))
		}
	}
	return strings.Join(parts, "&")
}

func request(target string) *httpfake.Request {
	return &httpfake.Request{Method: "GET", Target: target, Proto: "HTTP/1.1", Raw: []byte("GET " + target + " HTTP/1.1\r\n\r\n")}
}

func TestQueryProblemPassesEveryCorrectEncoding(t *testing.T) {
	for seed := range uint64(30) {
		params := tricky(&judge.T{Rand: rand.New(rand.NewPCG(seed, 1))})
		for name, enc := range encodings {
			if f := queryProblem(request("/p?"+enc(params)), "/p", params); f != nil {
				t.Errorf("seed %d, %s: %v", seed, name, f)
			}
		}
	}
}

func TestQueryProblemNamesEachMistake(t *testing.T) {
	params := tricky(&judge.T{Rand: rand.New(rand.NewPCG(3, 1))})
	doubled := url.Values{}
	for k, vs := range params {
		for _, v := range vs {
			doubled.Add(url.QueryEscape(k), url.QueryEscape(v))
		}
	}
	rawUTF8, _ := url.QueryUnescape(strings.ReplaceAll(url.Values{"name": {"東京"}}.Encode(), "+", "%2B"))
	for _, tc := range []struct {
		name, target, want string
	}{
		{"not escaped", "/p?" + each(params, func(s string) string { return s }, false), "not allowed in a URL"},
		{"escaped twice", "/p?" + doubled.Encode(), "escaped twice"},
		{"path escape", "/p?" + each(params, url.PathEscape, false), "other query parameters"},
		{"raw UTF-8", "/p?" + rawUTF8, "not ASCII"},
		{"a lone %", "/p?a=100%", "does not start an escape"},
		{"%zz", "/p?a=%zz", "does not start an escape"},
		{"another path", "/q?" + params.Encode(), "the request's path is \"/q\""},
		{"a parameter missing", "/p?" + url.Values{"q": params["q"]}.Encode(), "other query parameters"},
	} {
		f := queryProblem(request(tc.target), "/p", params)
		if f == nil || !strings.Contains(f.Summary, tc.want) {
			t.Errorf("%s: got %v, want a summary with %q", tc.name, f, tc.want)
		}
	}
}

// A raw space splits the request line: the fake records a malformed
// request, and the failure names the space in the target.
func TestMalformedNamesTheByte(t *testing.T) {
	r := &httpfake.Request{Raw: []byte("GET /p?q=a b HTTP/1.1\r\n\r\n"), Err: fmt.Errorf("httpfake: request line is not METHOD TARGET PROTO")}
	f := malformed(r)
	if !strings.Contains(f.Summary, "the byte ' ' at byte 6 of the target") {
		t.Errorf("summary %q", f.Summary)
	}
}

func TestHeaderValuesJoinedOrNot(t *testing.T) {
	for _, fs := range [][]httpfake.Field{
		{{Name: "X-Tag", Value: "a"}, {Name: "x-tag", Value: "b"}},
		{{Name: "X-Tag", Value: "a, b"}},
		{{Name: "X-Tag", Value: "a,b"}},
	} {
		if got := headerValues(&httpfake.Request{Header: fs}, "X-Tag"); !slices.Equal(got, []string{"a", "b"}) {
			t.Errorf("%v: %q", fs, got)
		}
	}
}
