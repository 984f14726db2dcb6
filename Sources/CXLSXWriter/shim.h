#ifndef JINGZHUN_CXLSXWRITER_SHIM_H
#define JINGZHUN_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
