// The one translation unit that compiles Asio, Asio's OpenSSL layer and Beast.
// Every other file includes their headers under *_SEPARATE_COMPILATION, which
// keeps the heavy template code out of them and the clean build short.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
