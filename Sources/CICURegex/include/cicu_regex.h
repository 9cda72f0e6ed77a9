#ifndef QANTARA_CICU_REGEX_H
#define QANTARA_CICU_REGEX_H
// A narrow C face over the system ICU (libicu-dev): regular expressions and the sentence break
// iterator. ICU's own headers are included only in the .c file, because Foundation on Linux carries
// its own ICU module (_FoundationICU) whose C types would clash with the system headers in Swift.
#include <stdint.h>

typedef struct qicu_regex qicu_regex;
typedef struct qicu_breaker qicu_breaker;

/// Compiles a pattern (UTF-16). On failure returns NULL and writes ICU's error name and the offset.
qicu_regex *qicu_regex_open(const uint16_t *pattern, int32_t length, char *error, int32_t error_capacity,
                            int32_t *error_offset);
/// A matcher sharing the compiled pattern, with its own state and ICU's time limit on each match.
qicu_regex *qicu_regex_clone(const qicu_regex *regex);
void qicu_regex_close(qicu_regex *regex);
/// Sets the text (kept by reference) with transparent, non-anchoring bounds.
void qicu_regex_set_text(qicu_regex *regex, const uint16_t *text, int32_t length);
/// Java Matcher.find(int): returns 1 and the match bounds, 0 for no match, -1 when the match ran past
/// the time limit.
int qicu_regex_find(qicu_regex *regex, int32_t from, int32_t *start, int32_t *end);
/// Java region(from, end) + lookingAt() with transparent, non-anchoring bounds: 1, 0, or -1 as above.
int qicu_regex_looking_at(qicu_regex *regex, int32_t from);

/// ICU's sentence break iterator (UAX #29) for a locale.
qicu_breaker *qicu_sentence_breaker_open(const char *locale);
void qicu_breaker_close(qicu_breaker *breaker);
void qicu_breaker_set_text(qicu_breaker *breaker, const uint16_t *text, int32_t length);
/// The next break offset, or -1 when done.
int32_t qicu_breaker_next(qicu_breaker *breaker);
#endif
