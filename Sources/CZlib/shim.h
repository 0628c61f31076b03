#ifndef NEIGHBOURHOOD_CZLIB_SHIM_H
#define NEIGHBOURHOOD_CZLIB_SHIM_H
#include <zlib.h>
#endif
