package chart

import (
	"codeberg.org/go-fonts/liberation/liberationmonobold"
	"codeberg.org/go-fonts/liberation/liberationmonobolditalic"
	"codeberg.org/go-fonts/liberation/liberationmonoitalic"
	"codeberg.org/go-fonts/liberation/liberationmonoregular"
	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansbolditalic"
	"codeberg.org/go-fonts/liberation/liberationsansitalic"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-fonts/liberation/liberationserifbold"
	"codeberg.org/go-fonts/liberation/liberationserifbolditalic"
	"codeberg.org/go-fonts/liberation/liberationserifitalic"
	"codeberg.org/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// gonum.org/v1/plot parses its whole font collection when the process
// starts, whether or not a chart is ever drawn: plot.go's package init
// runs font.DefaultCache.Add(liberation.Collection()), which parses the
// twelve Liberation fonts compiled into the binary (4.3 MB), and go-latex,
// which gonum links for its LaTeX text, parses the four Go fonts (0.6 MB)
// in a package variable. Go runs the init of every package a program links
// and offers no way to defer one, so the parsing cannot wait for the first
// chart. What it costs is memory: it brings the fonts' pages of the binary
// into the process, 5 of the 6 MiB of resident memory that linking gonum
// adds to planbot at idle (/proc/<pid>/status, VmRSS).
//
// chart's own init, which runs after theirs, gives those pages back
// (releaseFontPages). The fonts stay parsed; the pages are the binary's
// own, unchanged, and the kernel reads back the few a chart uses when it
// draws one: the fonts load on first use. The other ways out are to draw
// without gonum, or to have gonum load its fonts lazily (a sync.Once in
// plot.New and DefaultTextHandler instead of the init), which needs a
// patched copy of the module until upstream does it.

// fontData are the fonts parsed at start-up: gonum's, in the order of
// liberation.Collection, then go-latex's.
var fontData = [][]byte{
	liberationserifregular.TTF, liberationserifitalic.TTF, liberationserifbold.TTF, liberationserifbolditalic.TTF,
	liberationmonoregular.TTF, liberationmonoitalic.TTF, liberationmonobold.TTF, liberationmonobolditalic.TTF,
	liberationsansregular.TTF, liberationsansitalic.TTF, liberationsansbold.TTF, liberationsansbolditalic.TTF,
	// go-latex parses the Go fonts at start-up too (font/ttf's
	// defaultFonts), for gonum's LaTeX text handler, which no chart uses.
	goregular.TTF, goitalic.TTF, gobold.TTF, gobolditalic.TTF,
}

func init() { releaseFontPages(fontData) }
