package udp

import "netcourse/grader/internal/judge"

// hint is what `grader hint 1.4` shows, in layers.
var hint = judge.Hint{
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
		"answers a datagram with its reply":                    "What do you pass to WriteTo: the reply to exactly these n bytes, and the address from this same ReadFrom?",
		"answers each sender at its own address":               "Where does the address you reply to come from? If it is kept from the first datagram, who gets the second client's answer?",
		"answers clients that send at once":                    "If you answer in a goroutine, what does it read: its own copy of the datagram, or the buffer your loop is already reading the next one into?",
		"answers a large datagram whole":                       "How big is the buffer you give ReadFrom? A datagram larger than the buffer is cut to fit, with no error.",
		"returns after its socket is closed":                   "What does your loop do when ReadFrom returns an error? Once the socket is closed it fails at once, every time.",
		"returns the reply to its request":                     "Does one Request send exactly one datagram when the answer comes at once, and return exactly the datagram that came back?",
		"retries when the first datagrams are lost":            "When a read deadline passes, does your code send the request again, and give the new try a fresh deadline?",
		"reports a timeout when no reply comes":                "When the last try times out, what do you return? The caller checks errors.Is(err, ErrNoReply): the read's own timeout error is not it.",
		"stops after retries+1 tries":                          "Count your sends for retries = 2. Is the number bounded even when nothing ever comes back?",
		"gives up on time while stray datagrams keep arriving": "When do you set the read deadline: once after each send, or again before each read? What if a datagram you ignore arrives every few milliseconds?",
		"ignores a reply from another port":                    "Where did the datagram you returned come from? Compare its source with addr: the IP (IP.Equal, not ==) and the port.",
		"ignores a stale reply to an earlier request":          "Does the datagram you return start with your request's 4-byte ID? What do you do with one that does not: return it, or keep reading until the same deadline?",
		"returns a duplicated reply once":                      "Do you return one datagram, or gather several? Each read is one whole datagram; two copies glued together are not the reply.",
		"returns a large reply whole":                          "How big is your receive buffer? A reply bigger than it comes back cut, and ReadFrom says nothing about it.",
	},
}
