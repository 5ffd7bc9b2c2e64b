#define _GNU_SOURCE
#include "cplatform.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

int archlabeld_cpuid_hypervisor_signature(char out[13]) {
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    memset(out, 0, 13);
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 31))) return 0;
    __cpuid(0x40000000, eax, ebx, ecx, edx);
    memcpy(out + 0, &ebx, 4);
    memcpy(out + 4, &ecx, 4);
    memcpy(out + 8, &edx, 4);
    return 1;
}
#else
int archlabeld_cpuid_hypervisor_signature(char out[13]) {
    memset(out, 0, 13);
    return 0;
}
#endif

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

/* struct open_how and RESOLVE_* from linux/openat2.h, spelled out so that old headers build. */
struct archlabeld_open_how {
    unsigned long long flags;
    unsigned long long mode;
    unsigned long long resolve;
};
#define ARCHLABELD_RESOLVE_NO_MAGICLINKS 0x02
#define ARCHLABELD_RESOLVE_IN_ROOT 0x10

static int openat2_supported = 1;

int archlabeld_open_beneath(int rootfd, const char *path, int kind) {
    int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    if (kind == 1) flags |= O_DIRECTORY;
    if (kind == 2) flags = O_PATH | O_NOFOLLOW | O_CLOEXEC;
    while (*path == '/') path++;
    if (*path == '\0') path = ".";
    if (__atomic_load_n(&openat2_supported, __ATOMIC_RELAXED)) {
        struct archlabeld_open_how how;
        memset(&how, 0, sizeof how);
        how.flags = (unsigned long long)flags;
        how.resolve = ARCHLABELD_RESOLVE_IN_ROOT | ARCHLABELD_RESOLVE_NO_MAGICLINKS;
        long fd = syscall(SYS_openat2, rootfd, path, &how, sizeof how);
        if (fd >= 0) return (int)fd;
        if (errno != ENOSYS && errno != EPERM) return -1;
        __atomic_store_n(&openat2_supported, 0, __ATOMIC_RELAXED);
    }
    return openat(rootfd, path, flags);
}

#include <linux/netlink.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

int archlabeld_uevent_open(void) {
    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
    if (fd < 0) return -1;
    int size = 1 << 20;
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    struct sockaddr_nl address;
    memset(&address, 0, sizeof address);
    address.nl_family = AF_NETLINK;
    address.nl_groups = 1;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

long archlabeld_uevent_receive(int fd, void *buffer, unsigned long size, int timeout_ms, int *from_kernel) {
    *from_kernel = 0;
    struct pollfd waiting = { .fd = fd, .events = POLLIN };
    int ready = poll(&waiting, 1, timeout_ms);
    if (ready < 0) return -errno;
    if (ready == 0) return 0;
    struct sockaddr_nl sender;
    memset(&sender, 0, sizeof sender);
    struct iovec vector = { .iov_base = buffer, .iov_len = size };
    struct msghdr message = { .msg_name = &sender, .msg_namelen = sizeof sender, .msg_iov = &vector, .msg_iovlen = 1 };
    ssize_t length = recvmsg(fd, &message, 0);
    if (length < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        return -errno;
    }
    *from_kernel = sender.nl_family == AF_NETLINK && sender.nl_pid == 0;
    return (long)length;
}
