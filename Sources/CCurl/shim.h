#ifndef RADSTREAM_CCURL_SHIM_H
#define RADSTREAM_CCURL_SHIM_H
#include <curl/curl.h>
#endif
