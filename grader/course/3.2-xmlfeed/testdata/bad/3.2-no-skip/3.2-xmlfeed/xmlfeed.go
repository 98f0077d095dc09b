// Package xmlfeed reads a transit feed.
package xmlfeed

import (
	"encoding/xml"
	"net"
	"strconv"
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

// ReadFeed looks at every start element: a vehicle starts one, the
// fields it knows fill it, its end element hands it on.
func ReadFeed(conn net.Conn, idle time.Duration, fn func(Vehicle) error) error {
	d := xml.NewDecoder(deadlineReader{conn, idle})
	var v Vehicle
	field := ""
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != Namespace {
				continue
			}
			field = t.Name.Local
			switch field {
			case "vehicle":
				v = Vehicle{}
				for _, a := range t.Attr {
					if a.Name.Local == "id" {
						v.ID = a.Value
					}
				}
			case "position":
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "lat":
						v.Lat, _ = strconv.ParseFloat(a.Value, 64)
					case "lon":
						v.Lon, _ = strconv.ParseFloat(a.Value, 64)
					}
				}
			case "route", "note", "time":
				v.setText(field, "")
			}
		case xml.CharData:
			v.addText(field, string(t))
		case xml.EndElement:
			field = ""
			if t.Name.Space == Namespace && t.Name.Local == "vehicle" {
				if err := fn(v); err != nil {
					return err
				}
			}
			if t.Name.Space == Namespace && t.Name.Local == "feed" {
				return nil
			}
		}
	}
}

func (v *Vehicle) setText(field, s string) {
	switch field {
	case "route":
		v.Route = s
	case "note":
		v.Note = s
	case "time":
		v.Time, _ = time.Parse(time.RFC3339, s)
	}
}

func (v *Vehicle) addText(field, s string) {
	switch field {
	case "route":
		v.Route += s
	case "note":
		v.Note += s
	case "time":
		v.Time, _ = time.Parse(time.RFC3339, s)
	}
}
