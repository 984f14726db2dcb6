#ifndef JINGZHUN_CLIBXML2_SHIM_H
#define JINGZHUN_CLIBXML2_SHIM_H
// Debian's libxml2 pulls in ICU headers; with Foundation also imported, a clean debug build
// fails with "'UErrorCode' has different definitions in different modules". Include the
// version header first and switch ICU off before anything else is included.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/encoding.h>
#endif
