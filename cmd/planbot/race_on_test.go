//go:build race

package main

// raceDetector is true in a -race build, where the biggest fault tests
// run at a fifth of their size: the detector slows the bot about eight
// times, and what they check does not depend on the size.
const raceDetector = true
