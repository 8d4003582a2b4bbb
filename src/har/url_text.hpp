#pragma once
// The parts of recorded URLs and form bodies the importer compares:
// decoded query and form pairs, the origin, the path. Boost.URL parses;
// these are the few shapes the importer asks for.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/percent_encoding.hpp"

namespace rollcall::har {

// "a=1&b=x%20y" -> {a,1}, {b,"x y"}; '+' is a space, as in forms.
std::vector<std::pair<std::string, std::string>> split_encoded_pairs(std::string_view encoded);

struct UrlParts {
  std::string origin;  // "https://ent.example.fr" or "http://127.0.0.1:8080"
  std::string host;    // "ent.example.fr", "127.0.0.1"
  std::string path;    // "/cas/login", as written (still encoded)
  std::string query;   // without '?', as written; empty when none
};
std::optional<UrlParts> url_parts(std::string_view url);

}  // namespace rollcall::har
