package rawsock

import "netcourse/grader/internal/judge"

// hint is what `grader hint 1.8` shows, in layers: the concept, then a
// nudge, then the nudge of each failing check. Hints point and ask; they
// hand over no code to paste.
var hint = judge.Hint{
	Concept: "Below TCP and UDP a program sees whole packets: an IPv4 header of 20 to 60 bytes (its IHL says how many), then a TCP, UDP or ICMP header, then the payload, " +
		"every multi-byte field most significant byte first. Nothing in the bytes can be trusted to agree with the buffer: lengths are numbers a sender wrote. " +
		"The Internet checksum protects the headers: a ones' complement sum of 16-bit words, where every carry comes back in at the bottom. " +
		"A ping is an ICMP echo request; on a raw socket every ICMP message of the host arrives, so a reply is known only by its type, sender, identifier, sequence number and checksum, and a ping that hears nothing stops at its deadline. " +
		"A packet socket reads whole frames, Ethernet header first, and on loopback each frame twice: as it leaves and as it arrives.",
	Nudge: "Take the README's example packet and read it by hand against RFC 791's diagram: at which byte does the UDP header start, and what would your code read there if the header had options?",
	Checks: map[string]string{
		"checksums even-length data":                          "Do you read each word most significant byte first? And do you return the sum, or its complement?",
		"pads an odd last byte with zero":                     "When the length is odd, what happens to the last byte in your loop? Is it the high or the low byte of its word?",
		"folds every carry back into the sum":                 "Add 0xffff, 0xffff and 0x0001 by hand, in 16 bits with end-around carry. Does one fold of your 32-bit sum get the same?",
		"gives 0 over a header whose checksum is filled in":   "Does your Checksum sum every byte it is given, or does it skip or zero some field?",
		"rejects data longer than an IPv4 packet":             "What is the largest number a 16-bit total length can hold? What do you do with more bytes than that?",
		"decodes IPv4 fields in network byte order":           "Which byte order do you read 16- and 32-bit fields in? Which byte holds the TTL, which the protocol?",
		"finds what follows IPv4 options from the IHL":        "Where does the IPv4 header end when byte 0 is 0x46? Where does your code look for the next header?",
		"decodes the TCP, UDP and ICMP headers":               "Where does the TCP payload start when the data offset is 8? Which field tells a UDP header from a TCP one?",
		"reads flags and fragment offset":                     "Bytes 6-7 hold two fields: how many bits each? And what does a fragment at offset 185 start with: a header, or the middle of a payload?",
		"ends the payload at the total length":                "Which says where the packet ends: the buffer's length, or a field in the header?",
		"reports a truncated packet as ErrTruncated":          "Before each read at an offset, do you know the buffer reaches that far?",
		"rejects an IHL or a TCP data offset below 5":         "What header length does an IHL of 3 give, and can a header be shorter than its fixed part?",
		"rejects a total length the bytes disagree with":      "What happens when you slice b up to a total length larger than len(b), or smaller than the header?",
		"sends a well-formed echo request":                    "Which bytes of your request hold the identifier and the sequence number, and was the checksum field 0 when you summed the message?",
		"returns the reply and its round-trip time":           "From when to when do you measure the RTT? And which data do you return: what you sent, or what the reply carried?",
		"ignores replies that are not to its request":         "A raw socket reads every ICMP message on the host. Which fields of a message tell you it answers this very request?",
		"ignores a reply whose checksum is wrong":             "Does anyone check the checksum of what your raw socket reads, if you do not?",
		"gives up at its timeout when nobody answers":         "What ends your read loop when nothing comes? And what does a raw socket read on loopback right after you send?",
		"ignores duplicate and late replies to earlier pings": "Ping 1's reply may come twice, ping 2's after ping 2 gave up: what tells them apart from ping 3's?",
		"summarises TCP and UDP frames":                       "Where in the frame does the IPv4 packet start, and could Decode read the rest for you?",
		"counts the payload past options, not the padding":    "A 60-byte frame holding a UDP datagram with 3 bytes of data: where do those 3 bytes end, and what comes after them?",
		"summarises other protocols and non-IPv4 frames":      "Which bytes of the frame tell an ARP frame from an IPv4 one? And which sll_pkttype values does a frame sent to everyone arrive with?",
		"reports each frame once, not its outgoing copy":      "On loopback, how many times does your socket read a frame that was sent? What does Recvfrom tell you that Read does not?",
		"stops at n frames or at its timeout":                 "What ends your loop when n frames have come, and what when none come? Which error does the deadline give, and is it your caller's business?",
	},
}
