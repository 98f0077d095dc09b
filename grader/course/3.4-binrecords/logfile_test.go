package binrecords

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"netcourse/grader/course/3.4-binrecords/contract"
	ref "netcourse/solutions/3.4-binrecords"
)

// The grader's copy of the format's constants is the reference's.
func TestConstantsAreTheReferences(t *testing.T) {
	if magic != ref.Magic || version != ref.Version || maxPayload != ref.MaxPayload {
		t.Fatalf("grader %#x %d %d, reference %#x %d %d", magic, version, maxPayload, ref.Magic, ref.Version, ref.MaxPayload)
	}
}

func toRef(h contract.Header, recs []contract.Record) (ref.Header, []ref.Record) {
	out := make([]ref.Record, len(recs))
	for i, r := range recs {
		out[i] = ref.Record{ID: r.ID, Time: r.Time, Value: math.Float64frombits(r.Value), Payload: r.Payload}
	}
	return ref.Header{Version: h.Version, Flags: h.Flags, Count: h.Count}, out
}

// The fake's logs are the reference's, byte for byte, and encoding/binary
// reads them as the README lays them out.
func TestEncodeAgreesWithReferenceAndEncodingBinary(t *testing.T) {
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 3))
		h := randomHeader(rng)
		recs := randomRecords(rng, 1+rng.IntN(6), 0, 200)
		l := encode(h, recs)
		rh, rrecs := toRef(h, recs)
		var buf bytes.Buffer
		if err := ref.WriteLog(&buf, rh, rrecs); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), l.b) {
			t.Fatalf("seed %d: the fake's log differs from the reference's WriteLog", seed)
		}
		gh, grecs, err := ref.ReadLog(bytes.NewReader(l.b))
		rh.Count = uint32(len(recs))
		if err != nil || gh != rh || !cmp.Equal(grecs, rrecs) {
			t.Fatalf("seed %d: reference ReadLog: %v, %+v", seed, err, gh)
		}
		// encoding/binary with structs, independently of both.
		r := bytes.NewReader(l.b)
		var hd struct {
			Magic          uint32
			Version, Flags uint16
			Count          uint32
		}
		binary.Read(r, binary.BigEndian, &hd)
		if hd.Magic != magic || hd.Version != h.Version || hd.Flags != h.Flags || int(hd.Count) != len(recs) {
			t.Fatalf("seed %d: header %+v", seed, hd)
		}
		for i, want := range recs {
			var fx struct {
				ID    uint32
				Time  int64
				Value uint64
				Len   uint32
			}
			binary.Read(r, binary.LittleEndian, &fx)
			p := make([]byte, fx.Len)
			io.ReadFull(r, p)
			var sum uint32
			binary.Read(r, binary.LittleEndian, &sum)
			raw := l.b[l.ends[i]-4-int(fx.Len)-fixedSize : l.ends[i]-4]
			if fx.ID != want.ID || fx.Time != want.Time || fx.Value != want.Value || !bytes.Equal(p, want.Payload) || sum != crc32.ChecksumIEEE(raw) {
				t.Fatalf("seed %d record %d: %+v", seed, i+1, fx)
			}
		}
	}
}

// Each tampered log gets the reference's error for it.
func TestTamperedLogsGetTheReferencesErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	huge := uint32(1<<32 - 1)
	cases := []struct {
		name string
		l    *logBytes
		want error
	}{
		{"huge", first(badLog(rng, 2, randomRecord(rng, 0, 0), tamper{length: &huge, noTail: true})), ref.ErrTooLarge},
		{"over", first(badLog(rng, 2, randomRecord(rng, maxPayload+1, maxPayload+1), tamper{})), ref.ErrTooLarge},
		{"checksum", first(badLog(rng, 2, randomRecord(rng, 5, 5), tamper{badSum: true})), ref.ErrChecksum},
		{"cut", &logBytes{b: encode(randomHeader(rng), randomRecords(rng, 3, 5, 5)).b[:60]}, io.ErrUnexpectedEOF},
	}
	for _, c := range cases {
		if _, _, err := ref.ReadLog(bytes.NewReader(c.l.b)); !errors.Is(err, c.want) {
			t.Errorf("%s: reference ReadLog returned %v, want %v", c.name, err, c.want)
		}
	}
}

func first(l *logBytes, _ []contract.Record) *logBytes { return l }
