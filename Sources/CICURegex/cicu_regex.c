#include "cicu_regex.h"
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uregex.h>

qicu_regex *qicu_regex_open(const uint16_t *pattern, int32_t length, char *error, int32_t error_capacity,
                            int32_t *error_offset) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    memset(&parse_error, 0, sizeof parse_error);
    static const UChar empty = 0;
    URegularExpression *regex = uregex_open(length > 0 ? (const UChar *)pattern : &empty, length, 0, &parse_error, &status);
    if (U_FAILURE(status)) {
        if (regex) uregex_close(regex);
        if (error_capacity > 0) {
            strncpy(error, u_errorName(status), (size_t)error_capacity - 1);
            error[error_capacity - 1] = 0;
        }
        *error_offset = parse_error.offset;
        return NULL;
    }
    return (qicu_regex *)regex;
}

// ICU time units (10,000 steps of the match engine each; about a quarter of a millisecond here) that one
// match may take. A user's rule that backtracks catastrophically ((a+)+$) would otherwise run for hours and
// now gives up after about a second; an ordinary rule scanning a 30 MB line without a match takes a few
// hundred units.
enum { qicu_time_limit = 5000 };

qicu_regex *qicu_regex_clone(const qicu_regex *regex) {
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *clone = uregex_clone((const URegularExpression *)regex, &status);
    if (clone) uregex_setTimeLimit(clone, qicu_time_limit, &status);
    return (qicu_regex *)clone;
}

void qicu_regex_close(qicu_regex *regex) { uregex_close((URegularExpression *)regex); }

void qicu_regex_set_text(qicu_regex *regex, const uint16_t *text, int32_t length) {
    UErrorCode status = U_ZERO_ERROR;
    static const UChar empty = 0;
    URegularExpression *re = (URegularExpression *)regex;
    uregex_setText(re, text ? (const UChar *)text : &empty, length, &status);
    uregex_useTransparentBounds(re, 1, &status);
    uregex_useAnchoringBounds(re, 0, &status);
}

int qicu_regex_find(qicu_regex *regex, int32_t from, int32_t *start, int32_t *end) {
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *re = (URegularExpression *)regex;
    UBool found = uregex_find(re, from, &status);
    if (status == U_REGEX_TIME_OUT) return -1;
    if (!found || U_FAILURE(status)) return 0;
    *start = uregex_start(re, 0, &status);
    *end = uregex_end(re, 0, &status);
    return U_SUCCESS(status);
}

int qicu_regex_looking_at(qicu_regex *regex, int32_t from) {
    UErrorCode status = U_ZERO_ERROR;
    // With a start index ICU resets the region to the whole text: lookbehind sees what lies before
    // `from`, `^` matches only at 0 — Java's region(from, end) with transparent, non-anchoring bounds.
    UBool found = uregex_lookingAt((URegularExpression *)regex, from, &status);
    if (status == U_REGEX_TIME_OUT) return -1;
    return found && U_SUCCESS(status);
}

qicu_breaker *qicu_sentence_breaker_open(const char *locale) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *breaker = ubrk_open(UBRK_SENTENCE, locale, NULL, 0, &status);
    return U_FAILURE(status) ? NULL : (qicu_breaker *)breaker;
}

void qicu_breaker_close(qicu_breaker *breaker) { ubrk_close((UBreakIterator *)breaker); }

void qicu_breaker_set_text(qicu_breaker *breaker, const uint16_t *text, int32_t length) {
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText((UBreakIterator *)breaker, (const UChar *)text, length, &status);
}

int32_t qicu_breaker_next(qicu_breaker *breaker) {
    int32_t next = ubrk_next((UBreakIterator *)breaker);
    return next == UBRK_DONE ? -1 : next;
}
