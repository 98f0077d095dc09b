package sessions

import "netcourse/grader/internal/judge"

// hint is what `grader hint 2.3` shows, in layers: the concept, then a
// nudge, then the nudge of each failing check. Hints point and ask; they
// hand over no code to paste.
var hint = judge.Hint{
	Concept: "HTTP forgets you between requests. A login works because the site's answer sets a cookie, and the client " +
		"sends it back on each later request, but only to the host that set it and under the path it names. " +
		"The answer to a login is often a redirect, and the cookie comes with that redirect. Basic auth instead " +
		"sends the password itself on every request, so it must never follow a redirect to another host.",
	Nudge: "How many http.Client values does your Session use over its life, and which of them has a cookie jar? " +
		"Then follow one redirect by hand: which headers of the first request does the second one carry, and to which host?",
	Checks: map[string]string{
		"Login posts the form and follows the redirect with the new cookie":     "The site sets its cookie on the 303 answer, before any page. Does whatever follows that redirect see the cookie? Who stores it?",
		"keeps the session cookie for the calls after Login":                    "Is the client that Get uses the same one that Login used, with the same jar?",
		"sends each cookie only where its Path and host allow":                  "Where does your code decide which cookies a request carries? Does it look at the cookie's Path, and at the host it came from?",
		"GetBasic sends the user and password with basic auth":                  "Print the Authorization header your request carries. Is it the word Basic, a space, and base64 of user:password?",
		"follows a redirect to another host without sending it the credentials": "When a redirect leads to another host, which headers does your client carry over? Did you write a CheckRedirect, and what does it copy?",
		"a status outside 2xx is an error naming the code":                      "What does your code do with resp.StatusCode? Would your caller notice a 401?",
	},
}
