// The paragraph `rollcall validate` prints when a scenario is valid: what
// will run, so that a wrong weight or a feeder with too few rows shows
// before the load does.
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "scenario/flow_analysis.hpp"
#include "scenario/loader.hpp"

namespace rollcall::scenario {

namespace {

std::string thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", thousands(n), n == 1 ? one : many);
}

std::string percent(double share) {
  const double p = share * 100;
  if (std::fabs(p - std::round(p)) < 0.05) return fmt::format("{:.0f}%", p);
  return fmt::format("{:.1f}%", p);
}

std::string_view mode_name(Feeder::Mode m) {
  switch (m) {
    case Feeder::Mode::unique: return "each row once";
    case Feeder::Mode::cycle: return "cycled";
    case Feeder::Mode::random: return "drawn at random";
  }
  return "";
}

std::string requests(const RequestCount& c) {
  if (!c.max) return fmt::format("at least {} per journey", plural(c.min, "request", "requests"));
  if (*c.max == c.min) return fmt::format("{} per journey", plural(c.min, "request", "requests"));
  return fmt::format("{} to {} requests per journey", thousands(c.min), thousands(*c.max));
}

std::string think_text(const Think& t) {
  switch (t.kind) {
    case Think::Kind::constant: return format_duration(t.a);
    case Think::Kind::uniform: return fmt::format("{} to {}", format_duration(t.a), format_duration(t.b));
    case Think::Kind::exponential: return fmt::format("exponential, mean {}", format_duration(t.a));
    case Think::Kind::normal: return fmt::format("normal, {} +/- {}", format_duration(t.a), format_duration(t.b));
  }
  return "";
}

// Wraps words at 78 columns: a paragraph for a terminal.
std::string wrap(const std::string& text) {
  std::string out, line;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > 78) {
      out += line + '\n';
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    start = end + 1;
  }
  return out + line + '\n';
}

// ", on failure: retries 2 times after 2s to 10s, restarts 3 times, gives up after 3m".
std::string failure_text(const FailurePolicy& f) {
  if (f.none) return "";
  std::string out = ", on failure:";
  if (f.retries) out += fmt::format(" retries {} after {}", plural(f.retries, "time", "times"), think_text(f.retry_delay));
  if (f.restarts)
    out += fmt::format("{} restarts {}{}", f.retries ? "," : "", plural(f.restarts, "time", "times"),
                       f.restart_keeps_cookies ? "" : " with fresh cookies");
  if (f.patience) out += fmt::format("{} gives up after {}", f.retries || f.restarts ? "," : "", format_duration(*f.patience));
  return out;
}

}  // namespace

std::string summarize(const Scenario& s) {
  double total = 0;
  for (const auto& p : s.personas) total += p.weight;
  std::string text = fmt::format("{} is valid: target {}{}, {}:", s.file, s.target_url, s.target.tls ? " (TLS)" : "",
                                 plural(s.personas.size(), "persona", "personas"));
  for (std::size_t i = 0; i < s.personas.size(); ++i) {
    const auto& p = s.personas[i];
    std::string feeder = "no feeder";
    if (p.feeder)
      feeder = fmt::format("{} from {}, {}", plural(p.feeder->rows->size(), "account", "accounts"),
                           std::filesystem::path(p.feeder->path).filename().string(), mode_name(p.feeder->mode));
    const std::string think = p.think ? fmt::format(", think time {}", think_text(*p.think)) : "";
    text += fmt::format(" {} {} ({}; {}, {}{}{}){}", p.name, percent(total > 0 ? p.weight / total : 0), feeder,
                        plural(p.flow.size(), "step", "steps"), requests(count_requests(p.flow)), think,
                        failure_text(p.on_failure), i + 1 < s.personas.size() ? "," : ".");
  }
  text += " Redirects are followed";
  text += s.defaults.redirects.follow ? fmt::format(" (up to {})", s.defaults.redirects.max) : " only where a step says so";
  text += fmt::format(" and not counted; timeout {}", format_duration(s.defaults.timeout));
  if (s.defaults.think) text += fmt::format("; think time {} between steps", think_text(*s.defaults.think));
  text += ".";
  if (!s.admission.empty()) {
    std::string rules;
    if (!s.admission.queued.empty()) rules = plural(s.admission.queued.size(), "waiting-room rule", "waiting-room rules");
    if (!s.admission.rejected.empty())
      rules += (rules.empty() ? "" : " and ") + plural(s.admission.rejected.size(), "quota rule", "quota rules");
    text += fmt::format(" Admission: {} (answers counted apart from errors).", rules);
  }
  return wrap(text);
}

}  // namespace rollcall::scenario
