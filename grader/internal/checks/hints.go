package checks

// Hint is the help a student asks for with `grader hint ID` (or `h` in
// `grader watch`), in layers beyond the short hint every failing check
// already prints: first the idea of the exercise, then a pointed nudge.
// Hints point at the place to look and ask the question to answer there;
// they never give the code.
type Hint struct {
	Concept string            // layer 1: what the exercise is about, in the course's words
	Nudge   string            // layer 2: where to look when stuck
	Checks  map[string]string // layer 2, for a failing check: a nudge of its own, by check name
}

// HintFor returns the hints of the exercise with this ID. Every exercise of
// the registry has them, and no other ID does (TestHintsCoverRegistry).
func HintFor(id string) (Hint, bool) {
	h, ok := hints[id]
	return h, ok
}

var hints = map[string]Hint{
	"1.1": {
		Concept: "A TCP connection is a stream of bytes between two programs. Your client opens one with net.Dial, " +
			"writes an HTTP/1.0 request as plain text (every line ends in \\r\\n, and an empty line ends the request), " +
			"and reads the answer. Nothing in the stream says where a message ends: an HTTP/1.0 server says " +
			"\"that was all\" by closing its side, which your Read sees as io.EOF. So a client reads until io.EOF " +
			"and keeps every byte; any other error means the answer was cut short and goes back to the caller.",
		Nudge: "Print the request you send with fmt.Printf(\"%q\\n\", req): is there a \\r before every \\n, " +
			"and an empty line at the very end? Then count your Reads: how many times can your code call Read " +
			"before it returns, and what exactly makes it stop?",
		Checks: map[string]string{
			"sends a well-formed HTTP/1.0 request":            "Compare your request with the one in the README, byte by byte (%q shows \\r and \\n). Which line ends differ, and where is the empty line that ends the headers?",
			"reads the whole response across fragments":       "What does your code do after the first Read returns? The server sends each piece only after you have read the one before, so one Read can only ever see the first piece.",
			"keeps the bytes that arrive with the close":      "Walk through your loop with a single Read that returns n > 0 and io.EOF together. Do those n bytes reach your result before you leave the loop?",
			"returns an error when the connection is refused": "Follow the err that net.Dial returns: where does it go? A panic, log.Fatal or os.Exit there ends the caller's whole program, not just your Get.",
			"reports a reset connection as an error":          "Your loop stops on an error from Read. Does it stop the same way for io.EOF and for \"connection reset by peer\"? Only one of them means the response is complete.",
			"closes its connection":                           "Look at every way out of Get after a successful Dial, the error paths included. Does each of them close the connection? Which Go statement runs on every return?",
		},
	},
	"1.2": {
		Concept: "A server has two kinds of socket. The listening socket only accepts; each Accept gives you a new " +
			"socket connected to one client, and the data goes over that one. The kernel tells you who is calling: " +
			"conn.RemoteAddr() is the client's address and port. A server loops: accept, serve that client, close " +
			"its connection, accept the next, until the listener is closed, which makes Accept fail with net.ErrClosed.",
		Nudge: "Try your server with nc from two addresses (nc 127.0.0.1 9000, then nc -s 127.0.0.2 127.0.0.1 9000): " +
			"does each get its own address, does nc end by itself after the greeting, and does a third nc still " +
			"get an answer? Then close the listener with time.AfterFunc: does Serve return?",
		Checks: map[string]string{
			"greets a client from 127.0.0.1 exactly":        "Print the greeting with %q just before you write it. Is there a port in it? A newline at the end? Anything after the newline?",
			"greets each client with its own address":       "Which address do you print: the listener's, your end of the connection, or the client's end? Connect from 127.0.0.2 and see which one changes.",
			"greets IPv6 clients from ::1":                  "What does RemoteAddr().String() look like for an IPv6 client? How many colons are in it, and where does your code cut it?",
			"closes each client's connection":               "After the greeting is written, what happens to conn? The client waits for EOF, and gets it only when your side closes.",
			"serves many clients one after another":         "Read your code as the second client: once the first one is greeted, who calls Accept for you?",
			"returns promptly after the listener is closed": "What does your loop do when Accept returns an error? After the listener is closed, every Accept fails at once, for ever.",
			"leaks no connections":                          "Count the Close calls: is there one for every accepted connection, on every path? CloseWrite alone sends FIN but keeps the socket.",
		},
	},
	"1.3": {
		Concept: "A socket call may do less than you asked. A send can take only part of your data; a receive returns " +
			"whatever has arrived, which may be one piece of what the peer wrote or several pieces glued together; " +
			"only io.EOF says the peer closed; and a silent peer makes you wait for ever unless you set a timeout. " +
			"Every network program rests on four small loops around these facts: send all, receive until the end, " +
			"receive exactly n bytes, and do it all within a timeout the caller can recognise.",
		Nudge: "For each of the four functions, write down the loop's condition: what makes it go round again, and " +
			"what makes it stop? Then run it in your head with a Send that takes only 3 bytes, a Recv that returns 1 " +
			"byte, a Recv that returns data and io.EOF together, and a Recv that returns an error.",
		Checks: map[string]string{
			"sends everything despite short sends":             "A Send of len(data) bytes returned n < len(data). Which bytes has the peer got now, and which bytes does your next Send offer?",
			"returns an error when the peer resets mid-send":   "What does your loop do when Send returns 0 and an error? If it only looks at the count, does it ever stop?",
			"reassembles a stream of dripped fragments":        "Is a Recv that returns fewer bytes than you asked for the end of the stream? What, and only what, is the end?",
			"keeps the bytes that arrive with end of data":     "When Recv returns a chunk and io.EOF together, does the chunk make it into your result before you leave the loop?",
			"receives 16 MiB in short receives in linear time": "How many bytes does your code copy in all for a reply that arrives in 4000 receives? If each receive copies everything gathered so far, how does that grow?",
			"reports a reset mid-stream as an error":           "Which errors mean \"the peer finished\" and which mean \"the connection broke\"? Check which ones your loop treats as a normal end.",
			"receives back-to-back records exactly":            "When 10 bytes of the record are still missing, how many do you ask Recv for? Whatever Recv returns beyond the record belongs to the next one, and you cannot give it back.",
			"fails on a record cut short by the close":         "The peer closes with part of the record still missing. What does your function return then? The README names the error the caller expects.",
			"times out against a silent peer":                  "Where do you set the timeout, and to what? Is it in force before the first Recv that can block?",
			"times out when the reply stalls halfway":          "Half the reply arrived, then silence. Is your timeout still in force for the next Recv, and does the timeout error reach the caller intact (%w, not %v)?",
			"accepts a slow reply that arrives in time":        "Is the timeout you set exactly the one you were given, not a fraction of it or a constant of your own? The pieces arrive 150ms apart, well within it.",
		},
	},
	"1.4": {
		Concept: "UDP sends datagrams: separate messages, each delivered whole or not at all, with no connection and " +
			"no promise of delivery. Every datagram carries its sender's address, so a server answers each one to " +
			"where that one came from. A client must cope with what the network does: lost datagrams (wait with a " +
			"deadline, then send again, a bounded number of times), copies, late or forged replies (check the " +
			"request ID and the source address), and datagrams bigger than the buffer (the kernel cuts them without " +
			"an error).",
		Nudge: "List every datagram that might reach your client's socket during one Request: the reply, a copy of " +
			"it, an old reply, one from another port, nothing at all. What does your code do with each? For the " +
			"server, ask the same of a second client on another port.",
		Checks: map[string]string{
			"answers a datagram with its reply":           "What do you pass to WriteTo: the reply to exactly these n bytes, and the address from this same ReadFrom?",
			"answers each sender at its own address":      "Where does the address you reply to come from? If it is kept from the first datagram, who gets the second client's answer?",
			"answers a large datagram whole":              "How big is the buffer you give ReadFrom? A datagram larger than the buffer is cut to fit, with no error.",
			"returns after its socket is closed":          "What does your loop do when ReadFrom returns an error? Once the socket is closed it fails at once, every time.",
			"returns the reply to its request":            "Does one Request send exactly one datagram when the answer comes at once, and return exactly the datagram that came back?",
			"retries when the first datagrams are lost":   "When a read deadline passes, does your code send the request again, and give the new try a fresh deadline?",
			"reports a timeout when no reply comes":       "When the last try times out, what do you return? The caller checks errors.Is(err, os.ErrDeadlineExceeded).",
			"stops after retries+1 tries":                 "Count your sends for retries = 2. Is the number bounded even when nothing ever comes back?",
			"ignores a reply from another port":           "Where did the datagram you returned come from? Compare its source with addr: the IP (IP.Equal, not ==) and the port.",
			"ignores a stale reply to an earlier request": "Does the datagram you return start with your request's 4-byte ID? What do you do with one that does not: return it, or keep reading until the same deadline?",
			"returns a duplicated reply once":             "Do you return one datagram, or gather several? Each read is one whole datagram; two copies glued together are not the reply.",
			"returns a large reply whole":                 "How big is your receive buffer? A reply bigger than it comes back cut, and ReadFrom says nothing about it.",
		},
	},
	"1.5": {
		Concept: "A Unix domain socket is a byte stream between two processes on one machine, named by a path in the " +
			"file system instead of an IP address and a port. The path is a real file, a socket file, that bind " +
			"creates, so it has a life of its own: a server that dies leaves a stale file that blocks the next bind. " +
			"A careful server removes only a stale socket file (never anything else) before it listens, and leaves " +
			"nothing behind when it stops. In this protocol the client's half-close marks the end of its request.",
		Nudge: "Run your server, look at the path with ls -l (an s in front means a socket file), kill it with " +
			"kill -9 and start it again: what is at the path now, and what does your Listen do with it? Then put a " +
			"regular file there and try again.",
		Checks: map[string]string{
			"listens on the path and answers a request": "Which network do you pass to net.Listen? The address is a path, not host:port.",
			"answers each client in turn":               "After the first client is answered, who calls Accept again?",
			"reads the whole request across fragments":  "How does your server know the request is complete? Only the client's half-close (io.EOF) says so, not the end of one Read.",
			"replaces a stale socket file":              "What does net.Listen say when a socket file is already at the path? Look at the path with os.Lstat first: what kind of file is it?",
			"leaves a regular file at the path alone":   "Before you remove anything, check what it is: fi.Mode().Type() tells a socket file from a regular file.",
			"returns after the listener is closed":      "What does your accept loop do when Accept returns an error wrapping net.ErrClosed?",
			"removes its socket file when it stops":     "After Serve returns, is the path empty (ls -l)? A listener from net.Listen removes its file on Close; one made another way, or told not to, does not.",
			"returns the server's reply":                "Does Request return every byte the server sent, read until the server closed?",
			"sends its message, then half-closes":       "How does the server know your request is complete? What does CloseWrite send that Write does not, and what would Close do to your reply?",
			"reads the whole reply across fragments":    "Does Request read until io.EOF, or stop after the first Read?",
			"reports a stale socket file as an error":   "What does net.Dial return when the file is there but nothing listens? Where does that error go?",
		},
	},
	"1.6": {
		Concept: "A server whose clients stay connected must serve all of them at the same time, or one slow or idle " +
			"client keeps every other waiting: one goroutine per connection, while the accept loop goes straight " +
			"back to Accept. Stopping such a server is a small protocol of its own: stop accepting, give clients in " +
			"the middle of a line a grace period, close every connection, and wait until every goroutine you " +
			"started has ended.",
		Nudge: "Connect one nc and type nothing, then a second nc and type a line: is it answered at once? Then stop " +
			"the server (Ctrl-C in the README's try program) while one nc is in the middle of a line: does that line " +
			"still get its answer, does every nc see the close, and does Serve return only after that?",
		Checks: map[string]string{
			"answers each line reversed":                   "Do you answer each complete line with exactly its text reversed and one \"\\n\"? Print what you write with %q.",
			"answers a line sent one byte at a time":       "One Read may return a single byte of a line. What gathers bytes until the newline, and is it made once per connection or once per line?",
			"answers several lines sent in one write":      "One Read may return three lines and half of a fourth. Do you answer all three, and keep the half for later?",
			"serves a client while another is idle":        "What does your accept loop do between two Accepts? If it reads from the connection it just accepted, who accepts the next client?",
			"serves over 100 clients at once":              "Is anything shared between handlers: a buffer, a reader, a lock held while reading? A hundred clients at once must not wait for each other.",
			"stops gracefully when ctx is cancelled":       "What wakes your Accept when ctx is cancelled? And what wakes a handler blocked in Read on an idle client, without cutting off one in mid-line?",
			"stops gracefully when the listener is closed": "When Accept fails because the listener was closed, how do your handlers hear about it? Does Serve wait for them before it returns?",
			"leaks no goroutines or connections":           "For every goroutine you start, what makes it end? One that waits only for ctx.Done() outlives its connection.",
		},
	},
	"1.7": {
		Concept: "Before a program sends its first byte it turns names into addresses (DNS A and AAAA records), " +
			"service names into ports, and a host and a port into an address net.Dial understands (an IPv6 address " +
			"goes in brackets). It asks the resolver it is given, passes the context on so that a silent server " +
			"cannot hang it, and keeps error types intact for the caller. On the wire, protocols put integers most " +
			"significant byte first (network byte order, big-endian), whatever the CPU does.",
		Nudge: "Run the fake DNS server (grader try 1.7) and point a resolver at it: does your lookup show up in its " +
			"log, for both A and AAAA? For the byte order, write 8080 (0x1f90) by hand: which byte goes first on the wire?",
		Checks: map[string]string{
			"returns every A and AAAA address of a name":       "Which network do you ask the resolver for: one address family or both? And are your IPv4 addresses plain IPv4 (Is4), not ::ffff:-mapped?",
			"asks the resolver it is given":                    "Which resolver does your code call: the r you were given, or package net's functions, which use the system's?",
			"reports a name that does not exist as not found":  "After your code returns, can the caller still find the *net.DNSError with errors.As? %v turns an error into plain text.",
			"gives up at the deadline against a silent server": "Which context reaches the lookup: the one you were given, or one you made?",
			"gets a truncated answer in full over TCP":         "Does your lookup go through the resolver you were given? It asks again over TCP when the UDP answer is truncated; a lookup of your own making does not.",
			"looks up service names and numeric ports":         "Where do service names come from? Not from DNS, and not from a table of your own. And what do you return for \"70000\"?",
			"formats IPv4 and host name endpoints":             "What does your function return for \"192.0.2.1\" and 80? Compare it byte by byte with \"192.0.2.1:80\".",
			"puts IPv6 literals in brackets, zones included":   "In \"2001:db8::1:443\", where does the address end? What marks that end, and where does a zone like %eth0 go?",
			"rejects ports outside 0-65535":                    "Which numbers are ports? Try -1, 0, 65535 and 65536.",
			"writes integers in network byte order":            "Which byte of 0x1f90 goes in b[0]? And do you touch anything past the integer's bytes?",
			"reads integers in network byte order":             "Do you read only the first 2 (or 4) bytes, most significant first, whatever follows them?",
			"reports a buffer that is too short as an error":   "What happens on a 1-byte slice when your code reaches b[1]? What could you look at before that?",
		},
	},
}
