#ifndef ARCHLABELD_CPLATFORM_H
#define ARCHLABELD_CPLATFORM_H

/// Writes the 12-byte CPUID leaf 0x40000000 hypervisor signature (NUL-terminated) into `out`
/// when the CPU reports the hypervisor bit (leaf 1, ECX bit 31). Returns 1 when a signature was
/// written, 0 when the CPU reports no hypervisor or the architecture has no CPUID.
int archlabeld_cpuid_hypervisor_signature(char out[13]);

/// Opens `path` (relative) read-only beneath the directory `rootfd`, resolving every symlink and
/// ".." as if `rootfd` were "/" (openat2 RESOLVE_IN_ROOT), so a captured tree cannot point a
/// read outside itself. Falls back to openat(2) on kernels or sandboxes without openat2.
/// `kind`: 0 a file to read, 1 a directory to list, 2 any object, for existence checks and
/// readlink (O_PATH | O_NOFOLLOW: the last component itself, even a socket or a symlink).
/// Returns a file descriptor, or -1 with errno set.
int archlabeld_open_beneath(int rootfd, const char *path, int kind);

/// Opens a NETLINK_KOBJECT_UEVENT socket bound to the kernel's uevent multicast group (1; udev's
/// re-broadcasts on group 2 are not joined), close-on-exec, with a 1 MiB receive buffer asked for.
/// Returns the descriptor, or -1 with errno set (EAFNOSUPPORT, EPERM under a seccomp filter, …).
int archlabeld_uevent_open(void);

/// Waits up to `timeout_ms` for one datagram on the uevent socket `fd` and copies at most `size`
/// bytes of it into `buffer`. Returns its length (0 on timeout), or minus the error number
/// (-ENOBUFS: messages were lost), so that no later call can overwrite errno before it is read. `*from_kernel` is set to 1 when the sender is the kernel (port id 0):
/// messages from user space processes must not be trusted.
long archlabeld_uevent_receive(int fd, void *buffer, unsigned long size, int timeout_ms, int *from_kernel);

#endif
