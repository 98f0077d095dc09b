package sockets

import "netcourse/grader/internal/judge"

// hint is what `grader hint 1.3` shows, in layers.
var hint = judge.Hint{
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
}
