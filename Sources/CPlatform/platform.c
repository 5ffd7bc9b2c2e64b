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
