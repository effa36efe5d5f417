#include "CAllocator.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int rs_allocator_keep_freed_buffers(int heap_block_limit, int trim_threshold) {
#if defined(__GLIBC__)
    // mallopt returns 1 on success; setting either turns glibc's dynamic mmap threshold off.
    return mallopt(M_MMAP_THRESHOLD, heap_block_limit) == 1 && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1;
#else
    (void)heap_block_limit;
    (void)trim_threshold;
    return 0;
#endif
}
