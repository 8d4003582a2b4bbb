#include "report/results_json.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include <boost/json/array.hpp>
#include <fmt/format.h>

namespace rollcall::report {

namespace json = boost::json;

namespace {

[[noreturn]] void bad(std::string_view field, std::string_view why) {
  throw std::runtime_error(fmt::format("field '{}' {}", field, why));
}

double num(const json::object& o, std::string_view key, double fallback = 0) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_number()) bad(key, "is not a number");
  return number(*v);
}

// An integer field: a number no Int holds (3e49 µs) means the file is
// corrupted, and converting it would be undefined.
template <class Int>
Int whole(const json::object& o, std::string_view key) {
  const double v = num(o, key);
  const double bound = -static_cast<double>(std::numeric_limits<Int>::min());  // max() + 1, exactly
  if (!(v >= -bound && v < bound)) bad(key, "is out of range");
  return static_cast<Int>(v);
}

std::uint64_t count(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return 0;
  if (v->is_uint64()) return v->get_uint64();
  if (v->is_int64() && v->get_int64() >= 0) return static_cast<std::uint64_t>(v->get_int64());
  bad(key, "is not a count");
}

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return {};
  if (!v->is_string()) bad(key, "is not a string");
  return std::string(v->get_string());
}

bool flag(const json::object& o, std::string_view key, bool fallback) {
  const auto* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_bool()) bad(key, "is not true or false");
  return v->get_bool();
}

const json::array& arr(const json::object& o, std::string_view key) {
  static const json::array empty;
  const auto* v = o.if_contains(key);
  if (!v) return empty;
  if (!v->is_array()) bad(key, "is not an array");
  return v->get_array();
}

const json::object& obj(const json::value& v, std::string_view what) {
  if (!v.is_object()) bad(what, "is not an object");
  return v.get_object();
}

std::vector<std::string> strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& v : arr(o, key)) {
    if (!v.is_string()) bad(key, "holds a non-string");
    out.emplace_back(v.get_string());
  }
  return out;
}

json::array string_array(const std::vector<std::string>& v) { return json::array(v.begin(), v.end()); }

std::optional<double> opt_num(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  return num(o, key);
}

}  // namespace

double number(const json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  throw std::runtime_error("not a number");
}

json::object to_json(const RunInfo& r) {
  json::object out{{"kind", r.kind},
                   {"scenario", r.scenario},
                   {"target", r.target},
                   {"rollcall", r.rollcall_version},
                   {"host", r.host},
                   {"started_at", r.started_at},
                   {"interval_s", r.interval_s},
                   {"steps", string_array(r.steps)},
                   {"personas", string_array(r.personas)},
                   {"config", r.config}};
  if (r.segment) out["segment"] = json::object{{"index", r.segment->index}, {"count", r.segment->count}};
  if (r.start_at) out["start_at"] = *r.start_at;
  if (!r.segments.empty()) {
    out["generators"] = r.generators;
    json::array segments;
    for (const auto& g : r.segments)
      segments.push_back(json::object{{"index", g.index}, {"count", g.count}, {"host", g.host}, {"started_at", g.started_at}});
    out["segments"] = std::move(segments);
  }
  return out;
}

RunInfo run_info_from_json(const json::object& o) {
  RunInfo r;
  if (const auto schema = str(o, "schema"); !schema.empty()) r.schema = schema;
  r.kind = str(o, "kind");
  if (r.kind.empty()) r.kind = "run";
  r.scenario = str(o, "scenario");
  r.target = str(o, "target");
  r.rollcall_version = str(o, "rollcall");
  r.host = str(o, "host");
  r.started_at = num(o, "started_at");
  r.interval_s = num(o, "interval_s", 1);
  r.steps = strings(o, "steps");
  r.personas = strings(o, "personas");
  if (const auto* c = o.if_contains("config")) r.config = obj(*c, "config");
  if (const auto* seg = o.if_contains("segment"); seg && !seg->is_null()) {
    const auto& so = obj(*seg, "segment");
    r.segment = SegmentId{whole<int>(so, "index"), whole<int>(so, "count")};
    if (r.segment->count < 1 || r.segment->index < 1 || r.segment->index > r.segment->count)
      bad("segment", "is not {index, count} with 1 <= index <= count");
  }
  r.start_at = opt_num(o, "start_at");
  for (const auto& v : arr(o, "segments")) {
    const auto& so = obj(v, "segments[]");
    r.segments.push_back(SegmentInfo{whole<int>(so, "index"), whole<int>(so, "count"), str(so, "host"), num(so, "started_at")});
  }
  r.generators = o.contains("generators") ? whole<int>(o, "generators") : std::max<int>(1, static_cast<int>(r.segments.size()));
  return r;
}

namespace {

json::object generator_json(const GeneratorHealth& g) {
  json::object out{{"loop_lag_p99_ms", g.loop_lag_p99_ms},
                   {"cpu_percent", g.cpu_percent},
                   {"lateness_p99_ms", g.lateness_p99_ms},
                   {"unsent", g.unsent},
                   {"valid", g.valid}};
  if (!g.valid) out["invalid_reason"] = g.invalid_reason;
  if (g.segment != 0) out["segment"] = g.segment;
  return out;
}

GeneratorHealth generator_from_json(const json::object& go) {
  GeneratorHealth g;
  g.loop_lag_p99_ms = num(go, "loop_lag_p99_ms");
  g.cpu_percent = num(go, "cpu_percent");
  g.lateness_p99_ms = num(go, "lateness_p99_ms");
  g.unsent = count(go, "unsent");
  g.valid = flag(go, "valid", true);
  g.invalid_reason = str(go, "invalid_reason");
  if (go.contains("segment")) g.segment = whole<int>(go, "segment");
  return g;
}

}  // namespace

json::object to_json(const Interval& in) {
  json::array steps;
  for (const auto& s : in.steps) {
    json::object outcomes;
    for (std::size_t i = 0; i < outcome_count; ++i)
      if (s.outcomes[i] != 0) outcomes[engine::outcome_name(static_cast<Outcome>(i))] = s.outcomes[i];
    json::object failures;
    for (const auto& [k, v] : s.failures)
      if (v != 0) failures[k] = v;
    json::object step{{"name", s.step}, {"outcomes", std::move(outcomes)}, {"max_us", s.max_us}};
    if (!failures.empty()) step["failures"] = std::move(failures);
    if (s.bytes_read != 0) step["bytes_read"] = s.bytes_read;
    if (s.decoded_bytes != 0) step["decoded_bytes"] = s.decoded_bytes;
    if (!s.histogram.empty()) step["histogram"] = s.histogram;
    steps.push_back(std::move(step));
  }
  json::array personas;
  for (const auto& p : in.personas) {
    json::object po{{"name", p.persona},     {"started", p.started}, {"completed", p.completed},
                    {"failed", p.failed},    {"abandoned", p.abandoned}, {"retries", p.retries},
                    {"restarts", p.restarts}, {"queued", p.queued},     {"rejected", p.rejected}};
    json::object failures;
    for (const auto& [k, v] : p.failures)
      if (v != 0) failures[k] = v;
    if (!failures.empty()) po["failures"] = std::move(failures);
    if (p.requests != 0) po["requests"] = p.requests;
    if (p.errors != 0) po["errors"] = p.errors;
    if (!p.journey_histogram.empty()) po["journey_histogram"] = p.journey_histogram;
    personas.push_back(std::move(po));
  }
  json::object generator = generator_json(in.generator);
  if (!in.generator.segments.empty()) {
    json::array segments;
    for (const auto& g : in.generator.segments) segments.push_back(generator_json(g));
    generator["segments"] = std::move(segments);
  }
  json::object out{{"t_s", in.t_s},
                   {"length_s", in.length_s},
                   {"offered_per_s", in.offered_per_s},
                   {"achieved_per_s", in.achieved_per_s},
                   {"steps", std::move(steps)},
                   {"personas", std::move(personas)},
                   {"generator", std::move(generator)}};
  if (const auto& a = in.accounting)
    out["accounting"] = json::object{{"requests", a->requests},
                                     {"not_sent", a->not_sent},
                                     {"unfinished", a->unfinished},
                                     {"stale_retries", a->stale_retries},
                                     {"internal_errors", a->internal_errors}};
  if (in.users_running) out["users_running"] = *in.users_running;
  return out;
}

Interval interval_from_json(const json::object& o) {
  Interval in;
  in.t_s = num(o, "t_s");
  in.length_s = num(o, "length_s", 1);
  in.offered_per_s = num(o, "offered_per_s");
  in.achieved_per_s = num(o, "achieved_per_s");
  for (const auto& v : arr(o, "steps")) {
    const auto& so = obj(v, "steps[]");
    StepInterval s;
    s.step = str(so, "name");
    if (const auto* outcomes = so.if_contains("outcomes")) {
      for (const auto& [k, n] : obj(*outcomes, "outcomes")) {
        // Unknown classes come from a newer rollcall: ignored, as the schema promises.
        if (const auto o2 = engine::outcome_from_name(k)) s.outcomes[static_cast<std::size_t>(*o2)] = count(obj(*outcomes, "outcomes"), k);
      }
    }
    if (const auto* failures = so.if_contains("failures")) {
      const auto& fo = obj(*failures, "failures");
      for (const auto& kv : fo) s.failures[std::string(kv.key())] = count(fo, kv.key());
    }
    s.max_us = whole<std::int64_t>(so, "max_us");
    s.bytes_read = count(so, "bytes_read");
    s.decoded_bytes = count(so, "decoded_bytes");
    s.histogram = str(so, "histogram");
    in.steps.push_back(std::move(s));
  }
  for (const auto& v : arr(o, "personas")) {
    const auto& po = obj(v, "personas[]");
    PersonaInterval p{str(po, "name"), count(po, "started"), count(po, "completed"), count(po, "failed"),
                      count(po, "abandoned"), count(po, "retries"), count(po, "restarts"), count(po, "queued"),
                      count(po, "rejected"), {}, count(po, "requests"), count(po, "errors"), str(po, "journey_histogram")};
    if (const auto* failures = po.if_contains("failures")) {
      const auto& fo = obj(*failures, "failures");
      for (const auto& kv : fo) p.failures[std::string(kv.key())] = count(fo, kv.key());
    }
    in.personas.push_back(std::move(p));
  }
  if (const auto* g = o.if_contains("generator")) {
    const auto& go = obj(*g, "generator");
    in.generator = generator_from_json(go);
    for (const auto& v : arr(go, "segments")) in.generator.segments.push_back(generator_from_json(obj(v, "segments[]")));
  }
  if (const auto* u = o.if_contains("users_running"); u && !u->is_null()) in.users_running = count(o, "users_running");
  if (const auto* a = o.if_contains("accounting")) {
    const auto& ao = obj(*a, "accounting");
    in.accounting = IntervalAccounting{count(ao, "requests"), count(ao, "not_sent"), count(ao, "unfinished"),
                                       count(ao, "stale_retries"), count(ao, "internal_errors")};
  }
  return in;
}

json::object to_json(const CapacityStep& s) {
  json::object out{{"index", s.index},
                   {"offered_per_s", s.offered_per_s},
                   {"achieved_per_s", s.achieved_per_s},
                   {"verdict", verdict_name(s.verdict)},
                   {"start_s", s.start_s},
                   {"end_s", s.end_s},
                   {"discard_s", s.discard_s},
                   {"limiting_step", s.limiting_step},
                   {"p50_ms", s.p50_ms},
                   {"p95_ms", s.p95_ms},
                   {"p99_ms", s.p99_ms},
                   {"error_ratio", s.error_ratio},
                   {"errors", s.errors},
                   {"queued", s.queued},
                   {"reason", s.reason}};
  if (s.segment_offered_per_s) out["segment_offered_per_s"] = *s.segment_offered_per_s;
  return out;
}

CapacityStep capacity_step_from_json(const json::object& o) {
  CapacityStep s;
  s.index = whole<int>(o, "index");
  s.offered_per_s = num(o, "offered_per_s");
  s.achieved_per_s = num(o, "achieved_per_s");
  s.segment_offered_per_s = opt_num(o, "segment_offered_per_s");
  const auto verdict = verdict_from_name(str(o, "verdict"));
  if (!verdict) bad("verdict", "is not pass, fail or invalid");
  s.verdict = *verdict;
  s.start_s = num(o, "start_s");
  s.end_s = num(o, "end_s");
  s.discard_s = num(o, "discard_s");
  if (o.contains("segment_offered_per_s")) s.segment_offered_per_s = num(o, "segment_offered_per_s");
  s.limiting_step = str(o, "limiting_step");
  s.p50_ms = num(o, "p50_ms");
  s.p95_ms = num(o, "p95_ms");
  s.p99_ms = num(o, "p99_ms");
  s.error_ratio = num(o, "error_ratio");
  s.errors = count(o, "errors");
  s.queued = count(o, "queued");
  s.reason = str(o, "reason");
  return s;
}

json::object to_json(const Saturation& s) {
  json::value moved = nullptr;
  if (s.capacity_moved)
    moved = json::object{{"low_per_s", s.capacity_moved->low_per_s}, {"high_per_s", s.capacity_moved->high_per_s}};
  json::object out{{"rate_per_s", s.rate_per_s},
                   {"limiting_step", s.limiting_step},
                   {"reason", s.reason},
                   {"limiting_detail", s.limiting_detail},
                   {"limiting_line", s.limiting_line},
                   {"interval", json::array{s.interval[0], s.interval[1]}},
                   {"knee_per_s", s.knee_per_s ? json::value(*s.knee_per_s) : json::value(nullptr)},
                   {"capacity_moved", std::move(moved)},
                   {"recovery", json::object{{"measured", s.recovery.measured},
                                             {"recovered", s.recovery.recovered},
                                             {"seconds", s.recovery.seconds},
                                             {"note", s.recovery.note}}}};
  if (s.usl)
    out["usl"] = json::object{{"sigma", s.usl->sigma},         {"kappa", s.usl->kappa},
                              {"lambda", s.usl->lambda},       {"peak_per_s", s.usl->peak_per_s},
                              {"r2", s.usl->r2},               {"supported", s.usl->supported},
                              {"why_not", s.usl->why_not},     {"use", s.usl->use},
                              {"text", s.usl->text}};
  if (s.plan)
    out["plan"] = json::object{{"population", s.plan->population},
                               {"required_per_s", s.plan->required_per_s},
                               {"description", s.plan->description}};
  if (const auto m = s.margin()) out["margin"] = *m;
  return out;
}

Saturation saturation_from_json(const json::object& o) {
  Saturation s;
  s.rate_per_s = num(o, "rate_per_s");
  s.limiting_step = str(o, "limiting_step");
  s.reason = str(o, "reason");
  s.limiting_detail = str(o, "limiting_detail");
  s.limiting_line = str(o, "limiting_line");
  const auto& interval = arr(o, "interval");
  if (interval.size() == 2 && interval[0].is_number() && interval[1].is_number())
    s.interval = {number(interval[0]), number(interval[1])};
  s.knee_per_s = opt_num(o, "knee_per_s");
  if (const auto* m = o.if_contains("capacity_moved"); m && !m->is_null()) {
    const auto& mo = obj(*m, "capacity_moved");
    s.capacity_moved = Saturation::Moved{num(mo, "low_per_s"), num(mo, "high_per_s")};
  }
  if (const auto* r = o.if_contains("recovery")) {
    const auto& ro = obj(*r, "recovery");
    s.recovery = Recovery{flag(ro, "measured", false), flag(ro, "recovered", false), num(ro, "seconds"), str(ro, "note")};
  }
  if (const auto* u = o.if_contains("usl")) {
    const auto& uo = obj(*u, "usl");
    s.usl = UslFit{num(uo, "sigma"), num(uo, "kappa"), num(uo, "lambda"), num(uo, "peak_per_s"), num(uo, "r2"),
                   flag(uo, "supported", false), str(uo, "why_not"), str(uo, "use"), str(uo, "text")};
  }
  if (const auto* p = o.if_contains("plan")) {
    const auto& po = obj(*p, "plan");
    s.plan = CapacityPlan{num(po, "population"), num(po, "required_per_s"), str(po, "description")};
  }
  return s;
}

namespace {

json::object reading_json(const ObjectiveReading& r) {
  return {{"measured", r.measured}, {"samples", r.samples}, {"low", r.low},
          {"high", r.high},         {"decided", r.decided}, {"status", r.status}};
}

ObjectiveReading reading_from_json(const json::object& o) {
  return ObjectiveReading{num(o, "measured"), count(o, "samples"), num(o, "low"), num(o, "high"),
                          flag(o, "decided", true), str(o, "status")};
}

}  // namespace

json::object to_json(const Objective& o) {
  json::object out{{"name", o.name},   {"comparator", o.comparator}, {"measured", o.measured},
                   {"bound", o.bound}, {"unit", o.unit},             {"passed", o.passed},
                   {"subject", o.subject}, {"status", o.reading().status},
                   {"samples", o.samples}, {"low", o.low}, {"high", o.high}, {"decided", o.decided},
                   {"limiting", o.limiting}, {"default", o.by_default}};
  out["at_failing_step"] = o.at_failing ? json::value(reading_json(*o.at_failing)) : json::value(nullptr);
  return out;
}

Objective objective_from_json(const json::object& o) {
  Objective out;
  out.name = str(o, "name");
  out.comparator = str(o, "comparator");
  out.measured = num(o, "measured");
  out.bound = num(o, "bound");
  out.unit = str(o, "unit");
  out.passed = flag(o, "passed", true);
  out.subject = str(o, "subject");
  out.status = str(o, "status");
  out.samples = count(o, "samples");
  // Older records have no interval: the reading is its own.
  out.low = num(o, "low", out.measured);
  out.high = num(o, "high", out.measured);
  out.decided = flag(o, "decided", true);
  out.limiting = flag(o, "limiting", false);
  out.by_default = flag(o, "default", false);
  if (const auto* f = o.if_contains("at_failing_step"); f && !f->is_null())
    out.at_failing = reading_from_json(obj(*f, "at_failing_step"));
  return out;
}

json::object to_json(const RunEnd& e) {
  json::object out{{"duration_s", e.duration_s}, {"interrupted", e.interrupted}, {"exit_code", e.exit_code}};
  if (!e.aborted_by.empty()) out["aborted"] = json::object{{"objective", e.aborted_by}, {"after_s", e.aborted_after_s}};
  return out;
}

RunEnd run_end_from_json(const json::object& o) {
  RunEnd e{num(o, "duration_s"), flag(o, "interrupted", false), whole<int>(o, "exit_code"), {}, 0};
  if (const auto* a = o.if_contains("aborted"); a && a->is_object()) {
    e.aborted_by = str(a->as_object(), "objective");
    e.aborted_after_s = num(a->as_object(), "after_s");
  }
  return e;
}

}  // namespace rollcall::report
