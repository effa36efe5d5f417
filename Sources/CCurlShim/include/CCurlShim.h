#ifndef RADSTREAM_CCURL_SHIM_H_PUBLIC
#define RADSTREAM_CCURL_SHIM_H_PUBLIC

// Typed wrappers around libcurl's variadic entry points, which Swift cannot call directly.
// Each wrapper passes exactly the argument type libcurl documents for that option family.

#include <curl/curl.h>
#include <stddef.h>

/// Signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks.
typedef size_t (*radstream_curl_data_callback)(char *data, size_t size, size_t count, void *user);

CURLcode radstream_curl_set_long(CURL *handle, CURLoption option, long value);
CURLcode radstream_curl_set_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode radstream_curl_set_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode radstream_curl_set_string(CURL *handle, CURLoption option, const char *value);
CURLcode radstream_curl_set_list(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode radstream_curl_set_data_callback(CURL *handle, CURLoption option, radstream_curl_data_callback callback);

CURLcode radstream_curl_get_long(CURL *handle, CURLINFO info, long *value);
CURLcode radstream_curl_get_double(CURL *handle, CURLINFO info, double *value);
CURLcode radstream_curl_get_offset(CURL *handle, CURLINFO info, curl_off_t *value);

#endif
