#ifndef NEIGHBOURHOOD_CPREFETCH_SHIM_H
#define NEIGHBOURHOOD_CPREFETCH_SHIM_H
/* A hint to bring the cache line at `address` in for reading, without waiting for it: the
   import's batch look-ups in tables of millions of entries issue it a few keys ahead.
   Swift has no prefetch of its own; this inline function compiles to the one instruction. */
static inline void nbhd_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}
#endif
