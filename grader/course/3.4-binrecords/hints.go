package binrecords

import "netcourse/grader/internal/judge"

// hint is what `grader hint 3.4` shows, in layers: the concept, then a
// nudge, then the nudge of each failing check. Hints point and ask; they
// hand over no code to paste.
var hint = judge.Hint{
	Concept: "A binary format is a contract about bytes: how many each field takes, in which order they come (big-endian, " +
		"network byte order, or little-endian), and what a length or a count promises. Over a socket the bytes come in " +
		"pieces, so each part is read whole (io.ReadFull) before it is decoded; a length prefix is checked against its " +
		"bound before anything is allocated; a checksum is compared before a record is believed; and an end that comes " +
		"before the promised bytes is a cut (io.ErrUnexpectedEOF), not an end.",
	Nudge: "Write the log's layout on paper, byte offset by byte offset, with each field's size and byte order. Then " +
		"follow one record through your reader when its 24 fixed bytes arrive in five Reads, when its length prefix is " +
		"0xFFFFFFFF, and when the peer closes after the tenth byte.",
	Checks: map[string]string{
		"reads a header and records from a fragmented stream":            "A Read of 24 bytes returned 5. Does your code notice, and what does it decode from the other 19?",
		"accepts a payload of exactly MaxPayload bytes":                  "Is MaxPayload itself allowed in your comparison?",
		"rejects a 4 GiB length prefix before allocating it":             "What is the first thing your code does with the length it just read?",
		"rejects a length just over MaxPayload":                          "Where do you compare the length with MaxPayload, and is the comparison strict?",
		"reports a record cut short as io.ErrUnexpectedEOF":              "What does your reader return when the peer closes in the middle of a record's fields or payload?",
		"reports a log that ends between records as io.ErrUnexpectedEOF": "The header promised Count records. What does io.ReadFull return when not one byte of the next record arrives, and what do you make of it?",
		"rejects a record whose checksum does not match":                 "Which bytes does your CRC cover, and do you compare it at all?",
		"rejects a stream without the magic number":                      "What do you do with the first four bytes before you read on?",
		"rejects an unknown version":                                     "What do you do with the version once you have read it?",
		"encodes a log byte for byte":                                    "Put your encoder's bytes next to the layout: each field's size, its byte order, the count, the checksum's range. And is everything you wrote out of your process (Flush)?",
		"refuses a payload over MaxPayload and writes nothing":           "When do you look at the payloads' lengths: before the first byte goes out, or as you go?",
	},
}
