// Package xmlfeed reads a transit feed.
package xmlfeed

import (
	"encoding/xml"
	"errors"
	"io"
	"net"
	"time"
)

const Namespace = "urn:netcourse:transit:1"

type Vehicle struct {
	ID    string
	Route string
	Lat   float64
	Lon   float64
	Time  time.Time
	Note  string
}

type deadlineReader struct {
	c    net.Conn
	idle time.Duration
}

func (r deadlineReader) Read(p []byte) (int, error) {
	r.c.SetReadDeadline(time.Now().Add(r.idle))
	return r.c.Read(p)
}

// limited fails once more than 1 MiB were read since the last reset.
type limited struct {
	r io.Reader
	n int
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n > 1<<20 {
		return 0, errors.New("token too long")
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

type xmlVehicle struct {
	ID       string `xml:"urn:netcourse:transit:1 id"`
	Route    string `xml:"urn:netcourse:transit:1 route"`
	Position struct {
		Lat float64 `xml:"urn:netcourse:transit:1 lat"`
		Lon float64 `xml:"urn:netcourse:transit:1 lon"`
	} `xml:"urn:netcourse:transit:1 position"`
	Time time.Time `xml:"urn:netcourse:transit:1 time"`
	Note string    `xml:"urn:netcourse:transit:1 note"`
}

// ReadFeed walks the feed with Token and decodes each vehicle with
// DecodeElement.
func ReadFeed(conn net.Conn, idle time.Duration, fn func(Vehicle) error) error {
	lim := &limited{r: deadlineReader{conn, idle}}
	d := xml.NewDecoder(lim)
	depth := 0
	for {
		lim.n = 0
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 1 && t.Name.Space == Namespace && t.Name.Local == "vehicle" {
				var v xmlVehicle
				if err := d.DecodeElement(&v, &t); err != nil {
					return err
				}
				if err := fn(Vehicle{ID: v.ID, Route: v.Route, Lat: v.Position.Lat, Lon: v.Position.Lon, Time: v.Time, Note: v.Note}); err != nil {
					return err
				}
				continue
			}
			if depth >= 1 {
				// Decoder.Skip has no depth limit: count.
				for open := 1; open > 0; {
					lim.n = 0
					tok, err := d.Token()
					if err != nil {
						return err
					}
					switch tok.(type) {
					case xml.StartElement:
						if open++; open > 10000 {
							return errors.New("nested too deep")
						}
					case xml.EndElement:
						open--
					}
				}
				continue
			}
			depth++
		case xml.EndElement:
			depth--
			if depth == 0 {
				return nil
			}
		}
	}
}
