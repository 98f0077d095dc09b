package xmlfeed

import "netcourse/grader/internal/judge"

// hint is what `grader hint 3.2` shows, in layers: the concept, then a
// nudge, then the nudge of each failing check. Hints point and ask; they
// hand over no code to paste.
var hint = judge.Hint{
	Concept: "A feed is a stream: it arrives over a socket in pieces that end anywhere, it may be far larger than memory, " +
		"and it may stop halfway or never end. encoding/xml's Decoder reads it one token at a time (start element, " +
		"character data, end element), so you hold only the vehicle you are reading. What names an element is its " +
		"namespace and local name, not its prefix; what is not yours you skip whole; and only </feed> says the document " +
		"is complete.",
	Nudge: "Follow your loop on a feed cut off right after a </vehicle>: what does the decoder return next, and does your " +
		"loop pass it on? Then on a peer that goes silent: which Read is waiting, and what ends its wait?",
	Checks: map[string]string{
		"reads every vehicle of a feed sent in fragments":       "Which of the fields are attributes and which are elements? And when a note is text, then a CDATA section, then text, how many xml.CharData tokens does it come as?",
		"matches names by namespace, not by prefix":             "Two elements are both called route here, in different namespaces. What in xml.Name tells them apart, and what do you compare?",
		"skips elements it does not know, with all they hold":   "When a start element you do not know arrives, do you look inside it? A route inside a trip is not the vehicle's route.",
		"reports a feed cut short as an error":                  "The input ends after a </vehicle>. What does Decoder.Token return then, and what does your loop do with that error?",
		"reads a 16 MB feed in bounded memory":                  "What in your code grows with the length of the feed? A whole byte slice of the input, or a slice of every vehicle, does.",
		"times out when the feed stalls mid-token":              "The decoder calls your connection's Read. Which deadline is in force for that Read, and does its error reach your caller intact?",
		"keeps reading a slow feed within its idle timeout":     "Is your deadline for the whole feed, or for each Read? The peer is never silent for long, but it takes longer than idle in all.",
		"stops a feed nested a million deep, in bounded memory": "What does your code do for each start element it skips? What, if anything, stops it going deeper?",
		"stops a 16 MB token, in bounded memory":                "One xml.CharData token holds the whole text up to the next '<'. What stops the decoder from reading for ever before it returns one?",
		"reports invalid UTF-8 as an error":                     "Does anything between the connection and the decoder change the bytes? The decoder checks the encoding if you let it.",
	},
}
