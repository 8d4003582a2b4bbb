#include "engine/outcome.hpp"

namespace rollcall::engine {

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::success: return "success";
    case Outcome::expectation_failed: return "expectation_failed";
    case Outcome::http_error: return "http_error";
    case Outcome::transport_error: return "transport_error";
    case Outcome::missing_variable: return "missing_variable";
    case Outcome::queued: return "queued";
    case Outcome::rejected: return "rejected";
    case Outcome::count_: break;
  }
  return "unknown";
}

std::optional<Outcome> outcome_from_name(std::string_view name) {
  for (std::size_t i = 0; i < outcome_count; ++i)
    if (outcome_name(static_cast<Outcome>(i)) == name) return static_cast<Outcome>(i);
  return std::nullopt;
}

}  // namespace rollcall::engine
