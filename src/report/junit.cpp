#include "report/junit.hpp"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "report/capacity_story.hpp"
#include "report/xml.hpp"

namespace rollcall::report {

namespace {

std::string iso_time(double epoch_s) {
  const auto t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

// Judged where the report judges it (at the saturation point after a
// capacity search); the limiting objective also carries what it read at the
// first failing step, the figure the verdict rests on.
JunitCase objective_case(const Objective& o, const Results& r, double duration) {
  const Strings& words = strings(Lang::en);
  JunitCase c = junit_case("rollcall.objectives", o.name, duration);
  const auto at = o.reading();
  std::string text;
  if (r.saturation && (r.saturation->interval[0] > 0 || o.at_failing))
    text = fill(r.saturation->interval[0] > 0 ? words.at_saturation : words.at_failing,
                {{"rate", rate_text(words, r.saturation->interval[r.saturation->interval[0] > 0 ? 0 : 1])}}) + ": ";
  text += fmt::format("{}: {} (objective {} {})", status_text(words, at.status), reading_text(words, at, o.unit), o.comparator,
                      objective_value(words, o.bound, o.unit));
  if (o.limiting && o.at_failing && r.saturation)
    text += fmt::format("; {}: {}: {}, {} ({})", fill(words.at_failing, {{"rate", rate_text(words, r.saturation->interval[1])}}),
                        status_text(words, o.at_failing->status), reading_text(words, *o.at_failing, o.unit),
                        words.limiting_word, reason_text(words, r.saturation->reason));
  if (at.status == "pass") c.output = text;
  else c.failure = text;
  return c;
}

// The verdict in the console's words: what broke, a moving capacity, the
// knee, the USL fit.
JunitCase verdict_case(const Saturation& sat) {
  JunitCase c = junit_case("rollcall.capacity", "verdict");
  for (const auto& sentence : story_sentences(strings(Lang::en), sat)) c.output += (c.output.empty() ? "" : "\n") + sentence;
  return c;
}

JunitCase rung_case(const CapacityStep& s, const std::optional<CapacityPlan>& plan) {
  JunitCase c = junit_case("rollcall.capacity", fmt::format("step {} at {:g}/s", s.index, s.offered_per_s),
                           s.end_s - s.start_s);
  const std::string text =
      fmt::format("{}: achieved {:.2f}/s of {:g}/s offered; {} p95 {:.1f} ms, p99 {:.1f} ms; errors {:.2f}%{}{}",
                  verdict_name(s.verdict), s.achieved_per_s, s.offered_per_s,
                  s.limiting_step.empty() ? "limiting step" : s.limiting_step, s.p95_ms, s.p99_ms,
                  s.error_ratio * 100, s.reason.empty() ? "" : "; ", s.reason);
  if (s.verdict == Verdict::invalid) {
    c.skipped = text;
  } else if (s.verdict == Verdict::fail && plan && s.offered_per_s <= plan->required_per_s) {
    c.failure = fmt::format("{} (the plan requires {:g}/s)", text, plan->required_per_s);
  } else {
    c.output = text;
  }
  return c;
}

}  // namespace

JunitCase junit_case(std::string classname, std::string name, double time_s) {
  JunitCase c;
  c.classname = std::move(classname);
  c.name = std::move(name);
  c.time_s = time_s;
  return c;
}

std::string junit_xml(const std::vector<JunitSuite>& suites, double started_at) {
  std::size_t tests = 0, failures = 0, skipped = 0;
  double time = 0;
  for (const auto& s : suites) {
    time = std::max(time, s.time_s);  // suites cover the same run: their times overlap
    for (const auto& c : s.cases) {
      ++tests;
      failures += c.failure ? 1 : 0;
      skipped += c.skipped ? 1 : 0;
    }
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"rollcall\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
                     tests, failures, skipped, time);
  for (const auto& s : suites) {
    std::size_t f = 0, k = 0;
    for (const auto& c : s.cases) {
      f += c.failure ? 1 : 0;
      k += c.skipped ? 1 : 0;
    }
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\" timestamp=\"{}\">\n",
        xml_escape(s.name), s.cases.size(), f, k, s.time_s, iso_time(started_at));
    for (const auto& c : s.cases) {
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", xml_escape(c.classname),
                         xml_escape(c.name), c.time_s);
      if (!c.failure && !c.skipped && c.output.empty()) {
        out += "/>\n";
        continue;
      }
      out += ">\n";
      if (c.failure)
        out += fmt::format("      <failure message=\"{0}\" type=\"objective\">{0}</failure>\n", xml_escape(*c.failure));
      if (c.skipped) out += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(*c.skipped));
      if (!c.output.empty()) out += fmt::format("      <system-out>{}</system-out>\n", xml_escape(c.output));
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

std::vector<JunitSuite> run_junit_suites(const Results& r) {
  const double duration = duration_s(r);
  std::vector<JunitSuite> suites;
  JunitSuite objectives;
  objectives.name = "objectives";
  objectives.time_s = duration;
  for (const auto& o : r.objectives) objectives.cases.push_back(objective_case(o, r, duration));
  if (!r.end) {
    // A run that never wrote its end record was killed: say so where CI looks.
    JunitCase c = junit_case("rollcall.objectives", "run completed");
    c.failure = "the results stream has no end record: the run was killed or crashed";
    objectives.cases.push_back(std::move(c));
  }
  suites.push_back(std::move(objectives));
  if (!r.capacity_steps.empty() || r.saturation) {
    JunitSuite capacity;
    capacity.name = "capacity";
    capacity.time_s = duration;
    const std::optional<CapacityPlan> plan = r.saturation ? r.saturation->plan : std::nullopt;
    for (const auto& s : r.capacity_steps) capacity.cases.push_back(rung_case(s, plan));
    if (r.saturation) capacity.cases.push_back(verdict_case(*r.saturation));
    if (r.saturation && plan && plan->required_per_s > 0) {
      JunitCase c = junit_case("rollcall.capacity", "saturation point covers the plan");
      const auto text = fmt::format("saturation at {:g}/s ({}), the plan requires {:g}/s", r.saturation->rate_per_s,
                                    r.saturation->limiting_step, plan->required_per_s);
      if (r.saturation->rate_per_s >= plan->required_per_s) c.output = text;
      else c.failure = text;
      capacity.cases.push_back(std::move(c));
    }
    suites.push_back(std::move(capacity));
  }
  return suites;
}

}  // namespace rollcall::report
