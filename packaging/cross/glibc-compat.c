/*
 * Symbols that Debian's aarch64 Swift runtime (swiftlang, built on sid against glibc 2.42) asks of
 * glibc but that glibc 2.36 (Debian 12, Raspberry Pi OS bookworm) does not have. Linked into the
 * arm64 release binary only (scripts/build-release.sh --arch arm64), so that it loads on the
 * glibc the package declares. Each is defined here through functions glibc 2.17 already has.
 *
 * glibc 2.38 redirects strtol, strtoll and sscanf to __isoc23_* when compiling for C2x; the only
 * difference is that the C23 versions also accept a "0b" prefix (binary) for base 0 and 2. The
 * runtime parses decimal and hexadecimal numbers with them (environment variables, /proc files),
 * where both versions agree. strlcpy appeared in glibc 2.38; its contract is the BSD one: copy at
 * most size-1 bytes, always terminate when size > 0, return the length of the source.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long __isoc23_strtol(const char *nptr, char **endptr, int base) {
    return strtol(nptr, endptr, base);
}

long long __isoc23_strtoll(const char *nptr, char **endptr, int base) {
    return strtoll(nptr, endptr, base);
}

int __isoc23_sscanf(const char *str, const char *format, ...) {
    va_list args;
    va_start(args, format);
    int result = vsscanf(str, format, args);
    va_end(args);
    return result;
}

size_t strlcpy(char *dst, const char *src, size_t size) {
    size_t length = strlen(src);
    if (size > 0) {
        size_t copied = length < size - 1 ? length : size - 1;
        memcpy(dst, src, copied);
        dst[copied] = '\0';
    }
    return length;
}
