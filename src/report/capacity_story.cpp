#include "report/capacity_story.hpp"

#include <cmath>

#include <fmt/format.h>

namespace rollcall::report {

namespace {

bool english(const Strings& s) { return s.html_lang == "en"; }

std::string with_decimal(const Strings& s, std::string text) {
  if (s.decimal != ".")
    if (auto dot = text.find('.'); dot != std::string::npos) text.replace(dot, 1, s.decimal);
  return text;
}

capacity::UslStatement::Use use_from_name(std::string_view name) {
  using Use = capacity::UslStatement::Use;
  for (auto u : {Use::finding, Use::contradicted, Use::unsupported})
    if (capacity::usl_use_name(u) == name) return u;
  return Use::unsupported;
}

// The fit as analysis states it, from a record that kept only its figures.
analysis::UslFit fit_of(const UslFit& u) {
  analysis::UslFit fit;
  fit.supported = u.supported;
  fit.why_not = u.why_not;
  fit.lambda = u.lambda;
  fit.sigma = u.sigma;
  fit.kappa = u.kappa;
  fit.r2 = u.r2;
  if (u.kappa > 0 && u.peak_per_s > 0) {
    fit.peak_load = std::sqrt((1 - u.sigma) / u.kappa);
    fit.peak_throughput = u.peak_per_s;
  }
  return fit;
}

}  // namespace

std::string fill(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out(pattern);
  for (const auto& [name, value] : values) {
    const std::string key = fmt::format("{{{}}}", name);
    for (auto at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size()))
      out.replace(at, key.size(), value);
  }
  return out;
}

std::string rate_text(const Strings& s, double rate) { return with_decimal(s, fmt::format("{:.4g}", rate)); }

std::string objective_value(const Strings& s, double value, std::string_view unit) {
  if (unit == "ms")
    return with_decimal(s, std::abs(value) >= 1000 ? fmt::format("{:.3g} s", value / 1000) : fmt::format("{:.3g} ms", value));
  if (unit == "%") return with_decimal(s, fmt::format("{:.3g}%", value));
  return with_decimal(s, fmt::format("{:.4g}", value)) + (unit.empty() ? "" : " " + std::string(unit));
}

std::string reading_text(const Strings& s, const ObjectiveReading& r, std::string_view unit) {
  if (r.status == "no_data") return "–";
  std::string out = objective_value(s, r.measured, unit);
  if (r.samples == 0) return out;
  if (r.low != r.measured || r.high != r.measured)
    out += fmt::format(" [{} – {}]", objective_value(s, r.low, unit), objective_value(s, r.high, unit));
  return out + fmt::format(", {} {}", r.samples, s.samples_word);
}

std::string objective_label(const Objective& o) {
  if (o.subject.empty() || o.name.find(o.subject) != std::string::npos) return o.name;
  return o.name + " (" + o.subject + ")";
}

std::string_view status_text(const Strings& s, std::string_view status) {
  if (status == "pass") return s.passed_word;
  if (status == "no_data") return s.no_data_word;
  return s.failed_word;
}

std::string bound_text(const Strings& s, const Objective& o) {
  return o.comparator + " " + objective_value(s, o.bound, o.unit);
}

std::string reason_text(const Strings& s, std::string_view reason) {
  const std::pair<std::string_view, std::string_view> names[] = {
      {"none", s.reason_none},       {"latency", s.reason_latency},
      {"errors", s.reason_errors},   {"rejected by quota", s.reason_rejected},
      {"throughput plateau", s.reason_throughput}, {"journeys not completed", s.reason_completion}};
  for (const auto& [name, words] : names)
    if (name == reason) return std::string(words);
  return std::string(reason);  // a reason this version does not know: as written
}

std::string objectives_headline(const Strings& s, const std::vector<Objective>& objectives,
                                std::optional<double> saturation_rate) {
  std::string list;
  std::size_t failed = 0;
  for (const auto& o : objectives) {
    const auto status = o.reading().status;
    if (status == "pass") continue;
    ++failed;
    list += fmt::format("{}{} ({})", list.empty() ? "" : "; ", o.name, status_text(s, status));
  }
  if (!saturation_rate)
    return failed ? fill(s.some_failed, {{"n", std::to_string(failed)}, {"total", std::to_string(objectives.size())}})
                  : std::string(s.all_met);
  const std::string rate = rate_text(s, *saturation_rate);
  return failed ? fill(s.not_met_at, {{"rate", rate}, {"list", list}}) : fill(s.all_met_at, {{"rate", rate}});
}

capacity::UslStatement usl_statement_of(const Saturation& sat) {
  if (!sat.usl) return {capacity::UslStatement::Use::unsupported, {}};
  if (!sat.usl->use.empty()) return {use_from_name(sat.usl->use), sat.usl->text};
  return capacity::usl_statement(fit_of(*sat.usl), sat.interval[0]);
}

std::string usl_text(const Strings& s, const Saturation& sat) {
  const auto statement = usl_statement_of(sat);
  if (english(s) || !sat.usl) return statement.text.empty() ? std::string() : statement.text + ".";
  const UslFit& u = *sat.usl;
  const std::string r2 = with_decimal(s, fmt::format("{:.2f}", u.r2));
  switch (statement.use) {
    case capacity::UslStatement::Use::finding:
      return fill(s.usl_text, {{"sigma", with_decimal(s, fmt::format("{:.4f}", u.sigma))},
                               {"kappa", with_decimal(s, fmt::format("{:.6f}", u.kappa))},
                               {"peak", rate_text(s, u.peak_per_s)},
                               {"r2", with_decimal(s, fmt::format("{:.3f}", u.r2))}});
    case capacity::UslStatement::Use::contradicted:
      return fill(s.usl_contradicted, {{"r2", r2}, {"peak", rate_text(s, u.peak_per_s)}, {"rate", rate_text(s, sat.interval[0])}});
    case capacity::UslStatement::Use::unsupported: break;
  }
  return fill(s.usl_unsupported, {{"why", u.why_not}});
}

std::string knee_text(const Strings& s, double rate) {
  return english(s) ? capacity::knee_sentence(rate) : fill(s.knee_at, {{"rate", rate_text(s, rate)}});
}

std::string moved_text(const Strings& s, const Saturation::Moved& moved) {
  if (english(s)) return capacity::moved_sentence(moved.low_per_s, moved.high_per_s);
  if (moved.low_per_s >= moved.high_per_s) return fill(s.moved_once, {{"rate", rate_text(s, moved.high_per_s)}});
  return fill(s.moved, {{"low", rate_text(s, moved.low_per_s)}, {"high", rate_text(s, moved.high_per_s)}});
}

std::string limiting_text(const Strings& s, const Saturation& sat) {
  if (english(s)) return capacity::limiting_sentence(sat.limiting_step, sat.reason, sat.limiting_detail);
  return fill(s.limiting_sentence, {{"step", sat.limiting_step},
                                    {"reason", reason_text(s, sat.reason)},
                                    {"detail", sat.limiting_detail.empty() ? "" : " : " + sat.limiting_detail}});
}

std::vector<std::string> story_sentences(const Strings& s, const Saturation& sat) {
  std::vector<std::string> out;
  if (!sat.limiting_step.empty()) out.push_back(limiting_text(s, sat));
  if (sat.capacity_moved) out.push_back(moved_text(s, *sat.capacity_moved));
  if (sat.knee_per_s) out.push_back(knee_text(s, *sat.knee_per_s));
  if (sat.usl) out.push_back(usl_text(s, sat));
  return out;
}

}  // namespace rollcall::report
