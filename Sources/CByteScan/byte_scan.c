// The functions of CByteScan are `static inline` in its header, so that Swift inlines them into
// the XML scanner's loops; a target needs one source file of its own.
#include "CByteScan.h"
