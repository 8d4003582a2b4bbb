#include "scenario/model.hpp"

#include <cmath>

#include <fmt/format.h>

namespace rollcall::scenario {

std::string Location::str() const { return fmt::format("{}:{}:{}", file, line, column); }

bool Admission::reads_body() const {
  for (const auto* rules : {&queued, &rejected})
    for (const auto& m : *rules)
      if (m.reads_body()) return true;
  return false;
}

std::string_view method_name(Method m) {
  switch (m) {
    case Method::get: return "GET";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::delete_: return "DELETE";
    case Method::patch: return "PATCH";
    case Method::head: return "HEAD";
  }
  return "GET";
}

Duration Think::draw(UserRng& rng) const {
  auto from_seconds = [](double s) { return Duration(static_cast<Duration::rep>(std::max(0.0, s) * 1e9)); };
  const double a_s = std::chrono::duration<double>(a).count();
  const double b_s = std::chrono::duration<double>(b).count();
  switch (kind) {
    case Kind::constant: return a;
    case Kind::uniform: return from_seconds(std::uniform_real_distribution<double>(a_s, b_s)(rng));
    case Kind::exponential: return a_s > 0 ? from_seconds(std::exponential_distribution<double>(1.0 / a_s)(rng)) : a;
    case Kind::normal: return from_seconds(std::normal_distribution<double>(a_s, b_s)(rng));
  }
  return a;
}

}  // namespace rollcall::scenario
