//go:build unix

package signing

import "syscall"

// openNonBlock keeps opening a named pipe from blocking.
const openNonBlock = syscall.O_NONBLOCK
