// Package xmlfeed reads a transit feed, an XML document of vehicles, from
// a connection with encoding/xml's streaming decoder: one token at a time,
// so a feed of any length is read in bounded memory.
package xmlfeed

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// Namespace is the feed's XML namespace: its elements are feed, vehicle,
// route, position, time and note in this namespace, whatever the prefix.
const Namespace = "urn:netcourse:transit:1"

// MaxDepth and MaxToken bound what a hostile feed can make the reader hold.
const (
	MaxDepth = 10000   // elements open at once
	MaxToken = 1 << 20 // bytes read for one token
)

// Vehicle is one vehicle of the feed.
type Vehicle struct {
	ID    string    // the id attribute of <vehicle>
	Route string    // the text of <route>
	Lat   float64   // the lat attribute of <position>
	Lon   float64   // the lon attribute of <position>
	Time  time.Time // the text of <time>, RFC 3339
	Note  string    // the text of <note>, "" without one
}

// ErrTooDeep and ErrTokenTooLong are a hostile feed's errors.
var (
	ErrTooDeep      = errors.New("xmlfeed: elements nested too deep")
	ErrTokenTooLong = errors.New("xmlfeed: token too long")
)

// idleReader sets a read deadline idle from now before each Read: a feed
// may take as long as it likes in all, but not stay silent longer.
type idleReader struct {
	c    net.Conn
	idle time.Duration
}

func (r *idleReader) Read(p []byte) (int, error) {
	if err := r.c.SetReadDeadline(time.Now().Add(r.idle)); err != nil {
		return 0, err
	}
	return r.c.Read(p)
}

// tokenLimit fails a Read once more than max bytes were read since the
// last reset: the decoder holds a whole token in memory, so a token that
// never ends must be stopped here.
type tokenLimit struct {
	r   io.Reader
	n   int
	max int
}

func (l *tokenLimit) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, ErrTokenTooLong
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

// ReadFeed reads the feed from conn and calls fn with each vehicle, in
// document order, as soon as its element ends. It returns fn's first
// error, or the decoder's: a feed that ends before </feed> is an error.
func ReadFeed(conn net.Conn, idle time.Duration, fn func(Vehicle) error) error {
	lim := &tokenLimit{r: &idleReader{c: conn, idle: idle}, max: MaxToken}
	d := xml.NewDecoder(lim)
	next := func() (xml.Token, error) {
		lim.n = 0
		return d.Token()
	}
	// The root: <feed>, after the prolog.
	for {
		tok, err := next()
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name != (xml.Name{Space: Namespace, Local: "feed"}) {
				return fmt.Errorf("xmlfeed: root element is %s, want feed", se.Name.Local)
			}
			break
		}
	}
	for {
		tok, err := next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil // </feed>; the decoder checks the names match
		case xml.StartElement:
			if t.Name.Local != "vehicle" {
				if err := skip(next, 1); err != nil {
					return err
				}
				continue
			}
			v, err := vehicle(next, t)
			if err != nil {
				return err
			}
			if err := fn(v); err != nil {
				return err
			}
		}
	}
}

// vehicle reads the rest of a <vehicle> element.
func vehicle(next func() (xml.Token, error), start xml.StartElement) (Vehicle, error) {
	var v Vehicle
	for _, a := range start.Attr {
		if a.Name.Local == "id" {
			v.ID = a.Value
		}
	}
	for {
		tok, err := next()
		if err != nil {
			return v, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return v, nil
		case xml.StartElement:
			switch t.Name.Local {
			case "route":
				v.Route, err = text(next)
			case "note":
				v.Note, err = text(next)
			case "time":
				var s string
				if s, err = text(next); err == nil {
					v.Time, err = time.Parse(time.RFC3339, s)
				}
			case "position":
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "lat":
						v.Lat, err = strconv.ParseFloat(a.Value, 64)
					case "lon":
						v.Lon, err = strconv.ParseFloat(a.Value, 64)
					}
					if err != nil {
						break
					}
				}
				if err == nil {
					err = skip(next, 2)
				}
			default:
				err = skip(next, 2)
			}
			if err != nil {
				return v, fmt.Errorf("vehicle %q: %s: %w", v.ID, t.Name.Local, err)
			}
		}
	}
}

// text gathers the character data of an element whose start was just
// read, up to its end: entities are decoded by the decoder, and text and
// CDATA sections come as separate tokens, joined here. Elements inside
// are skipped.
func text(next func() (xml.Token, error)) (string, error) {
	var b strings.Builder
	for {
		tok, err := next()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			if err := skip(next, 3); err != nil {
				return "", err
			}
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

// skip reads past the end of an element whose start was just read, depth
// elements deep, with a counter rather than recursion so that no nesting
// costs more than MaxDepth.
func skip(next func() (xml.Token, error), depth int) error {
	for open := 1; open > 0; {
		tok, err := next()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			open++
			if depth+open > MaxDepth {
				return ErrTooDeep
			}
		case xml.EndElement:
			open--
		}
	}
	return nil
}
