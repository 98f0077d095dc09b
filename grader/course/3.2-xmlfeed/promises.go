package xmlfeed

import "netcourse/grader/internal/judge"

// promises are what exercises/3.2-xmlfeed/README.md promises the student, in
// its words, each with the check that fails when it is broken.
var promises = []judge.Promise{
	{README: "send a feed of 15–30 vehicles in fragments of 1–120 bytes, each once you read the one before, with notes made of text, entities and CDATA sections: fn must get every vehicle, exactly, in order, and ReadFeed return nil",
		Check: "reads every vehicle of a feed sent in fragments",
		Bound: "lockstep fragments (fixtures.Drip); the vehicles compared with go-cmp, the first differing one shown with its byte offset and XML; an error fails"},
	{README: "id is an attribute of <vehicle>, lat and lon are attributes of <position>; route, time and note are elements, whose text is all the xml.CharData tokens up to their end, joined",
		Check: "reads every vehicle of a feed sent in fragments",
		Bound: "each note split at random into escaped text and CDATA sections; attribute order and quotes seeded"},
	{README: "give the transit namespace a prefix, and put elements and attributes with the same local names in another namespace beside ours, and a route whose prefix is redeclared to another namespace: only ours count",
		Check: "matches names by namespace, not by prefix",
		Bound: "<o:route> and <o:note> after ours, <t:route xmlns:t=other> last: a reader of Local alone ends with the decoys; o:id and o:lat come before id and lat (struct tags cannot tell them apart, so they are not held against anyone)"},
	{README: "put elements you do not know in the feed and in vehicles, holding routes, times, positions, notes and whole vehicles, among comments and processing instructions: they and all they hold are skipped",
		Check: "skips elements it does not know, with all they hold",
		Bound: "<trip><route>, <occupancy><note>, <positions><position>, <archive><vehicle id=\"ghost\">, <o:vehicle>, comments holding tags, <?render?>"},
	{README: "cut the feed short, right after a </vehicle> or in the middle of the next: an error, not a shorter feed",
		Check: "reports a feed cut short as an error",
		Bound: "cut after vehicle 3 or later (two times in three right after its end tag), then FIN; any error passes, nil fails; the vehicles fn got must be the first ones, exactly"},
	{README: "send a feed of 16 MB as fast as you read it: every vehicle, and your peak memory within twice the reference solution's, measured in the same run (at least 12 MiB more)",
		Check: "reads a 16 MB feed in bounded memory",
		Bound: "84,000 vehicles generated on the fly and compared by count and digest; peak resident memory (VmHWM) read by the judge; budget max(2 × reference, reference + 12 MiB), the reference run only when the submission is not a stub"},
	{README: "Do not read the whole feed first (io.ReadAll, xml.Unmarshal): the grader measures your memory",
		Check: "reads a 16 MB feed in bounded memory",
		Bound: "io.ReadAll of 16 MB alone is over the budget"},
	{README: "stop in the middle of a tag and go silent: an error with errors.Is(err, os.ErrDeadlineExceeded), not before idle (300–400ms) and not much after it",
		Check: "times out when the feed stalls mid-token",
		Bound: "wire.Err.Deadline; Elapsed ≥ idle; late past the peer's last byte + idle + max(idle/2, 100ms) fails unless the reference solution, run then on the same, is as late"},
	{README: "send a feed slowly, a piece every 150ms for longer than idle (1.2s) in all: every vehicle, and no error",
		Check: "keeps reading a slow feed within its idle timeout",
		Bound: "11–13 pieces 150ms apart under an idle timeout of 1.2s: a deadline for the whole feed fails"},
	{README: "nest an element a million deep: an error, in bounded memory (the same budget)",
		Check: "stops a feed nested a million deep, in bounded memory",
		Bound: "1,015,808 <x> never closed, then </feed>; an error, and the memory budget of the big feed's rule against the reference on the same input"},
	{README: "send one text token of 16 MB: an error, in bounded memory (the same budget)",
		Check: "stops a 16 MB token, in bounded memory",
		Bound: "a note of 16 MiB of text, then a proper end; an error, and the memory budget against the reference on the same input"},
	{README: "put a byte that is not UTF-8 in a note: an error",
		Check: "reports invalid UTF-8 as an error",
		Bound: "one 0xE9 byte (Latin-1 é) in a note of a feed declared UTF-8; nil fails"},
}
