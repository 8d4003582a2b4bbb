#include "har/url_text.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace rollcall::har {

std::vector<std::pair<std::string, std::string>> split_encoded_pairs(std::string_view encoded) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!encoded.empty()) {
    const auto amp = encoded.find('&');
    const std::string_view pair = encoded.substr(0, amp);
    encoded = amp == std::string_view::npos ? std::string_view{} : encoded.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    out.emplace_back(percent_decoded(pair.substr(0, eq), true),
                     eq == std::string_view::npos ? "" : percent_decoded(pair.substr(eq + 1), true));
  }
  return out;
}

std::optional<UrlParts> url_parts(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || !parsed->has_authority()) return std::nullopt;
  const auto& u = *parsed;
  UrlParts p;
  p.host = std::string(u.encoded_host());
  p.origin = std::string(u.scheme()) + "://" + std::string(u.encoded_host_and_port());
  p.path = std::string(u.encoded_path());
  if (p.path.empty()) p.path = "/";
  if (u.has_query()) p.query = std::string(u.encoded_query());
  return p;
}

}  // namespace rollcall::har
