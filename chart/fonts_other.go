//go:build !linux

package chart

// releaseFontPages does nothing where madvise's MADV_DONTNEED is not known
// to map a private file page back from the file: the fonts' pages stay.
func releaseFontPages(fonts [][]byte) int { return 0 }
