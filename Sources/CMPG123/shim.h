/* libmpg123 (Debian: libmpg123-dev). Plain function names: off_t is 64-bit on every platform we build for. */
#define MPG123_NO_LARGENAME
#include <mpg123.h>
