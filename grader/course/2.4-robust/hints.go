package robust

import "netcourse/grader/internal/judge"

// hint is what `grader hint 2.4` shows, in layers.
var hint = judge.Hint{
	Concept: "Over a network, failure is normal and usually brief: a busy server answers 503, a restart resets the connection, " +
		"a cut link leaves a body half sent, a stuck server says nothing at all. A robust client bounds every wait with a deadline " +
		"(one per attempt, one for the whole call), tries again only what is safe to repeat (a GET, not a POST the server may have " +
		"acted on), spaces its retries out with an exponential backoff and random jitter so that clients do not return all at once, " +
		"listens when the server says when to come back (Retry-After), and stops the moment its caller no longer wants the answer.",
	Nudge: "Write the loop down as a list of the ways out of it: a 2xx answer, the attempts used up, a failure not worth retrying, " +
		"a POST already sent, the total deadline, a cancel. For each one, which line of your code notices it, and how long can it " +
		"take to notice?",
	Checks: map[string]string{
		"returns the body of a good response":                       "Does your code check the status, read the body to its end, and return exactly what it read?",
		"retries a GET through 503s, resets and cut bodies":         "Which failures does your loop treat as worth another attempt? An error can come from Do, and another from reading the body.",
		"gives up on a stalled or trickling attempt at its timeout": "What bounds the reading of the body in your attempt: the headers' deadline, each read's, or one for the whole attempt? When is the attempt's context cancelled?",
		"waits the seeded backoff with jitter between attempts":     "Print each wait you compute next to the README's formula with the same n. Where do your u values come from, and how many times do you draw?",
		"honours Retry-After":                                       "Where in your code does the response's header end up once you know the attempt failed?",
		"stops after the attempts allowed":                          "Count your attempts on paper for Attempts = 2: is the first one counted? What ends the loop when every answer is a 503?",
		"ends the whole call at the total deadline":                 "Add up the attempts' timeouts and the waits: what in your code stops the call when that sum is longer than Total?",
		"does not retry a POST once its body was sent":              "When a POST fails, what does your code know about whether the server received it? What is the only failure that proves it did not?",
		"stops at once when the context is cancelled":               "Which of your waits does ctx.Done() interrupt: the request, the body, the backoff? What does the loop do right after a cancelled attempt?",
	},
}
