package chart

// Exported for the tests of chart_test.
var (
	ReleaseFontPages = releaseFontPages
	FontData         = fontData
)
