package xmlfeed

import (
	"bytes"
	"encoding/xml"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/course/3.2-xmlfeed/contract"
)

// stdFeed is the feed as encoding/xml's Unmarshal, the real decoder,
// reads it with namespace-qualified tags: what the fake writes must be
// what a standard reader gets.
type stdFeed struct {
	XMLName  xml.Name `xml:"urn:netcourse:transit:1 feed"`
	Vehicles []struct {
		ID       string `xml:"id,attr"`
		Route    string `xml:"urn:netcourse:transit:1 route"`
		Position struct {
			Lat float64 `xml:"lat,attr"`
			Lon float64 `xml:"lon,attr"`
		} `xml:"urn:netcourse:transit:1 position"`
		Time time.Time `xml:"urn:netcourse:transit:1 time"`
		Note string    `xml:"urn:netcourse:transit:1 note"`
	} `xml:"urn:netcourse:transit:1 vehicle"`
}

func decodeStd(t *testing.T, data []byte) []contract.Vehicle {
	t.Helper()
	var f stdFeed
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("xml.Unmarshal of the fake's feed: %v\n%s", err, data)
	}
	var vs []contract.Vehicle
	for _, v := range f.Vehicles {
		vs = append(vs, contract.Vehicle{ID: v.ID, Route: v.Route, Lat: v.Position.Lat, Lon: v.Position.Lon, Time: v.Time, Note: v.Note})
	}
	return vs
}

func TestFeedReadsAsWritten(t *testing.T) {
	styles := []style{{}, {notes: true}, {prefix: "tr", decoys: true, notes: true}, {decoys: true}, {unknown: true}, {prefix: "ns1", unknown: true, decoys: true, notes: true}}
	for seed := range uint64(20) {
		for _, st := range styles {
			rng := rand.New(rand.NewPCG(seed, 7))
			vs := vehicles(rng, 12)
			if st.notes {
				withNotes(rng, vs)
			}
			data, starts := feed(rng, vs, st)
			if d := cmp.Diff(vs, decodeStd(t, data)); d != "" {
				t.Fatalf("seed %d, style %+v: (-written +read):\n%s", seed, st, d)
			}
			for i := range vs {
				if x := vehicleXML(data, starts, i); !bytes.HasSuffix(x, []byte("vehicle>")) || !strings.Contains(string(x), vs[i].ID) {
					t.Fatalf("vehicleXML(%d) = %q", i, x)
				}
			}
		}
	}
}

func TestStreamDigestIsTheFeeds(t *testing.T) {
	var b bytes.Buffer
	n, digest, err := stream(&b, newRand(3, 4), 200, style{notes: true})
	if err != nil || n != 200 {
		t.Fatalf("stream: %d, %v", n, err)
	}
	var d uint64
	vs := decodeStd(t, b.Bytes())
	for _, v := range vs {
		d = contract.Digest(d, v)
	}
	if len(vs) != n || d != digest {
		t.Fatalf("read %d vehicles with digest %x; stream wrote %d with %x", len(vs), d, n, digest)
	}
}
