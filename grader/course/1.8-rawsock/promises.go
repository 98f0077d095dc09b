package rawsock

import "netcourse/grader/internal/judge"

// promises are what exercises/1.8-rawsock/README.md promises the student, in
// its words, each with the check that fails when it is broken, and the
// input range it uses.
var promises = []judge.Promise{
	{README: "Checksum returns the Internet checksum (RFC 1071): the complement of the ones' complement sum of the data's 16-bit big-endian words",
		Check: "checksums even-length data", Bound: "RFC 1071's example, no data (0xffff), 4 random inputs of 2-200 bytes and an IPv4 header with its checksum zeroed; each compared exactly"},
	{README: "an odd last byte is padded with a zero byte on the right",
		Check: "pads an odd last byte with zero", Bound: "1 and 3 bytes and 4 random odd lengths of 5-203 bytes, the last byte never 0, on every seed"},
	{README: "every carry is folded back in, including the carry a fold itself makes",
		Check: "folds every carry back into the sum", Bound: "ff ff ff ff 00 01 and 5 inputs of 3-32 words whose 32-bit sum, folded once, still carries; the other checksum checks' inputs never need a second fold"},
	{README: "Checksum over a header whose checksum field is filled in gives 0: that is how a receiver verifies it",
		Check: "gives 0 over a header whose checksum is filled in", Bound: "2 IPv4 headers with 0-40 bytes of options and 2 ICMP echo messages, all of even length"},
	{README: "more than MaxPacket (65535) bytes is ErrTooLong",
		Check: "rejects data longer than an IPv4 packet", Bound: "65536 and 65537-69536 bytes are ErrTooLong (errors.Is); 65535 and 65534 bytes are no error"},
	{README: "Decode reads every field of the IPv4 header, multi-byte fields in network byte order, addresses as netip.Addr",
		Check: "decodes IPv4 fields in network byte order", Bound: "6 packets of protocols with no header Decode reads (2, 47, 50, 89, 132 and one of 140-239), IHL 5, random fields with high bits set; every field compared"},
	{README: "the IHL gives the header's length in 32-bit words: options are bytes 20 to IHL*4, and the next header starts there",
		Check: "finds what follows IPv4 options from the IHL", Bound: "IHL 15 on every seed and three IHLs of 6-14, before TCP, UDP, ICMP and another protocol"},
	{README: "after the IPv4 header, Decode reads the TCP (protocol 6), UDP (17) or ICMP (1) header; TCP's data offset says where its payload starts",
		Check: "decodes the TCP, UDP and ICMP headers", Bound: "TCP with no options and with 4-40 bytes, UDP with and without payload, two ICMP echoes; every field and the payload compared"},
	{README: "Flags are the top 3 bits of bytes 6-7, FragOff the low 13; a packet whose fragment offset is not 0 has no TCP, UDP or ICMP header: all of it after the IPv4 header is payload",
		Check: "reads flags and fragment offset", Bound: "a first fragment (MF, offset 0) with its UDP header, DF set, a later UDP fragment with MF and a random offset, a last TCP fragment with an offset of 4096-8191"},
	{README: "bytes after the total length (link-layer padding) are not part of the packet",
		Check: "ends the payload at the total length", Bound: "TCP, UDP and ICMP packets without IPv4 options followed by 1-20 bytes"},
	{README: "a packet shorter than its headers is ErrTruncated: fewer than 20 bytes, fewer than IHL*4, or a transport header (or TCP options) cut short",
		Check: "reports a truncated packet as ErrTruncated", Bound: "0 bytes, 1-19 bytes, a cut inside IPv4 options, TCP, UDP and ICMP headers cut short and TCP options cut short (total length agreeing with the bytes); errors.Is; a whole packet decodes"},
	{README: "an IHL below 5, or a TCP data offset below 5, is ErrHeaderLength",
		Check: "rejects an IHL or a TCP data offset below 5", Bound: "IHL 0-4 on every seed, two TCP data offsets of 0-4; errors.Is"},
	{README: "a total length below the header's length, or above the bytes given, is ErrTotalLength",
		Check: "rejects a total length the bytes disagree with", Bound: "one byte more than the bytes, 1-1000 more, 65535, 0, and 20 to IHL*4-1 for a header with 4-20 bytes of options; errors.Is; a panic crashes the child"},
	// Ping.
	{README: "Ping sends one ICMP echo request: type 8, code 0, the identifier, the sequence number and the data it was given, and a checksum over the whole message",
		Check: "sends a well-formed echo request", Bound: "the request as the grader's raw socket reads it, compared field by field; a random identifier, sequence number and 16-56 bytes of data (an even number, whose checksums one fold settles: the checksum checks are about those mistakes)"},
	{README: "Ping returns the reply's data and the time from the call to the reply",
		Check: "returns the reply and its round-trip time", Bound: "two pings (timeout 2 s), each answered 30-80 ms after the grader saw its request: the reply's data exactly, an RTT no shorter than that delay and no longer than the call"},
	{README: "Ping ignores every message that is not an echo reply (type 0) from dst with the request's identifier and sequence number",
		Check: "ignores replies that are not to its request", Bound: "before the right reply: a reply with another identifier, one with the next sequence number, one from another address, an echo request; each with other data"},
	{README: "on loopback a raw socket reads back the request it sent itself: it is not a reply",
		Check: "gives up at its timeout when nobody answers", Bound: "no reply at all: a success is the own request taken for a reply"},
	{README: "Ping ignores a reply whose checksum does not add up",
		Check: "ignores a reply whose checksum is wrong", Bound: "the right identifier and sequence number, data changed after the checksum was computed, before the right reply"},
	{README: "Ping gives up timeout after it was called, with an error that is os.ErrDeadlineExceeded (errors.Is)",
		Check: "gives up at its timeout when nobody answers", Bound: "timeout 200-300 ms; the error no more than 5 ms before it and no more than 3 s after it; a Ping that never returns is stopped by the grader"},
	{README: "a duplicate of an earlier reply, or a reply that comes after its ping gave up, is not the reply to a later ping",
		Check: "ignores duplicate and late replies to earlier pings", Bound: "three pings on one socket: the first answered twice, the second (timeout 200-300 ms) never in time: it must time out, and on the third's request the first's reply again, the second's late reply, then the third's"},
}
