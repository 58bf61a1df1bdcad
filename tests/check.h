/* What every unit test program shares: the pass and fail counters, CHECK,
 * and the final "N passed, M failed" line. Each test is a program of its
 * own, so the counters can live in this header. */
#ifndef WEFT_TESTS_CHECK_H
#define WEFT_TESTS_CHECK_H

#include <stdio.h>

static int passed, failed;

/* Counts cond; when it is false, prints the place and a printf-style
 * message. */
#define CHECK(cond, ...)                                \
    do {                                                \
        if (cond) {                                     \
            passed++;                                   \
        } else {                                        \
            failed++;                                   \
            printf("FAIL %s:%d: ", __FILE__, __LINE__); \
            printf(__VA_ARGS__);                        \
            printf("\n");                               \
        }                                               \
    } while (0)

/* Prints the final line; returns the program's exit status. */
static inline int check_report(void)
{
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}

#endif
