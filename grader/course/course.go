// Package course lists the course's exercises in course order. On the
// grader's side an exercise is one folder here, grader/course/<dir>/: its
// checks, hints and try peer (the package), contract/ (what its judge and
// child say to each other), driver/ (the child's main) and testdata/bad/
// (its known-bad submissions). exercises/<dir> and solutions/<dir> mirror
// it for students.
package course

import (
	tcpclient "netcourse/grader/course/1.1-tcpclient"
	tcpserver "netcourse/grader/course/1.2-tcpserver"
	sockets "netcourse/grader/course/1.3-sockets"
	udp "netcourse/grader/course/1.4-udp"
	unixsock "netcourse/grader/course/1.5-unixsock"
	concurrency "netcourse/grader/course/1.6-concurrency"
	netutil "netcourse/grader/course/1.7-netutil"
	rawsock "netcourse/grader/course/1.8-rawsock"
	httpget "netcourse/grader/course/2.1-httpget"
	httppost "netcourse/grader/course/2.2-httppost"
	sessions "netcourse/grader/course/2.3-sessions"
	robust "netcourse/grader/course/2.4-robust"
	sendmail "netcourse/grader/course/2.5-sendmail"
	ftpclient "netcourse/grader/course/2.6-ftpclient"
	csvstream "netcourse/grader/course/3.1-csvstream"
	xmlfeed "netcourse/grader/course/3.2-xmlfeed"
	jsonapi "netcourse/grader/course/3.3-jsonapi"
	binrecords "netcourse/grader/course/3.4-binrecords"
	htmllinks "netcourse/grader/course/3.5-htmllinks"
	"netcourse/grader/internal/judge"
)

// Exercises are the course's exercises in course order. The folders of
// every tree and the READMEs are checked against it by TestCourseMatchesTree.
var Exercises = []*judge.Exercise{
	tcpclient.Exercise,
	tcpserver.Exercise,
	sockets.Exercise,
	udp.Exercise,
	unixsock.Exercise,
	concurrency.Exercise,
	netutil.Exercise,
	rawsock.Exercise,
	httpget.Exercise,
	httppost.Exercise,
	sessions.Exercise,
	robust.Exercise,
	sendmail.Exercise,
	ftpclient.Exercise,
	csvstream.Exercise,
	xmlfeed.Exercise,
	jsonapi.Exercise,
	binrecords.Exercise,
	htmllinks.Exercise,
}

// Lookup finds an exercise by its ID.
func Lookup(id string) *judge.Exercise {
	for _, e := range Exercises {
		if e.ID == id {
			return e
		}
	}
	return nil
}
