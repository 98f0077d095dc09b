// Package kitcheck checks the kits in grader/dist that run the grader on
// engines an instructor already has, as far as this machine can without
// them: GitHub Actions workflows with actionlint, Kubernetes manifests by
// decoding them strictly into the official API types and running their
// scripts against a stand-in grader.
package kitcheck
