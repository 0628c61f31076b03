#ifndef NEIGHBOURHOOD_CPROJ_SHIM_H
#define NEIGHBOURHOOD_CPROJ_SHIM_H
#include <proj.h>
#endif
