package sandbox

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"netcourse/grader/internal/atomicfile"
)

// GoCacheCommand is the grader's hidden subcommand that a build in the
// sandbox runs as its GOCACHEPROG (go help cacheprog): a build cache in
// two tiers. It answers from the build's own cache (GOCACHE, writable),
// then from a cache it may only read: the grader's user's, bind-mounted
// read-only, where the go command that built the grader left the standard
// library compiled. It stores what the build compiles in the build's own
// cache alone. Entries are content-addressed (action ID to output ID), so
// a hit in either is exactly what the build would have compiled; the only
// saving is the compiler's time.
const GoCacheCommand = "netcourse-gocache"

// ServeGoCache is GoCacheCommand: args are the cache to read and the cache
// to write, both in the go command's own layout (cmd/go/internal/cache),
// so that a build without this program uses the same entries.
func ServeGoCache(args []string, in io.Reader, out io.Writer) error {
	if len(args) != 2 {
		return errors.New("gocache: started by hand? this command is the go command's, in a build of the grader's")
	}
	c := goCache{read: args[0], own: args[1]}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	send := func(r cacheResponse) error {
		if err := enc.Encode(r); err != nil {
			return err
		}
		return w.Flush()
	}
	if err := send(cacheResponse{KnownCommands: []string{"get", "put", "close"}}); err != nil {
		return err
	}
	r := bufio.NewReaderSize(in, 64<<10)
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF && len(bytes.TrimSpace(line)) == 0 {
			return nil // the go command closed our input: it is done
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue // the go command ends each request with a blank line
		}
		var req cacheRequest
		if err := json.Unmarshal(line, &req); err != nil {
			return fmt.Errorf("gocache: request %q: %v", line, err)
		}
		res := cacheResponse{ID: req.ID}
		switch req.Command {
		case "get":
			res = c.get(req)
		case "put":
			// The body follows on its own line, whatever happens to it.
			body := &quoted{r: r}
			var err error
			if res.DiskPath, err = c.put(req, body); err != nil {
				res.Err = err.Error()
			}
			if err := body.finish(req.BodySize); err != nil {
				return err
			}
		case "close":
			c.trim()
			return send(res)
		default:
			res.Err = fmt.Sprintf("unknown command %q", req.Command)
		}
		if err := send(res); err != nil {
			return err
		}
	}
}

// cacheRequest and cacheResponse are cmd/go/internal/cacheprog's Request
// and Response.
type cacheRequest struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

type cacheResponse struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

type goCache struct{ read, own string }

// The go command's cache layout: an action's entry "<dir>/<xx>/<id>-a"
// holds "v1 <id hex> <output id hex> <size> <unix nano>\n", the size and
// time space-padded to 20 bytes; the output is "<dir>/<xx>/<output hex>-d".
const (
	hashSize  = sha256.Size
	entrySize = 2 + 1 + 2*hashSize + 1 + 2*hashSize + 1 + 20 + 1 + 20 + 1
)

func cacheFile(dir string, id []byte, kind string) string {
	h := hex.EncodeToString(id)
	return filepath.Join(dir, h[:2], h+"-"+kind)
}

// get looks in the build's own cache, then in the one it may only read.
// Whatever cannot be read as a whole, valid entry is a miss: the build
// then compiles it.
func (c goCache) get(req cacheRequest) cacheResponse {
	res := cacheResponse{ID: req.ID, Miss: true}
	if len(req.ActionID) != hashSize {
		return res
	}
	for _, dir := range []string{c.own, c.read} {
		if e, ok := lookup(dir, req.ActionID); ok {
			if dir == c.own {
				markUsed(cacheFile(dir, req.ActionID, "a"))
				markUsed(e.DiskPath)
			}
			e.ID = req.ID
			return e
		}
	}
	return res
}

// lookup reads an action's entry in dir and checks its output is there,
// whole.
func lookup(dir string, id []byte) (cacheResponse, bool) {
	f, err := os.Open(cacheFile(dir, id, "a"))
	if err != nil {
		return cacheResponse{}, false
	}
	defer f.Close()
	var entry [entrySize + 1]byte
	if n, _ := io.ReadFull(f, entry[:]); n != entrySize {
		return cacheResponse{}, false
	}
	fields := strings.Fields(string(entry[:entrySize]))
	if len(fields) != 5 || fields[0] != "v1" || fields[1] != hex.EncodeToString(id) || len(fields[2]) != 2*hashSize {
		return cacheResponse{}, false
	}
	outID, err := hex.DecodeString(fields[2])
	if err != nil {
		return cacheResponse{}, false
	}
	size, err1 := strconv.ParseInt(fields[3], 10, 64)
	nano, err2 := strconv.ParseInt(fields[4], 10, 64)
	if err1 != nil || err2 != nil || size < 0 {
		return cacheResponse{}, false
	}
	path := cacheFile(dir, outID, "d")
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() || fi.Size() != size {
		return cacheResponse{}, false
	}
	t := time.Unix(0, nano)
	return cacheResponse{OutputID: outID, Size: size, Time: &t, DiskPath: path}, true
}

// put stores an output and its action's entry in the build's own cache,
// each written whole and renamed into place, so that concurrent builds
// never see half of either. The output must be what its ID says.
func (c goCache) put(req cacheRequest, body io.Reader) (string, error) {
	if len(req.ActionID) != hashSize || len(req.OutputID) != hashSize {
		return "", errors.New("put: malformed IDs")
	}
	path := cacheFile(c.own, req.OutputID, "d")
	if req.BodySize == 0 {
		body = strings.NewReader("") // the go command sends no body line
	} else {
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	h := sha256.New()
	if err := writeFile(path, io.TeeReader(body, h)); err != nil {
		return "", err
	}
	if !bytes.Equal(h.Sum(nil), req.OutputID) {
		os.Remove(path)
		return "", errors.New("put: the body is not its output ID's")
	}
	entry := fmt.Sprintf("v1 %x %x %20d %20d\n", req.ActionID, req.OutputID, req.BodySize, time.Now().UnixNano())
	if err := writeFile(cacheFile(c.own, req.ActionID, "a"), strings.NewReader(entry)); err != nil {
		return "", err
	}
	return path, nil
}

// writeFile writes a cache file whole or not at all: the go command of
// another build may read it at any time.
func writeFile(path string, r io.Reader) error { return atomicfile.WriteFrom(path, r, 0o644) }

// As the go command does: files used are touched at most once an hour,
// and trim removes those unused for five days, at most once a day. With a
// GOCACHEPROG the go command trims nothing itself.
const (
	mtimeInterval = time.Hour
	trimInterval  = 24 * time.Hour
	trimLimit     = 5 * 24 * time.Hour
)

func markUsed(path string) {
	if fi, err := os.Stat(path); err == nil && time.Since(fi.ModTime()) >= mtimeInterval {
		now := time.Now()
		os.Chtimes(path, now, now)
	}
}

// trim removes from the build's own cache what no build used for
// trimLimit, and records when in trim.txt, where the go command does.
func (c goCache) trim() {
	stamp := filepath.Join(c.own, "trim.txt")
	if data, err := os.ReadFile(stamp); err == nil {
		if t, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil {
			if d := time.Since(time.Unix(t, 0)); d < trimInterval && d > -mtimeInterval {
				return
			}
		}
	}
	if writeFile(stamp, strings.NewReader(strconv.FormatInt(time.Now().Unix(), 10))) != nil {
		return
	}
	cutoff := time.Now().Add(-trimLimit - mtimeInterval)
	for i := range 256 {
		sub := filepath.Join(c.own, fmt.Sprintf("%02x", i))
		entries, _ := os.ReadDir(sub)
		for _, e := range entries {
			if fi, err := e.Info(); err == nil && fi.ModTime().Before(cutoff) {
				os.Remove(filepath.Join(sub, e.Name()))
			}
		}
	}
}

// quoted reads a body the go command sends after a put: a JSON string of
// base64, streamed, for an output may be tens of MiB. It yields what is
// between the quotes.
type quoted struct {
	r       *bufio.Reader
	started bool
	done    bool
}

func (q *quoted) Read(p []byte) (int, error) {
	for !q.started {
		// After the request's line, and a blank one.
		b, err := q.r.ReadByte()
		switch {
		case err != nil:
			return 0, err
		case b == '"':
			q.started = true
		case b != '\n' && b != '\r' && b != ' ' && b != '\t':
			return 0, errors.New("put: no body")
		}
	}
	if q.done || len(p) == 0 {
		return 0, io.EOF
	}
	if _, err := q.r.Peek(1); err != nil {
		return 0, err
	}
	buf, _ := q.r.Peek(min(q.r.Buffered(), len(p)))
	if i := bytes.IndexByte(buf, '"'); i >= 0 {
		n := copy(p, buf[:i])
		q.r.Discard(i + 1)
		q.done = true
		if n == 0 {
			return 0, io.EOF
		}
		return n, nil
	}
	n := copy(p, buf)
	q.r.Discard(n)
	return n, nil
}

// finish reads what put left of a body of size bytes, to its closing
// quote, so that the next request is read from its start.
func (q *quoted) finish(size int64) error {
	if size == 0 {
		return nil
	}
	if _, err := io.Copy(io.Discard, q); err != nil {
		return err
	}
	if !q.done {
		return errors.New("gocache: a body without its closing quote")
	}
	return nil
}
