// Package harness is what every exercise's checks are written with: the
// typed calls of an exercise's contract (Call, Start, Result, Await, Send),
// a server under test (StartServer, Server.Stop), and stub detection, in
// one place for all operations. An exercise's own files then hold only its
// judgement.
package harness
