#include "report/html_report.hpp"

#include <cmath>
#include <ctime>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "report/capacity_story.hpp"
#include "report/format.hpp"
#include "report/html_charts.hpp"
#include "report/redact.hpp"
#include "report/svg_chart.hpp"
#include "report/xml.hpp"

namespace rollcall::report {

namespace json = boost::json;

namespace {

class Page {
 public:
  explicit Page(const Strings& s) : s_(s) {}

  std::string num(double v, int decimals = 1) const {
    if (!std::isfinite(v)) return "–";
    std::string text = fmt::format("{:.{}f}", v, decimals);
    if (s_.decimal != ".")
      if (auto dot = text.find('.'); dot != std::string::npos) text.replace(dot, 1, s_.decimal);
    return text;
  }
  std::string rate(double v) const { return num(v, v < 10 ? 2 : 1); }
  std::string latency(std::int64_t us) const { return num(ms(us), us < 10'000 ? 2 : 1); }
  std::string count(std::uint64_t n) const {
    std::string g = grouped(n);
    // French groups digits with a narrow no-break space.
    if (s_.decimal == ",")
      for (auto at = g.find(','); at != std::string::npos; at = g.find(',', at)) g.replace(at, 1, "\u202f");
    return g;
  }
  std::string percent(double ratio) const { return num(ratio * 100, 2) + "\u00a0%"; }
  const Strings& s() const { return s_; }

 private:
  const Strings& s_;
};

std::string esc(std::string_view text) { return xml_escape(text); }

std::string date_text(double epoch_s) {
  const auto t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

std::string duration_text(double s) {
  const auto total = static_cast<long long>(std::llround(s));
  if (total >= 3600) return fmt::format("{} h {:02} min {:02} s", total / 3600, total / 60 % 60, total % 60);
  if (total >= 60) return fmt::format("{} min {:02} s", total / 60, total % 60);
  return fmt::format("{} s", total);
}

// Boost.JSON 1.81 serializes on one line; the report shows settings indented.
void pretty(const json::value& v, std::string& out, int depth) {
  const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
  if (v.is_object() && !v.get_object().empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& kv : v.get_object()) {
      if (!first) out += ",\n";
      first = false;
      out += pad + "  " + json::serialize(json::value(kv.key())) + ": ";
      pretty(kv.value(), out, depth + 1);
    }
    out += "\n" + pad + "}";
  } else if (v.is_array() && !v.get_array().empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& e : v.get_array()) {
      if (!first) out += ",\n";
      first = false;
      out += pad + "  ";
      pretty(e, out, depth + 1);
    }
    out += "\n" + pad + "]";
  } else {
    out += json::serialize(v);
  }
}

// The objectives as judged at the saturation point and, after a capacity
// search, at the first failing step: each reading with its interval and
// the samples it rests on.
std::string objectives_table(const Results& r, const Page& p) {
  const Strings& s = p.s();
  bool failing = false;
  for (const auto& o : r.objectives) failing = failing || o.at_failing.has_value();
  const double saturation = r.saturation ? r.saturation->interval[0] : 0;
  const double lowest_failing = r.saturation ? r.saturation->interval[1] : 0;
  const std::string first = !r.saturation ? std::string(s.measured)
                            : saturation > 0 ? fill(s.at_saturation, {{"rate", rate_text(s, saturation)}})
                                             : fill(s.at_failing, {{"rate", rate_text(s, lowest_failing)}});
  std::string out = fmt::format("<table id=\"objectives\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th></th>", s.objective,
                                s.bound, esc(first));
  if (failing) out += fmt::format("<th>{}</th><th></th>", esc(fill(s.at_failing, {{"rate", rate_text(s, lowest_failing)}})));
  out += "</tr></thead><tbody>\n";
  auto cells = [&](const ObjectiveReading& reading, const Objective& o, bool limiting) {
    return fmt::format("<td class=\"n\">{}</td><td class=\"{}\">{}{}</td>", esc(reading_text(s, reading, o.unit)),
                       reading.status == "pass" ? "good" : "poor", esc(status_text(s, reading.status)),
                       limiting ? fmt::format(" ({})", s.limiting_word) : "");
  };
  for (const auto& o : r.objectives) {
    const auto at = o.reading();
    out += fmt::format("<tr class=\"{}\"><td>{}</td><td class=\"n\">{}</td>{}", at.status == "pass" ? "good" : "poor",
                       esc(objective_label(o)), esc(bound_text(s, o)),
                       cells(at, o, o.limiting && !failing));
    if (failing) out += o.at_failing ? cells(*o.at_failing, o, o.limiting) : "<td></td><td></td>";
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

std::string verdict_section(const Results& r, const Page& p) {
  const Strings& s = p.s();
  std::size_t failed = 0;
  for (const auto& o : r.objectives) failed += o.reading().status == "pass" ? 0 : 1;
  const bool ok = failed == 0 && r.end.has_value();
  std::string out = fmt::format("<section id=\"verdict\" class=\"verdict {}\"><h2>{}</h2>\n", ok ? "ok" : "bad", s.verdict);
  if (!r.end) out += fmt::format("<p class=\"warning\">{}</p>\n", esc(s.incomplete));
  if (r.truncated_tail) out += fmt::format("<p class=\"warning\">{}</p>\n", esc(s.truncated));
  if (r.saturation) {
    const Saturation& sat = *r.saturation;
    out += fmt::format("<p class=\"headline\">{}</p>\n<dl>", esc(fill(s.saturation_at, {{"rate", p.rate(sat.rate_per_s)}})));
    if (sat.interval[1] > sat.interval[0])
      out += fmt::format("<dd class=\"aside\">{}</dd>",
                         esc(fill(s.interval_between, {{"low", rate_text(s, sat.interval[0])}, {"high", rate_text(s, sat.interval[1])}})));
    // What broke first is the search's verdict, as the console says it.
    if (!sat.limiting_step.empty()) {
      out += fmt::format("<dt>{}</dt><dd id=\"limiting-step\">{}</dd>", s.limiting_step, esc(sat.limiting_step));
      out += fmt::format("<dt>{}</dt><dd id=\"reason\">{}</dd>", s.reason, esc(reason_text(s, sat.reason)));
      if (!sat.limiting_detail.empty())
        out += fmt::format("<dd class=\"aside\" id=\"limiting-detail\">{}</dd>", esc(sat.limiting_detail));
    }
    if (const auto margin = sat.margin()) {
      const std::string m = (*margin >= 0 ? "+" : "") + p.num(*margin * 100, 0) + "\u00a0%";
      const auto& plan = *sat.plan;
      const std::string text = plan.description.empty()
                                   ? fill(s.margin_short, {{"margin", m}, {"required", p.rate(plan.required_per_s)}})
                                   : fill(s.margin_text, {{"margin", m},
                                                          {"required", p.rate(plan.required_per_s)},
                                                          {"description", plan.description}});
      out += fmt::format("<dt>{}</dt><dd class=\"{}\">{}</dd>", s.margin, *margin >= 0 ? "good" : "poor", esc(text));
    }
    std::string recovery(s.not_measured);
    if (sat.recovery.measured)
      recovery = sat.recovery.recovered ? fill(s.recovered_after, {{"seconds", p.num(sat.recovery.seconds, 1)}})
                                        : std::string(s.not_recovered);
    out += fmt::format("<dt>{}</dt><dd>{}</dd></dl>\n", s.recovery, esc(recovery));
    if (sat.capacity_moved) out += fmt::format("<p id=\"moved\" class=\"warning\">{}</p>\n", esc(moved_text(s, *sat.capacity_moved)));
    if (sat.knee_per_s) out += fmt::format("<p id=\"knee\">{}</p>\n", esc(knee_text(s, *sat.knee_per_s)));
    if (sat.usl) out += fmt::format("<p id=\"usl\">{}</p>\n", esc(usl_text(s, sat)));
  } else if (!r.capacity_steps.empty()) {
    double top = 0;
    for (const auto& rung : r.capacity_steps) top = std::max(top, rung.offered_per_s);
    out += fmt::format("<p class=\"headline\">{}</p>\n", esc(fill(s.no_saturation, {{"rate", p.rate(top)}})));
  } else {
    out += fmt::format("<p>{}</p>\n", esc(s.no_capacity));
  }
  // Objectives, right under the verdict: they decide the exit code.
  if (r.objectives.empty()) {
    out += fmt::format("<p>{}</p>\n", esc(s.no_objectives));
  } else {
    const std::optional<double> at = r.saturation && r.saturation->interval[0] > 0 ? std::optional(r.saturation->interval[0])
                                                                                  : std::nullopt;
    out += fmt::format("<p class=\"headline {}\" id=\"objectives-headline\">{}</p>\n", failed ? "poor" : "good",
                       esc(objectives_headline(s, r.objectives, at)));
    out += objectives_table(r, p);
  }
  std::size_t invalid = 0;
  for (const auto& i : r.intervals) invalid += i.generator.valid ? 0 : 1;
  if (invalid) out += fmt::format("<p class=\"warning\">{}</p>\n", esc(fill(s.invalid_intervals, {{"n", std::to_string(invalid)}})));
  return out + "</section>\n";
}

std::string downsample_note(const Results& r, const Page& p) {
  const auto per = seconds_per_point(r);
  return per > 1 ? fmt::format("<p class=\"note\">{}</p>\n", esc(fill(p.s().downsampled, {{"n", std::to_string(per)}}))) : "";
}

std::string latency_section(const Results& r, const Page& p) {
  const Strings& s = p.s();
  const std::string limiting = limiting_line(r);
  std::string out = fmt::format("<section id=\"latency\"><h2>{}</h2>\n<h3>{}</h3>\n", s.latency,
                                esc(fill(s.latency_limiting, {{"step", limiting}})));
  out += render_chart(latency_chart(r, s, limiting, "chart-latency-limiting"));
  // Steps that never ran have nothing to draw: the tables list them.
  std::vector<std::size_t> measured;
  for (std::size_t i = 0; i < r.step_totals.size(); ++i)
    if (r.step_totals[i].count() > 0) measured.push_back(i);
  if (measured.size() > 1) {
    out += fmt::format("<p class=\"picker\"><label for=\"step-select\">{}</label> <select id=\"step-select\">", s.latency_pick);
    const std::size_t selected = r.step_totals[measured[0]].step == limiting ? measured[1] : measured[0];
    for (std::size_t i : measured)
      out += fmt::format("<option value=\"{}\"{}>{}</option>", i, i == selected ? " selected" : "", esc(r.step_totals[i].step));
    out += "</select></p>\n";
    for (std::size_t i : measured)
      out += fmt::format("<div class=\"step-chart\" data-index=\"{}\"{}>\n{}</div>\n", i, i == selected ? "" : " hidden",
                         render_chart(latency_chart(r, s, r.step_totals[i].step, fmt::format("chart-latency-{}", i))));
  }
  return out + downsample_note(r, p) + "</section>\n";
}

std::string capacity_section(const Results& r, const Page& p) {
  const Strings& s = p.s();
  const auto saturation = saturation_chart(r, s);
  if (!saturation) return {};
  std::string out = fmt::format("<section id=\"saturation\"><h2>{}</h2>\n{}", s.saturation_curve, render_chart(*saturation));
  if (const auto usl = usl_chart(r, s)) out += fmt::format("<h3>{}</h3>\n{}", s.usl_title, render_chart(*usl));
  out += fmt::format("<h3>{}</h3>\n<table id=\"capacity-steps\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                     "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                     s.capacity_search, s.rung, s.offered, s.achieved_rate, s.verdict_column, s.limiting_step, s.p50, s.p95,
                     s.p99, s.error_ratio, s.queued);
  for (const auto& rung : r.capacity_steps) {
    const std::string_view word = rung.verdict == Verdict::pass   ? s.rung_pass
                                  : rung.verdict == Verdict::fail ? s.rung_fail
                                                                  : s.rung_invalid;
    out += fmt::format("<tr class=\"rung-{}\"><td class=\"n\">{}</td><td class=\"n\">{}/s</td><td class=\"n\">{}/s</td><td title=\"{}\">{}</td>"
                       "<td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                       verdict_name(rung.verdict), rung.index, p.rate(rung.offered_per_s), p.rate(rung.achieved_per_s),
                       esc(rung.reason), esc(word), esc(rung.limiting_step), p.num(rung.p50_ms), p.num(rung.p95_ms),
                       p.num(rung.p99_ms), p.percent(rung.error_ratio), p.count(rung.queued));
  }
  return out + "</tbody></table>\n</section>\n";
}

std::string failure_classes(const std::map<std::string, std::uint64_t>& failures, const Page& p) {
  std::string out;
  for (const auto& [name, n] : failures) {
    if (n == 0) continue;
    if (!out.empty()) out += ", ";
    out += esc(name) + " " + p.count(n);
  }
  return out;
}

std::string steps_section(const Results& r, const Page& p) {
  const Strings& s = p.s();
  std::string out = fmt::format(
      "<section id=\"steps\"><h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
      s.per_step, s.step, s.requests, s.errors, s.error_ratio, s.p50, s.p95, s.p99, s.max, s.queued, s.rejected, s.classes);
  for (const auto& st : r.step_totals) {
    std::map<std::string, std::uint64_t> classes = st.failures;
    for (auto o : {Outcome::expectation_failed, Outcome::missing_variable})
      if (st.outcomes[static_cast<std::size_t>(o)]) classes[std::string(engine::outcome_name(o))] = st.outcomes[static_cast<std::size_t>(o)];
    out += fmt::format(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
        esc(st.step), p.count(st.count()), p.count(st.errors()), p.percent(st.error_ratio()), p.latency(st.percentile(50)),
        p.latency(st.percentile(95)), p.latency(st.percentile(99)),
        p.latency(st.max_us > 0 ? st.max_us : st.latency.max()),
        p.count(st.outcomes[static_cast<std::size_t>(Outcome::queued)]),
        p.count(st.outcomes[static_cast<std::size_t>(Outcome::rejected)]), failure_classes(classes, p));
  }
  out += "</tbody></table>\n<p class=\"note\">ms</p>\n</section>\n";
  return out;
}

std::string personas_section(const Results& r, const Page& p) {
  const Strings& s = p.s();
  std::string out = fmt::format(
      "<section id=\"personas\"><h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
      s.per_persona, s.persona, s.started, s.completed, s.failed, s.abandoned, s.queued, s.rejected, s.retries, s.restarts,
      s.classes);
  for (const auto& pt : r.persona_totals)
    out += fmt::format(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
        esc(pt.persona), p.count(pt.started), p.count(pt.completed), p.count(pt.failed), p.count(pt.abandoned),
        p.count(pt.queued), p.count(pt.rejected), p.count(pt.retries), p.count(pt.restarts), failure_classes(pt.failures, p));
  return out + "</tbody></table>\n</section>\n";
}

std::string generator_section(const Results& r, const Page& p) {
  const Strings& s = p.s();
  std::uint64_t unsent = 0;
  for (const auto& i : r.intervals) unsent += i.generator.unsent;
  std::string out = fmt::format("<section id=\"generator\"><h2>{}</h2>\n{}", s.generator, render_chart(generator_chart(r, s)));
  if (unsent) out += fmt::format("<p class=\"warning\">{}: {}</p>\n", s.unsent, p.count(unsent));
  return out + downsample_note(r, p) + "</section>\n";
}

std::string config_section(const Results& r, const Page& p) {
  const Strings& s = p.s();
  std::string out = fmt::format("<section id=\"config\"><h2>{}</h2>\n<dl class=\"facts\">", s.configuration);
  auto fact = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) out += fmt::format("<dt>{}</dt><dd>{}</dd>", label, esc(value));
  };
  fact(s.kind, r.run.kind);
  fact(s.scenario, r.run.scenario);
  fact(s.target, r.run.target);
  fact(s.started_at, date_text(r.run.started_at));
  fact(s.duration, duration_text(duration_s(r)));
  fact(s.version, r.run.rollcall_version);
  fact(s.host, r.run.host);
  if (r.run.generators > 1) fact(s.generators_label, std::to_string(r.run.generators));
  out += "</dl>\n";
  if (!r.run.config.empty()) {
    std::string text;
    pretty(redact(r.run.config), text, 0);
    out += fmt::format("<h3>{}</h3>\n<pre id=\"settings\">{}</pre>\n", s.settings, esc(text));
  }
  return out + "</section>\n";
}

constexpr std::string_view kStyle = R"(
:root{--c1:#1f6fb2;--c2:#2e9e5b;--c3:#d08a00;--c4:#c0392b;--c5:#8e44ad;--c6:#444;--ok:#2e7d32;--bad:#b71c1c}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#222;max-width:1000px;margin:0 auto;padding:1em 1.5em;line-height:1.45}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}h3{font-size:1.05em}
.meta{color:#555}.note{color:#666;font-size:.85em}.warning{background:#fff4e5;border-left:4px solid #e67e22;padding:.4em .7em}
.verdict{border-left:6px solid var(--bad);padding:.2em 1em;background:#fdf3f2}.verdict.ok{border-color:var(--ok);background:#f1f8f1}
.headline{font-size:1.15em;font-weight:600}.good{color:var(--ok)}.poor{color:var(--bad)}.aside{color:#555;margin-left:0}
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}dd{margin:0}dl .aside{grid-column:1/3}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.5em 0}th,td{border-bottom:1px solid #ddd;padding:.25em .5em;text-align:left}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.rung-fail td{background:#fdecea}tr.rung-invalid td{background:#eee;color:#666}
pre{background:#f7f7f7;padding:.6em;overflow:auto;font-size:.8em}
svg.chart{display:block;max-width:100%;height:auto;font-size:11px;margin:.4em 0}
svg .grid{stroke:#e6e6e6}svg .tick,svg .frame{stroke:#999}svg text{fill:#333}svg .label{font-weight:600}
svg .series{fill:none;stroke-width:1.6}svg .dashed{stroke-dasharray:6 4}
svg .c1{stroke:var(--c1);fill:var(--c1)}svg .c2{stroke:var(--c2);fill:var(--c2)}svg .c3{stroke:var(--c3);fill:var(--c3)}
svg .c4{stroke:var(--c4);fill:var(--c4)}svg .c5{stroke:var(--c5);fill:var(--c5)}svg .c6{stroke:var(--c6);fill:var(--c6)}
svg path.series{fill:none}svg .legend rect{stroke:none}
svg .band{stroke:none}svg .band-pass{fill:#2e9e5b;opacity:.12}svg .band-fail{fill:#c0392b;opacity:.16}svg .band-invalid{fill:#777;opacity:.22}
svg .marker line{stroke:#222;stroke-dasharray:3 3}svg .marker-saturation line{stroke:var(--bad)}svg .marker text{font-weight:600}
.picker{margin-top:1.2em}
@media print{body{max-width:none;padding:0;font-size:10pt}section{break-inside:avoid}.picker{display:none}.step-chart[hidden]{display:none}h2{break-after:avoid}}
)";

// The step picker: shows the chosen step's chart, hides the others.
constexpr std::string_view kScript = R"(
(function(){var s=document.getElementById('step-select');if(!s)return;
function show(){var charts=document.querySelectorAll('.step-chart');for(var i=0;i<charts.length;i++){charts[i].hidden=charts[i].getAttribute('data-index')!==s.value;}}
s.addEventListener('change',show);show();})();
)";

}  // namespace

std::string html_report(const Results& r, Lang lang) {
  const Strings& s = strings(lang);
  const Page p(s);
  std::string out;
  out.reserve(512 * 1024);
  out += fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      // Nothing may be fetched: the report must read the same offline, years later.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"rollcall {}\">\n"
      "<title>{} — {}</title>\n<style>{}</style>\n</head>\n<body>\n",
      s.html_lang, esc(r.run.rollcall_version), s.title, esc(r.run.scenario), kStyle);
  // A merged run says how many generators carried its load: "3 generators".
  const std::string generators =
      r.run.generators > 1 ? fmt::format(" · <span id=\"generators\">{} {}</span>", r.run.generators, s.generators) : "";
  out += fmt::format("<header><h1>{}</h1><p class=\"meta\">{} · {} · {} · {}{}</p></header>\n", s.title, esc(r.run.scenario),
                     esc(r.run.target), date_text(r.run.started_at), duration_text(duration_s(r)), generators);
  out += verdict_section(r, p);
  out += fmt::format("<section id=\"arrivals\"><h2>{}</h2>\n{}{}</section>\n", s.arrivals, render_chart(arrivals_chart(r, s)),
                     downsample_note(r, p));
  out += latency_section(r, p);
  out += capacity_section(r, p);
  out += steps_section(r, p);
  out += personas_section(r, p);
  out += generator_section(r, p);
  out += config_section(r, p);
  out += fmt::format("<script>{}</script>\n</body>\n</html>\n", kScript);
  return out;
}

}  // namespace rollcall::report
