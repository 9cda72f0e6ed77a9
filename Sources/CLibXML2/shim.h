#ifndef QANTARA_CLIBXML2_SHIM_H
#define QANTARA_CLIBXML2_SHIM_H

/* libxml2's ICU headers clash with Foundation's bundled ICU on Linux. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlsave.h>
#include <libxml/valid.h>
#include <libxml/relaxng.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/dict.h>
#include <libxml/encoding.h>
#include <libxml/SAX2.h>

/* xmlFree is a global function-pointer variable; Swift cannot call it directly. */
static inline void qx_free(void *pointer) {
    xmlFree(pointer);
}

/* Swift cannot call variadic C functions: these fix the argument shapes we use. */
static inline void qx_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static inline void qx_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, qx_ignore_generic_error);
}

#endif
