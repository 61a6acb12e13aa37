#ifndef LEGISURVEY_CLIBXML2_SHIM_H
#define LEGISURVEY_CLIBXML2_SHIM_H
// Foundation also brings ICU headers; libxml2's ICU types then clash in debug builds
// ("'UErrorCode' has different definitions"). xmlversion.h defines the switch, so undo it
// right after that header and before any header that would pull in ICU.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

// Swift 6 rejects the mutable global function pointer `xmlFree`; call it through here.
static inline void legisurvey_xmlFree(void *p) { xmlFree(p); }
#endif
