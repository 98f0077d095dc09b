package sessions

import "netcourse/grader/internal/judge"

// promises maps every behaviour exercises/2.3-sessions/README.md promises
// to the check that fails when it is broken, with the bound it uses.
var promises = []judge.Promise{
	{README: "Login POSTs the form user=<user>&password=<password> (application/x-www-form-urlencoded, escaped once) to loginURL",
		Check: "Login posts the form and follows the redirect with the new cookie", Bound: "a user with ñ, a password with space, @, &, =, +, %, é; POST, the form's Content-Type, url.ParseQuery of the body"},
	{README: "follows the redirects it answers with, and returns the body of the page it ends on. The cookies the site sets, on the redirect too, are kept",
		Check: "Login posts the form and follows the redirect with the new cookie", Bound: "303 See Other with Set-Cookie to /app/home, which answers 401 without the cookie; the page byte for byte"},
	{README: "NewSession returns a session that holds no cookies yet; Get fetches rawURL with the session's cookies",
		Check: "keeps the session cookie for the calls after Login", Bound: "two Gets under /app after Login, in the same child and Session; each must carry session=<token>"},
	{README: "Cookies go only where they belong: to the host that set them and under their Path; a cookie a site sets for another host is refused",
		Check: "sends each cookie only where its Path and host allow", Bound: "Path=/app to /app/x, not /apps/list; Path=/settings only there; nothing of 127.0.0.1 to 127.0.0.2, Domain=127.0.0.2 set by 127.0.0.1 included"},
	{README: "GetBasic fetches rawURL with basic auth: Authorization: Basic <base64 of user:password>; the password may hold a : and non-ASCII letters",
		Check: "GetBasic sends the user and password with basic auth", Bound: "the last request for the path must carry it (up front or after the 401); the page byte for byte"},
	{README: "A redirect to another host is followed without the credentials: no Authorization there, no cookie of the first host",
		Check: "follows a redirect to another host without sending it the credentials", Bound: "302 from /login and from a basic-auth page to 127.0.0.2; both followed and returning its page; no Authorization, no site cookie, no password; the cookie set by the 302 still sent to the site"},
	{README: "A status outside 200–299 is an error whose text contains the status code",
		Check: "a status outside 2xx is an error naming the code", Bound: "401 to a wrong login password, to /app before login, to wrong basic auth; each error's text must contain \"401\""},
}
