#include "sim/config.hpp"

#include <charconv>
#include <cmath>

#include <boost/asio/ip/address.hpp>
#include <fmt/format.h>

#include "common/usage_error.hpp"
#include "sim/drift.hpp"

namespace rollcall::sim {

using namespace std::chrono_literals;

namespace {

// Bounds that keep a mistyped flag from turning into an absurd run.
constexpr std::size_t max_workers = 100'000;
constexpr std::size_t max_queue = 10'000'000;
constexpr std::size_t max_accounts = 9'999'999;
constexpr std::size_t max_doc_size = 100'000'000;

void check_accounts(std::string_view flag, std::size_t n) {
  if (n < 1 || n > max_accounts)
    throw UsageError(fmt::format("--{} must be between 1 and {} (got {})", flag, max_accounts, n));
}

}  // namespace

std::array<Duration, endpoint_count> Config::default_service_times() {
  std::array<Duration, endpoint_count> t{};
  for (const auto& e : endpoints()) t[static_cast<std::size_t>(e.id)] = e.service_time;
  return t;
}

void validate(const Config& c) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(c.listen, ec);
  if (ec) throw UsageError(fmt::format("--listen '{}' is not an IP address", c.listen));
  (void)address;
  if (c.workers < 1 || c.workers > max_workers)
    throw UsageError(fmt::format("--workers must be between 1 and {} (got {})", max_workers, c.workers));
  if (c.queue > max_queue) throw UsageError(fmt::format("--queue must be at most {} (got {})", max_queue, c.queue));
  if (c.retry_after < 1s || c.retry_after > 1h)
    throw UsageError("--retry-after must be between 1s and 1h (browsers get whole seconds)");
  for (const auto& e : endpoints()) {
    auto t = c.service(e.id);
    if (t < Duration::zero() || t > 1min)
      throw UsageError(fmt::format("service time of {} must be between 0 and 1m", e.name));
  }
  if (!(c.drift >= 0 && c.drift <= max_drift))
    throw UsageError(fmt::format("--drift must be between 0% and {:g}% (got {:g}%)", max_drift * 100, c.drift * 100));
  if (c.drift > 0 && (c.drift_period < 1s || c.drift_period > 1h))
    throw UsageError("the period of --drift must be between 1s and 1h");
  check_accounts("students", c.students);
  check_accounts("parents", c.parents);
  check_accounts("teachers", c.teachers);
  if (c.doc_size > max_doc_size)
    throw UsageError(fmt::format("--doc-size must be at most 100MB (got {} bytes)", c.doc_size));
  if (c.execution_ttl <= Duration::zero() || c.ticket_ttl <= Duration::zero() || c.session_ttl <= Duration::zero())
    throw UsageError("token, ticket and session lifetimes must be positive");
  if (c.max_sessions < 1) throw UsageError("--max-sessions must be at least 1");
  // Faults built in code rather than parsed get the same checks.
  for (const auto& f : c.faults) {
    bool window_ok = !f.from || (f.to && *f.from < *f.to);
    if (!window_ok || (f.kind == FaultKind::refuse && !f.from) || !(f.share > 0 && f.share <= 1))
      throw UsageError(fmt::format("invalid fault '{}'", f.spec));
  }
}

std::pair<Endpoint, Duration> parse_service_time(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos)
    throw UsageError(fmt::format("invalid --service-time '{}': expected ENDPOINT=DURATION, e.g. login-post=100ms", text));
  auto name = text.substr(0, eq);
  auto endpoint = endpoint_named(name);
  if (!endpoint)
    throw UsageError(fmt::format("invalid --service-time '{}': unknown endpoint '{}' (expected one of {})", text, name,
                                 endpoint_names()));
  auto d = parse_duration(text.substr(eq + 1));
  if (!d || *d > 1min)
    throw UsageError(fmt::format("invalid --service-time '{}': expected a duration from 0s to 1m, with its unit", text));
  return {*endpoint, *d};
}

std::size_t parse_size(std::string_view text) {
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  double scale = 0;
  if (unit == "B") scale = 1;
  else if (unit == "KB" || unit == "kB") scale = 1e3;
  else if (unit == "MB") scale = 1e6;
  else if (unit == "KiB") scale = 1024;
  else if (unit == "MiB") scale = 1024.0 * 1024;
  if (ec != std::errc{} || scale == 0 || number < 0 || !std::isfinite(number) || number * scale > max_doc_size)
    throw UsageError(fmt::format("invalid size '{}': expected e.g. 300KB, 1MB, 512KiB or 2000B, at most 100MB", text));
  return static_cast<std::size_t>(std::llround(number * scale));
}

}  // namespace rollcall::sim
