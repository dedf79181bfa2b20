package chart

import (
	"os"
	"syscall"
	"unsafe"
)

// releaseFontPages drops from the process the memory pages that lie wholly
// inside fonts, with madvise(MADV_DONTNEED), and returns how many bytes it
// released. The fonts are embedded in the binary's data and never written
// (parsing only reads them): their pages are the executable file's, mapped
// privately, so the next read of a dropped page maps it again from the
// file, with the same bytes (Linux refuses to write to a running
// executable). Pages shared with other variables, at either end of a font,
// are left alone. A failure only leaves the pages where they were.
func releaseFontPages(fonts [][]byte) int {
	page := uintptr(os.Getpagesize())
	released := 0
	for _, f := range fonts {
		if len(f) == 0 {
			continue
		}
		lo := uintptr(unsafe.Pointer(unsafe.SliceData(f)))
		hi := lo + uintptr(len(f))
		lo, hi = (lo+page-1)&^(page-1), hi&^(page-1)
		if hi <= lo {
			continue
		}
		off := lo - uintptr(unsafe.Pointer(unsafe.SliceData(f)))
		if syscall.Madvise(f[off:off+(hi-lo)], syscall.MADV_DONTNEED) == nil {
			released += int(hi - lo)
		}
	}
	return released
}
