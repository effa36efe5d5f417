#ifndef RADSTREAM_CALLOCATOR_H
#define RADSTREAM_CALLOCATOR_H

/// Serves blocks up to `heap_block_limit` bytes from the heap and trims the heap only beyond
/// `trim_threshold` free bytes (glibc's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD); returns 1 when
/// both were applied, 0 otherwise (another C library, or values glibc refuses).
int rs_allocator_keep_freed_buffers(int heap_block_limit, int trim_threshold);

#endif
