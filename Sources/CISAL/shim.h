#ifndef JINGZHUN_CISAL_SHIM_H
#define JINGZHUN_CISAL_SHIM_H
// ISA-L's igzip inflate (libisal-dev): several times zlib's speed on the same streams; the
// Parquet reader inflates GZIP pages with it and falls back to zlib for anything unusual
// (docs/performance.md, "ISA-L inflate").
#include <isa-l/igzip_lib.h>
#endif
