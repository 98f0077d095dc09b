// Package contract is what the judge and the child of exercise 1.5 say to
// each other: its operations with their argument and result types, its
// events and commands. The driver and the checks both use these values.
package contract
