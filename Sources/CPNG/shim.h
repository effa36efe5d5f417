// libpng 1.6 (pkg-config `libpng`).
#include <png.h>
