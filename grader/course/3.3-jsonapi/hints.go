package jsonapi

import "netcourse/grader/internal/judge"

// hint is what `grader hint 3.3` shows, in layers: the concept, then a
// nudge, then the nudge of each failing check. Hints point and ask; they
// hand over no code to paste.
var hint = judge.Hint{
	Concept: "A JSON reply is a byte stream until proven complete: it arrives in pieces that end anywhere, it can be " +
		"cut short or followed by more, and a list can be far larger than memory. json.Decoder reads one value at a " +
		"time from the connection; Token and More walk an array without holding it; UseNumber keeps numbers exact; " +
		"and only the end of the connection right after the value says the reply is the whole reply.",
	Nudge: "After your Decode returns, what is left on the connection, and do you look? And when your array loop ends, " +
		"how do you know it ended at a ']' rather than at the end of the input?",
	Checks: map[string]string{
		"decodes a reply sent in fragments, unknown fields and all": "Do you read the reply with one Read, or refuse fields your struct does not have?",
		"keeps big numbers exact":                                   "What Go type does a JSON number become inside a map[string]any, and how many digits does that type hold?",
		"takes missing fields and null as empty":                    "What does encoding/json put in a slice, a pointer or a map for null? Does your code add anything on top?",
		"reports a reply cut short as an error":                     "What does Decode return when the input ends inside the value, and does your code pass it on as it is?",
		"times out when the reply stalls mid-string":                "Which deadline is in force for the Read the decoder is waiting in, and does its error reach your caller intact?",
		"rejects data after the reply":                              "Decode stops at the end of the value. What reads the rest of the connection, and what should it find there?",
		"streams the items of an array sent in fragments":           "Which tokens come before, between and after the elements of an array, and which ones does your loop read?",
		"streams a 16 MB array in bounded memory":                   "What in your code grows with the length of the array: the bytes read, or the items kept?",
		"reports an array cut short as an error":                    "dec.More() is false in two situations. Which two, and how does your code tell them apart?",
		"rejects data after the array":                              "After the ']', is the connection at its end? Who checks?",
		"times out when the array stalls mid-item":                  "The decoder calls your connection's Read. Which deadline is in force for that Read?",
		"keeps reading a slow array within its idle timeout":        "Is your deadline for the whole array, or for each Read?",
		"stops an item of 16 MB, in bounded memory":                 "How many bytes will Decode read for one item before it returns? What could stop it?",
		"reports invalid UTF-8 in an item as an error":              "What does encoding/json do with a byte that is not UTF-8 inside a string? Where could you look at the raw bytes of one item?",
	},
}
