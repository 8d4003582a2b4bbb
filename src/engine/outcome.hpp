#pragma once
// How a request ended: the engine counts it, the results stream and every
// report name it. One enum for both, its names the results format's.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rollcall::engine {

// How a request ended, as a report counts it. Queued and rejected are the
// ENT's admission answers (waiting room, quota page): not errors, counted
// apart so that an objective can bound them separately.
enum class Outcome : std::uint8_t {
  success,
  expectation_failed,  // the answer came but was not what the step expects
  http_error,          // 4xx or 5xx the step did not expect
  transport_error,     // no complete answer: see the failure class
  missing_variable,    // a template read a variable this user never got
  queued,              // a waiting room: the user waits and tries again
  rejected,            // a quota page: not let in
  count_
};
inline constexpr std::size_t outcome_count = static_cast<std::size_t>(Outcome::count_);
std::string_view outcome_name(Outcome o);
std::optional<Outcome> outcome_from_name(std::string_view name);

}  // namespace rollcall::engine
