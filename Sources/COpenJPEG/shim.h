// OpenJPEG 2.5 (pkg-config `libopenjp2`, headers in include/openjpeg-2.5).
#include <openjpeg.h>
