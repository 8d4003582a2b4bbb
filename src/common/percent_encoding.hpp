#pragma once
// Percent-decoding (RFC 3986 §2.1), as form bodies and query strings are
// read: by the built-in ENT from its requests, by import-har from a
// recording. A stray '%' stays as it is, as lenient servers do.
#include <string>
#include <string_view>

namespace rollcall {

// `plus_is_space`: application/x-www-form-urlencoded, where '+' is a space.
std::string percent_decoded(std::string_view text, bool plus_is_space);

}  // namespace rollcall
