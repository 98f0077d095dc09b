package sockets

import "netcourse/grader/internal/judge"

// promises maps what exercises/1.3-sockets/README.md promises to the check
// that fails when it is broken, with the bound it uses. lateBy is half the
// timeout, at least 100 ms (150 ms for the 300 ms timeout), or past the
// reference solution's own time in the same check if that is later.
var promises = []judge.Promise{
	// SendAll
	{README: "SendAll sends all of data on s, calling s.Send as often as needed; a short send is normal: send the rest next, data[n:], not nothing (the rest is lost)",
		Check: "sends everything despite short sends",
		Bound: "192–320 KiB (by the seed), every Send cut to a seeded random prefix, SO_SNDBUF 4096, a peer reading 8 KiB every 500 µs; the peer must receive exactly the data, and SendAll return nil within 10 s"},
	{README: "and not data again from the start (the peer gets the beginning twice); the peer must receive every byte, once, in order",
		Check: "sends everything despite short sends",
		Bound: "the peer compares each byte as it arrives; at the first wrong byte (with 16 bytes after it to place them) the child is stopped and the re-sent, skipped or restarted range is named: a loop that lost its place (sent = n) fails at once, not after 10 s"},
	{README: "A failing send fails for good: after the peer resets the connection, every Send returns 0 and an error. Return the error; a loop that ignores it, or waits for a non-zero count, spins for ever; it must return an error within a few seconds",
		Check: "returns an error when the peer resets mid-send",
		Bound: "8 MiB to a peer that reads 16–64 KiB and resets; an error within 3 s, and only after the reset (an error before it fails, so does nil)"},

	// RecvAll
	{README: "RecvAll receives until the peer closes its side (io.EOF) and returns everything received; a short Recv is not the end; a stream dripped in fragments of random sizes, each sent only after you have received the one before, then a clean close",
		Check: "reassembles a stream of dripped fragments",
		Bound: "2000–4000 bytes in fragments of 1–400 bytes, each sent once the one before was read (lockstep); exactly the bytes, nil error"},
	{README: "Data first, then the error. When Recv returns bytes and io.EOF together, keep the bytes; the last bytes arriving together with io.EOF",
		Check: "keeps the bytes that arrive with end of data",
		Bound: "300–700 bytes, the FIN acknowledged before RecvAll starts, so its last Recv returns data and io.EOF together on every run; exactly the bytes, and nil: io.EOF returned as an error fails, named as such"},
	{README: "Gather efficiently: s += string(chunk) ... takes minutes on a big file; 16 MiB in receives of a few KiB each, against a time budget set by the reference solution in the same run (ten times its time, at least a second more)",
		Check: "receives 16 MiB in short receives in linear time",
		Bound: "16 MiB, SO_RCVBUF 4096 and seeded short receives; budget max(10 × reference, reference + 1 s), the reference measured in the same check; one more try against a fresh reference when over"},
	{README: "io.EOF is the only good end. \"connection reset by peer\" ... means the data may be cut anywhere: return the error, not what you have as if it were complete; a reset (RST) in the middle of the stream, which must be an error",
		Check: "reports a reset mid-stream as an error",
		Bound: "1000–2000 bytes dripped, then RST; an error, and only once every byte before the reset was received"},

	// RecvExactly
	{README: "RecvExactly receives exactly n bytes (a fixed-size record) and no more; never ask Recv for more than the record still needs (n - len(got)); two records back to back, with one fragment holding the end of the first and the start of the second",
		Check: "receives back-to-back records exactly",
		Bound: "records of 200–1500 bytes; one fragment holds the last 1–150 bytes of record 1 and the first 1–150 of record 2; both records exact, no error"},
	{README: "io.ErrUnexpectedEOF if the peer closes first; a peer that closes in the middle of a record, which must be an error",
		Check: "fails on a record cut short by the close",
		Bound: "a record of 400–1200 bytes cut after a third to five sixths of it; errors.Is(err, io.ErrUnexpectedEOF), returned only after every byte sent was received: a plain io.EOF (a clean end to its caller), another error, or no error fails"},

	// Fetch
	{README: "Fetch connects to addr (TCP), sends request, and returns the whole reply (until the peer closes); a slow peer that sends its reply in fragments 150ms apart, well within the timeout: the whole reply, no error",
		Check: "accepts a slow reply that arrives in time",
		Bound: "timeout 1.2 s, 3–5 fragments 150 ms apart, then FIN; the whole request seen by the peer, the whole reply returned, nil error"},
	{README: "Use the timeout you are given, as it is (a tenth of it \"to be safe\" breaks slow but healthy peers)",
		Check: "accepts a slow reply that arrives in time",
		Bound: "gaps of 150 ms under a 1.2 s timeout: a timeout error there fails"},
	{README: "If the peer is silent for longer than timeout, it returns an error e with errors.Is(e, os.ErrDeadlineExceeded); pass the error on as it is or wrapped with %w: with %v or errors.New the caller can no longer tell a timeout from other failures",
		Check: "times out against a silent peer",
		Bound: "wire.Err.Deadline: errors.Is(err, os.ErrDeadlineExceeded); context.DeadlineExceeded, or an error whose Timeout() alone is true, fails"},
	{README: "Fetch against a peer that never answers: a timeout error, not before the timeout (300ms) and not much after it",
		Check: "times out against a silent peer",
		Bound: "timeout 300 ms; never before 300 ms; at most lateBy (150 ms) after it, or after the reference solution's time in the same check; late twice (two runs, two references) fails; killed at 2.3 s"},
	{README: "one that sends half a reply and goes silent: a timeout error, not before the timeout and not much after it; a timeout means the data may be cut anywhere: return the error, not what you have",
		Check: "times out when the reply stalls halfway",
		Bound: "200–400 bytes dripped, then silence; os.ErrDeadlineExceeded, never before 300 ms, at most lateBy after the peer's last byte + 300 ms, or after the reference's time in the same check; nil with the partial reply fails"},
	{README: "A timeout for each call (s.SetTimeout(timeout)) or one deadline for the whole exchange are both fine",
		Check: "times out when the reply stalls halfway",
		Bound: "the lower bound is the timeout from Fetch's start (a whole-exchange deadline), the upper one the timeout after the peer's last byte (a deadline per call); both pass"},
}
