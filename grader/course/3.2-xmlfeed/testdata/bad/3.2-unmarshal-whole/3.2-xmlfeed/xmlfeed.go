// Package xmlfeed reads a transit feed.
package xmlfeed

import (
	"encoding/xml"
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

type xmlVehicle struct {
	ID       string `xml:"id,attr"`
	Route    string `xml:"urn:netcourse:transit:1 route"`
	Position struct {
		Lat float64 `xml:"lat,attr"`
		Lon float64 `xml:"lon,attr"`
	} `xml:"urn:netcourse:transit:1 position"`
	Time time.Time `xml:"urn:netcourse:transit:1 time"`
	Note string    `xml:"urn:netcourse:transit:1 note"`
}

type xmlFeed struct {
	XMLName  xml.Name     `xml:"urn:netcourse:transit:1 feed"`
	Vehicles []xmlVehicle `xml:"urn:netcourse:transit:1 vehicle"`
}

// ReadFeed reads the whole feed, then decodes it in one go.
func ReadFeed(conn net.Conn, idle time.Duration, fn func(Vehicle) error) error {
	data, err := io.ReadAll(deadlineReader{conn, idle})
	if err != nil {
		return err
	}
	var f xmlFeed
	if err := xml.Unmarshal(data, &f); err != nil {
		return err
	}
	for _, v := range f.Vehicles {
		if err := fn(Vehicle{ID: v.ID, Route: v.Route, Lat: v.Position.Lat, Lon: v.Position.Lon, Time: v.Time, Note: v.Note}); err != nil {
			return err
		}
	}
	return nil
}
