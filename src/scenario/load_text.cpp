#include "scenario/load_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "common/duration.hpp"
#include "scenario/suggest.hpp"

namespace rollcall::scenario {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

// Trims spaces, moving `offset` along so that problems still point into the
// original text.
std::string_view trim(std::string_view s, std::size_t& offset) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
    ++offset;
  }
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<double> number_prefix(std::string_view s, std::size_t& used) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || !std::isfinite(v)) return std::nullopt;
  used = static_cast<std::size_t>(end - s.data());
  return v;
}

std::optional<double> whole_number(std::string_view s) {
  std::size_t used = 0;
  auto v = number_prefix(s, used);
  if (!v || used != s.size()) return std::nullopt;
  return v;
}

bool persona_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& names) {
  std::vector<std::string_view> views(names.begin(), names.end());
  auto guess = closest(word, views);
  return guess ? fmt::format("; did you mean '{}'?", *guess) : "";
}

// The metric at the end of an objective's subject: "errors", "p95",
// "p99.9", "mean"... and where it starts. The rest before it (less the dot)
// is the step.
struct SubjectMetric {
  Objective::Metric metric = Objective::Metric::latency;
  Objective::Stat stat = Objective::Stat::percentile;
  double percentile = 0;
  std::size_t start = 0;
};

std::optional<SubjectMetric> metric_at_end(std::string_view s) {
  auto at_boundary = [&](std::size_t start) { return start == 0 || s[start - 1] == '.' || s[start - 1] == ':'; };
  struct Word {
    std::string_view word;
    Objective::Metric metric;
    Objective::Stat stat;
  };
  static constexpr Word words[] = {
      {"errors", Objective::Metric::errors, Objective::Stat::percentile},
      {"rejected", Objective::Metric::rejected, Objective::Stat::percentile},
      {"queued", Objective::Metric::queued, Objective::Stat::percentile},
      {"achieved", Objective::Metric::achieved, Objective::Stat::percentile},
      {"completed", Objective::Metric::completed, Objective::Stat::percentile},
      {"mean", Objective::Metric::latency, Objective::Stat::mean},
      {"max", Objective::Metric::latency, Objective::Stat::max},
  };
  for (const auto& w : words)
    if (s.size() >= w.word.size() && s.substr(s.size() - w.word.size()) == w.word &&
        at_boundary(s.size() - w.word.size()))
      return SubjectMetric{w.metric, w.stat, 0, s.size() - w.word.size()};
  // pNN or pNN.N: the last 'p' followed only by digits and at most one dot.
  const auto p = s.rfind('p');
  if (p == std::string_view::npos || !at_boundary(p) || p + 1 == s.size()) return std::nullopt;
  const std::string_view digits = s.substr(p + 1);
  if (!std::isdigit(static_cast<unsigned char>(digits.front())) || digits.back() == '.') return std::nullopt;
  if (std::count(digits.begin(), digits.end(), '.') > 1) return std::nullopt;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); }))
    return std::nullopt;
  auto value = whole_number(digits);
  if (!value) return std::nullopt;
  return SubjectMetric{Objective::Metric::latency, Objective::Stat::percentile, *value, p};
}

bool upper_bound(Objective::Metric m) {
  return m == Objective::Metric::latency || m == Objective::Metric::errors || m == Objective::Metric::rejected ||
         m == Objective::Metric::queued;
}

}  // namespace

std::optional<double> parse_rate(std::string_view text, TextProblem& problem, bool allow_zero) {
  std::size_t offset = 0;
  const std::string_view s = trim(text, offset);
  std::size_t used = 0;
  auto v = number_prefix(s, used);
  double per = 1;
  if (v) {
    std::string_view unit = s.substr(used);
    if (unit == "" || unit == "/s") per = 1;
    else if (unit == "/m" || unit == "/min") per = 60;
    else if (unit == "/h") per = 3600;
    else v.reset();
  }
  if (!v) {
    problem = {offset, fmt::format("expected a rate such as 50, 50/s, 3000/m or 180000/h, got '{}'", s)};
    return std::nullopt;
  }
  if (*v < 0 || (!allow_zero && *v == 0)) {
    problem = {offset, fmt::format("expected a rate above 0{}, got '{}'", allow_zero ? " or 0" : "", s)};
    return std::nullopt;
  }
  return *v / per;
}

std::optional<double> parse_time_scale(std::string_view text, TextProblem& problem) {
  std::size_t offset = 0;
  std::string_view s = trim(text, offset);
  std::optional<double> scale;
  if (const auto colon = s.find(':'); colon != std::string_view::npos) {
    auto run = whole_number(s.substr(0, colon));
    auto day = whole_number(s.substr(colon + 1));
    if (run && day && *run > 0 && *day > 0) scale = *day / *run;
  } else {
    if (!s.empty() && s.back() == 'x') s.remove_suffix(1);
    if (auto v = whole_number(s); v && *v > 0) scale = *v;
  }
  if (!scale) {
    problem = {offset, fmt::format("expected a time scale such as 1:30 (a minute of run for 30 of the day) or 30x, got '{}'",
                                   text.substr(offset))};
    return std::nullopt;
  }
  return scale;
}

std::optional<double> parse_ratio(std::string_view text, TextProblem& problem) {
  std::size_t offset = 0;
  std::string_view s = trim(text, offset);
  const bool percent = !s.empty() && s.back() == '%';
  if (percent) s.remove_suffix(1);
  auto v = whole_number(s);
  if (v && percent) *v /= 100;
  if (!v || *v < 0 || *v > 1) {
    problem = {offset, fmt::format("expected a ratio such as 1% or 0.01 (0 to 100%), got '{}'", text.substr(offset))};
    return std::nullopt;
  }
  return v;
}

std::optional<double> parse_minute(std::string_view text, TextProblem& problem) {
  std::size_t offset = 0;
  const std::string_view s = trim(text, offset);
  std::optional<double> minute;
  if (const auto colon = s.find(':'); colon != std::string_view::npos) {
    auto h = whole_number(s.substr(0, colon));
    auto m = whole_number(s.substr(colon + 1));
    if (h && m && *h >= 0 && *h <= 24 && *m >= 0 && *m < 60 && std::floor(*h) == *h && colon + 3 == s.size())
      minute = *h * 60 + *m;
  } else if (auto v = whole_number(s); v && *v >= 0 && *v <= 1440) {
    minute = *v;
  }
  if (!minute) {
    problem = {offset, fmt::format("expected a time of day such as 7:55, or minutes since midnight such as 475, got '{}'", s)};
    return std::nullopt;
  }
  return minute;
}

bool is_line_of(const std::string& line, const std::vector<std::string>& steps) {
  return std::any_of(steps.begin(), steps.end(),
                     [&](const std::string& s) { return line == s || line.rfind(s + " > ", 0) == 0; });
}

std::optional<std::string> persona_step_problem(const Objective& o, const ObjectiveNames& names) {
  std::vector<std::string> owners;
  for (std::size_t i = 0; i < names.personas.size(); ++i)
    if (is_line_of(o.step, names.steps_of[i])) owners.push_back(names.personas[i]);
  if (!contains(owners, o.persona))
    return fmt::format("persona '{}' has no step '{}' in its flow", o.persona, o.step);
  if (owners.size() > 1) {
    std::string others;
    for (const auto& p : owners)
      if (p != o.persona) others += fmt::format("{}'{}'", others.empty() ? "" : ", ", p);
    return fmt::format("step '{}' is also in the flow of {}, and a step is measured by its name across personas: "
                       "drop '{}:' from the objective, or give {}'s step a name of its own",
                       o.step, others, o.persona, o.persona);
  }
  return std::nullopt;
}

std::optional<Objective> parse_objective(std::string_view text, TextProblem& problem, const ObjectiveNames& names) {
  Objective o;
  o.text = std::string(text);
  // The operator is the last '<' or '>': step names may hold '>' (a group's
  // "portal > GET /api"), values never do.
  const auto op_at = text.find_last_of("<>");
  if (op_at == std::string_view::npos) {
    problem = {0, fmt::format("expected an objective such as 'login.p95 < 800ms', 'errors < 1%' or "
                              "'achieved >= 95% of offered', got '{}'",
                              text)};
    return std::nullopt;
  }
  const bool or_equal = op_at + 1 < text.size() && text[op_at + 1] == '=';
  o.op = text[op_at] == '<' ? (or_equal ? Objective::Op::less_equal : Objective::Op::less)
                            : (or_equal ? Objective::Op::greater_equal : Objective::Op::greater);
  std::size_t subject_at = 0;
  const std::string_view subject = trim(text.substr(0, op_at), subject_at);
  std::size_t value_at = op_at + (or_equal ? 2 : 1);
  std::string_view value = trim(text.substr(value_at), value_at);

  if (subject.empty()) {
    problem = {op_at, "nothing before the comparison: name what is measured, such as errors or login.p95"};
    return std::nullopt;
  }
  auto metric = metric_at_end(subject);
  if (!metric) {
    const auto dot = subject.rfind('.');
    const std::size_t at = dot == std::string_view::npos ? 0 : dot + 1;
    problem = {subject_at + at, fmt::format("unknown measure '{}': expected a latency (p50, p95, p99.9, mean, max) or "
                                            "errors, rejected, queued, achieved, completed",
                                            subject.substr(at))};
    return std::nullopt;
  }
  o.metric = metric->metric;
  o.stat = metric->stat;
  o.percentile = metric->percentile;
  if (o.stat == Objective::Stat::percentile && o.metric == Objective::Metric::latency &&
      (o.percentile <= 0 || o.percentile >= 100)) {
    problem = {subject_at + metric->start, fmt::format("a percentile is above 0 and below 100, got '{}'",
                                                       subject.substr(metric->start))};
    return std::nullopt;
  }
  // What comes before the metric: "persona:step.", "persona:", "step." or nothing.
  std::string_view scope = subject.substr(0, metric->start);
  std::size_t scope_at = subject_at;
  if (const auto colon = scope.find(':'); colon != std::string_view::npos && colon > 0 &&
                                          std::all_of(scope.begin(), scope.begin() + colon, persona_char)) {
    o.persona = std::string(scope.substr(0, colon));
    scope.remove_prefix(colon + 1);
    scope_at += colon + 1;
  }
  if (!scope.empty()) {
    if (scope.back() != '.' || scope.size() == 1) {
      problem = {subject_at + metric->start, "expected a '.' between the step and the measure, such as login.p95"};
      return std::nullopt;
    }
    scope.remove_suffix(1);
  }
  o.step = std::string(scope);
  if (!o.persona.empty() && !names.personas.empty() && !contains(names.personas, o.persona)) {
    problem = {subject_at, fmt::format("objective on an unknown persona '{}'{}", o.persona, did_you_mean(o.persona, names.personas))};
    return std::nullopt;
  }
  if (!o.step.empty() && !names.steps.empty() && !is_line_of(o.step, names.steps)) {
    problem = {scope_at, fmt::format("objective on an unknown step '{}'{}", o.step, did_you_mean(o.step, names.steps))};
    return std::nullopt;
  }
  if (!o.persona.empty() && !o.step.empty() && !names.personas.empty() && names.steps_of.size() == names.personas.size()) {
    if (auto problem_text = persona_step_problem(o, names)) {
      problem = {scope_at, std::move(*problem_text)};
      return std::nullopt;
    }
  }
  if (upper_bound(o.metric) && (o.op == Objective::Op::greater || o.op == Objective::Op::greater_equal)) {
    problem = {op_at, fmt::format("{} is a bound from above: write it with < or <=", subject.substr(metric->start))};
    return std::nullopt;
  }
  if (!upper_bound(o.metric) && (o.op == Objective::Op::less || o.op == Objective::Op::less_equal)) {
    problem = {op_at, fmt::format("{} is a bound from below: write it with > or >=", subject.substr(metric->start))};
    return std::nullopt;
  }
  if (o.metric == Objective::Metric::achieved) {
    // "95% of offered": the ratio of achieved to offered throughput.
    constexpr std::string_view of_offered = "of offered";
    if (value.size() > of_offered.size() && value.substr(value.size() - of_offered.size()) == of_offered) {
      value.remove_suffix(of_offered.size());
      while (!value.empty() && is_space(value.back())) value.remove_suffix(1);
    }
  }
  if (value.empty()) {
    problem = {value_at, "nothing after the comparison: give a threshold such as 800ms or 1%"};
    return std::nullopt;
  }
  if (o.metric == Objective::Metric::latency) {
    auto d = parse_duration(value);
    if (!d || d->count() <= 0) {
      problem = {value_at, fmt::format("expected a latency above 0 such as 800ms or 2s, got '{}'", value)};
      return std::nullopt;
    }
    o.threshold = static_cast<double>(d->count()) / 1e3;  // histograms count microseconds
  } else {
    TextProblem ratio_problem;
    auto r = parse_ratio(value, ratio_problem);
    if (!r) {
      problem = {value_at + ratio_problem.offset, ratio_problem.message};
      return std::nullopt;
    }
    o.threshold = *r;
  }
  return o;
}

}  // namespace rollcall::scenario
