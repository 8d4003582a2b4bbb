#include "sim/fault.hpp"

#include <charconv>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "common/usage_error.hpp"

namespace rollcall::sim {

namespace {

using namespace std::chrono_literals;

struct KindName {
  std::string_view name;
  FaultKind kind;
};

constexpr KindName kinds[] = {
    {"stall", FaultKind::stall},
    {"close", FaultKind::close},
    {"reset", FaultKind::reset},
    {"reset-mid-body", FaultKind::reset_mid_body},
    {"slow-body", FaultKind::slow_body},
    {"malformed-status", FaultKind::malformed_status},
    {"malformed-headers", FaultKind::malformed_headers},
    {"status", FaultKind::status},
    {"refuse", FaultKind::refuse},
};

[[noreturn]] void invalid_fault(std::string_view spec, std::string_view why) {
  throw UsageError(fmt::format("invalid --fault '{}': {}", spec, why));
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

void parse_selector(Fault& f, std::string_view spec, std::string_view sel) {
  if (sel.ends_with('%')) {
    if (f.share != 1.0) invalid_fault(spec, "more than one share");
    auto pct = parse_number(sel.substr(0, sel.size() - 1));
    if (!pct || *pct <= 0 || *pct > 100) invalid_fault(spec, fmt::format("share '{}' is not a percentage in (0, 100]", sel));
    f.share = *pct / 100.0;
    return;
  }
  auto dash = sel.find('-');
  if (dash == std::string_view::npos)
    invalid_fault(spec, fmt::format("'@{}' is neither a share (10%) nor a window (20s-30s)", sel));
  if (f.from) invalid_fault(spec, "more than one time window");
  auto from = parse_duration(sel.substr(0, dash));
  auto to = parse_duration(sel.substr(dash + 1));
  if (!from || !to) invalid_fault(spec, fmt::format("window '{}' needs two durations with units, e.g. 20s-30s", sel));
  if (*from >= *to) invalid_fault(spec, fmt::format("window '{}' ends before it starts", sel));
  f.from = from;
  f.to = to;
}

}  // namespace

Fault parse_fault(std::string_view spec) {
  Fault f;
  f.spec = std::string(spec);

  auto at = spec.find('@');
  std::string_view head = spec.substr(0, at);
  std::string_view rest = at == std::string_view::npos ? std::string_view{} : spec.substr(at + 1);

  auto colon = head.find(':');
  std::string_view name = head.substr(0, colon);
  std::optional<std::string_view> arg;
  if (colon != std::string_view::npos) arg = head.substr(colon + 1);

  const KindName* kind = nullptr;
  for (const auto& k : kinds)
    if (k.name == name) kind = &k;
  if (!kind)
    invalid_fault(spec, fmt::format("unknown fault '{}' (expected stall:DURATION, close, reset, reset-mid-body, "
                           "slow-body[:DURATION], malformed-status, malformed-headers, status:CODE, refuse)",
                           name));
  f.kind = kind->kind;

  switch (f.kind) {
    case FaultKind::stall: {
      auto d = arg ? parse_duration(*arg) : std::nullopt;
      if (!d || *d <= Duration::zero()) invalid_fault(spec, "stall needs a positive duration, e.g. stall:2s");
      f.delay = *d;
      break;
    }
    case FaultKind::slow_body: {
      f.delay = 10ms;
      if (arg) {
        auto d = parse_duration(*arg);
        if (!d || *d <= Duration::zero() || *d > 10s)
          invalid_fault(spec, "slow-body takes the pause between bytes, from 1ns to 10s, e.g. slow-body:5ms");
        f.delay = *d;
      }
      break;
    }
    case FaultKind::status: {
      auto code = arg ? parse_number(*arg) : std::nullopt;
      if (!code || *code != std::floor(*code) || *code < 400 || *code > 599)
        invalid_fault(spec, "status needs a code from 400 to 599, e.g. status:502");
      f.status = static_cast<unsigned>(*code);
      break;
    }
    default:
      if (arg) invalid_fault(spec, fmt::format("{} takes no argument", name));
  }

  while (!rest.empty()) {
    auto next = rest.find('@');
    parse_selector(f, spec, rest.substr(0, next));
    if (next == std::string_view::npos) break;
    rest.remove_prefix(next + 1);
    if (rest.empty()) invalid_fault(spec, "empty selector after '@'");
  }
  if (at != std::string_view::npos && at + 1 == spec.size()) invalid_fault(spec, "empty selector after '@'");

  if (f.kind == FaultKind::refuse) {
    if (!f.from) invalid_fault(spec, "refuse needs a time window, e.g. refuse@20s-30s");
    if (f.share != 1.0) invalid_fault(spec, "refuse applies to the listener, not to a share of requests");
  }
  return f;
}

const Fault* pick_fault(const std::vector<Fault>& faults, Duration since_start, std::mt19937_64& rng) {
  for (const auto& f : faults) {
    if (f.kind == FaultKind::refuse || !f.active_at(since_start)) continue;
    if (f.share >= 1.0) return &f;
    // 53 random bits: an exact uniform double in [0, 1).
    double draw = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    if (draw < f.share) return &f;
  }
  return nullptr;
}

}  // namespace rollcall::sim
