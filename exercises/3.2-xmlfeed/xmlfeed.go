// Package xmlfeed reads a transit feed, an XML document of vehicles, from
// a connection with encoding/xml's streaming decoder. See README.md.
package xmlfeed

import (
	"errors"
	"net"
	"time"
)

// Namespace is the feed's XML namespace: its elements are feed, vehicle,
// route, position, time and note in this namespace, whatever the prefix.
const Namespace = "urn:netcourse:transit:1"

// Vehicle is one vehicle of the feed.
type Vehicle struct {
	ID    string    // the id attribute of <vehicle>
	Route string    // the text of <route>
	Lat   float64   // the lat attribute of <position>
	Lon   float64   // the lon attribute of <position>
	Time  time.Time // the text of <time>, RFC 3339
	Note  string    // the text of <note>, "" without one
}

// ReadFeed reads the feed from conn and calls fn with each vehicle, in
// document order, as soon as its element ends. No Read may wait longer
// than idle. It returns fn's first error, or the first error reading the
// feed: a feed that ends before </feed> is an error.
func ReadFeed(conn net.Conn, idle time.Duration, fn func(Vehicle) error) error {
	return errors.ErrUnsupported
}
