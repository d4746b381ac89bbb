//go:build !unix

package signing

// openNonBlock is 0 where there is no O_NONBLOCK; the Stat before opening
// still refuses anything but a regular file.
const openNonBlock = 0
