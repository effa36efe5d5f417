#ifndef RADSTREAM_COPENSSLCRYPTO_SHIM_H
#define RADSTREAM_COPENSSLCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#endif
