// Package contract is what the judge and the child of exercise 2.2 say
// to each other. The driver and the checks both use these values, so a
// change on one side that the other does not follow does not compile.
package contract

import "netcourse/grader/wire"

// PostForm runs the submission's PostForm(URL, Form).
var PostForm = wire.Op[PostFormArgs, wire.Return]{Name: "postform", Func: "PostForm"}

// PostFormArgs are PostForm's arguments; Form becomes a url.Values.
type PostFormArgs struct {
	URL  string
	Form map[string][]string
}

// PostJSON runs the submission's PostJSON(URL, Order): the value the
// student encodes is an Order, whose JSON names are its tags.
var PostJSON = wire.Op[PostJSONArgs, wire.Return]{Name: "postjson", Func: "PostJSON"}

// PostJSONArgs are PostJSON's arguments.
type PostJSONArgs struct {
	URL   string
	Order Order
}

// Order is the value PostJSON is given (the README shows it).
type Order struct {
	Item  string   `json:"item"`
	Qty   int      `json:"qty"`
	Gift  bool     `json:"gift"`
	Tags  []string `json:"tags"`
	Note  string   `json:"note,omitempty"`
	Price float64  `json:"price"`
}
