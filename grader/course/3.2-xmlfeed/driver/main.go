// Command driver is the child of exercise 3.2: it connects to the judge's
// fake peer and runs the submission's ReadFeed on the connection.
package main

import (
	"net"
	"os"
	"time"

	xmlfeed "netcourse/exercises/3.2-xmlfeed"
	"netcourse/grader/child"
	"netcourse/grader/course/3.2-xmlfeed/contract"
	"netcourse/grader/wire"
)

func main() {
	os.Exit(child.Serve(child.Handle(contract.ReadFeed, readFeed)))
}

func readFeed(s *child.Session, a contract.FeedArgs) (contract.Feed, error) {
	c, err := net.DialTimeout("tcp", a.Addr, contract.DialWithin)
	if err != nil {
		return contract.Feed{}, err
	}
	defer c.Close()
	var f contract.Feed
	err = s.Call(func() {
		start := time.Now()
		err := xmlfeed.ReadFeed(c, a.Idle, func(v xmlfeed.Vehicle) error {
			cv := contract.Vehicle{ID: v.ID, Route: v.Route, Lat: v.Lat, Lon: v.Lon, Time: v.Time, Note: v.Note}
			if f.Count < a.Keep {
				f.Vehicles = append(f.Vehicles, cv)
			}
			f.Count++
			f.Digest = contract.Digest(f.Digest, cv)
			return nil
		})
		f.Err, f.Elapsed = wire.Describe(err), time.Since(start)
	})
	return f, err
}
