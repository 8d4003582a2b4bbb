#pragma once
// How a request ended: the engine counts it, the results stream and every
// report name it. One enum for both, its names the results format's.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "http/failure.hpp"

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

// What a set of requests came to, one count per outcome and per failure
// class: a step's metrics line and a persona count their requests so.
struct OutcomeCounts {
  std::array<std::uint64_t, outcome_count> outcomes{};
  std::array<std::uint64_t, http::failure_count> failures{};

  void add(Outcome o, http::Failure failure) {
    ++outcomes[static_cast<std::size_t>(o)];
    if (failure != http::Failure::none) ++failures[static_cast<std::size_t>(failure)];
  }
  std::uint64_t count() const {
    std::uint64_t n = 0;
    for (auto v : outcomes) n += v;
    return n;
  }
  std::uint64_t of(Outcome o) const { return outcomes[static_cast<std::size_t>(o)]; }
  // Admission answers (waiting room, quota page) are not errors.
  std::uint64_t errors() const { return count() - of(Outcome::success) - of(Outcome::queued) - of(Outcome::rejected); }
  void merge_counts(const OutcomeCounts& other) {
    for (std::size_t i = 0; i < outcomes.size(); ++i) outcomes[i] += other.outcomes[i];
    for (std::size_t i = 0; i < failures.size(); ++i) failures[i] += other.failures[i];
  }
};

}  // namespace rollcall::engine
