#include "http/response_reader.hpp"

#include <strings.h>

namespace rollcall::http {

std::optional<std::string_view> ResponseData::header(std::string_view name) const {
  for (const auto& f : fields) {
    const auto n = field_name(f);
    if (n.size() == name.size() && strncasecmp(n.data(), name.data(), n.size()) == 0) return field_value(f);
  }
  return std::nullopt;
}

void ResponseData::shrink() {
  constexpr std::size_t keep = 64 * 1024;
  if (body.capacity() > keep) std::string().swap(body);
  if (header_bytes.capacity() > keep) std::string().swap(header_bytes);
  forms.reset();
}

}  // namespace rollcall::http
